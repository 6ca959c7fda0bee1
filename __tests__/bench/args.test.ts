import { describe, expect, it } from 'vitest'
import { parseArgs } from '../../bench/args.js'

const known = ['startup', 'deploy', 'warm']

describe('parseArgs', () => {
  it('runs everything 5 times and writes the committed results by default', () => {
    expect(parseArgs([], known)).toEqual({
      only: [],
      runs: 5,
      examples: [],
      write: true,
      help: false,
    })
  })

  it('takes --only (repeated or comma-separated) and --runs; a partial run does not overwrite latest', () => {
    expect(
      parseArgs(['--', '--only', 'startup', '--only=deploy,warm', '--runs', '2'], known),
    ).toEqual({
      only: ['startup', 'deploy', 'warm'],
      runs: 2,
      examples: [],
      write: false,
      help: false,
    })
    expect(parseArgs(['--runs=1', '--write'], known).write).toBe(true)
  })

  it('takes --examples among the known ones; a run on some examples does not overwrite latest', () => {
    const args = parseArgs(['--examples', 'hello,http'], known, ['hello', 'http', 'workspace'])
    expect(args.examples).toEqual(['hello', 'http'])
    expect(args.write).toBe(false)
    expect(() => parseArgs(['--examples', 'nope'], known, ['hello'])).toThrow(
      /unknown example 'nope': expected one of hello/,
    )
  })

  it('rejects unknown figures, bad run counts and unknown flags', () => {
    expect(() => parseArgs(['--only', 'nope'], known)).toThrow(/unknown figure 'nope'/)
    expect(() => parseArgs(['--runs', '0'], known)).toThrow(/whole number >= 1/)
    expect(() => parseArgs(['--runs'], known)).toThrow(/needs a value/)
    expect(() => parseArgs(['--fast'], known)).toThrow(/unknown argument '--fast'/)
  })
})
