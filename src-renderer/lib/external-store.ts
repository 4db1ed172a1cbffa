import { useSyncExternalStore } from 'react';
import { createEmitter } from '~shared/events';

// A value that outlives the screens reading it (the lead list's view, the file waiting to be
// imported), read through useSyncExternalStore so every reader re-renders on a change.

export interface ExternalStore<T> {
  get(): T;
  set(value: T): void;
  use(): T;
}

export function createExternalStore<T>(initial: T): ExternalStore<T> {
  let value = initial;
  // A listener is React's own re-render request; an error there is React's to report.
  const changes = createEmitter<void>((error) => queueMicrotask(() => { throw error; }));
  const subscribe = (listener: () => void) => changes.on(listener);
  const get = () => value;
  return {
    get,
    set(next) {
      value = next;
      changes.emit();
    },
    use: () => useSyncExternalStore(subscribe, get),
  };
}
