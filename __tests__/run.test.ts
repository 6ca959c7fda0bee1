/**
 * run.ts and run-post.ts: the post step and the end of main when the runner's command files misbehave: missing or
 * malformed saved state, and GITHUB_STATE / GITHUB_OUTPUT / GITHUB_STEP_SUMMARY that cannot be
 * written. The real @actions/core writes to temporary files (a folder where a file is expected
 * stands for an unwritable path: as root, permissions would not stop the write).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StateKey } from '../src/constants.js'
import { runPost } from '../src/run-post.js'
import { writeResults } from '../src/run.js'
import type { RunReport } from '../src/report/summary.js'
import { parseState } from '../src/state.js'
import { smokeFailure } from '../src/smoke/index.js'
import { parseCommandFile } from '../test/support/harness.js'
import type { Artifact, PostState, SmokeResults } from '../src/types.js'
import { readConfig } from '../src/config/index.js'

let dir: string
let log: string
const savedEnv = { ...process.env }

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-post-'))
  log = ''
  // What the step prints (workflow commands included), as the runner would read it.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    log += chunk.toString()
    return true
  })
  // core.summary keeps the first GITHUB_STEP_SUMMARY it sees for the life of the process (one step
  // on a runner); each test here is a step of its own.
  ;(core.summary as unknown as { _filePath?: string | undefined })._filePath = undefined
  for (const k of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', `STATE_${StateKey}`])
    delete process.env[k]
})
afterEach(() => {
  vi.restoreAllMocks()
  process.env = { ...savedEnv }
  process.exitCode = undefined
  fs.rmSync(dir, { recursive: true, force: true })
})

/** A command file the runner created (empty), or a folder in its place (unwritable). */
function commandFile(name: string, writable = true): string {
  const p = path.join(dir, name)
  if (writable) fs.writeFileSync(p, '')
  else fs.mkdirSync(p)
  return p
}

const warnings = (): string[] =>
  [...log.matchAll(/^::warning::(.*)$/gm)].map((m) => (m[1] as string).replace(/%0A/g, '\n'))
const errors = (): string[] => [...log.matchAll(/^::error::(.*)$/gm)].map((m) => m[1] as string)

describe('the post step', () => {
  it('with no saved state (main stopped before saving any) says there is nothing to save', async () => {
    await runPost()
    expect(log).toContain('Nothing to save: the main step left no cache to save.')
    expect(warnings()).toEqual([])
    expect(process.exitCode).toBeUndefined()
  })

  it('with state that is not JSON warns that nothing was saved, and does not fail the job', async () => {
    process.env[`STATE_${StateKey}`] = '{"cargoCache":{"key":"rust-lambda-act'
    await runPost()
    expect(warnings()).toEqual([
      `Saving the caches skipped: the saved state '${StateKey}' is not JSON (37 characters): was it written by another version of the action?. Nothing was saved; the next run starts cold.`,
    ])
    expect(errors()).toEqual([])
    expect(process.exitCode).toBeUndefined()
  })

  it('with JSON of the wrong shape names the field, instead of failing inside a cache save', async () => {
    process.env[`STATE_${StateKey}`] = JSON.stringify({
      cargoCache: { key: 'k', paths: 'target', hit: false },
    })
    await runPost()
    expect(warnings()).toEqual([
      expect.stringContaining(
        `Saving the caches skipped: the saved state '${StateKey}' is malformed: cargoCache.targetDir is not a string.`,
      ),
    ])
    expect(process.exitCode).toBeUndefined()
  })

  it('takes what main saves, and names what is wrong in what it cannot use', () => {
    const state: PostState = { tools: { entries: [{ key: 'k', paths: ['/t/zig'] }] } }
    expect(parseState(JSON.stringify(state))).toEqual(state)
    expect(parseState('')).toEqual({})
    expect(() => parseState('[]')).toThrow(/is malformed: is not an object/)
    expect(() => parseState('{"tools":{"entries":[{"key":1}]}}')).toThrow(
      /tools\.entries\[0\] has no key and paths/,
    )
  })
})

describe('the end of main, when a command file cannot be written', () => {
  const zip = path.join(os.tmpdir(), 'rla-post-none', 'bootstrap.zip')
  function report(inputs: Record<string, string> = {}): RunReport {
    const workspace = path.join(dir, 'workspace')
    fs.mkdirSync(workspace)
    fs.writeFileSync(path.join(workspace, 'Cargo.toml'), '[package]\nname = "hello"\n')
    const config = readConfig((name) => ({ cache: 'false', ...inputs })[name] ?? '', {
      GITHUB_WORKSPACE: workspace,
    })
    const artifact = {
      bin: 'hello',
      kind: 'function',
      architecture: 'arm64',
      zipPath: zip,
      codeSha256: 'c2hh',
    } as unknown as Artifact
    return { startedAt: Date.now(), config, artifacts: [artifact] }
  }
  const state: PostState = { tools: { entries: [{ key: 'k', paths: ['/t'] }] } }
  const outputs = (file: string) => parseCommandFile(fs.readFileSync(file, 'utf8'))

  it('GITHUB_STATE: warns that the post step will save no cache; outputs and summary still written', async () => {
    process.env.GITHUB_STATE = commandFile('state', false)
    const output = (process.env.GITHUB_OUTPUT = commandFile('output'))
    const summary = (process.env.GITHUB_STEP_SUMMARY = commandFile('summary'))
    await writeResults(report(), state)
    expect(warnings()).toEqual([
      expect.stringMatching(
        /^Could not save the state for the post step \(GITHUB_STATE\): Unexpected error: .*EISDIR.*\. The post step will save no cache\.$/,
      ),
    ])
    expect(errors()).toEqual([])
    expect(process.exitCode).toBeUndefined()
    expect(fs.readFileSync(output, 'utf8')).toContain(`zip-path<<`)
    expect(fs.readFileSync(output, 'utf8')).toContain(zip)
    expect(fs.readFileSync(summary, 'utf8')).toContain('## Rust Lambda: ')
  })

  it('GITHUB_OUTPUT: fails the step, naming the file; state and summary still written', async () => {
    const stateFile = (process.env.GITHUB_STATE = commandFile('state'))
    process.env.GITHUB_OUTPUT = commandFile('output', false)
    const summary = (process.env.GITHUB_STEP_SUMMARY = commandFile('summary'))
    await writeResults(report(), state)
    expect(errors()).toEqual([
      expect.stringMatching(
        /^Could not write the step's outputs \(GITHUB_OUTPUT\): Unexpected error: .*EISDIR.*\. Later steps would read none of them\.$/,
      ),
    ])
    expect(process.exitCode).toBe(1)
    expect(fs.readFileSync(stateFile, 'utf8')).toContain(`${StateKey}<<`)
    expect(fs.readFileSync(summary, 'utf8')).toContain('## Rust Lambda: ')
  })

  it('GITHUB_STEP_SUMMARY: warns; state and outputs still written, the step does not fail', async () => {
    const stateFile = (process.env.GITHUB_STATE = commandFile('state'))
    const output = (process.env.GITHUB_OUTPUT = commandFile('output'))
    process.env.GITHUB_STEP_SUMMARY = commandFile('summary', false)
    await writeResults(report(), state)
    expect(warnings()).toEqual([
      expect.stringMatching(/^Could not write the job summary \(GITHUB_STEP_SUMMARY\): /),
    ])
    expect(process.exitCode).toBeUndefined()
    expect(fs.readFileSync(stateFile, 'utf8')).toContain(`${StateKey}<<`)
    expect(fs.readFileSync(output, 'utf8')).toContain('code-sha256<<')
  })
  it('after a failed smoke test: smoke-result says why, deploy-result is skipped, nothing deployed', async () => {
    process.env.GITHUB_STATE = commandFile('state')
    const output = (process.env.GITHUB_OUTPUT = commandFile('output'))
    const summary = (process.env.GITHUB_STEP_SUMMARY = commandFile('summary'))
    // What run() holds when the smoke test stops it: the artifacts, the smoke results, the failure.
    const smoke: SmokeResults = {
      hello: {
        status: 'failed',
        reason: 'exited with code 101 before answering the event',
        ms: 40,
      },
    }
    const failed = {
      ...report({ 'function-name': 'hello-fn' }),
      smoke,
      failure: smokeFailure(smoke) ?? '',
    }
    await writeResults(failed, state)
    const out = outputs(output)
    expect(JSON.parse(out['smoke-result'] ?? '')).toEqual(smoke)
    expect(out['deploy-result']).toBe('skipped')
    for (const name of ['deployments', 'function-arn', 'version'])
      expect(out).not.toHaveProperty(name)
    // The zip stays listed (to look at), with the code hash of what failed.
    expect(out['zip-path']).toBe(zip)
    expect(JSON.parse(out.artifacts ?? '[]')).toHaveLength(1)
    expect(fs.readFileSync(summary, 'utf8')).toContain('exited with code 101')
  })
})
