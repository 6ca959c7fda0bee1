/**
 * Leaving entries out of a cache archive without deleting them: they are moved aside next to the
 * folder while @actions/cache archives it, then moved back (pruning never touches files a later
 * step may still use; self-hosted runners keep their target folder as it was).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'

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
