/**
 * Demo: the bundled action (dist/) builds examples/hello for arm64 in a fresh runner workspace,
 * run by the runner harness exactly as GitHub's runner would run it (main, then post).
 *
 * The real tools, served as the tests serve them: cargo-lambda 1.9.2 and Zig 0.15.2 come from a
 * local HTTP mirror holding their release assets, repacked by scripts/setup.sh from their wheels
 * on the Python package index (test/support/releases.ts). The crates come from the crate registry
 * (fetched by the set-up script); the arm64 Rust std comes from the `debian` toolchain.
 * The deploy goes to a local Lambda emulator (the documented REST-JSON API and its state machine)
 * through AWS_ENDPOINT_URL_LAMBDA with dummy credentials; the demo then runs the action a second
 * time to show that an unchanged build makes no write call.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { copyProject, makeRunnerDirs, repoRoot, runAction } from '../test/support/harness.js'
import { startLambdaEmulator } from '../test/support/lambda-emulator.js'
import { startMirror } from '../test/support/mirror.js'
import { prepareReleases } from '../test/support/releases.js'

const demoRoot = path.join(repoRoot, '.tmp', 'demo')
fs.rmSync(path.join(demoRoot, 'runner'), { recursive: true, force: true })

const mirrorDir = path.join(demoRoot, 'mirror')
const releases = await prepareReleases(mirrorDir)
// A cold fat-LTO build for arm64 takes minutes on 2 cores, and many more on a busy machine.
const lifetimeMs = 60 * 60_000
const mirror = await startMirror(mirrorDir, { timeoutMs: lifetimeMs })

const lambda = await startLambdaEmulator({ updateMs: 500, lifetimeMs })
lambda.addFunction({ name: 'hello', architecture: 'arm64' })

const dirs = makeRunnerDirs(path.join(demoRoot, 'runner'))
copyProject(path.join(repoRoot, 'examples', 'hello'), dirs.workspace)

const inputs = {
  ...releases.inputs(mirror.url),
  architecture: 'arm64',
  'rust-toolchain': 'debian',
  // No Actions cache or artifact storage in this demo.
  cache: 'false',
  'upload-artifact': 'false',
  'function-name': 'hello',
  alias: 'live',
}
const env = {
  AWS_ENDPOINT_URL_LAMBDA: lambda.url,
  AWS_REGION: lambda.region,
  AWS_ACCESS_KEY_ID: 'AKIADEMODEMODEMODEMO',
  AWS_SECRET_ACCESS_KEY: 'demo-secret-not-a-real-key',
  AWS_CONFIG_FILE: path.join(demoRoot, 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(demoRoot, 'no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  // The crates scripts/setup.sh fetched (`cargo fetch --locked`), as a runner's ~/.cargo would
  // hold them: the build downloads nothing.
  CARGO_HOME: process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'),
}
console.log(`Running the action on examples/hello (arm64) in ${dirs.workspace} ...`)
let code = 1
try {
  const run = await runAction({ inputs, env, dirs, timeoutMs: 45 * 60_000 })
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
  if (!failed) {
    const fn = lambda.fn('hello')
    console.log(
      `\nLambda emulator: function hello has CodeSha256 ${fn.codeSha256} (${fn.architectures.join(', ')}),` +
        ` versions [${fn.versions.map((v) => v.version).join(', ')}],` +
        ` alias live -> ${fn.aliases.get('live')?.functionVersion ?? 'none'}; calls ${JSON.stringify(lambda.calls('hello'))}`,
    )
    const writes = lambda.writes('hello')
    console.log('\nRunning the action again on the same source ...')
    const again = await runAction({ inputs, env, dirs, timeoutMs: 45 * 60_000, post: false })
    console.log(
      `second run: exit ${again.main.exitCode} in ${(again.main.ms / 1000).toFixed(1)} s, deploy-result ${again.main.outputs['deploy-result'] ?? '?'},` +
        ` ${lambda.writes('hello') - writes} write calls to Lambda`,
    )
    if (again.main.exitCode !== 0) code = 1
  }
} finally {
  await mirror.close()
  await lambda.close()
}
process.exit(code)
