/**
 * Which folders the cargo cache holds:
 * - `$CARGO_HOME/registry/index` and `registry/cache` (the downloaded `.crate` files; cargo
 *   re-extracts `registry/src` from them, so `src` is not kept), `$CARGO_HOME/git/db`;
 * - the project's target directory, as src/cargo reads it;
 * - Zig's global cache (the glibc stubs and compiler-rt zig builds for each target).
 */
import * as path from 'node:path'

/**
 * Pure: the folders to cache, in a fixed order. The same list must be given to restore and save:
 * @actions/cache folds it into the entry's version.
 */
export function cachePaths(parts: {
  readonly cargoHome: string
  readonly targetDir: string
  readonly zigCacheDir: string | undefined
}): string[] {
  const list = [
    path.join(parts.cargoHome, 'registry', 'index'),
    path.join(parts.cargoHome, 'registry', 'cache'),
    path.join(parts.cargoHome, 'git', 'db'),
    parts.targetDir,
  ]
  if (parts.zigCacheDir) list.push(parts.zigCacheDir)
  return list
}
