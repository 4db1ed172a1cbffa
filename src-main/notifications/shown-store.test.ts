import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEEP_PER_USER, ShownNotifications } from './shown-store';

// The per-workstation record of notifications already shown: kept across restarts, per user.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'bureau-shown-'));
  dirs.push(dir);
  return dir;
}

describe('ShownNotifications', () => {
  it('remembers what was shown to whom across a restart, in a file only this OS user reads', async () => {
    const dir = await tempDir();
    const first = await ShownNotifications.open(dir);
    await first.add('marie', ['n1@t1', 'n2@t2']);
    await first.add('julie', ['n3@t3']);
    const again = await ShownNotifications.open(dir);
    expect(again.has('marie', 'n1@t1')).toBe(true);
    expect(again.has('marie', 'n3@t3')).toBe(false);
    expect(again.has('julie', 'n3@t3')).toBe(true);
    if (process.platform !== 'win32') expect((await stat(join(dir, 'shown-notifications.json'))).mode & 0o777).toBe(0o600);
  });

  it('keeps the newest keys only', async () => {
    const dir = await tempDir();
    const store = await ShownNotifications.open(dir);
    const keys = Array.from({ length: KEEP_PER_USER + 10 }, (_, i) => `n${i}@t`);
    await store.add('marie', keys);
    await store.add('marie', ['n0@t']);
    const saved = JSON.parse(await readFile(join(dir, 'shown-notifications.json'), 'utf8')) as Record<string, string[]>;
    expect(saved.marie).toHaveLength(KEEP_PER_USER);
    expect(store.has('marie', 'n0@t')).toBe(true);
    expect(store.has('marie', 'n10@t')).toBe(false);
    expect(store.has('marie', `n${KEEP_PER_USER + 9}@t`)).toBe(true);
  });

  it('starts afresh from a damaged file rather than failing', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'shown-notifications.json'), '{ pas du json');
    const store = await ShownNotifications.open(dir);
    expect(store.has('marie', 'n1@t1')).toBe(false);
    await store.add('marie', ['n1@t1']);
    expect((await ShownNotifications.open(dir)).has('marie', 'n1@t1')).toBe(true);
  });
});
