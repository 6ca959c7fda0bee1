import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
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
