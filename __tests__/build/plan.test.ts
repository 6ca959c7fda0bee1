/**
 * `mode: plan` on a generated workspace (12 function crates, a `shared` library on a `base`
 * library, an extension), with the real `cargo metadata` and the real git in a temporary
 * repository. Nothing is compiled.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matrixOf, planMatrix, type PlanResult } from '../../src/build/plan.js'
import type { BinaryPlan } from '../../src/build/metadata.js'
import { readConfig } from '../../src/config/index.js'
import { Inputs } from '../../src/constants.js'
import { InputError } from '../../src/errors.js'
import { planOutputs, renderPlan } from '../../src/report/plan.js'
import { commitAll, git, writeMonorepo, type Monorepo } from '../../test/support/monorepo.js'

type InputName = (typeof Inputs)[keyof typeof Inputs]

let tmp: string
let repo: Monorepo
let first: string

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rla-plan-')))
  repo = writeMonorepo(path.join(tmp, 'repo'))
  first = commitAll(repo.root, 'twelve functions')
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function plan(inputs: Partial<Record<InputName, string>>, root = repo.root): Promise<PlanResult> {
  const config = readConfig((name) => ({ mode: 'plan', ...inputs })[name as InputName] ?? '', {
    GITHUB_WORKSPACE: root,
  })
  if (config.plan === undefined) throw new Error('not a plan')
  return planMatrix(config, config.plan)
}

const built = (p: PlanResult): string[] =>
  p.legs
    .flat()
    .map((b) => b.bin)
    .sort()

/** Commits an edit of `file` (relative to the repository) and plans since the commit before. */
async function afterEdit(file: string, text = '// edited\n'): Promise<PlanResult> {
  const before = git(repo.root, 'rev-parse', 'HEAD')
  const abs = path.join(repo.root, file)
  fs.mkdirSync(path.dirname(abs), { recursive: true })
  fs.appendFileSync(abs, text)
  commitAll(repo.root, `edit ${file}`)
  return plan({ 'changed-since': before })
}

describe('mode: plan without changed-since', () => {
  it('plans every function and the extension, on auto legs (13 binaries: 4 legs)', async () => {
    const p = await plan({})
    expect(built(p)).toEqual(['audit', ...repo.functions].sort())
    expect(p.legs).toHaveLength(4)
    expect(p.legs.flat().find((b) => b.bin === 'audit')?.kind).toBe('extension')
    const out = planOutputs(p)
    const matrix = JSON.parse(out.matrix as string) as {
      include: { shard: string; binaries: string }[]
    }
    expect(matrix.include.map((l) => l.shard)).toEqual(['1/4', '2/4', '3/4', '4/4'])
    // Each leg's value is what the `binaries` input takes.
    expect(
      matrix.include
        .flatMap((l) => l.binaries.split(','))
        .sort()
        .join(','),
    ).toBe(built(p).join(','))
    expect(out['has-work']).toBe('true')
    expect(out['binary-count']).toBe('13')
  })

  it('honours shards and the binaries input, and keeps each binary on its leg across runs', async () => {
    const three = await plan({ shards: '3' })
    expect(three.legs.map((l) => l.length).sort()).toEqual([4, 4, 5])
    expect(matrixOf(await plan({ shards: '3' }))).toEqual(matrixOf(three))
    const some = await plan({ shards: '8', binaries: 'fn-01, fn-02' })
    expect(matrixOf(some).include).toHaveLength(2)
  })
})

describe('mode: plan with changed-since (real git)', () => {
  it('an edit of one function plans only that function', async () => {
    const p = await afterEdit('functions/fn-12/src/main.rs')
    expect(built(p)).toEqual(['fn-12'])
    expect(p.total).toBe(13)
    expect(p.changes?.files).toBe(1)
    expect(renderPlan(p)).toContain('1 of 13 binary to build on 1 leg')
  })

  it('an edit of a library plans its dependents, transitively, and no dev-dependent', async () => {
    const shared = await afterEdit('crates/shared/src/lib.rs')
    expect(built(shared)).toEqual([...repo.onShared].sort())
    const base = await afterEdit('crates/base/src/lib.rs')
    expect(built(base)).toEqual([...repo.onShared, ...repo.onBase].sort())
    expect(base.legs).toHaveLength(3)
  })

  it('a change outside every crate plans nothing: an empty matrix and has-work false', async () => {
    const p = await afterEdit('README.md', '# monorepo\n')
    expect(built(p)).toEqual([])
    expect(planOutputs(p)).toEqual({
      matrix: '{"include":[]}',
      binaries: '',
      'has-work': 'false',
      'binary-count': '0',
    })
    expect(renderPlan(p)).toContain('Nothing to build')
  })

  it.each([
    ['Cargo.lock', '# lock\n'],
    ['rust-toolchain.toml', '[toolchain]\nchannel = "stable"\n'],
    ['.cargo/config.toml', '[build]\n'],
    ['Cargo.toml', '\n'],
  ])('a change to %s plans every binary', async (file, text) => {
    const p = await afterEdit(file, text)
    expect(built(p)).toEqual(['audit', ...repo.functions].sort())
    expect(p.changes?.all).toMatch(/changed/)
  })

  it('a ref of forty zeros (the first push of a branch) plans every binary', async () => {
    const p = await plan({ 'changed-since': '0'.repeat(40) })
    expect(built(p)).toHaveLength(13)
  })

  it('counts changes from the merge base (ref...HEAD): a commit on the base branch is not this change', async () => {
    git(repo.root, 'checkout', '-q', '-b', 'feature')
    fs.appendFileSync(path.join(repo.root, 'functions/fn-03/src/main.rs'), '// feature\n')
    commitAll(repo.root, 'feature edit')
    git(repo.root, 'checkout', '-q', 'main')
    fs.appendFileSync(path.join(repo.root, 'functions/fn-04/src/main.rs'), '// main moved on\n')
    commitAll(repo.root, 'main edit')
    git(repo.root, 'checkout', '-q', 'feature')
    try {
      expect(built(await plan({ 'changed-since': 'main' }))).toEqual(['fn-03'])
    } finally {
      git(repo.root, 'checkout', '-q', 'main')
    }
  })

  it('a shallow clone without the ref fails naming the input and fetch-depth: 0', async () => {
    const shallow = path.join(tmp, 'shallow')
    git(tmp, 'clone', '-q', '--depth', '1', `file://${repo.root}`, shallow)
    const error = await plan({ 'changed-since': first }, shallow).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toMatch(
      /^Input 'changed-since' is '[0-9a-f]{40}': .*fetch-depth: 0/,
    )
  })

  it('refuses changed-since in build mode, and a shard count out of range', () => {
    const read = (inputs: Partial<Record<InputName, string>>) => () =>
      readConfig((name) => inputs[name as InputName] ?? '', { GITHUB_WORKSPACE: repo.root })
    expect(read({ 'changed-since': 'main' })).toThrow(/'changed-since'.*only with 'mode: plan'/)
    expect(read({ mode: 'plan', shards: '257' })).toThrow(
      /'shards' is '257'.*auto or a number of legs from 1 to 256/,
    )
    expect(read({ mode: 'plan', shards: '0' })).toThrow(InputError)
    expect(read({ mode: 'deploy' })).toThrow(/'mode' is 'deploy': expected one of build, plan/)
    expect(read({}).call(null).plan).toBeUndefined()
  })
})

describe('the matrix output stays far below the 1 MB job-output limit', () => {
  it('5,000 functions with 60-character names on 256 legs: names only, under 400 KB', () => {
    const binaries: BinaryPlan[] = Array.from({ length: 5000 }, (_, i) => ({
      bin: `service-${String(i).padStart(4, '0')}-${'x'.repeat(47)}`,
      package: `pkg-${i}`,
      packageSpec: `pkg-${i}`,
      kind: 'function',
    }))
    const legs: BinaryPlan[][] = Array.from({ length: 256 }, (_, k) =>
      binaries.filter((_, i) => i % 256 === k),
    )
    const out = planOutputs({ total: 5000, legs, changes: undefined, ms: 0 })
    const size = Buffer.byteLength(out.matrix as string)
    expect(size).toBeGreaterThan(5000 * 60)
    expect(size).toBeLessThan(400_000)
    expect(out.matrix).not.toContain('pkg-')
  })
})
