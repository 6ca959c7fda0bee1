import { describe, expect, it } from 'vitest'
import { Between, Exit, StartUp, stageSamples, stages } from '../../bench/log.js'

describe('stages', () => {
  it('splits a step into start-up, groups, time outside groups and exit, adding up to the total', () => {
    const lines = [
      { ms: 100, text: '::group::Rust toolchain' },
      { ms: 150, text: 'rustc 1.96' },
      { ms: 300, text: '::endgroup::' },
      { ms: 350, text: 'a line outside' },
      { ms: 400, text: '::group::Build' },
      { ms: 900, text: '::endgroup::' },
      { ms: 950, text: '::group::Build' },
      { ms: 1000, text: '::endgroup::' },
    ]
    const s = stages(lines, 1100)
    expect(s).toEqual([
      { name: StartUp, ms: 100 },
      { name: 'Rust toolchain', ms: 200 },
      { name: Between, ms: 150 },
      { name: 'Build', ms: 550 },
      { name: Exit, ms: 100 },
    ])
    expect(s.reduce((a, b) => a + b.ms, 0)).toBe(1100)
  })

  it('closes a group left open at the last line, and counts a silent step as start-up', () => {
    expect(
      stages(
        [
          { ms: 10, text: '::group::A' },
          { ms: 60, text: 'x' },
        ],
        70,
      ),
    ).toEqual([
      { name: StartUp, ms: 10 },
      { name: 'A', ms: 50 },
      { name: Exit, ms: 10 },
    ])
    expect(stages([], 42)).toEqual([{ name: StartUp, ms: 42 }])
  })

  it('lines up stage samples across runs, with 0 where a run lacked a stage', () => {
    const m = stageSamples([
      [{ name: 'a', ms: 1 }],
      [
        { name: 'a', ms: 2 },
        { name: 'b', ms: 5 },
      ],
      [{ name: 'a', ms: 3 }],
    ])
    expect(m.get('a')).toEqual([1, 2, 3])
    expect(m.get('b')).toEqual([0, 5, 0])
  })
})
