import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

// A loopback proxy in front of the office server, on a thread of its own, that notes the cursor of
// every pull as it arrives. The workstation writes a pull page synchronously, holding its thread
// (and an in-process server's); this proxy still hears requests meanwhile, so that a test can ask,
// from inside that write, whether the next page's request has already reached the network.

const PROXY = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const arrived = new Int32Array(workerData.arrived);
const target = new URL(workerData.target);
const agent = new http.Agent({ keepAlive: true });
const server = http.createServer((request, response) => {
  const url = new URL(request.url, target);
  if (url.pathname === '/api/sync/pull') {
    const count = Atomics.load(arrived, 0);
    if (count + 1 < arrived.length) {
      Atomics.store(arrived, count + 1, Number(url.searchParams.get('cursor')));
      Atomics.store(arrived, 0, count + 1);
      Atomics.notify(arrived, 0);
    }
  }
  const forward = http.request(
    { host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers, agent },
    (answer) => {
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    },
  );
  forward.on('error', () => response.destroy());
  request.pipe(forward);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

export interface PullWatch {
  readonly url: string;
  /** The cursors of the pulls that reached the proxy, in order of arrival. */
  cursors(): number[];
  /**
   * Blocks this thread up to `ms` until a pull from `cursor` has reached the proxy, among the pulls
   * after the first `since` (an earlier sync asked from the same cursors); says whether one did.
   */
  arrivedWithin(cursor: number, ms: number, since: number): boolean;
  stop(): Promise<void>;
}

export async function startPullWatch(target: string): Promise<PullWatch> {
  const arrived = new Int32Array(new SharedArrayBuffer(4 * 1024));
  const worker = new Worker(PROXY, { eval: true, workerData: { target, arrived: arrived.buffer } });
  const [port] = (await once(worker, 'message')) as [number];
  const cursors = () => [...arrived.subarray(1, 1 + Atomics.load(arrived, 0))];
  return {
    url: `http://127.0.0.1:${port}`,
    cursors,
    arrivedWithin(cursor, ms, since) {
      const deadline = performance.now() + ms;
      for (;;) {
        const count = Atomics.load(arrived, 0);
        if (cursors().slice(since).includes(cursor)) return true;
        const left = deadline - performance.now();
        if (left <= 0) return false;
        Atomics.wait(arrived, 0, count, left);
      }
    },
    stop: async () => {
      await worker.terminate();
    },
  };
}
