/** Pure: where a step's wall time goes, from the arrival times of its log lines. */

export interface TimedLine {
  readonly ms: number
  readonly text: string
}

export interface Stage {
  readonly name: string
  readonly ms: number
}

export const StartUp = 'start-up (spawn to first log line)'
export const Between = 'outside groups'
export const Exit = 'exit (last log line to process end)'

/** Milliseconds from spawn to the first log line, or undefined for a silent step. */
export function firstLineMs(lines: readonly TimedLine[]): number | undefined {
  return lines[0]?.ms
}

/**
 * Splits a step's wall time into: start-up (spawn to the first line), each `::group::` (to its
 * `::endgroup::`, or the next group), time spent outside groups, and exit (the last line to the
 * end of the process). The stages add up to `totalMs`. Groups of the same name are summed.
 */
export function stages(lines: readonly TimedLine[], totalMs: number): Stage[] {
  const totals = new Map<string, number>()
  const add = (name: string, ms: number): void => {
    if (ms > 0) totals.set(name, (totals.get(name) ?? 0) + ms)
  }
  const first = lines[0]
  if (first === undefined) return [{ name: StartUp, ms: totalMs }]
  add(StartUp, first.ms)
  let open: { name: string; at: number } | undefined
  let outsideFrom: number | undefined = first.ms
  for (const line of lines) {
    const group = /^::group::(.*)$/.exec(line.text)
    if (group) {
      if (open) add(open.name, line.ms - open.at)
      else if (outsideFrom !== undefined) add(Between, line.ms - outsideFrom)
      open = { name: group[1] ?? '', at: line.ms }
      outsideFrom = undefined
    } else if (line.text === '::endgroup::' && open) {
      add(open.name, line.ms - open.at)
      open = undefined
      outsideFrom = line.ms
    }
  }
  const last = lines[lines.length - 1] as TimedLine
  if (open) add(open.name, last.ms - open.at)
  else if (outsideFrom !== undefined) add(Between, last.ms - outsideFrom)
  add(Exit, totalMs - last.ms)
  return [...totals].map(([name, ms]) => ({ name, ms }))
}

/** Median-style aggregation needs the same stage names in every run: name -> samples. */
export function stageSamples(runs: readonly (readonly Stage[])[]): Map<string, number[]> {
  const out = new Map<string, number[]>()
  runs.forEach((run, i) => {
    for (const s of run) {
      const list = out.get(s.name) ?? []
      while (list.length < i) list.push(0)
      list.push(s.ms)
      out.set(s.name, list)
    }
    for (const list of out.values()) while (list.length < i + 1) list.push(0)
  })
  return out
}
