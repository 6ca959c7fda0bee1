/**
 * Where an alias should point, decided from where it points now: move it to a new version, route
 * a share of its traffic to the new version (a canary: `alias-weight` below 1), or promote the
 * canary to the primary (`promote: true`). Pure; lambda.ts carries the decision out.
 */

/** The part of an alias (GetAlias) the decision reads. */
export interface AliasNow {
  readonly FunctionVersion?: string | undefined
  readonly RoutingConfig?:
    { readonly AdditionalVersionWeights?: Record<string, number> | undefined } | undefined
}

export type AliasStep =
  | { readonly kind: 'create'; readonly version: string; readonly note?: string }
  | {
      readonly kind: 'update'
      /** The primary version. */
      readonly version: string
      /** The whole routing: `{}` clears it. */
      readonly weights: Readonly<Record<string, number>>
      readonly note?: string
    }
  | { readonly kind: 'none'; readonly why: string }

/** Pure: the routed versions of an alias (the canary), `{}` when it has none. */
export function weightsOf(alias: AliasNow | undefined): Record<string, number> {
  return { ...(alias?.RoutingConfig?.AdditionalVersionWeights ?? {}) }
}

function sameWeights(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>) {
  const ka = Object.keys(a)
  return (
    ka.length === Object.keys(b).length &&
    ka.every((k) => b[k] !== undefined && Math.abs((a[k] ?? 0) - (b[k] ?? 0)) < 1e-9)
  )
}

/**
 * Pure: how to make `alias` serve `version`: all of its traffic (weight 1), or `weight` of it
 * while the current primary keeps the rest. A canary needs a published primary to share with:
 * without one (no alias yet, or an alias on $LATEST) the new version gets all of the traffic,
 * and the note says so.
 */
export function planAlias(
  alias: string,
  existing: AliasNow | undefined,
  version: string,
  weight: number,
): AliasStep {
  const canary = weight < 1
  if (existing === undefined) {
    return {
      kind: 'create',
      version,
      ...(canary && {
        note: `alias ${alias} does not exist yet, so there is no version to share its traffic with: it is created on version ${version} with all of the traffic.`,
      }),
    }
  }
  const primary = existing.FunctionVersion
  const weights = weightsOf(existing)
  if (primary === version) {
    // Already the primary: a canary has nothing left to do; a full move clears any routing.
    if (canary || Object.keys(weights).length === 0) {
      return { kind: 'none', why: `alias ${alias} already points at ${version}` }
    }
    return { kind: 'update', version, weights: {} }
  }
  if (!canary || primary === undefined || primary === '$LATEST') {
    return {
      kind: 'update',
      version,
      weights: {},
      ...(canary && {
        note: `alias ${alias} points at $LATEST, which cannot share traffic with a version: it is moved to version ${version} with all of the traffic.`,
      }),
    }
  }
  const wanted = { [version]: weight }
  if (sameWeights(weights, wanted)) {
    return {
      kind: 'none',
      why: `alias ${alias} already routes ${weight} of its traffic to ${version} (primary ${primary})`,
    }
  }
  return { kind: 'update', version: primary, weights: wanted }
}

/**
 * Pure: `promote: true`: the routed (canary) version becomes the primary and the routing is
 * cleared. Nothing to do when the alias routes to no other version.
 */
export function planPromote(alias: string, existing: AliasNow): AliasStep {
  const routed = Object.keys(weightsOf(existing)).filter((v) => v !== existing.FunctionVersion)
  const canary = routed[0]
  if (canary === undefined) {
    return {
      kind: 'none',
      why: `alias ${alias} routes no traffic to another version (primary ${existing.FunctionVersion ?? '?'}): nothing to promote`,
    }
  }
  return { kind: 'update', version: canary, weights: {} }
}
