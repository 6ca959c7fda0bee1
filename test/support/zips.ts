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
