/**
 * Reproducible image layers: the same files give a byte-identical `tar.gz` on any machine. Entries
 * sorted by path, parent folders listed, one fixed mtime, uid/gid 0 with empty user/group names,
 * fixed modes; gzip at a fixed level, whose header Node's zlib writes with mtime 0 and no file name.
 * tar-stream writes the ustar headers (a well-kept library, also what archiver uses).
 */
import { createHash } from 'node:crypto'
import * as zlib from 'node:zlib'
import * as tar from 'tar-stream'

export interface LayerFile {
  /** Path inside the image, without the leading slash: `var/runtime/bootstrap`. */
  readonly path: string
  /** Unix permission bits (0o755). */
  readonly mode: number
  readonly content: Buffer
}

export interface Layer {
  /** The gzip-compressed tar: the blob pushed to the registry. */
  readonly blob: Buffer
  /** `sha256:<hex>` of `blob`: the layer's digest in the manifest. */
  readonly digest: string
  readonly size: number
  /** `sha256:<hex>` of the uncompressed tar: the config's `rootfs.diff_ids` entry. */
  readonly diffId: string
}

const GZIP_LEVEL = 9

export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

/** Pure: the tar entries for `files`: every parent folder once (0755), then sorted by path. */
export function layerEntries(
  files: readonly LayerFile[],
): { path: string; mode: number; content?: Buffer }[] {
  const entries = new Map<string, { path: string; mode: number; content?: Buffer }>()
  for (const file of files) {
    const parts = file.path.replace(/^\/+/, '').split('/')
    for (let i = 1; i < parts.length; i++) {
      const dir = `${parts.slice(0, i).join('/')}/`
      if (!entries.has(dir)) entries.set(dir, { path: dir, mode: 0o755 })
    }
    const name = parts.join('/')
    entries.set(name, { path: name, mode: file.mode, content: file.content })
  }
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/** Builds the layer for `files`, every entry stamped with `mtimeSeconds`. */
export async function buildLayer(
  files: readonly LayerFile[],
  mtimeSeconds: number,
): Promise<Layer> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer))
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', () => resolve())
    pack.on('error', reject)
  })
  const mtime = new Date(mtimeSeconds * 1000)
  for (const entry of layerEntries(files)) {
    const header = {
      name: entry.path,
      mode: entry.mode,
      mtime,
      uid: 0,
      gid: 0,
      uname: '',
      gname: '',
    }
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error | null): void => (err ? reject(err) : resolve())
      if (entry.content === undefined) pack.entry({ ...header, type: 'directory' }, done)
      else pack.entry({ ...header, type: 'file', size: entry.content.length }, entry.content, done)
    })
  }
  pack.finalize()
  await ended
  const tarball = Buffer.concat(chunks)
  const blob = zlib.gzipSync(tarball, { level: GZIP_LEVEL })
  return { blob, digest: sha256Digest(blob), size: blob.length, diffId: sha256Digest(tarball) }
}

/** Reads one file out of a `tar.gz` layer blob; undefined when the layer does not hold it. */
export async function readLayerFile(
  blob: Buffer,
  filePath: string,
): Promise<{ mode: number; content: Buffer } | undefined> {
  const wanted = filePath.replace(/^\/+/, '')
  const extract = tar.extract()
  let found: { mode: number; content: Buffer } | undefined
  const finished = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const parts: Buffer[] = []
      stream.on('data', (chunk: unknown) => {
        if (header.name.replace(/^\.?\/+/, '') === wanted) parts.push(chunk as Buffer)
      })
      stream.on('end', () => {
        if (header.type === 'file' && header.name.replace(/^\.?\/+/, '') === wanted) {
          found = { mode: header.mode & 0o7777, content: Buffer.concat(parts) }
        }
        next()
      })
      stream.on('error', reject)
    })
    extract.on('finish', () => resolve())
    extract.on('error', reject)
  })
  extract.end(zlib.gunzipSync(blob))
  await finished
  return found
}
