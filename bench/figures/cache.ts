/** Figure 5: cache efficiency: what the cargo cache stores vs. what it covers, and its restore time. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { copyProject, repoRoot } from '../../test/support/harness.js'
import type { Figure, Row } from '../figure.js'
import { formatValue } from '../format.js'
import { stages } from '../log.js'
import { downloadedCrates, folderBytes, type TimedAction } from '../world.js'

const project = 'examples/hello'

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
  method: `${project} (lambda_runtime, serde, tokio: real crates from the registry) built cold by the action with the real cargo-lambda and Zig (arm64, profile size), with an empty CARGO_HOME; its post step saves the cargo cache to the Actions cache emulator. Raw bytes: the target directory, \`$CARGO_HOME/registry\` and \`git\`, and Zig's global cache on disk after that run; saved bytes: the stored cache entry (compressed, after the action's pruning). Then, per run, a fresh checkout on the same runner path (target/, the cargo home's registry and the Zig cache deleted, sources copied again so their mtimes are new, as after actions/checkout): the action's main + post (exact key hit), its "Restoring the cargo cache" group, its build group, the crates cargo downloaded (its \`Downloaded\` lines) and the registry crates it compiled (its \`Compiling\` lines other than hello), against the cold build and a bare no-op \`cargo lambda build\` (the same command line run right after, on the now-built tree).`,
  async run(ctx) {
    const results = await ctx.world.resultsService()
    const warm = await ctx.world.warmProject(project)
    const { runner, inputs, cold } = warm
    const zigCache = cold.main.exportedEnv.ZIG_GLOBAL_CACHE_DIR
    if (zigCache === undefined) throw new Error('the action exported no ZIG_GLOBAL_CACHE_DIR')
    const cargoHome = process.env.CARGO_HOME ?? path.join(runner.dirs.home, '.cargo')
    const target = path.join(runner.dirs.workspace, 'target')
    const key = /Cargo cache key: (\S+)/.exec(cold.main.log)?.[1]
    const entry = results.cacheEntries().find((e) => e.key === key && e.finalized)
    if (entry === undefined) throw new Error('the cold run saved no cargo cache entry')
    const pruned = /Pruned for saving: ([^\n]*)/.exec(cold.post.log)?.[1]

    const restoreMs: number[] = []
    const buildMs: number[] = []
    const actionMs: number[] = []
    const bareMs: number[] = []
    const downloads: number[] = []
    const recompiled = new Set<string>()
    let parts = { target: 0, registry: 0, zig: 0 }
    const coldBuild = groupMs(cold, buildGroup)
    for (let i = 0; i < ctx.runs; i++) {
      if (i === 0) {
        parts = {
          target: folderBytes(target),
          registry:
            folderBytes(path.join(cargoHome, 'registry')) +
            folderBytes(path.join(cargoHome, 'git')),
          zig: folderBytes(zigCache),
        }
      }
      for (const dir of [
        runner.dirs.workspace,
        path.join(cargoHome, 'registry'),
        path.join(cargoHome, 'git'),
        zigCache,
      ]) {
        fs.rmSync(dir, { recursive: true, force: true })
      }
      copyProject(path.join(repoRoot, project), runner.dirs.workspace)
      // One workflow run of the results service: each run uploads under its own artifact name.
      const run = await ctx.world.runAction(runner, {
        ...inputs,
        'artifact-name': `{bin}-{arch}-cache-${i}`,
      })
      if (run.main.outputs['cache-hit'] !== 'true') {
        throw new Error(`run ${i + 1} did not restore the cargo cache by its exact key`)
      }
      actionMs.push(run.ms)
      restoreMs.push(groupMs(run, restoreGroup))
      buildMs.push(groupMs(run, buildGroup))
      downloads.push(downloadedCrates(run.main.log).length)
      for (const m of run.main.log.matchAll(/^\s*Compiling (\S+) v/gm)) {
        if (m[1] !== 'hello') recompiled.add(m[1] ?? '')
      }
      const bare = await ctx.world.bareBuild(runner, run, warm.calls)
      bareMs.push(bare.ms)
      ctx.log(
        `run ${i + 1}: action ${formatValue(run.ms, 'ms')} (restore ${formatValue(restoreMs[i] ?? 0, 'ms')}, build ${formatValue(buildMs[i] ?? 0, 'ms')}; cold build ${formatValue(coldBuild, 'ms')}), bare no-op build ${formatValue(bare.ms, 'ms')}, crates downloaded ${downloads[i]}`,
      )
    }
    const raw = parts.target + parts.registry + parts.zig
    const rows: Row[] = [
      { metric: 'raw: target + registry + Zig cache', unit: 'bytes', samples: [raw] },
      { metric: 'saved cache entry (compressed)', unit: 'bytes', samples: [entry.sizeBytes] },
      { metric: 'saved / raw', unit: 'ratio', samples: [entry.sizeBytes / raw] },
      { metric: 'cold build (no cache, empty CARGO_HOME)', unit: 'ms', samples: [coldBuild] },
      { metric: 'cold run: action main + post', unit: 'ms', samples: [cold.ms] },
      { metric: 'warm run, fresh checkout: action main + post', unit: 'ms', samples: actionMs },
      { metric: 'warm run: restore (exact hit)', unit: 'ms', samples: restoreMs },
      { metric: 'warm run: build after the restore', unit: 'ms', samples: buildMs },
      { metric: 'bare no-op cargo lambda build', unit: 'ms', samples: bareMs },
      {
        metric: 'warm run: crates downloaded',
        unit: 'count',
        samples: downloads,
        target: { op: '<=', value: 0 },
      },
      {
        metric: 'warm run: registry crates compiled',
        unit: 'count',
        samples: [recompiled.size],
        target: { op: '<=', value: 0 },
      },
    ]
    const notes = [
      `Raw bytes by part: target ${formatValue(parts.target, 'bytes')}, cargo registry + git ${formatValue(parts.registry, 'bytes')}, Zig cache ${formatValue(parts.zig, 'bytes')}.`,
      ...(pruned ? [`The post step's pruning: ${pruned}.`] : []),
      `Entry: ${entry.key} (${formatValue(entry.sizeBytes, 'bytes')}).`,
      `A fresh checkout makes hello's sources newer than the restored units, so the warm run recompiles hello (and, with the size profile, runs its fat LTO and link); no dependency is recompiled${recompiled.size > 0 ? `, except: ${[...recompiled].join(', ')}` : ''}.`,
    ]
    return { rows, notes }
  },
}
