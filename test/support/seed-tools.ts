/**
 * A warm runner tool cache without a cold run: the real Zig and cargo-lambda that scripts/setup.sh
 * unpacked under .tmp/tools (the very files the mirror's archives hold), laid out the way
 * @actions/tool-cache and the action lay them out: `<tool>/<version>/<arch>`, `<arch>.complete`,
 * and the verified archive kept beside the folder, `<arch>.archive/<file>` (src/tools/cache.ts).
 *
 * Nothing here is trusted by the action: it checks a seeded folder as it checks any folder it
 * finds, against content pins when the run has them (test/support/content-pins.ts), else against
 * what the kept archive extracts to. So a seed that differed from the archive would show up as
 * a warning and a download, which the tests that seed assert never happens.
 *
 * Why: unpacking Zig (a 350 MB tree from xz) is the slowest part of a cold run, a minute or more
 * on a loaded 2-core machine, and most tests start from a runner that has the tools already.
 * The files are hard links into .tmp/tools (a second, not a copy of 380 MB), so a test that changes
 * a seeded file must replace it (`replaceFile`), never write into it. Everything here is
 * asynchronous: removing or linking Zig's 18,100 files can take a minute on a loaded machine, and a
 * test worker whose event loop is blocked that long misses vitest's RPC timeout.
 */
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { toolPaths, type CachedTool } from '../../src/tools/cache.js'
import { pruneZigLib } from '../../src/tools/zig-lib.js'
import { repoRoot } from './harness.js'
import { localCargoLambda, localZig, type PreparedReleases } from './releases.js'

const releasesDir = path.join(repoRoot, '.tmp', 'releases')

/** Puts the tools into `toolCache` as a run on this runner would have left them. */
export async function seedToolCache(
  toolCache: string,
  releases: PreparedReleases,
  tools: readonly CachedTool[] = ['zig', 'cargo-lambda'],
): Promise<void> {
  if (releases.standin) throw new Error('seedToolCache seeds the real cargo-lambda only')
  for (const tool of tools) {
    const [version, from, file] =
      tool === 'zig'
        ? [releases.zigVersion, path.dirname(localZig), releases.zigFile]
        : [releases.cargoLambdaVersion, path.dirname(localCargoLambda), releases.cargoLambdaFile]
    if (!fs.existsSync(from)) {
      throw new Error(`${from} is missing: run \`npm run setup\` (scripts/setup.sh) once.`)
    }
    const paths = toolPaths(toolCache, tool, version, os.arch())
    for (const p of [paths.dir, paths.complete, paths.kept])
      await fs.promises.rm(p, { recursive: true, force: true })
    await fs.promises.mkdir(path.dirname(paths.dir), { recursive: true })
    await linkTree(from, paths.dir)
    // As the action leaves Zig: without the libcs of other systems (src/tools/zig-lib.ts).
    if (tool === 'zig') await pruneZigLib(paths.dir)
    await fs.promises.mkdir(paths.kept)
    await linkTree(path.join(releasesDir, file), path.join(paths.kept, file))
    await fs.promises.writeFile(paths.complete, '')
  }
}

/** Replaces a (maybe hard-linked) file with new content, leaving the file it was linked to alone. */
export function replaceFile(file: string, content: string | Buffer, mode?: number): void {
  const keep = mode ?? fs.statSync(file).mode & 0o777
  fs.rmSync(file)
  fs.writeFileSync(file, content, { mode: keep })
}

/** `cp -al` (hard links), or a plain copy where links cannot be made (another file system). */
async function linkTree(from: string, to: string): Promise<void> {
  try {
    await promisify(execFile)('cp', ['-al', from, to])
  } catch {
    await fs.promises.rm(to, { recursive: true, force: true })
    await fs.promises.cp(from, to, { recursive: true, preserveTimestamps: true })
  }
}
