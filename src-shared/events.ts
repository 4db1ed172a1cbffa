// One event source with many listeners (sync engine, session, replica, poke bus…). A listener that
// throws must not stop the others nor the code that emitted (a commit already happened, a window
// closed meanwhile): its error goes to the owner's `onError`, which logs it, reports it or drops it.

export interface Emitter<T> {
  /** Adds a listener (once: adding the same function again changes nothing); returns its removal. */
  on(listener: (value: T) => void): () => void;
  /** Calls the listeners present when it starts, in the order they were added. */
  emit(value: T): void;
  /** Removes every listener (the owner closes). */
  clear(): void;
}

export function createEmitter<T>(onError: (error: unknown) => void): Emitter<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(value) {
      // A snapshot: a listener that subscribes or unsubscribes another while hearing this value
      // changes the next emission, not this one.
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (error) {
          onError(error);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
