/**
 * The local world the benchmarks run the action in, started once per `npm run bench` and shared
 * by the figures: the mirror serving the real Zig 0.15.2 and cargo-lambda 1.9.2 that
 * scripts/setup.sh repacked (test/support/releases.ts),
 * the Actions results service emulator (cache + artifacts, Azurite blobs), and runner folders
 * under the repository's gitignored `.tmp/bench/`. Everything runs through the runner harness
 * (test/support/harness.ts), i.e. the bundled dist/ with Node 24, exactly as a workflow would.
 */
import { spawn } from 'node:child_process'
import { parse as shellParse } from 'shell-quote'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  copyProject,
  makeRunnerDirs,
  repoRoot,
  runAction,
  type ActionRun,
  type RunnerDirs,
  type StepResult,
} from '../test/support/harness.js'
import { startMirror, type Mirror } from '../test/support/mirror.js'
import { prepareReleases, type PreparedReleases } from '../test/support/releases.js'
import { startResultsService, type ResultsService } from '../test/support/results-service.js'

export const benchRoot = path.join(repoRoot, '.tmp', 'bench')

/** The Rust toolchain the figures build with: the linked Debian toolchain has the aarch64 std. */
export const rustToolchain = 'debian'

export interface Runner {
  readonly name: string
  readonly dirs: RunnerDirs
  /** The runner's own folder (logs are kept under it). */
  readonly root: string
}

export interface TimedAction extends ActionRun {
  readonly post: StepResult
  /** main + post wall time, as the workflow pays it. */
  readonly ms: number
}

export interface BareBuild {
  readonly ms: number
  /** The output, to check what cargo did (e.g. whether it compiled anything). */
  readonly log: string
}

/** One `cargo lambda build` the action ran: the program, its arguments, and where. */
export interface BuildCall {
  /** `cargo`, or the verified cargo-lambda binary the action runs by its own path. */
  readonly program: string
  readonly argv: string[]
  readonly cwd: string
}

export interface WarmProject {
  readonly runner: Runner
  readonly inputs: Record<string, string>
  /** The first (cold) run that filled the tool cache and the Actions cache. */
  readonly cold: TimedAction
  /** The `cargo lambda build` command lines of the cold run: every warm run repeats them. */
  readonly calls: readonly BuildCall[]
}

export class World {
  private mirror: Mirror | undefined
  private releases: PreparedReleases | undefined
  private results: ResultsService | undefined
  private readonly warm = new Map<string, Promise<WarmProject>>()
  private counter = 0
  /** Warnings the action printed: a degraded run (e.g. a cache that failed) must be visible. */
  private readonly warnings = new Set<string>()

  private constructor(readonly root: string) {}

  static create(): World {
    fs.rmSync(benchRoot, { recursive: true, force: true })
    fs.mkdirSync(benchRoot, { recursive: true })
    return new World(benchRoot)
  }

  /** The local mirror with the real Zig and cargo-lambda, repacked as their release assets. */
  async tools(): Promise<{ mirror: Mirror; releases: PreparedReleases }> {
    if (this.mirror === undefined || this.releases === undefined) {
      const dir = path.join(this.root, 'mirror')
      this.releases = await prepareReleases(dir)
      this.mirror = await startMirror(dir, { timeoutMs: 60 * 60_000 })
    }
    return { mirror: this.mirror, releases: this.releases }
  }

  /** The Actions cache + artifact service emulator. */
  async resultsService(): Promise<ResultsService> {
    this.results ??= await startResultsService({
      dataDir: path.join(this.root, 'results-service'),
      lifetimeMs: 60 * 60_000,
    })
    return this.results
  }

  /** Inputs every run gets: tools from the local mirror, the toolchain with the aarch64 std. */
  async baseInputs(): Promise<Record<string, string>> {
    const { mirror, releases } = await this.tools()
    return { ...releases.inputs(mirror.url), 'rust-toolchain': rustToolchain }
  }

  /** Environment every run gets: the results service (Actions cache + artifacts). */
  async baseEnv(): Promise<Record<string, string>> {
    const results = await this.resultsService()
    return { ...results.env }
  }

  /** Fresh runner folders with a copy of `project` (a path under the repository) as workspace. */
  newRunner(name: string, project?: string): Runner {
    const root = path.join(this.root, 'runners', `${name}-${++this.counter}`)
    const dirs = makeRunnerDirs(root)
    if (project !== undefined) copyProject(path.join(repoRoot, project), dirs.workspace)
    return { name, dirs, root }
  }

  /** Runs main and post like the runner; throws with the log's end when either step fails. */
  async runAction(
    runner: Runner,
    inputs: Record<string, string>,
    options: { env?: Record<string, string | undefined>; dirs?: Partial<RunnerDirs> } = {},
  ): Promise<TimedAction> {
    const env = { ...(await this.baseEnv()), ...(options.env ?? {}) }
    const dirs = { ...runner.dirs, ...(options.dirs ?? {}) }
    // Each run is a new job: the runner empties RUNNER_TEMP at the start of every job.
    fs.rmSync(dirs.temp, { recursive: true, force: true })
    fs.mkdirSync(dirs.temp, { recursive: true })
    // A cold fat-LTO arm64 build of a crate graph like lambda_runtime + tokio: minutes on two quiet
    // cores, a quarter of an hour or more while the machine does other work.
    const run = await runAction({ inputs, env, dirs, timeoutMs: 45 * 60_000 })
    this.keepLog(runner, run)
    if (run.main.exitCode !== 0 || run.post === undefined) {
      throw new Error(`the action's main step failed in ${runner.name}: ${failureOf(run.main)}`)
    }
    if (run.post.exitCode !== 0) {
      throw new Error(`the action's post step failed in ${runner.name}: ${failureOf(run.post)}`)
    }
    for (const a of [...run.main.annotations, ...run.post.annotations]) {
      if (a.level === 'warning') this.warnings.add(`${a.message} (${runner.name})`)
    }
    return { main: run.main, post: run.post, ms: run.main.ms + run.post.ms }
  }

  /**
   * A project built once by the action (cold: tools from the mirror, empty caches; the post step
   * saves the tool and cargo caches), so later runs on the same runner are warm. Shared by the
   * figures that need an already-built tree.
   */
  warmProject(project: string, extraInputs: Record<string, string> = {}): Promise<WarmProject> {
    const key = `${project}\0${JSON.stringify(extraInputs)}`
    let warm = this.warm.get(key)
    if (warm === undefined) {
      warm = (async () => {
        const runner = this.newRunner(`warm-${path.basename(project)}`, project)
        const inputs = { ...(await this.baseInputs()), ...extraInputs }
        const cold = await this.runAction(runner, inputs)
        const calls = buildCalls(cold.main.log, runner.dirs.workspace)
        return { runner, inputs, cold, calls }
      })()
      this.warm.set(key, warm)
    }
    return warm
  }

  /**
   * The bare build the action wraps: the same `cargo lambda build` command lines the action ran
   * (as its log shows them), run directly in the same runner with the environment a later
   * workflow step would have (the tools' PATH and variables the action exported).
   */
  async bareBuild(runner: Runner, action: TimedAction, calls: readonly BuildCall[]) {
    if (calls.length === 0) throw new Error('the action ran no cargo lambda build to compare with')
    const pathValue = [...action.main.addedPath.slice().reverse(), process.env.PATH ?? ''].join(
      path.delimiter,
    )
    const env: Record<string, string> = {
      ...stepBaseEnv(runner.dirs),
      ...action.main.exportedEnv,
      PATH: pathValue,
      RUSTUP_TOOLCHAIN: rustToolchain,
      CARGO_TERM_COLOR: 'never',
    }
    let ms = 0
    let log = ''
    for (const call of calls) {
      const r = await timedSpawn(call.program, call.argv, call.cwd, env)
      if (r.code !== 0) {
        throw new Error(
          `bare ${call.program} ${call.argv.join(' ')} failed (${r.code}): ${r.log.slice(-800)}`,
        )
      }
      ms += r.ms
      log += r.log
    }
    return { ms, log } satisfies BareBuild
  }

  /** Keeps each step's log with arrival times under the runner's folder, for a closer look. */
  private keepLog(runner: Runner, run: ActionRun): void {
    const dir = path.join(runner.root, 'logs')
    fs.mkdirSync(dir, { recursive: true })
    const n = fs.readdirSync(dir).length / 2 + 1
    for (const step of ['main', 'post'] as const) {
      const lines = run[step]?.lines ?? []
      const text = lines.map((l) => `${(l.ms / 1000).toFixed(3).padStart(8)} ${l.text}`).join('\n')
      fs.writeFileSync(path.join(dir, `${String(n).padStart(3, '0')}-${step}.log`), text + '\n')
    }
  }

  takeWarnings(): string[] {
    const out = [...this.warnings]
    this.warnings.clear()
    return out
  }

  async close(): Promise<void> {
    await this.mirror?.close()
    await this.results?.close()
  }
}

/**
 * Pure: the `cargo lambda build` command lines in the action's log (`[command] cargo lambda ...`,
 * or `[command] /…/cargo-lambda lambda ...` since the action runs the verified binary by its
 * path; quoted as a shell would need them), to be run from `cwd` (the workspace, the action's
 * default).
 */
export function buildCalls(log: string, cwd: string): BuildCall[] {
  return [...log.matchAll(/^\[command\] (cargo|\S*\/cargo-lambda) (lambda build .*)$/gm)].map(
    (m) => ({
      program: m[1] ?? 'cargo',
      argv: shellParse(m[2] ?? '').filter((a): a is string => typeof a === 'string'),
      cwd,
    }),
  )
}

/** Crates cargo downloaded, from its `Downloaded <name> v<version>` lines. */
export function downloadedCrates(log: string): string[] {
  return [...log.matchAll(/^\s*Downloaded (\S+) v\S+/gm)].map((m) => m[1] ?? '')
}

/** What the harness gives every step, for commands the benchmark runs itself. */
function stepBaseEnv(dirs: RunnerDirs): Record<string, string> {
  const env: Record<string, string> = {}
  for (const k of ['LANG', 'LC_ALL', 'TERM', 'TZ', 'USER', 'SHELL', 'CARGO_HOME']) {
    const v = process.env[k]
    if (v !== undefined) env[k] = v
  }
  env.RUSTUP_HOME = process.env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup')
  env.HOME = dirs.home
  env.CI = 'true'
  env.RUNNER_TEMP = dirs.temp
  env.RUNNER_TOOL_CACHE = dirs.toolCache
  return env
}

export async function timedSpawn(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; ms: number; log: string }> {
  const t0 = performance.now()
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr.on('data', (d: Buffer) => (log += d.toString()))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  return { code, ms: performance.now() - t0, log }
}

function failureOf(step: StepResult): string {
  const errors = step.annotations.filter((a) => a.level === 'error').map((a) => a.message)
  return errors.length > 0 ? errors.join(' / ') : step.log.slice(-1500)
}

/** Recursive size of a folder in bytes (files only; symlinks not followed). */
export function folderBytes(dir: string): number {
  let total = 0
  const walk = (d: string): void => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) total += fs.statSync(p).size
    }
  }
  walk(dir)
  return total
}
