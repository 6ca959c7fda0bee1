/**
 * The one decision about a function's configuration. What a run wants of it (the layers of
 * `attach-layers`; memory, timeout, environment and description join here) is compared with what
 * the function has, giving the fields of at most ONE UpdateFunctionConfiguration, or none when
 * nothing differs. Pure: lambda.ts sends the update after the code update and before
 * PublishVersion, so a published version carries both.
 */
import type {
  FunctionConfiguration,
  UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda'
import { LambdaLimits } from '../lambda/limits.js'
import { parseLayerVersionArn } from '../lambda/names.js'

/** A layer version a function must hold, replacing any other version of the same layer. */
export interface LayerWish {
  readonly name: string
  readonly region: string
  /** The layer's ARN without a version; undefined until the layer exists (a dry run of a new layer). */
  readonly layerArn: string | undefined
  /** The version to hold; undefined in a dry run that would publish a new version. */
  readonly versionArn: string | undefined
}

/** region -> the layer versions the functions of that region get (`attach-layers`). */
export type LayerAttachments = ReadonlyMap<string, readonly LayerWish[]>

/** What this run wants of a function's configuration; an absent field is left as it is. */
export interface ConfigurationWish {
  readonly layers?: readonly LayerWish[] | undefined
}

/** The fields of an UpdateFunctionConfiguration, without the function and the RevisionId. */
export type ConfigurationFields = Omit<
  UpdateFunctionConfigurationCommandInput,
  'FunctionName' | 'RevisionId'
>

export type CurrentConfiguration = Pick<FunctionConfiguration, 'Layers'>

export interface ConfigurationDecision {
  /** Only the fields that differ; undefined when the function already is as wished. */
  readonly update: ConfigurationFields | undefined
  /** One line per change, for the log (names only: never an environment value). */
  readonly changes: readonly string[]
  /** Why the wish cannot be met; set, nothing may be written. */
  readonly problem: string | undefined
}

/** Pure: the update (if any) that makes `current` what `wish` asks. */
export function decideConfiguration(
  current: CurrentConfiguration,
  wish: ConfigurationWish,
): ConfigurationDecision {
  const update: ConfigurationFields = {}
  const changes: string[] = []
  const problems: string[] = []
  if (wish.layers !== undefined && wish.layers.length > 0) {
    const have = (current.Layers ?? []).flatMap((l) => (l.Arn === undefined ? [] : [l.Arn]))
    const layers = desiredLayers(have, wish.layers)
    if (layers.problem !== undefined) problems.push(layers.problem)
    else if (layers.changes.length > 0) {
      update.Layers = layers.arns
      changes.push(...layers.changes)
    }
  }
  if (problems.length > 0) return { update: undefined, changes: [], problem: problems.join(' ') }
  return {
    update: changes.length > 0 ? update : undefined,
    changes,
    problem: undefined,
  }
}

/** What a dry run shows for a version it would publish. */
export function pendingVersion(wish: LayerWish): string {
  return `${wish.layerArn ?? wish.name}:(new version)`
}

/**
 * Pure: the function's layers with each wished layer at its new version. A layer the function
 * already uses keeps its place; a new one goes last; every other layer stays as it is, in order.
 */
export function desiredLayers(
  have: readonly string[],
  wishes: readonly LayerWish[],
): { arns: string[]; changes: string[]; problem: string | undefined } {
  const changes: string[] = []
  const placed = new Set<LayerWish>()
  const arns = have.map((arn) => {
    const wish = wishes.find((w) => sameLayer(arn, w))
    if (wish === undefined) return arn
    placed.add(wish)
    const next = wish.versionArn ?? pendingVersion(wish)
    if (next !== arn) changes.push(`layer ${wish.name}: ${arn} -> ${next}`)
    return next
  })
  for (const wish of wishes) {
    if (placed.has(wish)) continue
    const next = wish.versionArn ?? pendingVersion(wish)
    arns.push(next)
    changes.push(`layer ${wish.name}: added ${next}`)
  }
  const max = LambdaLimits.layersPerFunction
  const problem =
    arns.length > max
      ? `it would use ${arns.length} layers and Lambda allows ${max} per function (it has ${have.length}: ${have.join(', ') || 'none'}; adding ${wishes
          .filter((w) => !have.some((a) => sameLayer(a, w)))
          .map((w) => w.name)
          .join(', ')}). Remove a layer from the function, or leave 'attach-layers' off for it.`
      : undefined
  return { arns, changes, problem }
}

/** Whether a layer version ARN is a version of the wished layer. */
export function sameLayer(arn: string, wish: LayerWish): boolean {
  const ref = parseLayerVersionArn(arn)
  if (ref === undefined) return false
  if (wish.layerArn !== undefined) return ref.layerArn === wish.layerArn
  return ref.name === wish.name && ref.region === wish.region
}
