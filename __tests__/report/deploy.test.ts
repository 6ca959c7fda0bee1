import { describe, expect, it } from 'vitest'
import { renderDeploy } from '../../src/report/deploy.js'
import { outputsFor } from '../../src/report/outputs.js'
import type { DeployOutcome } from '../../src/types.js'

const outcomes: DeployOutcome[] = [
  {
    bin: 'api',
    function: 'api-fn',
    result: 'updated',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:api-fn',
    version: '7',
    alias: 'live',
    codeSha256: 'abc=',
    ms: 1500,
  },
  {
    bin: 'worker',
    function: 'worker-fn',
    result: 'failed',
    codeSha256: 'def=',
    ms: 300,
    error: 'Access denied | twice\nsecond line',
  },
  { bin: 'cron', function: '', result: 'skipped', codeSha256: '', ms: 0, error: 'not mapped' },
]

describe('deploy report', () => {
  it('renders one row per function with result, version, alias, code-sha256 and duration', () => {
    const md = renderDeploy(outcomes)
    expect(md).toContain('1 updated, 1 failed, 1 skipped')
    expect(md).toContain('| function | result | version | alias | code-sha256 | duration |')
    expect(md).toContain('| `api-fn` | ✅ updated | 7 | live | `abc=` | 1.5 s |')
    expect(md).toContain('| `worker-fn` | ❌ failed: Access denied \\| twice second line |')
    expect(md).toContain('| (binary `cron`) | ➖ skipped: not mapped |')
    expect(renderDeploy([])).toBe('')
  })

  it('derives the outputs; unmapped binaries stay out of the deployments map', () => {
    const out = outputsFor({ startedAt: 0, deployments: outcomes })
    expect(out['deploy-result']).toBe('updated')
    expect(out['function-arn']).toBe('arn:aws:lambda:us-east-1:123456789012:function:api-fn')
    expect(out.version).toBe('7')
    expect(Object.keys(JSON.parse(out.deployments ?? '{}') as object)).toEqual([
      'api-fn',
      'worker-fn',
    ])
  })
})
