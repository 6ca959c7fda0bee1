/** Runs a tool and captures its output; a missing executable is reported, not thrown. */
import * as exec from '@actions/exec'

export interface Captured {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export interface CaptureOptions {
  readonly cwd?: string
  readonly env?: Record<string, string>
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
      ...(options.env !== undefined ? { env: { ...stringEnv(), ...options.env } } : {}),
    })
    return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    return { code: -1, stdout: '', stderr: (e as Error).message }
  }
}

function stringEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  return env
}

/** The last lines of a tool's error output, for an error message. */
export function tail(text: string, lines = 5): string {
  return text.trim().split(/\r?\n/).slice(-lines).join('\n')
}
