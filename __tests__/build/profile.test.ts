import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  loadProjectProfile,
  parseProjectProfile,
  planProfile,
  type ProjectFiles,
  type ProjectProfile,
} from '../../src/build/profile.js'
import { BuildError } from '../../src/errors.js'

const TRIPLE = 'aarch64-unknown-linux-gnu'

function project(manifest: string, configs: string[] = [], env: ProjectFiles['env'] = {}) {
  return parseProjectProfile({
    manifest: { path: '/p/Cargo.toml', text: manifest },
    configFiles: configs.map((text, i) => ({ path: `/p/c${i}/.cargo/config.toml`, text })),
    env,
    triple: TRIPLE,
    root: '/p',
  })
}

const EMPTY: ProjectProfile = project('[package]\nname = "x"\n')

describe('profile: size', () => {
  it('disables cargo-lambda optimizations, then sets all five keys and the target-cpu', () => {
    const plan = planProfile('size', EMPTY, 'arm64')
    expect(plan.args).toEqual([
      '--disable-optimizations',
      '--config',
      'profile.release.opt-level="z"',
      '--config',
      'profile.release.lto=true',
      '--config',
      'profile.release.codegen-units=1',
      '--config',
      'profile.release.panic="abort"',
      '--config',
      'profile.release.strip="symbols"',
      '--config',
      'build.rustflags=["-C","target-cpu=neoverse-n1"]',
    ])
    expect(plan.settings.every((s) => s.source === 'action')).toBe(true)
    expect(plan.targetCpu).toEqual({ value: 'neoverse-n1', source: 'action' })
  })

  it('uses haswell for x86_64', () => {
    expect(planProfile('size', EMPTY, 'x86_64').args.at(-1)).toBe(
      'build.rustflags=["-C","target-cpu=haswell"]',
    )
  })

  it("leaves out every key the project sets, in Cargo.toml or .cargo/config.toml, and reports it as the project's", () => {
    const p = project(
      '[package]\nname = "x"\n\n[profile.release]\nopt-level = 3\ndebug = true\n\n[profile.release.package."*"]\nopt-level = 2\n',
      ['[profile.release]\nlto = "fat"\n', '[profile.release]\nlto = false\npanic = "unwind"\n'],
      { CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '16' },
    )
    const plan = planProfile('size', p, 'arm64')
    const configs = plan.args.filter((a) => a.startsWith('profile.'))
    // debug = true: no strip (it would drop the debug info), as cargo-lambda does.
    expect(configs).toEqual([])
    expect(plan.settings).toEqual([
      { key: 'opt-level', value: '3', source: 'project', where: 'Cargo.toml' },
      // the nearest config file wins, as in cargo
      { key: 'lto', value: '"fat"', source: 'project', where: 'c0/.cargo/config.toml' },
      {
        key: 'codegen-units',
        value: '16',
        source: 'project',
        where: 'CARGO_PROFILE_RELEASE_CODEGEN_UNITS',
      },
      { key: 'panic', value: '"unwind"', source: 'project', where: 'c1/.cargo/config.toml' },
      { key: 'debug', value: 'true', source: 'project', where: 'Cargo.toml' },
    ])
    expect(plan.notes.join()).toContain('keeps debug info: the action adds no strip')
  })

  it('strips when debug info is off (false, 0, "none") or when the project sets strip itself', () => {
    for (const debug of ['false', '0', '"none"']) {
      const plan = planProfile('size', project(`[profile.release]\ndebug = ${debug}\n`), 'arm64')
      expect(plan.args).toContain('profile.release.strip="symbols"')
    }
    for (const debug of ['true', '1', '2', '"line-tables-only"', '"limited"']) {
      const plan = planProfile('size', project(`[profile.release]\ndebug = ${debug}\n`), 'arm64')
      expect(plan.args.some((a) => a.startsWith('profile.release.strip'))).toBe(false)
      expect(plan.settings.some((s) => s.key === 'strip')).toBe(false)
    }
    const own = planProfile(
      'size',
      project('[profile.release]\ndebug = true\nstrip = "debuginfo"\n'),
      'arm64',
    )
    expect(own.settings.find((s) => s.key === 'strip')?.source).toBe('project')
    expect(own.notes).toEqual([])
    const fromEnv = planProfile(
      'size',
      project('', [], { CARGO_PROFILE_RELEASE_DEBUG: 'none' }),
      'arm64',
    )
    expect(fromEnv.args).toContain('profile.release.strip="symbols"')
  })

  it("adds no target-cpu when the project's rustflags choose one, and never touches RUSTFLAGS", () => {
    for (const config of [
      `[target.${TRIPLE}]\nrustflags = ["-C", "target-cpu=native"]\n`,
      '[build]\nrustflags = "-Ctarget-cpu=native -Copt-level=s"\n',
    ]) {
      const plan = planProfile('size', project('', [config]), 'arm64')
      expect(plan.args.some((a) => a.startsWith('build.rustflags'))).toBe(false)
      expect(plan.targetCpu).toBeUndefined()
      expect(plan.notes[0]).toContain('target-cpu=native')
    }
  })

  it('says so when RUSTFLAGS will make cargo ignore build.rustflags', () => {
    const plan = planProfile('size', project('', [], { RUSTFLAGS: '-Dwarnings' }), 'arm64')
    expect(plan.targetCpu).toBeUndefined()
    expect(plan.notes.join()).toContain('RUSTFLAGS')
  })
})

describe('profile: cargo-lambda and none', () => {
  it('cargo-lambda adds no arguments and reports the defaults cargo-lambda appends', () => {
    const plan = planProfile('cargo-lambda', project('[profile.release]\nlto = true\n'), 'arm64')
    expect(plan.args).toEqual([])
    expect(plan.settings.map((s) => `${s.key}=${s.value}:${s.source}`)).toEqual([
      'lto=true:project',
      'codegen-units=1:cargo-lambda',
      'panic="abort":cargo-lambda',
      'strip="symbols":cargo-lambda',
    ])
    expect(plan.targetCpu).toEqual({ value: 'neoverse-n1', source: 'cargo-lambda' })
  })

  it('cargo-lambda: debug info on in Cargo.toml drops its strip default; in a config file it does not', () => {
    const inManifest = planProfile(
      'cargo-lambda',
      project('[profile.release]\ndebug = "line-tables-only"\n'),
      'arm64',
    )
    expect(inManifest.settings.map((s) => `${s.key}:${s.source}`)).toEqual([
      'lto:cargo-lambda',
      'codegen-units:cargo-lambda',
      'panic:cargo-lambda',
      'debug:project',
    ])
    const off = planProfile('cargo-lambda', project('[profile.release]\ndebug = 0\n'), 'arm64')
    expect(off.settings.find((s) => s.key === 'strip')?.source).toBe('cargo-lambda')
    // cargo-lambda reads only Cargo.toml: debug from .cargo/config.toml leaves its strip in place.
    const inConfig = planProfile(
      'cargo-lambda',
      project('', ['[profile.release]\ndebug = true\n']),
      'arm64',
    )
    expect(inConfig.settings.find((s) => s.key === 'strip')?.source).toBe('cargo-lambda')
  })

  it('cargo-lambda: warns that a key set only in .cargo/config.toml is overridden', () => {
    const plan = planProfile(
      'cargo-lambda',
      project('', ['[profile.release]\nlto = "fat"\n']),
      'arm64',
    )
    expect(plan.settings.find((s) => s.key === 'lto')).toEqual({
      key: 'lto',
      value: '"thin"',
      source: 'cargo-lambda',
    })
    expect(plan.notes[0]).toContain('overridden by cargo-lambda')
  })

  it('none passes only --disable-optimizations', () => {
    const plan = planProfile('none', project('[profile.release]\nopt-level = 2\n'), 'x86_64')
    expect(plan.args).toEqual(['--disable-optimizations'])
    expect(plan.settings).toEqual([
      { key: 'opt-level', value: '2', source: 'project', where: 'Cargo.toml' },
    ])
    expect(plan.targetCpu).toBeUndefined()
  })
})

describe('reading the project', () => {
  it('names the file when a manifest is not valid TOML', () => {
    expect(() => project('[profile.release\nlto = true')).toThrow(BuildError)
    expect(() => project('[profile.release\nlto = true')).toThrow(
      /\/p\/Cargo.toml is not valid TOML/,
    )
  })

  it('reads the root Cargo.toml and the .cargo/config.toml of the folder and its parents', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-profile-'))
    const member = path.join(root, 'crates', 'api')
    fs.mkdirSync(path.join(member, '.cargo'), { recursive: true })
    fs.mkdirSync(path.join(root, '.cargo'))
    fs.writeFileSync(
      path.join(root, 'Cargo.toml'),
      '[workspace]\n[profile.release]\nstrip = true\n',
    )
    fs.writeFileSync(path.join(root, '.cargo', 'config.toml'), '[profile.release]\nlto = "off"\n')
    // legacy name, read because config.toml is absent there
    fs.writeFileSync(path.join(member, '.cargo', 'config'), '[profile.release]\npanic = "unwind"\n')
    const p = loadProjectProfile(root, member, { CARGO_HOME: path.join(root, 'no-home') }, TRIPLE)
    expect(p.manifest).toEqual({ strip: { value: 'true', where: 'Cargo.toml' } })
    expect(p.config).toEqual({
      panic: { value: '"unwind"', where: 'crates/api/.cargo/config' },
      lto: { value: '"off"', where: '.cargo/config.toml' },
    })
    fs.rmSync(root, { recursive: true })
  })
})
