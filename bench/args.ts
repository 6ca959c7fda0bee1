/** Pure: the command line of `npm run bench`. */

export interface BenchArgs {
  /** Figure ids to run; empty = all. */
  readonly only: readonly string[]
  readonly runs: number
  /** Example folders (e.g. `hello`) the per-example figures build; empty = all of them. */
  readonly examples: readonly string[]
  /** Write bench/results/latest.* (the default only for a complete run of >= 5 runs). */
  readonly write: boolean
  readonly help: boolean
  /** Functions in the `scale` figure's generated workspace (`--scale-functions`; default 12). */
  readonly scaleFunctions?: number | undefined
}

export const MinRuns = 5

export const usage = `usage: npm run bench -- [--only <figure>[,<figure>...]] [--examples <name>[,<name>...]] [--runs N] [--write]
  --only      run only these figures (repeatable)
  --examples  build only these examples in the per-example figures (repeatable; default: all)
  --runs      repetitions of each timed measurement (default ${MinRuns}; medians need >= ${MinRuns})
  --scale-functions N
              functions in the generated workspace of the \`scale\` figure (default 12)
  --write     write bench/results/latest.* even for a partial run (default: only a complete
              run of >= ${MinRuns} runs over all examples does; others write bench/results/tmp/)`

export function parseArgs(
  argv: readonly string[],
  known: readonly string[],
  knownExamples: readonly string[] = [],
): BenchArgs {
  const only: string[] = []
  const examples: string[] = []
  let runs = MinRuns
  let write: boolean | undefined
  let help = false
  let scaleFunctions: number | undefined
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string
    const eq = raw.indexOf('=')
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw
    const value = (): string => {
      const v = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : argv[++i]
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${usage}`)
      return v
    }
    switch (flag) {
      case '--':
        break
      case '--only':
        for (const id of value()
          .split(',')
          .map((s) => s.trim())) {
          if (!known.includes(id)) {
            throw new Error(`unknown figure '${id}': expected one of ${known.join(', ')}`)
          }
          only.push(id)
        }
        break
      case '--examples':
        for (const name of value()
          .split(',')
          .map((s) => s.trim())) {
          if (!knownExamples.includes(name)) {
            throw new Error(
              `unknown example '${name}': expected one of ${knownExamples.join(', ')}`,
            )
          }
          examples.push(name)
        }
        break
      case '--runs': {
        const v = value()
        if (!/^\d+$/.test(v) || Number(v) < 1) {
          throw new Error(`--runs must be a whole number >= 1, not '${v}'`)
        }
        runs = Number(v)
        break
      }
      case '--scale-functions': {
        const v = value()
        if (!/^\d+$/.test(v) || Number(v) < 2) {
          throw new Error(`--scale-functions must be a whole number >= 2, not '${v}'`)
        }
        scaleFunctions = Number(v)
        break
      }
      case '--write':
        write = true
        break
      case '--help':
      case '-h':
        help = true
        break
      default:
        throw new Error(`unknown argument '${raw}'\n${usage}`)
    }
  }
  const complete = only.length === 0 && examples.length === 0 && runs >= MinRuns
  return { only, runs, examples, write: write ?? complete, help, scaleFunctions }
}
