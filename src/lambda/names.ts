/**
 * The syntax of Lambda function names and ARNs, in one place: config checks the inputs with it,
 * the deploy plan resolves regions and accounts, the smoke test names the function, and the
 * deployer reads the account out of an AWS error message.
 */
import { InputError } from '../errors.js'
import { LambdaLimits } from './limits.js'

/** A function as given: a name, a partial ARN (`123456789012:function:name`) or a full ARN. */
export interface FunctionRef {
  /** Exactly what the user wrote: sent to Lambda as FunctionName. */
  readonly given: string
  /** The bare function name. */
  readonly name: string
  readonly account?: string | undefined
  readonly region?: string | undefined
}

/** A parsed function reference and the `:qualifier` (version or alias) it ends in, if any. */
export interface ParsedFunction extends FunctionRef {
  readonly qualifier?: string | undefined
}

const NAME = `[a-zA-Z0-9_-]{1,${LambdaLimits.functionNameChars}}`
const PARTITION = 'aws[a-z-]*'
// Regions of every partition: us-east-1, cn-north-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1.
const REGION = '[a-z]+(?:-[a-z]+)+-\\d+'
const ACCOUNT = '\\d{12}'
const FULL_ARN = new RegExp(
  `^arn:(${PARTITION}):lambda:(${REGION}):(${ACCOUNT}):function:(${NAME})(?::(.*))?$`,
)
const PARTIAL_ARN = new RegExp(`^(${ACCOUNT}):function:(${NAME})(?::(.*))?$`)
const BARE = new RegExp(`^(${NAME})(?::(.*))?$`)
const ARN_IN_TEXT = new RegExp(`arn:${PARTITION}:lambda:(${REGION}):(${ACCOUNT}):function:`)

/** What the inputs may hold, for error messages. */
export const FunctionSyntax =
  'a Lambda function name (1-64 letters, digits, - or _), partial ARN (123456789012:function:name) or full ARN (arn:aws:lambda:region:123456789012:function:name)'

/** Pure: parses a function name, partial ARN or full ARN; undefined when it is none of them. */
export function parseFunctionName(given: string): ParsedFunction | undefined {
  let m: RegExpExecArray | null
  if ((m = FULL_ARN.exec(given)) !== null) {
    return { given, name: m[4] as string, region: m[2], account: m[3], qualifier: m[5] }
  }
  if ((m = PARTIAL_ARN.exec(given)) !== null) {
    return { given, name: m[2] as string, account: m[1], qualifier: m[3] }
  }
  if ((m = BARE.exec(given)) !== null) return { given, name: m[1] as string, qualifier: m[2] }
  return undefined
}

/**
 * Parses a function name, partial ARN or full ARN given in `input`. A `:qualifier` (version or
 * alias) is rejected: the action always updates `$LATEST` and moves the alias itself.
 */
export function parseFunctionRef(input: string, given: string): FunctionRef {
  const parsed = parseFunctionName(given)
  if (parsed === undefined) throw new InputError(input, given, `is not ${FunctionSyntax}.`)
  const { qualifier, ...ref } = parsed
  if (qualifier !== undefined) {
    const base = given.slice(0, given.length - qualifier.length - 1)
    const aliasHint =
      /^\d+$/.test(qualifier) || qualifier === '$LATEST' ? '' : ` and 'alias: ${qualifier}'`
    throw new InputError(
      input,
      given,
      `ends in the qualifier ':${qualifier}', which is ambiguous here: code is always uploaded to $LATEST and an alias is moved with the 'alias' input. Give '${base}'${aliasHint} instead.`,
    )
  }
  return ref
}

/** Pure: the bare function name of a name or ARN (itself when it cannot be parsed). */
export function functionNameOf(given: string): string {
  return parseFunctionName(given)?.name ?? given
}

/** Pure: the account of the first function ARN quoted in a text (an AWS error message). */
export function accountInText(text: string): string | undefined {
  return ARN_IN_TEXT.exec(text)?.[2]
}

/** The partition a region belongs to (for a name or partial ARN, which do not say). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  if (region.startsWith('us-isob-')) return 'aws-iso-b'
  if (region.startsWith('us-iso-')) return 'aws-iso'
  if (region.startsWith('eusc-')) return 'aws-eusc'
  return 'aws'
}

/** The partition of a function: its full ARN's, else that of its region. */
export function partitionOfRef(ref: FunctionRef, region: string): string {
  return ref.given.startsWith('arn:') ? (ref.given.split(':')[1] as string) : partitionOf(region)
}

/** A layer version ARN, parsed: `arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>`. */
export interface LayerVersionRef {
  /** The layer's ARN without the version. */
  readonly layerArn: string
  readonly region: string
  readonly account: string
  readonly name: string
  readonly version: number
}

const LAYER_VERSION_ARN = new RegExp(
  `^(arn:${PARTITION}:lambda:(${REGION}):(${ACCOUNT}):layer:([a-zA-Z0-9_-]+)):(\\d+)$`,
)

/** Pure: parses a layer version ARN; undefined for anything else (e.g. an AWS-managed layer). */
export function parseLayerVersionArn(arn: string): LayerVersionRef | undefined {
  const m = LAYER_VERSION_ARN.exec(arn)
  if (m === null) return undefined
  return {
    layerArn: m[1] as string,
    region: m[2] as string,
    account: m[3] as string,
    name: m[4] as string,
    version: Number(m[5]),
  }
}
