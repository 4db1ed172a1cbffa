import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  Api,
  ApiEvent,
  Channel,
  ChannelInput,
  ChannelOutput,
  IpcError,
  IpcResult,
} from '~shared/contract/ipc';
import type { SyncedTable } from '~shared/domain/entities';
import type { MutationInput, MutationName } from '~shared/domain/mutations/args';

// The renderer's only way to the data (architecture.md): `window.api`, given by the preload in
// the app and by the development bridge in Chromium. Everything here is typed by the contract.

declare global {
  interface Window {
    api?: Api;
  }
}

/** An error answered by the main process, carrying its French message (style.md point 6). */
export class ApiError extends Error {
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.fields = error.fields;
  }
}

export function getApi(): Api {
  const api = window.api;
  if (!api) throw new ApiError({ code: 'no_api', message: 'L’application n’est pas reliée à son processus principal.' });
  return api;
}

/** Calls a channel; answers the value or throws an ApiError with the French message. */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput[C]> {
  const result = await invoke(channel, input);
  if (result.ok) return result.value;
  throw new ApiError(result.error);
}

/** Calls a channel and answers the result as data, never throwing. */
export async function invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<IpcResult<ChannelOutput[C]>> {
  inFlight += 1;
  try {
    return await getApi().invoke(channel, input);
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: { code: e.code, message: e.message, fields: e.fields } };
    return { ok: false, error: { code: 'ipc_failed', message: 'La demande n’a pas abouti. Réessayez dans un instant.' } };
  } finally {
    inFlight -= 1;
    if (inFlight === 0) for (const callback of [...quietWaiters]) callback();
  }
}

// Questions asked and not answered yet, for work that should wait until the screen shown has its
// answers (the calendar drawn ahead: whenQuiet).
let inFlight = 0;
const quietWaiters = new Set<() => void>();

/**
 * Calls `callback` once no question is waiting for its answer: at once if none is, else when the
 * last one is answered, before that answer's own handlers have run (work that should come after
 * them waits for an idle moment). The returned function cancels.
 */
export function whenQuiet(callback: () => void): () => void {
  if (inFlight === 0) {
    callback();
    return () => {};
  }
  const once = () => {
    quietWaiters.delete(once);
    callback();
  };
  quietWaiters.add(once);
  return () => quietWaiters.delete(once);
}

// One subscription to `window.api.on`, shared by every hook, so that a screen with twenty lists
// does not register twenty listeners with the preload.
type Listener = (event: ApiEvent) => void;
const listeners = new Set<Listener>();
let unsubscribeApi: (() => void) | null = null;
let subscribedTo: Api | null = null;

export function onApiEvent(listener: Listener): () => void {
  listeners.add(listener);
  const api = window.api;
  if (api && subscribedTo !== api) {
    unsubscribeApi?.();
    subscribedTo = api;
    unsubscribeApi = api.on((event) => {
      for (const l of [...listeners]) l(event);
    });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && unsubscribeApi) {
      unsubscribeApi();
      unsubscribeApi = null;
      subscribedTo = null;
    }
  };
}

/** Subscribes a component to API events for its lifetime. */
export function useApiEvent(listener: Listener): void {
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => onApiEvent((event) => ref.current(event)), []);
}

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | null;
  /** True until the first answer (later refreshes keep showing the previous data). */
  loading: boolean;
  /** The data is not this input's answer yet: none has come, or the previous input's is still shown. */
  stale: boolean;
  refetch: () => void;
}

export interface QueryOptions {
  /** Synced tables this answer is read from: a 'changed' event naming one of them refetches. */
  tables: readonly SyncedTable[];
  enabled?: boolean;
}

// Answers asked ahead of the screen that will show them (askAhead): the calendar's opening week,
// asked at sign-in, so that its first opening draws at once instead of waiting for 4,000 rows to
// cross from the data host (docs/decisions.md, "The page's first second after sign-in"). An
// answer is as fresh as one asked at the screen's opening as long as none of its tables changed:
// a change drops it, and the screen asks as usual.
interface Ahead {
  answer: Promise<IpcResult<unknown>>;
  /** Once answered. */
  result?: IpcResult<unknown>;
  /** Forgets it and stops listening for changes. */
  drop: () => void;
}
const ahead = new Map<string, Ahead>();
const aheadKey = (channel: Channel, key: string) => `${channel} ${key}`;

/**
 * Asks `channel` now for a screen not shown yet; its useQuery with the same input takes the answer
 * (answered: drawn in its first render; on its way: awaited, not asked twice). The returned
 * function drops it (the Shell's, at sign-out).
 */
export function askAhead<C extends Channel>(channel: C, input: ChannelInput<C>, options: Pick<QueryOptions, 'tables'>): () => void {
  const id = aheadKey(channel, JSON.stringify(input));
  const tables = new Set(options.tables);
  const off = onApiEvent((event) => {
    if (event.type === 'changed' && event.tables.some((t) => tables.has(t))) entry.drop();
  });
  const entry: Ahead = {
    answer: invoke(channel, input),
    drop: () => {
      off();
      if (ahead.get(id) === entry) ahead.delete(id);
    },
  };
  ahead.set(id, entry);
  void entry.answer.then((result) => {
    entry.result = result;
  });
  return entry.drop;
}

/** The value answered ahead for this query, if it came and holds no refusal (left in place: see takeAhead). */
function answeredAhead(channel: Channel, key: string): unknown {
  const result = ahead.get(aheadKey(channel, key))?.result;
  return result?.ok ? result.value : undefined;
}

/** Takes what was asked ahead for this query (a screen uses it once; later reads ask). */
function takeAhead(channel: Channel, key: string): Promise<IpcResult<unknown>> | undefined {
  const entry = ahead.get(aheadKey(channel, key));
  entry?.drop();
  return entry?.answer;
}

/** How long 'changed' events are gathered before one refetch (a pull writes page after page). */
export const CHANGE_COALESCE_MS = 60;

/**
 * Reads a channel, and reads it again whenever another workstation's edit (or ours) changes one
 * of the tables it depends on, so that screens refresh live without reloading (issue 5).
 */
export function useQuery<C extends Channel>(channel: C, input: ChannelInput<C>, options: QueryOptions): QueryState<ChannelOutput[C]> {
  const key = JSON.stringify(input);
  const enabled = options.enabled ?? true;
  const tablesKey = options.tables.join(',');
  // Answered ahead (askAhead): drawn from the first render. Only read here (a render may run
  // twice); the first load takes it.
  const [state, setState] = useState<{ key: string; data: ChannelOutput[C] | undefined; error: ApiError | null }>(() => ({
    key,
    data: enabled ? (answeredAhead(channel, key) as ChannelOutput[C] | undefined) : undefined,
    error: null,
  }));
  const seq = useRef(0);
  const inputRef = useRef(input);
  inputRef.current = input;

  const load = useCallback(() => {
    const mine = ++seq.current;
    const answer = (takeAhead(channel, key) as Promise<IpcResult<ChannelOutput[C]>> | undefined) ?? invoke(channel, inputRef.current);
    void answer.then((result) => {
      if (mine !== seq.current) return; // a newer request is on its way
      setState((s) =>
        result.ok
          ? { key, data: result.value, error: null }
          : { key, data: s.key === key ? s.data : undefined, error: new ApiError(result.error) },
      );
    });
    // `key` stands for `input`, read through the ref.
  }, [channel, key]);

  useEffect(() => {
    if (!enabled) return;
    load();
  }, [enabled, load]);

  useEffect(() => {
    if (!enabled) return;
    const tables = new Set(tablesKey.split(','));
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = onApiEvent((event) => {
      if (event.type !== 'changed' || !event.tables.some((t) => tables.has(t))) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        load();
      }, CHANGE_COALESCE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [enabled, load, tablesKey]);

  const current = state.key === key;
  return {
    // The previous answer stays on screen while the one for new input loads (no flicker).
    data: state.data,
    error: current ? state.error : null,
    loading: enabled && state.data === undefined && (state.error === null || !current),
    stale: enabled && (!current || (state.data === undefined && state.error === null)),
    refetch: load,
  };
}

export type MutationOutcome = { ok: true; mutationId: number } | { ok: false; error: IpcError };

export interface MutationRunner {
  run<N extends MutationName>(name: N, args: MutationInput<N>): Promise<MutationOutcome>;
  running: boolean;
}

type RefusalReporter = (error: IpcError) => void;
let reportRefusal: RefusalReporter = () => {};

/** The shell installs how a local refusal is shown (a toast in French); tests may replace it. */
export function setRefusalReporter(reporter: RefusalReporter): void {
  reportRefusal = reporter;
}

/**
 * Runs a named mutation through `mutations:run` and answers the outcome as data. Forms show a
 * refusal next to what was typed; a change made without a form (a click) asks `report` so that
 * its refusal still reaches the user, as a toast.
 */
export async function runMutation<N extends MutationName>(name: N, args: MutationInput<N>, { report = false } = {}): Promise<MutationOutcome> {
  const result = await invoke('mutations:run', { name, args });
  if (result.ok) return { ok: true, mutationId: result.value.mutationId };
  if (report) reportRefusal(result.error);
  return { ok: false, error: result.error };
}

export function useMutation(): MutationRunner {
  const [running, setRunning] = useState(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async <N extends MutationName>(name: N, args: MutationInput<N>): Promise<MutationOutcome> => {
    setRunning((n) => n + 1);
    try {
      return await runMutation(name, args);
    } finally {
      if (mounted.current) setRunning((n) => n - 1);
    }
  }, []);
  return { run, running: running > 0 };
}
