import { pathToFileURL } from 'node:url';

// The child side of the fake utilityProcess (fake-utility-process.ts): Electron gives a utility
// process's module `process.parentPort`; this gives it the same over Node's IPC channel, then
// loads the module it was asked to run.

type Listener = (event: { data: unknown }) => void;
const listeners = new Set<Listener>();
process.on('message', (data) => {
  for (const listener of listeners) listener({ data });
});
Object.assign(process, {
  parentPort: {
    postMessage: (message: unknown) => process.send?.(message),
    on: (_event: 'message', listener: Listener) => listeners.add(listener),
  },
});
await import(pathToFileURL(process.argv[2]!).href);
