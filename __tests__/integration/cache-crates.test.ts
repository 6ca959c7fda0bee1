/**
 * The cargo cache on real crates from the crate registry: the json-app fixture (serde_json and
 * the crates it pulls in), built by the bundled action (dist/) through the runner harness with
 * the real cargo-lambda 1.9.2 and Zig, against the results-service emulator.
 *
 * Every runner has an empty HOME, so an empty CARGO_HOME: the cold run downloads its crates from
 * the registry and saves them with target/ in the post step. A second runner, a fresh checkout
 * with its own empty HOME, must restore both by the exact key: no `Downloaded` line and no
 * `Compiling` line for a registry crate, only the project's own crate (its sources are newer).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCacheWorld, type CacheWorld } from '../../test/support/cache-world.js'
import type { Overlay } from '../../test/support/content-pins.js'
import {
  copyProject,
  makeRunnerDirs,
  repoRoot,
  runAction,
  type ActionRun,
  type RunnerDirs,
} from '../../test/support/harness.js'
import type { Mirror } from '../../test/support/mirror.js'
import type { PreparedReleases } from '../../test/support/releases.js'
import type { ResultsService } from '../../test/support/results-service.js'
import { BUILD_TIMEOUT_MS } from '../../test/support/shared-runner.js'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'json-app')

let w: CacheWorld
let root: string
let releases: PreparedReleases
let mirror: Mirror
let overlay: Overlay
let service: ResultsService
let toolCache: string

beforeAll(async () => {
  w = await startCacheWorld('cache-crates-')
  ;({ root, releases, mirror, overlay, service, toolCache } = w)
}, 300_000)
afterAll(async () => {
  await w?.close()
})

/** A new runner at the same paths as the last (GitHub's are): fresh checkout, empty HOME. */
function freshRunner(): RunnerDirs {
  const base = path.join(root, 'runner')
  fs.rmSync(base, { recursive: true, force: true })
  const dirs = { ...makeRunnerDirs(base), toolCache }
  copyProject(fixture, dirs.workspace)
  return dirs
}

async function run(dirs: RunnerDirs): Promise<ActionRun> {
  const r = await runAction({
    inputs: {
      ...releases.inputs(mirror.url),
      architecture: 'x86_64',
      'upload-artifact': 'false',
      'smoke-test': 'false',
    },
    dirs,
    env: { ...service.env, RLA_RELEASES_OVERLAY: overlay.file },
    timeoutMs: BUILD_TIMEOUT_MS,
  })
  if (r.main.exitCode !== 0 || r.post?.exitCode !== 0) console.log(r.main.log, r.post?.log ?? '')
  return r
}

const downloaded = (r: ActionRun): string[] =>
  [...r.main.log.matchAll(/^\s*Downloaded (\S+) v/gm)].map((m) => m[1] as string)
const compiled = (r: ActionRun): string[] =>
  [...r.main.log.matchAll(/^\s*Compiling (\S+) v/gm)].map((m) => m[1] as string).sort()

describe('the cargo cache on registry crates, each runner with an empty CARGO_HOME', () => {
  let cold: ActionRun
  beforeAll(async () => {
    cold = await run(freshRunner())
  }, BUILD_TIMEOUT_MS)

  it('run 1 downloads and compiles the crates, and saves them with target/', () => {
    expect(cold.main.exitCode).toBe(0)
    expect(cold.post?.exitCode).toBe(0)
    expect(cold.main.outputs['cache-hit']).toBe('false')
    expect(downloaded(cold)).toContain('serde_json')
    expect(compiled(cold)).toEqual(expect.arrayContaining(['json-app', 'serde_json', 'itoa']))
    const key = /Cargo cache key: (\S+)/.exec(cold.main.log)?.[1]
    const entry = service.cacheEntries().find((e) => e.key === key)
    expect(entry?.finalized).toBe(true)
    console.log(
      `cold: ${downloaded(cold).length} crates downloaded, ${compiled(cold).length} compiled; ` +
        `cache entry ${entry?.sizeBytes} B`,
    )
  })

  it('run 2, a fresh checkout: exact hit, no crate downloaded, no registry crate compiled', async () => {
    const r = await run(freshRunner())
    expect(r.main.exitCode).toBe(0)
    expect(r.main.outputs['cache-hit']).toBe('true')
    expect(downloaded(r)).toEqual([])
    expect(r.main.log).not.toMatch(/^\s*Downloaded /m)
    expect(compiled(r)).toEqual(['json-app'])
    console.log(
      `warm: ${downloaded(r).length} crates downloaded, compiled ${compiled(r).join(', ')}`,
    )
  })
})
