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
 * The functions get their layer versions later, in their own deploy (lambda.ts), through the
 * one configuration decision (configuration.ts). Loaded lazily with the AWS SDK, like deploy.ts.
 */
import * as fs from 'node:fs/promises'
import * as core from '@actions/core'
import {
  GetFunctionCommand,
  GetLayerVersionCommand,
  LambdaClient,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  type PublishLayerVersionCommandInput,
} from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import { DeployError } from '../errors.js'
import { parseElfHeader } from '../package/elf.js'
import { checkExtensionZip } from '../package/checks.js'
import { readZipListing } from '../package/unzip.js'
import type { Artifact, DeployConfig, LayerOutcome, Runtime } from '../types.js'
import {
  AwsCallError,
  awsErrorInfo,
  isRetryable,
  translateAwsError,
  type IamNeeds,
} from './aws-errors.js'
import { desiredLayers, type LayerAttachments, type LayerWish } from './configuration.js'
import { defaultDeps, type DeployDeps } from './deploy.js'
import { planLayers, type LayerPlan, type LayerTarget } from './layer-plan.js'
import { planDeploy, type DeployTarget } from './plan.js'
import { withRetry } from './retry.js'
import { putZip } from './s3.js'

export interface LayersResult {
  readonly outcomes: LayerOutcome[]
  /** Empty unless `attach-layers` is on. */
  readonly attachments: LayerAttachments
}

/** What a layer's newest version is, as read before any write. */
interface LayerState {
  readonly target: LayerTarget
  readonly layerArn: string | undefined
  /** The newest version when it already holds this zip. */
  readonly same: { readonly version: number; readonly arn: string } | undefined
  readonly newest: number | undefined
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

/** Each extension zip, read back: the layout Lambda runs and the ELF machine of the layer. */
async function checkZips(plan: LayerPlan): Promise<void> {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const t of plan.targets) {
    if (seen.has(t.extension)) continue
    seen.add(t.extension)
    const listing = await readZipListing(t.artifact.zipPath, `extensions/${t.extension}`)
    const header = listing.head === undefined ? undefined : parseElfHeader(listing.head)
    problems.push(
      ...checkExtensionZip(
        { bin: t.extension, entries: listing.entries, machine: header?.machine },
        t.architecture,
      ),
    )
  }
  if (problems.length > 0) {
    throw new DeployError(
      `Cannot publish the extension layers; nothing was changed:\n- ${problems.join('\n- ')}`,
    )
  }
}

function caller(
  deps: DeployDeps,
  needs: IamNeeds,
  region: string,
  subject: { layer: string } | { function: string },
) {
  return async <T>(operation: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(send, {
        policy: deps.retry,
        sleep: deps.sleep,
        random: deps.random,
        isRetryable,
        onRetry: (error, attempt, delay) =>
          deps.info(
            `${operation}: ${awsErrorInfo(error).code}; retry ${attempt}/${deps.retry.attempts - 1} in ${(delay / 1000).toFixed(1)} s`,
          ),
      })
    } catch (error) {
      throw translateAwsError(error, {
        operation,
        function: 'function' in subject ? subject.function : '',
        layer: 'layer' in subject ? subject.layer : undefined,
        region,
        needs,
      })
    }
  }
}

/** Reads only: the layer's newest version, and whether it already holds this zip. */
async function readLayer(
  target: LayerTarget,
  client: LambdaClient,
  needs: IamNeeds,
  deps: DeployDeps,
): Promise<LayerState> {
  const call = caller(deps, needs, target.region, { layer: target.layer })
  // The API reference promises no order: take the highest Version over every page.
  let marker: string | undefined
  let newest: { version: number; arn: string } | undefined
  do {
    const page = await call('ListLayerVersions', () =>
      client.send(
        new ListLayerVersionsCommand({
          LayerName: target.layer,
          MaxItems: 50,
          ...(marker !== undefined ? { Marker: marker } : {}),
        }),
      ),
    )
    for (const v of page.LayerVersions ?? []) {
      if (v.Version === undefined || v.LayerVersionArn === undefined) continue
      if (newest === undefined || v.Version > newest.version) {
        newest = { version: v.Version, arn: v.LayerVersionArn }
      }
    }
    marker = page.NextMarker
  } while (marker !== undefined)
  if (newest === undefined) {
    return { target, layerArn: undefined, same: undefined, newest: undefined }
  }
  const latest = newest
  const got = await call('GetLayerVersion', () =>
    client.send(
      new GetLayerVersionCommand({ LayerName: target.layer, VersionNumber: latest.version }),
    ),
  )
  const layerArn = got.LayerArn ?? latest.arn.slice(0, latest.arn.lastIndexOf(':'))
  const same =
    got.Content?.CodeSha256 === target.artifact.codeSha256 &&
    (got.CompatibleArchitectures ?? []).includes(target.architecture)
  return { target, layerArn, same: same ? latest : undefined, newest: latest.version }
}

/**
 * With `attach-layers`: every deployed function's layers after this run, checked before any
 * write. A function that would hold more than Lambda's 5 layers stops the run, naming it.
 */
async function checkFunctions(
  states: readonly LayerState[],
  functions: readonly DeployTarget[],
  lambda: (region: string) => LambdaClient,
  needs: IamNeeds,
  deps: DeployDeps,
): Promise<void> {
  const problems: string[] = []
  for (const f of functions) {
    const wishes = states
      .filter((s) => s.target.region === f.region)
      .map((s) => wishOf(s.target, s.layerArn, s.same?.arn))
    if (wishes.length === 0) continue
    const call = caller(deps, needs, f.region, { function: f.function.given })
    let layers: string[]
    let packageType: string | undefined
    try {
      const got = await call('GetFunction', () =>
        lambda(f.region).send(new GetFunctionCommand({ FunctionName: f.function.given })),
      )
      layers = (got.Configuration?.Layers ?? []).flatMap((l) => (l.Arn ? [l.Arn] : []))
      packageType = got.Configuration?.PackageType
    } catch (error) {
      // A missing function is reported by its own deploy, with the fix.
      if (error instanceof AwsCallError && error.code === 'ResourceNotFoundException') continue
      throw error
    }
    if (packageType === 'Image') {
      problems.push(
        `${f.function.given}: a container image function cannot use layers; leave 'attach-layers' off, or put the extension into the image.`,
      )
      continue
    }
    const decided = desiredLayers(layers, wishes)
    if (decided.problem !== undefined) problems.push(`${f.function.given}: ${decided.problem}`)
  }
  if (problems.length > 0) {
    throw new DeployError(
      `Cannot attach the extension layers (input 'attach-layers'); nothing was changed:\n- ${problems.join('\n- ')}`,
    )
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

function wishOf(
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
