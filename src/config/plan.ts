/** `mode`, `shards`, `changed-since`: planning the build legs of a monorepo. */
import { Inputs, MaxShards } from '../constants.js'
import { InputError } from '../errors.js'
import type { PlanConfig } from '../types.js'
import { oneOf } from './parsers.js'

/** undefined for `mode: build`. Throws InputError for a bad value, or plan inputs in build mode. */
export function parsePlan(input: (name: string) => string): PlanConfig | undefined {
  const mode = oneOf(Inputs.Mode, input(Inputs.Mode), ['build', 'plan'] as const)
  const shards = input(Inputs.Shards)
  const changedSince = input(Inputs.ChangedSince)
  if (mode === 'build') {
    // A plan input in a build step is a mix-up, not something to ignore quietly.
    if (changedSince !== '') {
      throw new InputError(
        Inputs.ChangedSince,
        changedSince,
        `is read only with 'mode: plan'. Plan in a job of its own and give each build leg the 'binaries' of its matrix entry.`,
      )
    }
    return undefined
  }
  if (/^-/.test(changedSince)) {
    throw new InputError(
      Inputs.ChangedSince,
      changedSince,
      'must be a git ref or commit, not an option.',
    )
  }
  if (shards !== 'auto' && !(/^\d+$/.test(shards) && +shards >= 1 && +shards <= MaxShards)) {
    throw new InputError(
      Inputs.Shards,
      shards,
      `expected auto or a number of legs from 1 to ${MaxShards} (GitHub runs at most ${MaxShards} jobs per matrix).`,
    )
  }
  return {
    shards: shards === 'auto' ? 'auto' : Number(shards),
    changedSince: changedSince || undefined,
  }
}
