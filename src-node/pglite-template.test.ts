import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readTar, unpackPgliteTemplate } from './pglite-template';

// The prepared office database's archive, read with Node alone (issue 12, point 2). The archive
// ships with the application; still, nothing in it may write outside the data folder.

/** One ustar entry: a 512-byte header, then the data padded to 512 bytes. */
function entry(name: string, data: string | null): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write('0000644\0', 100);
  header.write(`${(data?.length ?? 0).toString(8).padStart(11, '0')}\0`, 124);
  header.write(data === null ? '5' : '0', 156);
  header.write('ustar\0', 257);
  const body = Buffer.alloc(Math.ceil((data?.length ?? 0) / 512) * 512);
  if (data !== null) body.write(data);
  return Buffer.concat([header, body]);
}

const tar = (...entries: Buffer[]) => Buffer.concat([...entries, Buffer.alloc(1024)]);

describe('modèle de la base du bureau', () => {
  const folder = mkdtempSync(join(tmpdir(), 'bureau-template-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('lit les dossiers et fichiers d’une archive de PGlite, chemins absolus compris', () => {
    const entries = [...readTar(tar(entry('/base', null), entry('/base/1/112', 'page'), entry('/PG_VERSION', '17\n')))];
    expect(entries.map((e) => [e.kind, e.path])).toEqual([
      ['directory', 'base'],
      ['file', join('base', '1', '112')],
      ['file', 'PG_VERSION'],
    ]);
  });

  it('ignore tout chemin qui sortirait du dossier', () => {
    const entries = [...readTar(tar(entry('../evil', 'x'), entry('/base/../../evil', 'x'), entry('/PG_VERSION', '17\n')))];
    expect(entries.map((e) => e.path)).toEqual(['PG_VERSION']);
  });

  it('déballe tout ou rien, et jamais sur une base existante', async () => {
    const archive = join(folder, 'modele.tar.gz');
    writeFileSync(archive, gzipSync(tar(entry('/PG_VERSION', '17\n'), entry('/base/1/112', 'page'))));
    const pgdata = join(folder, 'pgdata');
    expect(await unpackPgliteTemplate(archive, pgdata)).toBe(true);
    expect(readFileSync(join(pgdata, 'base', '1', '112'), 'utf8')).toBe('page');
    expect(existsSync(`${pgdata}.partial`)).toBe(false);
    expect(await unpackPgliteTemplate(archive, pgdata)).toBe(false);

    const notADatabase = join(folder, 'autre.tar.gz');
    writeFileSync(notADatabase, gzipSync(tar(entry('/base/1/112', 'page'))));
    await expect(unpackPgliteTemplate(notADatabase, join(folder, 'vide'))).rejects.toThrow('n’est pas un dossier de données PGlite');
    expect(existsSync(join(folder, 'vide'))).toBe(false);
  });
});
