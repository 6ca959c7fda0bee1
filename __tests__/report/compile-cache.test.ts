import { describe, expect, it } from 'vitest'
import { renderCompileCache } from '../../src/report/compile-cache.js'

describe('renderCompileCache', () => {
  it('shows the mode and why, then hits, misses, hit rate, non-cacheable calls and errors', () => {
    const md = renderCompileCache({
      backend: 's3',
      write: false,
      writeReason: 'a pull_request event, not a push',
      envDigest: '0123456789ab',
      stats: {
        compileRequests: 50,
        hits: 30,
        misses: 10,
        nonCacheableCalls: 10,
        nonCacheableCompilations: 0,
        writes: 0,
        writeErrors: 2,
        readErrors: 0,
        cacheErrors: 0,
        timeouts: 0,
        hitRate: 0.75,
        location: 'S3, name: b',
      },
    })
    expect(md).toContain('### Compile cache')
    expect(md).toContain('| mode | read-only: a pull_request event, not a push |')
    expect(md).toContain('| hit rate | 75.0 % |')
    expect(md).toContain('| non-cacheable calls | 10 |')
    expect(md).toContain('| write errors | 2 |')
    expect(md).toContain('| environment digest | `0123456789ab` |')
  })

  it('says why the cache was not used, and nothing when it is off', () => {
    expect(
      renderCompileCache({
        backend: 'gha',
        write: true,
        writeReason: 'x',
        stats: undefined,
        unused: 'the GitHub Actions cache service is not available',
      }),
    ).toContain('| not used | the GitHub Actions cache service is not available |')
    expect(renderCompileCache(undefined)).toBe('')
  })
})
