/**
 * The one way the action runs a command and reads its output. A missing executable is reported,
 * not thrown; `commandOutput` throws an error naming the command, the folder and its stderr.
 */
import * as exec from '@actions/exec'
import { ActionError } from '../errors.js'
import { definedEnv } from './env.js'

export interface Captured {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export interface CaptureOptions {
  readonly cwd?: string
  /** Added to (and overriding) the action's own environment. */
  readonly env?: Record<string, string>
}

/** A command that could not be started or exited with an error. */
export class CommandError extends ActionError {
  override name = 'CommandError'
  constructor(
    readonly command: string,
    readonly result: Captured,
    cwd: string | undefined,
  ) {
    const detail = tail(result.stderr) || tail(result.stdout) || 'no output'
    super(
      `'${command}' ${result.code === -1 ? 'could not be started' : `failed (exit code ${result.code})`}${cwd !== undefined ? ` in ${cwd}` : ''}: ${detail}`,
    )
  }
}

/** Runs `cmd args` silently; `code` is -1 when the executable could not be started. */
export async function capture(
  cmd: string,
  args: readonly string[],
  options: CaptureOptions = {},
): Promise<Captured> {
  try {
    const r = await exec.getExecOutput(cmd, [...args], {
      silent: true,
      ignoreReturnCode: true,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.env !== undefined ? { env: { ...definedEnv(), ...options.env } } : {}),
    })
    return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    return { code: -1, stdout: '', stderr: (e as Error).message }
  }
}

/** Runs `cmd args` and returns its stdout; throws CommandError unless it exits with 0. */
export async function commandOutput(
  cmd: string,
  args: readonly string[],
  options: CaptureOptions = {},
): Promise<string> {
  const r = await capture(cmd, args, options)
  if (r.code !== 0) throw new CommandError(showCommand(cmd, args), r, options.cwd)
  return r.stdout
}

/** A command line for the log, quoted like a shell would need it. */
export function showCommand(cmd: string, args: readonly string[]): string {
  return [cmd, ...args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ')
}

/** The last lines of a tool's error output, for an error message. */
export function tail(text: string, lines = 5): string {
  return text.trim().split(/\r?\n/).slice(-lines).join('\n')
}
