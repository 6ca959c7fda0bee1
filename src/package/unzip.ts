/**
 * Reads back a zip as Lambda unpacks it (unix modes, symlinks), beside zip.ts that writes it: the
 * smoke test runs what is shipped.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { pipeline } from 'node:stream/promises'
import yauzl from 'yauzl'

/** Extracts a zip with its unix modes (and symlinks), refusing unsafe names (yauzl checks them). */
export async function unzip(zipPath: string, dest: string): Promise<void> {
  await fs.promises.mkdir(dest, { recursive: true })
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (err, z) =>
      err ? reject(err) : resolve(z),
    ),
  )
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject)
    zip.on('end', () => resolve())
    zip.on('entry', (entry: yauzl.Entry) => {
      void extract(zip, entry, dest).then(
        () => zip.readEntry(),
        (e: unknown) => {
          zip.close()
          reject(e instanceof Error ? e : new Error(String(e)))
        },
      )
    })
    zip.readEntry()
  })
}

async function extract(zip: yauzl.ZipFile, entry: yauzl.Entry, dest: string): Promise<void> {
  const target = path.join(dest, entry.fileName)
  const mode = (entry.externalFileAttributes >>> 16) & 0o177777
  const type = mode & 0o170000
  if (entry.fileName.endsWith('/') || type === 0o040000) {
    await fs.promises.mkdir(target, { recursive: true })
    return
  }
  await fs.promises.mkdir(path.dirname(target), { recursive: true })
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  )
  if (type === 0o120000) {
    const chunks: Buffer[] = []
    for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c)
    await fs.promises.symlink(Buffer.concat(chunks).toString('utf8'), target)
    return
  }
  await pipeline(stream, fs.createWriteStream(target))
  // No unix mode recorded (a zip made on Windows): Lambda gives 0644, which cannot run.
  await fs.promises.chmod(target, mode & 0o7777 || 0o644)
}

/** One entry of a zip as Lambda would unpack it: its name and unix mode. */
export interface ZipListingEntry {
  readonly name: string
  /** Unix mode (type and permission bits), 0 when the zip records none. */
  readonly mode: number
}

/**
 * Lists a zip's entries and reads the first `headBytes` bytes of one of them (`headOf`), enough
 * for an ELF header: what the layer checks need, without unpacking the whole zip.
 */
export async function readZipListing(
  zipPath: string,
  headOf: string,
  headBytes = 64 * 1024,
): Promise<{ entries: ZipListingEntry[]; head: Buffer | undefined }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (err, z) =>
      err ? reject(err) : resolve(z),
    ),
  )
  const entries: ZipListingEntry[] = []
  let head: Buffer | undefined
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject)
    zip.on('end', () => resolve())
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push({ name: entry.fileName, mode: (entry.externalFileAttributes >>> 16) & 0o177777 })
      if (entry.fileName !== headOf) return zip.readEntry()
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err ?? new Error(`cannot read ${entry.fileName}`))
        const chunks: Buffer[] = []
        let size = 0
        stream.on('data', (c: Buffer) => {
          if (size < headBytes) chunks.push(c)
          size += c.length
        })
        stream.on('error', reject)
        stream.on('end', () => {
          head = Buffer.concat(chunks).subarray(0, headBytes)
          zip.readEntry()
        })
      })
    })
    zip.readEntry()
  })
  return { entries, head }
}
