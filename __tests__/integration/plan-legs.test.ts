/**
 * The monorepo workflow end to end through the bundled action, on the workspace example (two
 * `lambda_runtime` functions on a shared crate, and an extension), with the real cargo-lambda and
 * Zig: `mode: plan` with `shards: 2`, one build per matrix leg (`binaries: <the leg's value>`),
 * then a one-runner build of everything, then a deploy-only run on the legs' zips gathered as
 * actions/download-artifact lays them out (`pattern:` without merge-multiple).
 *
 * The legs together must build exactly the binaries of the one-runner build, with byte-identical
 * zips. All runs use one workspace path (the path of a workspace crate is part of what rustc
 * hashes) and the shared runner's target folder of the example, one build at a time.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyProject, repoRoot, runStep, type StepResult } from '../../test/support/harness.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { prepareReleases, type PreparedReleases } from '../../test/support/releases.js'
import {
  BUILD_TIMEOUT_MS,
  prepareSharedRunner,
  runSharedBuild,
  sharedRunnerDirs,
} from '../../test/support/shared-runner.js'
import type { Artifact } from '../../src/types.js'

const example = path.join(repoRoot, 'examples', 'workspace')
const X86_64 = { architecture: 'x86_64', 'rust-toolchain': 'stable' }
const ARTIFACT_NAME = 'lambda-{bin}-{arch}'

let root: string
let releases: PreparedReleases
let mirror: Mirror
let lambda: LambdaEmulator
let dirs: ReturnType<typeof sharedRunnerDirs>

beforeAll(async () => {
  fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true })
  root = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'plan-legs-'))
  releases = await prepareReleases(path.join(root, 'mirror'))
  mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 60 * 60_000 })
  lambda = await startLambdaEmulator({ updateMs: 50, lifetimeMs: 60 * 60_000 })
  for (const name of ['fn-greet', 'fn-count']) lambda.addFunction({ name, architecture: 'x86_64' })
  await prepareSharedRunner(releases.inputs(mirror.url))
  dirs = sharedRunnerDirs(path.join(root, 'runner'))
  copyProject(example, dirs.workspace)
}, BUILD_TIMEOUT_MS)
afterAll(async () => {
  await lambda?.close()
  await mirror?.close()
  if (root) fs.rmSync(root, { recursive: true, force: true })
})

/** A build on the shared runner; its zips are copied out (the next run replaces them). */
async function build(
  inputs: Record<string, string>,
  label: string,
): Promise<{ step: StepResult; zips: Map<string, { sha256: string; kind: string; zip: string }> }> {
  const step = await runSharedBuild(example, {
    inputs: {
      ...releases.inputs(mirror.url),
      ...X86_64,
      cache: 'false',
      'smoke-test': 'false',
      'upload-artifact': 'false',
      ...inputs,
    },
    dirs,
    timeoutMs: BUILD_TIMEOUT_MS - 30_000,
  })
  console.log(`${label}: exit ${step.exitCode} in ${(step.ms / 1000).toFixed(1)} s`)
  expect(step.exitCode, step.log.slice(-4000)).toBe(0)
  const zips = new Map<string, { sha256: string; kind: string; zip: string }>()
  for (const a of JSON.parse(step.outputs.artifacts ?? '[]') as Artifact[]) {
    // As actions/download-artifact lays out the artifact `lambda-<bin>-<arch>`.
    const folder = path.join(root, label, `lambda-${a.bin}-${a.architecture}`)
    fs.mkdirSync(folder, { recursive: true })
    const zip = path.join(folder, path.basename(a.zipPath))
    fs.copyFileSync(a.zipPath, zip)
    zips.set(a.bin, { sha256: a.sha256, kind: a.kind, zip })
  }
  return { step, zips }
}

describe('plan -> two build legs -> gather -> deploy, against one runner', () => {
  let legs: { shard: string; binaries: string }[]
  let planned: string
  const legZips = new Map<string, { sha256: string; kind: string; zip: string }>()
  let whole: Map<string, { sha256: string; kind: string; zip: string }>

  beforeAll(async () => {
    const plan = await runStep('main', {
      dirs,
      inputs: { mode: 'plan', shards: '2' },
      timeoutMs: 60_000,
    })
    expect(plan.exitCode, plan.log).toBe(0)
    legs = (JSON.parse(plan.outputs.matrix ?? '') as { include: typeof legs }).include
    planned = plan.outputs.binaries ?? ''
    for (const leg of legs) {
      const { zips } = await build(
        { binaries: leg.binaries },
        `leg-${leg.shard.replace('/', 'of')}`,
      )
      for (const [bin, z] of zips) {
        // The gathered folder: every leg's artifacts side by side.
        const gathered = path.join(root, 'gathered', path.basename(path.dirname(z.zip)))
        fs.mkdirSync(gathered, { recursive: true })
        fs.copyFileSync(z.zip, path.join(gathered, path.basename(z.zip)))
        legZips.set(bin, z)
      }
    }
    whole = (await build({}, 'one-runner')).zips
  }, 3 * BUILD_TIMEOUT_MS)

  it('plans two legs holding the three binaries', () => {
    expect(legs.map((l) => l.shard)).toEqual(['1/2', '2/2'])
    expect(planned).toBe('audit,count,greet')
    expect(
      legs
        .flatMap((l) => l.binaries.split(','))
        .sort()
        .join(','),
    ).toBe(planned)
  })

  it('the legs build exactly the binaries of one runner, with byte-identical zips', () => {
    expect([...legZips.keys()].sort()).toEqual([...whole.keys()].sort())
    for (const [bin, z] of whole) {
      expect(legZips.get(bin)?.kind, bin).toBe(z.kind)
      expect(legZips.get(bin)?.sha256, bin).toBe(z.sha256)
      expect(fs.readFileSync(legZips.get(bin)?.zip as string).equals(fs.readFileSync(z.zip))).toBe(
        true,
      )
    }
  })

  it('one deploy-only run takes every leg zip and deploys the planned functions', async () => {
    const step = await runStep('main', {
      dirs,
      inputs: {
        'from-artifacts': path.join(root, 'gathered'),
        'artifact-name': ARTIFACT_NAME,
        binaries: planned,
        architecture: 'x86_64',
        'smoke-test': 'false',
        // One table for every run: a line for a binary this plan left out is skipped.
        functions: 'greet=fn-greet\ncount=fn-count\nreport=fn-report',
      },
      env: {
        AWS_ENDPOINT_URL_LAMBDA: lambda.url,
        AWS_ACCESS_KEY_ID: 'AKIAINTEGRATIONTEST',
        AWS_SECRET_ACCESS_KEY: 'integration-secret',
        AWS_REGION: lambda.region,
        AWS_CONFIG_FILE: path.join(root, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        RLA_RETRY_BASE_MS: '5',
      },
      timeoutMs: 120_000,
    })
    expect(step.exitCode, step.log.slice(-4000)).toBe(0)
    // No tool, no cargo: only the zips.
    expect(step.log).not.toMatch(/cargo lambda build/)
    const deployments = JSON.parse(step.outputs.deployments ?? '{}') as Record<
      string,
      { result: string; codeSha256: string }
    >
    expect(Object.keys(deployments).sort()).toEqual(['fn-count', 'fn-greet'])
    for (const [bin, fn] of [
      ['greet', 'fn-greet'],
      ['count', 'fn-count'],
    ] as const) {
      expect(deployments[fn]?.result).toBe('updated')
      const hex = legZips.get(bin)?.sha256 as string
      expect(deployments[fn]?.codeSha256).toBe(Buffer.from(hex, 'hex').toString('base64'))
      expect(lambda.fn(fn).codeSha256).toBe(deployments[fn]?.codeSha256)
    }
    expect(step.log).toContain("report is not among 'binaries': not deployed by this run")
    // The extension of the plan went out as a layer.
    expect(lambda.layer('audit')).toBeDefined()
  })
})
