import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
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
