import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import {
  chooseToolchain,
  findToolchainFile,
  installRust,
  parseRustcVersion,
  parseToolchainFile,
} from '../../src/tools/rust.js'

describe('parseToolchainFile', () => {
  it('reads [toolchain] channel, components and profile from rust-toolchain.toml', () => {
    const text = '[toolchain]\nchannel = "1.85.0"\ncomponents = ["clippy"]\nprofile = "minimal"\n'
    expect(parseToolchainFile('rust-toolchain.toml', text)).toEqual({
      toolchain: '1.85.0',
      components: ['clippy'],
      profile: 'minimal',
    })
  })

  it('reads a legacy one-line rust-toolchain file, and the TOML form in it', () => {
    expect(parseToolchainFile('rust-toolchain', 'nightly-2025-01-01\n').toolchain).toBe(
      'nightly-2025-01-01',
    )
    expect(parseToolchainFile('rust-toolchain', '[toolchain]\nchannel = "beta"\n').toolchain).toBe(
      'beta',
    )
  })

  it('names the file when it names no toolchain or is not TOML', () => {
    expect(() => parseToolchainFile('rust-toolchain.toml', '[toolchain]\n')).toThrow(
      /rust-toolchain\.toml names no toolchain/,
    )
    expect(() => parseToolchainFile('rust-toolchain.toml', 'channel = ')).toThrow(
      /rust-toolchain\.toml is not valid TOML/,
    )
  })
})

describe('chooseToolchain', () => {
  const file = { path: '/w/rust-toolchain.toml', text: '[toolchain]\nchannel = "1.80.0"\n' }
  it('prefers the file, then the input, then stable', () => {
    expect(chooseToolchain(file, 'beta').toolchain).toBe('1.80.0')
    expect(chooseToolchain(undefined, 'beta')).toMatchObject({
      toolchain: 'beta',
      from: "input 'rust-toolchain'",
    })
    expect(chooseToolchain(undefined, undefined).toolchain).toBe('stable')
  })
})

describe('findToolchainFile', () => {
  it('looks in the project folder and its parents, up to the workspace', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-tc-'))
    const crate = path.join(ws, 'crates', 'api')
    fs.mkdirSync(crate, { recursive: true })
    expect(findToolchainFile(crate, ws)).toBeUndefined()
    fs.writeFileSync(path.join(ws, 'rust-toolchain.toml'), '[toolchain]\nchannel = "1.80.0"\n')
    expect(findToolchainFile(crate, ws)?.path).toBe(path.join(ws, 'rust-toolchain.toml'))
    fs.writeFileSync(path.join(crate, 'rust-toolchain'), 'beta\n')
    expect(findToolchainFile(crate, ws)?.path).toBe(path.join(crate, 'rust-toolchain'))
    // Not above the workspace.
    expect(findToolchainFile(ws, crate)).toMatchObject({
      path: path.join(ws, 'rust-toolchain.toml'),
    })
    fs.rmSync(ws, { recursive: true, force: true })
  })
})

describe('parseRustcVersion', () => {
  it('reads release and host from rustc -vV', () => {
    const text =
      'rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\nhost: x86_64-unknown-linux-gnu\nrelease: 1.95.0\n'
    expect(parseRustcVersion(text)).toEqual({ release: '1.95.0', host: 'x86_64-unknown-linux-gnu' })
  })
})

describe('installRust with the real rustup', () => {
  const saved = process.env.RUSTUP_TOOLCHAIN
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-rust-'))
  const linked = `rla-test-linked-${process.pid}`
  let linkedMade = false
  afterEach(() => {
    if (saved === undefined) delete process.env.RUSTUP_TOOLCHAIN
    else process.env.RUSTUP_TOOLCHAIN = saved
  })
  afterAll(() => {
    if (linkedMade) execFileSync('rustup', ['toolchain', 'uninstall', linked], { stdio: 'pipe' })
    fs.rmSync(ws, { recursive: true, force: true })
  })

  it('the linked `debian` toolchain with the aarch64 std passes the target check', async () => {
    const r = await installRust(ws, ws, 'debian', 'aarch64-unknown-linux-gnu')
    expect(r.toolchain).toBe('debian')
    expect(r.rustcVersion).toMatch(/^rustc 1\.\d+\.\d+.*\nbinary: rustc\n/)
    expect(r.report).toMatchObject({ name: 'rust', source: 'preinstalled', detail: 'debian' })
    expect(process.env.RUSTUP_TOOLCHAIN).toBe('debian')
  })

  it('stable already has its host target', async () => {
    const r = await installRust(ws, ws, undefined, 'x86_64-unknown-linux-gnu')
    expect(r.toolchain).toBe('stable')
    expect(r.report.version).toMatch(/^1\.\d+\.\d+$/)
  })

  it('a rust-toolchain.toml in the project beats the input', async () => {
    const crate = path.join(ws, 'pinned')
    fs.mkdirSync(crate)
    fs.writeFileSync(path.join(crate, 'rust-toolchain.toml'), '[toolchain]\nchannel = "debian"\n')
    const r = await installRust(crate, ws, 'stable', 'aarch64-unknown-linux-gnu')
    expect(r.toolchain).toBe('debian')
  })

  it('a linked toolchain without the target std fails, naming the target and the fix', async () => {
    // A linked toolchain made of the stable toolchain, leaving out its aarch64 std: earlier
    // builds in the same run may have added that target to stable itself. rustc finds its sysroot
    // from its own files with symlinks resolved, so bin/ and lib/*.so are hard links (or copies
    // across file systems), the rest symlinks.
    const sysroot = execFileSync('rustc', ['+stable', '--print', 'sysroot'], {
      encoding: 'utf8',
    }).trim()
    const farm = path.join(ws, 'farm')
    const linkAllBut = (from: string, to: string, keep: (entry: string) => boolean): void => {
      fs.mkdirSync(to)
      for (const entry of fs.readdirSync(from).filter(keep)) {
        const [src, dest] = [path.join(from, entry), path.join(to, entry)]
        if (fs.statSync(src).isDirectory()) fs.symlinkSync(src, dest)
        else
          try {
            fs.linkSync(src, dest)
          } catch {
            fs.copyFileSync(src, dest)
            fs.chmodSync(dest, fs.statSync(src).mode)
          }
      }
    }
    linkAllBut(sysroot, farm, (e) => e !== 'lib' && e !== 'bin')
    linkAllBut(path.join(sysroot, 'bin'), path.join(farm, 'bin'), () => true)
    linkAllBut(path.join(sysroot, 'lib'), path.join(farm, 'lib'), (e) => e !== 'rustlib')
    linkAllBut(
      path.join(sysroot, 'lib', 'rustlib'),
      path.join(farm, 'lib', 'rustlib'),
      // Target folders only: rustup's manifests would list the aarch64 std as installed.
      (e) =>
        e !== 'aarch64-unknown-linux-gnu' &&
        fs.statSync(path.join(sysroot, 'lib', 'rustlib', e)).isDirectory(),
    )
    execFileSync('rustup', ['toolchain', 'link', linked, farm], { stdio: 'pipe' })
    linkedMade = true
    await expect(installRust(ws, ws, linked, 'aarch64-unknown-linux-gnu')).rejects.toThrow(
      new RegExp(
        `The Rust toolchain '${linked}' has no standard library for the target aarch64-unknown-linux-gnu .*libstd-rust-dev:arm64.*rustup target add aarch64-unknown-linux-gnu`,
      ),
    )
  })

  it('a toolchain rustup cannot install fails with rustup’s reason', async () => {
    await expect(
      installRust(ws, ws, 'no-such-toolchain-xyz', 'x86_64-unknown-linux-gnu'),
    ).rejects.toThrow(
      /rustup could not install the Rust toolchain 'no-such-toolchain-xyz' \(from input 'rust-toolchain'\)/,
    )
  })
})
