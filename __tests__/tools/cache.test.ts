/**
 * The tool cache layers with the real @actions/tool-cache and @actions/cache against the local
 * results-service emulator (twirp + Azurite): tool cache, then Actions cache, then download;
 * cache-service trouble is a warning and the tool is downloaded instead. The "archive" here is a
 * one-file stand-in (extracting copies it as `cargo-lambda`): these tests are about the layers.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHash } from 'node:crypto'
import { saveToActionsCache, toolCacheKey } from '../../src/tools/cache.js'
import { obtainTool, type ObtainRequest } from '../../src/tools/obtain.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'

const platform = { os: 'linux', arch: 'x64' } as const

describe('toolCacheKey', () => {
  it('names tool, version, OS, arch and the expected checksum', () => {
    expect(toolCacheKey('zig', '0.15.2', platform, 'ab'.repeat(32), 'folder')).toBe(
      'rust-lambda-action-tool-zig-0.15.2-linux-x64-abababababababab-folder',
    )
    expect(toolCacheKey('cargo-lambda', '1.9.2', { os: 'darwin', arch: 'arm64' }, undefined)).toBe(
      'rust-lambda-action-tool-cargo-lambda-1.9.2-darwin-arm64-archive',
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

  const sha = (text: string): string => createHash('sha256').update(text).digest('hex')
  const body = (version: string): string => `#!/bin/sh\necho ${version}\n`

  /** A request whose pin is the SHA-256 of `body(version)` unless another `sha256` is given. */
  function request(version: string, sha256: string = sha(body(version))): ObtainRequest {
    const file = `cargo-lambda-${version}.tar.gz`
    return {
      tool: 'cargo-lambda',
      version,
      platform,
      file,
      expectedSha256: sha256,
      contentPins: undefined,
      actionsCache: true,
      workDir: fs.mkdtempSync(path.join(root, 'work-')),
      fetch: (into) => {
        fetches++
        fs.writeFileSync(path.join(into, file), body(version))
        return Promise.resolve({ sha256: sha(body(version)), detail: 'test mirror' })
      },
      checkArchive: (kept) => {
        const actual = sha(fs.readFileSync(path.join(kept, file), 'utf8'))
        return Promise.resolve(
          actual === sha256
            ? { ok: true, sha256: actual }
            : { ok: false, mismatch: { what: file, expected: sha256, actual } },
        )
      },
      extract: (archive, scratch) => {
        const folder = path.join(scratch, 'out')
        fs.mkdirSync(folder)
        fs.copyFileSync(archive, path.join(folder, 'cargo-lambda'))
        return Promise.resolve(folder)
      },
    }
  }

  it('downloads on a miss, saves in post, and restores into an empty tool cache', async () => {
    const first = await obtainTool(request('1.0.0'))
    expect(first.source).toBe('download')
    expect(first.save?.key).toBe(
      toolCacheKey('cargo-lambda', '1.0.0', platform, sha(body('1.0.0')), 'archive'),
    )
    // The Actions cache keeps the verified archive, not the folder.
    expect(first.save?.paths).toEqual([`${first.dir}.archive`])

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
    expect(third).toMatchObject({ source: 'tool-cache', checkedBy: 'verified archive' })
    expect(warnings()).toEqual([])
  })

  it('a folder changed in the tool cache is moved aside with a warning and installed again', async () => {
    const first = await obtainTool(request('6.0.0'))
    fs.writeFileSync(path.join(first.dir, 'cargo-lambda'), '#!/bin/sh\necho replaced\n')
    const again = await obtainTool({ ...request('6.0.0'), actionsCache: false })
    expect(again).toMatchObject({ source: 'download', dir: first.dir })
    expect(fs.readFileSync(path.join(again.dir, 'cargo-lambda'), 'utf8')).toBe(body('6.0.0'))
    const [warning, ...more] = warnings()
    expect(more).toEqual([])
    expect(warning).toContain(
      `cargo-lambda 6.0.0 from the runner tool cache (${first.dir}) does not match what its verified archive extracts to: the folder: expected `,
    )
    const aside = fs.readdirSync(path.dirname(first.dir)).filter((n) => n.includes('set-aside'))
    expect(aside).toHaveLength(1)
    expect(
      fs.readFileSync(path.join(path.dirname(first.dir), aside[0]!, 'cargo-lambda'), 'utf8'),
    ).toContain('replaced')
  })

  it('a kept archive that no longer matches its pin is refused and downloaded again', async () => {
    const first = await obtainTool(request('7.0.0'))
    fs.writeFileSync(path.join(`${first.dir}.archive`, 'cargo-lambda-7.0.0.tar.gz'), 'tampered')
    const again = await obtainTool({ ...request('7.0.0'), actionsCache: false })
    expect(again.source).toBe('download')
    expect(fetches).toBe(2)
    expect(warnings().join('\n')).toContain(
      `cargo-lambda-7.0.0.tar.gz: expected ${sha(body('7.0.0'))}, got ${sha('tampered')}`,
    )
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

  it('a folder whose kept archive does not match another pin is installed again', async () => {
    await obtainTool(request('2.0.0'))
    fetches = 0
    // The user now pins other bytes: the kept archive fails that pin, so it is fetched again
    // (this test's fetch does not verify; the real ones do, tested in zig and cargo-lambda).
    const other = request('2.0.0', 'bb'.repeat(32))
    await obtainTool({ ...other, actionsCache: false })
    expect(fetches).toBe(1)
    expect(warnings().join('\n')).toContain(`expected ${'bb'.repeat(32)}`)
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
