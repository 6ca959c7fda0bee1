import { describe, expect, it } from 'vitest'
import { planAlias, planPromote } from '../../src/publish/routing.js'

const on = (version: string, weights?: Record<string, number>) => ({
  FunctionVersion: version,
  ...(weights && { RoutingConfig: { AdditionalVersionWeights: weights } }),
})

describe('planAlias', () => {
  it('moves the alias with all of the traffic at weight 1, clearing a canary', () => {
    expect(planAlias('live', on('1'), '2', 1)).toEqual({
      kind: 'update',
      version: '2',
      weights: {},
    })
    expect(planAlias('live', on('1', { '2': 0.1 }), '2', 1)).toEqual({
      kind: 'update',
      version: '2',
      weights: {},
    })
    expect(planAlias('live', on('2'), '2', 1).kind).toBe('none')
    expect(planAlias('live', undefined, '2', 1)).toEqual({ kind: 'create', version: '2' })
  })

  it('keeps the primary and routes the weight to the new version below 1', () => {
    expect(planAlias('live', on('1'), '2', 0.1)).toEqual({
      kind: 'update',
      version: '1',
      weights: { '2': 0.1 },
    })
    expect(planAlias('live', on('1', { '2': 0.1 }), '2', 0.1).kind).toBe('none')
    expect(planAlias('live', on('1', { '2': 0.1 }), '2', 0.25)).toEqual({
      kind: 'update',
      version: '1',
      weights: { '2': 0.25 },
    })
    // A new canary replaces an older one.
    expect(planAlias('live', on('1', { '2': 0.1 }), '3', 0.1)).toEqual({
      kind: 'update',
      version: '1',
      weights: { '3': 0.1 },
    })
  })

  it('gives all of the traffic, and says so, when there is no published primary to share with', () => {
    const created = planAlias('live', undefined, '1', 0.1)
    expect(created).toMatchObject({ kind: 'create', version: '1' })
    expect(created.kind === 'create' && created.note).toContain('does not exist yet')
    const latest = planAlias('live', on('$LATEST'), '1', 0.1)
    expect(latest).toMatchObject({ kind: 'update', version: '1', weights: {} })
    expect(latest.kind === 'update' && latest.note).toContain('$LATEST')
  })
})

describe('planPromote', () => {
  it('makes the routed version the primary and clears the routing', () => {
    expect(planPromote('live', on('1', { '2': 0.1 }))).toEqual({
      kind: 'update',
      version: '2',
      weights: {},
    })
  })

  it('does nothing when the alias routes nowhere else', () => {
    const step = planPromote('live', on('2'))
    expect(step.kind).toBe('none')
    expect(step.kind === 'none' && step.why).toContain('nothing to promote')
  })
})
