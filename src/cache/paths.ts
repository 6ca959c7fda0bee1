/**
 * Which folders the cargo cache holds, and which files its key hashes.
 * - `$CARGO_HOME/registry/index` and `registry/cache` (the downloaded `.crate` files; cargo
 *   re-extracts `registry/src` from them, so `src` is not kept), `$CARGO_HOME/git/db`;
 * - the project's target directory, as cargo itself resolves it (`cargo metadata` honours
 *   `CARGO_TARGET_DIR` and `build.target-dir`), or `--target-dir` from `cargo-args`;
 * - Zig's global cache (the glibc stubs and compiler-rt zig builds for each target).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { commandOutput } from '../util/command.js'
import type { KeyFile } from '../types.js'

export interface ProjectLayout {
  /** Cargo's workspace root (where Cargo.lock lives). */
  readonly workspaceRoot: string
  readonly targetDir: string
  /** Workspace members: their artifacts are rebuilt from the sources anyway. */
  readonly members: readonly { readonly name: string; readonly manifestPath: string }[]
}

/** Pure: the layout from `cargo metadata --no-deps --format-version 1` output. */
export function parseMetadata(json: string): ProjectLayout {
  const data = JSON.parse(json) as {
    workspace_root?: unknown
    target_directory?: unknown
    workspace_members?: unknown
    packages?: unknown
  }
  if (typeof data.workspace_root !== 'string' || typeof data.target_directory !== 'string') {
    throw new Error('cargo metadata printed no workspace_root / target_directory')
  }
  const memberIds = new Set(Array.isArray(data.workspace_members) ? data.workspace_members : [])
  const packages = Array.isArray(data.packages)
    ? (data.packages as { id?: unknown; name?: unknown; manifest_path?: unknown }[])
    : []
  return {
    workspaceRoot: data.workspace_root,
    targetDir: data.target_directory,
    members: packages
      .filter((p) => memberIds.has(p.id))
      .filter(
        (p): p is { id: string; name: string; manifest_path: string } =>
          typeof p.name === 'string' && typeof p.manifest_path === 'string',
      )
      .map((p) => ({ name: p.name, manifestPath: p.manifest_path })),
  }
}

/**
 * Pure: `cargo-args` split into a `--target-dir` (it beats every other setting; resolved from
 * `cwd`; the last one wins, as in cargo) and the other arguments. The build passes the folder as
 * CARGO_TARGET_DIR instead: cargo-lambda 1.9.2 hands `--target-dir` on to `cargo metadata`,
 * which refuses it ("unexpected argument '--target-dir' found").
 */
export function splitTargetDir(
  args: readonly string[],
  cwd: string,
): { readonly targetDir: string | undefined; readonly rest: string[] } {
  let found: string | undefined
  const rest: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--') {
      rest.push(...args.slice(i))
      break
    }
    if (arg === '--target-dir') found = args[++i]
    else if (arg.startsWith('--target-dir=')) found = arg.slice('--target-dir='.length)
    else rest.push(arg)
  }
  const targetDir = found === undefined || found === '' ? undefined : path.resolve(cwd, found)
  return { targetDir, rest }
}

/** Pure: a `--target-dir` given in `cargo-args`, resolved from `cwd`. */
export function targetDirFromArgs(args: readonly string[], cwd: string): string | undefined {
  return splitTargetDir(args, cwd).targetDir
}

/** Pure: CARGO_HOME as cargo resolves it. */
export function cargoHome(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const value = env.CARGO_HOME
  return value ? path.resolve(value) : path.join(home, '.cargo')
}

/**
 * Pure: the folders to cache, in a fixed order. The same list must be given to restore and save:
 * @actions/cache folds it into the entry's version.
 */
export function cachePaths(parts: {
  readonly cargoHome: string
  readonly targetDir: string
  readonly zigCacheDir: string | undefined
}): string[] {
  const list = [
    path.join(parts.cargoHome, 'registry', 'index'),
    path.join(parts.cargoHome, 'registry', 'cache'),
    path.join(parts.cargoHome, 'git', 'db'),
    parts.targetDir,
  ]
  if (parts.zigCacheDir) list.push(parts.zigCacheDir)
  return list
}

/** Pure: the folders from `dir` up to `stop` (both included; `dir` must be inside `stop`). */
export function dirsUpTo(dir: string, stop: string): string[] {
  const out: string[] = []
  let current = path.resolve(dir)
  const end = path.resolve(stop)
  for (;;) {
    out.push(current)
    if (current === end) break
    const parent = path.dirname(current)
    if (parent === current || !current.startsWith(end + path.sep)) break
    current = parent
  }
  return out
}

/** Runs `cargo metadata --no-deps` in the project (no network: dependencies are not resolved). */
export async function projectLayout(
  workingDirectory: string,
  rustToolchain: string,
  cargoArgs: readonly string[],
): Promise<ProjectLayout> {
  const stdout = await commandOutput('cargo', ['metadata', '--no-deps', '--format-version', '1'], {
    cwd: workingDirectory,
    env: { RUSTUP_TOOLCHAIN: rustToolchain },
  })
  const layout = parseMetadata(stdout)
  const fromArgs = targetDirFromArgs(cargoArgs, workingDirectory)
  return fromArgs ? { ...layout, targetDir: fromArgs } : layout
}

/** The files the key hashes, read from disk; paths are made relative to the workspace. */
export function keyFiles(
  layout: ProjectLayout,
  workingDirectory: string,
  workspace: string,
  cargoHomeDir: string,
): { toolchainFiles: KeyFile[]; dependencyFiles: KeyFile[] } {
  const read = (file: string, name = path.relative(workspace, file)): KeyFile => {
    let content: string | undefined
    try {
      content = fs.readFileSync(file, 'utf8')
    } catch {
      content = undefined
    }
    return { path: name, content }
  }
  const existing = (files: KeyFile[]): KeyFile[] => files.filter((f) => f.content !== undefined)
  // Cargo reads config files from the working directory up; rustup looks for
  // rust-toolchain(.toml) the same way.
  const dirs = dirsUpTo(workingDirectory, workspace)
  const rootDirs = dirsUpTo(layout.workspaceRoot, workspace)
  const allDirs = [...new Set([...dirs, ...rootDirs])]
  const toolchainFiles = existing(
    allDirs.flatMap((d) => [
      read(path.join(d, 'rust-toolchain')),
      read(path.join(d, 'rust-toolchain.toml')),
    ]),
  )
  const manifests = [
    path.join(layout.workspaceRoot, 'Cargo.toml'),
    ...layout.members.map((m) => m.manifestPath),
  ]
  const dependencyFiles = [
    ...[...new Set(manifests)].map((m) => read(m)),
    // An absent Cargo.lock is part of the key too (it appears after the first build).
    read(path.join(layout.workspaceRoot, 'Cargo.lock')),
    ...existing(
      allDirs.flatMap((d) => [
        read(path.join(d, '.cargo', 'config.toml')),
        read(path.join(d, '.cargo', 'config')),
      ]),
    ),
    ...existing([
      read(path.join(cargoHomeDir, 'config.toml'), '$CARGO_HOME/config.toml'),
      read(path.join(cargoHomeDir, 'config'), '$CARGO_HOME/config'),
    ]),
  ]
  return { toolchainFiles, dependencyFiles }
}

export function defaultCargoHome(): string {
  return cargoHome(process.env, os.homedir())
}
