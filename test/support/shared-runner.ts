/**
 * A warm runner shared by the integration tests that build real crates: one tool cache and one
 * cargo target folder per example, under the gitignored `.tmp/shared-runner/`.
 *
 * Why share: a cold fat-LTO build of an example on `lambda_runtime` + `tokio` takes minutes on two
 * cores, so each example is compiled once per suite run (and once per machine while `.tmp` lives)
 * and every later action run on it only re-links. Sharing the target folder alone is not enough:
 * cargo fingerprints the linker path, and the linker is cargo-zigbuild's wrapper, whose path holds
 * a hash of cargo-lambda's own path in the tool cache (src/tools/index.ts). So the runs that share
 * a target folder also share the tool cache, and with it cargo-lambda's and the wrappers' paths.
 *
 * The tool cache is filled once, under a lock (test files run in parallel forks): the bundled
 * action runs on an empty workspace, installs and verifies the tools from the test mirror, and
 * stops at `cargo metadata`. Runs on one target folder take turns (onSharedTarget). A folder made
 * with mkdir is the lock: mkdir is atomic, and the test dependencies have no lock-file library
 * worth adding for these few lines.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  makeRunnerDirs,
  repoRoot,
  runStep,
  type RunnerDirs,
  type StepOptions,
  type StepResult,
} from './harness.js'

const sharedRoot = path.join(repoRoot, '.tmp', 'shared-runner')
/** RUNNER_TOOL_CACHE of every run on the shared runner. */
const sharedToolCache = path.join(sharedRoot, 'tool-cache')
const readyMarker = path.join(sharedRoot, 'tools-ready')
/**
 * The bound of a test whose action run may be the suite's cold build of an example: minutes on
 * two quiet cores, many more while other test files build too.
 */
export const BUILD_TIMEOUT_MS = 30 * 60_000
/** A lock older than this was left by a killed run. */
const STALE_LOCK_MS = BUILD_TIMEOUT_MS

/** The cargo target folder shared by every run that builds `name` (e.g. `hello-arm64-...`). */
function sharedTargetDir(name: string): string {
  return path.join(sharedRoot, 'target', name)
}

/**
 * Environment for a step on the shared runner: the shared target folder of `example`, the shared
 * Zig cache, and the machine's cargo home, where scripts/setup.sh fetched the crates (a runner's
 * ~/.cargo: the build downloads nothing).
 */
function sharedBuildEnv(example: string): Record<string, string> {
  return {
    CARGO_TARGET_DIR: sharedTargetDir(example),
    // Zig's cache (glibc stubs, compiler-rt), kept as the action's cache would keep it.
    ZIG_GLOBAL_CACHE_DIR: path.join(sharedRoot, 'zig-cache'),
    CARGO_HOME: process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'),
  }
}

/** Runner folders on the shared runner: fresh workspace, temp and home; the shared tool cache. */
export function sharedRunnerDirs(root: string): RunnerDirs {
  return { ...makeRunnerDirs(root), toolCache: sharedToolCache }
}

/**
 * The main step on the shared runner, building `project` (already copied into the workspace) in
 * the target folder of its kind: one per project, architecture, runtime (the glibc the linker
 * targets), toolchain and profile, so that runs of one kind only re-link and runs of two kinds never
 * thrash each other's units. Runs of one kind take turns (onSharedTarget).
 */
export function runSharedBuild(project: string, options: StepOptions): Promise<StepResult> {
  const inputs = options.inputs ?? {}
  const kind = [
    path.basename(project),
    inputs.architecture ?? 'arm64',
    inputs.runtime ?? 'provided.al2023',
    inputs['rust-toolchain'] ?? 'stable',
    ...(inputs.profile ? [inputs.profile] : []),
  ].join('-')
  return onSharedTarget(kind, () =>
    runStep('main', { ...options, env: { ...sharedBuildEnv(kind), ...options.env } }),
  )
}

/**
 * Makes sure the shared tool cache holds the tools `toolInputs` pin (releases.inputs(mirror)),
 * installing them once through the bundled action. Safe to call from parallel test files.
 */
export async function prepareSharedRunner(toolInputs: Record<string, string>): Promise<void> {
  fs.mkdirSync(sharedRoot, { recursive: true })
  const stamp = JSON.stringify(
    Object.fromEntries(Object.entries(toolInputs).filter(([k]) => k.endsWith('sha256'))),
  )
  const ready = () => fs.existsSync(readyMarker) && fs.readFileSync(readyMarker, 'utf8') === stamp
  if (ready()) return
  await withLock(path.join(sharedRoot, 'tools.lock'), async () => {
    if (ready()) return
    await installTools(toolInputs)
    fs.writeFileSync(readyMarker, stamp)
  })
}

/**
 * Runs `step` (an action run building into sharedTargetDir(name)) alone among the test files:
 * cargo locks the target folder only while it compiles, and cargo-lambda then copies each
 * binary to `target/lambda/<bin>/bootstrap`, where a parallel run could overwrite it with its own
 * (another architecture or glibc) before this run zips it.
 */
function onSharedTarget<T>(name: string, step: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.join(sharedRoot, 'target'), { recursive: true })
  return withLock(path.join(sharedRoot, 'target', `${name}.lock`), step)
}

async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.mkdirSync(lock)
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid))
      break
    } catch {
      if (isStale(lock)) fs.rmSync(lock, { recursive: true, force: true })
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
  try {
    return await fn()
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

/** A lock whose holder has exited (a killed test run), or that is older than any build. */
function isStale(lock: string): boolean {
  const stat = fs.statSync(lock, { throwIfNoEntry: false })
  if (stat === undefined) return false
  if (Date.now() - stat.mtimeMs > STALE_LOCK_MS) return true
  let pid = 0
  try {
    pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'))
  } catch {
    return false // just made (its holder has not written its pid yet) or just released
  }
  if (!(pid > 0)) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

async function installTools(toolInputs: Record<string, string>): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-shared-runner-'))
  try {
    const dirs = sharedRunnerDirs(root)
    // An empty workspace: the run installs the tools, then stops at `cargo metadata`.
    fs.writeFileSync(path.join(dirs.workspace, 'Cargo.toml'), '[workspace]\n')
    const r = await runStep('main', {
      dirs,
      inputs: { ...toolInputs, architecture: 'x86_64', cache: 'false', 'upload-artifact': 'false' },
      timeoutMs: 10 * 60_000,
    })
    const installed = ['cargo-lambda', 'zig'].every((tool) =>
      fs.existsSync(path.join(sharedToolCache, tool)),
    )
    if (!installed) {
      throw new Error(`the shared runner's tools were not installed:\n${r.log.slice(-3000)}`)
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
}
