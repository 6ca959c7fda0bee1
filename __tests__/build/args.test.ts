import { describe, expect, it } from 'vitest'
import { buildEnv, cargoLambdaArgs, groupBuilds, outputPath } from '../../src/build/args.js'
import { parseTarget } from '../../src/config/parsers.js'
import { showCommand } from '../../src/util/command.js'

const config = {
  workingDirectory: '/repo/api',
  target: parseTarget('', 'arm64', 'provided.al2023'),
  features: ['json', 'tls'],
  cargoArgs: ['--locked', '--config', 'net.retry=5'],
}

describe('cargo lambda build arguments', () => {
  it('builds for <triple>.<glibc> in release mode as plain binaries, profile before cargo-args', () => {
    const args = cargoLambdaArgs(
      config,
      { kind: 'function', packages: ['api'], bins: ['api', 'worker'] },
      ['--disable-optimizations', '--config', 'profile.release.lto=true'],
    )
    expect(args).toEqual([
      'lambda',
      'build',
      '--release',
      '--target',
      'aarch64-unknown-linux-gnu.2.34',
      '--output-format',
      'binary',
      '--manifest-path',
      '/repo/api/Cargo.toml',
      '--package',
      'api',
      '--bin',
      'api',
      '--bin',
      'worker',
      '--features',
      'json,tls',
      '--disable-optimizations',
      '--config',
      'profile.release.lto=true',
      // the user's own --config comes last, so it wins
      '--locked',
      '--config',
      'net.retry=5',
    ])
  })

  it('al2 gives the 2.26 floor, an explicit target wins, extensions get --extension', () => {
    const al2 = { ...config, target: parseTarget('', 'x86_64', 'provided.al2'), features: [] }
    const args = cargoLambdaArgs(al2, { kind: 'extension', packages: ['a'], bins: ['a'] }, [])
    expect(args.slice(3, 5)).toEqual(['--target', 'x86_64-unknown-linux-gnu.2.26'])
    expect(args).toContain('--extension')
    expect(args).not.toContain('--features')
    const musl = {
      ...al2,
      target: parseTarget('aarch64-unknown-linux-musl', 'x86_64', 'provided.al2'),
    }
    expect(cargoLambdaArgs(musl, { kind: 'function', packages: [], bins: [] }, [])[4]).toBe(
      'aarch64-unknown-linux-musl',
    )
  })

  it('one build for the functions, one for the extensions', () => {
    expect(
      groupBuilds([
        { bin: 'audit', package: 'audit', packageSpec: 'audit', kind: 'extension' },
        { bin: 'greet', package: 'greet', packageSpec: 'greet', kind: 'function' },
        { bin: 'count', package: 'count', packageSpec: 'count', kind: 'function' },
        { bin: 'count2', package: 'count', packageSpec: 'count', kind: 'function' },
      ]),
    ).toEqual([
      { kind: 'function', packages: ['greet', 'count'], bins: ['greet', 'count', 'count2'] },
      { kind: 'extension', packages: ['audit'], bins: ['audit'] },
    ])
  })

  it('where cargo lambda leaves each binary', () => {
    expect(outputPath('/t', { bin: 'api', kind: 'function' })).toBe('/t/lambda/api/bootstrap')
    expect(outputPath('/t', { bin: 'ext', kind: 'extension' })).toBe('/t/lambda/extensions/ext')
  })
})

describe('build environment', () => {
  it('pins the toolchain and the zig cache, keeps RUSTFLAGS as the user set it', () => {
    const env = buildEnv(
      { PATH: '/bin', RUSTFLAGS: '-Dwarnings', CARGO_TERM_COLOR: 'always', GONE: undefined },
      { rustToolchain: 'debian', zigCacheDir: '/zig' },
    )
    expect(env).toEqual({
      PATH: '/bin',
      RUSTFLAGS: '-Dwarnings',
      CARGO_TERM_COLOR: 'always',
      RUSTUP_TOOLCHAIN: 'debian',
      ZIG_GLOBAL_CACHE_DIR: '/zig',
    })
    expect(buildEnv({}, { rustToolchain: 'stable', zigCacheDir: '/z' }).CARGO_TERM_COLOR).toBe(
      'never',
    )
    expect(buildEnv({}, { rustToolchain: 'stable', zigCacheDir: '/z' })).not.toHaveProperty(
      'RUSTFLAGS',
    )
  })

  it('shows commands quoted as a shell needs them', () => {
    expect(showCommand('cargo', ['--config', 'profile.release.opt-level="z"', 'a b'])).toBe(
      `cargo --config 'profile.release.opt-level="z"' 'a b'`,
    )
  })
})
