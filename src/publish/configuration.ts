/**
 * The one decision about a function's configuration: given what it has and what the run asks for
 * (memory, timeout, description, environment, layers), which fields one UpdateFunctionConfiguration
 * must send, or none. Pure. Everything that wants to change a function's configuration adds to
 * DesiredConfiguration, so a deploy makes at most one configuration write, and none when nothing
 * differs. Environment values never leave here in a description: only key names do. The layers of
 * `attach-layers` come in as the whole list, made by desiredLayers() from the function's current
 * layers (below).
 */
import { LambdaLimits } from '../lambda/limits.js'
import { parseLayerVersionArn } from '../lambda/names.js'
import type { DesiredConfiguration } from '../types.js'

/** The part of a FunctionConfiguration (GetFunction) compared. */
export interface CurrentConfiguration {
  readonly MemorySize?: number | undefined
  readonly Timeout?: number | undefined
  readonly Description?: string | undefined
  readonly Environment?: { readonly Variables?: Record<string, string> | undefined } | undefined
  readonly Layers?: readonly { readonly Arn?: string | undefined }[] | undefined
}

/** The fields of UpdateFunctionConfiguration to send (only those that change). */
export interface ConfigurationUpdate {
  MemorySize?: number
  Timeout?: number
  Description?: string
  Environment?: { Variables: Record<string, string> }
  Layers?: string[]
}

export interface ConfigurationPlan {
  readonly update: ConfigurationUpdate
  /** What changes, one entry per setting, for the log and the summary (never a value of the environment). */
  readonly changes: readonly string[]
}

/** Pure: the update that makes `current` what `desired` asks, or undefined when nothing differs. */
export function planConfiguration(
  current: CurrentConfiguration,
  desired: DesiredConfiguration,
): ConfigurationPlan | undefined {
  const update: ConfigurationUpdate = {}
  const changes: string[] = []
  if (desired.memorySize !== undefined && desired.memorySize !== current.MemorySize) {
    update.MemorySize = desired.memorySize
    changes.push(`memory-size ${current.MemorySize ?? '?'} -> ${desired.memorySize} MB`)
  }
  if (desired.timeout !== undefined && desired.timeout !== current.Timeout) {
    update.Timeout = desired.timeout
    changes.push(`timeout ${current.Timeout ?? '?'} -> ${desired.timeout} s`)
  }
  if (desired.description !== undefined && desired.description !== (current.Description ?? '')) {
    update.Description = desired.description
    changes.push('description')
  }
  if (desired.environment !== undefined) {
    const now = current.Environment?.Variables ?? {}
    const given = desired.environment.variables
    const next = desired.environment.mode === 'replace' ? { ...given } : { ...now, ...given }
    const set = Object.keys(given).filter((k) => now[k] !== given[k])
    const removed = Object.keys(now).filter((k) => !Object.hasOwn(next, k))
    if (set.length > 0 || removed.length > 0) {
      update.Environment = { Variables: next }
      changes.push(
        `environment: ${[
          ...(set.length > 0 ? [`set ${set.sort().join(', ')}`] : []),
          ...(removed.length > 0 ? [`removed ${removed.sort().join(', ')}`] : []),
        ].join('; ')}`,
      )
    }
  }
  if (desired.layers !== undefined) {
    const now = (current.Layers ?? []).map((l) => l.Arn ?? '')
    if (now.length !== desired.layers.length || now.some((arn, i) => arn !== desired.layers?.[i])) {
      update.Layers = [...desired.layers]
      changes.push(`layers: ${desired.layers.length === 0 ? 'none' : desired.layers.join(', ')}`)
    }
  }
  return changes.length === 0 ? undefined : { update, changes }
}

/** Pure: whether a run asks for any configuration at all. */
export function asksForConfiguration(desired: DesiredConfiguration): boolean {
  return Object.values(desired).some((v) => v !== undefined)
}

// --- Layers: `attach-layers` turns the function's current layers into the whole desired list ---

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

/** What a dry run shows for a version it would publish. */
export function pendingVersion(wish: LayerWish): string {
  return `${wish.layerArn ?? wish.name}:(new version)`
}

/**
 * Pure: the function's layers with each wished layer at its new version, the `layers` of
 * DesiredConfiguration. A layer the function already uses keeps its place; a new one goes last;
 * every other layer stays as it is, in order. More than Lambda's 5 is a problem, named here.
 */
export function desiredLayers(
  have: readonly string[],
  wishes: readonly LayerWish[],
): { arns: string[]; problem: string | undefined } {
  const placed = new Set<LayerWish>()
  const arns = have.map((arn) => {
    const wish = wishes.find((w) => sameLayer(arn, w))
    if (wish === undefined) return arn
    placed.add(wish)
    return wish.versionArn ?? pendingVersion(wish)
  })
  for (const wish of wishes) {
    if (!placed.has(wish)) arns.push(wish.versionArn ?? pendingVersion(wish))
  }
  const max = LambdaLimits.layersPerFunction
  const added = wishes.filter((w) => !placed.has(w)).map((w) => w.name)
  const problem =
    arns.length > max
      ? `it would use ${arns.length} layers and Lambda allows ${max} per function (it has ${have.length}: ${have.join(', ') || 'none'}; adding ${added.join(', ')}). Remove a layer from the function, or leave 'attach-layers' off for it.`
      : undefined
  return { arns, problem }
}

/** Whether a layer version ARN is a version of the wished layer. */
export function sameLayer(arn: string, wish: LayerWish): boolean {
  const ref = parseLayerVersionArn(arn)
  if (ref === undefined) return false
  if (wish.layerArn !== undefined) return ref.layerArn === wish.layerArn
  return ref.name === wish.name && ref.region === wish.region
}
