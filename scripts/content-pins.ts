/**
 * Computes the content pins of known-releases.json from the official release assets, and checks
 * or writes them. Each asset is downloaded from the URL in the table (or read from a folder with
 * --from), refused unless its SHA-256 is the table's, extracted, and its files digested.
 *
 *   npx vite-node scripts/content-pins.ts -- --check                 every entry that has pins
 *   npx vite-node scripts/content-pins.ts -- --write zig@0.15.2      (re)computes those entries
 *   npx vite-node scripts/content-pins.ts -- --write --defaults      the action's default versions
 *   options: --table FILE (another table), --from DIR (assets by file name, no download)
 *
 * --check exits 1 when a pin in the table disagrees with the asset (the self-test workflow runs it
 * on GitHub, where the official assets can be downloaded).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputDefaults, Inputs } from '../src/constants.js'
import { pinsOfArchive, sha256File, type PinnedTool } from './content-pins-lib.js'

interface Entry {
  url: string
  sha256: string
  content?: Record<string, string>
}
type Table = Record<PinnedTool, Record<string, Record<string, Entry>>> & Record<string, unknown>

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function parseArgs(argv: string[]): {
  write: boolean
  table: string
  from?: string
  only: string[]
} {
  const out = {
    write: false,
    table: path.join(repo, 'src', 'tools', 'known-releases.json'),
    only: [] as string[],
  } as {
    write: boolean
    table: string
    from?: string
    only: string[]
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') continue
    else if (a === '--check') out.write = false
    else if (a === '--write') out.write = true
    else if (a === '--table') out.table = path.resolve(argv[++i] ?? '')
    else if (a === '--from') out.from = path.resolve(argv[++i] ?? '')
    else if (a === '--defaults')
      out.only.push(
        `zig@${InputDefaults[Inputs.ZigVersion]}`,
        `cargo-lambda@${InputDefaults[Inputs.CargoLambdaVersion]}`,
      )
    else if (a !== undefined && /^(zig|cargo-lambda)@/.test(a)) out.only.push(a)
    else throw new Error(`unknown argument ${a}`)
  }
  return out
}

async function fetchAsset(entry: Entry, from: string | undefined, dir: string): Promise<string> {
  const name = decodeURIComponent(new URL(entry.url).pathname.split('/').pop() ?? '')
  if (from !== undefined) return path.join(from, name)
  const res = await fetch(entry.url)
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${entry.url}`)
  const file = path.join(dir, name)
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()))
  return file
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2))
  const table = JSON.parse(fs.readFileSync(args.table, 'utf8')) as Table
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'content-pins-assets-'))
  let disagreements = 0
  let checked = 0
  try {
    for (const tool of ['zig', 'cargoLambda'] as const) {
      const name = tool === 'zig' ? 'zig' : 'cargo-lambda'
      for (const [version, platforms] of Object.entries(table[tool])) {
        const selected = args.write
          ? args.only.includes(`${name}@${version}`)
          : args.only.length === 0 || args.only.includes(`${name}@${version}`)
        if (!selected) continue
        for (const [platform, entry] of Object.entries(platforms)) {
          if (!args.write && entry.content === undefined) continue
          // The action installs tar archives only (Linux and macOS).
          if (!/\.tar\.(gz|xz)$/.test(entry.url)) continue
          const archive = await fetchAsset(entry, args.from, scratch)
          const sha = sha256File(archive)
          if (sha !== entry.sha256) {
            console.error(
              `${name} ${version} ${platform}: ${entry.url} has SHA-256 ${sha}, the table pins ${entry.sha256}`,
            )
            disagreements++
            continue
          }
          const pins = await pinsOfArchive(tool, archive)
          if (args.from === undefined) fs.rmSync(archive, { force: true })
          checked++
          if (args.write) {
            entry.content = pins
            console.log(`${name} ${version} ${platform}: ${JSON.stringify(pins)}`)
            continue
          }
          for (const [p, expected] of Object.entries(entry.content ?? {})) {
            if (pins[p] !== expected) {
              console.error(
                `${name} ${version} ${platform}: ${p} is ${pins[p] ?? 'missing'}, the table pins ${expected}`,
              )
              disagreements++
            }
          }
          for (const p of Object.keys(pins)) {
            if (!(p in (entry.content ?? {}))) {
              console.error(`${name} ${version} ${platform}: ${p} has no pin in the table`)
              disagreements++
            }
          }
          if (disagreements === 0) console.log(`${name} ${version} ${platform}: content pins agree`)
        }
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
  if (args.write) fs.writeFileSync(args.table, JSON.stringify(table, null, 2) + '\n')
  console.log(
    `${checked} asset(s) ${args.write ? 'pinned' : 'checked'}, ${disagreements} disagreement(s).`,
  )
  return disagreements === 0 ? 0 : 1
}

process.exitCode = await main()
