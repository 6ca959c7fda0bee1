/** The compile cache inputs: compile-cache, compile-cache-write, the bucket, sccache's release. */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config/index.js'
import { Inputs } from '../../src/constants.js'
import { InputError } from '../../src/errors.js'

type InputName = (typeof Inputs)[keyof typeof Inputs]

let workspace: string
beforeAll(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rla-compile-cache-')))
  fs.writeFileSync(path.join(workspace, 'Cargo.toml'), '[package]\nname = "x"\nversion = "0.1.0"\n')
})

function config(
  inputs: Partial<Record<InputName, string>>,
  env: Record<string, string | undefined> = {},
) {
  return readConfig((name) => inputs[name as InputName] ?? '', {
    GITHUB_WORKSPACE: workspace,
    ...env,
  })
}

function errorOf(inputs: Partial<Record<InputName, string>>, env = {}): InputError {
  try {
    config(inputs, env)
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return e as InputError
  }
  throw new Error(`no error for ${JSON.stringify(inputs)}`)
}

describe('compile-cache', () => {
  it('is off by default: no sccache is installed or used', () => {
    expect(config({}).compileCache).toBeUndefined()
  })

  it('gha: the pinned sccache 0.16.0, writes decided per run (auto)', () => {
    expect(config({ 'compile-cache': 'gha' }).compileCache).toEqual({
      backend: 'gha',
      write: 'auto',
      s3: undefined,
      sccache: { version: '0.16.0', sha256: undefined, url: undefined },
    })
  })

  it('s3: bucket, region from aws-region else AWS_REGION, prefix without slashes at the ends', () => {
    const c = config(
      {
        'compile-cache': 's3',
        'compile-cache-bucket': 'my-build-cache',
        'compile-cache-prefix': '/team/sccache/',
        'compile-cache-write': 'false',
      },
      { AWS_REGION: 'eu-west-1' },
    ).compileCache
    expect(c?.s3).toEqual({ bucket: 'my-build-cache', region: 'eu-west-1', prefix: 'team/sccache' })
    expect(c?.write).toBe('false')
    expect(
      config({
        'compile-cache': 's3',
        'compile-cache-bucket': 'my-build-cache',
        'aws-region': 'us-east-2',
      }).compileCache?.s3,
    ).toEqual({ bucket: 'my-build-cache', region: 'us-east-2', prefix: 'sccache' })
  })

  it('names the input and the fix for what cannot work', () => {
    expect(errorOf({ 'compile-cache': 'redis' }).message).toContain('expected one of off, gha, s3')
    expect(errorOf({ 'compile-cache-write': 'yes' }).message).toContain(
      'expected one of auto, true, false',
    )
    expect(errorOf({ 'compile-cache': 's3' }).message).toContain("needs 'compile-cache-bucket'")
    expect(errorOf({ 'compile-cache': 's3', 'compile-cache-bucket': 'b' }).message).toContain(
      '3 to 63 characters',
    )
    expect(
      errorOf({ 'compile-cache': 's3', 'compile-cache-bucket': 'my-build-cache' }).message,
    ).toContain("set 'aws-region'")
    expect(
      errorOf({ 'compile-cache': 'gha', 'compile-cache-bucket': 'my-cache' }).message,
    ).toContain("only used with 'compile-cache: s3'")
    expect(errorOf({ 'compile-cache': 'gha', 'sccache-version': '0.15.0' }).message).toContain(
      "wraps Zig's C compiler",
    )
    expect(errorOf({ 'compile-cache': 'gha', 'sccache-sha256': 'abc' }).message).toContain(
      'sccache-sha256',
    )
  })

  it('takes another sccache release with its own pin and mirror', () => {
    const c = config({
      'compile-cache': 'gha',
      'sccache-version': 'v0.17.0',
      'sccache-sha256': 'AB'.repeat(32),
      'sccache-url': 'https://mirror.example/sccache-v{version}-{target}.tar.gz',
    }).compileCache
    expect(c?.sccache).toEqual({
      version: '0.17.0',
      sha256: 'ab'.repeat(32),
      url: 'https://mirror.example/sccache-v{version}-{target}.tar.gz',
    })
  })
})
