/**
 * The layer resource (API version 2018-10-31): PublishLayerVersion, GetLayerVersion and
 * ListLayerVersions, as the API reference describes them.
 *
 * - LayerName: 1-140 characters, a name `[a-zA-Z0-9-_]+` or a layer ARN
 *   `arn:<partition>:lambda:<region>:<account>:layer:<name>`.
 * - PublishLayerVersion: `Content` (required) holds exactly one source, `ZipFile` or
 *   `S3Bucket`/`S3Key`; `CompatibleArchitectures` at most 2 of x86_64 | arm64;
 *   `CompatibleRuntimes` at most 15 runtime identifiers; `Description` at most 256 characters.
 *   "Each time you call PublishLayerVersion with the same layer name, a new version is created":
 *   even for the same zip (unlike PublishVersion). Answers 201.
 * - ListLayerVersions: `MaxItems` 1-50, `Marker`, `CompatibleRuntime`, `CompatibleArchitecture`;
 *   deleted versions are not listed. Versions come newest first, as Lambda lists them; the
 *   reference does not promise an order, so the action must not rely on it (it takes the highest
 *   Version it sees). A layer without versions lists none (200, not 404).
 * - GetLayerVersion: 404 ResourceNotFoundException for an unknown layer or version.
 */
import { Runtime } from '@aws-sdk/client-lambda'
import { checkZip, codeSha256, decodeZipFile, fetchS3 } from './code.js'
import { invalidContent, invalidParameter, notFound, validation } from './errors.js'
import { MAX_UPDATE_REQUEST_BYTES } from './functions.js'
import type { OperationDef } from './operation.js'
import type { Arch, LayerState, LayerVersionState } from './types.js'
import { lambdaTimestamp, type World } from './world.js'

const LAYERS = ['2018-10-31', 'layers', '{LayerName}', 'versions']
const LAYER_NAME_PATTERN =
  '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+'
const LAYER_NAME = new RegExp(`^(?:${LAYER_NAME_PATTERN})$`)
const LAYER_ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+)$/
const ARCHITECTURES: readonly string[] = ['x86_64', 'arm64']
const RUNTIMES: readonly string[] = Object.values(Runtime)

/** The layer name a LayerName (name or ARN) gives; 400 when malformed, 404 for another account. */
export function layerNameOf(world: World, given: string): string {
  if (given.length < 1 || given.length > 140 || !LAYER_NAME.test(given)) {
    throw validation(
      `1 validation error detected: Value '${given}' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${LAYER_NAME_PATTERN}`,
    )
  }
  const m = LAYER_ARN.exec(given)
  if (m === null) return given
  if (m[1] !== world.region || m[2] !== world.account) {
    throw notFound('The resource you requested does not exist.')
  }
  return m[3] as string
}

/** The answer of PublishLayerVersion and GetLayerVersion (GetLayerVersionResponse). */
export function layerVersionJson(
  world: World,
  layer: LayerState,
  v: LayerVersionState,
): Record<string, unknown> {
  return {
    Content: {
      Location: `https://awslambda-${world.region}-layers.s3.${world.region}.amazonaws.com/snapshots/${world.account}/${layer.name}-${v.version}`,
      CodeSha256: v.codeSha256,
      CodeSize: v.codeSize,
    },
    LayerArn: layer.arn,
    LayerVersionArn: v.arn,
    Description: v.description,
    CreatedDate: v.createdDate,
    Version: v.version,
    ...listFields(v),
  }
}

function listFields(v: LayerVersionState): Record<string, unknown> {
  return {
    ...(v.compatibleRuntimes !== undefined ? { CompatibleRuntimes: v.compatibleRuntimes } : {}),
    ...(v.licenseInfo !== undefined ? { LicenseInfo: v.licenseInfo } : {}),
    ...(v.compatibleArchitectures !== undefined
      ? { CompatibleArchitectures: v.compatibleArchitectures }
      : {}),
  }
}

/** Adds a version to a layer (creating the layer on its first version). */
export function addVersion(
  world: World,
  name: string,
  content: Omit<LayerVersionState, 'version' | 'arn' | 'createdDate'>,
): { layer: LayerState; version: LayerVersionState } {
  let layer = world.layers.get(name)
  if (layer === undefined) {
    layer = { name, arn: world.layerArnOf(name), versions: [] }
    world.layers.set(name, layer)
  }
  const number = (layer.versions.at(-1)?.version ?? 0) + 1
  const version: LayerVersionState = {
    ...content,
    version: number,
    arn: `${layer.arn}:${number}`,
    createdDate: lambdaTimestamp(world.now()),
  }
  layer.versions.push(version)
  return { layer, version }
}

function stringArray(
  field: string,
  value: unknown,
  max: number,
  allowed: readonly string[],
): string[] | undefined {
  if (value === undefined) return undefined
  const items = value as unknown[]
  if (items.length > max || items.some((i) => typeof i !== 'string' || !allowed.includes(i))) {
    throw validation(
      `1 validation error detected: Value '${JSON.stringify(items)}' at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}, and each member must be one of [${allowed.join(', ')}]`,
    )
  }
  return items as string[]
}

const CONTENT_FIELDS: Readonly<Record<string, 'string'>> = {
  S3Bucket: 'string',
  S3Key: 'string',
  S3ObjectVersion: 'string',
  ZipFile: 'string',
}

export const publishLayerVersion: OperationDef = {
  name: 'PublishLayerVersion',
  method: 'POST',
  path: LAYERS,
  write: true,
  maxBodyBytes: MAX_UPDATE_REQUEST_BYTES,
  body: {
    CompatibleArchitectures: 'array',
    CompatibleRuntimes: 'array',
    Content: 'object',
    Description: 'string',
    LicenseInfo: 'string',
  },
  handle: async (world, { params, body }) => {
    const name = layerNameOf(world, params.LayerName ?? '')
    const content = body.Content as Record<string, unknown> | undefined
    if (content === undefined) {
      throw validation(
        "1 validation error detected: Value null at 'content' failed to satisfy constraint: Member must not be null",
      )
    }
    for (const [k, v] of Object.entries(content)) {
      if (CONTENT_FIELDS[k] === undefined) {
        throw invalidContent(
          `Could not parse request body into json: Unrecognized field "${k}" (class com.amazonaws.lambda.LayerVersionContentInput), not marked as ignorable`,
        )
      }
      if (typeof v !== 'string') {
        throw invalidContent(`Could not parse request body into json: field "${k}" must be string`)
      }
    }
    const architectures = stringArray(
      'compatibleArchitectures',
      body.CompatibleArchitectures,
      2,
      ARCHITECTURES,
    ) as Arch[] | undefined
    const runtimes = stringArray('compatibleRuntimes', body.CompatibleRuntimes, 15, RUNTIMES)
    const description = (body.Description as string | undefined) ?? ''
    if (description.length > 256) {
      throw validation(
        "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256",
      )
    }
    const fromZip = content.ZipFile !== undefined
    const fromS3 = content.S3Bucket !== undefined || content.S3Key !== undefined
    if (fromZip === fromS3) {
      throw invalidParameter(
        'Please provide a source for the layer content (exactly one of ZipFile or S3Bucket/S3Key).',
      )
    }
    let zip: Buffer
    let s3Source: { bucket: string; key: string } | undefined
    if (typeof content.ZipFile === 'string') {
      zip = decodeZipFile(content.ZipFile)
    } else {
      if (typeof content.S3Bucket !== 'string' || typeof content.S3Key !== 'string') {
        throw invalidParameter('S3Bucket and S3Key are both required.')
      }
      s3Source = { bucket: content.S3Bucket, key: content.S3Key }
      zip = await fetchS3(world.options.s3Endpoint, s3Source.bucket, s3Source.key)
    }
    await checkZip(zip)
    const { layer, version } = addVersion(world, name, {
      codeSha256: codeSha256(zip),
      codeSize: zip.length,
      zip,
      description,
      compatibleRuntimes: runtimes,
      compatibleArchitectures: architectures,
      licenseInfo: body.LicenseInfo as string | undefined,
      s3Source,
    })
    return [201, layerVersionJson(world, layer, version)]
  },
}

export const getLayerVersion: OperationDef = {
  name: 'GetLayerVersion',
  method: 'GET',
  path: [...LAYERS, '{VersionNumber}'],
  write: false,
  handle: async (world, { params }) => {
    const name = layerNameOf(world, params.LayerName ?? '')
    const number = params.VersionNumber ?? ''
    if (!/^\d+$/.test(number)) {
      throw validation(
        `1 validation error detected: Value '${number}' at 'versionNumber' failed to satisfy constraint: Member must be a number`,
      )
    }
    const layer = world.layers.get(name)
    const version = layer?.versions.find((v) => v.version === Number(number))
    if (layer === undefined || version === undefined) {
      throw notFound('The resource you requested does not exist.')
    }
    await Promise.resolve()
    return [200, layerVersionJson(world, layer, version)]
  },
}

export const listLayerVersions: OperationDef = {
  name: 'ListLayerVersions',
  method: 'GET',
  path: LAYERS,
  write: false,
  query: ['CompatibleRuntime', 'Marker', 'MaxItems', 'CompatibleArchitecture'],
  handle: async (world, { params, query }) => {
    const name = layerNameOf(world, params.LayerName ?? '')
    const max = Number(query.get('MaxItems') ?? '50')
    if (!Number.isInteger(max) || max < 1 || max > 50) {
      throw validation(
        `1 validation error detected: Value '${query.get('MaxItems') ?? ''}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50`,
      )
    }
    const runtime = query.get('CompatibleRuntime')
    const arch = query.get('CompatibleArchitecture')
    if (runtime !== null && !RUNTIMES.includes(runtime)) {
      throw validation(
        `1 validation error detected: Value '${runtime}' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set`,
      )
    }
    if (arch !== null && !ARCHITECTURES.includes(arch)) {
      throw validation(
        `1 validation error detected: Value '${arch}' at 'compatibleArchitecture' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]`,
      )
    }
    const all = [...(world.layers.get(name)?.versions ?? [])]
      .reverse()
      .filter(
        (v) =>
          (runtime === null || (v.compatibleRuntimes ?? []).includes(runtime)) &&
          (arch === null || (v.compatibleArchitectures ?? []).includes(arch as Arch)),
      )
    const start = Number(query.get('Marker') ?? '0')
    if (!Number.isInteger(start) || start < 0 || start > all.length) {
      throw invalidParameter('Invalid Marker.')
    }
    const page = all.slice(start, start + max)
    const next = start + max < all.length ? String(start + max) : undefined
    await Promise.resolve()
    return [
      200,
      {
        LayerVersions: page.map((v) => ({
          LayerVersionArn: v.arn,
          Version: v.version,
          Description: v.description,
          CreatedDate: v.createdDate,
          ...listFields(v),
        })),
        ...(next !== undefined ? { NextMarker: next } : {}),
      },
    ]
  },
}

export const LAYER_OPERATIONS: readonly OperationDef[] = [
  publishLayerVersion,
  getLayerVersion,
  listLayerVersions,
]
