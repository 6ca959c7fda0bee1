/**
 * Pure: how `mode: plan` spreads binaries over `shards` build legs. Rendezvous (highest random
 * weight) hashing of each binary's name ranks the legs for it, so the assignment depends only on
 * the names and the leg count: adding a function moves few others, and a run on any runner gives
 * the same legs. A plain rendezvous spread is stable but can be lopsided (12 functions over 3 legs
 * may give 6/3/3, and the slowest leg is the workflow's wall time), so each leg takes at most
 * `ceil(n / legs)` binaries: a binary whose first choice is full takes its next.
 */
import { createHash } from 'node:crypto'
/** `shards: auto` gives each leg about this many binaries... */
export const AUTO_PER_SHARD = 4
/** ...on at most this many legs (the free plan's concurrent jobs). */
export const AUTO_MAX_SHARDS = 20

/** Pure: the leg count of `shards: auto` for `count` binaries: ceil(count / 4), 1 to 20. */
export function autoShards(count: number): number {
  return Math.min(AUTO_MAX_SHARDS, Math.max(1, Math.ceil(count / AUTO_PER_SHARD)))
}

/** A 48-bit weight of (name, leg): the same on every machine and Node version. */
function weight(name: string, leg: number): number {
  return createHash('sha256').update(`${name}\0${leg}`).digest().readUIntBE(0, 6)
}

/**
 * Pure: `names` spread over `legs` legs (index 0 is leg 1), each leg sorted by name. Legs may be
 * empty when there are fewer names than legs. The names are taken in the order of their own hash,
 * not their sort order, so a new name falls at a random place and displaces few others.
 */
export function assignShards(names: readonly string[], legs: number): string[][] {
  const out: string[][] = Array.from({ length: legs }, () => [])
  if (legs < 1) return out
  const unique = [...new Set(names)]
  const capacity = Math.ceil(unique.length / legs)
  const order = unique
    .map((name) => ({ name, key: weight(name, -1) }))
    .sort((a, b) => a.key - b.key || (a.name < b.name ? -1 : 1))
  for (const { name } of order) {
    const ranked = Array.from({ length: legs }, (_, leg) => ({ leg, w: weight(name, leg) })).sort(
      (a, b) => b.w - a.w || a.leg - b.leg,
    )
    const free = ranked.find((r) => (out[r.leg] as string[]).length < capacity) ?? ranked[0]
    ;(out[(free as { leg: number }).leg] as string[]).push(name)
  }
  for (const leg of out) leg.sort()
  return out
}
