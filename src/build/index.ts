/** Runs `cargo lambda build` for the Lambda runtime. (Issue: build and package.) */
import type { Config } from '../config.js'
import { ActionError } from '../errors.js'
import type { BuiltBinary, Toolchain } from '../types.js'

export interface BuildResult {
  readonly binaries: readonly BuiltBinary[]
  readonly ms: number
}

export async function buildFunctions(_config: Config, _toolchain: Toolchain): Promise<BuildResult> {
  await Promise.resolve()
  throw new ActionError('Building is not implemented yet.')
}
