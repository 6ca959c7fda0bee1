import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cacheKeys, codegenEnv, MaxKeyLength, type KeyParts } from '../../src/cache/keys.js'
import { keyFiles } from '../../src/cargo/files.js'
import { readCargoProject } from '../../src/cargo/metadata.js'
import { splitTargetDir } from '../../src/cargo/target-dir.js'
import { InputError } from '../../src/errors.js'
import { copyProject, repoRoot } from '../../test/support/harness.js'

const base: KeyParts = {
  os: 'Linux',
  arch: 'X64',
  target: 'aarch64-unknown-linux-gnu.2.34',
  profile: 'size',
  userKey: undefined,
  selection: { package: undefined, binaries: [], features: [], extension: false, cargoArgs: [] },
  sharedKey: undefined,
  rustcVersion:
    'rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\ncommit-hash: 59807616e\nhost: x86_64-unknown-linux-gnu\nrelease: 1.95.0\n',
  zigVersion: '0.15.2',
  cargoLambdaVersion: '1.9.2',
  toolchainFiles: [{ path: 'rust-toolchain.toml', content: '[toolchain]\nchannel = "1.95"\n' }],
  env: { PATH: '/usr/bin', HOME: '/home/runner' },
  dependencyFiles: [
    { path: 'Cargo.toml', content: '[package]\nname = "f"\n' },
    { path: 'Cargo.lock', content: 'version = 4\n' },
  ],
}

describe('cacheKeys', () => {
  const k = cacheKeys(base)

  it('is readable: prefix, OS, runner arch, target with glibc, profile, then the hashes', () => {
    expect(k.key).toMatch(
      /^rust-lambda-v1-Linux-X64-aarch64-unknown-linux-gnu\.2\.34-size-tools:[0-9a-f]{12}-deps:[0-9a-f]{12}-build:[0-9a-f]{12}$/,
    )
    expect(k.restoreKeys[0]).toBe(k.key.replace(/build:[0-9a-f]+$/, ''))
    expect(k.restoreKeys[1]).toBe(k.key.replace(/deps:[0-9a-f]+-build:[0-9a-f]+$/, ''))
    expect(k.restoreKeys[2]).toBe(
      'rust-lambda-v1-Linux-X64-aarch64-unknown-linux-gnu.2.34-size-tools:',
    )
    expect(k.key.startsWith(k.restoreKeys[0])).toBe(true)
    expect(k.restoreKeys[0].startsWith(k.restoreKeys[1])).toBe(true)
    expect(k.restoreKeys[1].startsWith(k.restoreKeys[2])).toBe(true)
  })

  it('is deterministic and ignores the order files are listed in', () => {
    const again = cacheKeys({ ...base, dependencyFiles: [...base.dependencyFiles].reverse() })
    expect(again).toEqual(k)
  })

  const same = (parts: Partial<KeyParts>) => cacheKeys({ ...base, ...parts })
  it.each<[string, Partial<KeyParts>]>([
    ['the OS', { os: 'macOS' }],
    ['the runner architecture', { arch: 'ARM64' }],
    ['the glibc floor', { target: 'aarch64-unknown-linux-gnu.2.26' }],
    ['the target triple', { target: 'x86_64-unknown-linux-gnu.2.34' }],
    ['the profile mode', { profile: 'cargo-lambda' }],
    ['the cache-key input', { userKey: 'v2' }],
  ])('changes every key when %s changes', (_what, parts) => {
    const other = same(parts)
    expect(other.key).not.toBe(k.key)
    expect(other.restoreKeys[2]).not.toBe(k.restoreKeys[2])
  })

  it.each<[string, Partial<KeyParts>]>([
    ['rustc (commit)', { rustcVersion: base.rustcVersion.replace('59807616e', 'aaaaaaaaa') }],
    ['rustc (host)', { rustcVersion: base.rustcVersion.replace('host: x86_64', 'host: aarch64') }],
    ['zig', { zigVersion: '0.15.1' }],
    ['cargo-lambda', { cargoLambdaVersion: '1.9.1' }],
    ['rust-toolchain.toml', { toolchainFiles: [] }],
    ['RUSTFLAGS', { env: { ...base.env, RUSTFLAGS: '-C target-cpu=native' } }],
    ['a profile variable', { env: { ...base.env, CARGO_PROFILE_RELEASE_LTO: 'fat' } }],
    [
      'a linker variable',
      { env: { ...base.env, CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER: 'x' } },
    ],
    ['CC', { env: { ...base.env, CC: 'clang' } }],
  ])('changes the key and the first restore key, not the last, when %s changes', (_w, parts) => {
    const other = same(parts)
    expect(other.key).not.toBe(k.key)
    expect(other.restoreKeys[1]).not.toBe(k.restoreKeys[1])
    expect(other.restoreKeys[2]).toBe(k.restoreKeys[2])
  })

  it.each<[string, Partial<KeyParts>]>([
    [
      'Cargo.lock',
      { dependencyFiles: [base.dependencyFiles[0]!, { path: 'Cargo.lock', content: 'v5' }] },
    ],
    [
      'a Cargo.toml',
      { dependencyFiles: [{ path: 'Cargo.toml', content: 'x' }, base.dependencyFiles[1]!] },
    ],
    [
      '.cargo/config.toml',
      { dependencyFiles: [...base.dependencyFiles, { path: '.cargo/config.toml', content: '' }] },
    ],
  ])(
    'changes only the deps part when %s changes, so the second restore key still matches',
    (_w, parts) => {
      const other = same(parts)
      expect(other.key).not.toBe(k.key)
      expect(other.restoreKeys[0]).not.toBe(k.restoreKeys[0])
      expect(other.restoreKeys.slice(1)).toEqual(k.restoreKeys.slice(1))
    },
  )

  it.each([
    ['CARGO_HOME', '/elsewhere'],
    ['CARGO_TARGET_DIR', '/tmp/t'],
    ['CARGO_TERM_COLOR', 'always'],
    ['CARGO_REGISTRY_TOKEN', 'secret'],
    ['CARGO_BUILD_JOBS', '8'],
    ['RUSTUP_TOOLCHAIN', 'stable'],
    ['RUST_BACKTRACE', '1'],
    ['RUST_LOG', 'debug'],
    ['GITHUB_SHA', 'abc'],
    ['CARGO_ZIGBUILD_ZIG_PATH', '/opt/hostedtoolcache/zig/0.15.2/x64/zig'],
  ])('does not change when %s is set (not codegen)', (name, value) => {
    expect(same({ env: { ...base.env, [name]: value } }).key).toBe(k.key)
  })

  it('lists the variables it hashed, sorted, and never their values', () => {
    const env = { RUSTFLAGS: '-Cx', CARGO_PROFILE_RELEASE_LTO: 'fat', CARGO_TERM_COLOR: 'never' }
    expect(same({ env }).envNames).toEqual(['CARGO_PROFILE_RELEASE_LTO', 'RUSTFLAGS'])
    expect(codegenEnv({ RUSTFLAGS: '' })).toEqual([])
  })

  it('keeps a restore key of one cache-key from matching another cache-key', () => {
    const plain = same({ userKey: undefined })
    const keyed = same({ userKey: 'tools:abc' })
    expect(keyed.key.startsWith(plain.restoreKeys[2])).toBe(false)
    expect(keyed.key).toContain('-tools_abc-')
  })

  it.each<[string, Partial<KeyParts>]>([
    ['binaries', { selection: { ...base.selection, binaries: ['api'] } }],
    ['package', { selection: { ...base.selection, package: 'svc' } }],
    ['features', { selection: { ...base.selection, features: ['tls'] } }],
    ['extension', { selection: { ...base.selection, extension: true } }],
    ['cargo-args', { selection: { ...base.selection, cargoArgs: ['--no-default-features'] } }],
  ])(
    'gives legs that build other %s their own key, restoring each other partially',
    (_w, parts) => {
      const other = same(parts)
      expect(other.key).not.toBe(k.key)
      expect(other.restoreKeys).toEqual(k.restoreKeys)
    },
  )

  it('ignores the order of binaries and features, and where --target-dir points', () => {
    const a = same({ selection: { ...base.selection, binaries: ['a', 'b'], features: ['x', 'y'] } })
    const b = same({ selection: { ...base.selection, binaries: ['b', 'a'], features: ['y', 'x'] } })
    expect(a.key).toBe(b.key)
    const t1 = same({ selection: { ...base.selection, cargoArgs: ['--target-dir', '/r1/t'] } })
    const t2 = same({ selection: { ...base.selection, cargoArgs: ['--target-dir=/r2/t'] } })
    expect(t1.key).toBe(k.key)
    expect(t2.key).toBe(k.key)
  })

  it('gives legs with the same shared-key one key, whatever they build', () => {
    const api = same({ sharedKey: 'ws', selection: { ...base.selection, binaries: ['api'] } })
    const worker = same({ sharedKey: 'ws', selection: { ...base.selection, binaries: ['worker'] } })
    expect(api.key).toBe(worker.key)
    expect(api.key).toMatch(/-shared:ws$/)
    expect(same({ sharedKey: 'a b:c' }).key).toMatch(/-shared:a_b_c$/)
  })

  it('rejects a shared-key that makes the key too long, naming shared-key', () => {
    expect(() => same({ sharedKey: 'x'.repeat(MaxKeyLength) })).toThrow(
      /Input 'shared-key' .*allows 512/,
    )
  })

  it('rejects a cache-key that makes the key too long, saying how long it may be', () => {
    expect(() => same({ userKey: 'x'.repeat(MaxKeyLength) })).toThrow(InputError)
    expect(() => same({ userKey: 'x'.repeat(MaxKeyLength) })).toThrow(
      /Input 'cache-key' .*allows 512: shorten it to at most \d+ characters/,
    )
  })
})

describe('key files of a real project (cargo metadata)', () => {
  const fixture = path.join(repoRoot, 'test', 'fixtures', 'cache-app')
  const keyFor = async (dir: string): Promise<ReturnType<typeof cacheKeys>> => {
    const layout = await readCargoProject(
      dir,
      { RUSTUP_TOOLCHAIN: process.env.RUSTUP_TOOLCHAIN ?? 'stable' },
      [],
    )
    const files = keyFiles(layout, dir, dir, path.join(dir, 'no-cargo-home'))
    return cacheKeys({ ...base, ...files })
  }

  it('changes with Cargo.lock, member manifests and rust-toolchain.toml, not with sources', async () => {
    fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true })
    const dir = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'keys-'))
    try {
      copyProject(fixture, dir)
      const k0 = await keyFor(dir)

      fs.appendFileSync(path.join(dir, 'src', 'main.rs'), '\n// edited\n')
      fs.appendFileSync(path.join(dir, 'pathdep', 'src', 'lib.rs'), '\n// edited\n')
      expect(await keyFor(dir)).toEqual(k0)

      fs.appendFileSync(path.join(dir, 'Cargo.lock'), '\n')
      const k1 = await keyFor(dir)
      expect(k1.key).not.toBe(k0.key)
      expect(k1.restoreKeys.slice(1)).toEqual(k0.restoreKeys.slice(1))

      fs.appendFileSync(path.join(dir, '.cargo', 'config.toml'), '\n[build]\n')
      const k2 = await keyFor(dir)
      expect(k2.key).not.toBe(k1.key)

      fs.writeFileSync(path.join(dir, 'rust-toolchain.toml'), '[toolchain]\nchannel = "stable"\n')
      const k3 = await keyFor(dir)
      expect(k3.restoreKeys[1]).not.toBe(k2.restoreKeys[1])
      expect(k3.restoreKeys[2]).toBe(k2.restoreKeys[2])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('splitTargetDir', () => {
  it('takes --target-dir out of cargo-args (the last wins), resolved from the project', () => {
    expect(splitTargetDir(['--locked', '--target-dir', 't', '-v'], '/w/p')).toEqual({
      targetDir: '/w/p/t',
      rest: ['--locked', '-v'],
    })
    expect(splitTargetDir(['--target-dir=/a', '--target-dir', '/b'], '/w').targetDir).toBe('/b')
  })
  it('leaves what follows -- alone, and gives no folder when there is none', () => {
    expect(splitTargetDir(['--', '--target-dir', 'x'], '/w')).toEqual({
      targetDir: undefined,
      rest: ['--', '--target-dir', 'x'],
    })
  })
})
