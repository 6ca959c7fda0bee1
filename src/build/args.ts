/** Pure: the `cargo lambda build` invocations and their environment. */
import * as path from 'node:path'
import type { BinaryKind, Config, Toolchain } from '../types.js'
import { definedEnv } from '../util/env.js'
import type { BinaryPlan } from './metadata.js'

/** One `cargo lambda build`: functions and extensions need separate runs (`--extension`). */
export interface BuildGroup {
  readonly kind: BinaryKind
  readonly packages: readonly string[]
  readonly bins: readonly string[]
}

/** Pure: functions first, then extensions; packages and binaries in the order chosen. */
export function groupBuilds(plans: readonly BinaryPlan[]): BuildGroup[] {
  const groups: BuildGroup[] = []
  for (const kind of ['function', 'extension'] as const) {
    const members = plans.filter((p) => p.kind === kind)
    if (members.length === 0) continue
    groups.push({
      kind,
      packages: [...new Set(members.map((p) => p.packageSpec))],
      bins: members.map((p) => p.bin),
    })
  }
  return groups
}

export type BuildArgsConfig = Pick<Config, 'workingDirectory' | 'target' | 'features' | 'cargoArgs'>

/**
 * Pure: argv for `cargo` (starting with `lambda build`). Explicit `--package` / `--bin` for every
 * binary, so a workspace build makes exactly what is packaged. The profile arguments come before
 * `cargo-args`, so a user's own `--config` still wins (the last `--config` wins in cargo).
 */
export function cargoLambdaArgs(
  config: BuildArgsConfig,
  group: BuildGroup,
  profileArgs: readonly string[],
): string[] {
  const args = [
    'lambda',
    'build',
    '--release',
    '--target',
    config.target.cargoTarget,
    '--output-format',
    'binary',
    '--manifest-path',
    path.join(config.workingDirectory, 'Cargo.toml'),
  ]
  for (const p of group.packages) args.push('--package', p)
  for (const b of group.bins) args.push('--bin', b)
  if (config.features.length > 0) args.push('--features', config.features.join(','))
  if (group.kind === 'extension') args.push('--extension')
  args.push(...profileArgs, ...config.cargoArgs)
  return args
}

/**
 * Pure: the environment of the build. The toolchain the tools stage chose (rustup honours
 * RUSTUP_TOOLCHAIN over rust-toolchain files), Zig's cache where the cargo cache keeps it, and no
 * colour codes in the log (the problem matcher reads plain text). RUSTFLAGS is never touched.
 */
export function buildEnv(
  base: Readonly<Record<string, string | undefined>>,
  toolchain: Pick<Toolchain, 'rustToolchain' | 'zigCacheDir'>,
): Record<string, string> {
  const env = definedEnv(base)
  env.RUSTUP_TOOLCHAIN = toolchain.rustToolchain
  env.ZIG_GLOBAL_CACHE_DIR = toolchain.zigCacheDir
  env.CARGO_TERM_COLOR ??= 'never'
  return env
}

/** Where cargo lambda leaves a binary (`--output-format binary`). */
export function outputPath(targetDirectory: string, plan: Pick<BinaryPlan, 'bin' | 'kind'>) {
  const lambdaDir = path.join(targetDirectory, 'lambda')
  return plan.kind === 'extension'
    ? path.join(lambdaDir, 'extensions', plan.bin)
    : path.join(lambdaDir, plan.bin, 'bootstrap')
}
