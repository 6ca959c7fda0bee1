/**
 * The results-service emulator against the real @actions/cache and @actions/artifact clients,
 * in-process, with the environment a runner step would have.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as cache from '@actions/cache'
import { DefaultArtifactClient } from '@actions/artifact'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  lookup,
  startResultsService,
  type ResultsService,
} from '../../test/support/results-service.js'

let service: ResultsService
let root: string
const savedEnv = { ...process.env }

beforeAll(async () => {
  service = await startResultsService({ lifetimeMs: 10 * 60_000 })
}, 60_000)
afterAll(async () => {
  await service.close()
})

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'results-test-'))
  const workspace = path.join(root, 'workspace')
  fs.mkdirSync(workspace)
  fs.mkdirSync(path.join(root, 'temp'))
  Object.assign(process.env, service.env, {
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: path.join(root, 'temp'),
  })
  service.reset()
})
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k]
  Object.assign(process.env, savedEnv)
  fs.rmSync(root, { recursive: true, force: true })
})

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), content)
  }
}

describe('cache service with the real @actions/cache', () => {
  it('saves, then restores on the exact key with the same contents', async () => {
    const dir = path.join(root, 'workspace', 'data')
    writeTree(dir, { 'a.txt': 'alpha', 'sub/b.bin': 'x'.repeat(100_000) })
    const before = service.callCount('CreateCacheEntry')

    const id = await cache.saveCache([dir], 'emu-exact-1')
    expect(id).toBeGreaterThan(0)
    expect(service.callCount('CreateCacheEntry')).toBe(before + 1)
    const entry = service.cacheEntries().find((e) => e.key === 'emu-exact-1')
    expect(entry?.finalized).toBe(true)
    // Compressed, so far below the 100 kB of input, but a real archive.
    expect(entry?.sizeBytes).toBeGreaterThan(50)
    expect(entry?.sizeBytes).toBeLessThan(50_000)
    expect(entry?.reportedSizeBytes).toBe(entry?.sizeBytes)

    fs.rmSync(dir, { recursive: true })
    const matched = await cache.restoreCache([dir], 'emu-exact-1', ['emu-'])
    expect(matched).toBe('emu-exact-1')
    expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('alpha')
    expect(fs.readFileSync(path.join(dir, 'sub/b.bin'), 'utf8')).toHaveLength(100_000)
  })

  it('falls back to restore-key prefixes, newest first, and never across versions', async () => {
    const dir = path.join(root, 'workspace', 'data')
    writeTree(dir, { 'v.txt': 'old' })
    await cache.saveCache([dir], 'emu-prefix-lock1-aaa')
    writeTree(dir, { 'v.txt': 'new' })
    await cache.saveCache([dir], 'emu-prefix-lock1-bbb')
    fs.rmSync(dir, { recursive: true })

    // No exact entry: the newest entry under the restore key wins.
    const matched = await cache.restoreCache([dir], 'emu-prefix-lock2-ccc', ['emu-prefix-lock'])
    expect(matched).toBe('emu-prefix-lock1-bbb')
    expect(fs.readFileSync(path.join(dir, 'v.txt'), 'utf8')).toBe('new')

    // The primary key is itself a prefix: a match, but not the exact key.
    expect(await cache.restoreCache([dir], 'emu-prefix-lock1-a', [])).toBe('emu-prefix-lock1-aaa')

    // Other paths give another cache version: nothing matches.
    const other = path.join(root, 'workspace', 'other')
    expect(await cache.restoreCache([other], 'emu-prefix-lock1-aaa', ['emu-'])).toBeUndefined()
  })

  it('refuses a second save on a reserved key with already_exists (the client only logs it)', async () => {
    const dir = path.join(root, 'workspace', 'data')
    writeTree(dir, { 'x.txt': 'one' })
    expect(await cache.saveCache([dir], 'emu-reserved')).toBeGreaterThan(0)
    writeTree(dir, { 'x.txt': 'two' })
    const before = service.callCount('CreateCacheEntry')
    expect(await cache.saveCache([dir], 'emu-reserved')).toBe(-1)
    expect(service.callCount('CreateCacheEntry')).toBe(before + 1)
    expect(service.callCount('FinalizeCacheEntryUpload')).toBeGreaterThan(0)
    expect(service.cacheEntries().filter((e) => e.key === 'emu-reserved')).toHaveLength(1)
  })

  it('injects faults: a non-retryable status makes the restore a miss; one 500 is retried', async () => {
    const dir = path.join(root, 'workspace', 'data')
    writeTree(dir, { 'f.txt': 'fault' })
    await cache.saveCache([dir], 'emu-fault')

    service.fail({ method: 'GetCacheEntryDownloadURL', status: 403, code: 'permission_denied' })
    expect(await cache.restoreCache([dir], 'emu-fault')).toBeUndefined()
    service.reset()

    service.fail({ status: 500, times: 1 })
    const calls = service.callCount('GetCacheEntryDownloadURL')
    expect(await cache.restoreCache([dir], 'emu-fault')).toBe('emu-fault')
    expect(service.callCount('GetCacheEntryDownloadURL')).toBe(calls + 2)
  }, 30_000)

  it('fails every call when told to, so saves fail too', async () => {
    const dir = path.join(root, 'workspace', 'data')
    writeTree(dir, { 'g.txt': 'g' })
    service.fail({ status: 400, code: 'invalid_argument' })
    expect(await cache.saveCache([dir], 'emu-down')).toBe(-1)
    expect(service.cacheEntries().some((e) => e.key === 'emu-down')).toBe(false)
  })
})

describe('unit: lookup order', () => {
  const at = (key: string, t: number, id: number) => ({ key, createdAt: new Date(t), id })
  const entries = [at('k-a-1', 1, 1), at('k-a-2', 2, 2), at('k-b', 3, 3), at('k-a', 0, 4)]
  it('exact beats a newer prefix match; prefixes pick the newest', () => {
    expect(lookup(entries, 'k-a', [])?.id).toBe(4)
    expect(lookup(entries, 'k-a-', [])?.id).toBe(2)
    expect(lookup(entries, 'zzz', ['k-'])?.id).toBe(3)
    expect(lookup(entries, 'zzz', ['nope', 'k-a-1'])?.id).toBe(1)
    expect(lookup(entries, 'zzz', ['nope'])).toBeUndefined()
  })
})

describe('artifact service with the real @actions/artifact', () => {
  it('uploads a zipped artifact the test can read back, lists, downloads and deletes it', async () => {
    const ws = path.join(root, 'workspace')
    writeTree(ws, { 'out/bootstrap': 'ELF...', 'out/config/app.json': '{"a":1}' })
    const client = new DefaultArtifactClient()
    const up = await client.uploadArtifact(
      'hello-arm64',
      [path.join(ws, 'out/bootstrap'), path.join(ws, 'out/config/app.json')],
      path.join(ws, 'out'),
      { retentionDays: 3 },
    )
    expect(up.id).toBeGreaterThan(0)
    const files = await service.artifactFiles('hello-arm64')
    expect([...files.keys()].sort()).toEqual(['bootstrap', 'config/app.json'])
    expect(files.get('config/app.json')?.toString()).toBe('{"a":1}')
    const info = service.artifacts().find((a) => a.name === 'hello-arm64')
    expect(info?.finalized).toBe(true)
    expect(info?.hash).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(info?.expiresAt).toBeDefined()

    const listed = await client.listArtifacts()
    expect(listed.artifacts.map((a) => a.name)).toContain('hello-arm64')
    const { artifact } = await client.getArtifact('hello-arm64')
    expect(artifact.id).toBe(up.id)
    expect(artifact.size).toBe(info?.sizeBytes)

    const dl = path.join(root, 'download')
    await client.downloadArtifact(artifact.id, { path: dl })
    expect(fs.readFileSync(path.join(dl, 'bootstrap'), 'utf8')).toBe('ELF...')

    // A second upload under the same name is refused, as on GitHub.
    await expect(
      client.uploadArtifact('hello-arm64', [path.join(ws, 'out/bootstrap')], path.join(ws, 'out')),
    ).rejects.toThrow(/409|already exists/)

    await client.deleteArtifact('hello-arm64')
    expect(service.artifacts().some((a) => a.name === 'hello-arm64')).toBe(false)
    expect(service.callCount('DeleteArtifact')).toBe(1)
  })

  it('keeps a skipArchive upload as the raw file', async () => {
    const ws = path.join(root, 'workspace')
    writeTree(ws, { 'fn.txt': 'raw contents' })
    const client = new DefaultArtifactClient()
    await client.uploadArtifact('fn.txt', [path.join(ws, 'fn.txt')], ws, { skipArchive: true })
    expect((await service.artifactBlob('fn.txt')).toString()).toBe('raw contents')
  })

  it('answers injected faults on one method', async () => {
    const ws = path.join(root, 'workspace')
    writeTree(ws, { 'z.txt': 'z' })
    service.fail({ method: 'CreateArtifact', status: 403, code: 'permission_denied' })
    await expect(
      new DefaultArtifactClient().uploadArtifact('denied', [path.join(ws, 'z.txt')], ws),
    ).rejects.toThrow(/403/)
    expect(service.artifacts().some((a) => a.name === 'denied')).toBe(false)
  })
})
