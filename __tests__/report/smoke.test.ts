import { describe, expect, it } from 'vitest'
import { renderSmoke } from '../../src/report/smoke.js'

describe('renderSmoke', () => {
  it('renders nothing when no smoke test ran', () => {
    expect(renderSmoke(undefined)).toBe('')
    expect(renderSmoke({})).toBe('')
  })

  it('shows the response, start-up time, runner, reasons and skips', () => {
    const md = renderSmoke({
      api: {
        status: 'passed',
        response: '{"hello":"ferris","items":[1,2]}',
        ms: 1234,
        startupMs: 80,
        via: 'qemu-aarch64-static',
      },
      worker: {
        status: 'failed',
        reason: "exited with code 101 before answering the event: thread 'main' panicked\nboom",
        ms: 40,
        via: 'native x86_64',
      },
      ext: { status: 'skipped', reason: 'extension: extensions are not invoked', ms: 0 },
    })
    expect(md).toBe(
      [
        '### Smoke test',
        '',
        '| binary | status | start-up | time | run by | response / reason |',
        '| --- | --- | --- | --- | --- | --- |',
        '| api | ✅ passed | 80 ms | 1.2 s | qemu-aarch64-static | `{"hello":"ferris","items":[1,2]}` |',
        "| worker | ❌ failed |  | 40 ms | native x86_64 | exited with code 101 before answering the event: thread 'main' panicked boom |",
        '| ext | ⏭️ skipped |  |  |  | extension: extensions are not invoked |',
      ].join('\n'),
    )
  })

  it('truncates a long response and keeps pipes and backticks from breaking the table', () => {
    const md = renderSmoke({
      api: { status: 'passed', response: `a|b\`c${'x'.repeat(300)}`, ms: 1 },
    })
    const row = md.split('\n').at(-1) ?? ''
    expect(row).toContain('`` a\\|b`c')
    expect(row).toContain('x…')
    expect(row.length).toBeLessThan(200)
  })
})
