import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiEvent, IpcResult } from '~shared/contract/ipc';
import {
  BRIDGE_PATH,
  CLOSE_UNAUTHORIZED,
  CONFIG_SCRIPT_PATH,
  HELLO_TIMEOUT_MS,
  MAX_MESSAGE_BYTES,
  callSchema,
  helloSchema,
} from './protocol';

// The development bridge (architecture.md, "Running without Electron"; issue 4, point 5): the
// main process's services and contract over a loopback WebSocket, so that the renderer runs in
// Chromium (Playwright, `npm run dev:web`) with `window.api` built on it
// (src-renderer/lib/bridge-client.ts) instead of the preload.
//
// It never ships: nothing in src-main/main.ts imports this folder and electron.config.ts leaves
// out/dev-bridge out of the package. Even so it is guarded like a door on the workstation:
// loopback only, a random secret of 256 bits that a client must present before anything else,
// the Host header checked (DNS rebinding), and WebSocket origins limited to its own pages.
//
// It also serves the built renderer (out/renderer) on the same port, with `/bridge-config.js`
// giving the page the socket's address and the secret (the CSP forbids inline scripts).

/** What the bridge exposes: SessionManager fits. */
export interface BridgeHost {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  on(listener: (event: ApiEvent) => void): () => void;
}

export interface BridgeOptions {
  host: BridgeHost;
  /** 0 (default): a free port. */
  port?: number;
  /** Default: 32 random bytes, base64url. */
  secret?: string;
  /** The built renderer (out/renderer) to serve, or null for the socket alone. */
  staticDir?: string | null;
  /** More origins allowed to open the socket (a Vite dev server on another port). */
  allowedOrigins?: readonly string[];
}

export interface Bridge {
  /** The page to open. */
  url: string;
  /** The socket's address. */
  wsUrl: string;
  secret: string;
  port: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  if (Buffer.byteLength(secret) < 16) throw new Error('Le secret du pont doit compter au moins 128 bits.');
  const staticDir = options.staticDir ? resolve(options.staticDir) : null;
  const sockets = new Set<WebSocket>();
  let port = 0;

  const loopbackHosts = () => new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const ownOrigins = () => new Set([`http://${HOST}:${port}`, `http://localhost:${port}`, ...(options.allowedOrigins ?? [])]);

  const server = createServer((request, response) => {
    void serveHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!loopbackHosts().has(request.headers.host ?? '')) {
      response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('Hôte refusé.');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = new URL(request.url ?? '/', `http://${HOST}`).pathname;
    const common = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

    if (pathname === CONFIG_SCRIPT_PATH) {
      // A page of another site could include this script and read the secret from its global;
      // browsers say where a request comes from, so only our own pages get it.
      const site = request.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') {
        response.writeHead(403, common).end();
        return;
      }
      const config = JSON.stringify({ url: `ws://${HOST}:${port}${BRIDGE_PATH}`, secret });
      response.writeHead(200, { ...common, 'content-type': CONTENT_TYPES['.js']! });
      response.end(`window.__BRIDGE__ = ${config};\n`);
      return;
    }

    if (staticDir === null) {
      response.writeHead(404, common).end();
      return;
    }
    let file = resolve(staticDir, `.${decodeURIComponent(pathname)}`);
    if (file !== staticDir && !file.startsWith(staticDir + sep)) {
      response.writeHead(404, common).end();
      return;
    }
    const isFile = async (path: string) => (await stat(path).catch(() => null))?.isFile() ?? false;
    if (!(await isFile(file))) {
      // The renderer routes in the page: any path that is not a file is the application.
      if (extname(pathname) !== '' && pathname !== '/') {
        response.writeHead(404, common).end();
        return;
      }
      file = resolve(staticDir, 'index.html');
    }
    let body: Buffer | string = await readFile(file);
    if (file === resolve(staticDir, 'index.html')) {
      // A classic script in <head> runs before the deferred module entry: window.__BRIDGE__ is
      // there when main.tsx looks for it.
      body = body.toString('utf8').replace('</head>', `  <script src=".${CONFIG_SCRIPT_PATH}"></script>\n  </head>`);
    }
    response.writeHead(200, { ...common, 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request, socket, head) => {
    const pathname = new URL(request.url ?? '/', `http://${HOST}`).pathname;
    const origin = request.headers.origin;
    const refuse = (status: number) => {
      socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (pathname !== BRIDGE_PATH) return refuse(404);
    // Node clients (tests) send no Origin; browsers always do, and only our pages may connect.
    if (!loopbackHosts().has(request.headers.host ?? '') || (origin !== undefined && !ownOrigins().has(origin))) {
      return refuse(403);
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws));
  });

  const expected = Buffer.from(secret);
  const secretMatches = (given: string) => {
    const candidate = Buffer.from(given);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  };

  function accept(ws: WebSocket): void {
    let authenticated = false;
    const helloTimer = setTimeout(() => ws.close(CLOSE_UNAUTHORIZED, 'secret attendu'), HELLO_TIMEOUT_MS);
    ws.on('error', () => {});
    ws.on('close', () => {
      clearTimeout(helloTimer);
      sockets.delete(ws);
    });
    ws.on('message', (data, isBinary) => {
      let message: unknown;
      try {
        message = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        message = undefined;
      }
      if (!authenticated) {
        const hello = helloSchema.safeParse(message);
        if (!hello.success || !secretMatches(hello.data.secret)) {
          ws.close(CLOSE_UNAUTHORIZED, 'secret invalide');
          return;
        }
        authenticated = true;
        clearTimeout(helloTimer);
        sockets.add(ws);
        ws.send(JSON.stringify({ type: 'ready' }));
        return;
      }
      const call = callSchema.safeParse(message);
      if (!call.success) {
        const id = (message as { id?: unknown } | undefined)?.id;
        send(ws, {
          id: typeof id === 'number' || typeof id === 'string' ? id : null,
          result: { ok: false, error: { code: 'invalid_message', message: 'Message illisible pour le pont de développement.' } },
        });
        return;
      }
      void options.host.invoke(call.data.channel, call.data.input).then(
        (result) => send(ws, { id: call.data.id, result }),
        () =>
          send(ws, {
            id: call.data.id,
            result: { ok: false, error: { code: 'internal_error', message: 'Une erreur inattendue est survenue. Réessayez.' } },
          }),
      );
    });
  }

  const unsubscribe = options.host.on((event) => {
    const text = JSON.stringify({ event });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/`,
    wsUrl: `ws://${HOST}:${port}${BRIDGE_PATH}`,
    secret,
    port,
    async stop() {
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}
