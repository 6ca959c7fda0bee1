/** Restores and saves the cargo registry, target directory and Zig cache. (Issue: cargo cache.) */
import type { Config } from '../config.js'
import type { PostState } from '../state.js'
import type { Toolchain } from '../types.js'

export interface CargoCacheState {
  readonly key: string
  readonly paths: readonly string[]
  readonly hit: boolean
}

export interface CacheRestoreReport {
  readonly key: string
  /** 'hit' on an exact key, 'partial' through a restore key, 'miss', or 'error'. */
  readonly outcome: 'hit' | 'partial' | 'miss' | 'error'
  readonly restoredKey?: string | undefined
  readonly ms: number
}

export async function restoreCargoCache(
  _config: Config,
  _toolchain: Toolchain,
  _state: PostState,
): Promise<CacheRestoreReport | undefined> {
  await Promise.resolve()
  return undefined
}

export async function saveCargoCache(_state: CargoCacheState): Promise<void> {
  await Promise.resolve()
}
