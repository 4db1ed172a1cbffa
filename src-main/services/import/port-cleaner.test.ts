import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BATCHES_IN_FLIGHT, inFlightCounter, PortCleaner } from './port-cleaner';

// The parser must not run ahead of the cleaner by more than a few batches: a full sheet's raw rows
// would otherwise pile up in the cleaner's queue. The other side here is a real thread that cleans
// slowly (it answers each batch 5 ms late) and notes how many batches were waiting when each came.

const SLOW_CLEANER = `
const { workerData, parentPort } = require('node:worker_threads');
const inFlight = new Int32Array(workerData.inFlight, 0, 1);
const seen = [];
let waitingMost = 0;
workerData.port.on('message', (message) => {
  if (message.type === 'setup') return;
  if (message.type === 'end') {
    parentPort.postMessage({ seen, waitingMost });
    workerData.port.close();
    return;
  }
  waitingMost = Math.max(waitingMost, Atomics.load(inFlight, 0));
  const until = Date.now() + 5;
  while (Date.now() < until);
  for (const [index] of message.rows) seen.push(index);
  Atomics.sub(inFlight, 0, 1);
  Atomics.notify(inFlight, 0);
});`;

describe('PortCleaner', () => {
  it('sends every row in order, and waits while the cleaner holds its share of batches', async () => {
    const { port1, port2 } = new MessageChannel();
    const buffer = new SharedArrayBuffer(4);
    const worker = new Worker(SLOW_CLEANER, { eval: true, workerData: { port: port2, inFlight: buffer }, transferList: [port2] });
    const report = new Promise<{ seen: number[]; waitingMost: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const sink = new PortCleaner(port1, inFlightCounter(buffer), { mapping: ['firstName', 'lastName'], headers: ['Prénom', 'Nom'] });
    for (let index = 1; index <= 20_500; index += 1) sink.push(index, [`p${index}`, `n${index}`], 2);
    sink.flush();
    port1.postMessage({ type: 'end' });
    const { seen, waitingMost } = await report;
    await worker.terminate();
    expect(seen).toEqual(Array.from({ length: 20_500 }, (_, i) => i + 1));
    // Sent all at once, 21 batches would have been waiting.
    expect(waitingMost).toBeLessThanOrEqual(BATCHES_IN_FLIGHT);
    expect(waitingMost).toBeGreaterThan(0);
  });
});
