import { parse, stringify, v5, v7 } from 'uuid';

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

/** How many of a mutation's rows are numbered in their id's order (18 bits); beyond, order is the hash's. */
const ROW_NUMBER_MASK = 0x3ffff;

/**
 * The id of the `n`-th row a desktop mutation makes besides the one its arguments name (a history
 * line, a notification): as `derivedId(clientId, "<mutationId>:<n>")` it depends only on those, so
 * a replay writes the same rows; laid out as a UUID v7 whose time is the mutation's `clientTime`
 * and whose next 18 bits are `n`, so that these rows go to the end of their table's index in the
 * order they are made, as every other row's id does (sync-protocol.md: ids are time-ordered). The
 * v5 ids used before landed anywhere in the history's index: an import chunk's 5,000 history lines
 * rewrote most of its pages at each commit (docs/benchmarks.md, seventh session). The remaining 56
 * bits are the v5 hash's, which keep two mutations of the same millisecond apart.
 */
export function mutationRowId(clientId: string, mutationId: number, n: number, clientTime: string): string {
  const bytes = v5(`${mutationId}:${n}`, namespaceBytes(clientId), new Uint8Array(16));
  const ms = Math.max(0, Date.parse(clientTime) || 0);
  // 48 bits of milliseconds, big-endian (the top 16 bits by division: bit operations stop at 32).
  const high = Math.floor(ms / 2 ** 32);
  bytes[0] = (high >>> 8) & 0xff;
  bytes[1] = high & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  const row = n & ROW_NUMBER_MASK;
  bytes[6] = 0x70 | (row >>> 14); // version 7, then the row number's top 4 bits
  bytes[7] = (row >>> 6) & 0xff;
  bytes[8] = 0x80 | (row & 0x3f); // RFC 9562 variant, then its last 6 bits
  return stringify(bytes);
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
