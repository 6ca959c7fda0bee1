/** Deploy-only mode's loader: artifact names read back, zip layouts, and the checks on real zips. */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config/index.js'
import { PackageError } from '../../src/errors.js'
import { parseArtifactName } from '../../src/package/candidates.js'
import { classifyZip, loadArtifacts } from '../../src/package/from-artifacts.js'
import type { ZipListing } from '../../src/package/zip-read.js'
import { zipBuffer } from '../../test/support/zips.js'

describe('parseArtifactName', () => {
  it('reads the default {bin}-{arch} back, with dashes in the binary name', () => {
    expect(parseArtifactName('{bin}-{arch}', 'my-api-arm64')).toEqual({
      bin: 'my-api',
      architecture: 'arm64',
      target: undefined,
      kind: undefined,
    })
    expect(parseArtifactName('{bin}-{arch}', 'worker-x86_64')?.architecture).toBe('x86_64')
  })
  it('reads {target} and takes the architecture from it', () => {
    expect(
      parseArtifactName('lambda-{bin}@{target}', 'lambda-api@x86_64-unknown-linux-gnu.2.26'),
    ).toEqual({
      bin: 'api',
      architecture: 'x86_64',
      target: 'x86_64-unknown-linux-gnu.2.26',
      kind: undefined,
    })
  })
  it('treats the template text literally and needs a repeated placeholder to agree', () => {
    expect(parseArtifactName('{bin}.{arch}', 'api.arm64')?.bin).toBe('api')
    expect(parseArtifactName('{bin}.{arch}', 'apiXarm64')).toBeUndefined()
    expect(parseArtifactName('{bin}/{bin}-{arch}', 'a/a-arm64')?.bin).toBe('a')
    expect(parseArtifactName('{bin}/{bin}-{arch}', 'a/b-arm64')).toBeUndefined()
  })
  it('does not fit a name of another shape', () => {
    expect(parseArtifactName('{bin}-{arch}', 'coverage-report')).toBeUndefined()
  })
})

const file = (name: string, mode = 0o100755, size = 10): ZipListing => ({
  name,
  mode,
  size,
  isDirectory: false,
})

describe('classifyZip: the bootstrap layout', () => {
  it('a function: an executable bootstrap at the root', () => {
    expect(classifyZip([file('bootstrap'), file('config.json', 0o100644)], {})).toEqual({
      kind: 'function',
      executable: 'bootstrap',
      bin: undefined,
    })
  })
  it('an extension: one executable extensions/<name>, which names the binary', () => {
    expect(
      classifyZip([{ ...file('extensions/'), isDirectory: true }, file('extensions/logs')], {}),
    ).toEqual({ kind: 'extension', executable: 'extensions/logs', bin: 'logs' })
  })
  it.each<[string, ZipListing[], RegExp]>([
    [
      'bootstrap in a folder',
      [file('hello/bootstrap')],
      /no 'bootstrap' at its root.*InvalidEntrypoint/,
    ],
    [
      'a bootstrap without execute bits',
      [file('bootstrap', 0o100644)],
      /without execute permission \(mode 0644\)/,
    ],
    ['a bootstrap that is a link', [file('bootstrap', 0o120777)], /link or special file/],
  ])('refuses %s', (_what, entries, message) => {
    const r = classifyZip(entries, {})
    expect('error' in r && r.error).toMatch(message)
  })
  it('refuses a function record whose zip has no bootstrap', () => {
    const r = classifyZip([file('extensions/logs')], { kind: 'function' })
    expect('error' in r && r.error).toMatch(/no 'bootstrap'/)
  })
})

describe('loadArtifacts on real zips (a real x86-64 glibc program as bootstrap)', () => {
  let ws: string
  const program = fs.readFileSync('/bin/true')
  beforeAll(async () => {
    ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rla-from-artifacts-')))
    const put = async (rel: string, entries: Record<string, Buffer>) => {
      fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true })
      fs.writeFileSync(path.join(ws, rel), await zipBuffer(entries))
    }
    await put('dl/hello-x86_64/bootstrap.zip', { bootstrap: program })
    await put('dl/liar-arm64/bootstrap.zip', { bootstrap: program })
    await put('dl/report/coverage.txt.zip', { 'a.txt': Buffer.from('x') })
    fs.mkdirSync(path.join(ws, 'dl', 'empty'))
    await put('one/bootstrap.zip', { bootstrap: program })
  })
  afterAll(() => fs.rmSync(ws, { recursive: true, force: true }))

  const config = (inputs: Record<string, string>) =>
    readConfig((n) => inputs[n] ?? '', { GITHUB_WORKSPACE: ws })
  const load = (inputs: Record<string, string>) => {
    const c = config(inputs)
    return loadArtifacts(c, c.fromArtifacts!, fs.mkdtempSync(path.join(ws, 'scratch-')))
  }

  it('reads a downloaded-artifacts folder: name -> binary and architecture, hashes, sizes', async () => {
    const [a] = await load({ 'from-artifacts': 'dl', binaries: 'hello' })
    expect(a).toMatchObject({
      bin: 'hello',
      kind: 'function',
      architecture: 'x86_64',
      target: 'x86_64-unknown-linux-gnu.2.34',
      zipPath: path.join(ws, 'dl', 'hello-x86_64', 'bootstrap.zip'),
      binarySize: program.length,
      unzippedSize: program.length,
    })
    const zip = fs.readFileSync(a!.zipPath)
    expect(a!.zipSize).toBe(zip.length)
    expect(Buffer.from(a!.codeSha256, 'base64').toString('hex')).toBe(a!.sha256)
    expect(fs.readFileSync(a!.binaryPath).equals(program)).toBe(true)
  })

  it('refuses a zip whose ELF architecture is not the one its artifact claims', async () => {
    const e = await load({ 'from-artifacts': 'dl' }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(PackageError)
    expect((e as Error).message).toContain(
      `artifact 'liar-arm64': Function 'liar': the binary is x86-64, but architecture arm64 needs aarch64`,
    )
  })

  it('takes a single artifact folder, the binary named by binaries, the architecture by its input', async () => {
    const [a] = await load({ 'from-artifacts': 'one', binaries: 'api', architecture: 'x86_64' })
    expect(a).toMatchObject({ bin: 'api', architecture: 'x86_64' })
  })

  it('takes records and checks their hash: a changed zip is refused', async () => {
    const zipPath = path.join(ws, 'dl', 'hello-x86_64', 'bootstrap.zip')
    const record = {
      bin: 'hello',
      architecture: 'x86_64',
      target: 'x86_64-unknown-linux-gnu.2.34',
      zipPath,
      sha256: 'f'.repeat(64),
    }
    const e = await load({ 'from-artifacts': JSON.stringify([record]) }).catch((x: unknown) => x)
    expect((e as Error).message).toMatch(
      /has SHA-256 [0-9a-f]{64}, not the f{64} the build recorded/,
    )
    const gone = { ...record, sha256: undefined, zipPath: '/nowhere/bootstrap.zip' }
    const e2 = await load({ 'from-artifacts': JSON.stringify([gone]) }).catch((x: unknown) => x)
    expect((e2 as Error).message).toMatch(/does not exist on this runner.*download the artifacts/)
  })

  it('refuses one binary in two architectures (one per step)', async () => {
    fs.cpSync(path.join(ws, 'dl', 'hello-x86_64'), path.join(ws, 'two', 'hello-x86_64'), {
      recursive: true,
    })
    fs.cpSync(path.join(ws, 'dl', 'hello-x86_64'), path.join(ws, 'two', 'hello-arm64'), {
      recursive: true,
    })
    const e = await load({ 'from-artifacts': 'two' }).catch((x: unknown) => x)
    expect((e as Error).message).toMatch(/'hello' is there twice/)
  })
})
