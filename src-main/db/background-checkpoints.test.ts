import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints } from './background-checkpoints';
import { newReplicaKey } from './encryption';
import { Replica } from './replica';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bureau-checkpoints-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('background checkpoints during Replica.writeInBulk', () => {
  it('fold each commit into the encrypted file while the bulk writer still runs, and leave an empty log at its end', async () => {
    const file = join(tempDir(), 'replica.sqlite');
    const replica = Replica.open(file, { key: newReplicaKey() });
    cleanups.push(() => replica.close());
    replica.sqlite.exec('create table bulk (n integer primary key, payload blob)');
    replica.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(file).size;
    const insert = replica.sqlite.prepare('insert into bulk (payload) values (randomblob(4000))');
    await replica.writeInBulk(async () => {
      // 8 MB committed: far below the bulk's own checkpoint (256 MiB), so only the checkpointer
      // can bring these pages into the file before the end.
      replica.sqlite.transaction(() => {
        for (let i = 0; i < 2_000; i += 1) insert.run();
      })();
      await expect.poll(() => statSync(file).size, { timeout: 15_000, interval: 20 }).toBeGreaterThan(before + 7_000_000);
      // Writing goes on while it folds.
      replica.sqlite.transaction(() => {
        for (let i = 0; i < 500; i += 1) insert.run();
      })();
    });
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(replica.sqlite.prepare('select count(*) from bulk').pluck().get()).toBe(2_500);
    expect(replica.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('never make a bulk write fail when they cannot run: the replica folds the log itself', async () => {
    const dir = tempDir();
    // A file that is no database, and one under a wrong key: the worker fails to open either.
    const notADatabase = join(dir, 'notes.txt');
    writeFileSync(notADatabase, 'pas une base de données');
    const errors: unknown[] = [];
    await expect(startBackgroundCheckpoints(notADatabase, null, (error) => errors.push(error)).stop()).resolves.toBeUndefined();
    const file = join(dir, 'replica.sqlite');
    Replica.open(file, { key: newReplicaKey() }).close();
    await expect(startBackgroundCheckpoints(file, newReplicaKey(), (error) => errors.push(error)).stop()).resolves.toBeUndefined();
    // Each failed, and said so instead of throwing.
    expect(errors).toHaveLength(2);
  });

  it('let a bulk writer that starts while the last one ends keep the bulk settings and its own checkpointer', async () => {
    const file = join(tempDir(), 'replica.sqlite');
    const replica = Replica.open(file, { key: newReplicaKey() });
    cleanups.push(() => replica.close());
    replica.sqlite.exec('create table bulk (n integer primary key, payload blob)');
    const insert = replica.sqlite.prepare('insert into bulk (payload) values (randomblob(4000))');
    const write = (rows: number) =>
      replica.sqlite.transaction(() => {
        for (let i = 0; i < rows; i += 1) insert.run();
      })();
    let second: Promise<void> | null = null;
    const first = replica.writeInBulk(async () => {
      write(500);
      // Starts once this run has returned, while the first writer's checkpointer is stopping.
      setTimeout(() => {
        second = replica.writeInBulk(async () => {
          await first;
          // The first writer's end did not hand the log back to SQLite's small checkpoints.
          expect(replica.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(65_536);
          write(500);
        });
      }, 0);
    });
    await first;
    await expect.poll(() => second, { timeout: 5_000, interval: 20 }).not.toBeNull();
    await second;
    expect(replica.sqlite.prepare('select count(*) from bulk').pluck().get()).toBe(1_000);
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(replica.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
