/**
 * Extensions as layers through the bundled action (dist/), run as the GitHub runner runs it, on
 * the repository's example workspace (functions greet and count sharing a library crate, and the
 * extension audit on the lambda-extension crate): the real cargo-lambda and Zig from the local
 * mirror build it for x86_64, and the real @aws-sdk/client-lambda publishes and attaches the layer
 * in the local Lambda emulator (AWS_ENDPOINT_URL_LAMBDA, dummy credentials).
 *
 * The runs share one workspace and its target folder (kept under the gitignored .tmp/ between
 * suite runs), so only the first build of a suite run compiles the dependencies; the others are
 * incremental. Each test stands alone: it gets a fresh Lambda emulator holding the two functions
 * and their own layers, and makes the runs it needs itself (the unchanged rerun first makes its own
 * first run); the one it changes, the extension's source, it puts back.
 *
 * Deploy-only runs (`from-artifacts`) need no tool: their refusals are checked on tiny ELF files
 * the real Zig links in a second, and they start no mirror.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { execFileSync } from 'node:child_process'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  copyProject,
  makeRunnerDirs,
  repoRoot,
  runStep,
  type RunnerDirs,
  type StepResult,
} from '../../test/support/harness.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { localZig, prepareReleases, type PreparedReleases } from '../../test/support/releases.js'
import { makeZipArtifact, zipBuffer } from '../../test/support/zips.js'

const cargoHome = process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo')
const zigCache = path.join(repoRoot, '.tmp', 'zig-cache')
/** Kept between suite runs: the workspace's target folder and the tool cache. */
const keep = path.join(repoRoot, '.tmp', 'layers-it')
const BUILD_MS = 1_500_000

let root: string
let dirs: RunnerDirs
/** Fresh for each test (beforeEach): the two functions, each with layers of its own. */
let lambda: LambdaEmulator
let other: { otel: string; secrets: string }
/** The test mirror of the tools, started by the first run that builds (none for deploy-only). */
let tools: Promise<{ releases: PreparedReleases; mirror: Mirror }> | undefined
const auditMain = (): string => path.join(dirs.workspace, 'extensions', 'audit', 'src', 'main.rs')

function mirrored(): Promise<{ releases: PreparedReleases; mirror: Mirror }> {
  tools ??= (async () => {
    const releases = await prepareReleases(path.join(root, 'mirror'))
    const mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 60 * 60_000 })
    return { releases, mirror }
  })()
  return tools
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-layers-it-'))
  dirs = {
    ...makeRunnerDirs(path.join(root, 'runner')),
    workspace: path.join(keep, 'workspace'),
    toolCache: path.join(keep, 'tool-cache'),
  }
  fs.mkdirSync(dirs.toolCache, { recursive: true })
  // The sources afresh (a killed suite run may have left the extension changed); target/ stays warm.
  fs.rmSync(path.join(dirs.workspace, 'extensions'), { recursive: true, force: true })
  copyProject(path.join(repoRoot, 'examples', 'workspace'), dirs.workspace)
})

beforeEach(async () => {
  lambda = await startLambdaEmulator({ updateMs: 100, lifetimeMs: 60 * 60_000 })
  // Each function already uses layers of its own, which must survive, in their order.
  other = {
    otel: lambda.addLayerVersion({ name: 'otel-collector' }),
    secrets: lambda.addLayerVersion({ name: 'secrets-cache' }),
  }
  lambda.addFunction({
    name: 'greet-fn',
    architecture: 'x86_64',
    settings: { layers: [other.otel, other.secrets] },
  })
  lambda.addFunction({
    name: 'count-fn',
    architecture: 'x86_64',
    settings: { layers: [other.secrets] },
  })
})

afterEach(async () => {
  await lambda?.close()
})

afterAll(async () => {
  await tools?.then(
    (t) => t.mirror.close(),
    () => undefined,
  )
  if (root) fs.rmSync(root, { recursive: true, force: true })
})

const awsEnv = (): Record<string, string> => ({
  AWS_ENDPOINT_URL_LAMBDA: lambda.url,
  AWS_ACCESS_KEY_ID: 'AKIALAYERSTEST',
  AWS_SECRET_ACCESS_KEY: 'layers-integration-secret',
  AWS_REGION: lambda.region,
  AWS_CONFIG_FILE: path.join(root, 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
})

async function release(inputs: Record<string, string> = {}): Promise<StepResult> {
  const { releases, mirror } = await mirrored()
  const r = await runStep('main', {
    dirs,
    inputs: {
      ...releases.inputs(mirror.url),
      architecture: 'x86_64',
      'rust-toolchain': 'stable',
      // The workspace's own release profile: this test is about layers, not binary size.
      profile: 'none',
      cache: 'false',
      functions: 'greet=greet-fn\ncount=count-fn',
      'attach-layers': 'true',
      alias: 'live',
      ...inputs,
    },
    env: {
      ZIG_GLOBAL_CACHE_DIR: zigCache,
      CARGO_HOME: cargoHome,
      ...awsEnv(),
    },
    timeoutMs: BUILD_MS,
  })
  console.log(
    `layers ${JSON.stringify(inputs)}: exit ${r.exitCode} in ${(r.ms / 1000).toFixed(1)} s`,
  )
  return r
}

const explain = (r: StepResult): string => `exit ${r.exitCode}\n${r.log.slice(-5000)}`
const audit = (version: number): string =>
  `arn:aws:lambda:us-east-1:${lambda.account}:layer:audit:${version}`
const layersOf = (fn: string): string[] => lambda.fn(fn).settings.layers
const layersOutput = (r: StepResult): Record<string, Record<string, unknown>> =>
  JSON.parse(r.outputs.layers ?? '{}') as Record<string, Record<string, unknown>>
interface Writes {
  layer: number
  greet: number
  count: number
  greetConfig: number
  countConfig: number
  greetCode: number
  countCode: number
}
function writes(): Writes {
  return {
    layer: lambda.writes('layer:audit'),
    greet: lambda.writes('greet-fn'),
    count: lambda.writes('count-fn'),
    greetConfig: lambda.calls('greet-fn').UpdateFunctionConfiguration,
    countConfig: lambda.calls('count-fn').UpdateFunctionConfiguration,
    greetCode: lambda.calls('greet-fn').UpdateFunctionCode,
    countCode: lambda.calls('count-fn').UpdateFunctionCode,
  }
}

describe('extensions as layers, through the bundled action on examples/workspace', () => {
  it(
    'dry run: publishes nothing, changes no function, and says what it would do',
    async () => {
      const r = await release({ 'dry-run': 'true' })
      expect(r.exitCode, explain(r)).toBe(0)
      expect(layersOutput(r).audit).toMatchObject({ layer: 'audit', result: 'dry-run' })
      expect(lambda.layer('audit')).toBeUndefined()
      expect(lambda.writes('layer:audit')).toBe(0)
      expect(lambda.calls('greet-fn').UpdateFunctionConfiguration).toBe(0)
      expect(layersOf('greet-fn')).toEqual([other.otel, other.secrets])
      expect(r.log).toMatch(/layer audit \(us-east-1\): would publish version 1 with audit/)
      expect(r.log).toMatch(
        /greet-fn: would change the configuration: layers: .*otel-collector:1, .*secrets-cache:1, audit:\(new version\)/,
      )
    },
    BUILD_MS,
  )

  it(
    'first run: one layer version, both functions updated and listing it after their own layers',
    async () => {
      const before = writes()
      const r = await release()
      expect(r.exitCode, explain(r)).toBe(0)
      expect(layersOutput(r).audit).toEqual({
        layer: 'audit',
        region: 'us-east-1',
        result: 'published',
        layerArn: `arn:aws:lambda:us-east-1:${lambda.account}:layer:audit`,
        layerVersionArn: audit(1),
        version: 1,
        codeSha256: lambda.layer('audit')?.versions[0]?.codeSha256,
      })
      expect(lambda.layer('audit')?.versions).toHaveLength(1)
      expect(lambda.layer('audit')?.versions[0]).toMatchObject({
        compatibleArchitectures: ['x86_64'],
        compatibleRuntimes: ['provided.al2023'],
      })
      const deployments = JSON.parse(r.outputs.deployments ?? '{}') as Record<
        string,
        { result: string; version: string }
      >
      expect(deployments['greet-fn']).toMatchObject({ result: 'updated', version: '1' })
      expect(deployments['count-fn']).toMatchObject({ result: 'updated', version: '1' })
      expect(layersOf('greet-fn')).toEqual([other.otel, other.secrets, audit(1)])
      expect(layersOf('count-fn')).toEqual([other.secrets, audit(1)])
      // The published version carries the code and the layer.
      expect(lambda.fn('greet-fn').versions[0]?.settings.layers).toContain(audit(1))
      const after = writes()
      expect([after.greetConfig, after.countConfig]).toEqual([1, 1])
      expect([after.greetCode - before.greetCode, after.countCode - before.countCode]).toEqual([
        1, 1,
      ])
      expect(r.summary).toContain('### Extension layers')
      expect(r.summary).toContain(`| \`audit\` | \`audit\` | ✅ published | 1 |`)
    },
    BUILD_MS,
  )

  it(
    'unchanged rerun: 0 layer publishes and 0 configuration writes (no write at all)',
    async () => {
      // Its own first run, on this test's fresh emulator: version 1, attached to both functions.
      const first = await release()
      expect(first.exitCode, explain(first)).toBe(0)
      expect(layersOutput(first).audit).toMatchObject({ result: 'published', version: 1 })
      expect(layersOf('count-fn')).toEqual([other.secrets, audit(1)])
      const before = writes()
      const r = await release()
      expect(r.exitCode, explain(r)).toBe(0)
      expect(layersOutput(r).audit).toMatchObject({ result: 'unchanged', version: 1 })
      expect(writes()).toEqual(before)
      expect(r.outputs['deploy-result']).toBe('unchanged')
    },
    BUILD_MS,
  )

  it(
    'changed extension: version 2, and each function moves from 1 to 2 with one configuration write',
    async () => {
      // Its own first run: the functions list version 1.
      const first = await release()
      expect(first.exitCode, explain(first)).toBe(0)
      expect(layersOf('greet-fn')).toEqual([other.otel, other.secrets, audit(1)])
      expect(layersOf('count-fn')).toEqual([other.secrets, audit(1)])
      const source = fs.readFileSync(auditMain(), 'utf8')
      expect(source).toContain('audit: invocation')
      fs.writeFileSync(auditMain(), source.replace('audit: invocation', 'audit v2: invocation'))
      const before = writes()
      let r: StepResult
      try {
        r = await release()
      } finally {
        // The other tests build the extension as the repository has it.
        fs.writeFileSync(auditMain(), source)
      }
      expect(r.exitCode, explain(r)).toBe(0)
      expect(layersOutput(r).audit).toMatchObject({ result: 'published', version: 2 })
      expect(lambda.layer('audit')?.versions).toHaveLength(2)
      expect(layersOf('greet-fn')).toEqual([other.otel, other.secrets, audit(2)])
      expect(layersOf('count-fn')).toEqual([other.secrets, audit(2)])
      const after = writes()
      expect(after.layer - before.layer).toBe(1)
      expect(after.greetConfig - before.greetConfig).toBe(1)
      expect(after.countConfig - before.countConfig).toBe(1)
      // The functions' code did not change: no code write, a new version for the new layer.
      expect(after.greetCode - before.greetCode).toBe(0)
      expect(after.countCode - before.countCode).toBe(0)
      expect(lambda.fn('greet-fn').aliases.get('live')?.functionVersion).toBe('2')
    },
    BUILD_MS,
  )

  it(
    'a sixth layer is refused before any write, naming the function',
    async () => {
      const five = [1, 2, 3, 4, 5].map((i) => lambda.addLayerVersion({ name: `full-${i}` }))
      lambda.addFunction({ name: 'full-fn', architecture: 'x86_64', settings: { layers: five } })
      const requests = lambda.requests.length
      // A new layer name: the refusal must come before its first version is published.
      const r = await release({ functions: 'greet=full-fn', 'layer-name': 'audit-six' })
      expect(r.exitCode).toBe(1)
      const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message)
      expect(errors.join('\n')).toContain(
        'full-fn: it would use 6 layers and Lambda allows 5 per function',
      )
      expect(lambda.layer('audit-six')).toBeUndefined()
      const calls = lambda.requests.slice(requests)
      expect(calls.filter((q) => q.method !== 'GET')).toEqual([])
      expect(layersOf('full-fn')).toEqual(five)
    },
    BUILD_MS,
  )
})

/**
 * The smallest program the real Zig links for `arch` (static, no libc: a second, no cache), in an
 * extension zip (`extensions/<bin>`) or a function zip (`bootstrap`).
 */
async function tinyZip(
  dir: string,
  kind: 'function' | 'extension',
  bin: string,
  arch: 'aarch64' | 'x86_64',
): Promise<string> {
  fs.mkdirSync(dir, { recursive: true })
  const source = path.join(dir, 'start.c')
  fs.writeFileSync(source, 'void _start(void) { for (;;) {} }\n')
  const exe = path.join(dir, `${bin}-${arch}`)
  execFileSync(
    localZig,
    ['cc', '-target', `${arch}-linux-musl`, '-nostdlib', '-static', '-o', exe, source],
    { env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: zigCache }, stdio: 'pipe', timeout: 120_000 },
  )
  const payload = fs.readFileSync(exe)
  if (kind === 'function') return (await makeZipArtifact(dir, bin, payload)).zipPath
  const zipPath = path.join(dir, `${bin}.zip`)
  fs.writeFileSync(zipPath, await zipBuffer({ 'extensions/': '', [`extensions/${bin}`]: payload }))
  return zipPath
}

describe('deploy-only (from-artifacts): an extension of the wrong architecture, refused before any write', () => {
  /** The main step with these zips, no tool, no mirror: the `artifacts` records as JSON. */
  async function deployOnly(records: Record<string, string>[]): Promise<StepResult> {
    const r = await runStep('main', {
      dirs: makeRunnerDirs(fs.mkdtempSync(path.join(root, 'deploy-only-'))),
      inputs: {
        'from-artifacts': JSON.stringify(records),
        functions: 'greet=greet-fn',
        'attach-layers': 'true',
        // The refusals come before any call; a smoke test would run the looping tiny binary.
        'smoke-test': 'false',
      },
      env: awsEnv(),
      timeoutMs: 120_000,
    })
    console.log(`layers deploy-only: exit ${r.exitCode} in ${(r.ms / 1000).toFixed(1)} s`)
    return r
  }
  const errorsOf = (r: StepResult): string =>
    r.annotations
      .filter((a) => a.level === 'error')
      .map((a) => a.message)
      .join('\n')

  it('an aarch64 extension declared x86_64: no layer published, no function written, both architectures named', async () => {
    const zips = path.join(root, 'wrong-arch')
    const greet = await tinyZip(zips, 'function', 'greet', 'x86_64')
    const audit = await tinyZip(zips, 'extension', 'audit', 'aarch64')
    const x86 = 'x86_64-unknown-linux-gnu.2.34'
    const greetBefore = lambda.fn('greet-fn').codeSha256
    const r = await deployOnly([
      { bin: 'greet', kind: 'function', architecture: 'x86_64', target: x86, zipPath: greet },
      { bin: 'audit', kind: 'extension', architecture: 'x86_64', target: x86, zipPath: audit },
    ])
    expect(r.exitCode, explain(r)).toBe(1)
    // One line names the extension, the architecture its ELF is built for and the declared one
    // (the package checks say it first; the layer checks would say it too).
    expect(errorsOf(r)).toMatch(/Extension 'audit': [^\n]*\b(aarch64|arm64)\b[^\n]*\bx86_64\b/)
    expect(lambda.layer('audit')).toBeUndefined()
    expect(lambda.writes()).toBe(0)
    expect(lambda.requests.filter((q) => q.method !== 'GET')).toEqual([])
    expect(lambda.fn('greet-fn').codeSha256).toBe(greetBefore)
    expect(layersOf('greet-fn')).toEqual([other.otel, other.secrets])
  })

  it('an arm64 extension attached to an x86_64 function: refused naming the layer, the function and both architectures', async () => {
    const zips = path.join(root, 'mixed-arch')
    const greet = await tinyZip(zips, 'function', 'greet', 'x86_64')
    const audit = await tinyZip(zips, 'extension', 'audit', 'aarch64')
    const r = await deployOnly([
      {
        bin: 'greet',
        kind: 'function',
        architecture: 'x86_64',
        target: 'x86_64-unknown-linux-gnu.2.34',
        zipPath: greet,
      },
      {
        bin: 'audit',
        kind: 'extension',
        architecture: 'arm64',
        target: 'aarch64-unknown-linux-gnu.2.34',
        zipPath: audit,
      },
    ])
    expect(r.exitCode, explain(r)).toBe(1)
    expect(errorsOf(r)).toContain(
      "audit: the layer 'audit' holds an arm64 extension, but function 'greet-fn' gets an x86_64 binary",
    )
    expect(lambda.layer('audit')).toBeUndefined()
    expect(lambda.writes()).toBe(0)
    expect(lambda.requests.filter((q) => q.method !== 'GET')).toEqual([])
    expect(layersOf('greet-fn')).toEqual([other.otel, other.secrets])
  })
})
