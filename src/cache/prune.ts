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
 * Nothing is deleted: the left-out entries are moved aside next to the folder while
 * @actions/cache archives it, then moved back (pruning never touches files a later
 * step may still use; self-hosted runners keep their target folder as it was).
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

/** Entries moved aside; `restore()` puts them back. */
export interface SetAside {
  readonly moved: number
  restore(): void
}

/** The sibling folders `setAside` makes for `root`: `.<name>.pruned-XXXXXX`. */
const asidePrefix = (root: string): string => `.${path.basename(root)}.pruned-`

/** Written into the aside folder before anything moves: what to put back where. */
const MANIFEST = 'manifest.json'
interface Manifest {
  readonly root: string
  /** Entry i is `<aside>/<i>`, set aside from `<root>/<entries[i]>`. */
  readonly entries: readonly string[]
  readonly createdMs: number
}

/**
 * Moves `relPaths` (relative to `root`) into a sibling folder of `root`, which @actions/cache
 * does not archive. Renames only (same file system); if one fails, everything is put back and
 * nothing is left out. A manifest goes first, so a post step killed before `restore()` (a
 * timeout, a cancel) leaves what `recoverSetAside` needs to put things back on the next run.
 */
export function setAside(
  root: string,
  relPaths: readonly string[],
  now: number = Date.now(),
): SetAside {
  if (relPaths.length === 0) return { moved: 0, restore: () => undefined }
  const aside = fs.mkdtempSync(path.join(path.dirname(root), asidePrefix(root)))
  const manifest: Manifest = { root, entries: relPaths, createdMs: now }
  fs.writeFileSync(path.join(aside, MANIFEST), JSON.stringify(manifest))
  const done: [from: string, to: string][] = []
  const restore = (): void => {
    for (const [from, to] of done.reverse()) {
      try {
        fs.renameSync(to, from)
      } catch {
        // the original folder is gone: nothing to put back into
      }
    }
    done.length = 0
    fs.rmSync(aside, { recursive: true, force: true })
  }
  try {
    relPaths.forEach((rel, i) => {
      const from = path.join(root, rel)
      const to = path.join(aside, String(i))
      fs.renameSync(from, to)
      done.push([from, to])
    })
  } catch (error) {
    restore()
    throw error
  }
  return { moved: done.length, restore }
}

const isFolder = (p: string): boolean => {
  try {
    return fs.lstatSync(p).isDirectory()
  } catch {
    return false
  }
}

/** Set-aside entries older than this are not moved back: the build has moved on. */
export const STALE_ASIDE_MS = 7 * 86_400_000

/** What `recoverSetAside` did with one folder an interrupted save left behind. */
export interface Recovered {
  readonly folder: string
  readonly restored: number
  readonly removed: number
}

/**
 * Puts back what an interrupted save left aside next to `root` (a post step killed between
 * `setAside` and `restore`, which matters on persistent self-hosted runners), then removes the
 * aside folder. An entry is stale, and removed, when its place in `root` is taken again (a later
 * build wrote it), when `root` is gone, when the folder is older than STALE_ASIDE_MS, or when
 * the folder has no readable manifest.
 */
export function recoverSetAside(root: string, now: number = Date.now()): Recovered[] {
  const parent = path.dirname(root)
  let names: string[]
  try {
    names = fs.readdirSync(parent).filter((n) => n.startsWith(asidePrefix(root)))
  } catch {
    return []
  }
  const out: Recovered[] = []
  for (const name of names) {
    const folder = path.join(parent, name)
    if (!isFolder(folder)) continue
    let manifest: Manifest | undefined
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(folder, MANIFEST), 'utf8')) as Manifest
    } catch {
      manifest = undefined
    }
    const fresh =
      manifest !== undefined && now - manifest.createdMs < STALE_ASIDE_MS && isFolder(root)
    let restored = 0
    let removed = 0
    for (const [i, rel] of (manifest?.entries ?? []).entries()) {
      const from = path.join(folder, String(i))
      if (!fs.existsSync(from)) continue // never moved
      const to = path.join(root, rel)
      if (fresh && !fs.existsSync(to)) {
        try {
          fs.mkdirSync(path.dirname(to), { recursive: true })
          fs.renameSync(from, to)
          restored += 1
          continue
        } catch {
          // could not put it back: it goes with the folder
        }
      }
      removed += 1
    }
    if (manifest === undefined) {
      removed = fs.readdirSync(folder).length
    }
    fs.rmSync(folder, { recursive: true, force: true })
    out.push({ folder, restored, removed })
  }
  return out
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
