import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../electron.config';
import { serverBundlePath } from './server-bundle';

describe('the office server bundle inside the application', () => {
  it('is started from app.asar.unpacked when packaged, which electron.config.ts unpacks', () => {
    const resources = join('/opt', 'Bureau', 'resources');
    expect(serverBundlePath(join(resources, 'app.asar'), true)).toBe(join(resources, 'app.asar.unpacked', 'out', 'server', 'main.js'));
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['out/server/**', '**/node_modules/@electric-sql/pglite/**', '**/node_modules/@node-rs/**']));
  });

  it('is out/server/main.js from the repository', () => {
    expect(serverBundlePath('/work/bureau', false)).toBe(join('/work/bureau', 'out', 'server', 'main.js'));
  });
});
