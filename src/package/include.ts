/** The `include` input: the files and folders it names, as zip entries, kept inside the project. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { PackageError } from '../errors.js'
import type { ZipEntry } from './zip.js'

/**
 * The edge: expands the `include` input (files or folders, relative to the project folder) into
 * zip entries named by their relative path. Executable files keep 0755; everything else is 0644.
 * Every path is checked with symlinks followed: an entry, or a symlink inside a listed folder,
 * whose real path leaves the project folder fails the step, naming the entry and its target
 * (a pull request could otherwise add a symlink that ships a file of the runner). A symlink that
 * stays inside is stored as the file (or folder) it points to.
 */
export function includeEntries(patterns: readonly string[], baseDir: string): ZipEntry[] {
  const out: ZipEntry[] = []
  const realBase = fs.realpathSync(baseDir)
  for (const pattern of patterns) {
    const abs = path.resolve(baseDir, pattern)
    const rel = path.relative(baseDir, abs)
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new PackageError(
        `Input 'include' names '${pattern}', which is not inside the project folder ${baseDir}: list files or folders below it.`,
      )
    }
    let stat: fs.Stats
    try {
      stat = fs.statSync(abs)
    } catch {
      throw new PackageError(
        `Input 'include' names '${pattern}', which does not exist (looked for ${abs}).`,
      )
    }
    containedIn(realBase, abs, pattern, pattern)
    const listed = stat.isDirectory()
      ? walk(abs, { realBase, pattern, root: abs, seen: new Set() })
      : [{ path: abs, folder: false }]
    for (const found of listed) {
      const name = path.relative(baseDir, found.path).split(path.sep).join('/')
      if (found.folder) {
        out.push({ name: `${name}/`, mode: 0o755 })
        continue
      }
      const mode = (fs.statSync(found.path).mode & 0o111) !== 0 ? 0o755 : 0o644
      out.push({ name, source: found.path, mode })
    }
  }
  // The same file listed twice (directly and through its folder) is added once.
  return out.filter((e, i) => out.findIndex((o) => o.name === e.name) === i)
}

/** Throws unless the real path of `p` (symlinks followed) is inside `realBase`; returns it. */
function containedIn(realBase: string, p: string, pattern: string, entry: string): string {
  const real = fs.realpathSync(p)
  const rel = path.relative(realBase, real)
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    const what =
      entry === pattern ? `names '${pattern}'` : `names '${pattern}', which holds '${entry}'`
    throw new PackageError(
      `Input 'include' ${what}, a symlink to ${real}, outside the project folder ${realBase}: ` +
        'files from outside the project are never zipped. Remove the symlink, or copy the file into the project.',
    )
  }
  return real
}

interface WalkContext {
  readonly realBase: string
  readonly pattern: string
  /** The listed folder. */
  readonly root: string
  /** Real paths of the folders walked (a symlink loop is walked once). */
  readonly seen: Set<string>
}

/**
 * The files below `dir`, and the folders that hold nothing (themselves included). Symlinks are
 * followed once checked to stay inside the project; anything else (sockets, devices) is left out.
 */
function walk(dir: string, ctx: WalkContext): { path: string; folder: boolean }[] {
  const real = fs.realpathSync(dir)
  if (ctx.seen.has(real)) return []
  ctx.seen.add(real)
  const out: { path: string; folder: boolean }[] = []
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name)
    let isDir = d.isDirectory()
    let isFile = d.isFile()
    if (d.isSymbolicLink()) {
      const entry = [
        ctx.pattern.replace(/\/+$/, ''),
        ...path.relative(ctx.root, p).split(path.sep),
      ].join('/')
      let target: fs.Stats
      try {
        target = fs.statSync(p)
      } catch {
        throw new PackageError(
          `Input 'include' names '${ctx.pattern}', which holds '${entry}', a symlink to ${fs.readlinkSync(p)} that does not exist: remove it or fix its target.`,
        )
      }
      containedIn(ctx.realBase, p, ctx.pattern, entry)
      isDir = target.isDirectory()
      isFile = target.isFile()
    }
    if (isDir) out.push(...walk(p, ctx))
    else if (isFile) out.push({ path: p, folder: false })
  }
  return out.length === 0 ? [{ path: dir, folder: true }] : out
}
