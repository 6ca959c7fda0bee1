/**
 * installZig end to end against local mirrors (real HTTP, real tar, real @actions/tool-cache),
 * with a tiny stand-in zig (a shell script that prints its version) so each case is fast, and a
 * minisign key pair the test makes (the action itself only ever uses the Zig Software
 * Foundation's key: `publicKey` and `sources` are test seams).
 */
import { execFileSync } from 'node:child_process'
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { VerificationError } from '../../src/errors.js'
import { defaultDeps, type InstallPlace, type ToolDeps } from '../../src/tools/install.js'
import { installZig, zigTrust } from '../../src/tools/zig.js'
import { zigAsset, zigPublicKey } from '../../src/tools/releases.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'

const version = '0.99.0'
const platform = { os: 'linux', arch: 'x64' } as const
const file = `zig-x86_64-linux-${version}.tar.xz`

const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const keyId = randomBytes(8)
const testKey = Buffer.concat([
  Buffer.from('Ed'),
  keyId,
  Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url'),
]).toString('base64')

function minisig(content: Buffer, fileName: string): string {
  const sig = sign(null, createHash('blake2b512').update(content).digest(), privateKey)
  const comment = `timestamp:1760000000\tfile:${fileName}\thashed`
  const global = sign(null, Buffer.concat([sig, Buffer.from(comment)]), privateKey)
  return `untrusted comment: test\n${Buffer.concat([Buffer.from('ED'), keyId, sig]).toString('base64')}\ntrusted comment: ${comment}\n${global.toString('base64')}\n`
}

/** A zig release archive whose `zig` prints `reports`. */
function makeArchive(dir: string, reports: string): Buffer {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-fakezig-'))
  const top = path.join(stage, file.replace(/\.tar\.xz$/, ''))
  fs.mkdirSync(path.join(top, 'lib'), { recursive: true })
  fs.writeFileSync(path.join(top, 'zig'), `#!/bin/sh\necho ${reports}\n`, { mode: 0o755 })
  fs.writeFileSync(path.join(top, 'lib', 'std.zig'), '// std\n')
  const out = path.join(dir, file)
  execFileSync('tar', ['-cJf', out, '-C', stage, path.basename(top)])
  fs.rmSync(stage, { recursive: true, force: true })
  return fs.readFileSync(out)
}

let work: string
let mirrors: {
  a: Mirror
  b: Mirror
  origin: Mirror
  roots: { a: string; b: string; origin: string }
}
let good: Buffer
const saved = { cache: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP }

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-zig-'))
  const roots = { a: 'a', b: 'b', origin: 'origin' }
  for (const k of Object.keys(roots) as (keyof typeof roots)[]) {
    roots[k] = path.join(work, k)
    fs.mkdirSync(roots[k])
  }
  good = makeArchive(roots.b, version)
  fs.writeFileSync(path.join(roots.b, `${file}.minisig`), minisig(good, file))
  fs.mkdirSync(path.join(roots.origin, version))
  fs.writeFileSync(path.join(roots.origin, version, file), good)
  fs.writeFileSync(path.join(roots.origin, version, `${file}.minisig`), minisig(good, file))
  mirrors = {
    a: await startMirror(roots.a),
    b: await startMirror(roots.b),
    origin: await startMirror(roots.origin),
    roots,
  }
})
afterAll(async () => {
  await Promise.all([mirrors.a.close(), mirrors.b.close(), mirrors.origin.close()])
  fs.rmSync(work, { recursive: true, force: true })
  process.env.RUNNER_TOOL_CACHE = saved.cache
  process.env.RUNNER_TEMP = saved.temp
})

let place: InstallPlace
let deps: ToolDeps
beforeEach(() => {
  for (const m of [mirrors.a, mirrors.b, mirrors.origin]) {
    m.reset()
    m.requests.clear()
  }
  for (const f of fs.readdirSync(mirrors.roots.a)) fs.rmSync(path.join(mirrors.roots.a, f))
  const run = fs.mkdtempSync(path.join(work, 'run-'))
  process.env.RUNNER_TOOL_CACHE = path.join(run, 'tool-cache')
  process.env.RUNNER_TEMP = path.join(run, 'temp')
  place = { workDir: fs.mkdtempSync(path.join(run, 'scratch-')), actionsCache: false }
  deps = defaultDeps({
    sleep: () => Promise.resolve(),
    attempts: 2,
    baseDelayMs: 1,
    log: () => undefined,
    platform,
    shuffle: (x) => [...x],
    zigSources: { mirrors: [mirrors.a.url, mirrors.b.url], origin: mirrors.origin.url },
    zigPublicKey: testKey,
  })
})

describe('zigTrust', () => {
  const asset = zigAsset('0.15.2', platform)
  it('prefers the input, then the pinned table, then minisign with the ZSF key', () => {
    expect(zigTrust('aa'.repeat(32), asset)).toMatchObject({
      kind: 'sha256',
      sha256: 'aa'.repeat(32),
    })
    expect(zigTrust(undefined, asset)).toMatchObject({
      kind: 'sha256',
      sha256: asset.pinnedSha256,
      source: 'the checksum pinned in the action',
    })
    expect(zigTrust(undefined, zigAsset('0.11.0', platform))).toEqual({
      kind: 'minisign',
      publicKey: zigPublicKey,
    })
  })
})

describe('installZig', () => {
  it('skips a mirror that fails and installs from the next, verified by minisign', async () => {
    const r = await installZig({ version, sha256: undefined, mirror: undefined }, place, deps)
    expect(r.zigPath).toBe(
      path.join(process.env.RUNNER_TOOL_CACHE ?? '', 'zig', version, 'x64', 'zig'),
    )
    expect(r.report).toMatchObject({
      name: 'zig',
      version,
      source: 'download',
      detail: `${new URL(mirrors.b.url).host}, minisign verified`,
    })
    // Mirror a has nothing: its signature request was a 404, and the archive was never asked for.
    expect(mirrors.a.requests.get(`/${file}.minisig`)).toBe(1)
    expect(mirrors.a.requests.get(`/${file}`)).toBeUndefined()
    expect(mirrors.b.requests.get(`/${file}`)).toBe(1)
    expect(mirrors.origin.totalRequests()).toBe(0)
  })

  it('a mirror serving a file that fails verification sends it to the origin, not the other mirrors', async () => {
    fs.writeFileSync(path.join(mirrors.roots.a, file), good)
    fs.writeFileSync(path.join(mirrors.roots.a, `${file}.minisig`), minisig(good, file))
    mirrors.a.corrupt(`/${file}`)
    const r = await installZig({ version, sha256: undefined, mirror: undefined }, place, deps)
    expect(r.report.detail).toBe(`${new URL(mirrors.origin.url).host}, minisign verified`)
    expect(mirrors.b.totalRequests()).toBe(0)
    expect(mirrors.origin.requests.get(`/${version}/${file}`)).toBe(1)
  })

  it('refuses a signature whose trusted comment names another file', async () => {
    fs.writeFileSync(path.join(mirrors.roots.a, file), good)
    fs.writeFileSync(
      path.join(mirrors.roots.a, `${file}.minisig`),
      minisig(good, 'zig-x86_64-linux-0.98.0.tar.xz'),
    )
    const error = await installZig(
      { version, sha256: undefined, mirror: mirrors.a.url },
      place,
      deps,
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VerificationError)
    expect((error as Error).message).toMatch(
      /^Refused zig-x86_64-linux-0\.99\.0\.tar\.xz from .*: its minisign signature does not verify with the Zig Software Foundation's key \(the trusted comment names 'zig-x86_64-linux-0\.98\.0\.tar\.xz', not 'zig-x86_64-linux-0\.99\.0\.tar\.xz'\)/,
    )
    expect(fs.existsSync(path.join(process.env.RUNNER_TOOL_CACHE ?? '', 'zig'))).toBe(false)
    expect(fs.readdirSync(place.workDir)).toEqual([])
  })

  it('with a zig-sha256 pin, no signature is fetched', async () => {
    const sha256 = createHash('sha256').update(good).digest('hex')
    const r = await installZig({ version, sha256, mirror: mirrors.b.url }, place, deps)
    expect(r.report.detail).toContain('SHA-256 verified')
    expect(mirrors.b.requests.get(`/${file}.minisig`)).toBeUndefined()
  })

  it('names every mirror when all of them fail', async () => {
    mirrors.b.fail(`/${file}.minisig`, 10, 500)
    mirrors.origin.fail(`/${version}/${file}.minisig`, 10, 502)
    const error = await installZig(
      { version, sha256: undefined, mirror: undefined },
      place,
      deps,
    ).catch((e: unknown) => e as Error)
    const lines = (error as Error).message.split('\n')
    expect(lines[0]).toBe(`Could not download ${file} from any mirror:`)
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+\/zig-x86_64-linux-0\.99\.0\.tar\.xz: Zig 0\.99\.0 has no checksum pinned in the action, so its minisign signature is needed, but HTTP 404 from .*\.minisig\. Set 'zig-sha256'/,
      ),
      expect.stringMatching(/HTTP 500/),
      expect.stringMatching(/HTTP 502/),
    ])
  })

  it('a zig that reports another version is refused and removed from the tool cache', async () => {
    const other = path.join(work, 'other')
    fs.mkdirSync(other, { recursive: true })
    const wrong = makeArchive(other, '0.98.0')
    fs.writeFileSync(path.join(mirrors.roots.a, file), wrong)
    const sha256 = createHash('sha256').update(wrong).digest('hex')
    await expect(
      installZig({ version, sha256, mirror: mirrors.a.url }, place, deps),
    ).rejects.toThrow(
      /zig reports version 0\.98\.0, expected 0\.99\.0\. It was removed from the tool cache\./,
    )
    expect(fs.existsSync(path.join(process.env.RUNNER_TOOL_CACHE ?? '', 'zig', version))).toBe(
      false,
    )
  })
})
