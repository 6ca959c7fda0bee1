import { describe, expect, it } from 'vitest'
import { renderCache, renderCacheSave } from '../../src/report/cache.js'
import { outputsFor } from '../../src/report/outputs.js'

describe('cache summary sections', () => {
  it('shows key, outcome, where a partial hit came from, restored size and time', () => {
    const md = renderCache({
      key: 'k-tools:1-deps:2',
      outcome: 'partial',
      restoredKey: 'k-tools:1-deps:0',
      restoredBytes: 3 * 1024 * 1024,
      ms: 2500,
    })
    expect(md).toContain('### Cargo cache')
    expect(md).toContain('partial (restore key)')
    expect(md).toContain('`k-tools:1-deps:0`')
    expect(md).toContain('3.00 MiB')
    expect(md).toContain('2.5 s')
  })

  it('says why the cache was not used', () => {
    expect(
      renderCache({ key: '', outcome: 'error', detail: 'cargo metadata failed', ms: 5 }),
    ).toContain('not used: cargo metadata failed')
    expect(renderCache(undefined)).toBe('')
  })

  it('shows the pruned sizes of a save', () => {
    const md = renderCacheSave({
      key: 'k',
      outcome: 'saved',
      bytesBefore: 2048,
      bytesAfter: 1024,
      ms: 10,
    })
    expect(md).toContain('2.0 KiB → 1.0 KiB')
    expect(md).toContain('saved')
  })

  it('sets cache-hit true only for an exact hit', () => {
    const hit = (outcome: 'hit' | 'partial' | 'miss' | 'error') =>
      outputsFor({ startedAt: 0, cache: { key: 'k', outcome, ms: 1 } })['cache-hit']
    expect([hit('hit'), hit('partial'), hit('miss'), hit('error')]).toEqual([
      'true',
      'false',
      'false',
      'false',
    ])
  })
})
