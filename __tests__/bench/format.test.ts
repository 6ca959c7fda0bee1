import { describe, expect, it } from 'vitest'
import type { FigureResult } from '../../bench/figure.js'
import {
  ReadmeEnd,
  ReadmeStart,
  formatBytes,
  formatValue,
  meets,
  replaceBlock,
  resultsJson,
  resultsTable,
} from '../../bench/format.js'

const figure: FigureResult = {
  id: 'warm',
  title: 'Warm overhead',
  method: 'how',
  notes: [],
  seconds: 1,
  rows: [
    { metric: 'ratio', unit: 'ratio', samples: [1.1, 1.5, 1.2], target: { op: '<=', value: 1.3 } },
    {
      metric: 'overhead',
      unit: 'ms',
      samples: [2500, 2100, 2600],
      target: { op: '<=', value: 2000 },
    },
    { metric: 'zip', unit: 'bytes', samples: [1536] },
  ],
}

describe('format', () => {
  it('formats times, sizes, ratios and counts', () => {
    expect(formatValue(840.4, 'ms')).toBe('840 ms')
    expect(formatValue(2345, 'ms')).toBe('2.35 s')
    expect(formatValue(1.234, 'ratio')).toBe('1.23×')
    expect(formatValue(3, 'count')).toBe('3')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.50 KiB')
    expect(formatBytes(353 * 1024 * 1024)).toBe('353 MiB')
  })

  it('judges the median against the target', () => {
    expect(meets(figure.rows[0]!)).toBe(true)
    expect(meets(figure.rows[1]!)).toBe(false)
    expect(meets(figure.rows[2]!)).toBeUndefined()
  })

  it('tables every metric with median, spread and verdict; an unmeasured figure says so', () => {
    const table = resultsTable([
      figure,
      { ...figure, id: 'x', title: 'Deploy', rows: [], error: 'no emulator' },
    ])
    expect(table).toContain(
      '| Warm overhead | ratio | 1.20× | 1.10× | 1.50× | 3 | <= 1.30× | yes |',
    )
    expect(table).toContain(
      '| Warm overhead | overhead | 2.50 s | 2.10 s | 2.60 s | 3 | <= 2.00 s | **no** |',
    )
    expect(table).toContain('| Warm overhead | zip | 1.50 KiB |  |  | 1 |  |  |')
    expect(table).toContain('| Deploy | not measured |')
  })

  it('keeps every sample and the summary in the JSON', () => {
    const json = JSON.parse(
      resultsJson({
        version: '0.1.0',
        commit: 'abc',
        date: 'd',
        runs: 3,
        seconds: 1,
        machine: {
          cpuModel: 'cpu',
          cores: 2,
          memoryBytes: 1,
          os: 'os',
          kernel: 'k',
          node: '24',
          loadAverage: [1, 1, 1],
        },
        figures: [figure],
      }),
    ) as { figures: { rows: { samples: number[]; median: number; met: boolean }[] }[] }
    expect(json.figures[0]?.rows[0]).toMatchObject({
      samples: [1.1, 1.5, 1.2],
      median: 1.2,
      met: true,
    })
  })
})

describe('README block', () => {
  it('replaces only what lies between the markers', () => {
    const text = `# x\n\n${ReadmeStart}\nold table\n${ReadmeEnd}\n\nafter\n`
    expect(replaceBlock(text, 'new table')).toBe(
      `# x\n\n${ReadmeStart}\nnew table\n${ReadmeEnd}\n\nafter\n`,
    )
    expect(() => replaceBlock('# no markers', 'x')).toThrow(/no <!-- bench:start/)
  })
})
