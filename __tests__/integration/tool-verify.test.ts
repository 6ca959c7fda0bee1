/**
 * Nothing unverified runs: tools that come back from the runner tool cache or the Actions cache
 * are checked against the pins at the moment of use, through the bundled action (dist/) and the
 * runner harness, with the REAL cargo-lambda and Zig from the local mirror. The action trusts the
 * mirror's repacks through RLA_RELEASES_OVERLAY as if they were the official assets, with content
 * pins computed from those archives (test/support/content-pins.ts).
 *
 * Each tampering is followed by a run that must warn (tool, path, expected and actual hash,
 * origin), never execute the tampered file, install again from the mirror and build a std-only
 * project for real.
 *
 * Each test stands alone: it starts from a runner whose tool cache it seeds itself with the tools
 * a first run would have left (test/support/seed-tools.ts: hard links, a second, where a cold run
 * unpacks Zig for a minute or more). All tests share one runner's paths, workspace and target
 * folder, so cargo compiles the project once (in whichever test runs first) and later runs only
 * check it: the linker's path, which cargo fingerprints, stays the same.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tamperCacheEntry } from '../../test/support/cache-tamper.js'
import { writeOverlay, type Overlay } from '../../test/support/content-pins.js'
import {
  makeRunnerDirs,
  repoRoot,
  runStep,
  writeStdOnlyCrate,
  type RunnerDirs,
  type StepResult,
} from '../../test/support/harness.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import {
  cargoLambdaAsset,
  packStandin,
  prepareReleases,
  type PreparedReleases,
} from '../../test/support/releases.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'
import { replaceFile, seedToolCache } from '../../test/support/seed-tools.js'
import { BUILD_TIMEOUT_MS } from '../../test/support/shared-runner.js'

let root: string
let mirrorDir: string
let releases: PreparedReleases
let mirror: Mirror
let overlay: Overlay
/** The overlay without cargo-lambda: its archive has no content pins, Zig's folder keeps them. */
let zigOnlyOverlay: string
/** One runner for the whole file; each test resets its tool cache (resetToolCache). */
let dirs: RunnerDirs
const zigCache = path.join(repoRoot, '.tmp', 'zig-cache')
const arch = os.arch()
/**
 * A test's bound: its runs may include the file's one compile and Zig's download and unpack, many
 * minutes on a loaded 2-core machine. Each step gets what is left of it (the harness's
 * stepDeadline), so no step outlives its test.
 */
const testTimeoutMs = BUILD_TIMEOUT_MS

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-verify-'))
  mirrorDir = path.join(root, 'mirror')
  releases = await prepareReleases(mirrorDir)
  mirror = await startMirror(mirrorDir, { timeoutMs: 60 * 60_000 })
  overlay = await writeOverlay(root, releases, mirrorDir, mirror.url)
  const table = JSON.parse(fs.readFileSync(overlay.file, 'utf8')) as Record<string, unknown>
  zigOnlyOverlay = path.join(root, 'releases-overlay-zig-only.json')
  fs.writeFileSync(zigOnlyOverlay, JSON.stringify({ zig: table.zig }))
  dirs = runnerDirs()
}, 600_000)
afterAll(async () => {
  await mirror?.close()
  if (root) await fs.promises.rm(root, { recursive: true, force: true })
})

/** Runner folders holding a std-only binary crate: a real build in seconds. */
function runnerDirs(): RunnerDirs {
  const dirs = makeRunnerDirs(fs.mkdtempSync(path.join(root, 'run-')))
  writeStdOnlyCrate(dirs.workspace, 'verify-demo')
  return dirs
}

interface Run {
  result: StepResult
  requests: Map<string, number>
}

async function runMain(
  options: { inputs?: Record<string, string>; env?: Record<string, string | undefined> } = {},
): Promise<Run> {
  const before = new Map(mirror.requests)
  const result = await runStep('main', {
    inputs: {
      architecture: 'x86_64',
      'rust-toolchain': 'stable',
      'smoke-test': 'false',
      'upload-artifact': 'false',
      cache: 'false',
      ...releases.inputs(mirror.url),
      ...options.inputs,
    },
    dirs,
    env: {
      RLA_RETRY_BASE_MS: '5',
      RLA_RELEASES_OVERLAY: overlay.file,
      ZIG_GLOBAL_CACHE_DIR: zigCache,
      ...options.env,
    },
    // Whatever is left of the test's time (the harness cuts the bound to it).
    timeoutMs: testTimeoutMs,
  })
  const requests = new Map<string, number>()
  for (const [p, n] of mirror.requests) {
    const d = n - (before.get(p) ?? 0)
    if (d > 0) requests.set(p, d)
  }
  return { result, requests }
}

function warnings(r: StepResult): string[] {
  return r.annotations.filter((a) => a.level === 'warning').map((a) => a.message)
}

function expectBuilt(run: Run): void {
  if (run.result.exitCode !== 0) console.log(run.result.log)
  expect(run.result.exitCode).toBe(0)
  expect(run.result.outputs['zip-path']).toMatch(/bootstrap\.zip$/)
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')
const clAsset = (): string => `/${releases.cargoLambdaFile}`
const zigAsset = (): string => `/${releases.zigFile}`

/**
 * The runner's tool cache as a test starts from it: empty, then the given tools as an earlier run
 * left them (seeded). Folders set aside by an earlier test go too.
 */
async function resetToolCache(seed: readonly ('zig' | 'cargo-lambda')[]): Promise<void> {
  // Asynchronous: a worker blocked for a minute (Zig's 18,000 files on a loaded machine) misses
  // vitest's RPC timeout.
  await fs.promises.rm(dirs.toolCache, { recursive: true, force: true })
  await fs.promises.mkdir(dirs.toolCache)
  await seedToolCache(dirs.toolCache, releases, seed)
}

/** Appends a line to a file under Zig's lib/ in the tool cache; returns Zig's folder and the file. */
function changeZigLib(): { dir: string; changed: string } {
  const dir = path.join(dirs.toolCache, 'zig', releases.zigVersion, arch)
  const changed = path.join(dir, 'lib', 'std', 'std.zig')
  replaceFile(changed, `${fs.readFileSync(changed, 'utf8')}\n// changed\n`)
  return { dir, changed }
}

/**
 * A run after changeZigLib: it built, downloaded Zig again (and only Zig), warned once, with a
 * warning that starts as `warning` says (a pattern), and the change is gone.
 */
function expectZigInstalledAgain(run: Run, changed: string, warning: RegExp): void {
  expectBuilt(run)
  expect(run.requests.get(zigAsset())).toBe(1)
  expect(run.requests.get(clAsset())).toBeUndefined()
  const [first, ...more] = warnings(run.result)
  expect(more).toEqual([])
  expect(first).toMatch(warning)
  expect(fs.readFileSync(changed, 'utf8')).not.toContain('// changed')
}

describe('the runner tool cache (content pins)', () => {
  it(
    'a warm run checks both folders against the content pins and downloads nothing',
    async () => {
      await resetToolCache(['zig', 'cargo-lambda'])
      const run = await runMain()
      expectBuilt(run)
      expect(run.requests.size).toBe(0)
      expect(warnings(run.result)).toEqual([])
      expect(run.result.log).toMatch(
        /cargo-lambda 1\.9\.2 found in the tool cache and checked against content pins/,
      )
      expect(run.result.log).toMatch(
        /zig 0\.15\.2 found in the tool cache and checked against content pins/,
      )
    },
    testTimeoutMs,
  )

  it(
    'cargo-lambda replaced in the tool cache never runs: warned, moved aside, installed again',
    async () => {
      await resetToolCache(['zig', 'cargo-lambda'])
      const dir = path.join(dirs.toolCache, 'cargo-lambda', releases.cargoLambdaVersion, arch)
      const marker = path.join(root, 'replacement-ran')
      fs.rmSync(marker, { force: true })
      const real = path.join(root, 'cargo-lambda.real')
      fs.copyFileSync(path.join(dir, 'cargo-lambda'), real)
      const replacement = `#!/bin/sh\necho "$@" >> '${marker}'\nexec '${real}' "$@"\n`
      replaceFile(path.join(dir, 'cargo-lambda'), replacement, 0o755)

      const run = await runMain()
      expectBuilt(run)
      expect(fs.existsSync(marker)).toBe(false)
      expect(run.requests.get(clAsset())).toBe(1)
      expect(run.requests.get(zigAsset())).toBeUndefined()
      const [warning, ...more] = warnings(run.result)
      expect(more).toEqual([])
      expect(warning).toContain(
        `cargo-lambda ${releases.cargoLambdaVersion} from the runner tool cache (${dir}) does not match its content pins: cargo-lambda: expected ${overlay.cargoLambda['cargo-lambda']}, got ${sha256(replacement)}.`,
      )
      expect(warning).toMatch(/It was moved aside to .*set-aside-.* and not run/)
      const aside = fs.readdirSync(path.dirname(dir)).filter((n) => n.includes('set-aside'))
      expect(aside).toHaveLength(1)
      expect(fs.readFileSync(path.join(path.dirname(dir), aside[0]!, 'cargo-lambda'), 'utf8')).toBe(
        replacement,
      )
      expect(sha256(fs.readFileSync(path.join(dir, 'cargo-lambda')))).toBe(
        overlay.cargoLambda['cargo-lambda'],
      )
    },
    testTimeoutMs,
  )

  it(
    "a changed file under Zig's lib/ is detected, warned about and installed again",
    async () => {
      await resetToolCache(['zig', 'cargo-lambda'])
      const { dir, changed } = changeZigLib()
      expectZigInstalledAgain(
        await runMain(),
        changed,
        new RegExp(
          `^zig ${releases.zigVersion.replace(/\./g, '\\.')} from the runner tool cache \\(${dir}\\) does not match its content pins: lib/: expected ${overlay.zig['lib/']}, got [0-9a-f]{64}\\.`,
        ),
      )
    },
    testTimeoutMs,
  )
})

describe('the runner tool cache (no content pins: the archive path)', () => {
  it(
    "both folders are checked against what their kept archives extract to; a changed file under Zig's lib/ is detected and installed again",
    async () => {
      await resetToolCache(['zig', 'cargo-lambda'])
      const noPins = { RLA_RELEASES_OVERLAY: undefined }
      const warm = await runMain({ env: noPins })
      expectBuilt(warm)
      expect(warm.requests.size).toBe(0)
      expect(warnings(warm.result)).toEqual([])
      for (const tool of [
        `zig ${releases.zigVersion}`,
        `cargo-lambda ${releases.cargoLambdaVersion}`,
      ])
        expect(warm.result.log).toContain(
          `\n${tool} found in the tool cache and checked against verified archive in `,
        )

      const { dir, changed } = changeZigLib()
      expectZigInstalledAgain(
        await runMain({ env: noPins }),
        changed,
        new RegExp(
          `^zig ${releases.zigVersion.replace(/\./g, '\\.')} from the runner tool cache \\(${dir}\\) does not match what its verified archive extracts to: the folder: expected [0-9a-f]{64}, got [0-9a-f]{64}\\.`,
        ),
      )
    },
    testTimeoutMs,
  )
})

describe('the Actions cache', () => {
  let service: ResultsService
  /**
   * The results service, and a Zig cache of these runs' own: with `cache: true` the cargo cache
   * saves and restores it, which must not write into the cache other test files link with.
   */
  let env: Record<string, string>
  beforeAll(async () => {
    service = await startResultsService({ lifetimeMs: 60 * 60_000 })
    env = { ...service.env, ZIG_GLOBAL_CACHE_DIR: path.join(root, 'zig-cache-actions') }
  }, 300_000)
  afterAll(async () => {
    await service?.close()
  })

  /**
   * A first run on a runner with Zig only (seeded): it downloads cargo-lambda and its post step
   * saves it to the Actions cache. Returns that entry's key, with cargo-lambda gone from the
   * tool cache again (a fresh runner whose image has Zig).
   */
  async function coldAndSave(
    options: { inputs?: Record<string, string>; env?: Record<string, string> },
    tool: string,
    layout: 'folder' | 'archive',
  ): Promise<string> {
    await resetToolCache(['zig'])
    const cold = await runMain({
      inputs: { cache: 'true', ...options.inputs },
      env: { ...env, ...options.env },
    })
    const post = await runStep('post', {
      dirs,
      state: cold.result.state,
      env: { ...env, ...options.env },
      timeoutMs: testTimeoutMs,
    })
    expect(post.exitCode).toBe(0)
    const key = service
      .cacheEntries()
      .filter((e) => e.finalized)
      .map((e) => e.key)
      .find((k) => k.startsWith(`rust-lambda-action-tool-${tool}-`) && k.endsWith(`-${layout}`))
    expect(key).toBeDefined()
    await resetToolCache(['zig'])
    return key!
  }

  it(
    'a tampered entry (content pins: the folder) is detected, warned about and replaced',
    async () => {
      const key = await coldAndSave({}, 'cargo-lambda', 'folder')
      expect(key).toMatch(/-folder$/)
      const replacement = '#!/bin/sh\necho poisoned\n'
      const rel = path.join('tool-cache', 'cargo-lambda', releases.cargoLambdaVersion, arch)
      await tamperCacheEntry(service, key, (r) =>
        fs.writeFileSync(path.join(r, rel, 'cargo-lambda'), replacement, { mode: 0o755 }),
      )

      const run = await runMain({ inputs: { cache: 'true' }, env })
      expectBuilt(run)
      expect(run.requests.get(clAsset())).toBe(1)
      expect(run.requests.get(zigAsset())).toBeUndefined()
      const found = warnings(run.result).filter((w) => w.startsWith('cargo-lambda'))
      expect(found).toEqual([
        expect.stringContaining(
          `cargo-lambda ${releases.cargoLambdaVersion} from the Actions cache entry ${key} (${path.join(dirs.toolCache, 'cargo-lambda', releases.cargoLambdaVersion, arch)}) does not match its content pins: cargo-lambda: expected ${overlay.cargoLambda['cargo-lambda']}, got ${sha256(replacement)}.`,
        ),
      ])
      expect(run.result.log).not.toContain('poisoned')
    },
    testTimeoutMs,
  )

  it(
    'without content pins the entry is the archive: a tampered one is refused before extraction',
    async () => {
      // cargo-lambda without content pins: the mirror's archive is pinned by the inputs alone.
      // Zig keeps its content pins, so its seeded folder is checked without unpacking it again
      // (the archive path for Zig is in tools.test.ts).
      const noClPins = { RLA_RELEASES_OVERLAY: zigOnlyOverlay }
      const key = await coldAndSave({ env: noClPins }, 'cargo-lambda', 'archive')
      expect(key).toMatch(/-archive$/)
      const rel = path.join(
        'tool-cache',
        'cargo-lambda',
        releases.cargoLambdaVersion,
        `${arch}.archive`,
        releases.cargoLambdaFile,
      )
      let tampered = ''
      await tamperCacheEntry(service, key, (r) => {
        fs.appendFileSync(path.join(r, rel), 'extra bytes')
        tampered = sha256(fs.readFileSync(path.join(r, rel)))
      })

      const run = await runMain({
        inputs: { cache: 'true' },
        env: { ...env, ...noClPins },
      })
      expectBuilt(run)
      expect(run.requests.get(clAsset())).toBe(1)
      expect(run.requests.get(zigAsset())).toBeUndefined()
      const found = warnings(run.result).filter((w) => w.startsWith('cargo-lambda'))
      expect(found).toEqual([
        expect.stringContaining(
          `cargo-lambda ${releases.cargoLambdaVersion} from the Actions cache entry ${key} (`,
        ),
      ])
      expect(found[0]).toContain(`expected ${releases.cargoLambdaSha256}, got ${tampered}`)
      expect(found[0]).toContain('It was deleted, not extracted or run')
      expect(warnings(run.result)).toEqual(found)
    },
    testTimeoutMs,
  )

  it(
    'an unknown version with a user pin: a restored archive that does not match is refused and downloaded again',
    async () => {
      // Only 1.9.2 is real here: an unknown version needs another release, so the stand-in is
      // packed as 0.0.9; this test is about the tools stage, whatever the build does with it.
      const version = '0.0.9'
      const packed = packStandin(mirrorDir, version)
      const inputs = { 'cargo-lambda-version': version, 'cargo-lambda-sha256': packed.sha256 }
      const key = await coldAndSave({ inputs }, `cargo-lambda-${version}`, 'archive')
      expect(key).toMatch(new RegExp(`-${packed.sha256.slice(0, 16)}-archive$`))
      const rel = path.join(
        'tool-cache',
        'cargo-lambda',
        version,
        `${arch}.archive`,
        cargoLambdaAsset(version),
      )
      await tamperCacheEntry(service, key, (r) =>
        fs.writeFileSync(path.join(r, rel), 'not the pinned archive'),
      )

      const before = mirror.requests.get(`/${cargoLambdaAsset(version)}`) ?? 0
      const run = await runMain({ inputs: { cache: 'true', ...inputs }, env })
      expect((mirror.requests.get(`/${cargoLambdaAsset(version)}`) ?? 0) - before).toBe(1)
      const found = warnings(run.result).filter((w) => w.startsWith('cargo-lambda'))
      expect(found).toEqual([
        expect.stringContaining(
          `expected ${packed.sha256}, got ${sha256('not the pinned archive')}`,
        ),
      ])
      expect(run.result.log).toContain(`cargo-lambda ${version} (stand-in)`)
    },
    testTimeoutMs,
  )
})
