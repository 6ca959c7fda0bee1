/**
 * Build failure messages from cargo-lambda's output. The same, against real rustc output of the
 * compile-error fixture, is in __tests__/integration/compile-error.test.ts (it compiles Rust).
 */
import { describe, expect, it } from 'vitest'
import { buildFailure, firstError, rebaseLocation } from '../../src/build/cargo-lambda.js'

describe('locations and failures', () => {
  it('rebases relative locations only', () => {
    expect(rebaseLocation('  --> src/main.rs:1:2', 'api')).toBe('  --> api/src/main.rs:1:2')
    expect(rebaseLocation('  --> /abs/main.rs:1:2', 'api')).toBe('  --> /abs/main.rs:1:2')
    expect(rebaseLocation('  --> src/main.rs:1:2', '')).toBe('  --> src/main.rs:1:2')
    expect(rebaseLocation('error: x', 'api')).toBe('error: x')
  })

  it('without a compile error, the last error line or the tail of the output', () => {
    expect(buildFailure(1, ['Error: ', '  × Zig is not installed', 'x'], 'function a')).toContain(
      'exit code 1',
    )
    expect(firstError(['warning: x', 'Error: cargo-lambda: zig not found'])).toEqual({
      message: 'Error: cargo-lambda: zig not found',
    })
    expect(buildFailure(2, [], 'function a')).toContain('(exit code 2): no output.')
  })
})
