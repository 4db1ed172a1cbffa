import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

// The calendar frame's width, for the time grid's density rule (calendarEvents.timeGridEvents):
// measured before the first paint, so that the first week drawn is already folded, then on
// every resize (the window, the navigation collapsing). A hidden frame (the kept calendar while
// another screen shows) measures 0: its last width stays, or 2,000 events would be unfolded and
// drawn in a frame no one sees. Drawn ahead, hidden, before it was ever shown, it takes the width
// of the nearest shown box around it (the screen's column): near enough that showing it rarely
// changes what is folded.

function shownWidthAround(el: HTMLElement): number {
  for (let box = el.parentElement; box !== null; box = box.parentElement) if (box.clientWidth > 0) return box.clientWidth;
  return 0;
}

export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = () => {
      if (el.clientWidth > 0) setWidth(el.clientWidth);
      else setWidth((last) => (last > 0 ? last : shownWidthAround(el)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
