/**
 * `changed-since`: which workspace packages a git change touches. `git diff --name-only
 * <ref>...HEAD` (three dots: from the merge base, so a pull request's plan holds what the pull
 * request changes, not what its base branch gained since) gives the files; the pure
 * `affectedPackages` maps them to packages through the path dependencies of `cargo metadata`.
 */
import * as path from 'node:path'
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { capture } from '../util/command.js'
import { ToolchainFileNames } from '../cargo/files.js'
import type { WorkspaceInfo } from '../cargo/metadata.js'

/** What a change means for the build: everything, or the packages whose code it reaches. */
export type Affected =
  | { readonly all: true; readonly reason: string }
  | { readonly all: false; readonly packages: ReadonlySet<string> }

/**
 * Pure: the workspace packages whose build a change of `files` (absolute paths) reaches. A file
 * belongs to the innermost package (or path dependency) folder holding it; a package is affected
 * when it, or a crate it depends on through path dependencies (normal or build, transitively;
 * dev-dependencies never reach a release binary), holds a changed file. Cargo.lock, the
 * workspace's Cargo.toml, a `rust-toolchain(.toml)` or anything under `.cargo/` in the project
 * folder or above it (where cargo and rustup look for them) means every package.
 */
export function affectedPackages(
  ws: WorkspaceInfo,
  projectDir: string,
  files: readonly string[],
): Affected {
  const root = ws.workspaceRoot
  const ancestors = new Set<string>()
  for (let d = projectDir; ; d = path.dirname(d)) {
    ancestors.add(d)
    if (path.dirname(d) === d) break
  }
  for (const file of files) {
    const dir = path.dirname(file)
    const base = path.basename(file)
    if (file === path.join(root, 'Cargo.lock') || file === path.join(root, 'Cargo.toml')) {
      return { all: true, reason: `${base} changed` }
    }
    if ((ToolchainFileNames as readonly string[]).includes(base) && ancestors.has(dir)) {
      return {
        all: true,
        reason: `the toolchain file ${path.relative(root, file) || base} changed`,
      }
    }
    const cargoDir = cargoConfigDir(file)
    if (cargoDir !== undefined && ancestors.has(path.dirname(cargoDir))) {
      return { all: true, reason: `${path.relative(root, cargoDir) || '.cargo'}/ changed` }
    }
  }

  const packageDir = new Map(ws.packages.map((p) => [p.name, path.dirname(p.manifestPath)]))
  // Every folder that is a crate: the members and the path dependencies outside them.
  const crateDirs = new Set(packageDir.values())
  for (const p of ws.packages) for (const d of p.pathDependencies) crateDirs.add(d.path)
  const changedDirs = new Set<string>()
  for (const file of files) {
    const owner = innermost(file, crateDirs)
    if (owner !== undefined) changedDirs.add(owner)
  }

  const byDir = new Map(ws.packages.map((p) => [path.dirname(p.manifestPath), p]))
  const reaches = (start: string): boolean => {
    const seen = new Set<string>()
    const stack = [start]
    while (stack.length > 0) {
      const dir = stack.pop() as string
      if (seen.has(dir)) continue
      seen.add(dir)
      if (changedDirs.has(dir)) return true
      for (const d of byDir.get(dir)?.pathDependencies ?? []) {
        if (d.kind !== 'dev') stack.push(d.path)
      }
    }
    return false
  }
  const packages = new Set<string>()
  for (const [name, dir] of packageDir) if (reaches(dir)) packages.add(name)
  return { all: false, packages }
}

/** The `.cargo` folder a path lies in, if any. */
function cargoConfigDir(file: string): string | undefined {
  const parts = file.split(path.sep)
  const i = parts.lastIndexOf('.cargo')
  return i < 0 || i === parts.length - 1 ? undefined : parts.slice(0, i + 1).join(path.sep)
}

function innermost(file: string, dirs: ReadonlySet<string>): string | undefined {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    if (dirs.has(d)) return d
    if (path.dirname(d) === d) return undefined
  }
}

/** What `git` said: the repository's top folder and the files changed since the ref. */
export interface ChangedFiles {
  /** The commit the ref names, for the log. */
  readonly base: string
  /** Absolute paths. */
  readonly files: readonly string[]
}

/** A ref of forty zeros: `github.event.before` of a push that created the branch. */
export const NO_COMMIT = /^0{40}$/

/**
 * Runs git in `cwd`: the files changed between the merge base of `ref` and HEAD and HEAD (both
 * sides of a rename). Throws an InputError naming `changed-since` and the fix when the ref is not
 * in the clone, or when the clone is too shallow to hold the merge base.
 */
export async function changedFiles(cwd: string, ref: string): Promise<ChangedFiles> {
  const git = async (...args: string[]) => capture('git', args, { cwd })
  const top = await git('rev-parse', '--show-toplevel')
  if (top.code !== 0) {
    throw new InputError(
      Inputs.ChangedSince,
      ref,
      `needs the project to be a git checkout, but git found none in ${cwd} (${top.stderr.trim() || 'git could not run'}). Check out the repository with actions/checkout before this step.`,
    )
  }
  const base = await git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`)
  if (base.code !== 0) {
    throw new InputError(
      Inputs.ChangedSince,
      ref,
      `is not a commit of this clone. actions/checkout fetches only the last commit by default: set 'fetch-depth: 0' on it (or fetch the ref, e.g. 'git fetch origin main') so the plan can compare.`,
    )
  }
  const diff = await git('diff', '--name-only', '--no-renames', '-z', `${ref}...HEAD`, '--')
  if (diff.code !== 0) {
    throw new InputError(
      Inputs.ChangedSince,
      ref,
      `has no common history with HEAD in this clone (${diff.stderr.trim().split('\n').pop() ?? ''}). The clone is probably shallow: set 'fetch-depth: 0' on actions/checkout.`,
    )
  }
  const repo = top.stdout.trim()
  return {
    base: base.stdout.trim(),
    files: diff.stdout
      .split('\0')
      .filter((f) => f !== '')
      .map((f) => path.join(repo, f)),
  }
}
