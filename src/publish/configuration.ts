/**
 * The one decision about a function's configuration: given what it has and what the run asks for
 * (memory, timeout, description, environment, layers), which fields one UpdateFunctionConfiguration
 * must send, or none. Pure. Everything that wants to change a function's configuration adds to
 * DesiredConfiguration, so a deploy makes at most one configuration write, and none when nothing
 * differs. Environment values never leave here in a description: only key names do.
 */
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
