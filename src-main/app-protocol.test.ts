import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppFile, serveAppRequest } from './app-protocol';
import { contentSecurityPolicy } from './security';

// app://bureau/… serves the built renderer and nothing else of the disk.

describe('app://bureau', () => {
  let root: string;
  let renderer: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bureau-protocol-'));
    renderer = join(root, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Bureau</title>');
    await writeFile(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'do not serve');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('maps the application’s addresses to files of the renderer folder', () => {
    expect(resolveAppFile(renderer, 'app://bureau/')).toBe(join(renderer, 'index.html'));
    expect(resolveAppFile(renderer, 'app://bureau/assets/index-abc.js?v=1#x')).toBe(join(renderer, 'assets', 'index-abc.js'));
  });

  it.each([
    'app://bureau/../secret.txt',
    'app://bureau/%2e%2e/secret.txt',
    'app://bureau/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://bureau/assets/..%5c..%5csecret.txt',
  ])('never names a file outside the renderer folder: %s', async (url) => {
    const file = resolveAppFile(renderer, url);
    if (file !== null) expect(file.startsWith(renderer + sep)).toBe(true);
    const response = await serveAppRequest(renderer, url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('do not serve');
  });

  it.each(['app://bureau/%E0%A4%A', 'app://bureau/index.html%00.js', 'app://other/index.html', 'file:///etc/passwd', 'nonsense'])(
    'refuses %s',
    (url) => {
      expect(resolveAppFile(renderer, url)).toBeNull();
    },
  );

  it('answers a page with its type and the strict CSP as a header', async () => {
    const response = await serveAppRequest(renderer, 'app://bureau/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy('app'));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Bureau</title>');
    const script = await serveAppRequest(renderer, 'app://bureau/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for a missing file and a folder', async () => {
    expect((await serveAppRequest(renderer, 'app://bureau/nope.js')).status).toBe(404);
    expect((await serveAppRequest(renderer, 'app://bureau/assets')).status).toBe(404);
  });
});
