/**
 * Runs `cargo lambda build`, turning rustc's diagnostics into annotations with a problem matcher,
 * and a failure into a message that points at the first compile error.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as exec from '@actions/exec'
import * as core from '@actions/core'
import { BuildError } from '../errors.js'
import { inert } from '../log.js'
import { showCommand } from '../util/command.js'

export const MatcherOwner = 'rust-lambda-action-rustc'

/**
 * rustc's human output: `error[E0308]: mismatched types` then `  --> src/main.rs:4:5`
 * (the layout rust-lang's own matchers and dtolnay/rust-toolchain use).
 */
export const problemMatcher = {
  problemMatcher: [
    {
      owner: MatcherOwner,
      pattern: [
        {
          regexp: '^(warning|warn|error)(?:\\[(\\S*)\\])?: (.*)$',
          severity: 1,
          code: 2,
          message: 3,
        },
        {
          regexp: '^\\s*-->\\s(\\S+):(\\d+):(\\d+)$',
          file: 1,
          line: 2,
          column: 3,
        },
      ],
    },
  ],
} as const

const LOCATION = /^(\s*-->\s)(\S+)(:\d+:\d+)$/

/**
 * Pure: rustc prints paths relative to the cargo workspace root; annotations need them relative to
 * the repository. `prefix` is the workspace root relative to GITHUB_WORKSPACE ('' when equal).
 */
export function rebaseLocation(line: string, prefix: string): string {
  if (prefix === '') return line
  const m = LOCATION.exec(line)
  if (m === null || path.isAbsolute(m[2] as string)) return line
  return `${m[1]}${path.posix.join(prefix, m[2] as string)}${m[3]}`
}

export interface FirstError {
  readonly message: string
  readonly location?: string | undefined
}

/** Pure: the first compile error in the output, or the last error-looking line. */
export function firstError(lines: readonly string[]): FirstError | undefined {
  for (let i = 0; i < lines.length; i++) {
    const m = /^error(\[\w+\])?: (.*)$/.exec(lines[i] as string)
    if (m === null || /^could not compile/.test(m[2] as string)) continue
    const loc = LOCATION.exec(lines[i + 1] ?? '')
    return {
      message: `error${m[1] ?? ''}: ${m[2]}`,
      location: loc ? `${loc[2]}${loc[3]}` : undefined,
    }
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] as string).trim()
    if (/^(error|Error)\b/.test(line)) return { message: line }
  }
  return undefined
}

/** Pure: the failure message for a failed build. */
export function buildFailure(exitCode: number, lines: readonly string[], what: string): string {
  const first = firstError(lines)
  const where = first?.location ? ` at ${first.location}` : ''
  const detail = first
    ? `${first.message}${where}`
    : lines
        .filter((l) => l.trim() !== '')
        .slice(-3)
        .join(' / ') || 'no output'
  return `cargo lambda build failed for ${what} (exit code ${exitCode}): ${detail}. The full compiler output is in the log above.`
}

export interface RunOptions {
  /**
   * The verified cargo-lambda binary, run by its own path: `cargo lambda` would look in
   * $CARGO_HOME/bin before PATH, where a `cargo install`ed or cached cargo-lambda can hide it.
   */
  readonly cargoLambda: string
  readonly cwd: string
  readonly env: Record<string, string>
  /** The cargo workspace root relative to GITHUB_WORKSPACE, for annotation paths. */
  readonly pathPrefix: string
  /** e.g. "functions greet, count" */
  readonly what: string
}

/** Writes the matcher file once (the runner reads it when it sees `::add-matcher::`). */
function matcherFile(): string {
  const dir = process.env.RUNNER_TEMP || os.tmpdir()
  const file = path.join(dir, `${MatcherOwner}.json`)
  fs.writeFileSync(file, JSON.stringify(problemMatcher, null, 2))
  return file
}

/**
 * Runs `<cargo-lambda> <args>` (args start with `lambda`, as cargo passes them to a subcommand)
 * with the matcher registered; throws BuildError on failure.
 */
export async function runCargoLambda(args: readonly string[], options: RunOptions): Promise<void> {
  core.info(`[command] ${inert(showCommand(options.cargoLambda, args))}`)
  const lines: string[] = []
  const keep = (line: string): void => {
    const out = rebaseLocation(line, options.pathPrefix)
    process.stdout.write(`${out}\n`)
    // Enough to find the first error; a runaway log is not kept whole.
    if (lines.length < 20_000) lines.push(out)
  }
  process.stdout.write(`::add-matcher::${matcherFile()}\n`)
  let exitCode: number
  try {
    exitCode = await exec.exec(options.cargoLambda, [...args], {
      cwd: options.cwd,
      env: options.env,
      silent: true,
      ignoreReturnCode: true,
      listeners: { stdline: keep, errline: keep },
    })
  } catch (e) {
    // Only cargo-lambda itself failing to start lands here: it runs cargo, and reports a missing
    // cargo through its exit code and output.
    throw new BuildError(
      `Could not start cargo-lambda (${inert(options.cargoLambda)}) for ${options.what}: ${inert((e as Error).message)}. The tools stage installed and verified it there: a missing or non-executable file means something removed or changed it during the job (the tool cache, RUNNER_TOOL_CACHE, is shared by the job's steps).`,
    )
  } finally {
    process.stdout.write(`::remove-matcher owner=${MatcherOwner}::\n`)
  }
  if (exitCode !== 0) throw new BuildError(buildFailure(exitCode, lines, options.what))
}
