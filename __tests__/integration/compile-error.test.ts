/**
 * The problem matcher and the build failure message against real rustc output: cargo builds the
 * compile-error fixture (and fails, as it must). It compiles Rust, so it is an integration test.
 */
import { spawnSync } from 'node:child_process'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  buildFailure,
  firstError,
  problemMatcher,
  rebaseLocation,
} from '../../src/build/cargo-lambda.js'
import { repoRoot } from '../../test/support/harness.js'
import { applyMatchers } from '../../test/support/problem-matcher.js'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'compile-error')

describe('compile errors (real rustc output of the compile-error fixture)', () => {
  let lines: string[]
  beforeAll(() => {
    const r = spawnSync('cargo', ['build', '--offline', '--quiet'], {
      cwd: fixture,
      env: {
        ...process.env,
        CARGO_TARGET_DIR: path.join(repoRoot, '.tmp', 'compile-error-target'),
        CARGO_TERM_COLOR: 'never',
      },
      encoding: 'utf8',
    })
    expect(r.status).toBe(101)
    lines = r.stderr.split('\n')
  })

  it('the problem matcher finds the error with its file, line and column', () => {
    const found = applyMatchers(problemMatcher.problemMatcher as never, lines)
    expect(found).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'E0308',
        message: 'mismatched types',
        file: 'src/main.rs',
        line: 5,
        column: 22,
      }),
    )
    // "error: could not compile" has no location: no annotation for it
    expect(found.every((a) => a.message !== 'could not compile')).toBe(true)
  })

  it('the failure message points at the first error, with repository-relative paths', () => {
    const rebased = lines.map((l) => rebaseLocation(l, 'test/fixtures/compile-error'))
    expect(firstError(rebased)).toEqual({
      message: 'error[E0308]: mismatched types',
      location: 'test/fixtures/compile-error/src/main.rs:5:22',
    })
    expect(buildFailure(101, rebased, 'function broken')).toBe(
      'cargo lambda build failed for function broken (exit code 101): error[E0308]: mismatched types at test/fixtures/compile-error/src/main.rs:5:22. The full compiler output is in the log above.',
    )
  })
})
