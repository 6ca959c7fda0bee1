/**
 * The cargo cache through the bundled action (dist/) and the runner harness, against the local
 * results-service emulator (twirp + Azurite) and a mirror serving the real Zig and the real
 * cargo-lambda 1.9.2.
 *
 * Each run is a new runner at the same paths (as GitHub's are): a fresh checkout of the
 * cache-app fixture (a binary, a path dependency, two vendored registry crates, one with a build
 * script), an empty HOME and RUNNER_TEMP, and the same cache service. The runners share a tool
 * cache, seeded with the tools a first run leaves there (test/support/seed-tools.ts) and checked
 * against the content pins of the test overlay, so no run downloads or unpacks Zig: what these
 * runs spend time on is the cargo cache and the build.
 *
 * The cold run is the shared set-up (a beforeAll): it misses, builds and saves the entry every
 * later run restores. Each test then starts its own fresh runner, so each runs alone
 * (`vitest -t '<name>'`) or in any order.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutCacheApp, lockTinydep2 } from '../../test/support/cache-fixture.js'
import { startCacheWorld, type CacheWorld } from '../../test/support/cache-world.js'
import type { Overlay } from '../../test/support/content-pins.js'
import {
  makeRunnerDirs,
  runAction,
  type ActionRun,
  type RunnerDirs,
} from '../../test/support/harness.js'
import type { Mirror } from '../../test/support/mirror.js'
import type { PreparedReleases } from '../../test/support/releases.js'
import type { ResultsService } from '../../test/support/results-service.js'
import { BUILD_TIMEOUT_MS } from '../../test/support/shared-runner.js'

let w: CacheWorld
let root: string
let releases: PreparedReleases
let mirror: Mirror
let overlay: Overlay
let service: ResultsService
let toolCache: string

beforeAll(async () => {
  w = await startCacheWorld('cache-int-')
  ;({ root, releases, mirror, overlay, service, toolCache } = w)
}, 300_000)
afterAll(async () => {
  await w?.close()
})

/**
 * A new runner at fixed paths (`name`: the runs that share a cache entry share it, as GitHub's
 * runners share theirs): fresh checkout, empty HOME and RUNNER_TEMP.
 */
function freshRunner(name: string, edit?: (workspace: string) => void): RunnerDirs {
  const base = path.join(root, name)
  for (const d of ['workspace', 'home', 'temp']) {
    fs.rmSync(path.join(base, d), { recursive: true, force: true })
  }
  const dirs = { ...makeRunnerDirs(base), toolCache }
  fs.rmSync(dirs.workspace, { recursive: true, force: true })
  checkoutCacheApp(dirs.workspace)
  edit?.(dirs.workspace)
  return dirs
}

async function run(dirs: RunnerDirs, extraEnv: Record<string, string> = {}): Promise<ActionRun> {
  const r = await runAction({
    inputs: {
      ...releases.inputs(mirror.url),
      architecture: 'x86_64',
      'upload-artifact': 'false',
      'smoke-test': 'false',
    },
    dirs,
    env: {
      ...service.env,
      RLA_RETRY_BASE_MS: '5',
      RLA_RELEASES_OVERLAY: overlay.file,
      ...extraEnv,
    },
    // Whatever is left of the test's (or hook's) time: the harness cuts the bound to it.
    timeoutMs: BUILD_TIMEOUT_MS,
  })
  if (r.main.exitCode !== 0 || r.post?.exitCode !== 0) {
    console.log(r.main.log, r.post?.log ?? '')
  }
  return r
}

/** Packages cargo compiled in this run, from its `Compiling <name> v<version>` lines. */
function compiled(r: ActionRun): string[] {
  return [...r.main.log.matchAll(/^\s*Compiling (\S+) v(\S+)/gm)].map((m) => m[1]!).sort()
}

function warnings(r: ActionRun): string[] {
  return [...r.main.annotations, ...(r.post?.annotations ?? [])]
    .filter((a) => a.level === 'warning')
    .map((a) => a.message)
}

function duBytes(dir: string): number {
  let n = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) n += fs.statSync(path.join(e.parentPath, e.name)).size
  }
  return n
}

describe('cargo cache across runs (Done when, issue 5)', { timeout: BUILD_TIMEOUT_MS }, () => {
  /** The cold run every other test restores from, made once (the tests below only read it). */
  let cold: ActionRun
  let key1 = ''
  /** What the cold run left in its workspace, read before a later runner replaces it. */
  let coldTarget = { bytes: 0, zipKept: false }

  beforeAll(async () => {
    const dirs = freshRunner('r')
    cold = await run(dirs)
    key1 = /Cargo cache key: (\S+)/.exec(cold.main.log)?.[1] ?? ''
    coldTarget = {
      bytes: duBytes(path.join(dirs.workspace, 'target')),
      zipKept: fs.existsSync(path.join(dirs.workspace, 'target', 'lambda', 'cache-app')),
    }
  }, BUILD_TIMEOUT_MS)

  it('run 1 (cold): misses, builds everything, saves from the post step', async () => {
    const r = cold
    expect(r.main.exitCode).toBe(0)
    expect(r.post?.exitCode).toBe(0)
    expect(r.main.outputs['cache-hit']).toBe('false')
    expect(compiled(r)).toEqual(['cache-app', 'pathdep', 'tinydep', 'tinydep2'])
    expect(r.main.summary).toMatch(/### Cargo cache[\s\S]*\| result \| miss \|/)
    expect(r.post?.log).toMatch(/Pruned for saving: [\d.]+ MiB -> [\d.]+ MiB/)
    expect(r.post?.summary).toMatch(
      /### Cargo cache \(post\)[\s\S]*\| result \| saved \|[\s\S]*\| pruned \| /,
    )
    expect(warnings(r)).toEqual([])

    const entry = service.cacheEntries().find((e) => e.key === key1)
    expect(entry?.finalized).toBe(true)
    // The workspace is untouched by the save: the zip cargo lambda made is still there.
    expect(coldTarget.zipKept).toBe(true)

    // How small the save is: the archive's target part against the raw target folder.
    const raw = coldTarget.bytes
    const file = path.join(root, 'run1.tar.zst')
    fs.writeFileSync(file, await service.cacheEntryBlob(key1))
    const listing = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' })
    const bytesUnder = (part: RegExp): number =>
      listing
        .split('\n')
        .filter((l) => l.startsWith('-') && part.test(l.split(/\s+/).slice(5).join(' ')))
        .reduce((n, l) => n + Number(l.split(/\s+/)[2] ?? 0), 0)
    const keptTarget = bytesUnder(/(^|\/)target\//)
    const zig = bytesUnder(/\/\.cache\/zig\//)
    const archive = entry?.sizeBytes ?? 0
    console.log(
      `run 1: raw target ${raw} B; saved archive ${archive} B compressed ` +
        `(${(raw / archive).toFixed(1)}x smaller than the raw target, although it also holds ` +
        `Zig's cache, ${zig} B raw); target kept ${keptTarget} B raw (${(raw / keptTarget).toFixed(1)}x less)`,
    )
    expect(keptTarget).toBeGreaterThan(0)
    expect(keptTarget).toBeLessThan(raw / 2)
    expect(archive).toBeLessThan(raw / 2)
  })

  it('run 2 (fresh runner, same sources): exact hit, only workspace crates recompiled', async () => {
    const r = await run(freshRunner('r'))
    expect(r.main.exitCode).toBe(0)
    expect(r.main.outputs['cache-hit']).toBe('true')
    expect(r.main.summary).toContain('hit (exact key)')
    expect(r.main.summary).toMatch(/\| restored \| [\d.]+ (KiB|MiB) \|/)
    // No dependency is recompiled: only the local crates (their sources are newer than the cache).
    expect(compiled(r)).toEqual(['cache-app', 'pathdep'])
    expect(r.post?.log).toContain('nothing to save')
  })

  it('run 3 (a source file edited): still an exact hit', async () => {
    const r = await run(
      freshRunner('r', (ws) =>
        fs.appendFileSync(path.join(ws, 'src', 'main.rs'), '\n// an edit\n'),
      ),
    )
    expect(r.main.outputs['cache-hit']).toBe('true')
    expect(compiled(r)).toEqual(['cache-app', 'pathdep'])
  })

  it('run 4 (Cargo.lock changed): partial hit through the restore key', async () => {
    const r = await run(freshRunner('r', (ws) => lockTinydep2(ws, '0.1.1')))
    expect(r.main.exitCode).toBe(0)
    expect(r.main.outputs['cache-hit']).toBe('false')
    expect(r.main.summary).toContain('partial (restore key)')
    expect(r.main.summary).toContain(key1)
    // Only the changed dependency is rebuilt, with the local crates.
    expect(compiled(r)).toEqual(['cache-app', 'pathdep', 'tinydep2'])
    // And the new key is saved, without the stale tinydep2 0.1.0 unit.
    expect(r.post?.log).toMatch(/unused 1/)
    const key4 = /Cargo cache key: (\S+)/.exec(r.main.log)?.[1] ?? ''
    expect(key4).not.toBe(key1)
    expect(service.cacheEntries().some((e) => e.key === key4 && e.finalized)).toBe(true)
  })
})

describe('cache service failures', { timeout: BUILD_TIMEOUT_MS }, () => {
  it('with every cache call answering 500, the action succeeds and warns', async () => {
    const dirs = freshRunner('down')
    service.fail({ method: 'GetCacheEntryDownloadURL', status: 500 })
    service.fail({ method: 'CreateCacheEntry', status: 500 })
    try {
      const r = await run(dirs)
      expect(r.main.exitCode).toBe(0)
      expect(r.post?.exitCode).toBe(0)
      expect(r.main.outputs['cache-hit']).toBe('false')
      const w = warnings(r)
      expect(w.some((m) => /Failed to restore/.test(m))).toBe(true)
      expect(w.some((m) => /cargo cache was not saved/.test(m))).toBe(true)
      expect(r.main.annotations.filter((a) => a.level === 'error')).toEqual([])
    } finally {
      service.reset()
    }
  })
})
