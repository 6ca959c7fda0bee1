/**
 * Poisons an Actions cache entry the way anyone with cache write access could: the test
 * results-service then serves a modified archive for that key. The archive is @actions/cache's
 * own format (a tar with paths relative to GITHUB_WORKSPACE, `../` included, compressed with
 * zstd --long=30): unpacked, changed by `edit`, packed again with the same members in order.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { ResultsService } from './results-service.js'

/** `edit` gets the folder that stands for the workspace's parent (`../x` is `<root>/x`). */
export async function tamperCacheEntry(
  service: ResultsService,
  key: string,
  edit: (root: string) => void,
): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-tamper-'))
  try {
    const blob = path.join(scratch, 'cache.tzst')
    fs.writeFileSync(blob, await service.cacheEntryBlob(key))
    const tar = path.join(scratch, 'cache.tar')
    execFileSync('zstd', ['-q', '-d', '--long=30', '-o', tar, blob])
    const root = path.join(scratch, 'root')
    const workspace = path.join(root, 'workspace')
    fs.mkdirSync(workspace, { recursive: true })
    const members = execFileSync('tar', ['-tf', tar, '-P'], { encoding: 'utf8' })
      .split('\n')
      .filter((m) => m !== '')
    execFileSync('tar', ['-xf', tar, '-P', '-C', workspace])
    edit(root)
    const list = path.join(scratch, 'members')
    fs.writeFileSync(list, members.join('\n') + '\n')
    const out = path.join(scratch, 'out.tar')
    execFileSync('tar', [
      '--posix',
      '-cf',
      out,
      '-P',
      '-C',
      workspace,
      '--no-recursion',
      '--files-from',
      list,
    ])
    const packed = path.join(scratch, 'out.tzst')
    execFileSync('zstd', ['-q', '-T0', '--long=30', '-o', packed, out])
    await service.replaceCacheEntryBlob(key, fs.readFileSync(packed))
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}
