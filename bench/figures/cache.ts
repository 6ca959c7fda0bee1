/** Figure 5: cache efficiency: what the cargo cache stores vs. what it covers, and its restore time. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { copyProject, repoRoot } from '../../test/support/harness.js'
import type { Figure, Row } from '../figure.js'
import { formatValue } from '../format.js'
import { stages } from '../log.js'
import { folderBytes, type TimedAction } from '../world.js'

const project = 'test/fixtures/cache-app'

/** Pure: ms of the groups whose names match. */
export function groupMs(run: Pick<TimedAction, 'main'>, name: RegExp): number {
  return stages(run.main.lines, run.main.ms)
    .filter((s) => name.test(s.name))
    .reduce((a, s) => a + s.ms, 0)
}

const restoreGroup = /^Restoring the cargo cache/
const buildGroup = /^cargo lambda build/

export const cacheEfficiency: Figure = {
  id: 'cache',
  title: 'Cache efficiency',
  method: `${project} (a function with a path dependency and two vendored registry crates, one with a build script) built cold by the action; its post step saves the cargo cache to the Actions cache emulator. Raw bytes: the target directory, \`$CARGO_HOME/registry\` and \`git\`, and Zig's global cache on disk after that run; saved bytes: the stored cache entry (compressed, after the action's pruning). Then, per run, a fresh checkout on the same runner path (target/, the cargo home's registry and the Zig cache deleted, sources copied again so their mtimes are new, as after actions/checkout): the time of the action's "Restoring the cargo cache" group (exact key hit), and the build after it against the cold build.`,
  async run(ctx) {
    const warm = await ctx.world.warmProject('examples/hello')
    const results = await ctx.world.resultsService()
    const runner = ctx.world.newRunner('cache', project)
    // cache-app is a plain program, not a Lambda function: nothing to smoke-test.
    const inputs = { ...warm.inputs, 'upload-artifact': 'false', 'smoke-test': 'false' }
    const options = { dirs: { toolCache: warm.runner.dirs.toolCache } }
    const known = new Set(results.cacheEntries().map((e) => e.id))

    const cold = await ctx.world.runAction(runner, inputs, options)
    const zigCache = cold.main.exportedEnv.ZIG_GLOBAL_CACHE_DIR
    if (zigCache === undefined) throw new Error('the action exported no ZIG_GLOBAL_CACHE_DIR')
    const cargoHome = process.env.CARGO_HOME ?? path.join(runner.dirs.home, '.cargo')
    const target = path.join(runner.dirs.workspace, 'target')
    const parts = {
      target: folderBytes(target),
      registry:
        folderBytes(path.join(cargoHome, 'registry')) + folderBytes(path.join(cargoHome, 'git')),
      zig: folderBytes(zigCache),
    }
    const raw = parts.target + parts.registry + parts.zig
    const entries = results
      .cacheEntries()
      .filter((e) => !known.has(e.id) && e.finalized && !/-tool-/.test(e.key))
    if (entries.length === 0) throw new Error('the post step saved no cargo cache entry')
    const saved = entries.reduce((a, e) => a + e.sizeBytes, 0)
    const pruned = /Pruned for saving: ([^\n]*)/.exec(cold.post.log)?.[1]

    const restoreMs: number[] = []
    const buildMs: number[] = []
    const coldBuild = groupMs(cold, buildGroup)
    for (let i = 0; i < ctx.runs; i++) {
      for (const dir of [target, path.join(cargoHome, 'registry'), zigCache]) {
        fs.rmSync(dir, { recursive: true, force: true })
      }
      copyProject(path.join(repoRoot, project), runner.dirs.workspace)
      const run = await ctx.world.runAction(runner, inputs, options)
      if (run.main.outputs['cache-hit'] !== 'true') {
        throw new Error(`run ${i + 1} did not restore the cargo cache by its exact key`)
      }
      restoreMs.push(groupMs(run, restoreGroup))
      buildMs.push(groupMs(run, buildGroup))
      ctx.log(
        `run ${i + 1}: restore ${formatValue(restoreMs[i] ?? 0, 'ms')}, build after it ${formatValue(buildMs[i] ?? 0, 'ms')} (cold ${formatValue(coldBuild, 'ms')})`,
      )
    }
    const rows: Row[] = [
      { metric: 'raw: target + registry + Zig cache', unit: 'bytes', samples: [raw] },
      { metric: 'saved cache entry (compressed)', unit: 'bytes', samples: [saved] },
      { metric: 'saved / raw', unit: 'ratio', samples: [saved / raw] },
      { metric: 'restore (exact hit, fresh checkout)', unit: 'ms', samples: restoreMs },
      { metric: 'build after the restore', unit: 'ms', samples: buildMs },
      { metric: 'cold build (no cache)', unit: 'ms', samples: [coldBuild] },
    ]
    const notes = [
      `Raw bytes by part: target ${formatValue(parts.target, 'bytes')}, cargo registry + git ${formatValue(parts.registry, 'bytes')}, Zig cache ${formatValue(parts.zig, 'bytes')}.`,
      ...(pruned ? [`The post step's pruning: ${pruned}.`] : []),
      `Entries: ${entries.map((e) => `${e.key} (${formatValue(e.sizeBytes, 'bytes')})`).join(', ')}.`,
    ]
    return { rows, notes }
  },
}
