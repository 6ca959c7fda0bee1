/** Reads a zip made elsewhere (deploy-only mode): its entries, and one entry's bytes. */
import yauzl from 'yauzl'

export interface ZipListing {
  readonly name: string
  /** Unix mode (type and permission bits) from the external attributes; 0 when none recorded. */
  readonly mode: number
  readonly size: number
  readonly isDirectory: boolean
}

export interface ReadZip {
  readonly entries: readonly ZipListing[]
  /** The bytes of the named entries (only those asked for, to keep memory small). */
  readonly contents: ReadonlyMap<string, Buffer>
}

/** Lists every entry of a zip held in memory, and reads the entries `want` picks. */
export async function readZip(zip: Buffer, want: (name: string) => boolean): Promise<ReadZip> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  )
  const entries: ZipListing[] = []
  const contents = new Map<string, Buffer>()
  await new Promise<void>((resolve, reject) => {
    file.on('error', reject)
    file.on('end', () => resolve())
    file.on('entry', (entry: yauzl.Entry) => {
      const mode = (entry.externalFileAttributes >>> 16) & 0o177777
      const isDirectory = entry.fileName.endsWith('/') || (mode & 0o170000) === 0o040000
      entries.push({ name: entry.fileName, mode, size: entry.uncompressedSize, isDirectory })
      if (isDirectory || !want(entry.fileName)) {
        file.readEntry()
        return
      }
      file.openReadStream(entry, (err, stream) => {
        if (err) return reject(err)
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('error', reject)
        stream.on('end', () => {
          contents.set(entry.fileName, Buffer.concat(chunks))
          file.readEntry()
        })
      })
    })
    file.readEntry()
  })
  return { entries, contents }
}
