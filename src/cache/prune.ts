/**
 * What the saved cache leaves out, in the spirit of Swatinem/rust-cache but keeping what a
 * cross-compiled Lambda build reuses:
 * - kept: `<profile>/{deps,build,.fingerprint}` entries of DEPENDENCY units (registry and git
 *   packages) that this build used, in every profile folder: `target/<triple>/release` (issue
 *   rust-cache#356 threw exactly this away) and the host's `target/release` (build scripts,
 *   proc macros);
 * - left out: units of local packages (workspace members and path dependencies: cargo checks
 *   them by file mtime, and a fresh checkout makes every source newer, so they are rebuilt
 *   anyway), dependency units this build did not use (an older lockfile's versions), orphans,
 *   `target/lambda` (the zips), `incremental/`, `examples/`, uplifted binaries, docs;
 * - `.crate` files in `registry/cache` that Cargo.lock no longer names;
 * - everything of Zig's global cache but `o/` and `h/` (see planZigPrune).
 *
 * "Used" is read from the files' access and modification times against the build's start
 * (cargo reads every unit's fingerprint when it checks freshness and rewrites it when it
 * rebuilds). When the file system does not update access times, no dependency unit is dropped.
 *
 * Nothing is deleted: set-aside.ts moves the left-out entries aside while @actions/cache
 * archives the folder, then moves them back.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'

export interface FileNode {
  readonly name: string
  readonly size: number
  /** max(atime, mtime) in ms */
  readonly usedMs: number
}
export interface DirNode {
  readonly name: string
  readonly children: readonly Node[]
}
export type Node = FileNode | DirNode

export const isDir = (n: Node): n is DirNode => 'children' in n

export interface PruneOptions {
  /** Package names (as in Cargo.toml) whose units are left out: workspace members and path packages. */
  readonly localPackages: ReadonlySet<string>
  /** Units not used since then are left out; undefined = keep every dependency unit. */
  readonly usedSince: number | undefined
}

export interface PrunePlan {
  /** Paths relative to the scanned root, to leave out of the archive. */
  readonly drop: readonly string[]
  readonly bytesBefore: number
  readonly bytesAfter: number
  /** Dependency units kept, local units and unused dependency units dropped (for the log). */
  readonly units: { readonly kept: number; readonly local: number; readonly unused: number }
}

const PROFILE_PARTS = new Set(['deps', 'build', '.fingerprint'])
const ROOT_FILES = new Set(['CACHEDIR.TAG', '.rustc_info.json'])
// A unit's files carry cargo's 16-hex-digit metadata hash: `libfoo-<hash>.rlib`, `foo-<hash>`.
const UNIT = /^(.+)-([0-9a-f]{16})(?:\.|$)/

export function sizeOf(node: Node): number {
  return isDir(node) ? node.children.reduce((sum, c) => sum + sizeOf(c), 0) : node.size
}

function usedOf(node: Node): number {
  return isDir(node) ? node.children.reduce((m, c) => Math.max(m, usedOf(c)), 0) : node.usedMs
}

const isProfile = (n: Node): boolean =>
  isDir(n) && n.children.some((c) => isDir(c) && PROFILE_PARTS.has(c.name))

/** Normalises a package or crate name the way cargo maps one to the other. */
export const crateName = (name: string): string => name.replace(/-/g, '_')

/** Pure: the plan for a target directory tree. */
export function planTargetPrune(root: DirNode, options: PruneOptions): PrunePlan {
  const drop: string[] = []
  const units = { kept: 0, local: 0, unused: 0 }
  const local = new Set([...options.localPackages].map(crateName))
  let dropped = 0
  const out = (rel: string, node: Node): void => {
    drop.push(rel)
    dropped += sizeOf(node)
  }

  const profile = (rel: string, dir: DirNode): void => {
    // Decide per unit hash, from the unit's fingerprint folder (named `<package>-<hash>`).
    const keep = new Set<string>()
    const used = new Map<string, number>()
    for (const part of dir.children) {
      if (!isDir(part) || !PROFILE_PARTS.has(part.name)) continue
      for (const entry of part.children) {
        const m = UNIT.exec(entry.name)
        if (m?.[2]) used.set(m[2], Math.max(used.get(m[2]) ?? 0, usedOf(entry)))
      }
    }
    const fingerprints = dir.children.find((c) => c.name === '.fingerprint')
    for (const entry of fingerprints && isDir(fingerprints) ? fingerprints.children : []) {
      const m = UNIT.exec(entry.name)
      if (!m?.[1] || !m[2] || !isDir(entry)) continue
      if (local.has(crateName(m[1]))) units.local++
      else if (options.usedSince !== undefined && (used.get(m[2]) ?? 0) < options.usedSince) {
        units.unused++
      } else {
        units.kept++
        keep.add(m[2])
      }
    }
    for (const part of dir.children) {
      const partRel = path.join(rel, part.name)
      if (!isDir(part) || !PROFILE_PARTS.has(part.name)) {
        out(partRel, part)
        continue
      }
      for (const entry of part.children) {
        const hash = UNIT.exec(entry.name)?.[2]
        if (hash === undefined || !keep.has(hash)) out(path.join(partRel, entry.name), entry)
      }
    }
  }

  for (const child of root.children) {
    if (!isDir(child)) {
      if (!ROOT_FILES.has(child.name)) out(child.name, child)
    } else if (child.name === 'lambda') {
      out(child.name, child)
    } else if (isProfile(child)) {
      profile(child.name, child)
    } else if (child.children.some(isProfile)) {
      // A target triple folder: target/<triple>/<profile>
      for (const sub of child.children) {
        if (isDir(sub) && isProfile(sub)) profile(path.join(child.name, sub.name), sub)
        else out(path.join(child.name, sub.name), sub)
      }
    } else {
      out(child.name, child)
    }
  }
  const bytesBefore = sizeOf(root)
  return { drop, bytesBefore, bytesAfter: bytesBefore - dropped, units }
}

/** Pure: `.crate` files of `registry/cache/<registry>/` that Cargo.lock does not name. */
export function planRegistryPrune(cacheDir: DirNode, lockPackages: ReadonlySet<string>): PrunePlan {
  const drop: string[] = []
  let dropped = 0
  for (const registry of cacheDir.children) {
    if (!isDir(registry)) continue
    for (const file of registry.children) {
      if (
        !isDir(file) &&
        file.name.endsWith('.crate') &&
        !lockPackages.has(file.name.slice(0, -6))
      ) {
        drop.push(path.join(registry.name, file.name))
        dropped += file.size
      }
    }
  }
  const bytesBefore = sizeOf(cacheDir)
  return {
    drop,
    bytesBefore,
    bytesAfter: bytesBefore - dropped,
    units: { kept: 0, local: 0, unused: 0 },
  }
}

/** What of Zig's global cache is saved: see planZigPrune. */
export const ZigCacheKept: ReadonlySet<string> = new Set(['h', 'o'])

/**
 * Pure: of Zig's global cache (0.15: `b/ h/ o/ tmp/ z/`), only `o/` and `h/` are saved. `o/`
 * holds what `zig cc` built for the link: the glibc stubs (`libc.so.6` and the other `.so`
 * files assembled from the ABI lists), crt objects, `libc_nonshared.a`, libunwind and
 * compiler_rt, about 30 s of CPU cold on aarch64; `h/` holds the manifests that find them.
 * Left out: `z/` (the ZIR of Zig's own sources, ~37 MB, read only when something in `o/` must
 * be rebuilt), `b/` (generated `builtin.zig`), `tmp/` (scratch) and anything else. Measured with
 * zig 0.15.2: a link with only `h/` and `o/` restored rebuilt nothing and took 0.4 s. The key
 * pins the zig version and the target, so a restored `o/` holds what the next link needs.
 */
export function planZigPrune(zigCache: DirNode): PrunePlan {
  const drop = zigCache.children.filter((c) => !ZigCacheKept.has(c.name))
  const bytesBefore = sizeOf(zigCache)
  return {
    drop: drop.map((c) => c.name),
    bytesBefore,
    bytesAfter: bytesBefore - drop.reduce((n, c) => n + sizeOf(c), 0),
    units: { kept: 0, local: 0, unused: 0 },
  }
}

/** Pure: from Cargo.lock text, the local (path) package names and the `name-version` of the others. */
export function parseLockfile(text: string): { local: Set<string>; remote: Set<string> } {
  const local = new Set<string>()
  const remote = new Set<string>()
  for (const block of text.split(/^\[\[package\]\]\s*$/m).slice(1)) {
    const name = /^name = "([^"]+)"/m.exec(block)?.[1]
    const version = /^version = "([^"]+)"/m.exec(block)?.[1]
    if (!name) continue
    if (/^source = /m.test(block)) remote.add(`${name}-${version ?? ''}`)
    else local.add(name)
  }
  return { local, remote }
}

/** Reads a folder tree with sizes and last-use times (symlinks are not followed). */
export function scanTree(dir: string, name = path.basename(dir)): DirNode {
  const children: Node[] = []
  let entries: fs.Dirent[] = []
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return { name, children }
  }
  for (const e of entries) {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) {
      children.push(scanTree(full, e.name))
    } else {
      try {
        const st = fs.lstatSync(full)
        children.push({ name: e.name, size: st.size, usedMs: Math.max(st.atimeMs, st.mtimeMs) })
      } catch {
        // vanished while scanning
      }
    }
  }
  return { name, children }
}

/** True when reading a file updates its access time here (not on `noatime` mounts). */
export function accessTimesWork(dir: string): boolean {
  const probe = path.join(dir, `.atime-probe-${process.pid}`)
  try {
    fs.writeFileSync(probe, 'probe')
    const old = new Date(Date.now() - 3 * 86_400_000)
    fs.utimesSync(probe, old, old)
    fs.readFileSync(probe)
    return fs.statSync(probe).atimeMs > old.getTime() + 1000
  } catch {
    return false
  } finally {
    fs.rmSync(probe, { force: true })
  }
}
