/**
 * Reproducible zips: the same files give byte-identical zips on any machine, in any time zone.
 * Fixed entry order, fixed modes, one fixed timestamp (DOS fields only: no extended-timestamp
 * field, whose UTC value would not match a DOS time written in local time), fixed deflate level.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import yazl from 'yazl'
import { PackageError } from '../errors.js'

/** 1980-01-01T00:00:00Z, the earliest time a zip's DOS timestamp can hold. */
export const ZipEpochSeconds = 315_532_800
const DOS_LAST_SECONDS = 4_354_819_198 // 2107-12-31T23:59:58Z
const COMPRESSION_LEVEL = 9

export interface ZipEntry {
  /** Path inside the zip, with forward slashes; a trailing slash makes a folder entry. */
  readonly name: string
  /** File to read the content from; undefined for a folder. */
  readonly source?: string | undefined
  /** Unix permission bits (0o755, 0o644). */
  readonly mode: number
}

/**
 * Pure: the time every packaged file carries, in seconds since 1970 (zips and image layers alike).
 * SOURCE_DATE_EPOCH (seconds) when set, clamped to the range a DOS timestamp can hold, else 1980-01-01.
 */
export function sourceDateSeconds(sourceDateEpoch: string | undefined): number {
  if (sourceDateEpoch === undefined || sourceDateEpoch.trim() === '') return ZipEpochSeconds
  if (!/^\d+$/.test(sourceDateEpoch.trim())) {
    throw new PackageError(
      `SOURCE_DATE_EPOCH is '${sourceDateEpoch}': expected whole seconds since 1970-01-01 (e.g. $(git log -1 --format=%ct)).`,
    )
  }
  return Math.min(Math.max(Number(sourceDateEpoch.trim()), ZipEpochSeconds), DOS_LAST_SECONDS)
}

/**
 * Pure: the timestamp for every zip entry (see sourceDateSeconds). The Date's LOCAL fields carry
 * the UTC time, because zip libraries write DOS fields from local time.
 */
export function zipTimestamp(sourceDateEpoch: string | undefined): Date {
  const seconds = sourceDateSeconds(sourceDateEpoch)
  const utc = new Date(seconds * 1000)
  return new Date(
    utc.getUTCFullYear(),
    utc.getUTCMonth(),
    utc.getUTCDate(),
    utc.getUTCHours(),
    utc.getUTCMinutes(),
    utc.getUTCSeconds(),
  )
}

/** Writes `entries` (in the given order) to `zipPath`; returns the total uncompressed size. */
export async function writeZip(
  zipPath: string,
  entries: readonly ZipEntry[],
  mtime: Date,
): Promise<number> {
  const zip = new yazl.ZipFile()
  let unzipped = 0
  for (const e of entries) {
    if (e.source === undefined) {
      zip.addEmptyDirectory(e.name, { mtime, mode: 0o040000 | e.mode, forceDosTimestamp: true })
      continue
    }
    const data = await fs.promises.readFile(e.source)
    unzipped += data.length
    zip.addBuffer(data, e.name, {
      mtime,
      mode: 0o100000 | e.mode,
      compressionLevel: COMPRESSION_LEVEL,
      forceDosTimestamp: true,
    })
  }
  const partial = `${zipPath}.partial`
  await fs.promises.mkdir(path.dirname(zipPath), { recursive: true })
  const done = new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(partial)
    out.on('error', reject)
    out.on('close', () => resolve())
    zip.outputStream.on('error', reject)
    zip.outputStream.pipe(out)
  })
  zip.end()
  await done
  await fs.promises.rename(partial, zipPath)
  return unzipped
}

/**
 * Pure: the zip layout Lambda expects. A function: `bootstrap` at the root. An extension:
 * `extensions/` and `extensions/<name>`. Then the include files, sorted, at their relative paths.
 */
export function zipEntries(
  kind: 'function' | 'extension',
  bin: string,
  binaryPath: string,
  includes: readonly ZipEntry[],
): ZipEntry[] {
  const main: ZipEntry[] =
    kind === 'function'
      ? [{ name: 'bootstrap', source: binaryPath, mode: 0o755 }]
      : [
          { name: 'extensions/', mode: 0o755 },
          { name: `extensions/${bin}`, source: binaryPath, mode: 0o755 },
        ]
  const names = new Set(main.map((e) => e.name))
  const rest = [...includes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const e of rest) {
    if (names.has(e.name)) {
      throw new PackageError(
        `Input 'include' adds '${e.name}', which the zip of '${bin}' already holds: rename or move that file.`,
      )
    }
    names.add(e.name)
  }
  return [...main, ...rest]
}

/**
 * The edge: expands the `include` input (files or folders, relative to the project folder) into
 * zip entries named by their relative path. Executable files keep 0755; everything else is 0644.
 */
export function includeEntries(patterns: readonly string[], baseDir: string): ZipEntry[] {
  const out: ZipEntry[] = []
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
    const files = stat.isDirectory() ? walk(abs) : [abs]
    for (const file of files) {
      const mode = (fs.statSync(file).mode & 0o111) !== 0 ? 0o755 : 0o644
      out.push({ name: path.relative(baseDir, file).split(path.sep).join('/'), source: file, mode })
    }
  }
  // The same file listed twice (directly and through its folder) is added once.
  return out.filter((e, i) => out.findIndex((o) => o.name === e.name) === i)
}

function walk(dir: string): string[] {
  const out: string[] = []
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name)
    if (d.isDirectory()) out.push(...walk(p))
    else if (d.isFile()) out.push(p)
  }
  return out
}
