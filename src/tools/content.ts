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
 * The files of all the pins of a check (Zig: its 172 MB binary and lib/, 7,481 files, 64 MB, once
 * the libcs of other systems are removed: tools/zig-lib.ts) are hashed as one job list,
 * synchronously, one reused buffer and one streaming hash per file: the cost is the bytes, not a
 * promise per file. The main thread and one worker thread per other core (up to
 * `MaxThreads` in all) take the next file from a shared counter, largest known first, so the cores
 * finish together.
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
/** Below this many files the main thread hashes alone (a worker takes ~30 ms to start). */
const ThreadedFrom = 256

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

/** The digests of the given paths inside `dir` (`missing` for those that are not there). */
export async function contentDigests(
  dir: string,
  paths: readonly string[],
  options: HashOptions = {},
): Promise<Record<string, string>> {
  const files: string[] = []
  const plans = paths.map((p): Plan => {
    try {
      if (!isTree(p)) {
        const file = path.join(dir, p)
        if (!fs.lstatSync(file).isFile()) return { p, kind: 'missing' }
        return { p, kind: 'file', at: files.push(file) - 1 }
      }
      const root = treePath(dir, p)
      if (!fs.lstatSync(root).isDirectory()) return { p, kind: 'missing' }
      const entries = listTree(root)
      const at = files.length
      for (const e of entries) if (e.kind === 'file') files.push(path.join(root, e.rel))
      return { p, kind: 'tree', root, entries, at }
    } catch (e) {
      if (isMissing(e)) return { p, kind: 'missing' }
      throw e
    }
  })
  const hashed = await hashAll(files, options.threads)
  const out: Record<string, string> = {}
  for (const plan of plans) {
    try {
      out[plan.p] =
        plan.kind === 'missing'
          ? 'missing'
          : plan.kind === 'file'
            ? digestAt(hashed, files, plan.at)
            : listingDigest(plan, hashed, files)
    } catch (e) {
      if (!isMissing(e)) throw e
      out[plan.p] = 'missing'
    }
  }
  return out
}

export interface HashOptions {
  /** Threads hashing, the main thread included; default: one per core (at most `MaxThreads`). */
  readonly threads?: number
}

type Plan =
  | { readonly p: string; readonly kind: 'missing' }
  | { readonly p: string; readonly kind: 'file'; readonly at: number }
  | {
      readonly p: string
      readonly kind: 'tree'
      readonly root: string
      readonly entries: readonly TreeEntry[]
      /** Index of the tree's first file in the job list. */
      readonly at: number
    }

/** The digest of a folder's listing (see the module comment). */
export async function treeDigest(root: string, options: HashOptions = {}): Promise<string> {
  const got = await contentDigests(path.dirname(root), [`${path.basename(root)}/`], options)
  const digest = got[`${path.basename(root)}/`] as string
  if (digest === 'missing')
    throw Object.assign(new Error(`${root} is not a folder`), { code: 'NOTFILE' })
  return digest
}

function listingDigest(
  plan: Extract<Plan, { kind: 'tree' }>,
  hashed: readonly string[],
  files: readonly string[],
): string {
  let next = plan.at
  let listing = ''
  for (const e of plan.entries) {
    if (e.kind === 'file') listing += `file ${digestAt(hashed, files, next++)} ${e.rel}\n`
    else if (e.kind === 'link')
      listing += `link ${fs.readlinkSync(path.join(plan.root, e.rel))} ${e.rel}\n`
    else listing += `other ${e.rel}\n`
  }
  return crypto.createHash('sha256').update(listing, 'utf8').digest('hex')
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

/** Every entry below `root` except folders, sorted by path (byte order), `/`-separated. */
function listTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = []
  const walk = (rel: string): void => {
    for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel === '' ? d.name : `${rel}/${d.name}`
      if (rel === '' && d.name === LegacyMarker) continue
      if (d.isDirectory()) walk(r)
      else out.push({ rel: r, kind: d.isFile() ? 'file' : d.isSymbolicLink() ? 'link' : 'other' })
    }
  }
  walk('')
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
}

/**
 * SHA-256 (hex) of each file, in order (`!<code>` for one that could not be read), over `threads`
 * threads: the main thread and workers each take the next file from a shared counter. The pinned
 * single files (the large binaries) come first in the list, so they start first.
 */
async function hashAll(files: readonly string[], threads: number | undefined): Promise<string[]> {
  const out = new Array<string>(files.length)
  const next = new Int32Array(new SharedArrayBuffer(4))
  const n =
    threads ?? (files.length >= ThreadedFrom ? Math.min(os.availableParallelism(), MaxThreads) : 1)
  const workers = Array.from({ length: Math.max(0, n - 1) }, () => hashInWorker(files, next))
  // The main thread hashes too (blocking, while the workers start), then collects their share.
  const shares = [hashFiles(fs, crypto, files, next), ...(await Promise.all(workers))]
  for (const share of shares)
    for (let k = 0; k < share.length; k += 2) out[share[k] as number] = share[k + 1] as string
  return out
}

/**
 * Hashes files until the shared counter `next` runs past the list; returns `[index, digest, …]`.
 * Every byte is read, into one reused buffer; a symlink put in a file's place after the listing
 * fails to open (O_NOFOLLOW) rather than being followed. Also the source of the worker threads
 * (see `WorkerSource`): it must use nothing but its parameters and globals.
 */
function hashFiles(
  fsm: typeof fs,
  cr: typeof crypto,
  files: readonly string[],
  next: Int32Array,
): (number | string)[] {
  // 256 KiB: a chunk that stays in the core's cache between the read that copies it and the hash
  // that reads it. Measured on Zig's 172 MB binary: 160 ms to read and hash, against 234 ms with
  // 1 MiB chunks and 177 ms with 64 KiB.
  const buf = Buffer.allocUnsafe(1 << 18)
  const flags = fsm.constants.O_RDONLY | fsm.constants.O_NOFOLLOW
  const out: (number | string)[] = []
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
 * A worker thread's source: `hashFiles` itself. A string rather than a file, so that the bundle
 * in dist/ (one file per entry, made by ncc) needs nothing beside it.
 */
const WorkerSource = `const { parentPort, workerData } = require('node:worker_threads')
const hashFiles = ${hashFiles.toString()}
parentPort.postMessage(hashFiles(require('node:fs'), require('node:crypto'), workerData.files, workerData.next))`

function hashInWorker(files: readonly string[], next: Int32Array): Promise<(number | string)[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WorkerSource, { eval: true, workerData: { files, next } })
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`a hashing worker exited with code ${code}`)))
  })
}
