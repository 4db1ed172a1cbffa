import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { LeadFilters, LeadListItem, LeadSort } from '~shared/contract/ipc';
import { invoke, onApiEvent } from '../../lib/api';

// The lead list's rows, page by page, with leads:list's keyset cursors (`after` / `next`). The
// list may hold 100,000 leads: the table shows `total` rows and asks for the pages it scrolls to;
// page p is read with the cursor that page p-1 answered, so a far jump reads the pages before it
// in a row (cheap: an indexed keyset query each). A 'changed' event on leads re-reads the pages on
// screen from their own cursors, so another workstation's edit appears without a reload.

export const PAGE_SIZE = 250;
/** leads:list answers at most 1,000 rows: four pages. */
const MAX_SPAN = 4;
/** Pages kept on either side of the screen. */
const KEEP_AROUND = 8;
const REFRESH_COALESCE_MS = 80;

interface PagesState {
  key: string;
  pages: Map<number, LeadListItem[]>;
  /** cursors.get(p): the `after` that reads page p (null for the first). */
  cursors: Map<number, string | null>;
  /** Pages read before the latest change: shown until they are read again. */
  stale: Set<number>;
  total: number | null;
  /** Last page (inclusive) that the table needs now. */
  wanted: number;
  /** First page on screen, from which a refresh starts. */
  firstVisible: number;
  busy: boolean;
  generation: number;
  error: string | null;
}

function freshState(key: string): PagesState {
  return {
    key,
    pages: new Map(),
    cursors: new Map([[0, null]]),
    stale: new Set(),
    total: null,
    wanted: 0,
    firstVisible: 0,
    busy: false,
    generation: 0,
    error: null,
  };
}

export interface LeadPages {
  total: number | null;
  /** The row at an index, or undefined while its page is not read yet. */
  rowAt: (index: number) => LeadListItem | undefined;
  /** Tells which rows are on screen; the pages they need are read. */
  showRange: (firstIndex: number, lastIndex: number) => void;
  error: string | null;
  /** Bumps on every change of rows, for memoised consumers. */
  version: number;
}

export function useLeadPages(filters: LeadFilters, sort: LeadSort): LeadPages {
  const key = JSON.stringify({ filters, sort });
  const state = useRef<PagesState>(freshState(key));
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const input = useRef({ filters, sort });
  input.current = { filters, sort };

  const pump = useCallback(async () => {
    const s = state.current;
    if (s.busy) return;
    s.busy = true;
    try {
      for (;;) {
        if (state.current !== s) return; // filters changed: a new state has its own pump
        const lastPage = s.total === null ? s.wanted : Math.min(s.wanted, Math.max(0, Math.ceil(s.total / PAGE_SIZE) - 1));
        let page = -1;
        for (let p = Math.min(s.firstVisible, lastPage); p <= lastPage; p++) {
          if (!s.pages.has(p) || s.stale.has(p)) {
            page = p;
            break;
          }
        }
        if (page < 0) return;
        // Walk back to the nearest page whose cursor is known.
        while (!s.cursors.has(page) && page > 0) page--;
        // Far jumps (the scrollbar dragged to the middle of 100,000 leads) read up to MAX_SPAN
        // pages per call: the pages in between are needed anyway to reach the one on screen.
        let span = 1;
        while (span < MAX_SPAN && page + span <= lastPage && (!s.pages.has(page + span) || s.stale.has(page + span))) span++;
        const generation = s.generation;
        const after = s.cursors.get(page) ?? null;
        const result = await invoke('leads:list', { filters: input.current.filters, sort: input.current.sort, after, limit: span * PAGE_SIZE });
        if (state.current !== s) return;
        if (!result.ok) {
          s.error = result.error.message;
          bump();
          return;
        }
        if (generation !== s.generation) continue; // a change arrived meanwhile: read again
        s.error = null;
        s.total = result.value.total;
        const { rows, next } = result.value;
        const read = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
        for (let i = 0; i < read; i++) {
          s.pages.set(page + i, rows.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE));
          s.stale.delete(page + i);
        }
        const end = page + read;
        // Cursors inside a multi-page read are not answered: those pages chain from `page`.
        for (let p = page + 1; p < end; p++) s.cursors.delete(p);
        if (next !== null) {
          if (s.cursors.get(end) !== next) {
            // The rows moved: later cursors no longer chain from here.
            for (const p of [...s.cursors.keys()]) if (p > end) s.cursors.delete(p);
            for (const p of [...s.pages.keys()]) if (p >= end) s.stale.add(p);
            s.cursors.set(end, next);
          }
        } else {
          for (const p of [...s.pages.keys()]) if (p >= end) s.pages.delete(p);
          for (const p of [...s.cursors.keys()]) if (p >= end) s.cursors.delete(p);
          s.total = Math.min(s.total, page * PAGE_SIZE + rows.length);
        }
        // Rows far from the screen are let go (their cursors stay): 100,000 rows are not kept.
        for (const p of [...s.pages.keys()]) if (p < s.firstVisible - KEEP_AROUND || p > s.wanted + KEEP_AROUND) s.pages.delete(p);
        bump();
      }
    } finally {
      s.busy = false;
    }
  }, []);

  // New filters or sort: start over from the first page.
  if (state.current.key !== key) {
    state.current = freshState(key);
  }
  useEffect(() => {
    void pump();
  }, [key, pump]);

  // Another workstation's edit (or ours): read the pages on screen again.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = onApiEvent((event) => {
      if (event.type !== 'changed' || !event.tables.includes('leads')) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        const s = state.current;
        s.generation++;
        for (const p of [...s.pages.keys()]) {
          if (p < s.firstVisible || p > s.wanted) s.pages.delete(p);
          else s.stale.add(p);
        }
        void pump();
      }, REFRESH_COALESCE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [pump]);

  const showRange = useCallback(
    (firstIndex: number, lastIndex: number) => {
      const s = state.current;
      const first = Math.max(0, Math.floor(firstIndex / PAGE_SIZE));
      const last = Math.max(first, Math.floor(Math.max(0, lastIndex) / PAGE_SIZE));
      if (first === s.firstVisible && last === s.wanted) return;
      s.firstVisible = first;
      s.wanted = last;
      void pump();
    },
    [pump],
  );

  const rowAt = useCallback((index: number) => state.current.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], []);

  return { total: state.current.total, rowAt, showRange, error: state.current.error, version };
}
