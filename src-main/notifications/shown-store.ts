import { readPrivateFile, writePrivateFile } from '../services/session/private-file';

// The per-workstation record of the notifications already shown as desktop notifications
// (select.ts): a small file in the application's data folder, per user, never synced — another
// workstation of the same user shows its own. Only ids and instants are kept, no one's data.

const FILE = 'shown-notifications.json';
/** Keys kept per user: far more than a day's notifications (select.ts ignores older rows anyway). */
export const KEEP_PER_USER = 500;

type Saved = Record<string, string[]>;

export class ShownNotifications {
  private constructor(
    private readonly dir: string,
    private readonly byUser: Map<string, string[]>,
  ) {}

  /** Reads the record; a missing or damaged file is an empty record (at worst a notification shows twice). */
  static async open(dir: string): Promise<ShownNotifications> {
    const data = await readPrivateFile(dir, FILE);
    const byUser = new Map<string, string[]>();
    if (data !== null) {
      try {
        const saved = JSON.parse(data.toString('utf8')) as unknown;
        if (saved !== null && typeof saved === 'object' && !Array.isArray(saved)) {
          for (const [userId, keys] of Object.entries(saved as Saved)) {
            if (Array.isArray(keys)) byUser.set(userId, keys.filter((key): key is string => typeof key === 'string'));
          }
        }
      } catch {
        // Damaged: start again.
      }
    }
    return new ShownNotifications(dir, byUser);
  }

  has(userId: string, key: string): boolean {
    return this.byUser.get(userId)?.includes(key) ?? false;
  }

  /** Records keys as shown (the newest KEEP_PER_USER are kept) and writes the file. */
  async add(userId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const known = this.byUser.get(userId) ?? [];
    const merged = [...known.filter((key) => !keys.includes(key)), ...keys];
    this.byUser.set(userId, merged.slice(-KEEP_PER_USER));
    await writePrivateFile(this.dir, FILE, JSON.stringify(Object.fromEntries(this.byUser)));
  }
}
