/**
 * restoreCargoCache / saveCargoCache in-process with the real @actions/cache against the local
 * results-service emulator, on the cache-app fixture built by real cargo.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { restoreCargoCache } from '../../src/cache/cargo.js'
import { saveCargoCache } from '../../src/cache/save.js'
import { readCargoProject } from '../../src/cargo/metadata.js'
import { readConfig } from '../../src/config/index.js'
import type { Config, PostState, Toolchain } from '../../src/types.js'
import { checkoutCacheApp, lockTinydep2 } from '../../test/support/cache-fixture.js'
import { repoRoot } from '../../test/support/harness.js'
import { localZig, zigVersion } from '../../test/support/releases.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'

const triple = 'x86_64-unknown-linux-gnu'
const savedEnv = { ...process.env }
let service: ResultsService
let root: string
let project: string
let toolchain: Toolchain
let out: string[]

beforeAll(async () => {
  service = await startResultsService()
  fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true })
  root = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'cargo-cache-'))
  project = path.join(root, 'workspace')
  // Built untyped, then assigned: fields later stages add to Toolchain stay optional here.
  const tc = {
    rustToolchain: process.env.RUSTUP_TOOLCHAIN ?? 'stable',
    rustcVersion: execFileSync('rustc', ['-vV'], { encoding: 'utf8' }),
    zigVersion: zigVersion,
    zigPath: localZig,
    cargoLambdaVersion: '1.9.2',
    cargoLambdaPath: 'cargo-lambda',
    zigCacheDir: path.join(root, 'zig-cache'),
    reports: [],
  }
  toolchain = tc
}, 60_000)
afterAll(async () => {
  await service.close()
  fs.rmSync(root, { recursive: true, force: true })
})

beforeEach(() => {
  Object.assign(process.env, service.env, {
    GITHUB_WORKSPACE: project,
    RUNNER_TEMP: path.join(root, 'temp'),
    CARGO_HOME: path.join(root, 'cargo-home'),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
  })
  fs.mkdirSync(path.join(root, 'temp'), { recursive: true })
  out = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k]
  Object.assign(process.env, savedEnv)
  service.reset()
})

const warnings = (lines: readonly string[] = out): string[] =>
  lines
    .filter((l) => l.startsWith('::warning'))
    .map((l) => l.replace(/^::warning[^:]*::/, '').trim())

function config(): Config {
  const inputs: Record<string, string> = { architecture: 'x86_64', target: triple }
  return readConfig((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: project })
}

/** How cargo sees the project, as run.ts reads it once before the cache and the build. */
const cargoProject = () =>
  readCargoProject(project, { RUSTUP_TOOLCHAIN: toolchain.rustToolchain }, config().cargoArgs)

/** A fresh runner: the same paths, an empty CARGO_HOME and a fresh checkout. */
function freshRunner(): void {
  fs.rmSync(project, { recursive: true, force: true })
  fs.rmSync(path.join(root, 'cargo-home'), { recursive: true, force: true })
  checkoutCacheApp(project)
}

function build(): string[] {
  const log = execFileSync(
    'bash',
    ['-c', `cargo build --release --offline --target ${triple} 2>&1`],
    {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, RUSTUP_TOOLCHAIN: toolchain.rustToolchain, CARGO_TERM_COLOR: 'never' },
    },
  )
  // What cargo-lambda leaves after a build: target/lambda/<bin>/bootstrap
  const lambda = path.join(project, 'target', 'lambda', 'cache-app')
  fs.mkdirSync(lambda, { recursive: true })
  fs.copyFileSync(
    path.join(project, 'target', triple, 'release', 'cache-app'),
    path.join(lambda, 'bootstrap'),
  )
  return [...log.matchAll(/^\s*Compiling (\S+) /gm)].map((m) => m[1]!).sort()
}

/** `make` runs once, when first asked; every later caller gets the same promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}

const targetListing = (): string =>
  execFileSync('find', [path.join(project, 'target')], { encoding: 'utf8' })

/**
 * Run 1: a fresh runner's cold build, restored (a miss) and saved. Made once, by the first test
 * that needs its entry, so that each test stands alone; what run 1 asserts is recorded as it
 * happens.
 */
const firstRun = once(async () => {
  const from = out.length
  freshRunner()
  const { report: restored, keep } = await restoreCargoCache(
    config(),
    toolchain,
    await cargoProject(),
  )
  const state: PostState = keep ? { cargoCache: keep } : {}
  const compiled = build()
  const before = targetListing()
  const saved = await saveCargoCache(state.cargoCache!, true)
  return {
    restored,
    state,
    compiled,
    saved,
    targetKept: targetListing() === before,
    leftAside: fs.readdirSync(project).filter((n) => n.includes('pruned')),
    warnings: warnings(out.slice(from)),
  }
})
const firstKeyOf = async (): Promise<string> => (await firstRun()).restored.key

describe('cargo cache through @actions/cache and the emulator', () => {
  it('run 1 (cold): misses, then saves a pruned archive and leaves the workspace as it was', async () => {
    const { restored, state, compiled, saved, targetKept, leftAside, warnings } = await firstRun()
    expect(restored?.outcome).toBe('miss')
    expect(state.cargoCache?.hit).toBe(false)
    const firstKey = restored.key
    expect(firstKey).toMatch(
      /^rust-lambda-v1-Linux-X64-x86_64-unknown-linux-gnu-size-tools:[0-9a-f]{12}-deps:[0-9a-f]{12}-build:[0-9a-f]{12}$/,
    )

    expect(compiled).toEqual(
      ['cache_app', 'pathdep', 'tinydep', 'tinydep2'].map((n) => n.replace('_', '-')),
    )
    expect(saved.outcome).toBe('saved')
    expect(saved.bytesAfter).toBeLessThan(saved.bytesBefore!)
    // Nothing was deleted: target/lambda and the workspace crate's artifacts are all still there.
    expect(targetKept).toBe(true)
    expect(leftAside).toEqual([])

    const entry = service.cacheEntries().find((e) => e.key === firstKey)
    expect(entry?.finalized).toBe(true)
    expect(warnings).toEqual([])
  })

  it('run 2 (fresh runner, same sources): exact hit, only local crates rebuilt, nothing saved', async () => {
    const firstKey = await firstKeyOf()
    freshRunner()
    const { report: restored, keep } = await restoreCargoCache(
      config(),
      toolchain,
      await cargoProject(),
    )
    const state: PostState = keep ? { cargoCache: keep } : {}
    expect(restored?.outcome).toBe('hit')
    expect(restored?.key).toBe(firstKey)
    expect(restored?.restoredBytes).toBeGreaterThan(0)
    expect(build()).toEqual(['cache-app', 'pathdep'])
    const creates = service.callCount('CreateCacheEntry')
    expect((await saveCargoCache(state.cargoCache!, true)).outcome).toBe('skipped')
    expect(service.callCount('CreateCacheEntry')).toBe(creates)
  })

  it('run 3 (lockfile changed): partial hit through the restore key, then saves the new key', async () => {
    const firstKey = await firstKeyOf()
    const from = out.length
    freshRunner()
    lockTinydep2(project, '0.1.1')
    const { report: restored, keep } = await restoreCargoCache(
      config(),
      toolchain,
      await cargoProject(),
    )
    const state: PostState = keep ? { cargoCache: keep } : {}
    expect(restored?.outcome).toBe('partial')
    expect(restored?.restoredKey).toBe(firstKey)
    expect(restored?.key).not.toBe(firstKey)
    expect(build()).toEqual(['cache-app', 'pathdep', 'tinydep2'])
    const saved = await saveCargoCache(state.cargoCache!, true)
    expect(saved.outcome).toBe('saved')
    expect(out.slice(from).join('')).toMatch(/dependency units kept 4, unused 1, local \d+/)
  })

  it('turns a refused save (key already reserved) into a warning', async () => {
    const firstKey = await firstKeyOf()
    freshRunner()
    const { keep } = await restoreCargoCache(config(), toolchain, await cargoProject())
    const state: PostState = keep ? { cargoCache: keep } : {}
    build()
    // Save under a key that exists: the service answers already_exists, @actions/cache only logs info.
    const saved = await saveCargoCache({ ...state.cargoCache!, key: firstKey, hit: false }, true)
    expect(saved.outcome).toBe('failed')
    expect(warnings().some((w) => w.includes(`not saved under key ${firstKey}`))).toBe(true)
  })

  it('treats a failing cache service as warnings: restore misses, save fails, nothing throws', async () => {
    freshRunner()
    service.fail({ status: 403, code: 'permission_denied', msg: 'injected' })
    const { report: restored, keep } = await restoreCargoCache(
      config(),
      toolchain,
      await cargoProject(),
    )
    const state: PostState = keep ? { cargoCache: keep } : {}
    expect(restored?.outcome).toBe('miss')
    build()
    const saved = await saveCargoCache(state.cargoCache!, true)
    expect(saved.outcome).toBe('failed')
    expect(warnings().length).toBeGreaterThanOrEqual(2)
  })

  it('skips saving when save-cache is false', async () => {
    freshRunner()
    const { keep } = await restoreCargoCache(config(), toolchain, await cargoProject())
    const state: PostState = keep ? { cargoCache: keep } : {}
    const creates = service.callCount('CreateCacheEntry')
    expect(
      (await saveCargoCache({ ...state.cargoCache!, hit: false, save: false }, true)).outcome,
    ).toBe('skipped')
    expect(service.callCount('CreateCacheEntry')).toBe(creates)
  })
})
