// How `hook emit` gets its adapter: embedded in the bundle (plugins/lazy), imported directly from
// sources.
import { loadEmbedded, sibling } from '../lazy/load.js';

type HookModule = typeof import('./emit.js');

export const loadHook = (): Promise<HookModule> => loadEmbedded<HookModule>('hook', sibling(import.meta.url, './emit'));
