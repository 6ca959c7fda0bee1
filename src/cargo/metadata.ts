/**
 * How cargo sees the project: one `cargo metadata --format-version 1 --no-deps` (workspace members
 * only, no dependency resolution, so it works offline), read once per run and handed to the
 * cache, the build and the plan.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { commandOutput } from '../util/command.js'
import { targetDirFromArgs } from './target-dir.js'

export interface PackageInfo {
  readonly name: string
  /** cargo's package ID spec (`path+file:///…#0.1.0`): unique even where the name is not. */
  readonly id: string
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
  /** Names that Cargo.lock lists more than once (a member named like one of its dependencies). */
  readonly ambiguousNames: ReadonlySet<string>
}

interface RawTarget {
  name: string
  kind: string[]
  'required-features'?: string[]
}
interface RawPackage {
  name: string
  id: string
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

/**
 * Pure: the parts of `cargo metadata` output the action uses, and the package names that the
 * project's Cargo.lock (its text, when there is one) lists more than once.
 */
export function parseMetadata(json: string, lockText?: string): WorkspaceInfo {
  const raw = JSON.parse(json) as RawMetadata
  if (typeof raw.workspace_root !== 'string' || typeof raw.target_directory !== 'string') {
    throw new Error('cargo metadata printed no workspace_root / target_directory')
  }
  return {
    workspaceRoot: raw.workspace_root,
    targetDirectory: raw.target_directory,
    ambiguousNames: lockText === undefined ? new Set() : namesLockedTwice(lockText),
    packages: raw.packages.map((p) => ({
      name: p.name,
      id: p.id,
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

/** Pure: the package names a Cargo.lock lists more than once. */
export function namesLockedTwice(lockText: string): ReadonlySet<string> {
  const seen = new Set<string>()
  const twice = new Set<string>()
  const packages = (parseToml(lockText).package ?? []) as { name?: unknown }[]
  for (const p of Array.isArray(packages) ? packages : []) {
    if (typeof p.name !== 'string') continue
    if (seen.has(p.name)) twice.add(p.name)
    seen.add(p.name)
  }
  return twice
}

/**
 * Runs `cargo metadata` in the project folder, and reads the workspace's Cargo.lock. A
 * `--target-dir` in `cargo-args` beats every other setting, as it does for cargo.
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
  const parsed = parseMetadata(out)
  const lock = await readIfPresent(path.join(parsed.workspaceRoot, 'Cargo.lock'))
  const ws = lock === undefined ? parsed : { ...parsed, ambiguousNames: namesLockedTwice(lock) }
  const fromArgs = targetDirFromArgs(cargoArgs, cwd)
  return fromArgs === undefined ? ws : { ...ws, targetDirectory: fromArgs }
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}
