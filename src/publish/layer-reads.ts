/**
 * The reads of the extension layers, before any write: each zip checked locally, each layer's
 * newest version (is it already this zip?), and with `attach-layers` each function's layers.
 */
import {
  GetFunctionCommand,
  GetLayerVersionCommand,
  ListLayerVersionsCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda'
import { DeployError } from '../errors.js'
import { parseElfHeader } from '../package/elf.js'
import { checkExtensionZip } from '../package/checks.js'
import { readZipListing } from '../package/unzip.js'
import {
  AwsCallError,
  awsErrorInfo,
  isRetryable,
  translateAwsError,
  type IamNeeds,
} from './aws-errors.js'
import { desiredLayers } from './configuration.js'
import type { DeployDeps } from './deps.js'
import { wishOf, type LayerPlan, type LayerTarget } from './layer-plan.js'
import type { DeployTarget } from './plan.js'
import { withRetry } from './retry.js'

/** What a layer's newest version is, as read before any write. */
export interface LayerState {
  readonly target: LayerTarget
  readonly layerArn: string | undefined
  /** The newest version when it already holds this zip. */
  readonly same: { readonly version: number; readonly arn: string } | undefined
  readonly newest: number | undefined
}
/** Each extension zip, read back: the layout Lambda runs and the ELF machine of the layer. */
export async function checkZips(plan: LayerPlan): Promise<void> {
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

export function caller(
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
export async function readLayer(
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
export async function checkFunctions(
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
