import { parse, v5, v7 } from 'uuid';

// Row ids are UUIDs made where the row is made (desktop or server), so offline writes need no
// round trip. v7 ids start with their creation time, which keeps database indexes in insertion
// order. The randomness comes from the standard `crypto.getRandomValues` global, available in
// the renderer, Electron's main process and Node alike.

/** The namespace of every derived id of Bureau; fixed forever, or replays would mint new ids. */
export const BUREAU_ID_NAMESPACE = 'a07d9ea7-0534-4991-a75a-4b120c134e4b';

/** A fresh UUID v7; ids made one after the other sort in that order. */
export function newId(): string {
  const random = randomBytes16();
  // uuid's own v7 state (RFC 9562, "method 1"): a new millisecond starts a random counter,
  // within one the counter goes up (past its top, the millisecond moves on).
  const now = Date.now();
  if (now > clock.msecs) {
    clock.msecs = now;
    clock.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    clock.seq = (clock.seq + 1) | 0;
    if (clock.seq === 0) clock.msecs += 1;
  }
  return v7({ random, msecs: clock.msecs, seq: clock.seq });
}

const clock = { msecs: -Infinity, seq: 0 };

/**
 * Random bytes drawn 4 KiB at a time: uuid's v7 asks the system for 16 bytes per id, and that
 * call cost more than the rest of a pushed lead's mutator (docs/benchmarks.md).
 */
const pool = new Uint8Array(16 * 256);
let used = pool.length;
/** The standard Web Crypto global (this code has neither DOM nor Node types). */
const webCrypto = (globalThis as unknown as { crypto: { getRandomValues(array: Uint8Array): Uint8Array } }).crypto;

function randomBytes16(): Uint8Array {
  if (used === pool.length) {
    webCrypto.getRandomValues(pool);
    used = 0;
  }
  used += 16;
  return pool.subarray(used - 16, used);
}

/**
 * A UUID v5 that depends only on (namespace, name): replaying the same work (an import row, a
 * scheduler's reminder for one appointment) yields the same id, so it cannot be written twice.
 * The namespace is hashed on its own first, so ('a:b', 'c') and ('a', 'b:c') never collide.
 */
export function derivedId(namespace: string, name: string): string {
  return v5(name, namespaceBytes(namespace));
}

/**
 * The hashed namespace, as bytes, kept for the few namespaces in use (a replica's client id, a
 * server's): an import chunk derives 5,000 history ids from one, and hashing and parsing it again
 * for each cost as much as the id itself.
 */
const namespaces = new Map<string, Uint8Array>();
const NAMESPACES_KEPT = 64;

function namespaceBytes(namespace: string): Uint8Array {
  let bytes = namespaces.get(namespace);
  if (bytes === undefined) {
    if (namespaces.size >= NAMESPACES_KEPT) namespaces.clear();
    bytes = parse(v5(namespace, BUREAU_ID_NAMESPACE));
    namespaces.set(namespace, bytes);
  }
  return bytes;
}
