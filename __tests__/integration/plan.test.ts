/**
 * `mode: plan` through the bundled action (dist/) and the runner harness, on a generated
 * workspace of 12 function crates (a shared library, an extension) in a real git repository:
 * the matrix output a workflow feeds to `strategy.matrix`, `changed-since` after a one-crate
 * edit, an empty plan, and a shallow clone. Nothing is compiled and no tool is installed.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeRunnerDirs, repoRoot, runStep, type RunnerDirs } from '../../test/support/harness.js'
import { commitAll, git, writeMonorepo, type Monorepo } from '../../test/support/monorepo.js'

interface Matrix {
  include: { shard: string; binaries: string }[]
}

let root: string
let dirs: RunnerDirs
let repo: Monorepo

beforeAll(() => {
  fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true })
  root = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'plan-'))
  dirs = makeRunnerDirs(path.join(root, 'runner'))
  repo = writeMonorepo(dirs.workspace)
  commitAll(repo.root, 'twelve functions')
})
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

const planStep = (inputs: Record<string, string>, workspace = dirs.workspace) =>
  runStep('main', {
    dirs: { ...dirs, workspace },
    inputs: { mode: 'plan', ...inputs },
    timeoutMs: 60_000,
  })

const binariesOf = (matrix: Matrix): string[] =>
  matrix.include.flatMap((l) => l.binaries.split(',')).sort()

describe('mode: plan through the runner', () => {
  it('sets the matrix of every binary, without installing a tool or touching a cache', async () => {
    const step = await planStep({ shards: '3' })
    expect(step.exitCode, step.log).toBe(0)
    const matrix = JSON.parse(step.outputs.matrix ?? '') as Matrix
    expect(matrix.include.map((l) => l.shard)).toEqual(['1/3', '2/3', '3/3'])
    expect(binariesOf(matrix)).toEqual(['audit', ...repo.functions].sort())
    expect(step.outputs['has-work']).toBe('true')
    expect(step.outputs['binary-count']).toBe('13')
    // No tool in the tool cache, no download, no build: one cargo metadata.
    expect(fs.readdirSync(dirs.toolCache)).toEqual([])
    expect(step.log).not.toMatch(/cargo lambda build|Downloaded|Restore/i)
    expect(step.summary).toContain('### Build plan')
    expect(step.summary).toContain('13 binaries to build on 3 legs')
    // A second plan of the same tree gives the same legs.
    expect((await planStep({ shards: '3' })).outputs.matrix).toBe(step.outputs.matrix)
  })

  it('changed-since after a one-crate edit: only the functions on that crate', async () => {
    const before = git(repo.root, 'rev-parse', 'HEAD')
    fs.appendFileSync(path.join(repo.root, 'crates/shared/src/lib.rs'), 'pub fn more() {}\n')
    commitAll(repo.root, 'edit shared')
    const step = await planStep({ 'changed-since': before })
    expect(step.exitCode, step.log).toBe(0)
    const matrix = JSON.parse(step.outputs.matrix ?? '') as Matrix
    expect(binariesOf(matrix)).toEqual([...repo.onShared].sort())
    // 6 functions: two legs of 3 with shards: auto.
    expect(matrix.include.map((l) => l.binaries.split(',').length)).toEqual([3, 3])
    expect(step.outputs['binary-count']).toBe('6')
    expect(step.outputs.binaries).toBe([...repo.onShared].sort().join(','))
    expect(step.summary).toContain('6 of 13 binaries to build on 2 legs')
  })

  it('nothing changed: an empty matrix and has-work false', async () => {
    const step = await planStep({ 'changed-since': 'HEAD' })
    expect(step.exitCode, step.log).toBe(0)
    expect(step.outputs).toMatchObject({
      matrix: '{"include":[]}',
      'has-work': 'false',
      'binary-count': '0',
    })
  })

  it('a shallow clone without the ref fails, naming changed-since and fetch-depth: 0', async () => {
    const shallow = path.join(root, 'shallow')
    git(root, 'clone', '-q', '--depth', '1', `file://${repo.root}`, shallow)
    const step = await planStep({ 'changed-since': 'HEAD~1' }, shallow)
    expect(step.exitCode).toBe(1)
    const errors = step.annotations.filter((a) => a.level === 'error')
    expect(errors.map((e) => e.message).join('\n')).toMatch(
      /Input 'changed-since' is 'HEAD~1': .*fetch-depth: 0/,
    )
    expect(step.outputs.matrix).toBeUndefined()
  })
})
