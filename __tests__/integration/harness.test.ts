/**
 * The runner harness never lets a step outlive the test that started it: a step's bound is cut to
 * the test's own time, and a test that times out or ends takes the step's whole process group
 * with it (cargo, zig and qemu in real runs; `sleep` here). An integration test: it checks the
 * integration tests' own runner, with real process groups and a nested vitest run.
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, runGroup, stepDeadline, STEP_TIMEOUT_MS } from '../../test/support/harness.js'

/** Running, not merely a zombie waiting for a container's init to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) [ZX] /.test(stat)
  } catch {
    return false
  }
}

describe('a step started by a test', () => {
  it('is bounded by the time the test has left, not by its own longer bound', async () => {
    const left = stepDeadline(600_000)
    expect(left).toBeGreaterThan(0)
    expect(left).toBeLessThan(5_000)
    expect(stepDeadline(100)).toBe(100)

    let out = ''
    const started = Date.now()
    const r = await runGroup('sh', ['-c', 'sleep 60 & echo $!; wait'], {
      cwd: os.tmpdir(),
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 600_000,
      onData: (_, d) => (out += d.toString()),
    })
    // Killed by the harness, before vitest's 5 s: the whole group, the background sleep too.
    expect(r.signal).toBe('SIGKILL')
    expect(r.killedAfterMs).toBeLessThan(5_000)
    expect(Date.now() - started).toBeLessThan(5_000)
    const grandchild = Number(out.trim())
    expect(grandchild).toBeGreaterThan(0)
    expect(alive(grandchild)).toBe(false)
  }, 5_000)

  it('is killed, whole group, when the test times out while it runs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-harness-'))
    try {
      const report = path.join(dir, 'report.json')
      const vitest = spawnSync(
        process.execPath,
        [
          path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
          'run',
          '--config',
          path.join(repoRoot, 'test', 'fixtures', 'harness-timeout', 'vitest.config.ts'),
        ],
        {
          cwd: repoRoot,
          encoding: 'utf8',
          env: { ...process.env, HARNESS_FIXTURE_REPORT: report },
          timeout: 60_000,
        },
      )
      // The inner test did time out...
      expect(vitest.status).toBe(1)
      expect(vitest.stdout + vitest.stderr).toContain('Test timed out in 1500ms')
      // ...and by then (its afterAll, same worker) the step's background sleep was gone.
      const { pid, alive: wasAlive } = JSON.parse(fs.readFileSync(report, 'utf8')) as {
        pid: number
        alive: boolean
      }
      expect(pid).toBeGreaterThan(0)
      expect(wasAlive).toBe(false)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

describe('a step started outside a test (a beforeAll)', () => {
  let bound = 0
  beforeAll(() => {
    bound = stepDeadline(123_456)
  })

  it('keeps its own bound; the default is under the hook timeout', () => {
    expect(bound).toBe(123_456)
    expect(STEP_TIMEOUT_MS).toBeLessThan(300_000)
  })
})
