import type { Configuration } from 'electron-builder';

// electron-builder configuration (`npm run dist`). Installers need Electron's binary, so they are
// built on a machine with internet and Node 22 or newer (README, "Requirements").
const config: Configuration = {
  appId: 'ca.bureau.leads',
  productName: 'Bureau',
  copyright: 'Bureau',
  directories: { output: 'release', buildResources: 'build' },
  // Only the built main, preload and renderer ship: never the development bridge, tests or sources.
  files: ['out/**/*', 'migrations/client/**/*', 'package.json', '!out/dev-bridge/**'],
  asarUnpack: ['**/node_modules/better-sqlite3/**'],
  win: { target: [{ target: 'nsis', arch: ['x64'] }] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, language: '1036' },
  mac: { target: ['dmg'], category: 'public.app-category.business' },
  linux: { target: ['AppImage', 'deb'], category: 'Office', maintainer: 'Bureau' },
};

export default config;
