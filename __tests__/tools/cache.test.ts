/**
 * The tool cache layers with the real @actions/tool-cache and @actions/cache against the local
 * results-service emulator (twirp + Azurite): tool cache, then Actions cache, then download;
 * cache-service trouble is a warning and the tool is downloaded instead.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  MarkerFile,
  obtainTool,
  saveToActionsCache,
  toolCacheKey,
  type ObtainRequest,
} from '../../src/tools/cache.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'

const platform = { os: 'linux', arch: 'x64' } as const

describe('toolCacheKey', () => {
  it('names tool, version, OS, arch and the expected checksum', () => {
    expect(toolCacheKey('zig', '0.15.2', platform, 'ab'.repeat(32))).toBe(
      'rust-lambda-action-tool-zig-0.15.2-linux-x64-abababababababab',
    )
    expect(toolCacheKey('cargo-lambda', '1.9.2', { os: 'darwin', arch: 'arm64' }, undefined)).toBe(
      'rust-lambda-action-tool-cargo-lambda-1.9.2-darwin-arm64',
    )
  })
})

describe('obtainTool with the Actions cache', () => {
  let service: ResultsService
  let root: string
  const savedEnv = { ...process.env }
  let out: string[]
  let fetches: number

  beforeAll(async () => {
    service = await startResultsService()
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-toolcache-'))
    Object.assign(process.env, service.env, {
      RUNNER_TOOL_CACHE: path.join(root, 'tool-cache'),
      RUNNER_TEMP: path.join(root, 'temp'),
      GITHUB_WORKSPACE: path.join(root, 'workspace'),
    })
    fs.mkdirSync(path.join(root, 'workspace'), { recursive: true })
  })
  afterAll(async () => {
    await service.close()
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k]
    Object.assign(process.env, savedEnv)
    fs.rmSync(root, { recursive: true, force: true })
  })
  beforeEach(() => {
    out = []
    fetches = 0
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk))
      return true
    })
  })
  afterEach(() => {
    vi.restoreAllMocks()
    service.reset()
  })

  const warnings = (): string[] => out.filter((l) => l.startsWith('::warning::'))

  function request(version: string, sha256: string | undefined = 'cd'.repeat(32)): ObtainRequest {
    return {
      tool: 'cargo-lambda',
      version,
      platform,
      expectedSha256: sha256,
      actionsCache: true,
      fetch: () => {
        fetches++
        const folder = fs.mkdtempSync(path.join(root, 'fetched-'))
        fs.writeFileSync(path.join(folder, 'cargo-lambda'), `#!/bin/sh\necho ${version}\n`)
        return Promise.resolve({
          folder,
          marker: { file: 'x.tar.gz', sha256: sha256 ?? 'ef'.repeat(32), verifiedBy: 'test' },
          detail: 'test mirror',
        })
      },
    }
  }

  it('downloads on a miss, saves in post, and restores into an empty tool cache', async () => {
    const first = await obtainTool(request('1.0.0'))
    expect(first.source).toBe('download')
    expect(first.save?.key).toBe(toolCacheKey('cargo-lambda', '1.0.0', platform, 'cd'.repeat(32)))
    expect(fs.existsSync(path.join(first.dir, MarkerFile))).toBe(true)

    await saveToActionsCache([first.save!])
    expect(warnings()).toEqual([])
    expect(service.cacheEntries().map((e) => [e.key, e.finalized])).toContainEqual([
      first.save?.key,
      true,
    ])

    fs.rmSync(path.join(root, 'tool-cache'), { recursive: true, force: true })
    const again = await obtainTool(request('1.0.0'))
    expect(again).toMatchObject({ source: 'actions-cache', save: undefined, dir: first.dir })
    expect(fetches).toBe(1)
    expect(fs.readFileSync(path.join(again.dir, 'cargo-lambda'), 'utf8')).toContain('1.0.0')

    const third = await obtainTool(request('1.0.0'))
    expect(third.source).toBe('tool-cache')
  })

  it('a key another job saved already is not saved again, and that is no warning', async () => {
    const r = await obtainTool(request('5.0.0'))
    const creates = service.callCount('CreateCacheEntry')
    await saveToActionsCache([r.save!])
    await saveToActionsCache([r.save!])
    expect(warnings()).toEqual([])
    expect(out.join('')).toContain('is in the Actions cache already')
    expect(service.cacheEntries().filter((e) => e.key === r.save?.key)).toHaveLength(1)
    expect(service.callCount('CreateCacheEntry') - creates).toBe(1)
  })

  it('a folder verified against another checksum is installed again', async () => {
    await obtainTool(request('2.0.0', 'aa'.repeat(32)))
    const other = await obtainTool(request('2.0.0', 'bb'.repeat(32)))
    expect(other.source).toBe('download')
    expect(fetches).toBe(2)
  })

  it('a failing cache service is a warning on restore, and the tool is downloaded', async () => {
    // 403: @actions/cache does not retry it (5xx it retries with its own, real-time backoff).
    service.fail({ status: 403, code: 'permission_denied', msg: 'forbidden' })
    const r = await obtainTool(request('3.0.0'))
    expect(r.source).toBe('download')
    expect(fetches).toBe(1)
    // @actions/cache reports it as a warning itself ("Failed to restore: ... forbidden").
    expect(warnings().join('\n')).toMatch(/restore.*forbidden/i)
  })

  it('a failing cache service is a warning on save, never an error', async () => {
    const r = await obtainTool(request('4.0.0'))
    service.fail({
      method: 'CreateCacheEntry',
      status: 403,
      code: 'permission_denied',
      msg: 'forbidden',
    })
    await expect(saveToActionsCache([r.save!])).resolves.toBeUndefined()
    expect(warnings().join('\n')).toContain(`${r.save?.key}`)
    expect(service.cacheEntries().filter((e) => e.key === r.save?.key)).toEqual([])
  })
})
