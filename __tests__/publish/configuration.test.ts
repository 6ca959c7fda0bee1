import { describe, expect, it } from 'vitest'
import { planConfiguration } from '../../src/publish/configuration.js'

const current = {
  MemorySize: 128,
  Timeout: 30,
  Description: 'api',
  Environment: { Variables: { KEPT: 'set-elsewhere', LEVEL: 'info' } },
  Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:ext:1' }],
}

describe('planConfiguration', () => {
  it('asks nothing when nothing is asked, or when everything asked is already so', () => {
    expect(planConfiguration(current, {})).toBeUndefined()
    expect(
      planConfiguration(current, {
        memorySize: 128,
        timeout: 30,
        description: 'api',
        environment: { variables: { LEVEL: 'info' }, mode: 'merge' },
        layers: ['arn:aws:lambda:us-east-1:123456789012:layer:ext:1'],
      }),
    ).toBeUndefined()
  })

  it('sends only the fields that differ, in one update', () => {
    const plan = planConfiguration(current, { memorySize: 256, timeout: 30, description: 'api' })
    expect(plan?.update).toEqual({ MemorySize: 256 })
    expect(plan?.changes).toEqual(['memory-size 128 -> 256 MB'])
  })

  it('merge sets the given keys and keeps the others; replace makes them the whole set', () => {
    const merged = planConfiguration(current, {
      environment: { variables: { LEVEL: 'debug', NEW: 'x-secret-value' }, mode: 'merge' },
    })
    expect(merged?.update.Environment?.Variables).toEqual({
      KEPT: 'set-elsewhere',
      LEVEL: 'debug',
      NEW: 'x-secret-value',
    })
    expect(merged?.changes).toEqual(['environment: set LEVEL, NEW'])
    const replaced = planConfiguration(current, {
      environment: { variables: { LEVEL: 'info' }, mode: 'replace' },
    })
    expect(replaced?.update.Environment?.Variables).toEqual({ LEVEL: 'info' })
    expect(replaced?.changes).toEqual(['environment: removed KEPT'])
  })

  it('describes changes by key name only, never by value', () => {
    const plan = planConfiguration(current, {
      environment: { variables: { TOKEN: 'distinctive-secret-42' }, mode: 'replace' },
    })
    expect(JSON.stringify(plan?.changes)).not.toContain('distinctive-secret-42')
    expect(JSON.stringify(plan?.changes)).not.toContain('set-elsewhere')
  })

  it('compares the whole list of layers, in order', () => {
    const plan = planConfiguration(current, {
      layers: [
        'arn:aws:lambda:us-east-1:123456789012:layer:ext:2',
        'arn:aws:lambda:us-east-1:123456789012:layer:other:1',
      ],
    })
    expect(plan?.update).toEqual({
      Layers: [
        'arn:aws:lambda:us-east-1:123456789012:layer:ext:2',
        'arn:aws:lambda:us-east-1:123456789012:layer:other:1',
      ],
    })
    expect(planConfiguration({}, { layers: [] })).toBeUndefined()
  })
})
