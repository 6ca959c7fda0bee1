/**
 * Data handed between the stages of the pipeline (run.ts), to the post step and to the report, by
 * what it describes: types/common.ts (shared, imports nothing), types/config.ts (the inputs),
 * types/results.ts (what the stages return) and types/caches.ts (what the post step gets).
 * Types only: nothing here exists at run time.
 */
export type * from './types/common.js'
export type * from './types/config.js'
export type * from './types/results.js'
export type * from './types/caches.js'
