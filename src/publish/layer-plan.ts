/**
 * The layer plan: which extension goes to which layer, in which region, how (inline or through
 * S3), and which functions get it. Pure: every problem with the inputs is found here, before any
 * call.
 */
import { Inputs } from '../constants.js'
import { DeployError, InputError } from '../errors.js'
import { fitsInline, inlineRequestBytes, LambdaLimits } from '../lambda/limits.js'
import type { Architecture, Artifact, DeployConfig, LayerOutcome, Runtime } from '../types.js'
import { formatBytes } from '../util/format.js'
import type { LayerAttachments, LayerWish } from './configuration.js'
import { s3KeyFor, type DeployPlan, type PlanEnvironment } from './plan.js'

export interface LayerTarget {
  readonly extension: string
  readonly layer: string
  readonly artifact: Artifact
  readonly region: string
  readonly upload: { readonly kind: 'inline' } | { kind: 's3'; bucket: string; key: string }
  readonly architecture: Architecture
  readonly runtime: Runtime
}

export interface LayerPlan {
  readonly targets: readonly LayerTarget[]
  /** `attach-layers`: the deployed functions get the layer versions of their region. */
  readonly attach: boolean
  readonly dryRun: boolean
  readonly notes: readonly string[]
}

/** Builds the layer plan; throws InputError / DeployError naming every problem at once. */
export function planLayers(
  deploy: DeployConfig,
  runtime: Runtime,
  artifacts: readonly Artifact[],
  functions: DeployPlan,
  env: PlanEnvironment = {},
): LayerPlan {
  const extensions = artifacts.filter((a) => a.kind === 'extension')
  const notes: string[] = []
  const { name, mappings, attach } = deploy.layers
  const built = extensions.map((e) => e.bin).join(', ') || 'none'

  if (name !== undefined && extensions.length !== 1) {
    throw new InputError(
      Inputs.LayerName,
      name,
      extensions.length === 0
        ? `names a layer, but the build produced no extension (an extension is a binary built with 'extension: true' or marked [package.metadata.lambda.build] extension = true).`
        : `names one layer, but the build produced ${extensions.length} extensions (${built}): use lines 'extension=layer', one per extension.`,
    )
  }
  const missing = mappings.filter((m) => !extensions.some((e) => e.bin === m.extension))
  if (missing.length > 0) {
    throw new InputError(
      Inputs.LayerName,
      missing.map((m) => `${m.extension}=${m.layer}`).join('\n'),
      `maps ${missing.map((m) => `'${m.extension}'`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not a built extension (built extensions: ${built}).`,
    )
  }
  const layerOf = (bin: string): string =>
    name ?? mappings.find((m) => m.extension === bin)?.layer ?? bin
  const taken = new Map<string, string>()
  for (const e of extensions) {
    const layer = layerOf(e.bin)
    const other = taken.get(layer)
    if (other !== undefined) {
      throw new InputError(
        Inputs.LayerName,
        deploy.layers.mappings.map((m) => `${m.extension}=${m.layer}`).join('\n') || '(default)',
        `publishes both '${other}' and '${e.bin}' to the layer '${layer}': give each extension its own layer with 'extension=layer' lines.`,
      )
    }
    taken.set(layer, e.bin)
  }

  // A layer serves the functions of its own region: publish it in each region deployed to.
  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined
  const regions = [...new Set(functions.targets.map((t) => t.region))]
  if (regions.length === 0) {
    const region = deploy.region ?? envRegion
    if (region === undefined && extensions.length > 0) {
      throw new DeployError(
        `Cannot publish the extension layers: no AWS region. Set 'aws-region', or AWS_REGION in the environment (aws-actions/configure-aws-credentials sets it).`,
      )
    }
    if (region !== undefined) regions.push(region)
  }

  const problems: string[] = []
  const targets: LayerTarget[] = []
  for (const e of extensions) {
    const layer = layerOf(e.bin)
    if (e.unzippedSize > LambdaLimits.unzippedBytes) {
      problems.push(
        `${e.bin}: unzipped size ${formatBytes(e.unzippedSize)} is over Lambda's limit of ${formatBytes(LambdaLimits.unzippedBytes)} for a function with its layers.`,
      )
      continue
    }
    let upload: LayerTarget['upload']
    if (deploy.s3Bucket !== undefined) {
      upload = {
        kind: 's3',
        bucket: deploy.s3Bucket,
        key: s3KeyFor(deploy.s3KeyPrefix, `layers/${layer}`, e.sha256),
      }
    } else if (fitsInline(e.zipSize)) {
      upload = { kind: 'inline' }
    } else {
      problems.push(
        `${e.bin}: the zip is ${formatBytes(e.zipSize)}; sent inline it makes a ${inlineRequestBytes(e.zipSize).toLocaleString('en-US')}-byte PublishLayerVersion request, over Lambda's limit of ${LambdaLimits.inlineRequestBytes.toLocaleString('en-US')} bytes. Set 's3-bucket' to upload it through S3.`,
      )
      continue
    }
    if (attach) {
      const mismatched = functions.targets.filter((t) => t.artifact.architecture !== e.architecture)
      for (const t of mismatched) {
        problems.push(
          `${e.bin}: the layer '${layer}' holds an ${e.architecture} extension, but function '${t.function.given}' gets an ${t.artifact.architecture} binary; Lambda would fail to start the extension there. Build both for one architecture.`,
        )
      }
    }
    for (const region of regions) {
      targets.push({
        extension: e.bin,
        layer,
        artifact: e,
        region,
        upload,
        architecture: e.architecture,
        runtime,
      })
    }
  }
  if (problems.length > 0) {
    throw new DeployError(
      `Cannot publish ${problems.length === 1 ? 'an extension layer' : `${problems.length} extension layers`}; nothing was changed:\n- ${problems.join('\n- ')}`,
    )
  }
  if (attach && extensions.length === 0) {
    notes.push(`attach-layers: the build produced no extension, so no layer is attached.`)
  }
  return { targets, attach, dryRun: deploy.dryRun, notes }
}

export function wishOf(
  t: LayerTarget,
  layerArn: string | undefined,
  versionArn: string | undefined,
): LayerWish {
  return { name: t.layer, region: t.region, layerArn, versionArn }
}

/** Pure: region -> the layer versions its functions get. */
export function attachments(outcomes: readonly LayerOutcome[]): LayerAttachments {
  const map = new Map<string, LayerWish[]>()
  for (const o of outcomes) {
    if (o.result === 'failed') continue
    const list = map.get(o.region) ?? []
    list.push({
      name: o.layer,
      region: o.region,
      layerArn: o.layerArn,
      versionArn: o.layerVersionArn,
    })
    map.set(o.region, list)
  }
  return map
}

/** Pure: why publishing the layers failed, naming each, or undefined. */
export function layersFailure(outcomes: readonly LayerOutcome[]): string | undefined {
  const failed = outcomes.filter((o) => o.result === 'failed')
  if (failed.length === 0) return undefined
  return `${failed.length} of ${outcomes.length} extension layers failed to publish; no function was deployed:\n${failed.map((o) => `- ${o.layer} (${o.extension}, ${o.region}): ${o.error ?? 'failed'}`).join('\n')}`
}
