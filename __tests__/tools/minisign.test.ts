import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MinisignError, parsePublicKey, verifyMinisign } from '../../src/tools/minisign.js'
import { zigPublicKey } from '../../src/tools/releases.js'

/** A minisign key pair made by the test, and a signer producing real `.minisig` text. */
function makeKey(): {
  publicKey: string
  signFile: (content: Buffer, comment: string, alg?: string) => string
} {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const x = publicKey.export({ format: 'jwk' }).x as string
  const keyId = randomBytes(8)
  const pk = Buffer.concat([Buffer.from('Ed'), keyId, Buffer.from(x, 'base64url')]).toString(
    'base64',
  )
  return {
    publicKey: pk,
    signFile: (content, comment, alg = 'ED') => {
      const message = alg === 'ED' ? createHash('blake2b512').update(content).digest() : content
      const signature = sign(null, message, privateKey)
      const global = sign(null, Buffer.concat([signature, Buffer.from(comment)]), privateKey)
      return [
        'untrusted comment: signature from minisign secret key',
        Buffer.concat([Buffer.from(alg), keyId, signature]).toString('base64'),
        `trusted comment: ${comment}`,
        global.toString('base64'),
        '',
      ].join('\n')
    },
  }
}

const file = 'zig-x86_64-linux-0.15.2.tar.xz'
const content = randomBytes(4096)
const blake = (b: Buffer): Buffer => createHash('blake2b512').update(b).digest()
const comment = `timestamp:1760000000\tfile:${file}\thashed`

describe('verifyMinisign', () => {
  const key = makeKey()

  it('accepts a good prehashed signature whose trusted comment names the file', () => {
    const result = verifyMinisign(
      key.publicKey,
      key.signFile(content, comment),
      blake(content),
      file,
    )
    expect(result.trustedComment).toBe(comment)
  })

  it('accepts CRLF line endings', () => {
    const sig = key.signFile(content, comment).replace(/\n/g, '\r\n')
    expect(() => verifyMinisign(key.publicKey, sig, blake(content), file)).not.toThrow()
  })

  it('refuses a tampered file', () => {
    const tampered = Buffer.from(content)
    tampered[100] = (tampered[100] ?? 0) ^ 1
    expect(() =>
      verifyMinisign(key.publicKey, key.signFile(content, comment), blake(tampered), file),
    ).toThrow(new MinisignError('the signature does not match the file'))
  })

  it('refuses a valid signature of another file name (e.g. an older release)', () => {
    const other = `timestamp:1700000000\tfile:zig-x86_64-linux-0.14.1.tar.xz\thashed`
    expect(() =>
      verifyMinisign(key.publicKey, key.signFile(content, other), blake(content), file),
    ).toThrow(
      /names 'zig-x86_64-linux-0\.14\.1\.tar\.xz', not 'zig-x86_64-linux-0\.15\.2\.tar\.xz'/,
    )
  })

  it('refuses a trusted comment that names no file', () => {
    expect(() =>
      verifyMinisign(key.publicKey, key.signFile(content, 'timestamp:1'), blake(content), file),
    ).toThrow(/names no file/)
  })

  it('refuses an edited trusted comment (global signature)', () => {
    const sig = key
      .signFile(content, `timestamp:1\tfile:other.tar.xz\thashed`)
      .replace('file:other.tar.xz', `file:${file}`)
    expect(() => verifyMinisign(key.publicKey, sig, blake(content), file)).toThrow(
      /trusted comment does not match its signature/,
    )
  })

  it('refuses a signature made by another key', () => {
    const other = makeKey()
    expect(() =>
      verifyMinisign(key.publicKey, other.signFile(content, comment), blake(content), file),
    ).toThrow(/made with key [0-9A-F]{16}, not the trusted key/)
  })

  it('refuses legacy (not prehashed) signatures', () => {
    expect(() =>
      verifyMinisign(key.publicKey, key.signFile(content, comment, 'Ed'), blake(content), file),
    ).toThrow(/not prehashed/)
  })

  it.each([
    ['empty', ''],
    ['not minisign', 'hello\nworld\n'],
    ['bad base64', (s: string) => s.replace(/\n([A-Za-z0-9+/]{10})/, '\n!!!!!!!!!!')],
    [
      'short signature line',
      (s: string) => s.replace(/\n([A-Za-z0-9+/=]+)\ntrusted/, '\nRUQ=\ntrusted'),
    ],
    ['truncated', (s: string) => s.split('\n').slice(0, 3).join('\n')],
  ] as const)('refuses a malformed signature: %s', (_name, make) => {
    const good = key.signFile(content, comment)
    const text = typeof make === 'string' ? make : make(good)
    expect(text).not.toBe(good)
    expect(() => verifyMinisign(key.publicKey, text, blake(content), file)).toThrow(MinisignError)
  })

  it('refuses a malformed public key', () => {
    expect(() => parsePublicKey('RWQ=')).toThrow(/not a minisign Ed25519 key/)
  })

  it("parses the Zig Software Foundation's key shipped with the action", () => {
    expect(() => parsePublicKey(zigPublicKey)).not.toThrow()
  })
})
