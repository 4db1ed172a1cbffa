import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

// Which file of the updates folder a request for /updates/<name> may get (issue 12, point 4). The
// folder holds what electron-builder produced for one version (latest.yml, latest-mac.yml,
// latest-linux.yml, the installers, their .blockmap); the desktop's electron-updater reads it.
// Only a plain name of a regular file directly in that folder, of a kind electron-builder
// publishes, is ever served: no path, no dot-file, no listing, no link leading out of it.

/** Content types of what electron-builder publishes; any other extension is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.blockmap': 'application/octet-stream',
  '.exe': 'application/vnd.microsoft.portable-executable',
  '.dmg': 'application/x-apple-diskimage',
  '.zip': 'application/zip',
  '.appimage': 'application/vnd.appimage',
  '.deb': 'application/vnd.debian.binary-package',
};

/** A file name electron-builder writes: letters, digits, `.`, `_`, `-`, `+`, spaces; no leading dot. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+ -]{0,199}$/;

export interface UpdateFile {
  path: string;
  size: number;
  contentType: string;
  /** latest*.yml changes with each release under the same name: never cached. */
  cacheable: boolean;
}

/** The file to serve for `name` from `folder`, or null (answered 404, whatever the reason). */
export async function findUpdateFile(folder: string, name: string): Promise<UpdateFile | null> {
  if (!FILE_NAME.test(name) || name.includes('..') || basename(name) !== name) return null;
  const contentType = CONTENT_TYPES[extname(name).toLowerCase()];
  if (contentType === undefined) return null;
  let root: string;
  let path: string;
  try {
    root = await realpath(folder);
    path = await realpath(join(root, name));
  } catch {
    return null;
  }
  // A symbolic link is followed only when it stays in the folder.
  if (dirname(path) !== root) return null;
  const stats = await lstat(path).catch(() => null);
  if (stats === null || !stats.isFile()) return null;
  return { path, size: stats.size, contentType, cacheable: !/^latest.*\.ya?ml$/i.test(name) };
}
