/** Pure: the results as a console/Markdown table and as JSON. */
import type { FigureResult, Row, Target, Unit } from './figure.js'
import type { Machine } from './machine.js'
import { summarize } from './stats.js'

export interface BenchResults {
  readonly version: string
  readonly commit: string
  readonly date: string
  readonly runs: number
  readonly machine: Machine
  readonly seconds: number
  readonly figures: readonly FigureResult[]
}

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`
    case 'bytes':
      return formatBytes(value)
    case 'ratio':
      return `${value.toFixed(2)}×`
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1)
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let v = bytes
  let i = 0
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return i === 0 ? `${Math.round(v)} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`
}

export function formatTarget(target: Target | undefined, unit: Unit): string {
  return target === undefined ? '' : `${target.op} ${formatValue(target.value, unit)}`
}

/** Whether the median meets the target; undefined without a target. */
export function meets(row: Row): boolean | undefined {
  if (row.target === undefined || row.samples.length === 0) return undefined
  const m = summarize(row.samples).median
  return row.target.op === '<=' ? m <= row.target.value : m >= row.target.value
}

function cells(row: Row): string[] {
  const target = formatTarget(row.target, row.unit)
  const ok = meets(row)
  const verdict = ok === undefined ? '' : ok ? 'yes' : '**no**'
  if (row.samples.length === 0) return [row.metric, 'n/a', '', '', '0', target, verdict]
  const s = summarize(row.samples)
  const exact = s.min === s.max
  return [
    row.metric,
    formatValue(s.median, row.unit),
    exact ? '' : formatValue(s.min, row.unit),
    exact ? '' : formatValue(s.max, row.unit),
    String(s.n),
    target,
    verdict,
  ]
}

function table(header: string[], rows: string[][]): string {
  const esc = (c: string): string => c.replace(/\|/g, '\\|')
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n')
}

/** The table of every figure: one row per metric, grouped by figure. */
export function resultsTable(figures: readonly FigureResult[]): string {
  const rows: string[][] = []
  for (const f of figures) {
    if (f.error !== undefined) {
      rows.push([f.title, 'not measured', '', '', '', '', '', ''])
      continue
    }
    for (const r of f.rows) rows.push([f.title, ...cells(r)])
  }
  return table(['Figure', 'Metric', 'Median', 'Min', 'Max', 'n', 'Target', 'Met'], rows)
}

export function machineLine(m: Machine): string {
  return `${m.cpuModel}, ${m.cores} cores, ${formatBytes(m.memoryBytes)} memory, ${m.os}, Node ${m.node}, load average ${m.loadAverage.map((l) => l.toFixed(2)).join(' / ')} at the start`
}

/** latest.md: the machine, the table, then how each figure is measured and what it found. */
export function resultsMarkdown(results: BenchResults): string {
  const out: string[] = [
    `# Benchmark results`,
    '',
    `Version ${results.version} (commit ${results.commit}), ${results.date}; median of ${results.runs} runs unless n says otherwise; whole run ${Math.round(results.seconds)} s.`,
    '',
    `Machine: ${machineLine(results.machine)}.`,
    '',
    resultsTable(results.figures),
    '',
  ]
  for (const f of results.figures) {
    out.push(`## ${f.title}`, '', f.method, '')
    if (f.error !== undefined) out.push(`Not measured: ${f.error}`, '')
    for (const n of f.notes) out.push(`- ${n}`)
    if (f.notes.length > 0) out.push('')
  }
  return out.join('\n')
}

/** latest.json: every sample, so later runs can be compared without re-running. */
export function resultsJson(results: BenchResults): string {
  const figures = results.figures.map((f) => ({
    ...f,
    rows: f.rows.map((r) => ({
      ...r,
      ...(r.samples.length > 0 ? summarize(r.samples) : {}),
      met: meets(r),
    })),
  }))
  return JSON.stringify({ ...results, figures }, null, 2) + '\n'
}

export const ReadmeStart = '<!-- bench:start (written by npm run bench) -->'
export const ReadmeEnd = '<!-- bench:end -->'

/** The README's generated block: the machine, the run and the table. */
export function readmeBlock(results: BenchResults): string {
  return [
    `Measured ${results.date.slice(0, 10)} (version ${results.version}, commit ${results.commit}) on ${machineLine(results.machine)}; medians of ${results.runs} runs (n says otherwise where a figure is exact or counts functions). Details and per-stage breakdowns: [bench/results/latest.md](bench/results/latest.md).`,
    '',
    resultsTable(results.figures),
  ].join('\n')
}

/** Pure: `text` with the part between the markers replaced; throws when they are missing. */
export function replaceBlock(text: string, block: string): string {
  const start = text.indexOf(ReadmeStart)
  const end = text.indexOf(ReadmeEnd)
  if (start < 0 || end < start) {
    throw new Error(`README.md has no ${ReadmeStart} ... ${ReadmeEnd} block`)
  }
  return `${text.slice(0, start + ReadmeStart.length)}\n${block}\n${text.slice(end)}`
}
