/**
 * Pruned entries are set aside while the cache uploads. A post step killed in between (a timeout,
 * a cancel) must not leave them there for good: the next run puts them back, or removes them when
 * they are stale, and says so. A "kill" here is a setAside whose restore() never runs.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultDeps } from '../../src/cache/cargo.js'
import { saveCargoCache } from '../../src/cache/save.js'
import type { CargoCacheState } from '../../src/types.js'
import { STALE_ASIDE_MS, recoverSetAside, setAside } from '../../src/cache/set-aside.js'

let dir: string
let target: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-aside-'))
  target = path.join(dir, 'target')
  for (const f of [
    'release/deps/libold.rlib',
    'release/.fingerprint/old/x',
    'lambda/api/bootstrap',
  ]) {
    fs.mkdirSync(path.dirname(path.join(target, f)), { recursive: true })
    fs.writeFileSync(path.join(target, f), f)
  }
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const leftAside = (): string[] => fs.readdirSync(dir).filter((n) => n.startsWith('.target.pruned-'))
const dropped = ['release/deps/libold.rlib', 'release/.fingerprint/old']

describe('what an interrupted save left aside', () => {
  it('is moved back on the next run, and the aside folder removed', () => {
    setAside(target, dropped) // killed before restore()
    expect(leftAside()).toHaveLength(1)
    expect(fs.existsSync(path.join(target, 'release/deps/libold.rlib'))).toBe(false)

    const [r, ...more] = recoverSetAside(target)
    expect(more).toEqual([])
    expect(r).toMatchObject({ restored: 2, removed: 0 })
    expect(leftAside()).toEqual([])
    expect(fs.readFileSync(path.join(target, 'release/deps/libold.rlib'), 'utf8')).toBe(
      'release/deps/libold.rlib',
    )
    expect(fs.readFileSync(path.join(target, 'release/.fingerprint/old/x'), 'utf8')).toBe(
      'release/.fingerprint/old/x',
    )
  })

  it('is removed when stale: its place taken by a later build, too old, or without a manifest', () => {
    setAside(target, dropped)
    fs.writeFileSync(path.join(target, 'release/deps/libold.rlib'), 'rebuilt')
    expect(recoverSetAside(target)[0]).toMatchObject({ restored: 1, removed: 1 })
    expect(fs.readFileSync(path.join(target, 'release/deps/libold.rlib'), 'utf8')).toBe('rebuilt')

    const now = Date.now()
    setAside(target, dropped, now - STALE_ASIDE_MS - 1)
    expect(recoverSetAside(target, now)[0]).toMatchObject({ restored: 0, removed: 2 })
    expect(fs.existsSync(path.join(target, 'release/deps/libold.rlib'))).toBe(false)

    fs.mkdirSync(path.join(dir, '.target.pruned-abc123'))
    fs.writeFileSync(path.join(dir, '.target.pruned-abc123', '0'), 'orphan')
    expect(recoverSetAside(target)[0]).toMatchObject({ restored: 0, removed: 1 })
    expect(leftAside()).toEqual([])
  })

  it('is found by the next post step before it prunes, which says what it did', async () => {
    setAside(target, dropped) // the previous run's post step, killed
    const state: CargoCacheState = {
      key: 'k',
      paths: [target],
      hit: false,
      save: true,
      targetDir: target,
      cargoHome: path.join(dir, 'cargo-home'),
      workspaceRoot: dir,
      members: [],
      buildStartMs: 0,
      accessTimes: false,
    }
    const seenAtSave: string[][] = []
    const written: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = (chunk: string | Uint8Array): boolean => {
      written.push(String(chunk))
      return true
    }
    try {
      await saveCargoCache(
        state,
        true,
        defaultDeps({
          isFeatureAvailable: () => true,
          restoreCache: () => Promise.resolve(undefined),
          saveCache: () => {
            seenAtSave.push(leftAside())
            return Promise.resolve(1)
          },
        }),
      )
    } finally {
      process.stdout.write = write
    }
    expect(written.join('')).toMatch(
      /\.target\.pruned-\w+ was left aside by an interrupted cache save: 2 entries moved back into .*target, 0 stale entries removed\./,
    )
    // Only this run's own set-aside folder exists while it saves, and none after.
    expect(seenAtSave[0]?.length ?? 0).toBeLessThanOrEqual(1)
    expect(leftAside()).toEqual([])
  })
})
