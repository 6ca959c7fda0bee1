/**
 * What the cargo-cache integration tests share: a mirror serving the real tools, the content pins
 * of the test overlay, the results-service emulator (Actions cache + artifacts) and a tool cache
 * seeded with the real tools, so no run downloads or unpacks Zig.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { writeOverlay, type Overlay } from './content-pins.js'
import { repoRoot } from './harness.js'
import { startMirror, type Mirror } from './mirror.js'
import { prepareReleases, type PreparedReleases } from './releases.js'
import { startResultsService, type ResultsService } from './results-service.js'
import { seedToolCache } from './seed-tools.js'

export interface CacheWorld {
  readonly root: string
  readonly releases: PreparedReleases
  readonly mirror: Mirror
  readonly overlay: Overlay
  readonly service: ResultsService
  /** The runners' tool cache: a warm runner image (no Actions-cache traffic for the tools). */
  readonly toolCache: string
  /** Stops the servers and removes `root`. */
  close(): Promise<void>
}

/** Starts it all under a fresh `.tmp/<prefix>*` folder; servers live for an hour at most. */
export async function startCacheWorld(prefix: string): Promise<CacheWorld> {
  fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true })
  const root = fs.mkdtempSync(path.join(repoRoot, '.tmp', prefix))
  const releases = await prepareReleases(path.join(root, 'mirror'))
  const mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 60 * 60_000 })
  const overlay = await writeOverlay(root, releases, path.join(root, 'mirror'), mirror.url)
  const service = await startResultsService({ lifetimeMs: 60 * 60_000 })
  const toolCache = path.join(root, 'tool-cache')
  await seedToolCache(toolCache, releases)
  return {
    root,
    releases,
    mirror,
    overlay,
    service,
    toolCache,
    close: async () => {
      await mirror.close()
      await service.close()
      await fs.promises.rm(root, { recursive: true, force: true })
    },
  }
}
