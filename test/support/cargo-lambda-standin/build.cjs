// `cargo lambda build` of the STAND-IN (see ./cargo-lambda). It follows the documented contract of
// cargo-lambda 1.x for the flags the action uses, and runs the REAL `cargo build` with the REAL
// zig as the linker (`zig cc -target <arch>-linux-gnu.<glibc>`), the way cargo-zigbuild does.
//
// Faithful on purpose where the action could go wrong:
// - in release mode, unless --disable-optimizations, it APPENDS
//   `--config profile.release.<key>=<value>` for strip/lto/codegen-units/panic (only for keys the
//   workspace root Cargo.toml's [profile.release] does not set) and the target-cpu rustflag AFTER
//   the caller's arguments, as cargo-lambda does; the last `--config` wins in cargo, so a caller
//   passing `--config profile.release.lto=true` without --disable-optimizations gets thin LTO;
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

/** Splits the arguments into cargo-lambda's own options and the rest (passed to cargo as is). */
function parseArgs(args) {
  const o = {
    release: false,
    target: undefined,
    outputFormat: 'binary',
    bins: [],
    packages: [],
    features: [],
    manifestPath: undefined,
    lambdaDir: undefined,
    extension: false,
    include: [],
    disableOptimizations: false,
    passthrough: [],
  }
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
    switch (a) {
      case '--release':
      case '-r':
        o.release = true
        break
      case '--target':
        o.target = take(a)
        break
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
        o.include.push(take(a))
        break
      case '--disable-optimizations':
        o.disableOptimizations = true
        break
      case '--arm64':
        o.target = 'aarch64-unknown-linux-gnu'
        break
      case '--x86-64':
        o.target = 'x86_64-unknown-linux-gnu'
        break
      default:
        o.passthrough.push(args[i])
    }
  }
  if (!['zip', 'binary'].includes(o.outputFormat)) fail(`invalid --output-format ${o.outputFormat}`)
  return o
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
  const o = parseArgs(args)
  const target = parseTarget(o.target)
  const metadata = cargoMetadata(o.manifestPath)
  const rootManifest = path.join(metadata.workspace_root, 'Cargo.toml')
  const projectKeys = profileReleaseKeys(fs.readFileSync(rootManifest, 'utf8'))

  const cargoArgs = cargoArgv(o, target, projectKeys)

  const linkerVar = `CARGO_TARGET_${target.triple.toUpperCase().replace(/-/g, '_')}_LINKER`
  const wrapper = linkerWrapper(path.join(metadata.target_directory, 'zigbuild'), findZig(), target)
  log({ cargo: cargoArgs, env: { [linkerVar]: wrapper } })

  const child = spawnSync(cargoBin(), cargoArgs, {
    env: { ...process.env, [linkerVar]: wrapper },
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

module.exports = { build, cargoArgv, parseArgs, parseTarget, profileReleaseKeys }
