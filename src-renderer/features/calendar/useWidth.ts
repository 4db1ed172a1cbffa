import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

// The calendar frame's width, for the time grid's density rule (calendarEvents.timeGridEvents):
// measured before the first paint, so that the first week drawn is already folded, then on
// every resize (the window, the navigation collapsing).

export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
