/**
 * Build and package through the bundled action (dist/) and the runner harness with the real
 * tools: cargo-lambda 1.9.2 and Zig 0.15.2 installed from a local mirror serving their release
 * assets (test/support/releases.ts), real crates from the crate registry (fetched once by
 * scripts/setup.sh into the machine's CARGO_HOME, which every run shares: no run downloads).
 * What cargo really compiled with is read from the rustc command lines that
 * `cargo lambda build --verbose` prints, not from the arguments the action passes.
 *
 * Builds are the slow part (minutes each for aarch64 with fat LTO), so each project and
 * configuration is built once (beforeAll) and several tests read the result. All runs are on the
 * shared warm runner (test/support/shared-runner.ts): one tool cache, one target folder per project.
 */
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lambdaEnvironment } from '../../src/smoke/invoke.js'
import { startRuntimeApi } from '../../src/smoke/runtime-api.js'
import type { Artifact } from '../../src/types.js'
import { copyProject, repoRoot, type StepResult } from '../../test/support/harness.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { matcherAnnotations } from '../../test/support/problem-matcher.js'
import {
  BUILD_TIMEOUT_MS,
  prepareSharedRunner,
  runSharedBuild,
  sharedRunnerDirs,
} from '../../test/support/shared-runner.js'
import { prepareReleases, type PreparedReleases } from '../../test/support/releases.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'
import { readZip } from '../../test/support/unzip.js'

const examples = path.join(repoRoot, 'examples')
const fixtures = path.join(repoRoot, 'test', 'fixtures')
const ARM64 = { architecture: 'arm64', 'rust-toolchain': 'debian' }
const X86_64 = { architecture: 'x86_64', 'rust-toolchain': 'stable' }

let root: string
let releases: PreparedReleases
let mirror: Mirror

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-build-'))
  releases = await prepareReleases(path.join(root, 'mirror'))
  mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 4 * BUILD_TIMEOUT_MS })
  await prepareSharedRunner(releases.inputs(mirror.url))
}, BUILD_TIMEOUT_MS)
afterAll(async () => {
  await mirror?.close()
  if (root) fs.rmSync(root, { recursive: true, force: true })
})

interface Build {
  result: StepResult
  artifacts: Artifact[]
  /** What the action ran: one `[command]` line per `cargo lambda build`. */
  lambdaCalls: string[]
}

/** Copies `project` into a fresh runner workspace (at `subdir`) and runs the main step. */
async function build(
  project: string,
  inputs: Record<string, string>,
  options: { env?: Record<string, string>; subdir?: string } = {},
): Promise<Build> {
  const dirs = sharedRunnerDirs(fs.mkdtempSync(path.join(root, 'run-')))
  copyProject(project, path.join(dirs.workspace, options.subdir ?? '.'))
  const result = await runSharedBuild(project, {
    inputs: {
      ...releases.inputs(mirror.url),
      cache: 'false',
      'smoke-test': 'false',
      'upload-artifact': 'false',
      // The rustc command lines, to check what cargo really compiled with.
      'cargo-args': '--verbose',
      ...(options.subdir ? { 'working-directory': options.subdir } : {}),
      ...inputs,
    },
    dirs,
    // The shared runner's target folder of this project, Zig cache and crates: registry crates
    // compile once per suite run; the project's own crate, at a new path, always recompiles,
    // so its rustc line (read below) is always printed.
    env: options.env ?? {},
    timeoutMs: BUILD_TIMEOUT_MS - 30_000,
  })
  console.log(
    `${path.basename(project)} ${JSON.stringify(inputs)}: exit ${result.exitCode} in ${(result.ms / 1000).toFixed(1)} s`,
  )
  const artifacts = result.outputs.artifacts
    ? (JSON.parse(result.outputs.artifacts) as Artifact[])
    : []
  const lambdaCalls = result.log
    .split('\n')
    .filter((l) =>
      /^\[command\]\S*cargo-lambda lambda build /.test(l.replace('[command] ', '[command]')),
    )
  return { result, artifacts, lambdaCalls }
}

/**
 * The `-C` options rustc got for crate `crate` (a binary), from the `Running \`rustc ...\`` line
 * of `cargo build --verbose`: key -> value ('' for a bare flag such as `-C lto`).
 */
function rustcCodegen(log: string, crate: string): Map<string, string> {
  const line = log
    .split('\n')
    .find(
      (l) =>
        l.includes('Running `') &&
        l.includes(`--crate-name ${crate} `) &&
        l.includes('--crate-type bin'),
    )
  if (line === undefined) throw new Error(`no rustc line for the binary ${crate} in the log`)
  const words = line.split(/\s+/)
  const flags = new Map<string, string>()
  words.forEach((w, i) => {
    if (w !== '-C') return
    const [key, ...value] = (words[i + 1] ?? '').replace(/`$/, '').split('=')
    flags.set(key as string, value.join('='))
  })
  return flags
}

function expectSuccess(b: Build): void {
  if (b.result.exitCode !== 0) console.log(b.result.log)
  expect(b.result.exitCode).toBe(0)
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

/** Writes the zip's bootstrap next to the runs (mode 0755) and returns its path. */
/**
 * Starts an arm64 bootstrap under qemu against a local Runtime API with the environment Lambda
 * gives a function (lambda_runtime reads its name, memory and log stream), hands it `events` one
 * after another (30 s for the first, which includes its start), and stops both.
 */
async function invokeUnderQemu(
  bootstrap: string,
  functionName: string,
  events: readonly string[],
): Promise<Awaited<ReturnType<Awaited<ReturnType<typeof startRuntimeApi>>['invoke']>>[]> {
  const api = await startRuntimeApi({ functionName })
  const env = lambdaEnvironment({ functionName, region: 'us-east-1' }, api.address, root, root)
  const child = spawn('qemu-aarch64-static', [bootstrap], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  try {
    const results = []
    for (const event of events) {
      results.push(
        await Promise.race([
          api.invoke(event),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('no answer within 30 s')), 30_000),
          ),
        ]),
      )
    }
    return results
  } finally {
    child.kill('SIGKILL')
    await api.close()
  }
}

async function unpackBootstrap(a: Artifact, name: string): Promise<string> {
  const entries = await readZip(a.zipPath)
  const file = path.join(root, name)
  fs.writeFileSync(file, entries[0]?.data as Buffer, { mode: 0o755 })
  return file
}

const sha256 = (buf: Buffer, enc: 'hex' | 'base64'): string =>
  createHash('sha256').update(buf).digest(enc)

describe('the single-function example for arm64 (debian toolchain), profile size', () => {
  let b: Build
  beforeAll(async () => {
    b = await build(path.join(examples, 'hello'), ARM64)
  }, BUILD_TIMEOUT_MS)

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
    expect(a.zipPath.endsWith(path.join('lambda', 'hello', 'bootstrap.zip'))).toBe(true)
  })

  it('the zip holds exactly bootstrap, mode 0755: an aarch64 ELF needing at most GLIBC_2.34', async () => {
    const a = b.artifacts[0] as Artifact
    const entries = await readZip(a.zipPath)
    expect(entries.map((e) => [e.name, e.mode.toString(8)])).toEqual([['bootstrap', '100755']])
    const unpacked = await unpackBootstrap(a, 'hello-arm64-bootstrap')
    expect(fileType(unpacked)).toMatch(/ELF 64-bit LSB .*ARM aarch64/)
    const newest = objdumpGlibc(unpacked)
    expect(
      execFileSync('sort', ['-V'], { input: `${newest}\n2.34\n`, encoding: 'utf8' }).split('\n')[1],
    ).toBe('2.34')
    expect(a.glibcRequired).toBe(newest)
  })

  it('the arm64 bootstrap answers one invocation from a local Runtime API under qemu', async () => {
    // Its own copy of the bootstrap: this test does not rely on the one above having run.
    expectSuccess(b)
    const bootstrap = await unpackBootstrap(b.artifacts[0] as Artifact, 'hello-arm64-invoke')
    const [first, named] = await invokeUnderQemu(bootstrap, 'hello', [
      '{"source":"test"}',
      '{"name":"world"}',
    ])
    expect(first?.kind).toBe('response')
    const body = JSON.parse((first as { body: string }).body) as Record<string, unknown>
    expect(body).toEqual({ message: 'Hello, stranger!' })
    expect(named).toMatchObject({ kind: 'response', body: '{"message":"Hello, world!"}' })
  })

  it('asks cargo-lambda for the runtime target, no optimizations of its own, and the size keys', () => {
    expect(b.lambdaCalls).toHaveLength(1)
    const call = b.lambdaCalls[0] as string
    // The verified binary, by its own path (not `cargo lambda`, which prefers $CARGO_HOME/bin).
    expect(call).toMatch(
      /^\[command\] ?\/\S+\/cargo-lambda lambda build --release --target aarch64-unknown-linux-gnu\.2\.34 --output-format binary /,
    )
    expect(call).toContain(' --disable-optimizations ')
    // What rustc really compiled the function with (cargo-lambda's own defaults left out):
    const c = rustcCodegen(b.result.log, 'hello')
    expect(c.get('opt-level')).toBe('z')
    expect(c.get('lto')).toBe('') // bare `-C lto`: fat LTO, not cargo-lambda's `lto=thin`
    expect(c.get('codegen-units')).toBe('1')
    expect(c.get('panic')).toBe('abort')
    expect(c.get('strip')).toBe('symbols')
    expect(c.get('target-cpu')).toBe('neoverse-n1')
    // Linked by Zig for the runtime's glibc, through cargo-zigbuild's wrapper.
    expect(c.get('linker')).toMatch(/zigcc-aarch64-unknown-linux-gnu\.2\.34-[0-9a-f]+\.sh$/)
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
    }, BUILD_TIMEOUT_MS)

    it('gives the same code-sha256', () => {
      expectSuccess(again)
      expect(again.result.outputs['code-sha256']).toBe(b.result.outputs['code-sha256'])
      // Really built from the second copy: cargo compiled its crate at the copy's own path.
      const compiledAt = (x: Build) => /Compiling hello v0\.1\.0 \((\S+)\)/.exec(x.result.log)?.[1]
      expect(compiledAt(again)).toBeDefined()
      expect(compiledAt(again)).not.toBe(compiledAt(b))
    })
  })

  describe('profile: none', () => {
    let none: Build
    beforeAll(async () => {
      none = await build(path.join(examples, 'hello'), { ...ARM64, profile: 'none' })
    }, BUILD_TIMEOUT_MS)

    it('adds only --disable-optimizations, and its binary is bigger than the size profile', () => {
      expectSuccess(none)
      expect(none.lambdaCalls[0]).toContain(' --disable-optimizations')
      expect(none.lambdaCalls[0]).not.toContain('--config')
      // cargo's own release profile: opt-level 3, no LTO, unwinding, default codegen units.
      const c = rustcCodegen(none.result.log, 'hello')
      expect(c.get('opt-level')).toBe('3')
      expect(c.has('lto')).toBe(false)
      expect(c.has('panic')).toBe(false)
      expect(c.has('codegen-units')).toBe(false)
      expect(c.has('target-cpu')).toBe(false)
      const size = (b.artifacts[0] as Artifact).binarySize
      const plain = (none.artifacts[0] as Artifact).binarySize
      console.log(
        `hello arm64: profile size ${size} B, profile none ${plain} B, ratio ${(size / plain).toFixed(3)}`,
      )
      expect(size).toBeLessThan(plain)
    })
  })
})

describe('the HTTP example (lambda_http + tower, a package named like its dependency `http`) for arm64', () => {
  let b: Build
  beforeAll(async () => {
    b = await build(path.join(examples, 'http'), {
      ...ARM64,
      'smoke-test': 'true',
      'smoke-event': 'events/post-comment.json',
    })
  }, BUILD_TIMEOUT_MS)

  it('builds: --package gets the package ID spec, since the name alone is ambiguous to cargo', () => {
    expectSuccess(b)
    expect(b.lambdaCalls).toHaveLength(1)
    const call = b.lambdaCalls[0] as string
    expect(call, call).toMatch(/ --package '?path\+file:\/\/\S+#(http@)?0\.1\.0'? /)
    expect(call, call).toContain(' --bin http ')
    expect(b.artifacts.map((a) => a.bin)).toEqual(['http'])
  })

  it('an aarch64 ELF needing at most GLIBC_2.34, whose smoke test answered POST /comment with 200', async () => {
    expectSuccess(b)
    const a = b.artifacts[0] as Artifact
    const unpacked = await unpackBootstrap(a, 'http-arm64-bootstrap')
    expect(fileType(unpacked)).toMatch(/ELF 64-bit LSB .*ARM aarch64/)
    const newest = objdumpGlibc(unpacked)
    const sorted = execFileSync('sort', ['-V'], { input: `${newest}\n2.34\n`, encoding: 'utf8' })
    expect(sorted.split('\n')[1]).toBe('2.34')
    const smoke = JSON.parse(b.result.outputs['smoke-result'] as string) as Record<
      string,
      { status: string; response?: string }
    >
    expect(smoke.http?.status).toBe('passed')
    const response = JSON.parse(smoke.http?.response as string) as Record<string, unknown>
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe('{"received":"comment"}')
  })

  it('answers 404 for a route it does not have, under qemu', async () => {
    expectSuccess(b)
    const bootstrap = await unpackBootstrap(b.artifacts[0] as Artifact, 'http-arm64-invoke')
    const event = fs
      .readFileSync(path.join(examples, 'http', 'events', 'post-comment.json'), 'utf8')
      .replaceAll('/comment', '/unknown')
    const [result] = await invokeUnderQemu(bootstrap, 'http', [event])
    expect(result?.kind).toBe('response')
    const body = JSON.parse((result as { body: string }).body) as Record<string, unknown>
    expect(body.statusCode).toBe(404)
  })
})

describe('the single-function example for x86_64 (stable) on provided.al2', () => {
  let b: Build
  beforeAll(async () => {
    b = await build(path.join(examples, 'hello'), { ...X86_64, runtime: 'provided.al2' })
  }, BUILD_TIMEOUT_MS)

  it('is an x86-64 ELF needing at most GLIBC_2.26, in a zip of exactly bootstrap 0755', async () => {
    expectSuccess(b)
    const a = b.artifacts[0] as Artifact
    expect(a.target).toBe('x86_64-unknown-linux-gnu.2.26')
    const entries = await readZip(a.zipPath)
    expect(entries.map((e) => [e.name, e.mode.toString(8)])).toEqual([['bootstrap', '100755']])
    const unpacked = await unpackBootstrap(a, 'hello-x86-bootstrap')
    expect(fileType(unpacked)).toMatch(/ELF 64-bit LSB .*x86-64/)
    const newest = objdumpGlibc(unpacked)
    const sorted = execFileSync('sort', ['-V'], { input: `${newest}\n2.26\n`, encoding: 'utf8' })
    expect(sorted.split('\n')[1]).toBe('2.26')
    const c = rustcCodegen(b.result.log, 'hello')
    expect(c.get('target-cpu')).toBe('haswell')
    expect(c.get('linker')).toMatch(/zigcc-x86_64-unknown-linux-gnu\.2\.26-[0-9a-f]+\.sh$/)
  })
})

describe("a project's own [profile.release] opt-level = 3", () => {
  let b: Build
  beforeAll(async () => {
    b = await build(path.join(fixtures, 'opt-level-3'), X86_64)
  }, BUILD_TIMEOUT_MS)

  it('is kept: the action adds only the keys the project does not set', () => {
    expectSuccess(b)
    expect(b.lambdaCalls[0]).not.toContain('profile.release.opt-level')
    const c = rustcCodegen(b.result.log, 'fast')
    expect(c.get('opt-level')).toBe('3')
    expect(c.get('lto')).toBe('')
    expect(c.get('strip')).toBe('symbols')
    expect(b.result.summary).toContain('| `opt-level` | `3` | project (Cargo.toml) |')
    expect(b.result.summary).toContain('| `lto` | `true` | action |')
    expect(b.result.log).toContain('profile.release.opt-level = 3  <- project (Cargo.toml)')
  })
})

describe('the workspace example: two functions and an extension, uploaded as artifacts', () => {
  let b: Build
  let service: ResultsService
  beforeAll(async () => {
    // Alive past the cold build that precedes the upload (its own default is 15 min).
    service = await startResultsService({ lifetimeMs: 2 * BUILD_TIMEOUT_MS })
    b = await build(
      path.join(examples, 'workspace'),
      { ...X86_64, 'upload-artifact': 'true', 'artifact-retention-days': '3' },
      { env: { ...service.env } },
    )
  }, BUILD_TIMEOUT_MS)
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
    // Where the real cargo-lambda leaves them, which is where the action packs them from.
    expect(b.result.log).toContain(path.join('lambda', 'extensions', 'audit'))
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
  }, BUILD_TIMEOUT_MS)

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
