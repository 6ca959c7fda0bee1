/**
 * `npm run bench`: runs the figures (bench/figures/), prints one table with how each is
 * measured, and writes bench/results/latest.json and latest.md. Exits 0 unless a figure could
 * not be measured (a missed target is a finding, not a failure of the benchmark).
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { repoRoot } from '../test/support/harness.js'
import { parseArgs, usage } from './args.js'
import { benchExamples, type FigureResult } from './figure.js'
import { figures } from './figures/index.js'
import {
  machineLine,
  readmeBlock,
  replaceBlock,
  resultsJson,
  resultsMarkdown,
  resultsTable,
  type BenchResults,
} from './format.js'
import { describeMachine } from './machine.js'
import { World } from './world.js'

async function main(): Promise<number> {
  const args = parseArgs(
    process.argv.slice(2),
    figures.map((f) => f.id),
    benchExamples,
  )
  if (args.help) {
    console.log(usage)
    return 0
  }
  const machine = describeMachine(process.version)
  console.log(`Machine: ${machineLine(machine)}`)
  const started = performance.now()
  const world = World.create()
  const results: FigureResult[] = []
  try {
    for (const figure of figures) {
      if (args.only.length > 0 && !args.only.includes(figure.id)) continue
      console.log(`\n== ${figure.title} (${figure.id})\n${figure.method}`)
      const t0 = performance.now()
      const log = (m: string): void => console.log(`  [${figure.id}] ${m}`)
      try {
        const examples = args.examples.length > 0 ? args.examples : benchExamples
        const out = await figure.run({
          runs: args.runs,
          examples,
          world,
          log,
          scaleFunctions: args.scaleFunctions,
        })
        const warnings = world.takeWarnings().map((w) => `The action warned: ${w}`)
        results.push({
          id: figure.id,
          title: figure.title,
          method: figure.method,
          rows: out.rows,
          notes: [...out.notes, ...warnings],
          seconds: (performance.now() - t0) / 1000,
        })
        for (const n of out.notes) log(n)
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e)
        log(`NOT MEASURED: ${error}`)
        world.takeWarnings()
        results.push({
          id: figure.id,
          title: figure.title,
          method: figure.method,
          rows: [],
          notes: [],
          seconds: (performance.now() - t0) / 1000,
          error,
        })
      }
      log(`took ${Math.round((performance.now() - t0) / 1000)} s`)
    }
  } finally {
    await world.close()
  }

  const bench: BenchResults = {
    version: (
      JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
        version: string
      }
    ).version,
    commit: gitCommit(),
    date: new Date().toISOString(),
    runs: args.runs,
    machine,
    seconds: (performance.now() - started) / 1000,
    figures: results,
  }
  console.log(`\n${resultsTable(results)}\n`)
  const outDir = path.join(repoRoot, 'bench', 'results', ...(args.write ? [] : ['tmp']))
  fs.mkdirSync(outDir, { recursive: true })
  fs.writeFileSync(path.join(outDir, 'latest.json'), resultsJson(bench))
  fs.writeFileSync(path.join(outDir, 'latest.md'), resultsMarkdown(bench))
  console.log(
    `Wrote ${path.relative(repoRoot, outDir)}/latest.{json,md} in ${Math.round(bench.seconds)} s.`,
  )
  if (args.write) {
    const readme = path.join(repoRoot, 'README.md')
    fs.writeFileSync(readme, replaceBlock(fs.readFileSync(readme, 'utf8'), readmeBlock(bench)))
    console.log('Updated the table in README.md (Performance).')
  }
  const failed = results.filter((r) => r.error !== undefined)
  if (failed.length > 0) {
    console.error(`Could not measure: ${failed.map((f) => f.id).join(', ')}`)
    return 1
  }
  return 0
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot })
      .toString()
      .trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'dist'], {
      cwd: repoRoot,
    })
      .toString()
      .trim()
    return dirty === '' ? sha : `${sha} (with uncommitted changes)`
  } catch {
    return 'unknown'
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(2)
  },
)
