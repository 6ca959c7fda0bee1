import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config/index.js'
import { parseSize } from '../src/config/parsers.js'
import { InputError } from '../src/errors.js'

let workspace: string

beforeAll(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rla-config-')))
  fs.writeFileSync(path.join(workspace, 'Cargo.toml'), '[package]\nname = "x"\nversion = "0.1.0"\n')
  fs.mkdirSync(path.join(workspace, 'not-cargo'))
  fs.mkdirSync(path.join(workspace, 'sub'))
  fs.writeFileSync(path.join(workspace, 'sub', 'Cargo.toml'), '[workspace]\n')
  fs.writeFileSync(path.join(workspace, 'event.json'), '{"hello":"file"}')
})

function config(inputs: Record<string, string> = {}) {
  return readConfig((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: workspace })
}

function inputErrorOf(inputs: Record<string, string>): InputError {
  try {
    config(inputs)
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return e as InputError
  }
  throw new Error(`no error for ${JSON.stringify(inputs)}`)
}

describe('readConfig defaults', () => {
  it('builds arm64 for provided.al2023 with the size profile', () => {
    const c = config()
    expect(c.workingDirectory).toBe(workspace)
    expect(c.architecture).toBe('arm64')
    expect(c.target).toEqual({
      triple: 'aarch64-unknown-linux-gnu',
      glibc: '2.34',
      cargoTarget: 'aarch64-unknown-linux-gnu.2.34',
      architecture: 'arm64',
    })
    expect(c.profile).toBe('size')
    expect(c.zig.version).toBe('0.15.2')
    expect(c.cargoLambda.version).toBe('1.9.2')
    expect(c.cache).toEqual({
      enabled: true,
      key: undefined,
      save: true,
      onFailure: false,
      sharedKey: undefined,
    })
    expect(c.fromArtifacts).toBeUndefined()
    expect(c.deploy).toBeUndefined()
    expect(c.artifact.upload).toBe(true)
    expect(c.smoke).toEqual({ mode: 'auto', event: '{}', timeoutSeconds: 10 })
  })

  it('is frozen', () => {
    const c = config()
    expect(Object.isFrozen(c)).toBe(true)
    expect(Object.isFrozen(c.target)).toBe(true)
    expect(Object.isFrozen(c.binaries)).toBe(true)
  })

  it('uses glibc 2.26 for provided.al2 and x86_64', () => {
    const c = config({ architecture: 'x86_64', runtime: 'provided.al2' })
    expect(c.target.cargoTarget).toBe('x86_64-unknown-linux-gnu.2.26')
  })

  it('lets an explicit target win, musl included', () => {
    expect(config({ target: 'x86_64-unknown-linux-musl' }).target).toMatchObject({
      cargoTarget: 'x86_64-unknown-linux-musl',
      glibc: undefined,
      architecture: 'x86_64',
    })
    expect(config({ target: 'aarch64-unknown-linux-gnu.2.28' }).target.glibc).toBe('2.28')
  })

  it('splits cargo-args like a shell and lists binaries, features and include', () => {
    const c = config({
      'cargo-args': `--locked --config 'env.X="a b"'`,
      binaries: 'api\nworker, cron',
      features: 'a,b c',
      include: 'static/\nconfig.json',
    })
    expect(c.cargoArgs).toEqual(['--locked', '--config', 'env.X="a b"'])
    expect(c.binaries).toEqual(['api', 'worker', 'cron'])
    expect(c.features).toEqual(['a', 'b', 'c'])
    expect(c.include).toEqual(['static/', 'config.json'])
  })

  it('parses deploy inputs: alias implies publish, upload-artifact defaults to false', () => {
    const c = config({ 'function-name': 'my-fn', alias: 'live' })
    expect(c.deploy).toMatchObject({
      functionName: 'my-fn',
      alias: 'live',
      publish: true,
      concurrency: 4,
    })
    expect(c.artifact.upload).toBe(false)
    expect(config({ 'function-name': 'f', alias: 'live', publish: 'false' }).deploy?.publish).toBe(
      false,
    )
  })

  it('parses functions lines', () => {
    const c = config({
      functions:
        'api=api-fn\n# comment\n\nworker = arn:aws:lambda:eu-west-1:123456789012:function:w',
    })
    expect(c.deploy?.functions).toEqual([
      { binary: 'api', function: 'api-fn' },
      { binary: 'worker', function: 'arn:aws:lambda:eu-west-1:123456789012:function:w' },
    ])
  })

  it('reads the smoke event inline or from a file', () => {
    expect(config({ 'smoke-event': '{"a":1}' }).smoke.event).toBe('{"a":1}')
    expect(config({ 'smoke-event': 'event.json' }).smoke.event).toBe('{"hello":"file"}')
  })

  it('parses sizes with units', () => {
    expect(parseSize('size-limit', '50MB')).toBe(50_000_000)
    expect(parseSize('size-limit', '512KiB')).toBe(524_288)
    expect(parseSize('size-limit', '1048576')).toBe(1_048_576)
  })
})

describe('readConfig rejects bad input with one line naming the input', () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['architecture', { architecture: 'arm' }, 'architecture', /expected one of arm64, x86_64/],
    [
      'runtime',
      { runtime: 'provided' },
      'runtime',
      /expected one of provided\.al2023, provided\.al2/,
    ],
    ['profile', { profile: 'fast' }, 'profile', /expected one of size, cargo-lambda, none/],
    ['target', { target: 'wasm32-unknown-unknown' }, 'target', /aarch64-unknown-linux-gnu/],
    ['functions without =', { functions: 'api' }, 'functions', /binary=function/],
    [
      'functions binary twice',
      { functions: 'api=a\napi=b' },
      'functions',
      /names the binary 'api' twice/,
    ],
    ['binaries twice', { binaries: 'a,a' }, 'binaries', /names 'a' twice/],
    [
      'working-directory missing',
      { 'working-directory': 'nope' },
      'working-directory',
      /does not exist/,
    ],
    [
      'working-directory not cargo',
      { 'working-directory': 'not-cargo' },
      'working-directory',
      /not a Cargo project/,
    ],
    [
      'working-directory escapes',
      { 'working-directory': '..' },
      'working-directory',
      /outside GITHUB_WORKSPACE/,
    ],
    [
      'function-name with functions',
      { 'function-name': 'f', functions: 'a=b' },
      'function-name',
      /cannot be combined with 'functions'/,
    ],
    [
      'function-name with two binaries',
      { 'function-name': 'f', binaries: 'a,b' },
      'function-name',
      /deploys one binary/,
    ],
    ['size-limit', { 'size-limit': 'big' }, 'size-limit', /size in bytes/],
    [
      'artifact-retention-days text',
      { 'artifact-retention-days': 'ten' },
      'artifact-retention-days',
      /whole number from 1 to 90/,
    ],
    [
      'artifact-retention-days range',
      { 'artifact-retention-days': '91' },
      'artifact-retention-days',
      /whole number from 1 to 90/,
    ],
    ['zig-sha256', { 'zig-sha256': 'abc' }, 'zig-sha256', /64 hexadecimal digits/],
    [
      'cargo-lambda-sha256',
      { 'cargo-lambda-sha256': 'z'.repeat(64) },
      'cargo-lambda-sha256',
      /64 hexadecimal digits/,
    ],
    ['zig-version', { 'zig-version': 'latest' }, 'zig-version', /version such as 1\.2\.3/],
    [
      'cargo-lambda-version',
      { 'cargo-lambda-version': '1.x' },
      'cargo-lambda-version',
      /version such as/,
    ],
    ['boolean typo', { 'dry-run': 'yes' }, 'dry-run', /expected true or false/],
    ['cache typo', { cache: 'ture' }, 'cache', /expected true or false/],
    [
      'deploy-concurrency',
      { 'deploy-concurrency': '0' },
      'deploy-concurrency',
      /whole number from 1/,
    ],
    ['smoke-test', { 'smoke-test': 'maybe' }, 'smoke-test', /expected one of auto, true, false/],
    ['smoke-timeout', { 'smoke-timeout': '-1' }, 'smoke-timeout', /greater than 0/],
    ['smoke-event', { 'smoke-event': '{bad' }, 'smoke-event', /not valid JSON/],
    ['alias without deploy', { alias: 'live' }, 'alias', /only applies when deploying/],
    [
      'cargo-args operator',
      { 'cargo-args': '--locked && rm -rf /' },
      'cargo-args',
      /shell operators/,
    ],
    ['zig-mirror', { 'zig-mirror': 'ftp://x' }, 'zig-mirror', /http\(s\) URL/],
  ]
  it.each(cases)('%s', (_name, inputs, input, pattern) => {
    const e = inputErrorOf(inputs)
    expect(e.input).toBe(input)
    expect(e.message).toMatch(new RegExp(`^Input '${input}' `))
    expect(e.message).toMatch(pattern)
    expect(e.message).not.toContain('\n')
  })
})

describe('s3-bucket and s3-key-prefix (S3 naming rules)', () => {
  const deploy = { 'function-name': 'api' }
  const injected = 'builds%0A::error::pwned\n::warning::also'

  it('refuses a bucket name that breaks the rules, naming the input, and never echoes a newline', () => {
    for (const bucket of [
      injected,
      'My_Bucket',
      'ab',
      'a'.repeat(64),
      'bucket..name',
      '-bucket',
      '192.168.0.1',
      'xn--bucket',
      'bucket-s3alias',
    ]) {
      const e = inputErrorOf({ ...deploy, 's3-bucket': bucket })
      expect(e.message).toContain("Input 's3-bucket'")
      expect(e.message).not.toMatch(/[\r\n]/)
    }
    expect(config({ ...deploy, 's3-bucket': 'my-bucket.builds-1' }).deploy?.s3Bucket).toBe(
      'my-bucket.builds-1',
    )
  })

  it('refuses a key prefix with characters outside S3 safe set, naming the input, and never echoes a newline', () => {
    const e = inputErrorOf({ ...deploy, 's3-bucket': 'my-bucket', 's3-key-prefix': injected })
    expect(e.message).toContain("Input 's3-key-prefix'")
    expect(e.message).not.toMatch(/[\r\n]/)
    expect(inputErrorOf({ ...deploy, 's3-key-prefix': 'a'.repeat(900) }).message).toContain(
      "Input 's3-key-prefix'",
    )
    expect(
      config({ ...deploy, 's3-bucket': 'my-bucket', 's3-key-prefix': '/team-a/builds_(1)/' }).deploy
        ?.s3KeyPrefix,
    ).toBe('team-a/builds_(1)')
  })
})
