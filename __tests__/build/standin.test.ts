/**
 * The cargo-lambda STAND-IN's argument handling (test/support/cargo-lambda-standin/build.cjs):
 * it must reproduce what cargo-lambda appends, and where, or the integration tests could not
 * catch an action that relies on `--config` without `--disable-optimizations`.
 */
import { createRequire } from 'node:module'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../test/support/harness.js'

interface Options {
  release: boolean
  passthrough: string[]
  bins: string[]
  disableOptimizations: boolean
  extension: boolean
  outputFormat: string
  target: string | undefined
}
interface Target {
  triple: string
  arch: string
  glibc: string
}
const standin = createRequire(import.meta.url)(
  path.join(repoRoot, 'test', 'support', 'cargo-lambda-standin', 'build.cjs'),
) as {
  parseArgs(args: string[]): Options
  parseTarget(value: string | undefined): Target
  cargoArgv(o: Options, target: Target, projectKeys: Set<string>): string[]
  profileReleaseKeys(text: string): Set<string>
  withPackageConfig(o: Options, build: unknown, env: Record<string, string>): Options
}

/** The value cargo ends up with: the last `--config` for a key wins. */
function effective(argv: string[], key: string): string | undefined {
  let value: string | undefined
  argv.forEach((a, i) => {
    if (a === '--config' && argv[i + 1]?.startsWith(`${key}=`))
      value = argv[i + 1]?.slice(key.length + 1)
  })
  return value
}

function cargoFor(args: string[], manifest = '[package]\nname = "x"\n'): string[] {
  const o = standin.parseArgs(args)
  return standin.cargoArgv(o, standin.parseTarget(o.target), standin.profileReleaseKeys(manifest))
}

describe('the stand-in appends what cargo-lambda appends, after the caller', () => {
  it('a caller relying on --config alone gets thin LTO: cargo-lambda has the last word', () => {
    const cargo = cargoFor([
      '--release',
      '--target',
      'aarch64-unknown-linux-gnu.2.34',
      '--config',
      'profile.release.lto=true',
    ])
    expect(effective(cargo, 'profile.release.lto')).toBe('"thin"')
    expect(effective(cargo, 'build.rustflags')).toBe('["-C","target-cpu=neoverse-n1"]')
    expect(cargo.slice(0, 5)).toEqual([
      'build',
      '--message-format=json-render-diagnostics',
      '--target',
      'aarch64-unknown-linux-gnu',
      '--release',
    ])
  })

  it('with --disable-optimizations the caller keeps its keys, and nothing is added', () => {
    const cargo = cargoFor([
      '--release',
      '--disable-optimizations',
      '--config',
      'profile.release.lto=true',
      '--bin',
      'api',
    ])
    expect(effective(cargo, 'profile.release.lto')).toBe('true')
    expect(cargo.filter((a) => a === '--config')).toHaveLength(1)
    expect(cargo).toContain('api')
  })

  it('skips the keys the root Cargo.toml sets, and adds nothing for a debug build', () => {
    const cargo = cargoFor(['--release'], '[profile.release]\nlto = false\nstrip = "none"\n')
    expect(effective(cargo, 'profile.release.lto')).toBeUndefined()
    expect(effective(cargo, 'profile.release.strip')).toBeUndefined()
    expect(effective(cargo, 'profile.release.panic')).toBe('"abort"')
    expect(cargoFor([]).includes('--config')).toBe(false)
  })

  it('parses the flags cargo-lambda knows, passes the rest through in order', () => {
    const o = standin.parseArgs([
      '--release',
      '--target=x86_64-unknown-linux-gnu.2.26',
      '--extension',
      '--locked',
      '--config',
      'net.retry=2',
    ])
    expect(o).toMatchObject({
      release: true,
      extension: true,
      passthrough: ['--locked', '--config', 'net.retry=2'],
    })
    expect(standin.parseTarget(o.target)).toMatchObject({
      triple: 'x86_64-unknown-linux-gnu',
      glibc: '2.26',
    })
    expect(standin.parseTarget('aarch64-unknown-linux-gnu')).toMatchObject({ glibc: '2.17' })
  })
})

describe('the stand-in reads its options as cargo-lambda 1.9.2 does (checked against the real one in integration/standin-parity)', () => {
  it('keeps the first --target of several', () => {
    const o = standin.parseArgs([
      '--release',
      '--target',
      'aarch64-unknown-linux-gnu.2.34',
      '--target=x86_64-unknown-linux-gnu',
    ])
    expect(o.target).toBe('aarch64-unknown-linux-gnu.2.34')
    expect(o.passthrough).toEqual([])
  })

  it('takes target, release and disable_optimizations from [package.metadata.lambda.build]; the command line wins', () => {
    const build = { target: ['aarch64-unknown-linux-gnu'], disable_optimizations: true }
    const fromMetadata = standin.withPackageConfig(standin.parseArgs(['--release']), build, {})
    expect(fromMetadata).toMatchObject({
      target: 'aarch64-unknown-linux-gnu',
      disableOptimizations: true,
      outputFormat: 'binary',
    })
    const cli = standin.parseArgs(['--release', '--target', 'x86_64-unknown-linux-gnu'])
    expect(standin.withPackageConfig(cli, build, {}).target).toBe('x86_64-unknown-linux-gnu')
    expect(standin.withPackageConfig(standin.parseArgs([]), { release: true }, {}).release).toBe(
      true,
    )
  })
})
