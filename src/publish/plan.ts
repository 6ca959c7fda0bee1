/**
 * The deploy plan: which Lambda function gets which zip, and how (inline or through S3).
 * Pure: no AWS, no file system. Every problem with the inputs is found here, before any
 * function is touched.
 */
import type { DeployConfig } from '../config.js'
import { Inputs } from '../constants.js'
import { DeployError, InputError } from '../errors.js'
import type { Artifact } from '../types.js'

/** UpdateFunctionCode's request limit: the zip travels base64-encoded inside JSON. */
export const MAX_INLINE_REQUEST_BYTES = 69_905_067
/** Room for the JSON around ZipFile (Architectures, RevisionId, DryRun and the keys). */
const JSON_ENVELOPE_BYTES = 256
/** Lambda's limit on a function's unzipped code (250 MiB), whichever way it is uploaded. */
export const MAX_UNZIPPED_BYTES = 262_144_000

/** A function as given: a name, a partial ARN (`123456789012:function:name`) or a full ARN. */
export interface FunctionRef {
  /** Exactly what the user wrote: sent to Lambda as FunctionName. */
  readonly given: string
  /** The bare function name. */
  readonly name: string
  readonly account?: string | undefined
  readonly region?: string | undefined
}

/** The partition of a function: its full ARN's, else that of its region. */
export function partitionOfRef(ref: FunctionRef, region: string): string {
  return ref.given.startsWith('arn:') ? (ref.given.split(':')[1] as string) : partitionOf(region)
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

export type UploadMethod =
  | { readonly kind: 'inline' }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string }

export interface DeployTarget {
  readonly bin: string
  readonly function: FunctionRef
  readonly artifact: Artifact
  /** The region to call: from the ARN, else `aws-region`, else the environment. */
  readonly region: string
  readonly upload: UploadMethod
}

export interface DeployPlan {
  readonly targets: readonly DeployTarget[]
  /** Built function binaries that no `functions` line maps: not deployed. */
  readonly unmapped: readonly string[]
  /** Things worth a line in the log (extensions left out, unmapped binaries). */
  readonly notes: readonly string[]
  readonly publish: boolean
  readonly alias: string | undefined
  readonly dryRun: boolean
  readonly force: boolean
  readonly concurrency: number
}

export interface PlanEnvironment {
  readonly AWS_REGION?: string | undefined
  readonly AWS_DEFAULT_REGION?: string | undefined
}

const NAME = '[a-zA-Z0-9_-]{1,64}'
// Regions of every partition: us-east-1, cn-north-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1.
const FULL_ARN = new RegExp(
  `^arn:(aws[a-z-]*):lambda:([a-z]+(?:-[a-z]+)+-\\d+):(\\d{12}):function:(${NAME})(?::(.*))?$`,
)
const PARTIAL_ARN = new RegExp(`^(\\d{12}):function:(${NAME})(?::(.*))?$`)
const BARE = new RegExp(`^(${NAME})(?::(.*))?$`)

/**
 * Parses a function name, partial ARN or full ARN. A `:qualifier` (version or alias) is
 * rejected: the action always updates `$LATEST` and moves the alias itself.
 */
export function parseFunctionRef(input: string, given: string): FunctionRef {
  let ref: FunctionRef | undefined
  let qualifier: string | undefined
  let m: RegExpExecArray | null
  if ((m = FULL_ARN.exec(given)) !== null) {
    ref = { given, name: m[4] as string, region: m[2], account: m[3] }
    qualifier = m[5]
  } else if ((m = PARTIAL_ARN.exec(given)) !== null) {
    ref = { given, name: m[2] as string, account: m[1] }
    qualifier = m[3]
  } else if ((m = BARE.exec(given)) !== null) {
    ref = { given, name: m[1] as string }
    qualifier = m[2]
  }
  if (ref === undefined) {
    throw new InputError(
      input,
      given,
      'is not a Lambda function name (1-64 letters, digits, - or _), partial ARN (123456789012:function:name) or full ARN (arn:aws:lambda:region:123456789012:function:name).',
    )
  }
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

/** Bytes of the UpdateFunctionCode request that would carry this zip inline. */
export function inlineRequestBytes(zipSize: number): number {
  return 4 * Math.ceil(zipSize / 3) + JSON_ENVELOPE_BYTES
}

export function fitsInline(zipSize: number): boolean {
  return inlineRequestBytes(zipSize) <= MAX_INLINE_REQUEST_BYTES
}

/** `<prefix>/<function>/<sha256-hex>.zip`: content-addressed, so a retry reuses the object. */
export function s3KeyFor(prefix: string, functionName: string, sha256Hex: string): string {
  const clean = prefix.replace(/^\/+|\/+$/g, '')
  return `${clean === '' ? '' : `${clean}/`}${functionName}/${sha256Hex}.zip`
}

/** Builds the plan; throws InputError / DeployError naming every problem at once. */
export function planDeploy(
  deploy: DeployConfig,
  artifacts: readonly Artifact[],
  env: PlanEnvironment = {},
): DeployPlan {
  const notes: string[] = []
  const functions = artifacts.filter((a) => a.kind === 'function')
  for (const ext of artifacts.filter((a) => a.kind === 'extension')) {
    notes.push(`${ext.bin} is a Lambda extension: packaged, never deployed as a function.`)
  }

  const pairs: { bin: string; input: string; given: string; artifact: Artifact }[] = []
  const unmapped: string[] = []
  if (deploy.functionName !== undefined) {
    const only = functions[0]
    if (functions.length !== 1 || only === undefined) {
      const built = functions.map((a) => a.bin)
      throw new InputError(
        Inputs.FunctionName,
        deploy.functionName,
        functions.length === 0
          ? 'needs one built function binary, but the build produced none (only extensions, or nothing).'
          : `deploys one binary, but the build produced ${functions.length} function binaries (${built.join(', ')}): use 'functions' lines such as '${built[0]}=${deploy.functionName}', or set 'binaries' to one of them.`,
      )
    }
    pairs.push({
      bin: only.bin,
      input: Inputs.FunctionName,
      given: deploy.functionName,
      artifact: only,
    })
  } else {
    const missing: string[] = []
    for (const mapping of deploy.functions) {
      const artifact = artifacts.find((a) => a.bin === mapping.binary)
      if (artifact === undefined) {
        missing.push(mapping.binary)
        continue
      }
      if (artifact.kind === 'extension') {
        throw new InputError(
          Inputs.Functions,
          `${mapping.binary}=${mapping.function}`,
          `maps '${mapping.binary}', which is a Lambda extension: extensions are published as layers, never deployed as function code. Remove the line.`,
        )
      }
      pairs.push({
        bin: mapping.binary,
        input: Inputs.Functions,
        given: mapping.function,
        artifact,
      })
    }
    if (missing.length > 0) {
      const built = functions.map((a) => a.bin).join(', ') || 'none'
      throw new InputError(
        Inputs.Functions,
        deploy.functions.map((m) => `${m.binary}=${m.function}`).join('\n'),
        `maps ${missing.map((b) => `'${b}'`).join(', ')}, which ${missing.length === 1 ? 'was' : 'were'} not built (built function binaries: ${built}). Fix the binary name or add it to 'binaries'.`,
      )
    }
    for (const a of functions) {
      if (!deploy.functions.some((m) => m.binary === a.bin)) {
        unmapped.push(a.bin)
        notes.push(`${a.bin} was built but no 'functions' line maps it: not deployed.`)
      }
    }
  }

  const refs = pairs.map((p) => ({ ...p, ref: parseFunctionRef(p.input, p.given) }))
  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined
  // One function, however it is written: (partition, account when known, region, name). A name
  // without an account is the credentials' account, which may be any ARN's: it clashes with all.
  const canonical = refs.map((p) => {
    const region = p.ref.region ?? deploy.region ?? envRegion ?? ''
    const partition = partitionOfRef(p.ref, region)
    return { p, partition, region, account: p.ref.account, name: p.ref.name }
  })
  for (const [i, a] of canonical.entries()) {
    const b = canonical
      .slice(0, i)
      .find(
        (c) =>
          c.partition === a.partition &&
          c.region === a.region &&
          c.name === a.name &&
          (c.account === undefined || a.account === undefined || c.account === a.account),
      )
    if (b !== undefined) {
      throw new InputError(
        Inputs.Functions,
        a.p.given,
        `is the target of both '${b.p.bin}' and '${a.p.bin}' ('${b.p.given}' names the same function): one function can hold one binary's code.` +
          (a.account === undefined || b.account === undefined
            ? ' If they are in different accounts, give both as full ARNs.'
            : ''),
      )
    }
  }

  const problems: string[] = []
  const targets: DeployTarget[] = []
  for (const p of refs) {
    const region = p.ref.region ?? deploy.region ?? envRegion
    if (region === undefined) {
      problems.push(
        `${p.ref.given}: no AWS region. Set 'aws-region', or AWS_REGION in the environment (aws-actions/configure-aws-credentials sets it), or give the function as a full ARN.`,
      )
      continue
    }
    if (
      p.ref.region !== undefined &&
      deploy.region !== undefined &&
      p.ref.region !== deploy.region
    ) {
      problems.push(
        `${p.ref.given}: the ARN is in ${p.ref.region} but 'aws-region' is ${deploy.region}. Remove one of them or make them agree.`,
      )
      continue
    }
    const a = p.artifact
    if (a.unzippedSize > MAX_UNZIPPED_BYTES) {
      problems.push(
        `${p.bin}: unzipped size ${bytes(a.unzippedSize)} is over Lambda's limit of ${bytes(MAX_UNZIPPED_BYTES)} for function code, whichever way it is uploaded.`,
      )
      continue
    }
    let upload: UploadMethod
    if (deploy.s3Bucket !== undefined) {
      upload = {
        kind: 's3',
        bucket: deploy.s3Bucket,
        key: s3KeyFor(deploy.s3KeyPrefix, p.ref.name, a.sha256),
      }
    } else if (fitsInline(a.zipSize)) {
      upload = { kind: 'inline' }
    } else {
      problems.push(
        `${p.bin}: the zip is ${bytes(a.zipSize)}; sent inline it makes a ${bytes(inlineRequestBytes(a.zipSize))} UpdateFunctionCode request, over Lambda's limit of ${MAX_INLINE_REQUEST_BYTES.toLocaleString('en-US')} bytes (about 50 MiB of zip). Set 's3-bucket' to upload it through S3 (the role then also needs s3:PutObject on that bucket).`,
      )
      continue
    }
    targets.push({ bin: p.bin, function: p.ref, artifact: a, region, upload })
  }
  if (problems.length > 0) {
    throw new DeployError(
      `Cannot deploy ${problems.length === 1 ? 'a function' : `${problems.length} functions`}; nothing was changed:\n- ${problems.join('\n- ')}`,
    )
  }

  if (deploy.alias !== undefined && !deploy.publish) {
    throw new InputError(
      Inputs.Publish,
      'false',
      `cannot be combined with 'alias: ${deploy.alias}': the alias is pointed at the version this run publishes. Remove 'publish: false' or the alias.`,
    )
  }

  return {
    targets,
    unmapped,
    notes,
    publish: deploy.publish,
    alias: deploy.alias,
    dryRun: deploy.dryRun,
    force: deploy.force,
    concurrency: deploy.concurrency,
  }
}

function bytes(n: number): string {
  const mib = n / 1024 ** 2
  return `${mib >= 1 ? `${mib.toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`} (${n.toLocaleString('en-US')} bytes)`
}
