/** SHA-256 (and, when asked, BLAKE2b-512 for minisign) of a file on disk, streamed. */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import type { Digest } from './download.js'

export async function digestFile(file: string, blake2b512 = false): Promise<Digest> {
  const sha = createHash('sha256')
  const b2 = blake2b512 ? createHash('blake2b512') : undefined
  let bytes = 0
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer
    sha.update(buf)
    b2?.update(buf)
    bytes += buf.length
  }
  return { bytes, sha256: sha.digest('hex'), blake2b512: b2?.digest() }
}
