import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { MutationName } from '~shared/domain/mutations/args';

// A small state router: the app is one window with a left navigation, no URLs to share, so a
// stack of screens is all it needs (the brief: no react-router).

/** A refused change the user asked to redo: the form it came from reopens with these values. */
export interface Redo {
  readonly name: MutationName;
  readonly args: unknown;
  /** The refusal it comes from, dismissed once the redo is saved. */
  readonly refusalId?: number;
}

export type Route =
  | { name: 'today' }
  | { name: 'leads'; redo?: Redo }
  | { name: 'imports' }
  | { name: 'lead'; id: string; redo?: Redo }
  | { name: 'calendar' }
  | { name: 'clients' }
  | { name: 'client'; id: string }
  | { name: 'notifications' }
  | { name: 'refusals' }
  | { name: 'reports' }
  | { name: 'admin'; tab?: AdminTab; redo?: Redo };

export type AdminTab = 'users' | 'procedures' | 'smsTemplates' | 'settings' | 'privacy';
export type RouteName = Route['name'];

interface RouterValue {
  route: Route;
  /** Opens a screen; the previous one is kept for `back`. */
  navigate: (route: Route) => void;
  back: () => void;
  canGoBack: boolean;
}

const RouterContext = createContext<RouterValue | null>(null);

export function RouterProvider({ initial = { name: 'today' }, children }: { initial?: Route; children: ReactNode }) {
  const [stack, setStack] = useState<Route[]>([initial]);
  const navigate = useCallback((route: Route) => {
    setStack((s) => {
      // Top-level screens start a new trail, so that "back" never walks through a long history.
      const topLevel = route.name !== 'lead' && route.name !== 'client';
      return topLevel ? [route] : [...s.slice(-19), route];
    });
  }, []);
  const back = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const value = useMemo<RouterValue>(
    () => ({ route: stack[stack.length - 1]!, navigate, back, canGoBack: stack.length > 1 }),
    [stack, navigate, back],
  );
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter outside RouterProvider');
  return value;
}
