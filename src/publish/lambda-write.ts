/**
 * The writes of one function's deploy: CreateFunction, UpdateFunctionCode (the zip inline, from S3
 * or the image), UpdateFunctionConfiguration and PublishVersion.
 */
import * as fs from 'node:fs/promises'
import {
  CreateFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionCode,
  type FunctionConfiguration,
  type UpdateFunctionCodeCommandInput,
} from '@aws-sdk/client-lambda'
import { DeployError } from '../errors.js'
import { isAlreadyExists } from './aws-errors.js'
import { confirmed, type Deployer } from './call.js'
import type { ConfigurationPlan } from './configuration.js'
import { holdsCode } from './decide.js'
import { getFunction, readFunction, waitForUpdate } from './lambda-read.js'
import { putZip } from './s3.js'

/** UpdateFunctionCode (uploading to S3 first when asked); undefined after a dry run. */
export async function updateCode(
  d: Deployer,
  current: FunctionConfiguration,
): Promise<FunctionConfiguration | undefined> {
  const { target, ctx, log } = d
  const ours = target.artifact
  // The RevisionId we read, so a concurrent change is detected.
  const input: UpdateFunctionCodeCommandInput = {
    FunctionName: target.function.given,
    Architectures: [ours.architecture],
    ...(current.RevisionId !== undefined ? { RevisionId: current.RevisionId } : {}),
    ...(ctx.dryRun ? { DryRun: true } : {}),
    ...(await codeOf(d)),
  }
  log(
    `${ctx.dryRun ? 'validating (dry run) ' : 'updating '}code ${current.CodeSha256 ?? '(none)'} -> ${ours.codeSha256}${target.upload.kind === 's3' ? ' from S3' : target.upload.kind === 'image' ? ` (image ${target.upload.imageUri})` : ''}`,
  )
  const updated = await d.call('UpdateFunctionCode', () =>
    confirmed(
      () => ctx.lambda.send(new UpdateFunctionCodeCommand(input)),
      async () => {
        // Resent blindly, the update would carry a RevisionId our own update already replaced.
        if (ctx.dryRun) return undefined
        const now = await getFunction(d)
        if (!holdsCode(now, ours)) return undefined
        log('the answer to UpdateFunctionCode was lost, but the function already has this code')
        return now
      },
    ),
  )
  return ctx.dryRun ? undefined : updated
}

/** The code of a create or update: the zip inline, an S3 object (uploaded now), or the image. */
async function codeOf(
  d: Deployer,
): Promise<Pick<FunctionCode, 'ZipFile' | 'S3Bucket' | 'S3Key' | 'ImageUri'>> {
  const { target } = d
  const ours = target.artifact
  if (target.upload.kind === 'image') return { ImageUri: target.upload.imageUri }
  if (target.upload.kind === 's3') {
    const upload = target.upload
    const body = await fs.readFile(ours.zipPath)
    d.log(`uploading ${ours.zipSize} bytes to s3://${upload.bucket}/${upload.key}`)
    await d.call('PutObject', () => putZip(d.ctx.s3(), upload, body, ours.codeSha256))
    return { S3Bucket: upload.bucket, S3Key: upload.key }
  }
  return { ZipFile: await fs.readFile(ours.zipPath) }
}

/**
 * CreateFunction with this run's code and settings, then the function as Lambda answered
 * (State Pending: the caller waits until it is Active). Another job's create is read back.
 */
export async function createFunction(d: Deployer): Promise<FunctionConfiguration> {
  const { target, ctx, log } = d
  const create = ctx.create
  if (create === undefined) throw new Error('createFunction without create-function')
  const desired = target.configuration
  const image = target.upload.kind === 'image'
  const variables = desired.environment?.variables ?? {}
  const keys = Object.keys(variables)
  log(
    `does not exist: creating it (${target.artifact.architecture}, ${image ? 'container image' : `${create.runtime}, handler bootstrap`}, ${create.memorySize} MB, ${create.timeout} s${keys.length > 0 ? `, environment ${keys.sort().join(', ')}` : ''})`,
  )
  const code = await codeOf(d)
  const input = {
    FunctionName: target.function.given,
    Role: create.roleArn,
    Code: code,
    PackageType: image ? ('Image' as const) : ('Zip' as const),
    ...(!image && { Runtime: create.runtime, Handler: 'bootstrap' }),
    Architectures: [target.artifact.architecture],
    MemorySize: create.memorySize,
    Timeout: create.timeout,
    ...(desired.description !== undefined && { Description: desired.description }),
    ...(keys.length > 0 && { Environment: { Variables: { ...variables } } }),
    ...(desired.layers !== undefined && { Layers: [...desired.layers] }),
    Publish: false,
  }
  try {
    return await d.call('CreateFunction', () =>
      confirmed(
        () => ctx.lambda.send(new CreateFunctionCommand(input)),
        async () => {
          const now = await readFunction(d)
          return 'cfg' in now ? now.cfg : undefined
        },
      ),
    )
  } catch (error) {
    if (!isAlreadyExists(error)) throw error
    log('was created meanwhile by someone else: deploying to it')
    return getFunction(d)
  }
}

/** UpdateFunctionConfiguration with the fields that differ, then wait until it has landed. */
export async function configure(
  d: Deployer,
  current: FunctionConfiguration,
  plan: ConfigurationPlan,
): Promise<FunctionConfiguration> {
  d.log(`changing the configuration: ${plan.changes.join('; ')}`)
  const updated = await d.call('UpdateFunctionConfiguration', () =>
    d.ctx.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: d.target.function.given,
        ...plan.update,
        ...(current.RevisionId !== undefined ? { RevisionId: current.RevisionId } : {}),
      }),
    ),
  )
  return waitForUpdate(d, updated, 'configuration update')
}

export async function publish(d: Deployer, revisionId: string | undefined): Promise<string> {
  const { target } = d
  const published = await d.call('PublishVersion', () =>
    d.ctx.lambda.send(
      new PublishVersionCommand({
        FunctionName: target.function.given,
        CodeSha256: target.artifact.codeSha256,
        ...(revisionId !== undefined ? { RevisionId: revisionId } : {}),
      }),
    ),
  )
  if (published.Version === undefined) {
    throw new DeployError(
      `Lambda PublishVersion for '${target.function.given}' in ${target.region} returned no version number.`,
    )
  }
  d.log(`published version ${published.Version}`)
  return published.Version
}
