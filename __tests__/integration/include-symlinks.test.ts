/**
 * `include` never ships a file from outside the project, through the bundled action (dist/) and the
 * runner harness: a symlink to a runner's file, listed itself or inside a listed folder, fails the
 * step before any tool is installed or anything built, naming the entry; a symlink that stays
 * inside is zipped as the file it points to. The package-level cases (loops, dangling links,
 * symlinked folders) are in __tests__/package/include-symlinks.test.ts.
 *
 * The build is real (the real cargo-lambda and Zig from the local mirror, a std-only crate: seconds
 * once the tools are there): the runner's tool cache is seeded as a first run leaves it
 * (test/support/seed-tools.ts), with the mirror's content pins (test/support/content-pins.ts).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeOverlay, type Overlay } from '../../test/support/content-pins.js'
import {
  makeRunnerDirs,
  repoRoot,
  runStep,
  writeStdOnlyCrate,
  type RunnerDirs,
  type StepResult,
} from '../../test/support/harness.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { prepareReleases, type PreparedReleases } from '../../test/support/releases.js'
import { seedToolCache } from '../../test/support/seed-tools.js'
import { BUILD_TIMEOUT_MS } from '../../test/support/shared-runner.js'
import { readZip } from '../../test/support/unzip.js'

const SECRET = 'SECRET OF THE RUNNER'

let root: string
let releases: PreparedReleases
let mirror: Mirror
let overlay: Overlay
let dirs: RunnerDirs
/** A file of the runner, outside the project. */
let secret: string

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-include-'))
  const mirrorDir = path.join(root, 'mirror')
  releases = await prepareReleases(mirrorDir)
  mirror = await startMirror(mirrorDir, { timeoutMs: BUILD_TIMEOUT_MS })
  overlay = await writeOverlay(root, releases, mirrorDir, mirror.url)
  secret = path.join(root, 'runner-secret')
  fs.writeFileSync(secret, SECRET)

  dirs = makeRunnerDirs(fs.mkdtempSync(path.join(root, 'run-')))
  await seedToolCache(dirs.toolCache, releases)
  const ws = dirs.workspace
  writeStdOnlyCrate(ws, 'include-demo')
  // static/: a real file, and a symlink to a file elsewhere in the project.
  fs.mkdirSync(path.join(ws, 'static'))
  fs.mkdirSync(path.join(ws, 'assets'))
  fs.writeFileSync(path.join(ws, 'static', 'index.html'), '<html>')
  fs.writeFileSync(path.join(ws, 'assets', 'logo.txt'), 'LOGO')
  fs.symlinkSync(path.join('..', 'assets', 'logo.txt'), path.join(ws, 'static', 'logo.txt'))
  // leak: a symlink to the runner's file; public/: a folder that holds one.
  fs.symlinkSync(secret, path.join(ws, 'leak'))
  fs.mkdirSync(path.join(ws, 'public'))
  fs.writeFileSync(path.join(ws, 'public', 'robots.txt'), 'User-agent: *')
  fs.symlinkSync(secret, path.join(ws, 'public', 'credentials'))
}, 600_000)
afterAll(async () => {
  await mirror?.close()
  if (root) await fs.promises.rm(root, { recursive: true, force: true })
})

function runMain(include: string): Promise<StepResult> {
  return runStep('main', {
    inputs: {
      architecture: 'x86_64',
      'rust-toolchain': 'stable',
      'smoke-test': 'false',
      'upload-artifact': 'false',
      cache: 'false',
      include,
      ...releases.inputs(mirror.url),
    },
    dirs,
    env: {
      RLA_RELEASES_OVERLAY: overlay.file,
      ZIG_GLOBAL_CACHE_DIR: path.join(repoRoot, '.tmp', 'zig-cache'),
    },
    timeoutMs: BUILD_TIMEOUT_MS,
  })
}

/** Every zip under the workspace, and whether any holds the runner's file. */
async function zipsHoldingTheSecret(): Promise<{ zips: string[]; holding: string[] }> {
  const zips = (fs.readdirSync(dirs.workspace, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.zip'))
    .map((f) => path.join(dirs.workspace, f))
  const holding: string[] = []
  for (const zip of zips) {
    const entries = await readZip(zip)
    if (entries.some((e) => e.data.includes(SECRET))) holding.push(zip)
  }
  return { zips, holding }
}

function expectRefusedBeforeTools(run: StepResult, message: RegExp): void {
  expect(run.exitCode).toBe(1)
  const errors = run.annotations.filter((a) => a.level === 'error').map((a) => a.message)
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatch(message)
  expect(errors[0]).toContain(fs.realpathSync(secret))
  // Nothing was installed, checked or built.
  expect(run.log).not.toContain('::group::Rust toolchain')
  expect(run.log).not.toContain('cargo lambda build')
}

describe('include and symlinks, through the action', () => {
  it(
    'a symlink to a runner file, listed in include, fails the step before any tool or build, naming it',
    async () => {
      const run = await runMain('leak')
      expectRefusedBeforeTools(run, /^Input 'include' names 'leak', a symlink to /)
      expect(await zipsHoldingTheSecret()).toEqual({ zips: [], holding: [] })
    },
    BUILD_TIMEOUT_MS,
  )

  it(
    'a listed folder that holds such a symlink fails the same way, naming the entry inside it',
    async () => {
      const run = await runMain('static\npublic')
      expectRefusedBeforeTools(
        run,
        /^Input 'include' names 'public', which holds 'public\/credentials', a symlink to /,
      )
      expect(await zipsHoldingTheSecret()).toEqual({ zips: [], holding: [] })
    },
    BUILD_TIMEOUT_MS,
  )

  it(
    'a symlink that stays inside the project is zipped as the file it points to',
    async () => {
      const run = await runMain('static')
      if (run.exitCode !== 0) console.log(run.log)
      expect(run.exitCode).toBe(0)
      const zip = run.outputs['zip-path'] as string
      const entries = await readZip(zip)
      const byName = new Map(entries.map((e) => [e.name, e]))
      expect([...byName.keys()].sort()).toEqual([
        'bootstrap',
        'static/index.html',
        'static/logo.txt',
      ])
      expect(byName.get('static/logo.txt')?.data.toString()).toBe('LOGO')
      // A regular file, not a symlink (S_IFREG).
      expect((byName.get('static/logo.txt')?.mode ?? 0) & 0o170000).toBe(0o100000)
      expect(await zipsHoldingTheSecret()).toEqual({ zips: [zip], holding: [] })
    },
    BUILD_TIMEOUT_MS,
  )
})
