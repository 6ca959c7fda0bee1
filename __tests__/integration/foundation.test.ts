import * as fs from 'node:fs'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeRunnerDirs, runStep, type RunnerDirs } from '../../test/support/harness.js'

let dirs: RunnerDirs

beforeAll(() => {
  dirs = makeRunnerDirs()
  fs.writeFileSync(
    path.join(dirs.workspace, 'Cargo.toml'),
    '[package]\nname = "demo"\nversion = "0.1.0"\n',
  )
})

describe('bad inputs through the bundled action', () => {
  const cases: [Record<string, string>, string][] = [
    [{ architecture: 'arm65' }, `Input 'architecture' is 'arm65': expected one of arm64, x86_64.`],
    [
      { runtime: 'provided.al3' },
      `Input 'runtime' is 'provided.al3': expected one of provided.al2023, provided.al2.`,
    ],
    [{ functions: 'api' }, `Input 'functions' is 'api': each line must be 'binary=function'`],
    [{ 'working-directory': 'missing' }, `Input 'working-directory' is 'missing': does not exist`],
    [{ 'size-limit': 'huge' }, `Input 'size-limit' is 'huge': expected a size in bytes`],
    [{ 'zig-sha256': 'deadbeef' }, `Input 'zig-sha256' is 'deadbeef': expected a SHA-256 checksum`],
  ]
  it.each(cases)('%o fails with exit code 1 and one error line', async (inputs, expected) => {
    const r = await runStep('main', { inputs, dirs, timeoutMs: 60_000 })
    expect(r.exitCode).toBe(1)
    const errors = r.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message.startsWith(expected)).toBe(true)
    expect(errors[0]?.message).not.toContain('\n')
    // No stack trace for a user error.
    expect(r.log).not.toMatch(/\n\s+at .*\.js:\d+/)
    // The summary says what failed.
    expect(r.summary).toContain(expected.slice(0, 40))
  })
})
