/**
 * Figure: a monorepo beyond one runner. One runner against L = 1, 2, 4 legs (run one after
 * another, each a cold target folder on a shared sccache in the S3 emulator), the share of each
 * leg spent in the functions' final LTO/link units, the dependency-compile time a warm sccache
 * saves, and what a one-crate edit builds with `changed-since`.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  makeRunnerDirs,
  repoRoot,
  runStep,
  type RunnerDirs,
  type StepResult,
} from '../../test/support/harness.js'
import { commitAll, git, writeLambdaMonorepo } from '../../test/support/monorepo.js'
import { prepareSccache } from '../../test/support/releases.js'
import { S3RVER_CREDENTIALS, startS3Emulator } from '../../test/support/s3-emulator.js'
import type { Figure, Row } from '../figure.js'
import { benchRoot } from '../world.js'

/** The leg counts compared with one runner. */
export const LegCounts = [1, 2, 4] as const
/** The default size of the generated workspace (`--scale-functions`). */
export const DefaultScaleFunctions = 12
/** Every build is niced: the machine is shared. */
const Nice = ['nice', '-n', '5']
const cpuScript = path.join(repoRoot, 'bench', 'cpu-time.py')
const LegTimeoutMs = 90 * 60_000

/** One unit of `cargo build --timings` (the UNIT_DATA its HTML report embeds). */
export interface TimingUnit {
  readonly name: string
  readonly mode: string
  readonly target: string
  /** Seconds from the start of that cargo run. */
  readonly start: number
  readonly duration: number
}

/** Pure: the units of one `cargo-timing-*.html` report. */
export function parseTimings(html: string): TimingUnit[] {
  const m = /const UNIT_DATA = (\[[\s\S]*?\n\]);/.exec(html)
  if (m === null) throw new Error('no UNIT_DATA in the cargo timing report')
  return (JSON.parse(m[1] as string) as TimingUnit[]).map((u) => ({
    name: u.name,
    mode: u.mode,
    target: u.target,
    start: u.start,
    duration: u.duration,
  }))
}

/** What one leg's cargo runs spent, from their timing reports (seconds). */
export interface UnitTimes {
  /** Wall time of the cargo runs (each from its start to its last unit's end), summed. */
  readonly build: number
  /** Wall time during which at least one final binary unit (LTO, codegen, link) ran. */
  readonly final: number
  /** Summed time of the registry crates' units (compiles and build scripts). */
  readonly deps: number
  /** Wall time until the last registry unit ended, summed over the cargo runs. */
  readonly depsWall: number
  readonly units: number
}

/**
 * Pure: the leg's times from its cargo runs' units. A final unit is a binary of a workspace
 * member (`"bin"` target): with fat LTO and one codegen unit it holds the whole-program
 * optimisation, codegen and link of that binary (its own crate is a few lines). A registry unit is
 * one whose crate is not a workspace member.
 */
export function unitTimes(runs: readonly TimingUnit[][], members: ReadonlySet<string>): UnitTimes {
  let build = 0
  let final = 0
  let deps = 0
  let depsWall = 0
  let units = 0
  for (const run of runs) {
    units += run.length
    build += Math.max(0, ...run.map((u) => u.start + u.duration))
    const finals = run.filter((u) => members.has(u.name) && /"bin"/.test(u.target))
    final += unionLength(finals.map((u) => [u.start, u.start + u.duration] as const))
    const registry = run.filter((u) => !members.has(u.name))
    deps += registry.reduce((s, u) => s + u.duration, 0)
    depsWall += Math.max(0, ...registry.map((u) => u.start + u.duration))
  }
  return { build, final, deps, depsWall, units }
}

/** Pure: the total length of the union of intervals. */
export function unionLength(intervals: readonly (readonly [number, number])[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  let total = 0
  let end = -Infinity
  for (const [s, e] of sorted) {
    if (e <= end) continue
    total += e - Math.max(s, end)
    end = e
  }
  return total
}

/** Pure: a number from the action's compile-cache summary table (`| hits | 63 |`). */
export function summaryStat(summary: string, row: string): number | undefined {
  const m = new RegExp(`^\\| ${row} \\| ([^|]*) \\|$`, 'm').exec(summary)
  const v = m === null ? NaN : parseFloat(m[1] ?? '')
  return Number.isFinite(v) ? v : undefined
}

interface Leg {
  readonly label: string
  readonly binaries: readonly string[]
  /** The action's main step, spawn to exit. */
  readonly ms: number
  /** user + system CPU of every process of the leg (the action, cargo, rustc, zig, sccache). */
  readonly cpuMs: number
  readonly times: UnitTimes
  readonly hits: number | undefined
  readonly misses: number | undefined
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0)
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
const pct = (x: number): string => `${(100 * x).toFixed(0)} %`

export const scale: Figure = {
  id: 'scale',
  title: 'Monorepo scale: legs, shared sccache, LTO share',
  method:
    'A generated workspace of N small functions (`lambda_runtime` + `tokio` + `serde`, on a `shared` / `base` library or none; test/support/monorepo.ts) and a std-only extension, built by the bundled action through the runner harness with the real cargo-lambda 1.9.2, Zig 0.15.2 and sccache 0.16.0: profile `size` (fat LTO, one codegen unit), x86_64 (faster here than arm64; the mechanism is the same), `compile-cache: s3` against the S3 emulator, `cargo-args: --timings`, every build under `nice -n 5`. Legs run one after another, each in its own RUNNER_TEMP/HOME with an emptied target folder (the workspace\u2019s `target/`), on one workspace path, CARGO_HOME, tool cache and Zig cache. First one runner on an empty bucket (it fills it), then L = 1, 2, 4 legs on the warm bucket, with the binaries `mode: plan` with `shards: L` gives each leg. Critical path = the slowest leg (main step, spawn to exit); CPU = user + system of every process of a leg, the sccache daemon and its compilers included (bench/cpu-time.py, a child subreaper). LTO/link share = the wall time in which a final binary unit ran, over the cargo runs\u2019 wall time, from the `--timings` reports. Dependency time = the registry crates\u2019 units summed. Last, `mode: plan` with `changed-since` after one-crate edits.',
  async run(ctx) {
    const functions = ctx.scaleFunctions ?? DefaultScaleFunctions
    const root = path.join(benchRoot, 'scale')
    fs.rmSync(root, { recursive: true, force: true })
    fs.mkdirSync(root, { recursive: true })
    const workspace = path.join(root, 'workspace')
    const repo = writeLambdaMonorepo(workspace, functions)
    const members = new Set(['base', 'shared', 'audit', ...repo.functions])
    const { mirror } = await ctx.world.tools()
    const sccache = await prepareSccache(path.join(ctx.world.root, 'mirror'))
    const s3 = await startS3Emulator(['build-cache'], 6 * LegTimeoutMs)
    const toolCache = path.join(root, 'tool-cache')
    const zigCache = path.join(root, 'zig-cache')
    const payload = path.join(root, 'event.json')
    fs.writeFileSync(payload, JSON.stringify({ repository: { default_branch: 'main' } }))
    const inputs: Record<string, string> = {
      ...(await ctx.world.baseInputs()),
      ...sccache.inputs(mirror.url),
      architecture: 'x86_64',
      profile: 'size',
      cache: 'false',
      'upload-artifact': 'false',
      'smoke-test': 'false',
      'compile-cache': 's3',
      'compile-cache-bucket': 'build-cache',
      'cargo-args': '--timings',
    }
    // One target folder path for every leg (sccache hashes every CARGO_* variable, so a
    // CARGO_TARGET_DIR per leg would share nothing), emptied before each: a fresh checkout's.
    const target = path.join(workspace, 'target')
    const env: Record<string, string> = {
      // Every leg a push to the default branch: each may write what it compiled.
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_PATH: payload,
      CARGO_HOME: process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'),
      ZIG_GLOBAL_CACHE_DIR: zigCache,
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: s3.url,
    }
    const dirsOf = (name: string): RunnerDirs => ({
      ...makeRunnerDirs(path.join(root, 'runners', name)),
      workspace,
      toolCache,
    })
    const failed = (what: string, step: StepResult): Error =>
      new Error(`${what} failed (exit ${step.exitCode}):\n${step.log.slice(-3000)}`)

    const plan = async (extra: Record<string, string>) => {
      const step = await runStep('main', {
        dirs: dirsOf(`plan-${Object.values(extra).join('-')}`),
        inputs: { mode: 'plan', ...extra },
        timeoutMs: 5 * 60_000,
      })
      if (step.exitCode !== 0) throw failed(`mode: plan (${JSON.stringify(extra)})`, step)
      return step
    }
    const leg = async (label: string, binaries: string | undefined): Promise<Leg> => {
      const runner = path.join(root, 'runners', label)
      fs.rmSync(target, { recursive: true, force: true })
      const cpuFile = path.join(runner, 'cpu.json')
      const step = await runStep('main', {
        dirs: dirsOf(label),
        inputs: { ...inputs, ...(binaries === undefined ? {} : { binaries }) },
        env,
        command: [...Nice, 'python3', cpuScript, cpuFile],
        timeoutMs: LegTimeoutMs,
      })
      fs.writeFileSync(path.join(runner, 'main.log'), step.log)
      if (step.exitCode !== 0) throw failed(`leg ${label}`, step)
      const cpu = JSON.parse(fs.readFileSync(cpuFile, 'utf8')) as {
        user: number
        sys: number
        left: number
      }
      if (cpu.left !== 0) ctx.log(`${label}: a process of the leg outlived it (not counted)`)
      // The leg's reports, kept beside its log (the next leg empties the target folder).
      const reports = path.join(runner, 'cargo-timings')
      fs.renameSync(path.join(target, 'cargo-timings'), reports)
      const runs = fs
        .readdirSync(reports)
        .filter((f) => /^cargo-timing-.+\.html$/.test(f))
        .map((f) => parseTimings(fs.readFileSync(path.join(reports, f), 'utf8')))
      if (runs.length === 0) throw new Error(`leg ${label}: no cargo timing report in ${reports}`)
      const built = (JSON.parse(step.outputs.artifacts ?? '[]') as { bin: string }[]).map(
        (a) => a.bin,
      )
      const result: Leg = {
        label,
        binaries: built,
        ms: step.ms,
        cpuMs: (cpu.user + cpu.sys) * 1000,
        times: unitTimes(runs, members),
        hits: summaryStat(step.summary, 'hits'),
        misses: summaryStat(step.summary, 'misses'),
      }
      ctx.log(
        `${label}: ${built.length} binaries in ${s(result.ms)}, CPU ${s(result.cpuMs)}, LTO/link ${pct(result.times.final / result.times.build)} of ${result.times.build.toFixed(1)} s of cargo, sccache ${result.hits} hits / ${result.misses} misses; load ${loadAverage()}`,
      )
      return result
    }

    const rows: Row[] = []
    const notes: string[] = [
      `${functions} functions + 1 extension; ${os.cpus().length} CPUs; load at the start ${loadAverage()}`,
    ]
    try {
      commitAll(workspace, 'functions')
      ctx.log(`${functions} functions; load ${loadAverage()}`)
      const cold = await leg('one-runner-empty-cache', undefined)
      const byL = new Map<number, Leg[]>()
      for (const L of LegCounts) {
        let shards: (string | undefined)[] = [undefined]
        if (L > 1) {
          const step = await plan({ shards: String(L) })
          const include = (
            JSON.parse(step.outputs.matrix ?? '{}') as {
              include?: { binaries: string }[]
            }
          ).include
          shards = (include ?? []).map((l) => l.binaries)
        }
        const legs: Leg[] = []
        for (const [i, binaries] of shards.entries()) {
          legs.push(await leg(`L${L}-leg${i + 1}`, binaries))
        }
        byL.set(L, legs)
      }
      const one = byL.get(1) as Leg[]
      const critical = (legs: readonly Leg[]): number => Math.max(...legs.map((l) => l.ms))
      for (const L of LegCounts) {
        const legs = byL.get(L) as Leg[]
        rows.push({
          metric: `critical path, ${L} leg${L > 1 ? 's' : ''} (slowest leg), warm sccache`,
          unit: 'ms',
          samples: [critical(legs)],
        })
        rows.push({
          metric: `total CPU (user + sys), ${L} leg${L > 1 ? 's' : ''}`,
          unit: 'ms',
          samples: [sum(legs.map((l) => l.cpuMs))],
        })
        if (L > 1) {
          rows.push({
            metric: `critical path, ${L} legs / 1 runner`,
            unit: 'ratio',
            samples: [critical(legs) / critical(one)],
          })
        }
        rows.push({
          metric: `LTO/link share of a leg's cargo time, ${L} leg${L > 1 ? 's' : ''} (per leg)`,
          unit: 'ratio',
          samples: legs.map((l) => l.times.final / l.times.build),
        })
        for (const l of legs) {
          notes.push(
            `L=${L} ${l.label}: ${l.binaries.length} binaries (${l.binaries.join(', ')}), ${s(l.ms)} wall, ${s(l.cpuMs)} CPU; cargo ${l.times.build.toFixed(1)} s of which LTO/link units ran ${l.times.final.toFixed(1)} s (${pct(l.times.final / l.times.build)}); registry units ${l.times.deps.toFixed(1)} s summed; sccache ${l.hits} hits, ${l.misses} misses`,
          )
        }
      }
      const warm = one[0] as Leg
      rows.push(
        {
          metric: 'one runner, empty sccache (fills it): main step',
          unit: 'ms',
          samples: [cold.ms],
        },
        { metric: 'one runner, empty sccache: CPU', unit: 'ms', samples: [cold.cpuMs] },
        {
          metric: 'dependency compile (registry units summed), empty sccache',
          unit: 'ms',
          samples: [cold.times.deps * 1000],
        },
        {
          metric: 'dependency compile (registry units summed), warm sccache',
          unit: 'ms',
          samples: [warm.times.deps * 1000],
        },
        {
          metric: 'dependency-compile time saved by a warm sccache (summed units)',
          unit: 'ms',
          samples: [(cold.times.deps - warm.times.deps) * 1000],
        },
        {
          metric: 'one runner: main step saved by a warm sccache',
          unit: 'ms',
          samples: [cold.ms - warm.ms],
        },
        {
          metric: 'one runner: CPU saved by a warm sccache',
          unit: 'ms',
          samples: [cold.cpuMs - warm.cpuMs],
        },
      )
      notes.push(
        `one runner on an empty sccache: ${s(cold.ms)} wall, ${s(cold.cpuMs)} CPU, registry units ${cold.times.deps.toFixed(1)} s summed (last ended at ${cold.times.depsWall.toFixed(1)} s), sccache ${cold.hits} hits / ${cold.misses} misses; on the warm one: ${s(warm.ms)}, ${s(warm.cpuMs)} CPU, registry units ${warm.times.deps.toFixed(1)} s (last ended at ${warm.times.depsWall.toFixed(1)} s)`,
      )

      // The builds pruned the lock file (examples/workspace's) to this workspace's crates: commit
      // that first, or the first edit's diff would hold Cargo.lock, which plans every function.
      git(workspace, 'add', '-A')
      git(workspace, 'commit', '-q', '--allow-empty', '-m', 'what the builds changed')
      // What a one-crate edit builds with changed-since (the `plan` figure measures more edits).
      for (const [file, what] of [
        [
          `functions/${repo.functions[Math.min(6, functions - 1)]}/src/main.rs`,
          'one function crate',
        ],
        ['crates/shared/src/lib.rs', 'the shared library'],
      ] as const) {
        const before = git(workspace, 'rev-parse', 'HEAD')
        fs.appendFileSync(path.join(workspace, file), '// edit\n')
        commitAll(workspace, `edit ${file}`)
        const step = await plan({ 'changed-since': before })
        const count = Number(step.outputs['binary-count'])
        rows.push({
          metric: `binaries built after editing ${what}, changed-since (of ${functions + 1})`,
          unit: 'count',
          samples: [count],
        })
        notes.push(`${file}: plans ${count} (${step.outputs.binaries || 'none'})`)
      }
      notes.push(`load at the end ${loadAverage()}`)
      return { rows, notes }
    } finally {
      await s3.close()
    }
  },
}

/** The 1, 5 and 15 minute load averages (`uptime`), to read the times against. */
function loadAverage(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' })
      .trim()
      .replace(/^.*load average: /, '')
  } catch {
    return os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')
  }
}
