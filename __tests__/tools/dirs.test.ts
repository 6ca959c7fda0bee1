/** Where the tools stage points Zig's cache and cargo-zigbuild's linker wrappers. */
import * as path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { zigbuildCacheDirectory, zigCacheDirectory } from '../../src/tools/index.js'

afterEach(() => vi.unstubAllEnvs())

describe('tool folders', () => {
  it('puts the linker wrappers under the tool cache, not RUNNER_TEMP or HOME', () => {
    vi.stubEnv('RUNNER_TOOL_CACHE', '/opt/hostedtoolcache')
    vi.stubEnv('RUNNER_TEMP', '/home/runner/work/_temp')
    expect(zigbuildCacheDirectory({})).toBe(path.join('/opt/hostedtoolcache', 'cargo-zigbuild'))
  })

  it("keeps the user's own CARGO_ZIGBUILD_CACHE_DIR and ZIG_GLOBAL_CACHE_DIR", () => {
    vi.stubEnv('RUNNER_TOOL_CACHE', '/opt/hostedtoolcache')
    expect(zigbuildCacheDirectory({ CARGO_ZIGBUILD_CACHE_DIR: '/mine' })).toBe('/mine')
    expect(zigCacheDirectory({ ZIG_GLOBAL_CACHE_DIR: '/zig-mine' })).toBe('/zig-mine')
  })
})
