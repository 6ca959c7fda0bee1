/**
 * The cargo-lambda stand-in against the REAL cargo-lambda 1.9.2 (.tmp/tools, from
 * scripts/setup.sh), on the points tests rely on: which of several --target wins, unknown options,
 * the --arm64/--target conflict, and [package.metadata.lambda.build]. Both run with a `cargo` that
 * answers `metadata` for real and prints the argv of `build` instead of compiling, so nothing is
 * compiled and the two argvs can be compared.
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadProjectProfile, planProfile } from '../../src/build/profile.js'
import { repoRoot } from '../../test/support/harness.js'
import { localCargoLambda, localZig } from '../../test/support/releases.js'

const standin = path.join(repoRoot, 'test', 'support', 'cargo-lambda-standin', 'cargo-lambda')
let dir: string
let project: string
let fakeCargo: string

beforeAll(() => {
  for (const f of [localCargoLambda, localZig])
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run scripts/setup.sh once`)
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-parity-'))
  project = path.join(dir, 'probe')
  fs.mkdirSync(path.join(project, 'src'), { recursive: true })
  fs.writeFileSync(path.join(project, 'src', 'main.rs'), 'fn main() {}\n')
  const realCargo = spawnSync('rustup', ['which', 'cargo'], { encoding: 'utf8' }).stdout.trim()
  fakeCargo = path.join(dir, 'bin', 'cargo')
  fs.mkdirSync(path.dirname(fakeCargo))
  fs.writeFileSync(
    fakeCargo,
    `#!/bin/sh\nif [ "$1" = build ]; then echo "CARGO-BUILD $*" >&2; exit 3; fi\nexec '${realCargo}' "$@"\n`,
    { mode: 0o755 },
  )
})
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

function manifest(metadata = ''): void {
  fs.writeFileSync(
    path.join(project, 'Cargo.toml'),
    `[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n${metadata}`,
  )
}

interface Outcome {
  status: number | null
  /** The --target cargo got, or undefined when cargo build was never reached. */
  target: string | undefined
  optimized: boolean
  /** Each `--config profile.release.<key>=<value>` cargo got, as `<key>=<value>`. */
  profileKeys: string[]
  stderr: string
}

function run(tool: 'real' | 'standin', args: string[]): Outcome {
  const [command, argv] =
    tool === 'real'
      ? [localCargoLambda, ['lambda', 'build', '--skip-target-check', ...args]]
      : [process.execPath, [standin, 'lambda', 'build', '--skip-target-check', ...args]]
  const r = spawnSync(command, argv, {
    cwd: project,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      PATH: `${path.dirname(fakeCargo)}${path.delimiter}${process.env.PATH ?? ''}`,
      CARGO: fakeCargo,
      CARGO_ZIGBUILD_ZIG_PATH: localZig,
      CARGO_TARGET_DIR: path.join(dir, 'target'),
    },
  })
  const line = r.stderr.split('\n').find((l) => l.startsWith('CARGO-BUILD '))
  const words = line?.split(' ') ?? []
  const t = words.indexOf('--target')
  return {
    status: r.status,
    target: t >= 0 ? words[t + 1] : undefined,
    optimized: line?.includes('--config profile.release.') ?? false,
    profileKeys: words
      .filter((w, i) => words[i - 1] === '--config' && w.startsWith('profile.release.'))
      .map((w) => w.slice('profile.release.'.length)),
    stderr: r.stderr,
  }
}

function both(args: string[]): { real: Outcome; standin: Outcome } {
  return { real: run('real', args), standin: run('standin', args) }
}

describe('the stand-in and cargo-lambda 1.9.2 agree', () => {
  it('the first of several --target wins', () => {
    manifest()
    const r = both([
      '--release',
      '--target',
      'aarch64-unknown-linux-gnu.2.34',
      '--target=x86_64-unknown-linux-gnu',
    ])
    expect(r.real.target).toBe('aarch64-unknown-linux-gnu')
    expect(r.standin.target).toBe(r.real.target)
  })

  it('an option neither knows fails before any build, exit 2', () => {
    manifest()
    const r = both(['--release', '--no-such-flag'])
    for (const o of [r.real, r.standin]) {
      expect(o.status).toBe(2)
      expect(o.stderr).toContain("unexpected argument '--no-such-flag' found")
      expect(o.target).toBeUndefined()
    }
  })

  it('--arm64 together with --target is refused', () => {
    manifest()
    const r = both(['--release', '--arm64', '--target', 'x86_64-unknown-linux-gnu'])
    for (const o of [r.real, r.standin]) {
      expect(o.status).not.toBe(0)
      expect(o.stderr).toMatch(/--arm64, --x86-64, and --target cannot be specified at/)
      expect(o.target).toBeUndefined()
    }
  })

  it('[package.metadata.lambda.build] target and disable_optimizations apply; --target overrides the target', () => {
    manifest(
      '\n[package.metadata.lambda.build]\ntarget = ["aarch64-unknown-linux-gnu"]\ndisable_optimizations = true\n',
    )
    const fromMetadata = both(['--release'])
    expect(fromMetadata.real).toMatchObject({
      target: 'aarch64-unknown-linux-gnu',
      optimized: false,
    })
    expect(fromMetadata.standin).toMatchObject({
      target: 'aarch64-unknown-linux-gnu',
      optimized: false,
    })
    const overridden = both(['--release', '--target', 'x86_64-unknown-linux-gnu'])
    expect(overridden.real.target).toBe('x86_64-unknown-linux-gnu')
    expect(overridden.standin.target).toBe('x86_64-unknown-linux-gnu')
  })

  it('without metadata, release adds the optimizations after the caller', () => {
    manifest()
    const r = both(['--release', '--target', 'x86_64-unknown-linux-gnu'])
    expect(r.real.optimized).toBe(true)
    expect(r.standin.optimized).toBe(true)
  })
})

/**
 * planProfile's model of cargo-lambda (profile `cargo-lambda`): the keys it says cargo-lambda sets
 * are the ones the real cargo-lambda passes to cargo, as `<key>=<value>`.
 */
function modelled(): string[] {
  const profile = loadProjectProfile(project, project, {}, 'x86_64-unknown-linux-gnu')
  return planProfile('cargo-lambda', profile, 'x86_64')
    .settings.filter((s) => s.source === 'cargo-lambda')
    .map((s) => `${s.key}=${s.value}`)
}

describe("the profile model against cargo-lambda 1.9.2's own defaults", () => {
  const configFile = (): string => path.join(project, '.cargo', 'config.toml')
  afterAll(() => fs.rmSync(path.dirname(configFile()), { recursive: true, force: true }))

  it('debug info on in Cargo.toml: cargo-lambda passes no strip, and the model reports none', () => {
    const release = ['--release', '--target', 'x86_64-unknown-linux-gnu']
    manifest()
    const plain = run('real', release)
    expect(plain.profileKeys, plain.stderr).toContain('strip="symbols"')
    expect([...plain.profileKeys].sort()).toEqual(modelled().sort())

    for (const debug of ['true', '"line-tables-only"', '2']) {
      manifest(`\n[profile.release]\ndebug = ${debug}\n`)
      const real = run('real', release)
      expect(real.status, real.stderr).toBe(3)
      expect(real.profileKeys.some((k) => k.startsWith('strip='))).toBe(false)
      expect([...real.profileKeys].sort()).toEqual(modelled().sort())
    }
  })

  it('debug info on only in .cargo/config.toml: cargo-lambda still strips, as the model says', () => {
    manifest()
    fs.mkdirSync(path.dirname(configFile()), { recursive: true })
    fs.writeFileSync(configFile(), '[profile.release]\ndebug = true\n')
    try {
      const real = run('real', ['--release', '--target', 'x86_64-unknown-linux-gnu'])
      expect(real.profileKeys, real.stderr).toContain('strip="symbols"')
      expect([...real.profileKeys].sort()).toEqual(modelled().sort())
    } finally {
      fs.rmSync(configFile())
    }
  })
})
