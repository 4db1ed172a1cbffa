import { join } from 'node:path';

// Where the office server's bundle (scripts/build.mjs, out/server/main.js) is, for the embedded
// office that the application starts as a Node child process (issue 12.2). Packaged, it sits in
// app.asar.unpacked with the packages it loads (electron.config.ts, asarUnpack): plain files,
// found without asar support; from the repository, in out/server.

/** `appPath`: Electron's app.getAppPath() (…/resources/app.asar when packaged, the repository otherwise). */
export function serverBundlePath(appPath: string, isPackaged: boolean): string {
  return join(isPackaged && appPath.endsWith('.asar') ? `${appPath}.unpacked` : appPath, 'out', 'server', 'main.js');
}
