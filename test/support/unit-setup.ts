/**
 * Set-up for the unit project, whose files share worker processes (`isolate: false`): whatever a
 * file leaves changed (environment, working folder, exit code, spies, stubs, fake timers) is put
 * back after it, so that no file sees the world another one left.
 */
import { afterAll, beforeAll, vi } from 'vitest'

let env: NodeJS.ProcessEnv = process.env
let saved: Record<string, string | undefined> = {}
let cwd = process.cwd()

beforeAll(() => {
  env = process.env
  saved = { ...process.env }
  cwd = process.cwd()
})

afterAll(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
  vi.unstubAllGlobals()
  vi.useRealTimers()
  // Some files replace process.env with a copy; give the next file the real one back.
  process.env = env
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
  for (const [k, v] of Object.entries(saved)) if (process.env[k] !== v) process.env[k] = v
  if (process.cwd() !== cwd) process.chdir(cwd)
  process.exitCode = undefined
})
