import { v5, v7 } from 'uuid';

// Row ids are UUIDs made where the row is made (desktop or server), so offline writes need no
// round trip. v7 ids start with their creation time, which keeps database indexes in insertion
// order. The randomness comes from the standard `crypto.getRandomValues` global, available in
// the renderer, Electron's main process and Node alike.

/** The namespace of every derived id of Bureau; fixed forever, or replays would mint new ids. */
export const BUREAU_ID_NAMESPACE = 'a07d9ea7-0534-4991-a75a-4b120c134e4b';

/** A fresh UUID v7. */
export function newId(): string {
  return v7();
}

/**
 * A UUID v5 that depends only on (namespace, name): replaying the same work (an import row, a
 * scheduler's reminder for one appointment) yields the same id, so it cannot be written twice.
 * The namespace is hashed on its own first, so ('a:b', 'c') and ('a', 'b:c') never collide.
 */
export function derivedId(namespace: string, name: string): string {
  return v5(name, v5(namespace, BUREAU_ID_NAMESPACE));
}
