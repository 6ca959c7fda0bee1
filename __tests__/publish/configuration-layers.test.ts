/**
 * attach-layers in the one configuration decision: what a function's Layers become with this
 * run's layer versions (desiredLayers), and whether that needs an UpdateFunctionConfiguration.
 */
import { describe, expect, it } from 'vitest'
import {
  desiredLayers,
  planConfiguration,
  type LayerWish,
} from '../../src/publish/configuration.js'

const ACCOUNT = '123456789012'
const arn = (name: string, version: number, region = 'us-east-1', account = ACCOUNT): string =>
  `arn:aws:lambda:${region}:${account}:layer:${name}:${version}`
const wish = (name: string, version: number | undefined, region = 'us-east-1'): LayerWish => ({
  name,
  region,
  layerArn: `arn:aws:lambda:${region}:${ACCOUNT}:layer:${name}`,
  versionArn: version === undefined ? undefined : arn(name, version, region),
})
const layers = (...arns: string[]): { Layers: { Arn: string; CodeSize: number }[] } => ({
  Layers: arns.map((a) => ({ Arn: a, CodeSize: 1 })),
})

describe('desiredLayers', () => {
  it('replaces the older version of the same layer in place and keeps the others in order', () => {
    const have = [arn('otel', 7), arn('audit', 1), arn('secrets', 3)]
    const d = desiredLayers(have, [wish('audit', 2)])
    expect(d.arns).toEqual([arn('otel', 7), arn('audit', 2), arn('secrets', 3)])
    expect(d.problem).toBeUndefined()
  })

  it('adds a layer the function does not use yet after its own layers', () => {
    const d = desiredLayers([arn('otel', 7)], [wish('audit', 1)])
    expect(d.arns).toEqual([arn('otel', 7), arn('audit', 1)])
  })

  it('a layer of the same name in another region or account is another layer', () => {
    const other = [arn('audit', 4, 'eu-west-1'), arn('audit', 9, 'us-east-1', '210987654321')]
    const d = desiredLayers(other, [wish('audit', 1)])
    expect(d.arns).toEqual([...other, arn('audit', 1)])
  })

  it('refuses a sixth layer, naming what the function has and what would be added', () => {
    const have = [1, 2, 3, 4, 5].map((i) => arn(`l${i}`, 1))
    const d = desiredLayers(have, [wish('audit', 1)])
    expect(d.problem).toContain('it would use 6 layers and Lambda allows 5 per function')
    expect(d.problem).toContain('adding audit')
    // Replacing a version keeps the count: five layers, one of them ours, is fine.
    const withOurs = [...have.slice(0, 4), arn('audit', 1)]
    expect(desiredLayers(withOurs, [wish('audit', 2)]).problem).toBeUndefined()
  })

  it('a dry run of a version still to be published shows it as a new version', () => {
    const d = desiredLayers([arn('audit', 1)], [wish('audit', undefined)])
    expect(d.arns).toEqual([`arn:aws:lambda:us-east-1:${ACCOUNT}:layer:audit:(new version)`])
  })

  it('before the layer exists, it is matched by name and region', () => {
    const w: LayerWish = {
      name: 'audit',
      region: 'us-east-1',
      layerArn: undefined,
      versionArn: undefined,
    }
    expect(desiredLayers([arn('audit', 3), arn('audit', 1, 'eu-west-1')], [w]).arns).toEqual([
      'audit:(new version)',
      arn('audit', 1, 'eu-west-1'),
    ])
  })
})

describe('planConfiguration with the layers of desiredLayers', () => {
  const plan = (have: string[], wishes: LayerWish[]) =>
    planConfiguration(layers(...have), { layers: desiredLayers(have, wishes).arns })

  it('makes no update when the function already holds the wished versions', () => {
    expect(plan([arn('otel', 7), arn('audit', 2)], [wish('audit', 2)])).toBeUndefined()
  })

  it('sends only the Layers field, with the whole new list', () => {
    expect(plan([arn('otel', 7), arn('audit', 1)], [wish('audit', 2)])?.update).toEqual({
      Layers: [arn('otel', 7), arn('audit', 2)],
    })
  })

  it('a function without layers gets the new one', () => {
    expect(plan([], [wish('audit', 1)])?.update).toEqual({ Layers: [arn('audit', 1)] })
  })
})
