/** Figure: `mode: plan` with `changed-since`: what a one-crate edit builds, and the plan step's time. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { makeRunnerDirs, runStep } from '../../test/support/harness.js'
import { commitAll, git, writeMonorepo } from '../../test/support/monorepo.js'
import type { Figure, Row } from '../figure.js'
import { benchRoot } from '../world.js'

/** The edits measured: a file, and what it is. */
const EDITS = [
  ['functions/fn-07/src/main.rs', 'one function crate'],
  ['crates/shared/src/lib.rs', 'the shared library (6 functions use it)'],
  ['crates/base/src/lib.rs', 'the base library (under shared; 9 functions)'],
  ['README.md', 'a file outside every crate'],
  ['Cargo.lock', 'Cargo.lock'],
] as const

export const planFigure: Figure = {
  id: 'plan',
  title: 'Monorepo plan: changed-since',
  method:
    'A generated workspace of 12 std-only function crates, a `shared` library on a `base` library and an extension (test/support/monorepo.ts), in a git repository. For each edit, one commit, then the bundled action runs `mode: plan` with `changed-since: <the commit before>` through the runner harness: the binaries it plans (of 13), and the step time (spawn to exit: Node start-up, one `cargo metadata --no-deps`, `git diff`), over `--runs` plans of an unchanged tree.',
  async run(ctx) {
    const root = path.join(benchRoot, 'plan')
    fs.rmSync(root, { recursive: true, force: true })
    const dirs = makeRunnerDirs(root)
    writeMonorepo(dirs.workspace)
    commitAll(dirs.workspace, 'twelve functions')
    const rows: Row[] = []
    const notes: string[] = []
    const plan = async (inputs: Record<string, string>) => {
      const step = await runStep('main', { dirs, inputs: { mode: 'plan', ...inputs } })
      if (step.exitCode !== 0) throw new Error(`mode: plan failed:\n${step.log.slice(-2000)}`)
      return step
    }
    for (const [file, what] of EDITS) {
      const before = git(dirs.workspace, 'rev-parse', 'HEAD')
      fs.appendFileSync(path.join(dirs.workspace, file), file.endsWith('.rs') ? '// edit\n' : '#\n')
      commitAll(dirs.workspace, `edit ${file}`)
      const step = await plan({ 'changed-since': before })
      const count = Number(step.outputs['binary-count'])
      const legs = (JSON.parse(step.outputs.matrix ?? '{}') as { include?: unknown[] }).include
      rows.push({
        metric: `binaries built after editing ${what} (of 13)`,
        unit: 'count',
        samples: [count],
      })
      notes.push(
        `${file}: ${count} binaries on ${legs?.length ?? 0} legs (${step.outputs.binaries || 'none'})`,
      )
      ctx.log(`${file}: ${count}`)
    }
    const ms: number[] = []
    for (let i = 0; i < ctx.runs; i++) ms.push((await plan({ 'changed-since': 'HEAD~1' })).ms)
    rows.push({ metric: 'mode: plan step, changed-since (13 binaries)', unit: 'ms', samples: ms })
    fs.rmSync(root, { recursive: true, force: true })
    return { rows, notes }
  },
}
