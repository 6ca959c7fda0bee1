/**
 * The cargo cache through the bundled action (dist/) and the runner harness, against the local
 * results-service emulator (twirp + Azurite) and a mirror serving the real zig and the
 * cargo-lambda STAND-IN (it runs the real `cargo build` with zig as linker; the real cargo-lambda
 * runs in the workflows under .github/).
 *
 * Each run is a new runner at the same paths (as GitHub's are): a fresh checkout of the
 * cache-app fixture (a binary, a path dependency, two vendored registry crates, one with a build
 * script), an empty HOME and RUNNER_TEMP, and the same cache service.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutCacheApp, lockTinydep2 } from '../../test/support/cache-fixture.js'
import {
  makeRunnerDirs,
  repoRoot,
  runAction,
  type ActionRun,
  type RunnerDirs,
} from '../../test/support/harness.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { prepareReleases, type PreparedReleases } from '../../test/support/releases.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'

let root: string
let releases: PreparedReleases
let mirror: Mirror
let service: ResultsService

beforeAll(async () => {
  fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true })
  root = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'cache-int-'))
  releases = await prepareReleases(path.join(root, 'mirror'), {
    // Still the stand-in: these tests read its argv log; they move to the real tool next.
    cargoLambda: 'standin',
  })
  mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 30 * 60_000 })
  service = await startResultsService({ lifetimeMs: 30 * 60_000 })
}, 300_000)
afterAll(async () => {
  await mirror?.close()
  await service?.close()
  fs.rmSync(root, { recursive: true, force: true })
})

/** A new runner at fixed paths: fresh checkout, empty HOME and RUNNER_TEMP. */
function freshRunner(name: string, edit?: (workspace: string) => void): RunnerDirs {
  const base = path.join(root, name)
  for (const d of ['workspace', 'home', 'temp']) {
    fs.rmSync(path.join(base, d), { recursive: true, force: true })
  }
  // The tool cache survives: a warm runner image (and no Actions-cache traffic for the tools).
  const dirs = { ...makeRunnerDirs(base), toolCache: path.join(root, 'tool-cache') }
  fs.mkdirSync(dirs.toolCache, { recursive: true })
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
    env: { ...service.env, RLA_RETRY_BASE_MS: '5', ...extraEnv },
    timeoutMs: 600_000,
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

describe('cargo cache across runs (Done when, issue 5)', { timeout: 600_000 }, () => {
  let key1 = ''

  it('run 1 (cold): misses, builds everything, saves from the post step', async () => {
    const dirs = freshRunner('r')
    const r = await run(dirs)
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

    key1 = /Cargo cache key: (\S+)/.exec(r.main.log)?.[1] ?? ''
    const entry = service.cacheEntries().find((e) => e.key === key1)
    expect(entry?.finalized).toBe(true)
    // The workspace is untouched by the save: the zip cargo lambda made is still there.
    expect(fs.existsSync(path.join(dirs.workspace, 'target', 'lambda', 'cache-app'))).toBe(true)

    // How small the save is: the archive's target part against the raw target folder.
    const raw = duBytes(path.join(dirs.workspace, 'target'))
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
    const dirs = freshRunner('r')
    const r = await run(dirs)
    expect(r.main.exitCode).toBe(0)
    expect(r.main.outputs['cache-hit']).toBe('true')
    expect(r.main.summary).toContain('hit (exact key)')
    expect(r.main.summary).toMatch(/\| restored \| [\d.]+ (KiB|MiB) \|/)
    // No dependency is recompiled: only the local crates (their sources are newer than the cache).
    expect(compiled(r)).toEqual(['cache-app', 'pathdep'])
    expect(r.post?.log).toContain('nothing to save')
  })

  it('run 3 (a source file edited): still an exact hit', async () => {
    const dirs = freshRunner('r', (ws) =>
      fs.appendFileSync(path.join(ws, 'src', 'main.rs'), '\n// an edit\n'),
    )
    const r = await run(dirs)
    expect(r.main.outputs['cache-hit']).toBe('true')
    expect(compiled(r)).toEqual(['cache-app', 'pathdep'])
  })

  it('run 4 (Cargo.lock changed): partial hit through the restore key', async () => {
    const dirs = freshRunner('r', (ws) => lockTinydep2(ws, '0.1.1'))
    const r = await run(dirs)
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

describe('cache service failures', { timeout: 600_000 }, () => {
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
