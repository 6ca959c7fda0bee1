/**
 * The files through which the project tells cargo and rustup what to do: `.cargo/config.toml`
 * (from the project folder up, then CARGO_HOME), `rust-toolchain(.toml)`, the manifests and
 * Cargo.lock; and where CARGO_HOME is.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { KeyFile } from '../types.js'
import type { WorkspaceInfo } from './metadata.js'

/** The files rustup reads the toolchain from, in every folder from the project up. */
export const ToolchainFileNames = ['rust-toolchain', 'rust-toolchain.toml'] as const

/** Pure: CARGO_HOME as cargo resolves it. */
export function cargoHome(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const value = env.CARGO_HOME
  return value ? path.resolve(value) : path.join(home, '.cargo')
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

/** The files the key hashes, read from disk; paths are made relative to the workspace. */
export function keyFiles(
  layout: Pick<WorkspaceInfo, 'workspaceRoot' | 'packages'>,
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
    allDirs.flatMap((d) => ToolchainFileNames.map((name) => read(path.join(d, name)))),
  )
  const manifests = [
    path.join(layout.workspaceRoot, 'Cargo.toml'),
    ...layout.packages.map((m) => m.manifestPath),
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

/** The texts of the cargo config files cargo reads from `cwd`, nearest first (as cargo merges them). */
export function cargoConfigFiles(
  cwd: string,
  cargoHomeDir: string,
): { readonly path: string; readonly text: string }[] {
  const configFiles: { path: string; text: string }[] = []
  const dirs: string[] = []
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    dirs.push(path.join(dir, '.cargo'))
    if (path.dirname(dir) === dir) break
  }
  if (!dirs.includes(cargoHomeDir)) dirs.push(cargoHomeDir)
  for (const dir of dirs) {
    for (const name of ['config.toml', 'config']) {
      const file = path.join(dir, name)
      if (isFile(file)) {
        configFiles.push({ path: file, text: fs.readFileSync(file, 'utf8') })
        break // cargo reads `config` only when `config.toml` is absent
      }
    }
  }
  return configFiles
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile()
  } catch {
    return false
  }
}
