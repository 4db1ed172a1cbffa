// Multi-select in the lead list (issue 5: "shift, ctrl, all that match"). Pure, so that the
// rules are tested without a screen. The selection keeps the order in which leads were picked;
// a shift range adds its rows in list order. "All that match" is the id list of leads:ids.

export interface Selection {
  readonly ids: ReadonlySet<string>;
  /** Row index of the last plain or ctrl pick: where a shift range starts. */
  readonly anchor: number | null;
  /** True when the ids came from "all that match" (the filters, not the rows on screen). */
  readonly allMatching: boolean;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null, allMatching: false };

export interface PickModifiers {
  shift: boolean;
  /** Ctrl on Windows and Linux, Cmd on macOS. */
  toggle: boolean;
}

/**
 * A pick on the row at `index` (checkbox click, ctrl/shift click, Space):
 * - shift: adds every row from the anchor to this one (rows not loaded yet are skipped);
 * - otherwise: toggles this row and makes it the anchor.
 */
export function pick(
  selection: Selection,
  index: number,
  id: string,
  modifiers: PickModifiers,
  rowIdAt: (index: number) => string | undefined,
): Selection {
  if (modifiers.shift && selection.anchor !== null) {
    const ids = new Set(selection.ids);
    const [from, to] = selection.anchor <= index ? [selection.anchor, index] : [index, selection.anchor];
    for (let i = from; i <= to; i++) {
      const rowId = rowIdAt(i);
      if (rowId !== undefined) ids.add(rowId);
    }
    return { ids, anchor: selection.anchor, allMatching: false };
  }
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: index, allMatching: false };
}

export function selectAllMatching(ids: readonly string[]): Selection {
  return { ids: new Set(ids), anchor: null, allMatching: true };
}

/** Keeps only the leads still in the list (after a refresh some may no longer match). */
export function retain(selection: Selection, stillThere: (id: string) => boolean): Selection {
  const ids = new Set([...selection.ids].filter(stillThere));
  return ids.size === selection.ids.size ? selection : { ...selection, ids };
}
