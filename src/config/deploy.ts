/** The deploy rules: which inputs go together, and what deploying implies. */
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { LambdaLimits } from '../lambda/limits.js'
import { FunctionSyntax, parseFunctionName } from '../lambda/names.js'
import type { DeployConfig, FunctionMapping, Runtime } from '../types.js'
import { parseLayers } from './layers.js'
import { bool, integer } from './parsers.js'
import { parseRelease, ReleaseInputs } from './release.js'

/**
 * The deploy settings, or undefined when no function is named. `input` gives an input's value
 * with its default applied.
 */
export function parseDeploy(
  input: (name: string) => string,
  binaries: readonly string[],
  context: { readonly runtime: Runtime; readonly workingDirectory: string },
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
  const layers = parseLayers(input)
  const anyFunction = functionName !== undefined || functions.length > 0
  if (layers.attach && !anyFunction) {
    throw new InputError(
      Inputs.AttachLayers,
      'true',
      `attaches the layers to the functions this run deploys, and none is named: set 'function-name' or 'functions', or remove 'attach-layers'.`,
    )
  }
  // A layer name alone is a deploy of layers: an extension-only project publishes its layer.
  const anyTarget = anyFunction || layers.name !== undefined || layers.mappings.length > 0
  if (!anyTarget) {
    for (const name of [Inputs.Alias, Inputs.S3Bucket, ...ReleaseInputs] as const) {
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
    integer(Inputs.DeployConcurrency, input(Inputs.DeployConcurrency), 1, 1000)
    for (const name of [Inputs.Promote, Inputs.CreateFunction] as const) {
      if (bool(name, input(name), false)) {
        throw new InputError(
          name,
          input(name),
          `only applies when deploying: set 'function-name' (one binary) or 'functions' (binary=function lines).`,
        )
      }
    }
    return undefined
  }
  const publishText = input(Inputs.Publish)
  const publish =
    publishText === '' ? alias !== undefined : bool(Inputs.Publish, publishText, false)
  return {
    functionName,
    functions,
    binaries: binaries.length > 0 ? binaries : undefined,
    alias,
    publish,
    s3Bucket: checkS3Bucket(input(Inputs.S3Bucket)) || undefined,
    s3KeyPrefix: checkS3KeyPrefix(input(Inputs.S3KeyPrefix).replace(/^\/+|\/+$/g, '')),
    dryRun: bool(Inputs.DryRun, input(Inputs.DryRun), false),
    force: bool(Inputs.Force, input(Inputs.Force), false),
    region: input(Inputs.AwsRegion) || undefined,
    concurrency: integer(Inputs.DeployConcurrency, input(Inputs.DeployConcurrency), 1, 1000),
    ...parseRelease(input, { alias, publish, ...context }),
    layers,
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
 * S3's rules for general purpose bucket names (Amazon S3 User Guide, "Bucket naming rules"): the
 * rule a name breaks, or undefined.
 */
export function s3BucketRule(name: string): string | undefined {
  return name.length < 3 || name.length > 63
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
}

/** The `s3-bucket` name, checked ('' when not set). */
function checkS3Bucket(name: string): string {
  const rule = s3BucketRule(name)
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
const MAX_S3_KEY_PREFIX_BYTES = 1024 - (1 + LambdaLimits.functionNameChars + 1 + 64 + '.zip'.length)

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
  // A `:qualifier` is left to the deploy plan, whose message says what to write instead.
  if (parseFunctionName(name) === undefined) {
    throw new InputError(input, name, `must be ${FunctionSyntax}.`)
  }
}
