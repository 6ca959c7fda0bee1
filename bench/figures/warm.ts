/**
 * Figures 1 and 2: what the action costs on top of the build it wraps, on a warm runner: with
 * no source change (warm overhead) and with one source line changed (incremental).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Figure, FigureContext, Row } from '../figure.js'
import { formatValue } from '../format.js'
import { stageSamples, stages } from '../log.js'
import { median, pairwiseDifferences, pairwiseRatios } from '../stats.js'
import type { BareBuild, TimedAction, WarmProject } from '../world.js'

const project = 'examples/hello'
const sourceFile = path.join('src', 'main.rs')
const greeting = /Hello, \{name\}!( \(edit \d+\))?/

interface Pair {
  readonly action: TimedAction
  readonly bare: BareBuild
}

/** Runs the action (main + post) and the bare build alternately first, `runs` times. */
async function pairs(
  ctx: FigureContext,
  label: string,
  before: (warm: WarmProject, side: 'action' | 'bare') => void,
): Promise<{ warm: WarmProject; pairs: Pair[] }> {
  const warm = await ctx.world.warmProject(project)
  const out: Pair[] = []
  for (let i = 0; i < ctx.runs; i++) {
    const runAction = async (): Promise<TimedAction> => {
      before(warm, 'action')
      return ctx.world.runAction(warm.runner, {
        ...warm.inputs,
        'artifact-name': `{bin}-{arch}-${label}-${i}`,
      })
    }
    const runBare = async (): Promise<BareBuild> => {
      before(warm, 'bare')
      // The command lines of the cold run are the ones every warm run repeats.
      return ctx.world.bareBuild(warm.runner, warm.cold, warm.calls)
    }
    let action: TimedAction
    let bare: BareBuild
    if (i % 2 === 0) {
      action = await runAction()
      bare = await runBare()
    } else {
      bare = await runBare()
      action = await runAction()
    }
    ctx.log(
      `run ${i + 1}: action ${formatValue(action.ms, 'ms')} (main ${formatValue(action.main.ms, 'ms')} + post ${formatValue(action.post.ms, 'ms')}), bare build ${formatValue(bare.ms, 'ms')}`,
    )
    out.push({ action, bare })
  }
  return { warm, pairs: out }
}

/** Notes: the median of each stage of main and post, largest first. */
export function breakdown(runs: readonly TimedAction[]): string[] {
  const notes: string[] = []
  for (const step of ['main', 'post'] as const) {
    const samples = stageSamples(runs.map((r) => stages(r[step].lines, r[step].ms)))
    const parts = [...samples]
      .map(([name, ms]) => ({ name, ms: median(ms) }))
      .filter((s) => s.ms >= 1)
      .sort((a, b) => b.ms - a.ms)
      .map((s) => `${s.name} ${formatValue(s.ms, 'ms')}`)
    const total = median(runs.map((r) => r[step].ms))
    notes.push(
      `Where ${step} spends its ${formatValue(total, 'ms')} (medians): ${parts.join('; ')}.`,
    )
  }
  return notes
}

function buildGroupMs(run: TimedAction): number {
  return stages(run.main.lines, run.main.ms)
    .filter((s) => s.name.startsWith('cargo lambda build'))
    .reduce((a, s) => a + s.ms, 0)
}

function compiled(log: string): boolean {
  return /^\s*Compiling /m.test(log)
}

export const warmOverhead: Figure = {
  id: 'warm',
  title: 'Warm overhead',
  method: `On one runner whose tool cache, Actions cache (cargo registry, target/, Zig cache) and tree are warm from an earlier run of the action on ${project}, with no source change: the wall time of the action's main + post steps (the bundled dist/ through the runner harness, Node 24, default inputs, tools from the tool cache, artifact upload to the local results service) against the bare build it wraps: the same \`cargo lambda build\` command lines the action ran (as its log shows them), run directly with the environment a later workflow step has. Action and bare build alternate which goes first; the ratio and difference are taken pairwise within each run. Where the time goes comes from the arrival times of the log lines (each \`core.group\`).`,
  async run(ctx) {
    const { pairs: runs } = await pairs(ctx, 'warm', () => undefined)
    const action = runs.map((p) => p.action.ms)
    const bare = runs.map((p) => p.bare.ms)
    const notes = breakdown(runs.map((p) => p.action))
    if (runs.some((p) => compiled(p.bare.log))) {
      notes.push('The bare build compiled something on a warm tree: the comparison is off.')
    }
    if (runs.some((p) => compiled(p.action.main.log))) {
      notes.push('The action compiled something on a warm tree with no source change.')
    }
    const rows: Row[] = [
      { metric: 'action main + post', unit: 'ms', samples: action },
      { metric: 'bare cargo lambda build', unit: 'ms', samples: bare },
      {
        metric: 'ratio action / bare',
        unit: 'ratio',
        samples: pairwiseRatios(action, bare),
        target: { op: '<=', value: 1.3 },
      },
      {
        metric: 'overhead action - bare',
        unit: 'ms',
        samples: pairwiseDifferences(action, bare),
        target: { op: '<=', value: 2000 },
      },
    ]
    return { rows, notes }
  },
}

export const incremental: Figure = {
  id: 'incremental',
  title: 'Incremental build',
  method: `The same warm runner as the warm overhead, but before each action run and each bare build one source line of ${project}/${sourceFile} changes (the greeting's text), so both recompile the function's crate (release, the action's size profile, cross-linked by zig). Wall time of the action's main + post vs. the bare \`cargo lambda build\`, alternating which goes first; the ratio is pairwise within each run.`,
  async run(ctx) {
    let edits = 0
    const { pairs: runs } = await pairs(ctx, 'incremental', (warm) => {
      editSource(path.join(warm.runner.dirs.workspace, sourceFile), ++edits)
    })
    const action = runs.map((p) => p.action.ms)
    const bare = runs.map((p) => p.bare.ms)
    const notes = [
      ...breakdown(runs.map((p) => p.action)),
      `The action's own cargo lambda build group took ${formatValue(median(runs.map((p) => buildGroupMs(p.action))), 'ms')} (median) against ${formatValue(median(bare), 'ms')} for the bare build: the same command line, so both compile and link the same crate.`,
    ]
    if (!runs.every((p) => compiled(p.bare.log) && compiled(p.action.main.log))) {
      notes.push('A build after a source change compiled nothing: the edit did not take.')
    }
    return {
      rows: [
        { metric: 'action main + post', unit: 'ms', samples: action },
        { metric: 'bare cargo lambda build', unit: 'ms', samples: bare },
        {
          metric: 'ratio action / bare',
          unit: 'ratio',
          samples: pairwiseRatios(action, bare),
          target: { op: '<=', value: 1.2 },
        },
        {
          metric: 'overhead action - bare',
          unit: 'ms',
          samples: pairwiseDifferences(action, bare),
        },
      ],
      notes,
    }
  },
}

/** Changes the greeting's line: one source line, a different text each time. */
export function editSource(file: string, n: number): void {
  const text = fs.readFileSync(file, 'utf8')
  if (!greeting.test(text)) throw new Error(`no greeting line to edit in ${file}`)
  fs.writeFileSync(file, text.replace(greeting, `Hello, {name}! (edit ${n})`))
}
