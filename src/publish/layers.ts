/**
 * Extensions shipped as layers. In order, so nothing is written unless everything can be:
 *
 * 1. plan (pure): layer names, regions, upload method, architectures;
 * 2. check each zip (local): `extensions/<name>` 0755, ELF machine = the layer's architecture;
 * 3. read each layer's newest version (ListLayerVersions, GetLayerVersion): the same CodeSha256
 *    and architecture means `unchanged`, nothing is published;
 * 4. with `attach-layers`, read each function (GetFunction) and refuse one that would end up with
 *    more than 5 layers, naming it;
 * 5. publish the layers that changed (PublishLayerVersion).
 *
 * Steps 2 to 4 are in layer-reads.ts. The functions get their layer versions later, in their
 * own deploy (lambda.ts), through the one configuration decision (configuration.ts). Loaded
 * lazily with the AWS SDK, like deploy.ts.
 */
import * as fs from 'node:fs/promises'
import * as core from '@actions/core'
import {
  LambdaClient,
  PublishLayerVersionCommand,
  type PublishLayerVersionCommandInput,
} from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import { DeployError } from '../errors.js'
import type { Artifact, DeployConfig, LayerOutcome, Runtime } from '../types.js'
import type { IamNeeds } from './aws-errors.js'
import type { LayerAttachments } from './configuration.js'
import { defaultDeps, type DeployDeps } from './deps.js'
import { attachments, planLayers, type LayerPlan, type LayerTarget } from './layer-plan.js'
import { caller, checkFunctions, checkZips, readLayer, type LayerState } from './layer-reads.js'
import { planDeploy, type DeployTarget } from './plan.js'
import { putZip } from './s3.js'

export { attachments, layersFailure } from './layer-plan.js'

export interface LayersResult {
  readonly outcomes: LayerOutcome[]
  /** Empty unless `attach-layers` is on. */
  readonly attachments: LayerAttachments
}

export async function deployLayers(
  deploy: DeployConfig,
  runtime: Runtime,
  artifacts: readonly Artifact[],
  deps: DeployDeps = defaultDeps(),
): Promise<LayersResult> {
  const functions = planDeploy(deploy, artifacts, deps.env)
  const plan = planLayers(deploy, runtime, artifacts, functions, deps.env)
  if (plan.targets.length === 0) {
    for (const note of plan.notes) deps.info(note)
    return { outcomes: [], attachments: new Map() }
  }
  const n = new Set(plan.targets.map((t) => t.extension)).size
  return core.group(
    `Publish ${n} extension layer${n === 1 ? '' : 's'}${plan.dryRun ? ' (dry run)' : ''}`,
    () => run(plan, functions.targets, deps),
  )
}

async function run(
  plan: LayerPlan,
  functions: readonly DeployTarget[],
  deps: DeployDeps,
): Promise<LayersResult> {
  for (const note of plan.notes) deps.info(note)
  await checkZips(plan)
  const needs: IamNeeds = {
    s3: plan.targets.some((t) => t.upload.kind === 's3'),
    publish: false,
    alias: false,
    layers: true,
    configure: plan.attach,
  }
  const clients = new Map<string, LambdaClient>()
  const lambda = (region: string): LambdaClient => {
    let c = clients.get(region)
    if (c === undefined) clients.set(region, (c = deps.lambdaClient(region)))
    return c
  }
  let s3: S3Client | undefined
  try {
    // Reads first: nothing is written unless every layer and every function can take it.
    const states: LayerState[] = []
    for (const target of plan.targets) {
      states.push(await readLayer(target, lambda(target.region), needs, deps))
    }
    if (plan.attach) await checkFunctions(states, functions, lambda, needs, deps)

    const outcomes: LayerOutcome[] = []
    for (const state of states) {
      const t0 = deps.now()
      const t = state.target
      const base = {
        extension: t.extension,
        layer: t.layer,
        region: t.region,
        codeSha256: t.artifact.codeSha256,
      }
      if (state.same !== undefined) {
        deps.info(
          `layer ${t.layer} (${t.region}): version ${state.same.version} already holds ${t.extension} (${t.artifact.codeSha256}); nothing to publish`,
        )
        outcomes.push({
          ...base,
          result: 'unchanged',
          layerArn: state.layerArn,
          layerVersionArn: state.same.arn,
          version: state.same.version,
          ms: deps.now() - t0,
        })
        continue
      }
      if (plan.dryRun) {
        deps.info(
          `layer ${t.layer} (${t.region}): would publish version ${(state.newest ?? 0) + 1} with ${t.extension} (${t.artifact.codeSha256}, ${t.architecture}, ${t.runtime}) (dry run: nothing published)`,
        )
        outcomes.push({ ...base, result: 'dry-run', layerArn: state.layerArn, ms: 0 })
        continue
      }
      try {
        if (t.upload.kind === 's3') s3 ??= deps.s3Client(t.region)
        const published = await publishLayer(t, lambda(t.region), s3, needs, deps)
        outcomes.push({ ...base, ...published, result: 'published', ms: deps.now() - t0 })
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        deps.info(`layer ${t.layer} (${t.region}): FAILED: ${message}`)
        outcomes.push({ ...base, result: 'failed', ms: deps.now() - t0, error: message })
      }
    }
    return { outcomes, attachments: plan.attach ? attachments(outcomes) : new Map() }
  } finally {
    for (const c of clients.values()) c.destroy()
    s3?.destroy()
  }
}

async function publishLayer(
  t: LayerTarget,
  client: LambdaClient,
  s3: S3Client | undefined,
  needs: IamNeeds,
  deps: DeployDeps,
): Promise<Pick<LayerOutcome, 'layerArn' | 'layerVersionArn' | 'version'>> {
  const call = caller(deps, needs, t.region, { layer: t.layer })
  const body = await fs.readFile(t.artifact.zipPath)
  const input: PublishLayerVersionCommandInput = {
    LayerName: t.layer,
    Description: `${t.extension} ${t.artifact.sha256.slice(0, 12)} (rust-lambda-action)`,
    CompatibleArchitectures: [t.architecture],
    CompatibleRuntimes: [t.runtime],
    Content: {},
  }
  if (t.upload.kind === 's3' && s3 !== undefined) {
    const upload = t.upload
    deps.info(
      `layer ${t.layer}: uploading ${body.length} bytes to s3://${upload.bucket}/${upload.key}`,
    )
    await call('PutObject', () => putZip(s3, upload, body, t.artifact.codeSha256))
    input.Content = { S3Bucket: upload.bucket, S3Key: upload.key }
  } else {
    input.Content = { ZipFile: body }
  }
  // Not confirmed by a read when the answer is lost: a resent PublishLayerVersion makes one more
  // version with the same zip, which the next run finds unchanged. Nothing is broken by it.
  const published = await call('PublishLayerVersion', () =>
    client.send(new PublishLayerVersionCommand(input)),
  )
  if (published.Version === undefined || published.LayerVersionArn === undefined) {
    throw new DeployError(
      `Lambda PublishLayerVersion for layer '${t.layer}' in ${t.region} returned no version.`,
    )
  }
  if (published.Content?.CodeSha256 !== t.artifact.codeSha256) {
    throw new DeployError(
      `Lambda PublishLayerVersion for layer '${t.layer}' in ${t.region} reports CodeSha256 ${published.Content?.CodeSha256 ?? '(none)'}, not ${t.artifact.codeSha256}: the upload was changed on its way.`,
    )
  }
  deps.info(
    `layer ${t.layer} (${t.region}): published version ${published.Version} with ${t.extension} (${t.artifact.codeSha256})`,
  )
  return {
    layerArn: published.LayerArn,
    layerVersionArn: published.LayerVersionArn,
    version: published.Version,
  }
}
