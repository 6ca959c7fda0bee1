/**
 * Demo: the bundled action (dist/) builds examples/hello for arm64 in a fresh runner workspace,
 * run by the runner harness exactly as GitHub's runner would run it (main, then post).
 *
 * Offline stand-ins, as in the tests: Zig and cargo-lambda come from a local HTTP mirror (the
 * real zig 0.11.0 repacked under its official name, and the cargo-lambda STAND-IN that runs the
 * real `cargo build` with zig as the linker). The arm64 Rust std comes from the `debian` toolchain.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { copyProject, makeRunnerDirs, repoRoot, runAction } from '../test/support/harness.js'
import { startMirror } from '../test/support/mirror.js'
import { prepareReleases } from '../test/support/releases.js'

const demoRoot = path.join(repoRoot, '.tmp', 'demo')
fs.rmSync(path.join(demoRoot, 'runner'), { recursive: true, force: true })

const mirrorDir = path.join(demoRoot, 'mirror')
const releases = await prepareReleases(mirrorDir)
const mirror = await startMirror(mirrorDir, { timeoutMs: 20 * 60_000 })

const dirs = makeRunnerDirs(path.join(demoRoot, 'runner'))
copyProject(path.join(repoRoot, 'examples', 'hello'), dirs.workspace)

const inputs = {
  ...releases.inputs(mirror.url),
  architecture: 'arm64',
  'rust-toolchain': 'debian',
  // No Actions cache or artifact storage in this demo.
  cache: 'false',
  'upload-artifact': 'false',
}
console.log(`Running the action on examples/hello (arm64) in ${dirs.workspace} ...`)
let code = 1
try {
  const run = await runAction({ inputs, dirs, timeoutMs: 15 * 60_000 })
  const main = run.main
  const failed = main.exitCode !== 0 || (run.post !== undefined && run.post.exitCode !== 0)
  if (failed || process.env.DEMO_VERBOSE) console.log(main.log, run.post?.log ?? '')
  console.log('\n=== Job summary ===\n')
  console.log(main.summary)
  console.log('=== Outputs ===')
  for (const [k, v] of Object.entries(main.outputs)) console.log(`${k}: ${v}`)
  console.log(
    `\nmain exit ${main.exitCode} in ${(main.ms / 1000).toFixed(1)} s` +
      (run.post ? `, post exit ${run.post.exitCode} in ${(run.post.ms / 1000).toFixed(1)} s` : ''),
  )
  code = failed ? 1 : 0
} finally {
  await mirror.close()
}
process.exit(code)
