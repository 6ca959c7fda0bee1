/** Reads a zip back with yauzl (a different library than the one that wrote it). */
import yauzl from 'yauzl'

export interface UnzippedEntry {
  name: string
  /** Unix mode (type and permission bits) from the external attributes. */
  mode: number
  /** Raw DOS fields, so time zones play no part. */
  dosDate: number
  dosTime: number
  /** 0 stored, 8 deflate */
  method: number
  extraFields: number
  data: Buffer
}

export function readZip(file: string): Promise<UnzippedEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'))
      const entries: UnzippedEntry[] = []
      zip.on('error', reject)
      zip.on('end', () => resolve(entries))
      zip.on('entry', (e: yauzl.Entry) => {
        const push = (data: Buffer): void => {
          entries.push({
            name: e.fileName,
            mode: e.externalFileAttributes >>> 16,
            dosDate: e.lastModFileDate,
            dosTime: e.lastModFileTime,
            method: e.compressionMethod,
            extraFields: e.extraFields.length,
            data,
          })
          zip.readEntry()
        }
        if (e.fileName.endsWith('/')) return push(Buffer.alloc(0))
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2 ?? new Error('no stream'))
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('error', reject)
          stream.on('end', () => push(Buffer.concat(chunks)))
        })
      })
      zip.readEntry()
    })
  })
}
