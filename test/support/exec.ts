import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

/**
 * execFile as a promise. Tests use it (not execFileSync) for anything that may take long: a
 * blocked test worker misses vitest's RPC deadline (60 s) and the run ends with errors.
 */
export const execFileAsync = (
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<{ stdout: string; stderr: string }> =>
  promisify(execFile)(file, args, { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', ...options })
