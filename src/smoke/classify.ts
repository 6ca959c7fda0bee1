/** Pure: turns what a smoke run saw into the reason a user reads. */
import type { LambdaErrorReport } from './runtime-api.js'

/** Lines that say nothing about the failure: Rust's backtrace hint, qemu's echo of the signal. */
const NOISE = /^(note: run with `RUST_BACKTRACE=|qemu: uncaught target signal )/

/** The last lines of a process's output that say something (noise dropped). */
export function tail(output: string, lines = 4, chars = 600): string {
  const kept = output
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l !== '' && !NOISE.test(l))
    .slice(-lines)
    .join('\n')
  return kept.length > chars ? `…${kept.slice(-chars)}` : kept
}

/** A failure to start, recognised from the loader's / qemu's / the kernel's own words. */
export function startFailure(stderr: string): string | undefined {
  const glibc = /version `(GLIBC_[0-9.]+)' not found/.exec(stderr)
  if (glibc) {
    return `could not start: ${glibc[1]} not found: the binary needs a newer glibc than this system has. Build for the runtime's glibc floor (e.g. aarch64-unknown-linux-gnu.2.34 for provided.al2023, .2.26 for provided.al2)`
  }
  if (/Invalid ELF image for this architecture|exec format error/i.test(stderr)) {
    return 'could not start: exec format error: bootstrap is not a binary for this architecture'
  }
  const loader = /Could not open '([^']+)': No such file or directory/.exec(stderr)
  if (loader) return `could not start: its interpreter ${loader[1]} is missing`
  const lib = /error while loading shared libraries: ([^:]+): cannot open shared object file/.exec(
    stderr,
  )
  if (lib) {
    return `could not start: the shared library ${lib[1]} is missing (Lambda's provided runtimes ship only the base OS libraries: link it statically or add it with 'include' under lib/)`
  }
  return undefined
}

export interface SpawnFailure {
  /** errno code from spawn: ENOENT, ENOEXEC, EACCES, ... */
  readonly code: string | undefined
  readonly message: string
}

/** Why `spawn` itself failed. `interpreter` is the binary's PT_INTERP, if any. */
export function spawnFailure(error: SpawnFailure, interpreter: string | undefined): string {
  switch (error.code) {
    case 'ENOEXEC':
      return 'could not start: exec format error: bootstrap is not a binary for this architecture'
    case 'EACCES':
      return 'could not start: bootstrap is not executable (Lambda needs mode 0755 in the zip)'
    case 'ENOENT':
      // The file exists (it was just unzipped): the kernel could not find its loader.
      return interpreter !== undefined
        ? `could not start: its interpreter ${interpreter} is missing`
        : 'could not start: bootstrap was not found'
    default:
      return `could not start: ${error.message}`
  }
}

export interface ExitFacts {
  readonly code: number | null
  readonly signal: string | null
  readonly stderr: string
  readonly initError?: LambdaErrorReport | undefined
}

/** The process ended before it answered the event. */
export function earlyExit(facts: ExitFacts): string {
  if (facts.initError) return initErrorReason(facts.initError)
  const started = startFailure(facts.stderr)
  if (started !== undefined) return started
  const how =
    facts.signal !== null ? `was ended by ${facts.signal}` : `exited with code ${facts.code ?? '?'}`
  const last = tail(facts.stderr)
  return `${how} before answering the event${last === '' ? ' (no output)' : `: ${last}`}`
}

export function initErrorReason(report: LambdaErrorReport): string {
  return `init error: ${quoteError(report)}`
}

export function invocationErrorReason(report: LambdaErrorReport): string {
  return `invocation error: ${quoteError(report)}`
}

function quoteError(report: LambdaErrorReport): string {
  const message =
    report.errorMessage.length > 500 ? `${report.errorMessage.slice(0, 500)}…` : report.errorMessage
  return message === '' ? report.errorType : `${report.errorType}: ${message}`
}

export interface TimeoutFacts {
  readonly timeoutMs: number
  /** When the runtime took the event (ms after start), if it did. */
  readonly deliveredAfterMs: number | undefined
  readonly stderr: string
}

export function timeoutReason(facts: TimeoutFacts): string {
  const seconds = `${facts.timeoutMs / 1000} s`
  const what =
    facts.deliveredAfterMs === undefined
      ? `never asked for the event within ${seconds} (stuck before its runtime loop; raise smoke-timeout if its init is slow)`
      : `took the event after ${Math.round(facts.deliveredAfterMs)} ms but did not answer within ${seconds} (smoke-timeout)`
  const last = tail(facts.stderr, 2)
  return `timed out: ${what}${last === '' ? '' : `: ${last}`}`
}
