/** Installs Rust (toolchain + target), Zig and cargo-lambda. (Issue: verified, cached installation.) */
import type { Config } from '../config.js'
import { ActionError } from '../errors.js'
import type { PostState } from '../state.js'
import type { Toolchain } from '../types.js'

/** Tool folders the post step saves to the Actions cache. */
export interface ToolCacheState {
  readonly entries: readonly { readonly key: string; readonly paths: readonly string[] }[]
}

export async function installTools(_config: Config, _state: PostState): Promise<Toolchain> {
  await Promise.resolve()
  throw new ActionError('Tool installation is not implemented yet.')
}

export async function saveToolCaches(_state: ToolCacheState): Promise<void> {
  await Promise.resolve()
}
