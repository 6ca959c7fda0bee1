/**
 * Build and package through the bundled action (dist/) and the runner harness: real cargo, real
 * zig, and the cargo-lambda STAND-IN (test/support/cargo-lambda-standin/, installed from a local
 * mirror like the release asset). The stand-in runs the real `cargo build` with zig as the linker
 * and reproduces cargo-lambda's order of arguments; the real cargo-lambda is exercised by the
 * self-test workflow on GitHub's runners.
 *
 * Builds are the slow part, so each project/configuration is built once (beforeAll) and several
 * tests read the result. All runs share one tool cache, like a warm runner.
 */
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRuntimeApi } from '../../src/smoke/runtime-api.js'
import type { Artifact } from '../../src/types.js'
import {
  copyProject,
  makeRunnerDirs,
  repoRoot,
  runStep,
  type StepResult,
} from '../../test/support/harness.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { matcherAnnotations } from '../../test/support/problem-matcher.js'
import { prepareReleases, type PreparedReleases } from '../../test/support/releases.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'
import { readZip } from '../../test/support/unzip.js'

const examples = path.join(repoRoot, 'examples')
const fixtures = path.join(repoRoot, 'test', 'fixtures')
const ARM64 = { architecture: 'arm64', 'rust-toolchain': 'debian' }
const X86_64 = { architecture: 'x86_64', 'rust-toolchain': 'stable' }

let root: string
let toolCache: string
const zigCache = path.join(repoRoot, '.tmp', 'zig-cache')
let releases: PreparedReleases
let mirror: Mirror

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-build-'))
  toolCache = path.join(root, 'tool-cache')
  releases = await prepareReleases(path.join(root, 'mirror'), {
    // Still the stand-in: these tests read its argv log; they move to the real tool next.
    cargoLambda: 'standin',
  })
  mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 30 * 60_000 })
})
afterAll(async () => {
  await mirror?.close()
  if (root) fs.rmSync(root, { recursive: true, force: true })
})

interface Build {
  result: StepResult
  artifacts: Artifact[]
  /** What the action asked of cargo-lambda: one argv per `cargo lambda` call. */
  lambdaCalls: string[][]
  /** The argv the stand-in gave the real `cargo build`, per build. */
  cargoCalls: string[][]
}

/** Copies `project` into a fresh runner workspace (at `subdir`) and runs the main step. */
async function build(
  project: string,
  inputs: Record<string, string>,
  options: { env?: Record<string, string>; subdir?: string } = {},
): Promise<Build> {
  const dirs = { ...makeRunnerDirs(fs.mkdtempSync(path.join(root, 'run-'))), toolCache }
  copyProject(project, path.join(dirs.workspace, options.subdir ?? '.'))
  const log = path.join(dirs.temp, 'standin.log')
  const result = await runStep('main', {
    inputs: {
      ...releases.inputs(mirror.url),
      cache: 'false',
      'smoke-test': 'false',
      'upload-artifact': 'false',
      ...(options.subdir ? { 'working-directory': options.subdir } : {}),
      ...inputs,
    },
    dirs,
    // Zig's cache (glibc stubs, compiler-rt) shared like the cargo cache would keep it.
    env: { CARGO_LAMBDA_STANDIN_LOG: log, ZIG_GLOBAL_CACHE_DIR: zigCache, ...options.env },
    timeoutMs: 420_000,
  })
  console.log(
    `${path.basename(project)} ${JSON.stringify(inputs)}: exit ${result.exitCode} in ${(result.ms / 1000).toFixed(1)} s`,
  )
  const entries = fs.existsSync(log)
    ? fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { argv?: string[]; cargo?: string[] })
    : []
  const artifacts = result.outputs.artifacts
    ? (JSON.parse(result.outputs.artifacts) as Artifact[])
    : []
  return {
    result,
    artifacts,
    lambdaCalls: entries.flatMap((e) => (e.argv?.includes('build') ? [e.argv] : [])),
    cargoCalls: entries.flatMap((e) => (e.cargo ? [e.cargo] : [])),
  }
}

function expectSuccess(b: Build): void {
  if (b.result.exitCode !== 0) console.log(b.result.log)
  expect(b.result.exitCode).toBe(0)
}

/** The value cargo ends up with for a `--config` key: the last one given wins. */
function effectiveConfig(argv: readonly string[], key: string): string | undefined {
  let value: string | undefined
  argv.forEach((a, i) => {
    if (a === '--config' && argv[i + 1]?.startsWith(`${key}=`)) {
      value = argv[i + 1]?.slice(key.length + 1)
    }
  })
  return value
}

function objdumpGlibc(file: string): string {
  const out = execFileSync('objdump', ['-T', file], { encoding: 'utf8' })
  const versions = [...out.matchAll(/GLIBC_(\d+\.\d+(?:\.\d+)?)/g)].map((m) => m[1] as string)
  return execFileSync('sort', ['-uV'], { input: versions.join('\n') + '\n', encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop() as string
}

function fileType(file: string): string {
  return execFileSync('file', ['-b', file], { encoding: 'utf8' })
}

const sha256 = (buf: Buffer, enc: 'hex' | 'base64'): string =>
  createHash('sha256').update(buf).digest(enc)

describe('the single-function example for arm64 (debian toolchain), profile size', () => {
  let b: Build
  beforeAll(async () => {
    b = await build(path.join(examples, 'hello'), ARM64)
  }, 600_000)

  it('succeeds and reports artifacts, zip-path and code-sha256', () => {
    expectSuccess(b)
    expect(b.artifacts).toHaveLength(1)
    const a = b.artifacts[0] as Artifact
    expect(a).toMatchObject({
      bin: 'hello',
      kind: 'function',
      architecture: 'arm64',
      target: 'aarch64-unknown-linux-gnu.2.34',
    })
    const zip = fs.readFileSync(a.zipPath)
    expect(b.result.outputs['zip-path']).toBe(a.zipPath)
    expect(b.result.outputs['code-sha256']).toBe(sha256(zip, 'base64'))
    expect(a.sha256).toBe(sha256(zip, 'hex'))
    expect(a.zipSize).toBe(zip.length)
    expect(a.zipPath.endsWith(path.join('target', 'lambda', 'hello', 'bootstrap.zip'))).toBe(true)
  })

  it('the zip holds exactly bootstrap, mode 0755: an aarch64 ELF needing at most GLIBC_2.34', async () => {
    const a = b.artifacts[0] as Artifact
    const entries = await readZip(a.zipPath)
    expect(entries.map((e) => [e.name, e.mode.toString(8)])).toEqual([['bootstrap', '100755']])
    const unpacked = path.join(root, 'hello-arm64-bootstrap')
    fs.writeFileSync(unpacked, entries[0]?.data as Buffer, { mode: 0o755 })
    expect(fileType(unpacked)).toMatch(/ELF 64-bit LSB .*ARM aarch64/)
    const newest = objdumpGlibc(unpacked)
    expect(
      execFileSync('sort', ['-V'], { input: `${newest}\n2.34\n`, encoding: 'utf8' }).split('\n')[1],
    ).toBe('2.34')
    expect(a.glibcRequired).toBe(newest)
  })

  it('the arm64 bootstrap answers one invocation from a local Runtime API under qemu', async () => {
    const api = await startRuntimeApi({ functionName: 'hello' })
    const bootstrap = path.join(root, 'hello-arm64-bootstrap')
    const child = spawn('qemu-aarch64-static', [bootstrap], {
      env: { AWS_LAMBDA_RUNTIME_API: api.address },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    try {
      const result = await Promise.race([
        api.invoke('{"source":"test"}'),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no answer within 30 s')), 30_000),
        ),
      ])
      expect(result.kind).toBe('response')
      const body = JSON.parse((result as { body: string }).body) as Record<string, unknown>
      expect(body).toEqual({
        message: 'Hello from Rust on Lambda',
        arch: 'aarch64',
        invocation: 1,
        event: { source: 'test' },
      })
    } finally {
      child.kill('SIGKILL')
      await api.close()
    }
  })

  it('asks cargo-lambda for the runtime target, no optimizations of its own, and the size keys', () => {
    expect(b.lambdaCalls).toHaveLength(1)
    const argv = b.lambdaCalls[0] as string[]
    expect(argv.slice(0, 7)).toEqual([
      'lambda',
      'build',
      '--release',
      '--target',
      'aarch64-unknown-linux-gnu.2.34',
      '--output-format',
      'binary',
    ])
    expect(argv).toContain('--disable-optimizations')
    // What cargo really got, after the stand-in appended what cargo-lambda appends:
    const cargo = b.cargoCalls[0] as string[]
    expect(effectiveConfig(cargo, 'profile.release.opt-level')).toBe('"z"')
    expect(effectiveConfig(cargo, 'profile.release.lto')).toBe('true') // not cargo-lambda's "thin"
    expect(effectiveConfig(cargo, 'profile.release.codegen-units')).toBe('1')
    expect(effectiveConfig(cargo, 'profile.release.panic')).toBe('"abort"')
    expect(effectiveConfig(cargo, 'profile.release.strip')).toBe('"symbols"')
    expect(effectiveConfig(cargo, 'build.rustflags')).toBe('["-C","target-cpu=neoverse-n1"]')
    expect(cargo).toContain('aarch64-unknown-linux-gnu')
  })

  it('the summary has the function table, the profile keys with their source, and the build time', () => {
    const s = b.result.summary
    const a = b.artifacts[0] as Artifact
    expect(s).toMatch(/### Build\n\nBuilt 1 binary in \d/)
    expect(s).toContain(`| hello | function | aarch64-unknown-linux-gnu.2.34 |`)
    expect(s).toContain(`\`${a.codeSha256}\``)
    expect(s).toContain(`${a.glibcRequired} ≤ 2.34 ✓`)
    expect(s).toContain('#### Release profile: `size`')
    expect(s).toContain('| `opt-level` | `"z"` | action |')
    expect(s).toContain('| `target-cpu` (build.rustflags) | `neoverse-n1` | action |')
  })

  describe('the same source from a second clean copy', () => {
    let again: Build
    beforeAll(async () => {
      again = await build(path.join(examples, 'hello'), ARM64)
    }, 600_000)

    it('gives the same code-sha256', () => {
      expectSuccess(again)
      expect(again.result.outputs['code-sha256']).toBe(b.result.outputs['code-sha256'])
      expect(again.artifacts[0]?.zipPath).not.toBe(b.artifacts[0]?.zipPath)
    })
  })

  describe('profile: none', () => {
    let none: Build
    beforeAll(async () => {
      none = await build(path.join(examples, 'hello'), { ...ARM64, profile: 'none' })
    }, 600_000)

    it('adds only --disable-optimizations, and its binary is bigger than the size profile', () => {
      expectSuccess(none)
      const cargo = none.cargoCalls[0] as string[]
      expect(none.lambdaCalls[0]).toContain('--disable-optimizations')
      expect(cargo.filter((a) => a === '--config')).toEqual([])
      const size = (b.artifacts[0] as Artifact).binarySize
      const plain = (none.artifacts[0] as Artifact).binarySize
      console.log(
        `hello arm64: profile size ${size} B, profile none ${plain} B, ratio ${(size / plain).toFixed(3)}`,
      )
      expect(size).toBeLessThan(plain)
    })
  })
})

describe('the single-function example for x86_64 (stable) on provided.al2', () => {
  let b: Build
  beforeAll(async () => {
    b = await build(path.join(examples, 'hello'), { ...X86_64, runtime: 'provided.al2' })
  }, 600_000)

  it('is an x86-64 ELF needing at most GLIBC_2.26, in a zip of exactly bootstrap 0755', async () => {
    expectSuccess(b)
    const a = b.artifacts[0] as Artifact
    expect(a.target).toBe('x86_64-unknown-linux-gnu.2.26')
    const entries = await readZip(a.zipPath)
    expect(entries.map((e) => [e.name, e.mode.toString(8)])).toEqual([['bootstrap', '100755']])
    const unpacked = path.join(root, 'hello-x86-bootstrap')
    fs.writeFileSync(unpacked, entries[0]?.data as Buffer, { mode: 0o755 })
    expect(fileType(unpacked)).toMatch(/ELF 64-bit LSB .*x86-64/)
    const newest = objdumpGlibc(unpacked)
    const sorted = execFileSync('sort', ['-V'], { input: `${newest}\n2.26\n`, encoding: 'utf8' })
    expect(sorted.split('\n')[1]).toBe('2.26')
    expect(effectiveConfig(b.cargoCalls[0] as string[], 'build.rustflags')).toBe(
      '["-C","target-cpu=haswell"]',
    )
  })
})

describe("a project's own [profile.release] opt-level = 3", () => {
  let b: Build
  beforeAll(async () => {
    b = await build(path.join(fixtures, 'opt-level-3'), X86_64)
  }, 600_000)

  it('is kept: the action adds only the keys the project does not set', () => {
    expectSuccess(b)
    const argv = b.lambdaCalls[0] as string[]
    expect(effectiveConfig(argv, 'profile.release.opt-level')).toBeUndefined()
    const cargo = b.cargoCalls[0] as string[]
    expect(effectiveConfig(cargo, 'profile.release.opt-level')).toBeUndefined()
    expect(effectiveConfig(cargo, 'profile.release.lto')).toBe('true')
    expect(effectiveConfig(cargo, 'profile.release.strip')).toBe('"symbols"')
    expect(b.result.summary).toContain('| `opt-level` | `3` | project (Cargo.toml) |')
    expect(b.result.summary).toContain('| `lto` | `true` | action |')
    expect(b.result.log).toContain('profile.release.opt-level = 3  <- project (Cargo.toml)')
  })
})

describe('the workspace example: two functions and an extension, uploaded as artifacts', () => {
  let b: Build
  let service: ResultsService
  beforeAll(async () => {
    service = await startResultsService()
    b = await build(
      path.join(examples, 'workspace'),
      { ...X86_64, 'upload-artifact': 'true', 'artifact-retention-days': '3' },
      { env: { ...service.env } },
    )
  }, 600_000)
  afterAll(async () => {
    await service?.close()
  })

  it('yields one zip per function and one for the extension, each in artifacts', async () => {
    expectSuccess(b)
    const byBin = Object.fromEntries(b.artifacts.map((a) => [a.bin, a]))
    expect(Object.keys(byBin).sort()).toEqual(['audit', 'count', 'greet'])
    expect(byBin.greet?.kind).toBe('function')
    expect(byBin.count?.kind).toBe('function')
    expect(byBin.audit?.kind).toBe('extension')
    const ext = await readZip(byBin.audit?.zipPath as string)
    expect(ext.map((e) => [e.name, e.mode.toString(8)])).toEqual([
      ['extensions/', '40755'],
      ['extensions/audit', '100755'],
    ])
    for (const bin of ['greet', 'count']) {
      const entries = await readZip(byBin[bin]?.zipPath as string)
      expect(entries.map((e) => e.name)).toEqual(['bootstrap'])
    }
    // Functions and the extension need separate cargo lambda builds.
    expect(b.lambdaCalls).toHaveLength(2)
    expect(b.lambdaCalls[0]).not.toContain('--extension')
    expect(b.lambdaCalls[1]).toContain('--extension')
  })

  it('uploads each zip as <bin>-<arch> with the retention asked for', async () => {
    const names = service
      .artifacts()
      .filter((a) => a.finalized)
      .map((a) => a.name)
      .sort()
    expect(names).toEqual(['audit-x86_64', 'count-x86_64', 'greet-x86_64'])
    for (const a of b.artifacts) {
      const files = await service.artifactFiles(`${a.bin}-x86_64`)
      expect([...files.keys()]).toEqual([path.basename(a.zipPath)])
      expect(files.get(path.basename(a.zipPath))?.equals(fs.readFileSync(a.zipPath))).toBe(true)
    }
    const expires = service.artifacts().find((a) => a.name === 'greet-x86_64')?.expiresAt
    const days = (Date.parse(expires as string) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(2.9)
    expect(days).toBeLessThan(3.1)
    expect(b.result.summary).toContain('#### Artifacts')
    expect(b.result.summary).toMatch(/\| greet-x86_64 \| greet \|/)
  })
})

describe('a compile error', () => {
  let b: Build
  beforeAll(async () => {
    b = await build(path.join(fixtures, 'compile-error'), X86_64, { subdir: 'app' })
  }, 600_000)

  it('fails with exit code 1 and a message pointing at the first error', () => {
    expect(b.result.exitCode).toBe(1)
    const errors = b.result.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toBe(
      'cargo lambda build failed for function broken (exit code 101): error[E0308]: mismatched types at app/src/main.rs:5:22. The full compiler output is in the log above.',
    )
    expect(b.result.log).not.toMatch(/\n\s+at .*\.js:\d+/)
  })

  it("becomes an annotation at the right file and line through the action's problem matcher", () => {
    const found = matcherAnnotations(b.result.log)
    expect(found).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'E0308',
        message: 'mismatched types',
        file: 'app/src/main.rs',
        line: 5,
        column: 22,
      }),
    )
  })
})
