/**
 * Reproducible zips: the same files give byte-identical zips on any machine, in any time zone, on
 * any Node release. Fixed entry order, fixed modes, one fixed timestamp written as DOS fields
 * computed from UTC (no extended-timestamp field), and a deflate stream from fflate, pure
 * JavaScript pinned to an exact version and bundled into dist/.
 *
 * Why not yazl (or fflate's own zip writer) with Node's zlib: Node's zlib output has changed
 * between Node releases (nodejs/node#50138) and differs between builds with hardware-accelerated
 * hashing on x86-64 and arm64 (zlib-rs#300), and the runner's node24 is updated under the action.
 * Both writers also derive DOS fields from local time, which a daylight-saving gap shifts by an
 * hour. The zip container itself is a few fixed records (APPNOTE 4.3), written here.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { crc32 } from 'node:zlib'
import { deflateSync } from 'fflate'
import { PackageError } from '../errors.js'

/** 1980-01-01T00:00:00Z, the earliest time a zip's DOS timestamp can hold. */
export const ZipEpochSeconds = 315_532_800
const DOS_LAST_SECONDS = 4_354_819_198 // 2107-12-31T23:59:58Z
const COMPRESSION_LEVEL = 9
/** What one zip without Zip64 records can hold. */
const MAX_ENTRY_BYTES = 0xffff_ffff
const MAX_ENTRIES = 0xffff

export interface ZipEntry {
  /** Path inside the zip, with forward slashes; a trailing slash makes a folder entry. */
  readonly name: string
  /** File to read the content from; undefined for a folder. */
  readonly source?: string | undefined
  /** Unix permission bits (0o755, 0o644). */
  readonly mode: number
}

/** The DOS date and time fields every entry carries (two-second resolution). */
export interface DosTimestamp {
  readonly date: number
  readonly time: number
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
 * Pure: the timestamp for every zip entry (see sourceDateSeconds). The fields come from the UTC
 * calendar only, never from local time, so every time zone (and every daylight-saving gap) gives
 * the same bytes.
 */
export function zipTimestamp(sourceDateEpoch: string | undefined): DosTimestamp {
  const seconds = sourceDateSeconds(sourceDateEpoch)
  const utc = new Date(seconds * 1000)
  return {
    date: ((utc.getUTCFullYear() - 1980) << 9) | ((utc.getUTCMonth() + 1) << 5) | utc.getUTCDate(),
    time: (utc.getUTCHours() << 11) | (utc.getUTCMinutes() << 5) | (utc.getUTCSeconds() >> 1),
  }
}

/** One entry as written: its local header's fields and its (compressed) data. */
interface ZipRecord {
  readonly name: Buffer
  readonly utf8: boolean
  readonly method: 0 | 8
  readonly crc: number
  readonly size: number
  readonly data: Uint8Array
  readonly attributes: number
}

/** Pure: the bytes of one entry. Deflated unless that would not make it smaller. */
function toRecord(entry: ZipEntry, content: Uint8Array | undefined): ZipRecord {
  const folder = content === undefined
  const name = Buffer.from(entry.name, 'utf8')
  const mode = (folder ? 0o040000 : 0o100000) | entry.mode
  // External attributes: the Unix mode in the high 16 bits, the MS-DOS folder bit for folders.
  const attributes = ((mode << 16) | (folder ? 0x10 : 0)) >>> 0
  const raw = content ?? new Uint8Array(0)
  const deflated = raw.length === 0 ? raw : deflateSync(raw, { level: COMPRESSION_LEVEL })
  const method = deflated.length < raw.length ? 8 : 0
  return {
    name,
    utf8: name.length !== entry.name.length,
    method,
    crc: crc32(raw),
    size: raw.length,
    data: method === 8 ? deflated : raw,
    attributes,
  }
}

const VERSION_NEEDED = 20 // 2.0: deflate and folders
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED // 3: Unix, so readers honour the mode bits

function localHeader(r: ZipRecord, at: DosTimestamp): Buffer {
  const h = Buffer.alloc(30)
  h.writeUInt32LE(0x04034b50, 0)
  h.writeUInt16LE(VERSION_NEEDED, 4)
  entryFields(h, 6, r, at)
  h.writeUInt16LE(0, 28) // no extra fields
  return Buffer.concat([h, r.name])
}

function centralHeader(r: ZipRecord, at: DosTimestamp, offset: number): Buffer {
  const h = Buffer.alloc(46)
  h.writeUInt32LE(0x02014b50, 0)
  h.writeUInt16LE(VERSION_MADE_BY, 4)
  h.writeUInt16LE(VERSION_NEEDED, 6)
  entryFields(h, 8, r, at)
  // extra field length, comment length, disk number, internal attributes: all 0
  h.writeUInt32LE(r.attributes, 38)
  h.writeUInt32LE(offset, 42)
  return Buffer.concat([h, r.name])
}

/**
 * The fields both headers hold in the same order (flags, method, time, date, CRC-32, compressed
 * and uncompressed size, name length), from `offset` on.
 */
function entryFields(h: Buffer, offset: number, r: ZipRecord, at: DosTimestamp): void {
  h.writeUInt16LE(r.utf8 ? 0x0800 : 0, offset)
  h.writeUInt16LE(r.method, offset + 2)
  h.writeUInt16LE(at.time, offset + 4)
  h.writeUInt16LE(at.date, offset + 6)
  h.writeUInt32LE(r.crc, offset + 8)
  h.writeUInt32LE(r.data.length, offset + 12)
  h.writeUInt32LE(r.size, offset + 16)
  h.writeUInt16LE(r.name.length, offset + 20)
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(22)
  h.writeUInt32LE(0x06054b50, 0)
  h.writeUInt16LE(count, 8)
  h.writeUInt16LE(count, 10)
  h.writeUInt32LE(size, 12)
  h.writeUInt32LE(offset, 16)
  return h
}

/** Writes `entries` (in the given order) to `zipPath`; returns the total uncompressed size. */
export async function writeZip(
  zipPath: string,
  entries: readonly ZipEntry[],
  at: DosTimestamp,
): Promise<number> {
  if (entries.length > MAX_ENTRIES) {
    throw new PackageError(
      `The zip ${zipPath} would hold ${entries.length} entries, more than the ${MAX_ENTRIES} a zip without Zip64 can: include fewer files.`,
    )
  }
  const partial = `${zipPath}.partial`
  await fs.promises.mkdir(path.dirname(zipPath), { recursive: true })
  const out = await fs.promises.open(partial, 'w')
  let unzipped = 0
  try {
    const central: Buffer[] = []
    let offset = 0
    for (const e of entries) {
      const content = e.source === undefined ? undefined : await fs.promises.readFile(e.source)
      if (content !== undefined && content.length > MAX_ENTRY_BYTES) {
        throw new PackageError(
          `${e.source} is ${content.length} bytes, more than a zip entry without Zip64 can hold (and far more than Lambda's 250 MB).`,
        )
      }
      unzipped += content?.length ?? 0
      const r = toRecord(e, content)
      central.push(centralHeader(r, at, offset))
      const header = localHeader(r, at)
      await out.write(header)
      await out.write(r.data)
      offset += header.length + r.data.length
      if (offset > MAX_ENTRY_BYTES) {
        throw new PackageError(
          `The zip ${zipPath} grew past 4 GiB, more than a zip without Zip64 can hold: include fewer files.`,
        )
      }
    }
    const directory = Buffer.concat(central)
    await out.write(directory)
    await out.write(endOfCentralDirectory(entries.length, directory.length, offset))
  } finally {
    await out.close()
  }
  await fs.promises.rename(partial, zipPath)
  return unzipped
}

/**
 * Pure: the zip layout Lambda expects. A function: `bootstrap` at the root. An extension:
 * `extensions/` and `extensions/<name>`. Then the include entries, sorted, at their relative paths.
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
