import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import semver from 'semver'
import { parse as shellParse } from 'shell-quote'
import { ArchitectureTriple, Inputs, RuntimeGlibc } from './constants.js'
import { InputError } from './errors.js'

export type Architecture = keyof typeof ArchitectureTriple
export type Runtime = keyof typeof RuntimeGlibc
export type ProfileMode = 'size' | 'cargo-lambda' | 'none'
export type SmokeMode = 'auto' | 'true' | 'false'

/** The Rust target to build for: a triple and, for glibc targets, the glibc floor. */
export interface TargetSpec {
  readonly triple: string
  /** e.g. '2.34'; undefined for musl targets or an explicit target without a suffix. */
  readonly glibc: string | undefined
  /** What cargo lambda gets as `--target`: `<triple>.<glibc>` or `<triple>`. */
  readonly cargoTarget: string
  /** The Lambda architecture the triple runs on. */
  readonly architecture: Architecture
}

export interface FunctionMapping {
  readonly binary: string
  readonly function: string
}

export interface Config {
  /** GITHUB_WORKSPACE (absolute, real path). */
  readonly workspace: string
  /** Absolute, real path of the Cargo project; inside `workspace`. */
  readonly workingDirectory: string
  readonly package: string | undefined
  readonly binaries: readonly string[]
  readonly features: readonly string[]
  readonly cargoArgs: readonly string[]
  readonly architecture: Architecture
  readonly runtime: Runtime
  readonly target: TargetSpec
  readonly profile: ProfileMode
  readonly extension: boolean
  readonly include: readonly string[]
  readonly sizeLimit: number | undefined
  readonly rustToolchain: string | undefined
  readonly zig: {
    readonly version: string
    readonly sha256: string | undefined
    readonly mirror: string | undefined
  }
  readonly cargoLambda: {
    readonly version: string
    readonly sha256: string | undefined
    readonly url: string | undefined
  }
  readonly cache: {
    readonly enabled: boolean
    readonly key: string | undefined
    readonly save: boolean
  }
  readonly artifact: {
    readonly upload: boolean
    readonly name: string
    readonly retentionDays: number | undefined
  }
  /** undefined when no function is to be deployed. */
  readonly deploy: DeployConfig | undefined
  readonly smoke: {
    readonly mode: SmokeMode
    readonly event: string
    readonly timeoutSeconds: number
  }
}

export interface DeployConfig {
  /** The single target of `function-name`, or undefined when `functions` is used. */
  readonly functionName: string | undefined
  readonly functions: readonly FunctionMapping[]
  readonly alias: string | undefined
  readonly publish: boolean
  readonly s3Bucket: string | undefined
  readonly s3KeyPrefix: string
  readonly dryRun: boolean
  readonly force: boolean
  readonly region: string | undefined
  readonly concurrency: number
}

/** Where inputs come from: `core.getInput` in the action, a plain map in tests. */
export type InputReader = (name: string) => string

export interface ConfigEnvironment {
  readonly GITHUB_WORKSPACE?: string | undefined
}

const HEX64 = /^[0-9a-fA-F]{64}$/

/** Reads every input once, validates it, and returns one frozen Config. Throws InputError. */
export function readConfig(
  read: InputReader = (name) => core.getInput(name),
  env: ConfigEnvironment = process.env,
): Config {
  const input = (name: string): string => read(name).trim()

  const workspace = realDir(env.GITHUB_WORKSPACE || process.cwd())
  const workingDirectory = parseWorkingDirectory(input(Inputs.WorkingDirectory) || '.', workspace)

  const architecture = oneOf(Inputs.Architecture, input(Inputs.Architecture) || 'arm64', [
    'arm64',
    'x86_64',
  ] as const)
  const runtime = oneOf(Inputs.Runtime, input(Inputs.Runtime) || 'provided.al2023', [
    'provided.al2023',
    'provided.al2',
  ] as const)
  const target = parseTarget(input(Inputs.Target), architecture, runtime)
  const profile = oneOf(Inputs.Profile, input(Inputs.Profile) || 'size', [
    'size',
    'cargo-lambda',
    'none',
  ] as const)

  const binaries = list(input(Inputs.Binaries))
  const duplicateBinary = binaries.find((b, i) => binaries.indexOf(b) !== i)
  if (duplicateBinary !== undefined) {
    throw new InputError(
      Inputs.Binaries,
      input(Inputs.Binaries),
      `names '${duplicateBinary}' twice.`,
    )
  }

  const zigVersion = version(Inputs.ZigVersion, input(Inputs.ZigVersion) || '0.15.2')
  const cargoLambdaVersion = version(
    Inputs.CargoLambdaVersion,
    input(Inputs.CargoLambdaVersion) || '1.9.2',
  )

  const deploy = parseDeploy(input, binaries)
  const uploadDefault = deploy === undefined
  const artifactRetention = input(Inputs.ArtifactRetentionDays)

  const config: Config = {
    workspace,
    workingDirectory,
    package: input(Inputs.Package) || undefined,
    binaries,
    features: input(Inputs.Features)
      .split(/[\s,]+/)
      .filter((f) => f !== ''),
    cargoArgs: shellSplit(Inputs.CargoArgs, input(Inputs.CargoArgs)),
    architecture,
    runtime,
    target,
    profile,
    extension: bool(Inputs.Extension, input(Inputs.Extension), false),
    include: list(input(Inputs.Include), /\r?\n/),
    sizeLimit: parseSize(Inputs.SizeLimit, input(Inputs.SizeLimit)),
    rustToolchain: input(Inputs.RustToolchain) || undefined,
    zig: {
      version: zigVersion,
      sha256: sha256Pin(Inputs.ZigSha256, input(Inputs.ZigSha256)),
      mirror: url(Inputs.ZigMirror, input(Inputs.ZigMirror)),
    },
    cargoLambda: {
      version: cargoLambdaVersion,
      sha256: sha256Pin(Inputs.CargoLambdaSha256, input(Inputs.CargoLambdaSha256)),
      url: url(Inputs.CargoLambdaUrl, input(Inputs.CargoLambdaUrl)),
    },
    cache: {
      enabled: bool(Inputs.Cache, input(Inputs.Cache), true),
      key: input(Inputs.CacheKey) || undefined,
      save: bool(Inputs.SaveCache, input(Inputs.SaveCache), true),
    },
    artifact: {
      upload: bool(Inputs.UploadArtifact, input(Inputs.UploadArtifact), uploadDefault),
      name: input(Inputs.ArtifactName) || '{bin}-{arch}',
      retentionDays:
        artifactRetention === ''
          ? undefined
          : integer(Inputs.ArtifactRetentionDays, artifactRetention, 1, 90),
    },
    deploy,
    smoke: {
      mode: oneOf(Inputs.SmokeTest, input(Inputs.SmokeTest) || 'auto', [
        'auto',
        'true',
        'false',
      ] as const),
      event: parseSmokeEvent(input(Inputs.SmokeEvent) || '{}', workingDirectory),
      timeoutSeconds: positiveNumber(Inputs.SmokeTimeout, input(Inputs.SmokeTimeout) || '10'),
    },
  }
  return deepFreeze(config)
}

function parseDeploy(
  input: (name: string) => string,
  binaries: readonly string[],
): DeployConfig | undefined {
  const functionName = input(Inputs.FunctionName) || undefined
  const functionsText = input(Inputs.Functions)
  if (functionName !== undefined && functionsText !== '') {
    throw new InputError(
      Inputs.FunctionName,
      functionName,
      `cannot be combined with '${Inputs.Functions}': use 'function-name' for one binary, or 'functions' lines 'binary=function' for several.`,
    )
  }
  if (functionName !== undefined && binaries.length > 1) {
    throw new InputError(
      Inputs.FunctionName,
      functionName,
      `deploys one binary, but 'binaries' names ${binaries.length} (${binaries.join(', ')}): use 'functions' lines 'binary=function' instead.`,
    )
  }
  const functions = parseFunctions(functionsText)
  if (functionName !== undefined) checkFunctionName(Inputs.FunctionName, functionName)

  const alias = input(Inputs.Alias) || undefined
  if (alias !== undefined && !/^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/.test(alias)) {
    throw new InputError(
      Inputs.Alias,
      alias,
      'must be 1-128 letters, digits, - or _, and not only digits (Lambda alias name rules).',
    )
  }
  const anyTarget = functionName !== undefined || functions.length > 0
  if (!anyTarget) {
    for (const name of [Inputs.Alias, Inputs.S3Bucket] as const) {
      const value = input(name)
      if (value !== '') {
        throw new InputError(
          name,
          value,
          `only applies when deploying: set 'function-name' (one binary) or 'functions' (binary=function lines).`,
        )
      }
    }
    // Still validate the remaining deploy inputs so a typo never goes unnoticed.
    bool(Inputs.DryRun, input(Inputs.DryRun), false)
    bool(Inputs.Force, input(Inputs.Force), false)
    if (input(Inputs.Publish) !== '') bool(Inputs.Publish, input(Inputs.Publish), false)
    integer(Inputs.DeployConcurrency, input(Inputs.DeployConcurrency) || '4', 1, 1000)
    return undefined
  }
  const publishText = input(Inputs.Publish)
  return {
    functionName,
    functions,
    alias,
    publish: publishText === '' ? alias !== undefined : bool(Inputs.Publish, publishText, false),
    s3Bucket: checkS3Bucket(input(Inputs.S3Bucket)) || undefined,
    s3KeyPrefix: checkS3KeyPrefix(
      (input(Inputs.S3KeyPrefix) || 'rust-lambda-action').replace(/^\/+|\/+$/g, ''),
    ),
    dryRun: bool(Inputs.DryRun, input(Inputs.DryRun), false),
    force: bool(Inputs.Force, input(Inputs.Force), false),
    region: input(Inputs.AwsRegion) || undefined,
    concurrency: integer(Inputs.DeployConcurrency, input(Inputs.DeployConcurrency) || '4', 1, 1000),
  }
}

function parseFunctions(text: string): FunctionMapping[] {
  const mappings: FunctionMapping[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    if (eq <= 0 || eq === line.length - 1) {
      throw new InputError(
        Inputs.Functions,
        line,
        `each line must be 'binary=function' (e.g. 'api=my-api-function').`,
      )
    }
    const binary = line.slice(0, eq).trim()
    const fn = line.slice(eq + 1).trim()
    if (mappings.some((m) => m.binary === binary)) {
      throw new InputError(
        Inputs.Functions,
        line,
        `names the binary '${binary}' twice; map each binary to one function.`,
      )
    }
    checkFunctionName(Inputs.Functions, fn)
    mappings.push({ binary, function: fn })
  }
  return mappings
}

/**
 * S3's rules for general purpose bucket names (Amazon S3 User Guide, "Bucket naming rules").
 * Returns the name ('' when not set).
 */
function checkS3Bucket(name: string): string {
  const rule =
    name.length < 3 || name.length > 63
      ? 'must be 3 to 63 characters long'
      : !/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)
        ? 'may hold only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit'
        : name.includes('..')
          ? 'must not hold two adjacent dots'
          : /^\d+\.\d+\.\d+\.\d+$/.test(name)
            ? 'must not be formatted as an IP address'
            : /^(xn--|sthree-|amzn-s3-demo-)/.test(name)
              ? "must not begin with 'xn--', 'sthree-' or 'amzn-s3-demo-'"
              : /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)
                ? "must not end with '-s3alias', '--ol-s3', '.mrap', '--x-s3' or '--table-s3'"
                : undefined
  if (name !== '' && rule !== undefined) {
    throw new InputError(
      Inputs.S3Bucket,
      name,
      `${rule} (S3 bucket naming rules). Give the name of an existing bucket in the function's region.`,
    )
  }
  return name
}

/** Room left in S3's 1,024-byte key for `<prefix>/<function name>/<sha256 hex>.zip`. */
const MAX_S3_KEY_PREFIX_BYTES = 1024 - (1 + 64 + 1 + 64 + '.zip'.length)

/** A key prefix of S3's "safe characters" (letters, digits, ! - _ . * ' ( ) and / between parts). */
function checkS3KeyPrefix(prefix: string): string {
  if (!/^[A-Za-z0-9!_.*'()/-]*$/.test(prefix) || prefix.includes('//')) {
    throw new InputError(
      Inputs.S3KeyPrefix,
      prefix,
      "may hold only letters, digits, ! - _ . * ' ( ) and single / between parts (S3's safe characters for object keys).",
    )
  }
  if (prefix.length > MAX_S3_KEY_PREFIX_BYTES) {
    throw new InputError(
      Inputs.S3KeyPrefix,
      prefix,
      `is ${prefix.length} characters; at most ${MAX_S3_KEY_PREFIX_BYTES} leave room for '/<function>/<sha256>.zip' within S3's 1,024-byte key.`,
    )
  }
  return prefix
}

function checkFunctionName(input: string, name: string): void {
  // Name, partial ARN (123456789012:function:name) or full ARN; a qualifier is checked by the deploy plan.
  if (!/^[a-zA-Z0-9-_:.]+$/.test(name) || name.length > 170) {
    throw new InputError(
      input,
      name,
      'must be a Lambda function name, partial ARN or full ARN (letters, digits, -, _, : only).',
    )
  }
}

function parseWorkingDirectory(value: string, workspace: string): string {
  const resolved = path.resolve(workspace, value)
  let real: string
  try {
    real = fs.realpathSync(resolved)
  } catch {
    throw new InputError(
      Inputs.WorkingDirectory,
      value,
      `does not exist (looked for ${resolved}). Set it to the folder of your Cargo.toml, relative to the repository root.`,
    )
  }
  const rel = path.relative(workspace, real)
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new InputError(
      Inputs.WorkingDirectory,
      value,
      `resolves to ${real}, outside GITHUB_WORKSPACE (${workspace}); it must be a folder of the checked-out repository.`,
    )
  }
  if (!fs.statSync(real).isDirectory()) {
    throw new InputError(Inputs.WorkingDirectory, value, 'is not a folder.')
  }
  if (!fs.existsSync(path.join(real, 'Cargo.toml'))) {
    throw new InputError(
      Inputs.WorkingDirectory,
      value,
      `is not a Cargo project: ${path.join(real, 'Cargo.toml')} does not exist.`,
    )
  }
  return real
}

const TRIPLE_ARCH: Record<string, Architecture> = { aarch64: 'arm64', x86_64: 'x86_64' }

export function parseTarget(
  value: string,
  architecture: Architecture,
  runtime: Runtime,
): TargetSpec {
  if (value === '') {
    const triple = ArchitectureTriple[architecture]
    const glibc = RuntimeGlibc[runtime]
    return { triple, glibc, cargoTarget: `${triple}.${glibc}`, architecture }
  }
  const m = /^(aarch64|x86_64)-unknown-linux-(gnu|musl)(?:\.(2\.\d{1,2}))?$/.exec(value)
  if (m === null || (m[2] === 'musl' && m[3] !== undefined)) {
    throw new InputError(
      Inputs.Target,
      value,
      'must be aarch64-unknown-linux-gnu or x86_64-unknown-linux-gnu, optionally with a glibc suffix such as .2.34, or the same with -musl (no suffix).',
    )
  }
  const arch = TRIPLE_ARCH[m[1] as string] as Architecture
  const triple = `${m[1]}-unknown-linux-${m[2]}`
  const glibc = m[2] === 'gnu' ? m[3] : undefined
  return { triple, glibc, cargoTarget: glibc ? `${triple}.${glibc}` : triple, architecture: arch }
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new InputError(name, value, `expected one of ${allowed.join(', ')}.`)
}

const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

function bool(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw new InputError(name, value, 'expected true or false.')
}

function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(name, value, `expected a whole number from ${min} to ${max}.`)
  }
  return Number(value)
}

function positiveNumber(name: string, value: string): number {
  const n = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) {
    throw new InputError(name, value, 'expected a number of seconds greater than 0.')
  }
  return n
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
}

/** Parses '50MB', '512KiB', '1048576' into bytes. */
export function parseSize(name: string, value: string): number | undefined {
  if (value === '') return undefined
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(value)
  const unit = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined
  if (!m || unit === undefined || Number(m[1]) <= 0) {
    throw new InputError(
      name,
      value,
      'expected a size in bytes, optionally with a unit: 52428800, 50MB, 512KiB.',
    )
  }
  return Math.floor(Number(m[1]) * unit)
}

function sha256Pin(name: string, value: string): string | undefined {
  if (value === '') return undefined
  if (!HEX64.test(value)) {
    throw new InputError(name, value, 'expected a SHA-256 checksum: 64 hexadecimal digits.')
  }
  return value.toLowerCase()
}

function version(name: string, value: string): string {
  const clean = value.replace(/^v/, '')
  if (semver.valid(clean) === null) {
    throw new InputError(name, value, 'expected a version such as 1.2.3.')
  }
  return clean
}

function url(name: string, value: string): string | undefined {
  if (value === '') return undefined
  try {
    const u = new URL(value.replaceAll('{version}', 'v').replaceAll('{target}', 't'))
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol')
  } catch {
    throw new InputError(name, value, 'expected an http(s) URL.')
  }
  return value.replace(/\/+$/, '')
}

function list(value: string, separator: RegExp = /[\r\n,]+/): string[] {
  return value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

function shellSplit(name: string, value: string): string[] {
  const parts = shellParse(value)
  return parts.map((p) => {
    if (typeof p !== 'string') {
      throw new InputError(
        name,
        value,
        'may only hold arguments: shell operators, globs and comments are not run by a shell here.',
      )
    }
    return p
  })
}

function parseSmokeEvent(value: string, workingDirectory: string): string {
  const trimmed = value.trim()
  const inline = trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')
  const text = inline ? trimmed : readEventFile(value, workingDirectory)
  try {
    JSON.parse(text)
  } catch (e) {
    throw new InputError(
      Inputs.SmokeEvent,
      value,
      `is not valid JSON (${(e as Error).message}): give inline JSON or the path of a JSON file.`,
    )
  }
  return text
}

function readEventFile(value: string, workingDirectory: string): string {
  const file = path.resolve(workingDirectory, value)
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    throw new InputError(
      Inputs.SmokeEvent,
      value,
      `is neither inline JSON nor a readable file (looked for ${file}).`,
    )
  }
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir)
  } catch {
    return path.resolve(dir)
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
