/**
 * Minisign signature verification (the format of Zig's `.minisig` files), pure: the caller
 * passes the public key, the signature text, the BLAKE2b-512 digest of the file (computed while
 * downloading) and the file name the trusted comment must name.
 *
 * Format (https://jedisct1.github.io/minisign/):
 *   public key: base64("Ed" || key id (8) || Ed25519 public key (32))
 *   .minisig:   untrusted comment: ...
 *               base64("ED" || key id (8) || Ed25519 signature of BLAKE2b-512(file) (64))
 *               trusted comment: ...
 *               base64(Ed25519 signature of (signature || trusted comment) (64))
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto'

export class MinisignError extends Error {
  override name = 'MinisignError'
}

export interface MinisignResult {
  readonly trustedComment: string
  readonly keyId: string
}

interface PublicKey {
  readonly keyId: Buffer
  readonly key: KeyObject
}

export function parsePublicKey(text: string): PublicKey {
  // A key file has an untrusted comment line first; a bare key is one base64 line.
  const line = text
    .trim()
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('untrusted comment:'))[0]
  const raw = Buffer.from(line ?? '', 'base64')
  if (raw.length !== 42 || raw.subarray(0, 2).toString('latin1') !== 'Ed') {
    throw new MinisignError('the public key is not a minisign Ed25519 key')
  }
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(10).toString('base64url') },
    format: 'jwk',
  })
  return { keyId: raw.subarray(2, 10), key }
}

/**
 * Verifies a prehashed (`ED`) minisign signature and that its trusted comment names `fileName`
 * (so a valid signature of another file, say an older release, is refused). Throws MinisignError.
 */
export function verifyMinisign(
  publicKey: string,
  signatureText: string,
  blake2b512: Buffer,
  fileName: string,
): MinisignResult {
  const pk = parsePublicKey(publicKey)
  const lines = signatureText.replace(/\r\n/g, '\n').split('\n')
  const [untrusted, sigLine, trustedLine, globalLine] = lines
  if (
    !untrusted?.startsWith('untrusted comment:') ||
    sigLine === undefined ||
    !trustedLine?.startsWith('trusted comment: ') ||
    globalLine === undefined
  ) {
    throw new MinisignError('the signature file is not in minisign format')
  }
  const sig = strictBase64(sigLine)
  const globalSig = strictBase64(globalLine)
  if (
    sig === undefined ||
    sig.length !== 74 ||
    globalSig === undefined ||
    globalSig.length !== 64
  ) {
    throw new MinisignError('the signature file is malformed (bad base64 or length)')
  }
  const algorithm = sig.subarray(0, 2).toString('latin1')
  if (algorithm !== 'ED') {
    throw new MinisignError(
      algorithm === 'Ed'
        ? 'the signature is not prehashed (legacy "Ed"); only prehashed "ED" signatures are accepted'
        : `unknown signature algorithm ${JSON.stringify(algorithm)}`,
    )
  }
  const keyId = sig.subarray(2, 10)
  if (!keyId.equals(pk.keyId)) {
    throw new MinisignError(
      `the signature was made with key ${hexId(keyId)}, not the trusted key ${hexId(pk.keyId)}`,
    )
  }
  const signature = sig.subarray(10)
  if (!verify(null, blake2b512, pk.key, signature)) {
    throw new MinisignError('the signature does not match the file')
  }
  const trustedComment = trustedLine.slice('trusted comment: '.length)
  const signed = Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')])
  if (!verify(null, signed, pk.key, globalSig)) {
    throw new MinisignError('the trusted comment does not match its signature')
  }
  const named = trustedComment
    .split('\t')
    .map((field) => /^file:(.*)$/.exec(field)?.[1])
    .find((f) => f !== undefined)
  if (named !== fileName) {
    throw new MinisignError(
      `the trusted comment names ${named === undefined ? 'no file' : `'${named}'`}, not '${fileName}'`,
    )
  }
  return { trustedComment, keyId: hexId(keyId) }
}

function strictBase64(text: string): Buffer | undefined {
  const t = text.trim()
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(t) || t.length % 4 !== 0) return undefined
  return Buffer.from(t, 'base64')
}

function hexId(id: Buffer): string {
  // minisign prints key ids as little-endian 64-bit hex.
  return Buffer.from(id).reverse().toString('hex').toUpperCase()
}
