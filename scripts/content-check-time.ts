/**
 * How long the content check of tool folders takes on this machine (issue 17: at most 0.3 s added
 * to a warm run). A measurement to run by hand, not a test: it times `checkContent` and the digests
 * of each folder, with the threads the action picks and with the main thread alone.
 *
 *   npx vite-node scripts/content-check-time.ts <zig folder> [<cargo-lambda folder>] [--runs N]
 *
 * (`bash scripts/setup.sh` unpacks both under .tmp/tools/.) The load average is printed with the
 * figures: on a shared machine it decides them.
 */
import * as os from 'node:os'
import * as path from 'node:path'
import { checkContent, contentDigests, type HashOptions } from '../src/tools/content.js'

const args = process.argv.slice(2).filter((a) => a !== '--')
const runsAt = args.indexOf('--runs')
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3
const folders = args.map((a) => path.resolve(a))
if (folders.length === 0) {
  console.error('usage: content-check-time.ts <zig folder> [<cargo-lambda folder>] [--runs N]')
  process.exit(2)
}

const pinsOf = (dir: string): string[] =>
  path.basename(dir).startsWith('zig') ? ['zig', 'lib/'] : ['cargo-lambda']

async function time(label: string, work: () => Promise<unknown>): Promise<void> {
  const ms: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await work()
    ms.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  const med = (xs: number[]): number =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
  console.log(
    `${label}: median ${med(ms).toFixed(0)} ms (runs ${ms.map((x) => x.toFixed(0)).join(', ')}), process CPU ${med(cpu).toFixed(0)} ms`,
  )
}

console.log(
  `${os.availableParallelism()} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
for (const dir of folders) {
  const pins = await contentDigests(dir, pinsOf(dir))
  console.log(`${dir}: ${JSON.stringify(pins)}`)
  await time(`${path.basename(dir)} checkContent`, async () => {
    const mismatches = await checkContent(dir, pins)
    if (mismatches.length > 0) throw new Error(JSON.stringify(mismatches))
  })
  const alone: HashOptions = { threads: 1 }
  await time(`${path.basename(dir)} digests, main thread alone`, () =>
    contentDigests(dir, pinsOf(dir), alone),
  )
}
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
