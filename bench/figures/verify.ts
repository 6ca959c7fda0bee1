/**
 * Figure: what checking the tools at the moment of use costs a warm run (issue 17). A folder found
 * in the runner tool cache is checked against content pins (the `zig` and `cargo-lambda` binaries,
 * a digest of Zig's lib/ tree) when the action has them, else against what the verified archive
 * kept beside it extracts to (Zig: 380 MB and 18,100 files decompressed from xz and read as a
 * stream, the libcs of other systems left out: src/tools/archive-digest.ts, zig-lib.ts).
 */
import * as path from 'node:path'
import { writeOverlay } from '../../test/support/content-pins.js'
import { writeStdOnlyCrate } from '../../test/support/harness.js'
import { seedToolCache } from '../../test/support/seed-tools.js'
import type { Figure, Row } from '../figure.js'
import { formatValue } from '../format.js'
import { median, pairwiseRatios } from '../stats.js'
import type { TimedAction } from '../world.js'

export type CheckedBy = 'content pins' | 'verified archive'

/** One tool's check in a run, as the action logs it. */
export interface ToolCheck {
  readonly tool: string
  readonly by: CheckedBy
  readonly ms: number
  /** CPU time of the action's process during the check (all its threads). */
  readonly cpuMs: number
}

/**
 * Pure: the checks of tool folders found in the tool cache, from the action's own lines
 * (`zig 0.15.2 found in the tool cache and checked against content pins in 250 ms: /…`).
 */
export function toolChecks(log: string): ToolCheck[] {
  const re =
    /^(\S+) \S+ found in the tool cache and checked against (content pins|verified archive) in ([\d.]+) (ms|s) \(CPU ([\d.]+) (ms|s)\):/gm
  const ms = (value: string | undefined, unit: string | undefined): number =>
    Number(value) * (unit === 's' ? 1000 : 1)
  return [...log.matchAll(re)].map((m) => ({
    tool: m[1] ?? '',
    by: m[2] as CheckedBy,
    ms: ms(m[3], m[4]),
    cpuMs: ms(m[5], m[6]),
  }))
}

/**
 * Pure: the total check time of a run (wall, and the process's CPU during the checks), after
 * making sure both tools were checked `by`.
 */
export function checkTimes(log: string, by: CheckedBy): { ms: number; cpuMs: number } {
  const checks = toolChecks(log)
  const tools = checks.map((c) => c.tool).sort()
  if (tools.join(',') !== 'cargo-lambda,zig' || checks.some((c) => c.by !== by)) {
    throw new Error(
      `expected zig and cargo-lambda found in the tool cache and checked against ${by}, got: ${JSON.stringify(checks)}`,
    )
  }
  return {
    ms: checks.reduce((a, c) => a + c.ms, 0),
    cpuMs: checks.reduce((a, c) => a + c.cpuMs, 0),
  }
}

export const verifyOverhead: Figure = {
  id: 'verify',
  title: 'Tool verification overhead',
  method:
    "One runner whose tool cache holds Zig 0.15.2 and cargo-lambda 1.9.2 as a first run leaves them (the real tools from the local mirror; Zig without the libcs of systems the action never builds for, 7,484 files), and a warm std-only x86_64 project (built once before the measured runs; `cache`, `smoke-test` and `upload-artifact` off, so the main step is the tools, a no-op `cargo lambda build` and the zip). Each run alternates two warm main steps through the runner harness: with content pins (the test overlay pins the mirror's archives and their content, as known-releases.json pins the official ones) and by the archive path (no content pins: the kept archive is checked against its pin, and what Zig's and cargo-lambda's archives extract to is read from them as a stream and compared with the folders). The check times are the ones the action logs for each tool (\"checked against … in N ms\", measured around the check inside the run). A warm run without the check is the same main step minus that time: what remains (finding the folder, `zig version`, `cargo-lambda --version`, the build and the zip) is what a run without the check does.",
  async run(ctx) {
    const { mirror, releases } = await ctx.world.tools()
    const runner = ctx.world.newRunner('verify')
    writeStdOnlyCrate(runner.dirs.workspace, 'verify-bench')
    const overlay = await writeOverlay(
      runner.root,
      releases,
      path.join(ctx.world.root, 'mirror'),
      mirror.url,
    )
    await seedToolCache(runner.dirs.toolCache, releases)
    const inputs = {
      ...releases.inputs(mirror.url),
      architecture: 'x86_64',
      'rust-toolchain': 'stable',
      cache: 'false',
      'smoke-test': 'false',
      'upload-artifact': 'false',
    }
    const pins = { RLA_RELEASES_OVERLAY: overlay.file }
    const archive = { RLA_RELEASES_OVERLAY: undefined }
    // The project's one compile (and Zig's glibc stubs): not measured.
    const first = await ctx.world.runAction(runner, inputs, { env: pins })
    checkTimes(first.main.log, 'content pins')

    type Measured = { run: TimedAction; check: number; cpu: number }
    const withPins: Measured[] = []
    const byArchive: Measured[] = []
    for (let i = 0; i < ctx.runs; i++) {
      const measure = async (mode: 'pins' | 'archive'): Promise<void> => {
        const run = await ctx.world.runAction(runner, inputs, {
          env: mode === 'pins' ? pins : archive,
        })
        if (/^\s*Compiling /m.test(run.main.log)) {
          throw new Error('a warm run compiled something: the runs are not comparable')
        }
        const by: CheckedBy = mode === 'pins' ? 'content pins' : 'verified archive'
        const t = checkTimes(run.main.log, by)
        ;(mode === 'pins' ? withPins : byArchive).push({ run, check: t.ms, cpu: t.cpuMs })
      }
      if (i % 2 === 0) {
        await measure('pins')
        await measure('archive')
      } else {
        await measure('archive')
        await measure('pins')
      }
      const p = withPins[i]!
      const a = byArchive[i]!
      ctx.log(
        `run ${i + 1}: content pins: main ${formatValue(p.run.main.ms, 'ms')}, check ${formatValue(p.check, 'ms')}; archive path: main ${formatValue(a.run.main.ms, 'ms')}, check ${formatValue(a.check, 'ms')}`,
      )
    }

    const without = withPins.map((p) => p.run.main.ms - p.check)
    const perTool = (runs: typeof withPins, tool: string): number =>
      median(runs.map((r) => toolChecks(r.run.main.log).find((c) => c.tool === tool)?.ms ?? 0))
    const rows: Row[] = [
      {
        metric: 'warm main step without the check',
        unit: 'ms',
        samples: without,
      },
      {
        metric: 'check with content pins (zig + cargo-lambda)',
        unit: 'ms',
        samples: withPins.map((p) => p.check),
        target: { op: '<=', value: 300 },
      },
      {
        metric: 'CPU of the check with content pins (all threads of the action)',
        unit: 'ms',
        samples: withPins.map((p) => p.cpu),
      },
      {
        metric: 'ratio: warm main step with content pins / without',
        unit: 'ratio',
        samples: pairwiseRatios(
          withPins.map((p) => p.run.main.ms),
          without,
        ),
      },
      {
        metric: 'check by the archive path (zig + cargo-lambda)',
        unit: 'ms',
        samples: byArchive.map((a) => a.check),
      },
      {
        metric: 'CPU of the check by the archive path (the action; xz not counted)',
        unit: 'ms',
        samples: byArchive.map((a) => a.cpu),
      },
      {
        metric: 'ratio: warm main step by the archive path / without',
        unit: 'ratio',
        samples: pairwiseRatios(
          byArchive.map((a) => a.run.main.ms),
          byArchive.map((a) => a.run.main.ms - a.check),
        ),
      },
    ]
    const notes = [
      `Per tool (medians): content pins: zig ${formatValue(perTool(withPins, 'zig'), 'ms')}, cargo-lambda ${formatValue(perTool(withPins, 'cargo-lambda'), 'ms')}; archive path: zig ${formatValue(perTool(byArchive, 'zig'), 'ms')}, cargo-lambda ${formatValue(perTool(byArchive, 'cargo-lambda'), 'ms')}.`,
    ]
    return { rows, notes }
  },
}
