/**
 * The tools stage through the bundled action (dist/) and the runner harness, against a local
 * mirror serving the real Zig (repacked under its official name) and the cargo-lambda
 * STAND-IN packed like the release asset (see test/support/releases.ts, and the beforeAll for why). Each run is a whole `main` step; these tests assert the
 * tools part (mirror requests, log, summary, exported environment, exit code on tool failures),
 * whatever the later stages do with the dummy project.
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  makeRunnerDirs,
  runStep,
  type RunnerDirs,
  type StepResult,
} from '../../test/support/harness.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import {
  cargoLambdaAsset,
  packStandin,
  prepareReleases,
  zigFile,
  type PreparedReleases,
} from '../../test/support/releases.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'

let root: string
let releases: PreparedReleases
let mirror: Mirror

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-tools-mirror-'))
  releases = await prepareReleases(root, {
    // The stand-in, because these tests need what the real 1.9.2 cannot give: a log of every
    // invocation (to prove the tool ran once, or never, after a refused download) and releases of
    // other versions, or one that reports a wrong version (packStandin). What they check is the
    // tools stage, which handles both the same way.
    cargoLambda: 'standin',
  })
  mirror = await startMirror(root, { timeoutMs: 20 * 60_000 })
})
afterAll(async () => {
  await mirror?.close()
  fs.rmSync(root, { recursive: true, force: true })
})

/** Runner folders with a minimal Cargo project (the tools stage only needs the manifest). */
function runnerDirs(): RunnerDirs {
  const dirs = makeRunnerDirs()
  fs.writeFileSync(
    path.join(dirs.workspace, 'Cargo.toml'),
    '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n',
  )
  return dirs
}

interface Run {
  result: StepResult
  /** Mirror requests this run made, per path. */
  requests: Map<string, number>
  /** Lines the cargo-lambda stand-in logged (each of its invocations). */
  standinCalls: string[]
}

let runs = 0

async function runMain(
  dirs: RunnerDirs,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
  timeoutMs?: number,
): Promise<Run> {
  const before = new Map(mirror.requests)
  // Beside the runner folders, so it goes when they do.
  const standinLog = path.join(path.dirname(dirs.workspace), `standin-${++runs}.log`)
  const result = await runStep('main', {
    inputs: { architecture: 'x86_64', ...releases.inputs(mirror.url), ...inputs },
    dirs,
    env: { RLA_RETRY_BASE_MS: '5', CARGO_LAMBDA_STANDIN_LOG: standinLog, ...env },
    // Inside a test the harness also cuts this to the test's own time, so no step outlives it.
    timeoutMs,
  })
  const requests = new Map<string, number>()
  for (const [p, n] of mirror.requests) {
    const d = n - (before.get(p) ?? 0)
    if (d > 0) requests.set(p, d)
  }
  const standinCalls = fs.existsSync(standinLog)
    ? fs
        .readFileSync(standinLog, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : []
  return { result, requests, standinCalls }
}

/** The rows of the summary's Tools table: tool -> [version, from]. */
function toolRows(summary: string): Record<string, [string, string]> {
  const section = summary.split('### Tools')[1]?.split('\n\n')[1] ?? ''
  const rows: Record<string, [string, string]> = {}
  for (const line of section.split('\n').slice(2)) {
    const cells = line.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '').trim())
    if (cells[0]) rows[cells[0]] = [cells[1] ?? '', cells[2] ?? '']
  }
  return rows
}

/** How often the stand-in was asked for its version (later stages may run it to build). */
function versionChecks(run: Run): number {
  return run.standinCalls.filter((l) => l.includes('"--version"')).length
}

/** rustup's home, which the runner harness keeps reachable when HOME moves. */
function rustupHome(): string {
  return process.env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup')
}

function errors(r: StepResult): string[] {
  return r.annotations.filter((a) => a.level === 'error').map((a) => a.message)
}

/**
 * A run that downloads and unpacks Zig (353 MB) can take minutes on a loaded 2-core machine: the
 * beforeAll that does it gets this bound, and its step a little less.
 */
const INSTALL_HOOK_MS = 600_000
const INSTALL_STEP_MS = INSTALL_HOOK_MS - 30_000

const zigPath = `/${zigFile}`
const clPath = (v: string): string => `/${cargoLambdaAsset(v)}`

describe('cold, warm tool cache, warm Actions cache', () => {
  let dirs: RunnerDirs
  let service: ResultsService
  let cold: Run

  // The cold run is the shared set-up: each test below reads it or starts from the tool cache it
  // filled, and puts back whatever it changes, so the tests run alone or in any order.
  beforeAll(async () => {
    dirs = runnerDirs()
    service = await startResultsService()
    cold = await runMain(dirs, {}, service.env, INSTALL_STEP_MS)
  }, INSTALL_HOOK_MS)
  afterAll(async () => {
    await service?.close()
    fs.rmSync(path.dirname(dirs.workspace), { recursive: true, force: true })
  })

  it('a cold run downloads each tool once, verifies it and installs it', () => {
    const r = cold.result
    expect(cold.requests).toEqual(
      new Map([
        [zigPath, 1],
        [clPath(releases.cargoLambdaVersion), 1],
      ]),
    )
    expect(r.log).toContain(`::group::Zig ${releases.zigVersion}`)
    expect(r.log).toContain(`Verified ${zigFile} (`)
    expect(r.log).toContain(`SHA-256 ${releases.zigSha256}`)
    expect(r.log).toContain(`::group::cargo-lambda ${releases.cargoLambdaVersion}`)
    expect(r.log).toContain(`cargo-lambda ${releases.cargoLambdaVersion} (stand-in)`)

    const host = new URL(mirror.url).host
    const rows = toolRows(r.summary)
    expect(rows.rust?.[0]).toMatch(/^1\.\d+\.\d+$/)
    expect(rows.rust?.[1]).toBe('preinstalled (stable)')
    expect(rows.zig).toEqual([releases.zigVersion, `download (${host}, SHA-256 verified)`])
    expect(rows['cargo-lambda']).toEqual([
      releases.cargoLambdaVersion,
      `download (${host}, SHA-256 verified)`,
    ])

    const zig = path.join(dirs.toolCache, 'zig', releases.zigVersion, os.arch(), 'zig')
    expect(r.exportedEnv.CARGO_ZIGBUILD_ZIG_PATH).toBe(zig)
    expect(fs.statSync(zig).mode & 0o111).not.toBe(0)
    // Where Zig itself keeps it (under HOME, never RUNNER_TEMP: the cargo cache entry is bound
    // to its folders, and RUNNER_TEMP differs between runners).
    expect(r.exportedEnv.ZIG_GLOBAL_CACHE_DIR).toBe(path.join(dirs.home, '.cache', 'zig'))
    expect(fs.existsSync(r.exportedEnv.ZIG_GLOBAL_CACHE_DIR ?? '')).toBe(true)
    expect(r.addedPath).toEqual(
      expect.arrayContaining([
        path.dirname(zig),
        path.join(dirs.toolCache, 'cargo-lambda', releases.cargoLambdaVersion, os.arch()),
      ]),
    )
    // The stand-in was asked once: `cargo-lambda lambda --version`.
    expect(versionChecks(cold)).toBe(1)
    // Scratch files are gone.
    const scratch = path.join(dirs.temp, 'rust-lambda-action')
    expect(fs.existsSync(scratch) ? fs.readdirSync(scratch) : []).toEqual([])
  })

  it('a second run with the same tool cache makes zero mirror requests', async () => {
    const warm = await runMain(dirs, {}, service.env)
    expect(warm.requests.size).toBe(0)
    const rows = toolRows(warm.result.summary)
    expect(rows.zig?.[1]).toBe('tool-cache')
    expect(rows['cargo-lambda']?.[1]).toBe('tool-cache')
    expect(warm.result.exportedEnv.CARGO_ZIGBUILD_ZIG_PATH).toBe(
      cold.result.exportedEnv.CARGO_ZIGBUILD_ZIG_PATH,
    )
    // Nothing was downloaded, so nothing is left for the post step to save.
    expect(JSON.parse(warm.result.state['rust-lambda-action'] ?? '{}')).not.toHaveProperty('tools')
  })

  it(
    'the post step saves what the cold run downloaded; an empty tool cache then restores it from the Actions cache with zero mirror requests',
    async () => {
      const post = await runStep('post', {
        dirs,
        state: cold.result.state,
        env: { ...service.env },
      })
      expect(post.exitCode).toBe(0)
      expect(post.annotations.filter((a) => a.level !== 'notice')).toEqual([])
      const keys = service
        .cacheEntries()
        .filter((e) => e.finalized)
        .map((e) => e.key)
      expect(keys).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            `^rust-lambda-action-tool-zig-${releases.zigVersion.replace(/\./g, '\\.')}-linux-`,
          ),
          expect.stringMatching(/^rust-lambda-action-tool-cargo-lambda-/),
        ]),
      )

      // A fresh runner: same RUNNER_TOOL_CACHE path, nothing in it. The warm tool cache is set aside
      // and put back afterwards, for the tests that read it.
      const aside = `${dirs.toolCache}.aside`
      fs.renameSync(dirs.toolCache, aside)
      fs.mkdirSync(dirs.toolCache)
      let third: Run
      try {
        third = await runMain(dirs, {}, service.env)
      } finally {
        fs.rmSync(dirs.toolCache, { recursive: true, force: true })
        fs.renameSync(aside, dirs.toolCache)
      }
      expect(third.requests.size).toBe(0)
      const rows = toolRows(third.result.summary)
      expect(rows.zig?.[1]).toMatch(/^actions-cache \(rust-lambda-action-tool-zig-/)
      expect(rows['cargo-lambda']?.[1]).toMatch(/^actions-cache \(/)
      expect(third.result.log).toContain(`zig version: ${releases.zigVersion}`)
      expect(versionChecks(third)).toBe(1)
      // Restored, not downloaded: nothing to save again.
      expect(JSON.parse(third.result.state['rust-lambda-action'] ?? '{}')).not.toHaveProperty(
        'tools',
      )
      // Two long steps: saving Zig to the cache, then restoring and unpacking it.
    },
    2 * INSTALL_HOOK_MS,
  )
})

describe('refusals and recoveries', () => {
  // Each test has its own runner folders: a refused download leaves nothing another test could
  // trip over, and no test needs what an earlier one installed.
  let dirs: RunnerDirs
  afterEach(() => fs.rmSync(path.dirname(dirs.workspace), { recursive: true, force: true }))

  /** Nothing of a refused download is left: not in the tool cache, not in RUNNER_TEMP. */
  function expectNothingInstalled(tool: string, version: string): void {
    expect(fs.existsSync(path.join(dirs.toolCache, tool, version))).toBe(false)
    const scratch = path.join(dirs.temp, 'rust-lambda-action')
    const left = fs.existsSync(scratch) ? fs.readdirSync(scratch) : []
    expect(left).toEqual([])
  }

  describe('of Zig, on a fresh runner', () => {
    beforeEach(() => {
      dirs = runnerDirs()
    })

    it('a corrupted Zig archive is refused: exit 1, file, expected and actual hash named', async () => {
      mirror.corrupt(zigPath)
      try {
        const run = await runMain(dirs)
        expect(run.result.exitCode).toBe(1)
        const [message, ...more] = errors(run.result)
        expect(more).toEqual([])
        expect(message).toMatch(
          new RegExp(
            `^Refused ${zigFile.replace(/\./g, '\\.')} from http://127\\.0\\.0\\.1:\\d+/${zigFile.replace(/\./g, '\\.')}: expected SHA-256 ${releases.zigSha256} \\(from the 'zig-sha256' input\\), got ([0-9a-f]{64})\\. The file was deleted, not extracted or run\\.`,
          ),
        )
        expect(message).not.toContain(`got ${releases.zigSha256}`)
        expect(run.requests.get(zigPath)).toBe(1)
        expect(run.standinCalls).toEqual([])
        expectNothingInstalled('zig', releases.zigVersion)
        expect(run.result.log).not.toContain('tar xJ')
      } finally {
        mirror.reset()
      }
    })

    it('a wrong zig-sha256 pin is refused', async () => {
      const wrong = 'ab'.repeat(32)
      const run = await runMain(dirs, { 'zig-sha256': wrong })
      expect(run.result.exitCode).toBe(1)
      expect(errors(run.result)[0]).toContain(
        `expected SHA-256 ${wrong} (from the 'zig-sha256' input), got ${releases.zigSha256}.`,
      )
      expect(run.standinCalls).toEqual([])
      expectNothingInstalled('zig', releases.zigVersion)
    })

    it('a Zig signature not made with the Zig Software Foundation key is refused', async () => {
      // A version with no pin in the table and no input, so the action checks the .minisig. The
      // mirror serves the real archive under that version's name: the signature is refused first.
      const unpinned = '0.15.3'
      const file = zigFile.replace(releases.zigVersion, unpinned)
      fs.copyFileSync(path.join(root, zigFile), path.join(root, file))
      const foreignKeyId = Buffer.alloc(8)
      const signature = Buffer.concat([Buffer.from('ED'), foreignKeyId, Buffer.alloc(64)])
      fs.writeFileSync(
        path.join(root, `${file}.minisig`),
        [
          'untrusted comment: signature from another key',
          signature.toString('base64'),
          `trusted comment: timestamp:1\tfile:${file}\thashed`,
          Buffer.alloc(64).toString('base64'),
          '',
        ].join('\n'),
      )
      const run = await runMain(dirs, { 'zig-version': unpinned, 'zig-sha256': '' })
      expect(run.result.exitCode).toBe(1)
      expect(errors(run.result)[0]).toMatch(
        /^Refused zig-x86_64-linux-0\.15\.3\.tar\.xz from .*: its minisign signature does not verify with the Zig Software Foundation's key \(the signature was made with key 0+, not the trusted key [0-9A-F]{16}\)/,
      )
      expect(run.requests.get(`/${file}.minisig`)).toBe(1)
      expectNothingInstalled('zig', unpinned)
    })
  })

  describe('of cargo-lambda, on a runner whose tool cache already has the verified tools', () => {
    let installed: RunnerDirs
    // Shared set-up: one ordinary run installs Zig and the default cargo-lambda (verified by their
    // pins) into a tool cache every test below starts from, each with its own other folders.
    beforeAll(async () => {
      installed = runnerDirs()
      const run = await runMain(installed, {}, {}, INSTALL_STEP_MS)
      const rows = toolRows(run.result.summary)
      if (
        !rows.zig?.[1]?.startsWith('download') ||
        !rows['cargo-lambda']?.[1]?.startsWith('download')
      )
        throw new Error(`installing the tools failed:\n${run.result.log}`)
    }, INSTALL_HOOK_MS)
    afterAll(() => fs.rmSync(path.dirname(installed.workspace), { recursive: true, force: true }))
    beforeEach(() => {
      dirs = { ...runnerDirs(), toolCache: installed.toolCache }
    })

    it('a wrong cargo-lambda-sha256 pin is refused and the stand-in never runs', async () => {
      const version = '0.0.1'
      const packed = packStandin(root, version)
      const wrong = 'cd'.repeat(32)
      const run = await runMain(dirs, {
        'cargo-lambda-version': version,
        'cargo-lambda-sha256': wrong,
      })
      expect(run.result.exitCode).toBe(1)
      expect(errors(run.result)).toEqual([
        expect.stringContaining(
          `Refused ${packed.file} from ${mirror.url}/${packed.file}: expected SHA-256 ${wrong} (from the 'cargo-lambda-sha256' input), got ${packed.sha256}.`,
        ),
      ])
      expect(run.standinCalls).toEqual([])
      expectNothingInstalled('cargo-lambda', version)
    })

    it('a mirror that cuts the connection fails after the retries, with a clear message', async () => {
      const version = '0.0.2'
      const packed = packStandin(root, version)
      mirror.cut(clPath(version))
      try {
        const run = await runMain(dirs, {
          'cargo-lambda-version': version,
          'cargo-lambda-sha256': packed.sha256,
        })
        expect(run.result.exitCode).toBe(1)
        expect(errors(run.result)[0]).toMatch(
          new RegExp(
            `^Downloading ${mirror.url}/${packed.file.replace(/\./g, '\\.')} failed after 4 attempts: `,
          ),
        )
        expect(run.requests.get(clPath(version))).toBe(4)
        expect(run.standinCalls).toEqual([])
        expectNothingInstalled('cargo-lambda', version)
      } finally {
        mirror.reset()
      }
    })

    it('a mirror that fails twice and then answers still installs', async () => {
      const version = '0.0.3'
      const packed = packStandin(root, version)
      mirror.fail(clPath(version), 2, 503)
      const run = await runMain(dirs, {
        'cargo-lambda-version': version,
        'cargo-lambda-sha256': packed.sha256,
      })
      expect(run.requests.get(clPath(version))).toBe(3)
      expect(run.result.log).toMatch(/Attempt 1 of 4 to download .* failed \(HTTP 503 from/)
      expect(run.result.log).toMatch(/Attempt 2 of 4 to download .* failed \(HTTP 503 from/)
      expect(toolRows(run.result.summary)['cargo-lambda']?.[1]).toMatch(/^download/)
      expect(versionChecks(run)).toBe(1)
    })

    it('without a pin, the .sha256 file verifies cargo-lambda, with a warning', async () => {
      const version = '0.0.4'
      packStandin(root, version)
      const run = await runMain(dirs, {
        'cargo-lambda-version': version,
        'cargo-lambda-sha256': '',
      })
      expect(run.requests.get(`${clPath(version)}.sha256`)).toBe(1)
      const warnings = run.result.annotations
        .filter((a) => a.level === 'warning' && a.message.includes('cargo-lambda'))
        .map((w) => w.message)
      expect(warnings).toEqual([
        expect.stringMatching(/verified only by .*\.sha256.*checksum from the same origin/),
      ])
      expect(toolRows(run.result.summary)['cargo-lambda']?.[1]).toMatch(/by \.sha256 file\)$/)
      expect(versionChecks(run)).toBe(1)
    })

    it('an archive that does not match its .sha256 file is refused', async () => {
      const version = '0.0.5'
      const packed = packStandin(root, version)
      mirror.corrupt(clPath(version))
      try {
        const run = await runMain(dirs, {
          'cargo-lambda-version': version,
          'cargo-lambda-sha256': '',
        })
        expect(run.result.exitCode).toBe(1)
        expect(errors(run.result)[0]).toContain(
          `expected SHA-256 ${packed.sha256} (from the checksum file ${mirror.url}/${packed.file}.sha256)`,
        )
        expect(run.standinCalls).toEqual([])
        expectNothingInstalled('cargo-lambda', version)
      } finally {
        mirror.reset()
      }
    })

    it('a cargo-lambda that reports another version is refused and removed from the tool cache', async () => {
      const packed = packStandin(root, '0.0.6')
      const renamed = cargoLambdaAsset('0.0.7')
      fs.copyFileSync(path.join(root, packed.file), path.join(root, renamed))
      const run = await runMain(dirs, {
        'cargo-lambda-version': '0.0.7',
        'cargo-lambda-sha256': packed.sha256,
      })
      expect(run.result.exitCode).toBe(1)
      expect(errors(run.result)[0]).toMatch(
        /^`cargo-lambda lambda --version` reports 'cargo-lambda 0\.0\.6 \(stand-in\)', expected cargo-lambda 0\.0\.7 from /,
      )
      expectNothingInstalled('cargo-lambda', '0.0.7')
    })

    it('a cargo-lambda in $CARGO_HOME/bin (where `cargo lambda` looks first) is never run: the verified one is checked and kept', async () => {
      // The version that is installed and verified, from the shared tool cache (beforeAll).
      const cargoHome = path.join(path.dirname(dirs.workspace), 'cargo-home')
      const ran = path.join(cargoHome, 'decoy-ran')
      fs.mkdirSync(path.join(cargoHome, 'bin'), { recursive: true })
      fs.writeFileSync(
        path.join(cargoHome, 'bin', 'cargo-lambda'),
        `#!/bin/sh\necho "$@" >> '${ran}'\necho 'cargo-lambda 0.0.9 (decoy)'\n`,
        { mode: 0o755 },
      )
      // `cargo lambda` itself would pick the decoy: that is the trap the action must not fall in.
      const viaCargo = spawnSync('cargo', ['lambda', '--version'], {
        encoding: 'utf8',
        env: { ...process.env, CARGO_HOME: cargoHome, RUSTUP_HOME: rustupHome() },
      })
      expect(viaCargo.stdout).toContain('(decoy)')
      fs.rmSync(ran, { force: true })

      const run = await runMain(dirs, {}, { CARGO_HOME: cargoHome })
      // The workspace holds no crate, so the run fails later, at `cargo metadata`; what matters is that
      // nothing failed over the tool: no version mismatch and no decoy.
      expect(errors(run.result).join('\n')).not.toMatch(/reports '|expected cargo-lambda|decoy/)
      expect(toolRows(run.result.summary)['cargo-lambda']?.[0]).toBe(releases.cargoLambdaVersion)
      expect(versionChecks(run)).toBe(1)
      expect(fs.existsSync(ran)).toBe(false)
      expect(
        fs.existsSync(
          path.join(dirs.toolCache, 'cargo-lambda', releases.cargoLambdaVersion, os.arch()),
        ),
      ).toBe(true)
    })

    it('the linked `debian` toolchain with the aarch64 std passes the target check', async () => {
      const run = await runMain(dirs, { 'rust-toolchain': 'debian', architecture: 'arm64' })
      const rows = toolRows(run.result.summary)
      expect(rows.rust?.[1]).toBe('preinstalled (debian)')
      expect(run.result.log).toMatch(/Target aarch64-unknown-linux-gnu: found in .*rustlib/)
      expect(errors(run.result).join('\n')).not.toMatch(/standard library/)
    })
  })
})
