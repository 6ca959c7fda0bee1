/**
 * The safe-release inputs: verification before the alias moves, canary weights and promotion,
 * creating a missing function, and the configuration a run asks for. Environment values are
 * masked here, where they are read, and never quoted in an error: only their key names are.
 */
import * as core from '@actions/core'
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { EnvironmentKeyPattern, LambdaLimits, ReservedEnvironmentKeys } from '../lambda/limits.js'
import type {
  DesiredConfiguration,
  DesiredEnvironment,
  FunctionCreation,
  Runtime,
  VerifyConfig,
} from '../types.js'
import { bool, integer, oneOf, parseSmokeEvent } from './parsers.js'

/** The release inputs, as DeployConfig holds them. */
export interface ReleaseSettings {
  readonly verify: VerifyConfig | undefined
  readonly aliasWeight: number
  readonly promote: boolean
  readonly create: FunctionCreation | undefined
  readonly configuration: DesiredConfiguration
}

/** Every release input, for the check that they are only given when deploying. */
export const ReleaseInputs = [
  Inputs.VerifyEvent,
  Inputs.VerifyResponse,
  Inputs.RoleArn,
  Inputs.MemorySize,
  Inputs.Timeout,
  Inputs.Environment,
  Inputs.Description,
] as const

/**
 * Values shorter than this are not masked: the runner masks every occurrence of a secret in the
 * log, and masking `1` or `on` would garble every line holding them. The action prints no value
 * of `environment` whatever its length.
 */
export const MIN_MASKED_LENGTH = 4

/** Defaults of CreateFunction for the settings not given (the and the README's). */
export const CreateDefaults = { memorySize: 128, timeout: 30 } as const

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/

export function parseRelease(
  input: (name: string) => string,
  context: {
    readonly alias: string | undefined
    readonly publish: boolean
    readonly runtime: Runtime
    readonly workingDirectory: string
  },
  mask: (value: string) => void = (value) => core.setSecret(value),
): ReleaseSettings {
  const configuration = parseConfiguration(input, mask)

  const eventText = input(Inputs.VerifyEvent)
  const responseText = input(Inputs.VerifyResponse)
  let verify: VerifyConfig | undefined
  if (eventText !== '') {
    if (!context.publish) {
      throw new InputError(
        Inputs.VerifyEvent,
        eventText,
        `verifies the version this run publishes, and 'publish' is false: remove 'publish: false' (or set an 'alias').`,
      )
    }
    verify = {
      event: parseSmokeEvent(eventText, context.workingDirectory, Inputs.VerifyEvent),
      response: responseText === '' ? undefined : responseText,
    }
  } else if (responseText !== '') {
    throw new InputError(
      Inputs.VerifyResponse,
      responseText,
      `is checked against the answer to 'verify-event', which is not set: set 'verify-event' too.`,
    )
  }

  const aliasWeight = parseWeight(input(Inputs.AliasWeight))
  if (aliasWeight < 1 && context.alias === undefined) {
    throw new InputError(
      Inputs.AliasWeight,
      input(Inputs.AliasWeight),
      `routes a share of an alias's traffic to the new version, and no 'alias' is set: set 'alias'.`,
    )
  }

  const promote = bool(Inputs.Promote, input(Inputs.Promote), false)
  const createText = input(Inputs.CreateFunction)
  const createWanted = bool(Inputs.CreateFunction, createText, false)
  if (promote) {
    if (context.alias === undefined) {
      throw new InputError(
        Inputs.Promote,
        'true',
        `makes the version an alias routes traffic to its primary, and no 'alias' is set: set 'alias'.`,
      )
    }
    if (aliasWeight < 1) {
      throw new InputError(
        Inputs.Promote,
        'true',
        `gives the canary version all of the traffic, and 'alias-weight' is ${aliasWeight}: remove 'alias-weight' from the promoting step.`,
      )
    }
    if (createWanted) {
      throw new InputError(
        Inputs.Promote,
        'true',
        `builds and deploys nothing, so 'create-function: true' cannot apply: remove one of them.`,
      )
    }
  }

  const roleArn = input(Inputs.RoleArn)
  let create: FunctionCreation | undefined
  if (createWanted) {
    if (roleArn === '') {
      throw new InputError(
        Inputs.CreateFunction,
        createText,
        `needs '${Inputs.RoleArn}': a new function runs as an IAM role. Set '${Inputs.RoleArn}' to the ARN of its execution role (arn:aws:iam::123456789012:role/name), or remove '${Inputs.CreateFunction}' to deploy only to existing functions.`,
      )
    }
    create = {
      roleArn: checkRoleArn(roleArn),
      runtime: context.runtime,
      memorySize: configuration.memorySize ?? CreateDefaults.memorySize,
      timeout: configuration.timeout ?? CreateDefaults.timeout,
    }
  } else if (roleArn !== '') {
    throw new InputError(
      Inputs.RoleArn,
      roleArn,
      `is only used to create a function: set '${Inputs.CreateFunction}: true' too, or remove it.`,
    )
  }

  return { verify, aliasWeight, promote, create, configuration }
}

function parseWeight(text: string): number {
  const w = Number(text)
  if (!/^(0|1)?(\.\d+)?$/.test(text) || text === '' || text === '.' || !(w > 0 && w <= 1)) {
    throw new InputError(
      Inputs.AliasWeight,
      text,
      'expected a number greater than 0 and at most 1 (0.1 sends a tenth of the traffic to the new version; 1 moves the alias).',
    )
  }
  return w
}

function checkRoleArn(arn: string): string {
  if (!ROLE_ARN.test(arn)) {
    throw new InputError(
      Inputs.RoleArn,
      arn,
      'expected the ARN of an IAM role: arn:aws:iam::123456789012:role/name (or role/path/name).',
    )
  }
  return arn
}

function parseConfiguration(
  input: (name: string) => string,
  mask: (value: string) => void,
): DesiredConfiguration {
  const memoryText = input(Inputs.MemorySize)
  const timeoutText = input(Inputs.Timeout)
  const description = input(Inputs.Description)
  if (description.length > LambdaLimits.descriptionChars) {
    throw new InputError(
      Inputs.Description,
      description,
      `is ${description.length} characters; Lambda allows at most ${LambdaLimits.descriptionChars}.`,
    )
  }
  const environment = parseEnvironment(
    input(Inputs.Environment),
    oneOf(Inputs.EnvironmentMode, input(Inputs.EnvironmentMode), ['merge', 'replace'] as const),
    mask,
  )
  const { memoryMb, timeoutSeconds } = LambdaLimits
  return {
    ...(memoryText !== '' && {
      memorySize: integer(Inputs.MemorySize, memoryText, memoryMb.min, memoryMb.max),
    }),
    ...(timeoutText !== '' && {
      timeout: integer(Inputs.Timeout, timeoutText, timeoutSeconds.min, timeoutSeconds.max),
    }),
    ...(description !== '' && { description }),
    ...(environment !== undefined && { environment }),
  }
}

/** `KEY=VALUE` lines (blank lines and `#` comments skipped). Errors name keys, never values. */
export function parseEnvironment(
  text: string,
  mode: 'merge' | 'replace',
  mask: (value: string) => void = () => undefined,
): DesiredEnvironment | undefined {
  const variables: Record<string, string> = {}
  let bytes = 0
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    const key = eq < 0 ? '' : line.slice(0, eq).trim()
    // Masked before any check can fail, so no error path can print it.
    const value = eq < 0 ? line : line.slice(eq + 1)
    if (value.length >= MIN_MASKED_LENGTH) mask(value)
    const where = `line ${i + 1}`
    if (eq <= 0) {
      throw new InputError(
        Inputs.Environment,
        where,
        `each line must be 'KEY=VALUE' (the value may be empty: 'KEY=').`,
      )
    }
    if (!EnvironmentKeyPattern.test(key)) {
      throw new InputError(
        Inputs.Environment,
        `${key}=…`,
        `the name '${key}' is not a valid Lambda environment variable name: a letter, then at least one letter, digit or _.`,
      )
    }
    if (ReservedEnvironmentKeys.includes(key)) {
      throw new InputError(
        Inputs.Environment,
        `${key}=…`,
        `'${key}' is reserved: Lambda sets it itself and refuses it in a function's configuration.`,
      )
    }
    if (Object.hasOwn(variables, key)) {
      throw new InputError(Inputs.Environment, `${key}=…`, `names '${key}' twice.`)
    }
    variables[key] = value
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value)
  }
  if (bytes > LambdaLimits.environmentBytes) {
    throw new InputError(
      Inputs.Environment,
      `${Object.keys(variables).length} variables`,
      `hold ${bytes} bytes; Lambda allows ${LambdaLimits.environmentBytes} bytes for all of a function's variables together.`,
    )
  }
  if (Object.keys(variables).length === 0) {
    if (mode === 'replace') {
      throw new InputError(
        Inputs.EnvironmentMode,
        'replace',
        `makes the 'environment' lines the function's whole set, and none are given: give 'environment' lines, or remove 'environment-mode'.`,
      )
    }
    return undefined
  }
  return { variables, mode }
}
