/** Real zips for the deploy tests, described as the package stage describes them (Artifact). */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import yazl from 'yazl'
import type { Artifact } from '../../src/types.js'

/** Writes `<dir>/<bin>.zip` holding `bootstrap` (0755, fixed mtime) and returns its Artifact. */
export async function makeZipArtifact(
  dir: string,
  bin: string,
  payload: Buffer,
  architecture: 'arm64' | 'x86_64' = 'arm64',
): Promise<Artifact> {
  fs.mkdirSync(dir, { recursive: true })
  const zipPath = path.join(dir, `${bin}.zip`)
  const zip = new yazl.ZipFile()
  zip.addBuffer(payload, 'bootstrap', {
    mtime: new Date(Date.UTC(1980, 0, 1)),
    mode: 0o100755,
    compress: payload.length < 1024 * 1024,
  })
  zip.end()
  await new Promise<void>((resolve, reject) => {
    zip.outputStream
      .pipe(fs.createWriteStream(zipPath))
      .on('close', () => resolve())
      .on('error', reject)
  })
  const bytes = fs.readFileSync(zipPath)
  const digest = createHash('sha256').update(bytes).digest()
  return {
    bin,
    kind: 'function',
    architecture,
    target:
      architecture === 'arm64' ? 'aarch64-unknown-linux-gnu.2.34' : 'x86_64-unknown-linux-gnu.2.34',
    zipPath,
    binaryPath: path.join(dir, bin, 'bootstrap'),
    binarySize: payload.length,
    zipSize: bytes.length,
    unzippedSize: payload.length,
    sha256: digest.toString('hex'),
    codeSha256: digest.toString('base64'),
  }
}

/** An in-memory zip of `entries` (name -> content; a name ending in `/` is a folder). */
export async function zipBuffer(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  const mtime = new Date(Date.UTC(1980, 0, 1))
  for (const [name, content] of Object.entries(entries)) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name, { mtime })
    else zip.addBuffer(Buffer.from(content), name, { mtime, mode: 0o100755 })
  }
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The smallest ELF header the layer checks read: 64-bit little-endian, e_machine set. */
export function elfHeader(machine: 'arm64' | 'x86_64' | number, salt = ''): Buffer {
  const head = Buffer.alloc(64)
  head.writeUInt32BE(0x7f454c46, 0)
  head[4] = 2 // 64-bit
  head[5] = 1 // little-endian
  head[6] = 1
  head.writeUInt16LE(2, 16) // ET_EXEC
  head.writeUInt16LE(machine === 'arm64' ? 183 : machine === 'x86_64' ? 62 : machine, 18)
  return Buffer.concat([head, Buffer.from(salt)])
}

/**
 * Writes `<dir>/<bin>.zip` laid out as an extension layer (`extensions/`, `extensions/<bin>`
 * 0755 holding an ELF header for `elfMachine`) and returns its Artifact (kind `extension`).
 */
export async function makeExtensionArtifact(
  dir: string,
  bin: string,
  options: {
    architecture?: 'arm64' | 'x86_64'
    /** The ELF machine inside (default: the architecture's). */
    elfMachine?: 'arm64' | 'x86_64'
    /** Changes the bytes, as a code change would. */
    salt?: string
    /** The mode of `extensions/<bin>` (default 0755). */
    mode?: number
    /** Put the executable at this name instead (a wrong layout). */
    entryName?: string
  } = {},
): Promise<Artifact> {
  const architecture = options.architecture ?? 'x86_64'
  const payload = elfHeader(options.elfMachine ?? architecture, options.salt ?? '')
  fs.mkdirSync(dir, { recursive: true })
  const zipPath = path.join(dir, `${bin}.zip`)
  const zip = new yazl.ZipFile()
  const mtime = new Date(Date.UTC(1980, 0, 1))
  zip.addEmptyDirectory('extensions/', { mtime, mode: 0o40755 })
  zip.addBuffer(payload, options.entryName ?? `extensions/${bin}`, {
    mtime,
    mode: 0o100000 | (options.mode ?? 0o755),
  })
  zip.end()
  await new Promise<void>((resolve, reject) => {
    zip.outputStream
      .pipe(fs.createWriteStream(zipPath))
      .on('close', () => resolve())
      .on('error', reject)
  })
  const bytes = fs.readFileSync(zipPath)
  const digest = createHash('sha256').update(bytes).digest()
  return {
    bin,
    kind: 'extension',
    architecture,
    target:
      architecture === 'arm64' ? 'aarch64-unknown-linux-gnu.2.34' : 'x86_64-unknown-linux-gnu.2.34',
    zipPath,
    binaryPath: path.join(dir, 'extensions', bin),
    binarySize: payload.length,
    zipSize: bytes.length,
    unzippedSize: payload.length,
    sha256: digest.toString('hex'),
    codeSha256: digest.toString('base64'),
  }
}
