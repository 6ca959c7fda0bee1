// `cargo lambda build` of the STAND-IN (see ./cargo-lambda). It follows cargo-lambda 1.9.2 for the
// flags the action uses, checked against the real binary (`cargo-lambda lambda build` with a `cargo`
// that prints its argv), and runs the REAL `cargo build` with the REAL zig as the linker
// (`zig cc -target <arch>-linux-gnu.<glibc>`), the way cargo-zigbuild does.
//
// Like the real 1.9.2:
// - the FIRST `--target` wins when several are given (`--target=` form too); `--arm64` or
//   `--x86-64` together with `--target` (or with each other) is an error;
// - an option it does not know fails before any build, as clap does: "error: unexpected argument
//   '--x' found", exit 2. Cargo's own options that cargo-lambda lists in its --help pass through;
// - in release mode, unless --disable-optimizations, it APPENDS
//   `--config profile.release.<key>=<value>` for strip/lto/codegen-units/panic (only for keys the
//   workspace root Cargo.toml's [profile.release] does not set) and the target-cpu rustflag AFTER
//   the caller's arguments; the last `--config` wins in cargo, so a caller passing
//   `--config profile.release.lto=true` without --disable-optimizations gets thin LTO;
// - `[package.metadata.lambda.build]` of the package built (read from `cargo metadata`):
//   `target` (a list; the first entry, when no --target is given), `release`,
//   `disable_optimizations`, `include` and `output_format`;
// - `CARGO_LAMBDA_COMPILER=cargo` builds with plain cargo (no zig linker).
// Where it does NOT match 1.9.2 (no test depends on these):
// - `[workspace.metadata.lambda]`, contexts (`--context`, CARGO_LAMBDA_CONTEXT), the global file
//   (`--global`), admerge, `--env-var`/`--env-file` and `--flatten` are accepted and ignored;
//   `--compiler cross` and `CARGO_LAMBDA_COMPILER=cross` are refused;
// - the real tool orders its `--config` additions by a hash map (they vary run to run); here they
//   are in a fixed order;
// - `rustup target add` for a missing target is not attempted.
// - output lands in <target-dir>/lambda/<bin>/bootstrap (extensions: lambda/extensions/<bin>).
// The final cargo argv is logged to $CARGO_LAMBDA_STANDIN_LOG as `{"cargo": [...]}`.
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script, no build step */
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')

const OPTIMIZATIONS = [
  ['strip', '"symbols"'],
  ['lto', '"thin"'],
  ['codegen-units', '1'],
  ['panic', '"abort"'],
]
const TARGET_CPU = { aarch64: 'neoverse-n1', x86_64: 'haswell' }
const DEFAULT_GLIBC = '2.17' // cargo-zigbuild's default when the target has no suffix

function fail(message) {
  process.stderr.write(`Error: cargo-lambda stand-in: ${message}\n`)
  process.exit(1)
}

/** Cargo options cargo-lambda 1.9.2 lists in `lambda build --help` and passes to cargo. */
const CARGO_FLAGS = new Set([
  '-q',
  '--quiet',
  '--future-incompat-report',
  '--keep-going',
  '--timings',
  '--unit-graph',
  '--all-features',
  '--no-default-features',
  '--frozen',
  '--locked',
  '--offline',
  '--ignore-rust-version',
  '--workspace',
  '--all',
  '--lib',
  '--bins',
  '--examples',
  '--tests',
  '--benches',
  '--all-targets',
])
const CARGO_VALUES = new Set([
  '--message-format',
  '--color',
  '--config',
  '-Z',
  '-j',
  '--jobs',
  '--profile',
  '--target-dir',
  '--artifact-dir',
  '--exclude',
  '--example',
  '--test',
  '--bench',
])
/** cargo-lambda's own options the stand-in accepts and ignores (see the header). */
const IGNORED_FLAGS = new Set(['--internal', '--skip-target-check', '--admerge'])
const IGNORED_VALUES = new Set([
  '--flatten',
  '--global',
  '-x',
  '--context',
  '--env-var',
  '--env-vars',
  '--env-file',
])

/** What clap prints for an option it does not know, and its exit code. */
function unexpected(arg) {
  process.stderr.write(
    `error: unexpected argument '${arg}' found\n\nUsage: cargo lambda build [OPTIONS]\n\nFor more information, try '--help'.\n`,
  )
  process.exit(2)
}

/** Splits the arguments into cargo-lambda's own options and cargo's (passed on as they are). */
function parseArgs(args) {
  const o = {
    release: false,
    target: undefined,
    outputFormat: undefined,
    bins: [],
    packages: [],
    features: [],
    manifestPath: undefined,
    lambdaDir: undefined,
    extension: false,
    include: [],
    disableOptimizations: false,
    compiler: undefined,
    passthrough: [],
  }
  const shortcuts = []
  let targets = 0
  let i = 0
  for (; i < args.length; i++) {
    let a = args[i]
    let inline
    const eq = a.startsWith('--') ? a.indexOf('=') : -1
    if (eq > 0) {
      inline = a.slice(eq + 1)
      a = a.slice(0, eq)
    }
    const take = (flag) => {
      if (inline !== undefined) return inline
      if (args[i + 1] === undefined) fail(`${flag} needs a value`)
      return args[++i]
    }
    if (/^-v+$/.test(a) || a === '--verbose') {
      o.passthrough.push(args[i])
      continue
    }
    switch (a) {
      case '--release':
      case '-r':
        o.release = true
        break
      case '--target': {
        // The first one wins, as in cargo-lambda 1.9.2.
        const value = take(a)
        targets++
        o.target ??= value
        break
      }
      case '--output-format':
      case '-o':
        o.outputFormat = take(a)
        break
      case '--bin':
        o.bins.push(take(a))
        break
      case '--package':
      case '-p':
        o.packages.push(take(a))
        break
      case '--features':
      case '-F':
        o.features.push(take(a))
        break
      case '--manifest-path':
        o.manifestPath = take(a)
        break
      case '--lambda-dir':
      case '-l':
        o.lambdaDir = take(a)
        break
      case '--extension':
        o.extension = true
        break
      case '--include':
      case '-i':
        o.include.push(take(a))
        break
      case '--disable-optimizations':
        o.disableOptimizations = true
        break
      case '--compiler':
      case '-c':
        o.compiler = take(a)
        break
      case '--arm64':
        shortcuts.push('aarch64-unknown-linux-gnu')
        break
      case '--x86-64':
        shortcuts.push('x86_64-unknown-linux-gnu')
        break
      default:
        if (CARGO_FLAGS.has(a) && inline === undefined) o.passthrough.push(a)
        else if (CARGO_VALUES.has(a)) o.passthrough.push(a, take(a))
        else if (IGNORED_FLAGS.has(a) && inline === undefined) break
        else if (IGNORED_VALUES.has(a)) take(a)
        else unexpected(args[i])
    }
  }
  if (shortcuts.length > 1 || (shortcuts.length === 1 && targets > 0))
    fail('invalid options: --arm64, --x86-64, and --target cannot be specified at the same time')
  if (shortcuts.length === 1) o.target = shortcuts[0]
  if (o.outputFormat !== undefined && !['zip', 'binary'].includes(o.outputFormat.toLowerCase()))
    fail(`invalid --output-format ${o.outputFormat}`)
  return o
}

/**
 * Fills what the command line left open from `[package.metadata.lambda.build]` (cargo metadata's
 * `metadata.lambda.build`) and CARGO_LAMBDA_COMPILER; the command line wins.
 */
function withPackageConfig(o, buildConfig, env) {
  const c = buildConfig || {}
  const out = { ...o }
  if (out.target === undefined && Array.isArray(c.target) && c.target.length > 0)
    out.target = c.target[0]
  if (c.release === true) out.release = true
  if (c.disable_optimizations === true) out.disableOptimizations = true
  if (out.outputFormat === undefined && typeof c.output_format === 'string')
    out.outputFormat = c.output_format
  if (out.include.length === 0 && Array.isArray(c.include)) out.include = [...c.include]
  out.outputFormat = (out.outputFormat || 'binary').toLowerCase()
  out.compiler ??= env.CARGO_LAMBDA_COMPILER || 'cargo-zigbuild'
  if (!['cargo', 'cargo-zigbuild'].includes(out.compiler))
    fail(`compiler ${out.compiler} is not modelled by the stand-in`)
  return out
}

/** The package `cargo lambda build` reads its config from: --package, else the manifest's own. */
function buildConfigOf(metadata, o) {
  const pkgs = metadata.packages || []
  let pkg
  if (o.packages.length > 0) pkg = pkgs.find((p) => p.name === o.packages[0])
  else if (o.manifestPath)
    pkg = pkgs.find((p) => path.resolve(p.manifest_path) === path.resolve(o.manifestPath))
  else
    pkg =
      pkgs.find((p) => path.dirname(p.manifest_path) === process.cwd()) ||
      (pkgs.length === 1 ? pkgs[0] : undefined)
  return pkg && pkg.metadata && pkg.metadata.lambda ? pkg.metadata.lambda.build : undefined
}

function parseTarget(value) {
  const spec = value || `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-gnu`
  const m = /^((aarch64|x86_64)-unknown-linux-(gnu|musl))(?:\.(2\.\d+))?$/.exec(spec)
  if (!m) fail(`unsupported target ${spec}`)
  return { triple: m[1], arch: m[2], libc: m[3], glibc: m[4] || DEFAULT_GLIBC }
}

/** Keys set in [profile.release] of a Cargo.toml (a small reader: section + `key =` lines). */
function profileReleaseKeys(text) {
  const keys = new Set()
  let inSection = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim()
    if (line.startsWith('[')) {
      inSection = /^\[\s*profile\s*\.\s*release\s*\]$/.test(line)
      continue
    }
    const key = /^([A-Za-z0-9_-]+|"[^"]+")\s*=/.exec(line)
    if (key) {
      const name = key[1].replace(/"/g, '')
      if (inSection) keys.add(name)
    }
    const dotted = /^profile\s*\.\s*release\s*\.\s*([A-Za-z0-9_-]+)\s*=/.exec(line)
    if (dotted && !inSection) keys.add(dotted[1])
    const inline = /^profile\s*\.\s*release\s*=\s*\{(.*)\}/.exec(line)
    if (inline) for (const m of inline[1].matchAll(/([A-Za-z0-9_-]+)\s*=/g)) keys.add(m[1])
  }
  return keys
}

function cargoBin() {
  return process.env.CARGO || 'cargo'
}

function cargoMetadata(manifestPath) {
  const args = ['metadata', '--format-version', '1', '--no-deps']
  if (manifestPath) args.push('--manifest-path', manifestPath)
  const r = spawnSync(cargoBin(), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) {
    process.stderr.write(r.stderr || '')
    fail('cargo metadata failed')
  }
  return JSON.parse(r.stdout)
}

function findZig() {
  const fromEnv = process.env.CARGO_ZIGBUILD_ZIG_PATH
  if (fromEnv) return fromEnv
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir === '') continue
    const candidate = path.join(dir, 'zig')
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      return candidate
    } catch {
      // keep looking
    }
  }
  // The real cargo-lambda refuses to guess an installer without a terminal; so does this.
  fail('Zig is not installed: install zig and put it on PATH, or set CARGO_ZIGBUILD_ZIG_PATH')
}

/** The linker wrapper cargo-zigbuild would write: zig cc for <arch>-linux-gnu.<glibc>. */
function linkerWrapper(dir, zig, target) {
  fs.mkdirSync(dir, { recursive: true })
  const zigTarget = `${target.arch}-linux-${target.libc}${target.libc === 'gnu' ? `.${target.glibc}` : ''}`
  const file = path.join(dir, `zigcc-${zigTarget}.sh`)
  const quoted = `'${zig.replace(/'/g, `'\\''`)}'`
  const script = `#!/bin/sh\nexec ${quoted} cc -target ${zigTarget} "$@"\n`
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== script) {
    fs.writeFileSync(file, script, { mode: 0o755 })
  }
  return file
}

function log(entry) {
  if (process.env.CARGO_LAMBDA_STANDIN_LOG) {
    fs.appendFileSync(process.env.CARGO_LAMBDA_STANDIN_LOG, JSON.stringify(entry) + '\n')
  }
}

// A minimal zip writer (deflate, the file's own mtime: like cargo-lambda, NOT reproducible).
function crc32(buf) {
  return zlib.crc32(buf) >>> 0
}
function dosTime(date) {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  }
}
function writeZip(file, entries) {
  const locals = []
  const centrals = []
  let offset = 0
  for (const e of entries) {
    const data = fs.readFileSync(e.source)
    const st = fs.statSync(e.source)
    const packed = zlib.deflateRawSync(data)
    const name = Buffer.from(e.name)
    const { time, date } = dosTime(st.mtime)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0, 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt16LE(time, 10)
    local.writeUInt16LE(date, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt16LE(time, 12)
    central.writeUInt16LE(date, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, packed)
    centrals.push(central, name)
    offset += local.length + name.length + packed.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  fs.writeFileSync(file, Buffer.concat([...locals, cd, end]))
}

/** The argv for the real `cargo build`: the caller's arguments, THEN cargo-lambda's additions. */
function cargoArgv(o, target, projectKeys) {
  const cargoArgs = ['build', '--message-format=json-render-diagnostics', '--target', target.triple]
  if (o.release) cargoArgs.push('--release')
  if (o.manifestPath) cargoArgs.push('--manifest-path', o.manifestPath)
  for (const p of o.packages) cargoArgs.push('--package', p)
  for (const b of o.bins) cargoArgs.push('--bin', b)
  for (const f of o.features) cargoArgs.push('--features', f)
  cargoArgs.push(...o.passthrough)
  if (o.release && !o.disableOptimizations) {
    for (const [key, value] of OPTIMIZATIONS) {
      if (!projectKeys.has(key)) cargoArgs.push('--config', `profile.release.${key}=${value}`)
    }
    cargoArgs.push('--config', `build.rustflags=["-C","target-cpu=${TARGET_CPU[target.arch]}"]`)
  }
  return cargoArgs
}

function build(args) {
  const parsed = parseArgs(args)
  const metadata = cargoMetadata(parsed.manifestPath)
  const o = withPackageConfig(parsed, buildConfigOf(metadata, parsed), process.env)
  const target = parseTarget(o.target)
  const rootManifest = path.join(metadata.workspace_root, 'Cargo.toml')
  const projectKeys = profileReleaseKeys(fs.readFileSync(rootManifest, 'utf8'))

  const cargoArgs = cargoArgv(o, target, projectKeys)

  const linkerVar = `CARGO_TARGET_${target.triple.toUpperCase().replace(/-/g, '_')}_LINKER`
  const linkerEnv =
    o.compiler === 'cargo'
      ? {}
      : {
          [linkerVar]: linkerWrapper(
            path.join(metadata.target_directory, 'zigbuild'),
            findZig(),
            target,
          ),
        }
  log({ cargo: cargoArgs, env: linkerEnv })

  const child = spawnSync(cargoBin(), cargoArgs, {
    env: { ...process.env, ...linkerEnv },
    stdio: ['inherit', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  })
  if (child.error) fail(`could not run cargo: ${child.error.message}`)
  const executables = []
  for (const line of child.stdout.toString().split('\n')) {
    if (!line.startsWith('{')) continue
    const msg = JSON.parse(line)
    if (msg.reason === 'compiler-artifact' && msg.executable && msg.target.kind.includes('bin')) {
      executables.push({ bin: msg.target.name, path: msg.executable })
    }
  }
  if (child.status !== 0) process.exit(child.status === null ? 1 : child.status)
  if (executables.length === 0) fail('no binaries were built')

  const lambdaDir = path.resolve(o.lambdaDir || path.join(metadata.target_directory, 'lambda'))
  for (const exe of executables) {
    const dir = o.extension ? path.join(lambdaDir, 'extensions') : path.join(lambdaDir, exe.bin)
    const name = o.extension ? exe.bin : 'bootstrap'
    fs.mkdirSync(dir, { recursive: true })
    const out = path.join(dir, name)
    fs.copyFileSync(exe.path, out)
    fs.chmodSync(out, 0o755)
    if (o.outputFormat === 'zip') {
      const entries = [
        { name: o.extension ? `extensions/${exe.bin}` : 'bootstrap', source: out, mode: 0o755 },
      ]
      for (const inc of o.include) {
        entries.push({ name: inc, source: path.resolve(inc), mode: 0o644 })
      }
      writeZip(path.join(dir, `${o.extension ? exe.bin : 'bootstrap'}.zip`), entries)
      fs.rmSync(out)
    }
    process.stderr.write(`🦀 ${o.extension ? 'extension' : 'function'} ${exe.bin} -> ${out}\n`)
  }
}

module.exports = {
  build,
  cargoArgv,
  parseArgs,
  parseTarget,
  profileReleaseKeys,
  withPackageConfig,
}
