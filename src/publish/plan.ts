/**
 * The deploy plan: which Lambda function gets which zip, and how (inline or through S3).
 * Pure: no AWS, no file system. Every problem with the inputs is found here, before any
 * function is touched.
 */
import { Inputs } from '../constants.js'
import { DeployError, InputError } from '../errors.js'
import { fitsInline, inlineRequestBytes, LambdaLimits } from '../lambda/limits.js'
import { parseFunctionRef, partitionOfRef, type FunctionRef } from '../lambda/names.js'
import type {
  Artifact,
  DeployConfig,
  DesiredConfiguration,
  FunctionCreation,
  VerifyConfig,
} from '../types.js'
import { formatBytes } from '../util/format.js'
import { ecrRegistry } from '../util/image-reference.js'

export type UploadMethod =
  | { readonly kind: 'inline' }
  /** `package-type: image`: UpdateFunctionCode gets ImageUri (`repo@sha256:…`). */
  | { readonly kind: 'image'; readonly imageUri: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string }

export interface DeployTarget {
  readonly bin: string
  readonly function: FunctionRef
  readonly artifact: Artifact
  /** The region to call: from the ARN, else `aws-region`, else the environment. */
  readonly region: string
  readonly upload: UploadMethod
  /** What its configuration must be (only what was asked); publish/configuration.ts decides. */
  readonly configuration: DesiredConfiguration
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
  readonly aliasWeight: number
  readonly verify: VerifyConfig | undefined
  readonly create: FunctionCreation | undefined
}

export interface PlanEnvironment {
  readonly AWS_REGION?: string | undefined
  readonly AWS_DEFAULT_REGION?: string | undefined
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
    notes.push(
      `${ext.bin} is a Lambda extension: published as a layer version, never deployed as a function.`,
    )
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
        if (deploy.binaries !== undefined && !deploy.binaries.includes(mapping.binary)) {
          notes.push(`${mapping.binary} is not among 'binaries': not deployed by this run.`)
        } else missing.push(mapping.binary)
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
    if (a.image !== undefined) {
      const problem = imageProblem(a.image.uri, region)
      if (problem !== undefined) {
        problems.push(`${p.bin}: ${problem}`)
        continue
      }
      // Lambda reports an image function's CodeSha256 as the image digest's hex: compare that.
      targets.push({
        bin: p.bin,
        function: p.ref,
        artifact: { ...a, codeSha256: a.image.digest.replace(/^sha256:/, '') },
        region,
        upload: { kind: 'image', imageUri: a.image.uri },
        configuration: deploy.configuration,
      })
      continue
    }
    if (a.unzippedSize > LambdaLimits.unzippedBytes) {
      problems.push(
        `${p.bin}: unzipped size ${bytes(a.unzippedSize)} is over Lambda's limit of ${bytes(LambdaLimits.unzippedBytes)} for function code, whichever way it is uploaded.`,
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
        `${p.bin}: the zip is ${bytes(a.zipSize)}; sent inline it makes a ${bytes(inlineRequestBytes(a.zipSize))} UpdateFunctionCode request, over Lambda's limit of ${LambdaLimits.inlineRequestBytes.toLocaleString('en-US')} bytes (about 50 MiB of zip). Set 's3-bucket' to upload it through S3 (the role then also needs s3:PutObject on that bucket).`,
      )
      continue
    }
    targets.push({
      bin: p.bin,
      function: p.ref,
      artifact: a,
      region,
      upload,
      configuration: deploy.configuration,
    })
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
    aliasWeight: deploy.aliasWeight,
    verify: deploy.verify,
    create: deploy.create,
  }
}

/** A size with its exact byte count, as the deploy errors quote it. */
function bytes(n: number): string {
  return `${formatBytes(n, 1)} (${n.toLocaleString('en-US')} bytes)`
}

/** Pure: why Lambda would refuse this image for a function in `region`, or undefined. */
export function imageProblem(uri: string, region: string): string | undefined {
  const registry = uri.slice(0, uri.indexOf('/'))
  const ecr = ecrRegistry(registry)
  if (ecr === undefined) {
    return `Lambda runs images from Amazon ECR only, and '${Inputs.ImageRepository}' is on ${registry}. Push to an ECR repository (<account>.dkr.ecr.${region}.amazonaws.com/<name>) to deploy.`
  }
  if (ecr.region !== region) {
    return `the image is in ${ecr.region} but the function is in ${region}: Lambda needs the ECR repository in the function's region.`
  }
  return undefined
}
