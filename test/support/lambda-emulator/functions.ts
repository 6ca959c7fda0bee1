/** The function resource: GetFunction and UpdateFunctionCode. */
import { randomUUID } from 'node:crypto'
import { checkZip, codeSha256, decodeZipFile, fetchS3 } from './code.js'
import { ApiError, checkRevision, invalidParameter, notFound, validation } from './errors.js'
import type { OperationDef } from './operation.js'
import { checkImageExists, imageDigestHex, parseImageUri } from './image.js'
import type { Arch, FunctionState, VersionState } from './types.js'
import { lambdaTimestamp, type World } from './world.js'

/** Lambda's inline upload limit for UpdateFunctionCode (the whole JSON request). */
export const MAX_UPDATE_REQUEST_BYTES = 69_905_067

const FUNCTION = ['2015-03-31', 'functions', '{FunctionName}']

export const getFunction: OperationDef = {
  name: 'GetFunction',
  method: 'GET',
  path: FUNCTION,
  write: false,
  query: ['Qualifier'],
  handle: async (world, { params, query }) => {
    const { f, qualifier: inName } = world.resolve(params.FunctionName ?? '')
    const qualifier = query.get('Qualifier') ?? inName
    let version: VersionState | undefined
    if (qualifier !== undefined && qualifier !== '$LATEST') {
      const alias = f.aliases.get(qualifier)
      const target = alias ? alias.functionVersion : qualifier
      if (target !== '$LATEST') {
        version = f.versions.find((v) => v.version === target)
        if (version === undefined) throw notFound(`Function not found: ${f.arn}:${qualifier}`)
      }
    }
    await Promise.resolve()
    if (f.packageType === 'Image') {
      const uri = f.imageUri ?? ''
      return [
        200,
        {
          Configuration: world.configuration(f, version),
          Code: {
            RepositoryType: 'ECR',
            ImageUri: uri,
            ResolvedImageUri: version
              ? uri.replace(/@sha256:.*$/, `@sha256:${version.codeSha256}`)
              : uri,
          },
          Tags: {},
        },
      ]
    }
    return [
      200,
      {
        Configuration: world.configuration(f, version),
        Code: {
          RepositoryType: 'S3',
          Location: `https://awslambda-${world.region}-tasks.s3.${world.region}.amazonaws.com/snapshots/${world.account}/${f.name}-${randomUUID()}`,
        },
        Tags: {},
      },
    ]
  },
}

export const updateFunctionCode: OperationDef = {
  name: 'UpdateFunctionCode',
  method: 'PUT',
  path: [...FUNCTION, 'code'],
  write: true,
  maxBodyBytes: MAX_UPDATE_REQUEST_BYTES,
  body: {
    ZipFile: 'string',
    S3Bucket: 'string',
    S3Key: 'string',
    S3ObjectVersion: 'string',
    S3ObjectStorageMode: 'string',
    ImageUri: 'string',
    Publish: 'boolean',
    PublishTo: 'string',
    DryRun: 'boolean',
    RevisionId: 'string',
    Architectures: 'array',
    SourceKMSKeyArn: 'string',
  },
  handle: async (world, { params, body }) => {
    const { f, qualifier } = world.resolve(params.FunctionName ?? '')
    if (qualifier !== undefined) {
      throw invalidParameter(
        'Unsupported qualifier: the code of $LATEST is updated, give the function without a qualifier.',
      )
    }
    const sources = [
      body.ZipFile !== undefined,
      body.S3Bucket !== undefined || body.S3Key !== undefined,
      body.ImageUri !== undefined,
    ].filter(Boolean).length
    if (sources !== 1) {
      throw invalidParameter(
        'Please provide a source for function code (exactly one of ZipFile, S3Bucket/S3Key or ImageUri).',
      )
    }
    if (body.ImageUri !== undefined && f.packageType === 'Zip') {
      throw invalidParameter(
        `Please don't provide ImageUri when updating a function with packageType Zip.`,
      )
    }
    if (body.ImageUri === undefined && f.packageType === 'Image') {
      throw invalidParameter(
        `Please provide ImageUri when updating a function with packageType Image.`,
      )
    }
    const arch = body.Architectures as unknown[] | undefined
    if (
      arch !== undefined &&
      (arch.length !== 1 || (arch[0] !== 'x86_64' && arch[0] !== 'arm64'))
    ) {
      throw validation(
        `1 validation error detected: Value '${JSON.stringify(arch)}' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1, and each member must be x86_64 or arm64`,
      )
    }
    world.busy(f)
    checkRevision(f.revisionId, body.RevisionId)

    if (typeof body.ImageUri === 'string')
      return updateImage(world, f, body.ImageUri, body.DryRun === true, arch)

    let zip: Buffer
    let s3: { bucket: string; key: string } | undefined
    if (typeof body.ZipFile === 'string') {
      zip = decodeZipFile(body.ZipFile)
    } else {
      if (typeof body.S3Bucket !== 'string' || typeof body.S3Key !== 'string') {
        throw invalidParameter('S3Bucket and S3Key are both required.')
      }
      s3 = { bucket: body.S3Bucket, key: body.S3Key }
      zip = await fetchS3(world.options.s3Endpoint, s3.bucket, s3.key)
    }
    await checkZip(zip)

    if (body.DryRun === true) {
      // DryRun validates and changes nothing, and answers with the configuration the update would
      // give: the new code's CodeSha256 and CodeSize, the function's RevisionId unchanged.
      f.dryRuns += 1
      return [
        200,
        {
          ...world.configuration(f),
          CodeSha256: codeSha256(zip),
          CodeSize: zip.length,
          ...(arch !== undefined ? { Architectures: [arch[0]] } : {}),
        },
      ]
    }
    f.zip = zip
    f.codeSha256 = codeSha256(zip)
    f.codeSize = zip.length
    if (arch !== undefined) f.architectures = [arch[0] as Arch]
    if (s3 !== undefined) f.s3Sources.push(s3)
    f.revisionId = randomUUID()
    f.lastModified = lambdaTimestamp(world.now())
    f.lastUpdateStatus = 'InProgress'
    f.lastUpdateStatusReason = undefined
    f.lastUpdateStatusReasonCode = undefined
    f.updateUntil = world.now() + (f.updateMs ?? world.defaultUpdateMs)
    const response = world.configuration(f)
    if (body.Publish === true) {
      throw new ApiError(
        400,
        'InvalidParameterValueException',
        'The emulator does not implement Publish on UpdateFunctionCode; call PublishVersion.',
      )
    }
    return [200, response]
  },
}

/** UpdateFunctionCode of a PackageType Image function: a digest URI of an image that exists. */
async function updateImage(
  world: World,
  f: FunctionState,
  uri: string,
  dryRun: boolean,
  arch: unknown[] | undefined,
): Promise<[number, unknown]> {
  const parts = parseImageUri(uri, world.region)
  await checkImageExists(world.options.imageRegistry, uri, parts)
  const digestHex = imageDigestHex(uri)
  if (dryRun) {
    f.dryRuns += 1
    return [
      200,
      {
        ...world.configuration(f),
        CodeSha256: digestHex,
        ...(arch !== undefined ? { Architectures: [arch[0]] } : {}),
      },
    ]
  }
  f.imageUri = uri
  f.codeSha256 = digestHex
  f.codeSize = 0
  if (arch !== undefined) f.architectures = [arch[0] as Arch]
  f.revisionId = randomUUID()
  f.lastModified = lambdaTimestamp(world.now())
  f.lastUpdateStatus = 'InProgress'
  f.lastUpdateStatusReason = undefined
  f.lastUpdateStatusReasonCode = undefined
  f.updateUntil = world.now() + (f.updateMs ?? world.defaultUpdateMs)
  return [200, world.configuration(f)]
}

export const FUNCTION_OPERATIONS: readonly OperationDef[] = [getFunction, updateFunctionCode]
