/** Figure 7: start-up: bundle load time and sizes; the AWS SDK loaded only when deploying. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { node24, repoRoot } from '../../test/support/harness.js'
import type { Figure, Row } from '../figure.js'
import { formatBytes } from '../format.js'
import { firstLineMs } from '../log.js'
import { pairwiseDifferences } from '../stats.js'
import { timedSpawn } from '../world.js'

const hook = path.join(repoRoot, 'bench', 'load-hook.mjs')
/** Marks the chunk that holds the Lambda client (any of its command names would do). */
const sdkMarker = 'UpdateFunctionCodeCommand'

export interface BundleFile {
  readonly entry: 'main' | 'post'
  readonly file: string
  readonly bytes: number
  readonly hasSdk: boolean
}

export function bundleFiles(): BundleFile[] {
  const out: BundleFile[] = []
  for (const entry of ['main', 'post'] as const) {
    const dir = path.join(repoRoot, 'dist', entry)
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .sort()) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8')
      out.push({ entry, file, bytes: Buffer.byteLength(text), hasSdk: text.includes(sdkMarker) })
    }
  }
  return out
}

export const startup: Figure = {
  id: 'startup',
  title: 'Start-up',
  method:
    "Time from spawning `node dist/main/index.js` (Node 24, through the runner harness) to its first log line, on a warm, non-deploying run of examples/hello; Node's own start-up (spawn to the first line of `node -e 'console.log(1)'`) measured alternately in the same run, and the difference is the bundle's load. The post step is timed whole (it has nothing to save on a warm run). Bundle sizes are the files in dist/. Which chunks a non-deploying run loads is recorded with a module-load hook (`node --import bench/load-hook.mjs`, Node's `module.registerHooks`): the chunk holding the AWS SDK must not be among them.",
  async run(ctx) {
    const rows: Row[] = []
    const notes: string[] = []
    const files = bundleFiles()
    for (const f of files) {
      rows.push({
        metric: `size of dist/${f.entry}/${f.file}${f.hasSdk ? ' (AWS SDK)' : ''}`,
        unit: 'bytes',
        samples: [f.bytes],
      })
    }
    const sdkChunks = files.filter((f) => f.entry === 'main' && f.hasSdk && f.file !== 'index.js')
    if (files.some((f) => f.entry === 'main' && f.file === 'index.js' && f.hasSdk)) {
      notes.push('dist/main/index.js itself contains the Lambda client: the SDK is not lazy.')
    }

    const warm = await ctx.world.warmProject('examples/hello')
    const nodeMs: number[] = []
    const mainMs: number[] = []
    const postMs: number[] = []
    for (let i = 0; i < ctx.runs; i++) {
      const bare = await timedSpawn(node24, ['-e', 'console.log(1)'], repoRoot, {})
      nodeMs.push(bare.ms)
      const run = await ctx.world.runAction(warm.runner, {
        ...warm.inputs,
        'artifact-name': `{bin}-{arch}-startup-${i}`,
      })
      const first = firstLineMs(run.main.lines)
      if (first === undefined) throw new Error('dist/main printed nothing')
      mainMs.push(first)
      postMs.push(run.post.ms)
      ctx.log(
        `run ${i + 1}: node ${Math.round(bare.ms)} ms, main first line ${Math.round(first)} ms`,
      )
    }
    rows.push(
      { metric: 'node itself: spawn to first line', unit: 'ms', samples: nodeMs },
      { metric: 'dist/main: spawn to first log line', unit: 'ms', samples: mainMs },
      {
        metric: 'dist/main bundle load (first line minus node itself)',
        unit: 'ms',
        samples: pairwiseDifferences(mainMs, nodeMs),
      },
      { metric: 'dist/post: whole step (nothing to save)', unit: 'ms', samples: postMs },
    )

    // Which chunks a non-deploying run evaluates.
    const moduleLog = path.join(ctx.world.root, 'modules-loaded.log')
    fs.rmSync(moduleLog, { force: true })
    await ctx.world.runAction(
      warm.runner,
      { ...warm.inputs, 'artifact-name': '{bin}-{arch}-startup-hook' },
      {
        env: {
          NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`,
          BENCH_MODULE_LOG: moduleLog,
        },
      },
    )
    const distMain = pathToFileURL(path.join(repoRoot, 'dist', 'main')).href + '/'
    const loaded = [
      ...new Set(
        fs
          .readFileSync(moduleLog, 'utf8')
          .split('\n')
          .filter((u) => u.startsWith(distMain))
          .map((u) => u.slice(distMain.length)),
      ),
    ]
    if (!loaded.includes('index.js')) {
      throw new Error(`the module-load hook saw no dist/main/index.js (saw: ${loaded.join(', ')})`)
    }
    const sdkLoaded = sdkChunks.filter((c) => loaded.includes(c.file))
    rows.push({
      metric: 'AWS SDK chunks loaded by a non-deploying run',
      unit: 'count',
      samples: [sdkLoaded.length],
      target: { op: '<=', value: 0 },
    })
    notes.push(
      `A non-deploying run of dist/main loaded: ${loaded.join(', ')}.` +
        (sdkChunks.length > 0
          ? ` The AWS SDK lives in ${sdkChunks.map((c) => `${c.file} (${formatBytes(c.bytes)})`).join(', ')}, loaded ${sdkLoaded.length === 0 ? 'only when deploying' : 'even without a deploy'}.`
          : ' No separate chunk holds the AWS SDK.'),
    )
    return { rows, notes }
  },
}
