/**
 * Builds the smoke-test fixture functions (test/fixtures/smoke-functions: std-only Lambda
 * custom runtimes, one binary per behaviour) for x86_64 (rustup `stable`, the system linker)
 * and arm64 (the `debian` toolchain, linked by the real Zig (test/support/releases.ts) against glibc 2.34), once,
 * into the gitignored `.tmp/smoke-fixtures/target` (cargo's own lock makes parallel callers safe).
 * Zips them the way the action ships them: one `bootstrap` entry, mode 0755.
 */
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { promisify } from 'node:util'
import yazl from 'yazl'
import type { Architecture } from '../../src/types.js'
import type { Artifact, BinaryKind } from '../../src/types.js'
import { repoRoot } from './harness.js'
import { localZig } from './releases.js'

const run = promisify(execFile)

export const smokeFixtureDir = path.join(repoRoot, 'test', 'fixtures', 'smoke-functions')
const cacheRoot = path.join(repoRoot, '.tmp', 'smoke-fixtures')
const targetDir = path.join(cacheRoot, 'target')
const zig = localZig

export type SmokeFixtureBin =
  'echo' | 'panic-at-start' | 'invocation-error' | 'never-answers' | 'init-error'

export const TRIPLES: Record<Architecture, string> = {
  arm64: 'aarch64-unknown-linux-gnu',
  x86_64: 'x86_64-unknown-linux-gnu',
}

const built = new Map<Architecture, Promise<string>>()

/** Builds every fixture binary for `arch`; resolves with the folder holding them. */
export function buildSmokeFixtures(arch: Architecture): Promise<string> {
  let p = built.get(arch)
  if (!p) {
    p = cargoBuild(arch)
    built.set(arch, p)
  }
  return p
}

async function cargoBuild(arch: Architecture): Promise<string> {
  fs.mkdirSync(cacheRoot, { recursive: true })
  const triple = TRIPLES[arch]
  const env: Record<string, string> = { ...(process.env as Record<string, string>) }
  delete env.RUSTFLAGS
  let toolchain = '+stable'
  if (arch === 'arm64') {
    toolchain = '+debian'
    env.ZIG_GLOBAL_CACHE_DIR = path.join(cacheRoot, 'zig-cache')
    env.CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER = linkerWrapper(
      'aarch64-linux-gnu.2.34',
      'zig-cc-aarch64',
    )
  }
  await run(
    'cargo',
    [toolchain, 'build', '--release', '--bins', '--target', triple, '--target-dir', targetDir],
    { cwd: smokeFixtureDir, env, maxBuffer: 16 * 1024 * 1024 },
  )
  return path.join(targetDir, triple, 'release')
}

/** A `zig cc -target <zigTarget>` wrapper script, written atomically (parallel test files). */
function linkerWrapper(zigTarget: string, name: string): string {
  const file = path.join(cacheRoot, name)
  const text = `#!/bin/sh\nexec "${zig}" cc -target ${zigTarget} "$@"\n`
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
    const tmp = `${file}.${process.pid}`
    fs.writeFileSync(tmp, text, { mode: 0o755 })
    fs.renameSync(tmp, file)
  }
  return file
}

export interface ZipOptions {
  /** Unix mode of the bootstrap entry (default 0755). */
  mode?: number
  /** Entry name (default `bootstrap`). */
  name?: string
}

/** Zips `binary` as the action ships it and returns the Artifact the later stages see. */
export async function zipArtifact(
  binary: string,
  zipPath: string,
  artifact: { bin: string; architecture: Architecture; kind?: BinaryKind },
  options: ZipOptions = {},
): Promise<Artifact> {
  fs.mkdirSync(path.dirname(zipPath), { recursive: true })
  const zip = new yazl.ZipFile()
  zip.addFile(binary, options.name ?? 'bootstrap', {
    mode: 0o100000 | (options.mode ?? 0o755),
    mtime: new Date('1980-01-01T00:00:00Z'),
  })
  zip.end()
  await new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(zipPath)
    zip.outputStream.pipe(out).on('close', resolve).on('error', reject)
  })
  const size = fs.statSync(zipPath).size
  return {
    bin: artifact.bin,
    kind: artifact.kind ?? 'function',
    architecture: artifact.architecture,
    target: TRIPLES[artifact.architecture],
    zipPath,
    binaryPath: binary,
    binarySize: fs.statSync(binary).size,
    zipSize: size,
    unzippedSize: fs.statSync(binary).size,
    sha256: '',
    codeSha256: '',
  }
}

/**
 * Copies `binary` to `to`, replacing `from` with `replacement` (same length) in its bytes: how
 * the tests make a binary whose loader path is missing, or that needs a glibc symbol version no
 * system has (`GLIBC_2.34` -> `GLIBC_2.99` in .dynstr: the loader then reports it not found).
 */
export function patchBinary(binary: string, to: string, from: string, replacement: string): string {
  if (from.length !== replacement.length) throw new Error('patch must keep the length')
  const bytes = fs.readFileSync(binary)
  const at = bytes.indexOf(Buffer.from(`${from}\0`, 'latin1'))
  if (at < 0) throw new Error(`${from} not found in ${binary}`)
  bytes.write(replacement, at, 'latin1')
  fs.mkdirSync(path.dirname(to), { recursive: true })
  fs.writeFileSync(to, bytes, { mode: 0o755 })
  return to
}

/** Processes whose command line mentions `text` (to prove a hung bootstrap was killed). */
export function processesMentioning(text: string): number[] {
  const found: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (cmdline.includes(text)) found.push(Number(entry))
    } catch {
      // The process ended meanwhile.
    }
  }
  return found
}
