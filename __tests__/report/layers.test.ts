import { describe, expect, it } from 'vitest'
import { layersOutput, renderLayers } from '../../src/report/layers.js'
import { outputsFor } from '../../src/report/outputs.js'
import type { LayerOutcome } from '../../src/types.js'

const arn = 'arn:aws:lambda:us-east-1:123456789012:layer:audit'
const published: LayerOutcome = {
  extension: 'audit',
  layer: 'audit',
  region: 'us-east-1',
  result: 'published',
  layerArn: arn,
  layerVersionArn: `${arn}:2`,
  version: 2,
  codeSha256: 'abc=',
  ms: 1200,
}

describe('layers in the report', () => {
  it('the layers output maps each extension to its layer version and result', () => {
    const out = outputsFor({ startedAt: 0, layers: [published] })
    expect(JSON.parse(out.layers ?? '')).toEqual({
      audit: {
        layer: 'audit',
        region: 'us-east-1',
        result: 'published',
        layerArn: arn,
        layerVersionArn: `${arn}:2`,
        version: 2,
        codeSha256: 'abc=',
      },
    })
    expect(outputsFor({ startedAt: 0 }).layers).toBeUndefined()
  })

  it('an extension published in two regions lists both', () => {
    const eu = { ...published, region: 'eu-west-1', result: 'unchanged' as const }
    expect(layersOutput([published, eu]).audit).toHaveLength(2)
  })

  it('the summary has one row per layer', () => {
    const md = renderLayers([
      published,
      {
        ...published,
        extension: 'trace',
        layer: 'tracing',
        result: 'failed',
        error: 'denied',
        version: undefined,
        layerVersionArn: undefined,
      },
    ])
    expect(md).toContain('### Extension layers')
    expect(md).toContain(`| \`audit\` | \`audit\` | ✅ published | 2 | \`${arn}:2\` | \`abc=\` |`)
    expect(md).toContain('| `trace` | `tracing` | ❌ failed: denied |')
    expect(renderLayers([])).toBe('')
  })
})
