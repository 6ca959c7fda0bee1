import { describe, expect, it } from 'vitest'
import { InputError } from '../src/errors.js'
import { inert, inertLines } from '../src/log.js'

/** What the runner does with each log line (actions/runner ActionCommand.TryParseV2). */
const commandsIn = (log: string): string[] =>
  log.split(/\r\n|\r|\n/).filter((line) => line.trimStart().startsWith('::'))

const hostile = 'builds%0A::error::pwned\n::warning file=x::also\r\n  ::add-mask::x'

describe('values a user or a repository controls, in the log', () => {
  it('one value stays on one line and can start no workflow command', () => {
    const line = `Cargo cache key: ${inert(hostile)}`
    expect(line).not.toMatch(/[\r\n]/)
    expect(commandsIn(line)).toEqual([])
    expect(commandsIn(inert('::error::at the start'))).toEqual([])
    // What a reader sees is unchanged but for the visible \n.
    expect(line.replace(/\u200b/g, '')).toBe(
      'Cargo cache key: builds%0A::error::pwned\\n::warning file=x::also\\r\\n  ::add-mask::x',
    )
  })

  it('program output keeps its lines, none of which runs as a command', () => {
    const out = inertLines(`ok\n${hostile}\n##[error]old style`)
    expect(out.split('\n')).toHaveLength(5)
    expect(commandsIn(out)).toEqual([])
    expect(out).not.toMatch(/^##\[/m)
  })

  it('an input value quoted in an error is inert too', () => {
    const e = new InputError('s3-key-prefix', hostile, 'is wrong.')
    expect(e.message).not.toMatch(/[\r\n]/)
    expect(commandsIn(e.message)).toEqual([])
  })
})
