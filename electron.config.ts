import { readFileSync } from 'node:fs';
import type { Configuration } from 'electron-builder';
import { unneededModulePatterns } from './scripts/packaging.mjs';

// electron-builder configuration (`npm run dist`, issue 12 point 4). Installers need Electron's
// binary, so they are built on a machine with internet and Node 22 or newer (README, "Installers").
//
// What ships (src-main/packaging.test.ts checks the list): the bundles of out/ (main, preload,
// renderer, the office server with its SQL migrations), the client's SQL migrations, package.json,
// and from node_modules only what the bundles leave outside (scripts/packaging.mjs). Never the
// development bridge, tests, sources or source maps.
//
// The office server's bundle sits in app.asar.unpacked (asarUnpack below) with the two packages it
// loads, PGlite and argon2: a Node child process started on it (the embedded office, issue 12.2)
// then reads plain files only and finds its packages the ordinary way, next to it.
//
// Icons: build/icon.png (512 × 512) is the one source; electron-builder derives the Windows .ico,
// the macOS .icns and the Linux sizes from it at packaging time (decisions.md).

const lock = JSON.parse(readFileSync(new URL('./package-lock.json', import.meta.url), 'utf8')) as Parameters<typeof unneededModulePatterns>[0];

/** The folder electron-updater's generic provider reads, until the app points it at its own office. */
const DEFAULT_UPDATES_URL = 'http://127.0.0.1:8787/updates/';

const config: Configuration = {
  appId: 'ca.bureau.leads',
  productName: 'Bureau',
  executableName: 'bureau',
  copyright: 'Bureau',
  // No spaces, one name per platform and architecture: the files the office server publishes.
   
  artifactName: '${name}-${version}-${os}-${arch}.${ext}',
  directories: { output: 'release', buildResources: 'build' },
  files: [
    'package.json',
    'out/main/**/*',
    'out/preload/**/*',
    'out/renderer/**/*',
    'out/server/**/*',
    'migrations/client/**/*',
    '!out/dev-bridge{,/**/*}',
    '!**/*.map',
    '!**/*.{test,spec}.*',
    '!**/*.{ts,tsx,mts,cts}',
    '!**/{test,tests,__tests__,testing}{,/**/*}',
    ...unneededModulePatterns(lock),
  ],
  asar: true,
  asarUnpack: ['out/server/**', '**/node_modules/better-sqlite3-multiple-ciphers/**', '**/node_modules/@electric-sql/pglite/**', '**/node_modules/@node-rs/**'],
  // better-sqlite3-multiple-ciphers is rebuilt for Electron's Node when packaging (what `electron-builder
  // install-app-deps` does on a developer's machine); argon2 is N-API and needs no rebuild.
  npmRebuild: true,
  buildDependenciesFromSource: false,
  fileAssociations: [
    {
      ext: 'xlsx',
      name: 'Classeur Excel',
      description: 'Liste de leads à importer dans Bureau',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      role: 'Viewer',
      rank: 'Alternate',
    },
  ],
  // latest*.yml are written beside the installers; the office server serves them (UPDATES_DIR).
  // The app replaces this address with its own office's at run time (src-main/updates.ts).
  publish: [{ provider: 'generic', url: DEFAULT_UPDATES_URL }],
  win: { target: [{ target: 'nsis', arch: ['x64'] }] },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    language: '1036',
    installerLanguages: ['fr_FR'],
    multiLanguageInstaller: false,
    shortcutName: 'Bureau',
    uninstallDisplayName: 'Bureau',
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    // The replica may hold changes not yet sent: uninstalling never deletes it.
    deleteAppDataOnUninstall: false,
  },
  // The zip is what electron-updater installs on macOS; the dmg is for the first installation.
  mac: { target: ['dmg', 'zip'], category: 'public.app-category.business' },
   
  dmg: { title: 'Bureau ${version}' },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    maintainer: 'Bureau',
    synopsis: 'Les leads d’un cabinet d’immigration',
    description: 'Bureau : le poste des leads d’un cabinet d’immigration, synchronisé avec le serveur du bureau.',
    desktop: { entry: { Name: 'Bureau', Comment: 'Les leads d’un cabinet d’immigration', StartupWMClass: 'Bureau' } },
  },
  deb: { packageCategory: 'office' },
};

export default config;
