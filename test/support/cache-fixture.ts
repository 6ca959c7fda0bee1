/**
 * The cache-app fixture (test/fixtures/cache-app): a std-only binary with one path dependency
 * and two registry crates vendored the way `cargo vendor` lays them out (one with a build script),
 * so the tests need no network.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { copyProject, repoRoot } from './harness.js'

export const cacheAppFixture = path.join(repoRoot, 'test', 'fixtures', 'cache-app')

// crates.io archives carry their files' times, and cargo extracts them with those times; the
// vendored copies get one fixed old time for the same effect (otherwise every fresh copy would
// look like an edit of the dependencies' build scripts).
const REGISTRY_TIME = new Date('2024-01-01T00:00:00Z')

/** A fresh checkout of the fixture at `dest`: new mtimes for the project's own files. */
export function checkoutCacheApp(dest: string): void {
  copyProject(cacheAppFixture, dest)
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name)
      if (e.isDirectory()) walk(full)
      fs.utimesSync(full, REGISTRY_TIME, REGISTRY_TIME)
    }
  }
  walk(path.join(dest, 'vendor'))
}

/** Points Cargo.lock at another vendored version of tinydep2 (a lockfile-only change). */
export function lockTinydep2(project: string, version: string): void {
  const checksum = (
    JSON.parse(
      fs.readFileSync(
        path.join(project, 'vendor', `tinydep2-${version}`, '.cargo-checksum.json'),
        'utf8',
      ),
    ) as { package: string }
  ).package
  const lock = path.join(project, 'Cargo.lock')
  const before = fs.readFileSync(lock, 'utf8')
  const after = before.replace(
    /name = "tinydep2"\nversion = "[^"]+"\n(source = .*\n)checksum = "[^"]+"/,
    `name = "tinydep2"\nversion = "${version}"\n$1checksum = "${checksum}"`,
  )
  if (after === before && !before.includes(`version = "${version}"`)) {
    throw new Error('Cargo.lock has no tinydep2 entry to change')
  }
  fs.writeFileSync(lock, after)
}
