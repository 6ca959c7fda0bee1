import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import { createRequire } from 'node:module'
import * as path from 'node:path'
import { parse, parseDocument } from 'yaml'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../test/support/harness.js'

describe('README', () => {
  it('has the input and output tables of action.yml (regenerate with `npm run readme`)', () => {
    expect(() =>
      execFileSync(
        process.execPath,
        [path.join(repoRoot, 'scripts', 'readme-tables.mjs'), '--check'],
        {
          stdio: 'pipe',
        },
      ),
    ).not.toThrow()
  })

  it('names the two set-up commands at the top, and .ci/run runs the test one', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
    const top = readme.slice(0, 600)
    expect(top).toContain('npm run demo')
    expect(top).toContain('npm test')
    expect(fs.readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m)
  })
})

/** The README's complete workflows (a ```yaml block with `on:` and `jobs:`), parsed and linted. */
describe('README workflows', () => {
  const require = createRequire(import.meta.url)
  // As in workflows.test.ts: actionlint 1.7.7's WebAssembly build, loaded by its CommonJS path.
  const { runLint } = require(
    path.join(repoRoot, 'node_modules', '@tktco', 'node-actionlint', 'build', 'run-lint.js'),
  ) as {
    runLint: (
      text: string,
      file: string,
    ) => Promise<{ message: string; line: number; column: number; kind: string }[]>
  }
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string)
  const workflows = blocks.filter((b) => /^on:/m.test(b) && /^jobs:/m.test(b))

  interface Step {
    uses?: string
    run?: string
    with?: Record<string, unknown>
  }
  interface Job {
    needs?: string | string[]
    environment?: string
    steps: Step[]
    strategy?: { matrix?: unknown }
  }
  const named = (name: string): { text: string; jobs: Record<string, Job> } => {
    const text = workflows.find((w) => new RegExp(`^name: ${name}$`, 'm').test(w))
    expect(text, `README workflow '${name}'`).toBeDefined()
    return {
      text: text as string,
      jobs: (parse(text as string) as { jobs: Record<string, Job> }).jobs,
    }
  }
  const isThisAction = (s: Step): boolean => s.uses?.startsWith('rust-lambda-action/') === true

  it.each(workflows.map((w) => [/^name: (.*)$/m.exec(w)?.[1] ?? w.slice(0, 40), w]))(
    '%s is valid workflow YAML (actionlint)',
    async (name, text) => {
      const findings = await runLint(text, `${name}.yml`)
      expect(findings.map((f) => `${f.line}:${f.column} ${f.message} [${f.kind}]`)).toEqual([])
    },
  )

  it('staging -> production: one build, then two deploy-only jobs, production after approval', () => {
    const { jobs } = named('Release')
    expect(Object.keys(jobs)).toEqual(['build', 'staging', 'production'])
    expect(jobs.build?.steps.some(isThisAction)).toBe(true)
    expect(jobs.production?.needs).toContain('staging')
    expect(jobs.production?.environment).toBe('production')
    for (const job of [jobs.staging, jobs.production]) {
      const deploys = job?.steps.filter(isThisAction) ?? []
      expect(deploys).toHaveLength(1)
      expect(deploys[0]?.with?.['from-artifacts']).toBe('zips')
      expect(deploys[0]?.with?.['function-name']).toBeDefined()
      // The same bytes as the build: the deploy's code-sha256 against the build's.
      expect(
        job?.steps.some((s) => /needs\.build\.outputs\.code-sha256/.test(JSON.stringify(s))),
      ).toBe(true)
      expect(job?.steps.some((s) => /aws lambda/.test(s.run ?? ''))).toBe(false)
    }
  })

  it('architecture matrix: one build leg per architecture, then a deploy job with this action only', () => {
    const { jobs } = named('Lambda')
    expect(jobs.build?.strategy?.matrix).toBeDefined()
    const deploy = jobs.deploy
    expect(deploy?.needs).toBe('build')
    expect(deploy?.steps.some((s) => s.run !== undefined)).toBe(false)
    const ours = deploy?.steps.filter(isThisAction) ?? []
    expect(ours.map((s) => s.with?.['from-artifacts'])).toEqual([
      'zips/api-arm64',
      'zips/api-x86_64',
    ])
  })

  it('monorepo: plan -> matrix legs -> one deploy-only job, with this action and actions/* only', () => {
    const { jobs } = named('Monorepo')
    expect(Object.keys(jobs)).toEqual(['plan', 'build', 'deploy'])
    const all = Object.values(jobs).flatMap((j) => j.steps)
    for (const s of all.filter((s) => s.uses !== undefined)) {
      expect(s.uses).toMatch(/^(rust-lambda-action\/rust-lambda-action|actions\/[\w-]+)@/)
    }
    const plan = jobs.plan?.steps ?? []
    expect(plan.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0)
    expect(plan.find(isThisAction)?.with).toMatchObject({ mode: 'plan' })
    expect(plan.find(isThisAction)?.with?.['changed-since']).toBeDefined()
    const build = jobs.build as Job & { if?: string }
    expect(build.if).toMatch(/needs\.plan\.outputs\.has-work == 'true'/)
    expect(build.strategy?.matrix).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}')
    const leg = build.steps.find(isThisAction)?.with
    expect(leg?.binaries).toBe('${{ matrix.binaries }}')
    const deploy = jobs.deploy?.steps ?? []
    const download = deploy.find((s) => s.uses?.startsWith('actions/download-artifact'))?.with
    const ours = deploy.find(isThisAction)?.with
    // The gathered artifacts are read back through the legs' own artifact-name.
    expect(ours?.['artifact-name']).toBe(leg?.['artifact-name'])
    expect(
      String(leg?.['artifact-name']).startsWith(String(download?.pattern).replace('*', '')),
    ).toBe(true)
    expect(download?.['merge-multiple']).toBeUndefined()
    expect(ours?.['from-artifacts']).toBe(download?.path)
    expect(ours?.binaries).toBe('${{ needs.plan.outputs.binaries }}')
  })

  it('the lint is not vacuous: a broken expression in a README-shaped workflow is found', async () => {
    const text = named('Lambda').text.replace('needs: build', 'needs: nope')
    expect((await runLint(text, 'broken.yml')).length).toBeGreaterThan(0)
  })
})
describe('README examples', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string)
  const action = parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>
  }

  it('has YAML examples, and every one parses', () => {
    // Every fenced YAML block was found (the pattern missed none).
    expect(blocks.length).toBe(readme.match(/^```ya?ml$/gm)?.length)
    expect(blocks.length).toBeGreaterThanOrEqual(7)
    for (const block of blocks) {
      const doc = parseDocument(block)
      expect(doc.errors.map((e) => `${e.message}\n${block}`)).toEqual([])
    }
  })

  it('gives the action only inputs that action.yml declares', () => {
    let steps = 0
    for (const block of blocks) {
      for (const step of stepsOf(parse(block))) {
        if (!/^rust-lambda-action\/rust-lambda-action@|^\.\/?$/.test(String(step.uses))) continue
        steps++
        for (const key of Object.keys(step.with ?? {})) {
          expect(Object.keys(action.inputs), `with: ${key}`).toContain(key)
        }
      }
    }
    expect(steps).toBeGreaterThanOrEqual(5)
  })

  it('lists exactly the artifact-name placeholders the code replaces', () => {
    const code = fs.readFileSync(path.join(repoRoot, 'src', 'package', 'names.ts'), 'utf8')
    const replaced = [...code.matchAll(/replaceAll\('(\{\w+\})'/g)].map((m) => m[1]).sort()
    const table = readme.slice(readme.indexOf('| placeholder |'))
    const listed = [...table.matchAll(/^\| `(\{\w+\})` \|/gm)].map((m) => m[1]).sort()
    expect(replaced).toEqual(['{arch}', '{bin}', '{kind}', '{target}'])
    expect(listed).toEqual(replaced)
  })
})

interface Step {
  uses?: unknown
  with?: Record<string, unknown>
}

/** Every step of every job of a workflow, or the steps of a bare list of steps. */
function stepsOf(doc: unknown): Step[] {
  if (Array.isArray(doc)) return doc as Step[]
  const jobs = (doc as { jobs?: Record<string, { steps?: Step[] }> } | null)?.jobs
  return Object.values(jobs ?? {}).flatMap((j) => j.steps ?? [])
}
