/**
 * The `.` digest (tools/content.ts) of the folder a verified archive extracts to, read from the
 * archive as a stream: nothing is written to disk. Without content pins, a tool folder found in the
 * runner tool cache is checked against this (tools/obtain.ts): it costs the decompression alone.
 * Extracting Zig to disk and digesting the copy wrote 18,100 files (380 MB) and read them back:
 * about twice the time, most of it in the file system.
 *
 * The entries are taken as `tar` extracts them: `./` and leading `/` dropped; folders left out of
 * the listing; a later entry for the same path replaces an earlier one; a hard link is a file with
 * its target's bytes; a symlink is listed with its target; devices and FIFOs as `other`. tar-stream
 * parses the archive (a well-kept library, already the image layers' writer); gzip is Node's zlib,
 * xz is the `xz` program (Node has none; `tar -J` needs it too), started with `-T0` so that an
 * archive of several blocks is decompressed on every core.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as zlib from 'node:zlib'
import * as tar from 'tar-stream'
import { byPath, digestOfListing, LegacyMarker, type ListingItem } from './content.js'

/** How a tool's archive becomes its folder. */
export interface ArchiveLayout {
  readonly compression: 'gzip' | 'xz'
  /** The folder inside the archive that is the tool's folder (`''`: the archive's root). */
  readonly root: string
  /** Pure: whether the tool's folder keeps the file at `rel` (Zig drops other systems' libcs). */
  readonly keeps?: (rel: string) => boolean
}

/** Thrown when the archive cannot be read this way (no `xz` on the runner): extract it instead. */
export class ArchiveStreamUnavailable extends Error {}

/** The digest of the folder `archive` extracts to under `layout` (see the module comment). */
export async function archiveFolderDigest(archive: string, layout: ArchiveLayout): Promise<string> {
  const items = new Map<string, ListingItem>()
  const extract = tar.extract()
  extract.on('entry', (header, stream, next) => {
    const rel = relativeTo(layout.root, header.name)
    const take = (item: ListingItem | undefined): void => {
      if (item !== undefined) items.set(item.rel, item)
      next()
    }
    if (
      rel === undefined ||
      rel === LegacyMarker ||
      header.type === 'directory' ||
      !(layout.keeps?.(rel) ?? true)
    ) {
      stream.on('end', () => take(undefined))
      stream.resume()
      return
    }
    if (header.type === 'file' || header.type === 'contiguous-file') {
      const hash = createHash('sha256')
      stream.on('data', (chunk: unknown) => hash.update(chunk as Buffer))
      stream.on('end', () => take({ rel, kind: 'file', value: hash.digest('hex') }))
      return
    }
    stream.on('end', () => {
      if (header.type === 'symlink') take({ rel, kind: 'link', value: header.linkname ?? '' })
      else if (header.type === 'link') {
        // A hard link to an earlier entry: tar extracts the same bytes under this path.
        const target = items.get(relativeTo(layout.root, header.linkname ?? '') ?? '')
        take(target?.kind === 'file' ? { ...target, rel } : { rel, kind: 'other' })
      } else take({ rel, kind: 'other' })
    })
    stream.resume()
  })
  const source = decompressed(archive, layout.compression)
  await Promise.all([pipeline(source.stream, extract), source.done])
  return digestOfListing([...items.values()].sort(byPath))
}

/** Pure: `name` relative to the archive folder `root`, as tar extracts it; undefined outside it. */
export function relativeTo(root: string, name: string): string | undefined {
  const clean = name
    .replace(/^(?:\.?\/)+/, '')
    .replace(/\/+$/, '')
    .replace(/\/(?:\.\/)+/g, '/')
  if (root === '') return clean === '' ? undefined : clean
  return clean.startsWith(`${root}/`) ? clean.slice(root.length + 1) : undefined
}

/** The archive's tar stream, and when the decompressor is through (rejects if it failed). */
function decompressed(
  archive: string,
  compression: ArchiveLayout['compression'],
): { stream: Readable; done: Promise<void> } {
  if (compression === 'gzip') {
    return {
      stream: fs.createReadStream(archive).pipe(zlib.createGunzip()),
      done: Promise.resolve(),
    }
  }
  const xz = spawn('xz', ['--decompress', '--stdout', '--threads=0', archive], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  xz.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<void>((resolve, reject) => {
    xz.on('error', (e: NodeJS.ErrnoException) => {
      const error =
        e.code === 'ENOENT'
          ? new ArchiveStreamUnavailable('xz is not installed')
          : new Error(`xz could not start: ${e.message}`)
      xz.stdout.destroy(error)
      reject(error)
    })
    xz.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`xz failed (${code}): ${stderr.trim()}`)),
    )
  })
  return { stream: xz.stdout, done }
}
