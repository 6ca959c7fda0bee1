import { describe, expect, it } from 'vitest'
import { parseArgs } from '../../bench/args.js'
import {
  parseTimings,
  summaryStat,
  unionLength,
  unitTimes,
  type TimingUnit,
} from '../../bench/figures/scale.js'

/** As cargo 1.96 writes it into target/cargo-timings/cargo-timing-*.html. */
const report = `<script>
const UNIT_DATA = [
  {
    "i": 0,
    "name": "serde",
    "version": "1.0.228",
    "mode": "todo",
    "target": "",
    "features": ["derive"],
    "start": 0.5,
    "duration": 4.0,
    "rmeta_time": 2.5,
    "unblocked_units": [1],
    "unblocked_rmeta_units": [],
    "sections": null
  },
  {
    "i": 1,
    "name": "fn-01",
    "version": "0.1.0",
    "mode": "todo",
    "target": " fn-01 \\"bin\\"",
    "features": [],
    "start": 4.5,
    "duration": 10.0,
    "unblocked_units": [],
    "unblocked_rmeta_units": [],
    "sections": null
  }
];
const CONCURRENCY_DATA = [];
</script>`

const unit = (name: string, target: string, start: number, duration: number): TimingUnit => ({
  name,
  mode: 'todo',
  target,
  start,
  duration,
})

describe('scale figure helpers', () => {
  it("reads the units of cargo's --timings report", () => {
    expect(parseTimings(report)).toEqual([
      unit('serde', '', 0.5, 4.0),
      unit('fn-01', ' fn-01 "bin"', 4.5, 10.0),
    ])
    expect(() => parseTimings('<html></html>')).toThrow(/no UNIT_DATA/)
  })

  it('splits a leg into registry units and the final binary units (overlaps counted once)', () => {
    const members = new Set(['fn-01', 'fn-02', 'shared'])
    const first = [
      unit('serde', '', 0, 4),
      unit('tokio', '', 1, 5),
      unit('shared', '', 6, 1),
      unit('fn-01', ' fn-01 "bin"', 7, 10),
      unit('fn-02', ' fn-02 "bin"', 8, 12),
    ]
    const second = [unit('libc', ' build script', 0, 1), unit('fn-02', ' fn-02 "bin"', 1, 3)]
    expect(unitTimes([first, second], members)).toEqual({
      build: 20 + 4,
      final: 13 + 3,
      deps: 4 + 5 + 1,
      depsWall: 6 + 1,
      units: 7,
    })
    expect(unionLength([])).toBe(0)
    expect(
      unionLength([
        [0, 2],
        [1, 3],
        [5, 6],
        [5.5, 5.7],
      ]),
    ).toBe(4)
  })

  it("reads sccache's counters from the action's summary", () => {
    const summary = '| hits | 63 |\n| misses | 0 |\n| hit rate | 100.0 % |\n'
    expect(summaryStat(summary, 'hits')).toBe(63)
    expect(summaryStat(summary, 'misses')).toBe(0)
    expect(summaryStat(summary, 'writes')).toBeUndefined()
  })

  it('takes --scale-functions, a whole number of at least 2', () => {
    expect(parseArgs(['--only', 'scale', '--scale-functions', '8'], ['scale']).scaleFunctions).toBe(
      8,
    )
    expect(parseArgs([], ['scale']).scaleFunctions).toBeUndefined()
    expect(() => parseArgs(['--scale-functions', '1'], ['scale'])).toThrow(/>= 2/)
  })
})
