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
 * The files of a check (Zig: its 172 MB binary and lib/, 7,481 files, 64 MB, once the libcs of
 * other systems are removed: tools/zig-lib.ts) are hashed synchronously, one reused buffer and one
 * streaming hash per file: the cost is the bytes, not a promise per file. When a folder is pinned,
 * the main thread hashes the pinned single files (the binaries) from the start, while the first of
 * one worker thread per other core (up to `MaxThreads` threads in all) lists the folder and starts
 * on its files; every thread then takes the folder's next file from a shared counter. Measured
 * on two cores in a fresh process: the binary takes the main thread about 175 ms; the worker is up
 * after about 50 ms, lists lib/ in 25 ms and is through most of its files by then, so the check
 * takes about 200 ms of wall time for 380 ms of CPU.
 *
 * Considered and passed over: starting the checks earlier, on workers only, while the Rust
 * toolchain step waits on rustup. On two cores the check is bound by CPU, not by waiting: that
 * saved 15 ms of the time the check adds to a run (219 -> 204 ms) for 40% more CPU (a worker more
 * to start per tool).
 */
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { Worker } from 'node:worker_threads'

/** path inside the folder (`zig`, `lib/`, `.`) -> hex digest */
export type ContentPins = Readonly<Record<string, string>>

/** The file the action once wrote into tool folders; never part of a digest. */
export const LegacyMarker = '.rust-lambda-action.json'

/** Threads hashing one check, at most, the main thread included. */
const MaxThreads = 4

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
  const actual = await contentDigests(dir, Object.keys(pins))
  const extra = runnableExtras(dir, pins)
  const out: ContentMismatch[] = []
  for (const [p, expected] of Object.entries(pins)) {
    const got = actual[p] ?? 'missing'
    if (got !== expected) out.push({ path: p, expected, actual: got })
  }
  for (const name of extra) out.push({ path: name, expected: 'absent', actual: 'an executable' })
  return out
}

/** Top-level entries no pin covers that PATH could run (executable files, symlinks). */
function runnableExtras(dir: string, pins: ContentPins): string[] {
  if ('.' in pins) return []
  const pinned = new Set(Object.keys(pins).map((p) => p.replace(/\/$/, '')))
  const out: string[] = []
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (pinned.has(d.name) || d.name === LegacyMarker || d.isDirectory()) continue
    const st = fs.lstatSync(path.join(dir, d.name))
    if (!st.isFile() || (st.mode & 0o111) !== 0) out.push(d.name)
  }
  return out.sort()
}

/**
 * The digests of the given paths inside `dir` (`missing` for those that are not there). With
 * workers, this thread hashes the pinned single files (the large binaries) from the start, while
 * the first worker lists the pinned folders and starts on their files; every thread then takes the
 * folders' next file from a shared counter.
 */
export async function contentDigests(
  dir: string,
  paths: readonly string[],
  options: HashOptions = {},
): Promise<Record<string, string>> {
  // A worker costs ~50 ms of CPU to start: worth it for a folder's thousands of files, not for one
  // binary.
  const threads =
    options.threads ?? (paths.some(isTree) ? Math.min(os.availableParallelism(), MaxThreads) : 1)
  const singles: string[] = []
  const roots: string[] = []
  const plans = paths.map((p): Plan => {
    const tree = isTree(p)
    const target = tree ? treePath(dir, p) : path.join(dir, p)
    try {
      const st = fs.lstatSync(target)
      if (tree ? !st.isDirectory() : !st.isFile()) return { p, kind: 'missing' }
    } catch (e) {
      if (isMissing(e)) return { p, kind: 'missing' }
      throw e
    }
    return tree
      ? { p, kind: 'tree', at: roots.push(target) - 1 }
      : { p, kind: 'file', at: singles.push(target) - 1 }
  })

  const pool = new HashPool(roots.length > 0 ? threads - 1 : 0)
  try {
    const next = new Int32Array(new SharedArrayBuffer(4))
    const lister = pool.listAndHash(roots, next)
    const hashedSingles = assemble(singles.length, [
      hashFiles(fs, crypto, singles, new Int32Array(1)),
    ])
    const listed = lister !== undefined ? await lister.listed : listTrees(fs, roots, LegacyMarker)
    const others = pool.hash(listed.files, next)
    const mine = hashFiles(fs, crypto, listed.files, next)
    const hashedTrees = assemble(listed.files.length, [
      mine,
      ...(lister !== undefined ? [await lister.share] : []),
      ...(await others),
    ])

    const out: Record<string, string> = {}
    for (const plan of plans) {
      try {
        out[plan.p] =
          plan.kind === 'missing'
            ? 'missing'
            : plan.kind === 'file'
              ? digestAt(hashedSingles, singles, plan.at)
              : listingDigest(roots[plan.at] as string, listed, plan.at, hashedTrees)
      } catch (e) {
        if (!isMissing(e)) throw e
        out[plan.p] = 'missing'
      }
    }
    return out
  } finally {
    pool.close()
  }
}

export interface HashOptions {
  /** Threads hashing, the main thread included; default: one per core (at most `MaxThreads`). */
  readonly threads?: number
}

type Plan =
  | { readonly p: string; readonly kind: 'missing' }
  /** `at`: the index of the file in the single files, or of the folder in the listed roots. */
  | { readonly p: string; readonly kind: 'file' | 'tree'; readonly at: number }

/** The digest of a folder's listing (see the module comment). */
export async function treeDigest(root: string, options: HashOptions = {}): Promise<string> {
  const got = await contentDigests(path.dirname(root), [`${path.basename(root)}/`], options)
  const digest = got[`${path.basename(root)}/`] as string
  if (digest === 'missing')
    throw Object.assign(new Error(`${root} is not a folder`), { code: 'NOTFILE' })
  return digest
}

/** The digest of the listing of root `r` (see the module comment). */
function listingDigest(root: string, listed: Listed, r: number, hashed: readonly string[]): string {
  const tree = listed.trees[r] as ListedTree
  if (typeof tree === 'string') throw Object.assign(new Error(`${root}: ${tree}`), { code: tree })
  let next = tree.at
  return digestOfListing(
    tree.entries.map((e): ListingItem => {
      if (e.kind === 'file')
        return { ...e, kind: 'file', value: digestAt(hashed, listed.files, next++) }
      if (e.kind === 'link')
        return { ...e, kind: 'link', value: fs.readlinkSync(path.join(root, e.rel)) }
      return { rel: e.rel, kind: 'other' }
    }),
  )
}

/** One line of a folder's listing: a file and its SHA-256, a symlink and its target, or other. */
export type ListingItem =
  | { readonly rel: string; readonly kind: 'file' | 'link'; readonly value: string }
  | { readonly rel: string; readonly kind: 'other' }

/**
 * Pure: the digest of a folder's listing (see the module comment), from its items sorted by path
 * (byte order). Also what tools/archive-digest.ts builds from an archive's entries.
 */
export function digestOfListing(items: readonly ListingItem[]): string {
  let listing = ''
  for (const e of items)
    listing += e.kind === 'other' ? `other ${e.rel}\n` : `${e.kind} ${e.value} ${e.rel}\n`
  return crypto.createHash('sha256').update(listing, 'utf8').digest('hex')
}

/** Pure: the byte order of paths that listings are sorted in. */
export function byPath(a: { readonly rel: string }, b: { readonly rel: string }): number {
  return a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0
}

/** A file's digest, or the error that kept it from being read (with its code). */
function digestAt(hashed: readonly string[], files: readonly string[], i: number): string {
  const d = hashed[i] as string
  if (!d.startsWith('!')) return d
  throw Object.assign(new Error(`${files[i] as string}: ${d.slice(1)}`), { code: d.slice(1) })
}

function isTree(p: string): boolean {
  return p === '.' || p.endsWith('/')
}

function treePath(dir: string, p: string): string {
  return p === '.' ? dir : path.join(dir, p.slice(0, -1))
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code
  return (
    code === 'ENOENT' ||
    code === 'ENOTDIR' ||
    code === 'EISDIR' ||
    code === 'ELOOP' ||
    code === 'NOTFILE'
  )
}

interface TreeEntry {
  readonly rel: string
  readonly kind: 'file' | 'link' | 'other'
}

/** A listed folder: its entries and the index of its first file in `Listed.files`; or the error code that kept it from being listed. */
type ListedTree = { readonly entries: readonly TreeEntry[]; readonly at: number } | string

interface Listed {
  readonly trees: readonly ListedTree[]
  /** The files of every tree, in order: the list the threads hash. */
  readonly files: readonly string[]
}

/**
 * Lists each root: every entry below it except folders (and `marker` at its top), sorted
 * by path (byte order), `/`-separated. Also a worker's source (see `WorkerSource`): it must use
 * nothing but its parameters and globals.
 */
function listTrees(fsm: typeof fs, roots: readonly string[], marker: string): Listed {
  const files: string[] = []
  const trees = roots.map((root): ListedTree => {
    const entries: TreeEntry[] = []
    const walk = (rel: string): void => {
      const at = rel === '' ? root : `${root}/${rel}`
      for (const d of fsm.readdirSync(at, { withFileTypes: true })) {
        const r = rel === '' ? d.name : `${rel}/${d.name}`
        if (rel === '' && d.name === marker) continue
        if (d.isDirectory()) walk(r)
        else
          entries.push({
            rel: r,
            kind: d.isFile() ? 'file' : d.isSymbolicLink() ? 'link' : 'other',
          })
      }
    }
    try {
      walk('')
    } catch (e) {
      return (e as NodeJS.ErrnoException).code ?? String(e)
    }
    // byPath's order, written out: this function is a worker's source too.
    entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
    const at = files.length
    for (const e of entries) if (e.kind === 'file') files.push(`${root}/${e.rel}`)
    return { entries, at }
  })
  return { trees, files }
}

/** `[index, digest, …]`: the files one thread hashed of a list (`!<code>` for one it could not read). */
type Share = (number | string)[]

/** Pure: the digests of a list's files, in order, from every thread's share. */
function assemble(count: number, shares: readonly Share[]): string[] {
  const out = new Array<string>(count)
  for (const share of shares)
    for (let k = 0; k < share.length; k += 2) out[share[k] as number] = share[k + 1] as string
  return out
}

/**
 * Worker threads, each doing the jobs posted to it in order and answering each with a message: a
 * list of files to hash (answered with the worker's share), or folders to list, then hash (the
 * first worker only; answered with the listing, then its share).
 */
class HashPool {
  private readonly workers: { readonly worker: Worker; readonly waiting: Waiting[] }[]

  constructor(count: number) {
    this.workers = Array.from({ length: Math.max(0, count) }, () => {
      const worker = new Worker(WorkerSource, { eval: true })
      const waiting: Waiting[] = []
      worker.on('message', (answer: unknown) => waiting.shift()?.resolve(answer))
      const fail = (e: Error): void => {
        for (const w of waiting.splice(0)) w.reject(e)
      }
      worker.on('error', fail)
      worker.on('exit', (code) => fail(new Error(`a hashing worker exited with code ${code}`)))
      return { worker, waiting }
    })
  }

  /** The first worker lists `roots`, then hashes their files from `next`; none without workers. */
  listAndHash(
    roots: readonly string[],
    next: Int32Array,
  ): { listed: Promise<Listed>; share: Promise<Share> } | undefined {
    const first = this.workers[0]
    if (first === undefined) return undefined
    const [listed, share] = [this.answer<Listed>(first), this.answer<Share>(first)]
    first.worker.postMessage({ roots, next, marker: LegacyMarker })
    return { listed, share }
  }

  /** The other workers hash `files` from `next`; their shares. */
  hash(files: readonly string[], next: Int32Array): Promise<Share[]> {
    const others = this.workers.slice(1)
    const shares = Promise.all(others.map((w) => this.answer<Share>(w)))
    for (const { worker } of others) worker.postMessage({ files, next })
    return shares
  }

  close(): void {
    for (const { worker } of this.workers) {
      worker.removeAllListeners()
      void worker.terminate()
    }
  }

  private answer<T>(w: { readonly waiting: Waiting[] }): Promise<T> {
    const p = new Promise<T>((resolve, reject) =>
      w.waiting.push({ resolve: resolve as (a: unknown) => void, reject }),
    )
    // Handled here as well: an answer the caller no longer awaits (it failed first) must not
    // become an unhandled rejection.
    p.catch(() => undefined)
    return p
  }
}

interface Waiting {
  readonly resolve: (answer: unknown) => void
  readonly reject: (e: Error) => void
}

/**
 * Hashes files until the shared counter `next` runs past the list; returns `[index, digest, …]`.
 * Every byte is read, into one reused buffer; a symlink put in a file's place after the listing
 * fails to open (O_NOFOLLOW) rather than being followed. Also a worker's source (see
 * `WorkerSource`): it must use nothing but its parameters and globals.
 */
function hashFiles(
  fsm: typeof fs,
  cr: typeof crypto,
  files: readonly string[],
  next: Int32Array,
): Share {
  // 256 KiB: a chunk that stays in the core's cache between the read that copies it and the hash
  // that reads it. Measured on Zig's 172 MB binary: 160 ms to read and hash, against 234 ms with
  // 1 MiB chunks and 177 ms with 64 KiB.
  const buf = Buffer.allocUnsafe(1 << 18)
  const flags = fsm.constants.O_RDONLY | fsm.constants.O_NOFOLLOW
  const out: Share = []
  for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
    let fd = -1
    try {
      fd = fsm.openSync(files[i] as string, flags)
      // A short read of a regular file is its end: most files fit the buffer, one call hashes them.
      let n = fsm.readSync(fd, buf, 0, buf.length, null)
      if (n < buf.length) {
        out.push(i, cr.hash('sha256', buf.subarray(0, n), 'hex'))
        continue
      }
      const hash = cr.createHash('sha256').update(buf)
      while (n === buf.length) {
        n = fsm.readSync(fd, buf, 0, buf.length, null)
        hash.update(buf.subarray(0, n))
      }
      out.push(i, hash.digest('hex'))
    } catch (e) {
      out.push(i, `!${(e as NodeJS.ErrnoException).code ?? String(e)}`)
    } finally {
      if (fd >= 0) fsm.closeSync(fd)
    }
  }
  return out
}

/**
 * A worker thread's source: `listTrees` and `hashFiles` themselves. A string rather than a file,
 * so that the bundle in dist/ (one file per entry, made by ncc) needs nothing beside it.
 */
const WorkerSource = `const { parentPort } = require('node:worker_threads')
const fs = require('node:fs')
const crypto = require('node:crypto')
const listTrees = ${listTrees.toString()}
const hashFiles = ${hashFiles.toString()}
parentPort.on('message', (job) => {
  let files = job.files
  if (job.roots !== undefined) {
    const listed = listTrees(fs, job.roots, job.marker)
    parentPort.postMessage(listed)
    files = listed.files
  }
  parentPort.postMessage(hashFiles(fs, crypto, files, job.next))
})`
