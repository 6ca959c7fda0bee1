/**
 * Real processes: the fixture functions built with real cargo (x86_64 natively, arm64 linked by
 * zig and run under qemu-aarch64-static), zipped as shipped, invoked through the real Runtime API.
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Architecture } from '../../src/types.js'
import { unzip } from '../../src/package/unzip.js'
import { invoke, lambdaEnvironment } from '../../src/smoke/invoke.js'
import { checkBinary } from '../../src/smoke/preflight.js'
import { parseElfHeader } from '../../src/package/elf.js'
import { chooseWay, probeRunner, type Way } from '../../src/smoke/runner.js'
import { repoRoot } from '../../test/support/harness.js'
import {
  buildSmokeFixtures,
  patchBinary,
  processesMentioning,
  zipArtifact,
  type SmokeFixtureBin,
} from '../../test/support/smoke-fixtures.js'
import { BUILD_TIMEOUT_MS } from '../../test/support/shared-runner.js'

const bins: Record<Architecture, string> = { arm64: '', x86_64: '' }
const ways: Partial<Record<Architecture, Way>> = {}
const work = path.join(repoRoot, '.tmp', 'smoke-tests', `invoke-${process.pid}`)

beforeAll(async () => {
  fs.rmSync(work, { recursive: true, force: true })
  fs.mkdirSync(work, { recursive: true })
  ;[bins.x86_64, bins.arm64] = await Promise.all([
    buildSmokeFixtures('x86_64'),
    buildSmokeFixtures('arm64'),
  ])
  const facts = await probeRunner()
  for (const arch of ['arm64', 'x86_64'] as const) {
    const d = chooseWay(arch, facts)
    if (d.way) ways[arch] = d.way
  }
}, BUILD_TIMEOUT_MS) // the fixtures' cold build (real crates) when no earlier file did it
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

let n = 0
async function smoke(
  arch: Architecture,
  binary: string,
  options: { timeoutMs?: number; event?: string; mode?: number; as?: Architecture } = {},
) {
  const dir = path.join(work, `case-${++n}`)
  fs.mkdirSync(dir, { recursive: true })
  const functionArch = options.as ?? arch
  const artifact = await zipArtifact(
    binary,
    path.join(dir, 'fn.zip'),
    { bin: 'fn', architecture: functionArch },
    options.mode !== undefined ? { mode: options.mode } : {},
  )
  const way = ways[functionArch]
  if (!way) throw new Error(`this machine cannot run ${functionArch}`)
  return invoke({
    zipPath: artifact.zipPath,
    architecture: functionArch,
    way,
    functionName: 'my-function',
    region: 'eu-west-1',
    event: options.event ?? '{"name":"ferris"}',
    timeoutMs: options.timeoutMs ?? 10_000,
    tempDir: dir,
  })
}

const fixture = (arch: Architecture, bin: SmokeFixtureBin): string => path.join(bins[arch], bin)

describe('invoke', () => {
  it('runs the arm64 function under qemu and returns its response', async () => {
    expect(ways.arm64).toMatchObject({ kind: 'qemu' })
    const r = await smoke('arm64', fixture('arm64', 'echo'))
    expect(r).toMatchObject({
      status: 'passed',
      response: '{"function":"my-function","echo":{"name":"ferris"}}',
    })
    if (r.status !== 'passed') return
    expect(r.startupMs).toBeGreaterThan(0)
    expect(r.startupMs).toBeLessThanOrEqual(r.ms)
  })

  it('runs the x86_64 function natively', async () => {
    const r = await smoke('x86_64', fixture('x86_64', 'echo'), { event: '[1,2,3]' })
    expect(r).toMatchObject({
      status: 'passed',
      response: '{"function":"my-function","echo":[1,2,3]}',
    })
  })

  it.each(['arm64', 'x86_64'] as const)(
    '%s: a panic at start fails with the exit code and the panic message',
    async (arch) => {
      const r = await smoke(arch, fixture(arch, 'panic-at-start'))
      expect(r.status).toBe('failed')
      expect(r.status === 'failed' && r.reason).toMatch(
        /^exited with code 101 before answering the event: thread 'main' .*panicked at src\/bin\/panic-at-start\.rs:\d+:\d+:\nDATABASE_URL must be set: NotPresent$/,
      )
    },
  )

  it('an invocation error is quoted with its errorType and errorMessage', async () => {
    const r = await smoke('arm64', fixture('arm64', 'invocation-error'))
    expect(r).toMatchObject({
      status: 'failed',
      reason: 'invocation error: ValidationError: field `name` is required',
    })
  })

  it('an init error is quoted', async () => {
    const r = await smoke('x86_64', fixture('x86_64', 'init-error'))
    expect(r).toMatchObject({
      status: 'failed',
      reason: 'init error: Runtime.InitError: could not load the model: file not found',
    })
  })

  it.each(['arm64', 'x86_64'] as const)(
    '%s: a function that never answers times out and is killed (with its qemu)',
    async (arch) => {
      const r = await smoke(arch, fixture(arch, 'never-answers'), { timeoutMs: 1500 })
      expect(r.status).toBe('failed')
      expect(r.status === 'failed' && r.reason).toMatch(
        /^timed out: took the event after \d+ ms but did not answer within 1\.5 s \(smoke-timeout\)$/,
      )
      expect(processesMentioning(work)).toEqual([])
    },
  )

  it('kills a hung bootstrap and its qemu when the action itself exits mid-test', async () => {
    const dir = path.join(work, 'exit-mid-test')
    const artifact = await zipArtifact(
      fixture('arm64', 'never-answers'),
      path.join(dir, 'fn.zip'),
      {
        bin: 'fn',
        architecture: 'arm64',
      },
    )
    const script = path.join(dir, 'exit.ts')
    fs.writeFileSync(
      script,
      [
        `import { invoke } from ${JSON.stringify(path.join(repoRoot, 'src/smoke/invoke.ts'))}`,
        `setTimeout(() => process.exit(3), 1500)`,
        `await invoke(${JSON.stringify({
          zipPath: artifact.zipPath,
          architecture: 'arm64',
          way: ways.arm64,
          functionName: 'f',
          region: 'us-east-1',
          event: '{}',
          timeoutMs: 60_000,
          tempDir: dir,
        })})`,
      ].join('\n'),
    )
    const viteNode = path.join(repoRoot, 'node_modules', '.bin', 'vite-node')
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(viteNode, [script], { stdio: 'ignore' })
      child.on('exit', (c) => resolve(c))
    })
    expect(code).toBe(3)
    expect(processesMentioning(dir)).toEqual([])
  })

  it('an x86_64 binary shipped as an arm64 function fails with exec format error', async () => {
    const r = await smoke('x86_64', fixture('x86_64', 'echo'), { as: 'arm64' })
    expect(r).toMatchObject({
      status: 'failed',
      reason:
        "could not start: exec format error: bootstrap is a x86-64 binary, but the function's architecture is arm64 (Lambda reports Runtime.InvalidEntrypoint)",
    })
  })

  it.each(['arm64', 'x86_64'] as const)(
    '%s: a binary needing a glibc the system lacks fails with GLIBC_2.99 not found',
    async (arch) => {
      const patched = patchBinary(
        fixture(arch, 'echo'),
        path.join(work, `glibc-${arch}`),
        'GLIBC_2.34',
        'GLIBC_2.99',
      )
      const r = await smoke(arch, patched)
      expect(r.status).toBe('failed')
      expect(r.status === 'failed' && r.reason).toMatch(/^could not start: GLIBC_2\.99 not found: /)
    },
  )

  it('x86_64: a binary whose interpreter is missing cannot start, and says which', async () => {
    const patched = patchBinary(
      fixture('x86_64', 'echo'),
      path.join(work, 'interp-x86_64'),
      '/lib64/ld-linux-x86-64.so.2',
      '/lib64/ld-missing-x86-64.so',
    )
    const r = await smoke('x86_64', patched)
    expect(r).toMatchObject({
      status: 'failed',
      reason: 'could not start: its interpreter /lib64/ld-missing-x86-64.so is missing',
    })
  })

  it('arm64: a binary whose interpreter is missing cannot start, and says which', async () => {
    const patched = patchBinary(
      fixture('arm64', 'echo'),
      path.join(work, 'interp-arm64'),
      '/lib/ld-linux-aarch64.so.1',
      '/lib/ld-missing-aarch64.so',
    )
    const r = await smoke('arm64', patched)
    expect(r).toMatchObject({
      status: 'failed',
      reason:
        'could not start: its interpreter /lib/ld-missing-aarch64.so is missing (Lambda has /lib/ld-linux-aarch64.so.1)',
    })
  })

  it('a bootstrap without the executable bit cannot start', async () => {
    const r = await smoke('x86_64', fixture('x86_64', 'echo'), { mode: 0o644 })
    expect(r).toMatchObject({
      status: 'failed',
      reason: 'could not start: bootstrap is not executable (Lambda needs mode 0755 in the zip)',
    })
  })

  it('a zip without bootstrap at its root fails before anything runs', async () => {
    const dir = path.join(work, 'no-bootstrap')
    const artifact = await zipArtifact(
      fixture('x86_64', 'echo'),
      path.join(dir, 'fn.zip'),
      { bin: 'fn', architecture: 'x86_64' },
      { name: 'app/bootstrap' },
    )
    const r = await invoke({
      zipPath: artifact.zipPath,
      architecture: 'x86_64',
      way: { kind: 'native' },
      functionName: 'f',
      region: 'us-east-1',
      event: '{}',
      timeoutMs: 5000,
      tempDir: dir,
    })
    expect(r.status).toBe('failed')
    expect(r.status === 'failed' && r.reason).toBe(
      'could not start: the zip has no bootstrap at its root (Lambda reports Runtime.InvalidEntrypoint)',
    )
  })
})

describe('unzip', () => {
  it('keeps the unix mode of each entry and leaves nothing outside the destination', async () => {
    const dir = path.join(work, 'unzip')
    const artifact = await zipArtifact(fixture('x86_64', 'echo'), path.join(dir, 'fn.zip'), {
      bin: 'fn',
      architecture: 'x86_64',
    })
    await unzip(artifact.zipPath, path.join(dir, 'out'))
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['bootstrap'])
    expect(fs.statSync(path.join(dir, 'out', 'bootstrap')).mode & 0o777).toBe(0o755)
  })
})

describe('checkBinary', () => {
  const arm = parseElfHeader(fs.readFileSync(process.execPath).subarray(0, 0)) // not an ELF
  const elf = {
    machine: 'arm64',
    machineName: 'ARM aarch64',
    interpreter: '/lib/ld-linux-aarch64.so.1',
  }
  const qemu: Way = { kind: 'qemu', command: '/usr/bin/qemu-aarch64-static' }

  it('lets a non-ELF bootstrap (a script) through to the kernel', () => {
    expect(checkBinary(arm, 'arm64', qemu, () => false)).toEqual({ kind: 'ok' })
  })

  it('calls a runner without the standard arm64 loader unable to run it (not the binary’s fault)', () => {
    const r = checkBinary(elf, 'arm64', qemu, () => false)
    expect(r.kind).toBe('unrunnable')
    expect(r.kind === 'unrunnable' && r.reason).toMatch(
      /^the arm64 loader \/lib\/ld-linux-aarch64\.so\.1 is not installed on this runner/,
    )
    expect(checkBinary(elf, 'arm64', qemu, () => true)).toEqual({ kind: 'ok' })
  })

  it('runs natively without looking for the loader (the kernel reports it)', () => {
    expect(checkBinary(elf, 'arm64', { kind: 'native' }, () => false)).toEqual({ kind: 'ok' })
  })
})

describe('lambdaEnvironment', () => {
  it('is the environment Lambda gives a custom runtime, and nothing of the runner', () => {
    const env = lambdaEnvironment(
      { functionName: 'api', region: 'eu-west-1' },
      '127.0.0.1:9001',
      '/t/task',
      '/t/runtime',
    )
    expect(env).toMatchObject({
      AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
      AWS_LAMBDA_FUNCTION_NAME: 'api',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_REGION: 'eu-west-1',
      _HANDLER: 'bootstrap',
      LAMBDA_TASK_ROOT: '/t/task',
      LAMBDA_RUNTIME_DIR: '/t/runtime',
    })
    expect(Object.keys(env).some((k) => /TOKEN|SECRET|ACCESS_KEY|^GITHUB_|^QEMU/.test(k))).toBe(
      false,
    )
  })
})
