/**
 * Zig's `lib/` carries the libc headers and sources of every system Zig can build for. The action
 * builds for aarch64 and x86_64 Linux only (gnu or musl: config/parsers.ts), and hashes every file
 * of the tool folder before each use (tools/content.ts). On a two-core runner that check costs
 * about one system call per file more than it costs per byte, and most of Zig 0.15.2's 18,100
 * files are the libcs of Windows, macOS, the BSDs, WASI and other Linux architectures (10,619
 * files, 134 of its 215 MB). So the action removes them from a Zig it has just extracted from a
 * verified archive, before the folder is cached, pinned or checked: a check then reads 7,481 files.
 *
 * What stays: everything outside `lib/libc/`; in it, glibc's and musl's sources, and the header
 * folders Zig picks for an aarch64 or x86(_64) Linux target (`<arch>-linux-<abi>`,
 * `<arch>-linux-any`, `any-linux-any`, `generic-glibc`, `generic-musl`). Zig builds for those
 * targets exactly as before; it cannot build for Windows or macOS anymore, which the action never
 * asks of it. scripts/content-pins.ts applies the same rule, so the pins describe this folder.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'

/** Folders of `lib/libc/` that stay: the libcs of Linux targets, and the headers (filtered). */
const KeptLibcFolders: ReadonlySet<string> = new Set(['glibc', 'musl', 'include'])
/** Header folders of `lib/libc/include/` that stay: those of aarch64 and x86(_64) Linux. */
const KeptHeaders = /^(?:(?:aarch64|x86|x86_64|any)-linux-[a-z0-9]+|generic-(?:glibc|musl))$/

/**
 * Pure: whether Zig's folder keeps the entry at `rel` (relative to the folder, `/`-separated).
 * Only folders directly in `lib/libc/` and `lib/libc/include/` are ever dropped.
 */
export function zigKeeps(rel: string, isFolder: boolean): boolean {
  if (!isFolder) return true
  const parts = rel.split('/')
  if (parts.length === 3 && parts[0] === 'lib' && parts[1] === 'libc')
    return KeptLibcFolders.has(parts[2] as string)
  if (parts.length === 4 && parts[0] === 'lib' && parts[1] === 'libc' && parts[2] === 'include')
    return KeptHeaders.test(parts[3] as string)
  return true
}

/** Pure: whether Zig's folder keeps the file at `rel`: no folder above it is one that is dropped. */
export function zigKeepsFile(rel: string): boolean {
  const parts = rel.split('/')
  for (let n = 3; n < parts.length && n <= 4; n++)
    if (!zigKeeps(parts.slice(0, n).join('/'), true)) return false
  return true
}

/**
 * Removes from the Zig folder `dir` the libc folders of systems the action never builds for
 * (see the module comment); returns their names (`lib/libc/mingw`, …). Idempotent.
 */
export async function pruneZigLib(dir: string): Promise<string[]> {
  const removed: string[] = []
  for (const parent of ['lib/libc', 'lib/libc/include']) {
    let entries: fs.Dirent[]
    try {
      entries = await fs.promises.readdir(path.join(dir, parent), { withFileTypes: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw e
    }
    for (const e of entries) {
      const rel = `${parent}/${e.name}`
      if (zigKeeps(rel, e.isDirectory())) continue
      await fs.promises.rm(path.join(dir, rel), { recursive: true, force: true })
      removed.push(rel)
    }
  }
  return removed
}
