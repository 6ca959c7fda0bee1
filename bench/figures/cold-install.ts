/** Figure 3: installing zig + cargo-lambda: from the mirror, from the Actions cache, from the tool cache. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Figure, Row } from '../figure.js'
import { formatValue } from '../format.js'
import { stages } from '../log.js'
import type { TimedAction } from '../world.js'

/** Pure: ms spent in the groups of the tools (and of Rust, reported apart). */
export function toolTimes(run: Pick<TimedAction, 'main'>): { install: number; rust: number } {
  let install = 0
  let rust = 0
  for (const s of stages(run.main.lines, run.main.ms)) {
    if (/^(Zig|cargo-lambda) /.test(s.name)) install += s.ms
    else if (/^Rust toolchain/.test(s.name)) rust += s.ms
  }
  return { install, rust }
}

/** Pure: bytes served between two snapshots of the mirror's request counts. */
export function servedBytes(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  sizeOf: (urlPath: string) => number,
): number {
  let total = 0
  for (const [p, n] of after) total += (n - (before.get(p) ?? 0)) * sizeOf(p)
  return total
}

function emptyFolder(dir: string): void {
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { recursive: true })
}

export const coldInstall: Figure = {
  id: 'cold-install',
  title: 'Cold install',
  method:
    "Time the action spends in its Zig and cargo-lambda groups (from the arrival times of the log lines), on the warm examples/hello runner, three ways per run: (1) tool cache emptied and `cache: false`: both downloaded from the local mirror (the real Zig 0.15.2 and cargo-lambda 1.9.2 from their wheels, repacked as the official release assets), verified and extracted; bytes are what the mirror served. (2) tool cache emptied, `cache: true`: both restored from the Actions cache emulator (entries the first run's post step saved; the tool cache keeps its runner path, so the cache version matches, as on hosted runners); bytes are the stored entries' sizes. (3) tool cache warm: found in the tool cache. Rust is the preinstalled rustup's toolchain, checked every run: shown apart.",
  async run(ctx) {
    const { mirror } = await ctx.world.tools()
    const results = await ctx.world.resultsService()
    const warm = await ctx.world.warmProject('examples/hello')
    const toolCache = warm.runner.dirs.toolCache
    const mirrorDir = path.join(ctx.world.root, 'mirror')
    const sizeOf = (p: string): number =>
      fs.statSync(path.join(mirrorDir, p), { throwIfNoEntry: false })?.size ?? 0

    // Only the tools groups are measured: no smoke test or upload to spend time on.
    const inputs = { ...warm.inputs, 'smoke-test': 'false', 'upload-artifact': 'false' }
    const mirrorMs: number[] = []
    const mirrorBytes: number[] = []
    const cacheMs: number[] = []
    const toolCacheMs: number[] = []
    const rustMs: number[] = []
    for (let i = 0; i < ctx.runs; i++) {
      emptyFolder(toolCache)
      const before = new Map(mirror.requests)
      const fromMirror = await ctx.world.runAction(warm.runner, {
        ...inputs,
        cache: 'false',
      })
      mirrorMs.push(toolTimes(fromMirror).install)
      mirrorBytes.push(servedBytes(before, mirror.requests, sizeOf))

      emptyFolder(toolCache)
      const fromCache = await ctx.world.runAction(warm.runner, inputs)
      if (!/restored from the Actions cache/.test(fromCache.main.log)) {
        throw new Error('with an empty tool cache, the tools did not come from the Actions cache')
      }
      cacheMs.push(toolTimes(fromCache).install)

      const fromToolCache = await ctx.world.runAction(warm.runner, inputs)
      const t = toolTimes(fromToolCache)
      toolCacheMs.push(t.install)
      rustMs.push(t.rust)
      ctx.log(
        `run ${i + 1}: mirror ${formatValue(mirrorMs[i] ?? 0, 'ms')}, Actions cache ${formatValue(cacheMs[i] ?? 0, 'ms')}, tool cache ${formatValue(t.install, 'ms')}`,
      )
    }
    const toolEntries = results.cacheEntries().filter((e) => /-tool-/.test(e.key) && e.finalized)
    const rows: Row[] = [
      { metric: 'from the mirror: zig + cargo-lambda', unit: 'ms', samples: mirrorMs },
      { metric: 'from the mirror: bytes downloaded', unit: 'bytes', samples: mirrorBytes },
      { metric: 'from the Actions cache (empty tool cache)', unit: 'ms', samples: cacheMs },
      {
        metric: 'from the Actions cache: bytes stored',
        unit: 'bytes',
        samples: [toolEntries.reduce((a, e) => a + e.sizeBytes, 0)],
      },
      {
        metric: 'from the tool cache',
        unit: 'ms',
        samples: toolCacheMs,
        target: { op: '<=', value: 300 },
      },
      { metric: 'Rust toolchain check (rustup, every run)', unit: 'ms', samples: rustMs },
    ]
    const notes = [
      `Actions cache entries of the tools: ${toolEntries.map((e) => `${e.key} (${formatValue(e.sizeBytes, 'bytes')})`).join(', ')}.`,
    ]
    return { rows, notes }
  },
}
