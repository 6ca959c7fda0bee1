/** Caches: what main hands to the post step (PostState), and what the cache restore and save report. */
/** A tool folder the post step saves to the Actions cache. */
export interface ToolCacheEntry {
  readonly key: string
  readonly paths: readonly string[]
}

/** Tool folders the post step saves to the Actions cache. */
export interface ToolCacheState {
  readonly entries: readonly ToolCacheEntry[]
}

/** A file hashed into the cargo cache key. */
export interface KeyFile {
  /** Path relative to the workspace, so the key does not depend on where the runner checks out. */
  readonly path: string
  /** File contents; undefined when the file does not exist (that is hashed too). */
  readonly content: string | undefined
}

/** What main hands to post (through PostState.cargoCache). */
export interface CargoCacheState {
  readonly key: string
  readonly paths: readonly string[]
  /** true on an exact key hit: nothing to save. */
  readonly hit: boolean
  readonly save: boolean
  /** `cache-on-failure`: save even when the build failed. */
  readonly onFailure?: boolean
  readonly targetDir: string
  readonly cargoHome: string
  readonly workspaceRoot: string
  readonly members: readonly string[]
  readonly zigCacheDir?: string | undefined
  /** Dependency units not used since this time (ms) are left out of the save. */
  readonly buildStartMs: number
  /** false on `noatime` file systems: then every dependency unit is kept. */
  readonly accessTimes: boolean
}

export interface CacheRestoreReport {
  readonly key: string
  /** 'hit' on an exact key, 'partial' through a restore key, 'miss', or 'error'. */
  readonly outcome: 'hit' | 'partial' | 'miss' | 'error'
  readonly restoredKey?: string | undefined
  /** Bytes on disk in the cached folders after the restore (uncompressed). */
  readonly restoredBytes?: number | undefined
  readonly ms: number
  /** Why the cache was not used ('error'). */
  readonly detail?: string | undefined
}

export interface CacheSaveReport {
  readonly key: string
  readonly outcome: 'saved' | 'skipped' | 'failed'
  readonly detail?: string | undefined
  readonly bytesBefore?: number
  readonly bytesAfter?: number
  readonly ms: number
}

/** The one object main hands to the post step through saved state (as rust-cache does). */
export interface PostState {
  /** The build stage finished without error (the cargo cache is then saved whatever failed after). */
  buildSucceeded?: boolean
  /** Set by the cargo cache restore; undefined when caching is off. */
  cargoCache?: CargoCacheState
  /** Tool folders to save to the Actions cache (those not restored from it). */
  tools?: ToolCacheState
}
