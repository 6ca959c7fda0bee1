/**
 * How cargo sees the project: one `cargo metadata --format-version 1 --no-deps` (workspace members
 * only, no dependency resolution, so it works offline), read once per run and handed to the
 * cache, the build and the plan.
 */
import { commandOutput } from '../util/command.js'
import { targetDirFromArgs } from './target-dir.js'

export interface PackageInfo {
  readonly name: string
  readonly manifestPath: string
  readonly bins: readonly { readonly name: string; readonly requiredFeatures: readonly string[] }[]
  /** `[package.metadata.lambda.build] extension = true` */
  readonly extension: boolean
  /** `[features]`: each feature and what it enables (cargo metadata lists implicit ones too). */
  readonly features: Readonly<Record<string, readonly string[]>>
  /** Path dependencies (absolute folders), with cargo's kind: null (normal), 'build' or 'dev'. */
  readonly pathDependencies: readonly { readonly path: string; readonly kind: string | null }[]
}

export interface WorkspaceInfo {
  /** Cargo's workspace root (where Cargo.lock lives). */
  readonly workspaceRoot: string
  /** As cargo resolves it (CARGO_TARGET_DIR, `build.target-dir`), or `--target-dir` in cargo-args. */
  readonly targetDirectory: string
  /** The workspace members (`--no-deps` lists nothing else). */
  readonly packages: readonly PackageInfo[]
}

interface RawTarget {
  name: string
  kind: string[]
  'required-features'?: string[]
}
interface RawPackage {
  name: string
  manifest_path: string
  targets: RawTarget[]
  features?: Record<string, string[]>
  metadata?: { lambda?: { build?: { extension?: unknown } } } | null
  dependencies?: { path?: string; kind?: string | null }[]
}
interface RawMetadata {
  packages: RawPackage[]
  workspace_root?: unknown
  target_directory?: unknown
}

/** Pure: the parts of `cargo metadata` output the action uses. */
export function parseMetadata(json: string): WorkspaceInfo {
  const raw = JSON.parse(json) as RawMetadata
  if (typeof raw.workspace_root !== 'string' || typeof raw.target_directory !== 'string') {
    throw new Error('cargo metadata printed no workspace_root / target_directory')
  }
  return {
    workspaceRoot: raw.workspace_root,
    targetDirectory: raw.target_directory,
    packages: raw.packages.map((p) => ({
      name: p.name,
      manifestPath: p.manifest_path,
      bins: p.targets
        .filter((t) => t.kind.includes('bin'))
        .map((t) => ({ name: t.name, requiredFeatures: t['required-features'] ?? [] })),
      extension: p.metadata?.lambda?.build?.extension === true,
      features: p.features ?? {},
      pathDependencies: (p.dependencies ?? []).flatMap((d) =>
        d.path === undefined ? [] : [{ path: d.path, kind: d.kind ?? null }],
      ),
    })),
  }
}

/**
 * Runs `cargo metadata` in the project folder. A `--target-dir` in `cargo-args` beats every other
 * setting, as it does for cargo.
 */
export async function readCargoProject(
  cwd: string,
  env: Record<string, string>,
  cargoArgs: readonly string[],
): Promise<WorkspaceInfo> {
  const out = await commandOutput(
    'cargo',
    ['metadata', '--format-version', '1', '--no-deps', '--manifest-path', `${cwd}/Cargo.toml`],
    { cwd, env },
  )
  const ws = parseMetadata(out)
  const fromArgs = targetDirFromArgs(cargoArgs, cwd)
  return fromArgs === undefined ? ws : { ...ws, targetDirectory: fromArgs }
}
