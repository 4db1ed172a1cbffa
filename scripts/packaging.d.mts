/** Loaded from node_modules by the packaged app. */
export const RUNTIME_MODULES: string[];
interface Lock {
  packages: Record<string, { version?: string; devOptional?: boolean; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }>;
}
/** Production packages the packaged app does not need. */
export function unneededModules(lock: Lock): string[];
/** `files` exclusions for those packages. */
export function unneededModulePatterns(lock: Lock): string[];
