/**
 * Digests of an installed tool's files, to check a tool folder against pins at the moment of use.
 *
 * A pin names a path inside the tool's folder: `cargo-lambda` or `zig` is one file (the SHA-256 of
 * its bytes); a name ending in `/` (`lib/`) is a folder, whose digest is the SHA-256 of its listing:
 * one line per entry below it, sorted by path, `file <sha256> <path>` or `link <target> <path>`
 * (`other <path>` for anything else; modes and times are left out, so the digest is the same for
 * the official archive and any faithful repack). `.` is the whole folder. The same code computes
 * the pins in scripts/content-pins.ts.
 *
 * Files are read and hashed concurrently (WebCrypto's digest runs on libuv's thread pool), which
 * spreads Zig's 18,000 library files over the runner's cores.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { webcrypto } from 'node:crypto'

/** path inside the folder (`zig`, `lib/`, `.`) -> hex digest */
export type ContentPins = Readonly<Record<string, string>>

/** The file the action once wrote into tool folders; never part of a digest. */
export const LegacyMarker = '.rust-lambda-action.json'

const Concurrency = 16

export interface ContentMismatch {
  readonly path: string
  readonly expected: string
  /** `missing` when the path is not there (or not of the pinned kind). */
  readonly actual: string
}

/**
 * Checks `dir` against every pin; returns the mismatches (empty when all match). The folder is on
 * PATH, so an entry at its top that no pin covers must not be something PATH could run: only
 * plain files without execute bits, and folders, pass.
 */
export async function checkContent(dir: string, pins: ContentPins): Promise<ContentMismatch[]> {
  const [actual, extra] = await Promise.all([
    contentDigests(dir, Object.keys(pins)),
    runnableExtras(dir, pins),
  ])
  const out: ContentMismatch[] = []
  for (const [p, expected] of Object.entries(pins)) {
    const got = actual[p] ?? 'missing'
    if (got !== expected) out.push({ path: p, expected, actual: got })
  }
  for (const name of extra) out.push({ path: name, expected: 'absent', actual: 'an executable' })
  return out
}

/** Top-level entries no pin covers that PATH could run (executable files, symlinks). */
async function runnableExtras(dir: string, pins: ContentPins): Promise<string[]> {
  if ('.' in pins) return []
  const pinned = new Set(Object.keys(pins).map((p) => p.replace(/\/$/, '')))
  const out: string[] = []
  for (const d of await fs.promises.readdir(dir, { withFileTypes: true })) {
    if (pinned.has(d.name) || d.name === LegacyMarker || d.isDirectory()) continue
    const st = await fs.promises.lstat(path.join(dir, d.name))
    if (!st.isFile() || (st.mode & 0o111) !== 0) out.push(d.name)
  }
  return out.sort()
}

/** The digests of the given paths inside `dir` (`missing` for those that are not there). */
export async function contentDigests(
  dir: string,
  paths: readonly string[],
): Promise<Record<string, string>> {
  const entries = await Promise.all(
    paths.map(async (p): Promise<[string, string]> => {
      try {
        return [
          p,
          isTree(p) ? await treeDigest(treePath(dir, p)) : await fileDigest(path.join(dir, p)),
        ]
      } catch (e) {
        if (isMissing(e)) return [p, 'missing']
        throw e
      }
    }),
  )
  return Object.fromEntries(entries)
}

function isTree(p: string): boolean {
  return p === '.' || p.endsWith('/')
}

function treePath(dir: string, p: string): string {
  return p === '.' ? dir : path.join(dir, p.slice(0, -1))
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'NOTFILE'
}

/** SHA-256 (hex) of one regular file; a symlink or folder there is `missing` (not the pinned kind). */
export async function fileDigest(file: string): Promise<string> {
  const st = await fs.promises.lstat(file)
  if (!st.isFile()) throw Object.assign(new Error(`${file} is not a file`), { code: 'NOTFILE' })
  return sha256(await fs.promises.readFile(file))
}

/** The digest of a folder's listing (see the module comment). */
export async function treeDigest(root: string): Promise<string> {
  const st = await fs.promises.lstat(root)
  if (!st.isDirectory())
    throw Object.assign(new Error(`${root} is not a folder`), { code: 'NOTFILE' })
  const entries = await listTree(root)
  const lines: string[] = new Array<string>(entries.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const i = next++
      const e = entries[i] as TreeEntry
      const full = path.join(root, e.rel)
      if (e.kind === 'file')
        lines[i] = `file ${await sha256(await fs.promises.readFile(full))} ${e.rel}\n`
      else if (e.kind === 'link') lines[i] = `link ${await fs.promises.readlink(full)} ${e.rel}\n`
      else lines[i] = `other ${e.rel}\n`
    }
  }
  await Promise.all(Array.from({ length: Concurrency }, worker))
  return sha256Sync(lines.join(''))
}

interface TreeEntry {
  readonly rel: string
  readonly kind: 'file' | 'link' | 'other'
}

/** Every entry below `root` except folders, sorted by path (byte order), `/`-separated. */
async function listTree(root: string): Promise<TreeEntry[]> {
  const out: TreeEntry[] = []
  const walk = async (rel: string): Promise<void> => {
    const dirents = await fs.promises.readdir(path.join(root, rel), { withFileTypes: true })
    for (const d of dirents) {
      const r = rel === '' ? d.name : `${rel}/${d.name}`
      if (rel === '' && d.name === LegacyMarker) continue
      if (d.isDirectory()) await walk(r)
      else out.push({ rel: r, kind: d.isFile() ? 'file' : d.isSymbolicLink() ? 'link' : 'other' })
    }
  }
  await walk('')
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
}

function sha256(data: Buffer): Promise<string> {
  return webcrypto.subtle.digest('SHA-256', data).then((d) => Buffer.from(d).toString('hex'))
}

function sha256Sync(text: string): Promise<string> {
  return sha256(Buffer.from(text, 'utf8'))
}
