// happy-dom lays nothing out: every element measures 0×0, so a virtualized list would show no
// row. Component tests of such lists give elements a viewport-like size for their duration.

const props = ['clientHeight', 'clientWidth'] as const;
const saved = new Map<string, PropertyDescriptor | undefined>();

export function giveElementsASize(width = 1200, height = 700): void {
  for (const p of props) {
    saved.set(p, Object.getOwnPropertyDescriptor(HTMLElement.prototype, p));
    Object.defineProperty(HTMLElement.prototype, p, { configurable: true, get: () => (p === 'clientWidth' ? width : height) });
  }
}

export function restoreElementSizes(): void {
  for (const p of props) {
    const d = saved.get(p);
    if (d) Object.defineProperty(HTMLElement.prototype, p, d);
    else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[p];
  }
}
