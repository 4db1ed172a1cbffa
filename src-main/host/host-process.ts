import type { FromHost } from './protocol';
import type { ParentLink } from './port';
import { serveHost } from './serve';

// The data host process's entry (issue 12, point 1), built to out/main/host.js (scripts/build.mjs).
// Started by the main process as an Electron utilityProcess (process.parentPort), or by the
// development bridge and the tests as a Node child process (process.send). It closes the replica
// and exits when its parent says so or goes away.

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentLink(): ParentLink {
  const electronPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort !== undefined) {
    return {
      post: (message: FromHost) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data)),
      // A utilityProcess ends with the application; nothing to watch.
      onDisconnect: () => {},
    };
  }
  if (process.send === undefined) throw new Error('Le processus des données doit être lancé par Bureau.');
  return {
    post: (message: FromHost) => {
      if (process.connected) process.send!(message);
    },
    onMessage: (listener) => process.on('message', listener),
    onDisconnect: (listener) => process.once('disconnect', listener),
  };
}

const served = serveHost(parentLink());
void served.closed.then(() => process.exit(0));
