/** Reads every input once, validates it, and assembles one typed, frozen Config. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import { InputDefaults, Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import type { Config } from '../types.js'
import { parseFromArtifacts, workspaceFolder } from './artifacts.js'
import { parseCompileCache } from './compile-cache.js'
import { parseDeploy } from './deploy.js'
import { parseImage } from './image.js'
import { parsePlan } from './plan.js'
import {
  bool,
  integer,
  list,
  oneOf,
  parseSize,
  parseSmokeEvent,
  parseTarget,
  parseWorkingDirectory,
  positiveNumber,
  sha256Pin,
  shellSplit,
  url,
  version,
} from './parsers.js'

/** Where inputs come from: `core.getInput` in the action, a plain map in tests. */
export type InputReader = (name: string) => string

export interface ConfigEnvironment {
  readonly GITHUB_WORKSPACE?: string | undefined
  /** Every variable: `cargo-args` expands `$VAR` from them. */
  readonly [name: string]: string | undefined
  readonly GITHUB_SHA?: string | undefined
}

/** Reads every input once, validates it, and returns one frozen Config. Throws InputError. */
export function readConfig(
  read: InputReader = (name) => core.getInput(name),
  env: ConfigEnvironment = process.env,
): Config {
  // An empty input means its default (action.yml shows the same defaults).
  const input = (name: string): string =>
    read(name).trim() || (InputDefaults as Record<string, string>)[name] || ''

  const workspace = realDir(env.GITHUB_WORKSPACE || process.cwd())
  const fromArtifacts = parseFromArtifacts(input(Inputs.FromArtifacts), workspace)
  // Deploy-only mode needs no Cargo project (a deploy job may not even check out the sources).
  const workingDirectory =
    fromArtifacts === undefined
      ? parseWorkingDirectory(input(Inputs.WorkingDirectory), workspace)
      : workspaceFolder(input(Inputs.WorkingDirectory), workspace)

  const architecture = oneOf(Inputs.Architecture, input(Inputs.Architecture), [
    'arm64',
    'x86_64',
  ] as const)
  const runtime = oneOf(Inputs.Runtime, input(Inputs.Runtime), [
    'provided.al2023',
    'provided.al2',
  ] as const)
  const target = parseTarget(input(Inputs.Target), architecture, runtime)
  const profile = oneOf(Inputs.Profile, input(Inputs.Profile), [
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

  const zigVersion = version(Inputs.ZigVersion, input(Inputs.ZigVersion))
  const cargoLambdaVersion = version(Inputs.CargoLambdaVersion, input(Inputs.CargoLambdaVersion))

  const deploy = parseDeploy(input, binaries, { runtime, workingDirectory })
  // Deploy-only mode uploads nothing unless asked: the zips are already artifacts.
  const uploadDefault = deploy === undefined && fromArtifacts === undefined
  const artifactRetention = input(Inputs.ArtifactRetentionDays)

  const config: Config = {
    workspace,
    workingDirectory,
    package: input(Inputs.Package) || undefined,
    binaries,
    features: input(Inputs.Features)
      .split(/[\s,]+/)
      .filter((f) => f !== ''),
    cargoArgs: shellSplit(Inputs.CargoArgs, input(Inputs.CargoArgs), env),
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
      onFailure: bool(Inputs.CacheOnFailure, input(Inputs.CacheOnFailure), false),
      sharedKey: input(Inputs.SharedKey) || undefined,
    },
    compileCache: parseCompileCache(input, env),
    plan: parsePlan(input),
    fromArtifacts,
    artifact: {
      upload: bool(Inputs.UploadArtifact, input(Inputs.UploadArtifact), uploadDefault),
      name: input(Inputs.ArtifactName),
      retentionDays:
        artifactRetention === ''
          ? undefined
          : integer(Inputs.ArtifactRetentionDays, artifactRetention, 1, 90),
    },
    deploy,
    image: parseImage(input, runtime, deploy, env),
    smoke: {
      mode: oneOf(Inputs.SmokeTest, input(Inputs.SmokeTest), ['auto', 'true', 'false'] as const),
      event: parseSmokeEvent(input(Inputs.SmokeEvent), workingDirectory),
      timeoutSeconds: positiveNumber(Inputs.SmokeTimeout, input(Inputs.SmokeTimeout)),
    },
  }
  return deepFreeze(config)
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
