/**
 * Pruning on a real target directory: the cache-app fixture (a std-only binary, one path
 * dependency, two vendored registry crates, one with a build script) built by real cargo for an
 * explicit --target, archived with tar the way @actions/cache does, and rebuilt from a fresh copy.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accessTimesWork,
  isDir,
  parseLockfile,
  planRegistryPrune,
  planTargetPrune,
  planZigPrune,
  scanTree,
  type DirNode,
  type Node,
} from '../../src/cache/prune.js'
import { setAside } from '../../src/cache/set-aside.js'
import {
  cacheAppFixture as fixture,
  checkoutCacheApp,
  lockTinydep2,
} from '../../test/support/cache-fixture.js'
import { repoRoot } from '../../test/support/harness.js'

const triple = 'x86_64-unknown-linux-gnu'
let work: string
let project: string

/** Runs cargo and returns the packages it compiled (from its `Compiling <name> v<version>` lines). */
function compiled(): string[] {
  const r = execFileSync(
    'bash',
    ['-c', `cargo build --release --offline --target ${triple} 2>&1`],
    {
      cwd: project,
      encoding: 'utf8',
      env: {
        ...process.env,
        RUSTUP_TOOLCHAIN: process.env.RUSTUP_TOOLCHAIN ?? 'stable',
        CARGO_TERM_COLOR: 'never',
      },
    },
  )
  return [...r.matchAll(/^\s*Compiling (\S+) v(\S+)/gm)].map((m) => `${m[1]} ${m[2]}`).sort()
}

function paths(node: DirNode, prefix = ''): string[] {
  return node.children.flatMap((c: Node) => {
    const rel = path.join(prefix, c.name)
    return isDir(c) ? [rel + '/', ...paths(c, rel)] : [rel]
  })
}

function kept(root: DirNode, drop: readonly string[]): string[] {
  return paths(root).filter(
    (p) => !drop.some((d) => p === d || p === d + '/' || p.startsWith(d + '/')),
  )
}

const local = (): Set<string> =>
  parseLockfile(fs.readFileSync(path.join(project, 'Cargo.lock'), 'utf8')).local

beforeAll(() => {
  fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true })
  work = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'prune-'))
  project = path.join(work, 'project')
  checkoutCacheApp(project)
  expect(compiled()).toEqual([
    'cache-app 0.1.0',
    'pathdep 0.1.0',
    'tinydep 0.3.1',
    'tinydep2 0.1.0',
  ])
  // What cargo-lambda leaves: the zip folder under target/lambda.
  const lambda = path.join(project, 'target', 'lambda', 'cache-app')
  fs.mkdirSync(lambda, { recursive: true })
  fs.copyFileSync(
    path.join(project, 'target', triple, 'release', 'cache-app'),
    path.join(lambda, 'bootstrap'),
  )
}, 120_000)
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true })
})

describe('planTargetPrune on a real target directory', () => {
  it('keeps the dependencies units in target/<triple>/release and the host build scripts; drops the rest', () => {
    const tree = scanTree(path.join(project, 'target'))
    const plan = planTargetPrune(tree, { localPackages: local(), usedSince: undefined })
    const left = kept(tree, plan.drop)
    const rel = `${triple}/release`

    // Dependency units survive in the triple folder (rust-cache#356 lost these)...
    expect(
      left
        .filter((p) => p.startsWith(`${rel}/deps/`) && !p.endsWith('/'))
        .map((p) => p.replace(/-[0-9a-f]{16}/, '-H'))
        .sort(),
    ).toEqual([
      `${rel}/deps/libtinydep-H.rlib`,
      `${rel}/deps/libtinydep-H.rmeta`,
      `${rel}/deps/libtinydep2-H.rlib`,
      `${rel}/deps/libtinydep2-H.rmeta`,
      `${rel}/deps/tinydep-H.d`,
      `${rel}/deps/tinydep2-H.d`,
    ])
    expect(left.some((p) => p.startsWith(`${rel}/build/tinydep-`) && p.endsWith('/output'))).toBe(
      true,
    )
    // ...and the build script compiled for the host, under target/release.
    expect(
      left.some((p) => /^release\/build\/tinydep-[0-9a-f]{16}\/build-script-build$/.test(p)),
    ).toBe(true)

    // The workspace crate, the path dependency, the zips, uplifted binaries and incremental are out.
    for (const gone of [
      /cache.app/,
      /pathdep/,
      /^lambda/,
      /incremental/,
      /^[^/]+\/release\/cache-app$/,
    ]) {
      expect(left.filter((p) => gone.test(p))).toEqual([])
    }
    expect(plan.units).toEqual({ kept: 3 + 1, local: 2, unused: 0 })
    expect(plan.bytesAfter).toBeLessThan(plan.bytesBefore)
    expect(plan.bytesAfter).toBeGreaterThan(0)
  })

  it('sets the dropped entries aside and puts every one of them back', () => {
    const target = path.join(project, 'target')
    const before = paths(scanTree(target))
    const plan = planTargetPrune(scanTree(target), { localPackages: local(), usedSince: undefined })
    const aside = setAside(target, plan.drop)
    expect(aside.moved).toBe(plan.drop.length)
    expect(paths(scanTree(target)).sort()).toEqual(kept(scanTree(target), []).sort())
    expect(fs.existsSync(path.join(target, 'lambda'))).toBe(false)
    aside.restore()
    expect(paths(scanTree(target))).toEqual(before)
    expect(fs.readdirSync(work).filter((n) => n.includes('pruned'))).toEqual([])
  })

  it('puts everything back when one entry cannot be moved', () => {
    const target = path.join(project, 'target')
    const before = paths(scanTree(target))
    expect(() => setAside(target, ['lambda', 'does-not-exist'])).toThrow()
    expect(paths(scanTree(target))).toEqual(before)
  })
})

describe('a pruned archive restored into a fresh checkout', () => {
  const archive = () => path.join(work, 'cache.tar')
  let raw = 0

  it('rebuilds only the local crates: no dependency is recompiled', () => {
    const target = path.join(project, 'target')
    raw = Number(execFileSync('du', ['-sb', target], { encoding: 'utf8' }).split('\t')[0])
    const plan = planTargetPrune(scanTree(target), { localPackages: local(), usedSince: undefined })
    const aside = setAside(target, plan.drop)
    try {
      execFileSync('tar', ['--posix', '-cf', archive(), '-C', project, 'target'])
    } finally {
      aside.restore()
    }
    const size = fs.statSync(archive()).size
    console.log(
      `pruned archive ${size} B (uncompressed tar) vs raw target ${raw} B: ${(raw / size).toFixed(1)}x smaller`,
    )
    expect(size).toBeLessThan(raw / 2)

    // A new runner: the same path, sources checked out afresh (new mtimes), cache extracted.
    fs.rmSync(project, { recursive: true })
    checkoutCacheApp(project)
    execFileSync('tar', ['-xf', archive(), '-C', project])
    expect(compiled()).toEqual(['cache-app 0.1.0', 'pathdep 0.1.0'])
  })

  it('after a lockfile change, leaves out the dependency versions this build did not use', () => {
    const target = path.join(project, 'target')
    // Restore the archive again (the previous build wrote new local units), as a partial hit would.
    fs.rmSync(target, { recursive: true })
    execFileSync('tar', ['-xf', archive(), '-C', project])
    const atime = accessTimesWork(target)
    lockTinydep2(project, '0.1.1')
    const start = Date.now()
    expect(compiled()).toEqual(['cache-app 0.1.0', 'pathdep 0.1.0', 'tinydep2 0.1.1'])

    const tree = scanTree(target)
    const plan = planTargetPrune(tree, {
      localPackages: local(),
      usedSince: atime ? start : undefined,
    })
    const deps = kept(tree, plan.drop)
      .filter((p) => /^[^/]+\/release\/\.fingerprint\/[^/]+\/$/.test(p))
      .map((p) => p.split('/')[3]!.replace(/-[0-9a-f]{16}$/, ''))
      .sort()
    if (atime) {
      // tinydep was reused (its fingerprint was read), tinydep2 0.1.0 was not.
      expect(deps).toEqual(['tinydep', 'tinydep', 'tinydep2'])
      expect(plan.units.unused).toBe(1)
    } else {
      // Without access times nothing tells reused from stale: every dependency unit is kept.
      expect(deps).toEqual(['tinydep', 'tinydep', 'tinydep2', 'tinydep2'])
    }
  })
})

describe('lockfile and registry', () => {
  it('reads local and registry packages from Cargo.lock', () => {
    const lock = parseLockfile(fs.readFileSync(path.join(fixture, 'Cargo.lock'), 'utf8'))
    expect([...lock.local].sort()).toEqual(['cache-app', 'pathdep'])
    expect([...lock.remote].sort()).toEqual(['tinydep-0.3.1', 'tinydep2-0.1.0'])
  })

  it('leaves out .crate files the lockfile no longer names', () => {
    const file = (name: string, size = 10) => ({ name, size, usedMs: 0 })
    const cache: DirNode = {
      name: 'cache',
      children: [
        {
          name: 'index.crates.io-1949cf8c6b5b557f',
          children: [
            file('tinydep-0.3.1.crate'),
            file('tinydep2-0.1.0.crate'),
            file('tinydep2-0.0.9.crate', 99),
          ],
        },
      ],
    }
    const plan = planRegistryPrune(cache, new Set(['tinydep-0.3.1', 'tinydep2-0.1.0']))
    expect(plan.drop).toEqual(['index.crates.io-1949cf8c6b5b557f/tinydep2-0.0.9.crate'])
    expect(plan.bytesBefore - plan.bytesAfter).toBe(99)
  })

  it("saves only o/ (the built stubs) and h/ (manifests) of Zig 0.15's cache", () => {
    const f = (name: string, size: number) => ({ name, size, usedMs: 0 })
    const plan = planZigPrune({
      name: 'zig-cache',
      children: [
        { name: 'h', children: [f('a.txt', 10)] },
        { name: 'o', children: [{ name: '0123', children: [f('libc.so.6', 100)] }] },
        { name: 'z', children: [f('zir1', 1000)] },
        { name: 'b', children: [{ name: '9606', children: [f('builtin.zig', 5)] }] },
        { name: 'tmp', children: [] },
        f('stray', 7),
      ],
    })
    expect(plan.drop).toEqual(['z', 'b', 'tmp', 'stray'])
    expect(plan.bytesAfter).toBe(110)
  })
})
