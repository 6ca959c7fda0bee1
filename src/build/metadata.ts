/** The pure choice of what to build, from what cargo says the project holds (src/cargo). */
import { Inputs } from '../constants.js'
import { BuildError, InputError } from '../errors.js'
import type { BinaryKind } from '../types.js'
import type { PackageInfo, WorkspaceInfo } from '../cargo/metadata.js'

/** One binary to build and package. */
export interface BinaryPlan {
  readonly bin: string
  readonly package: string
  /** What `--package` gets: the name, or the package ID spec where the name is ambiguous. */
  readonly packageSpec: string
  readonly kind: BinaryKind
}

export interface Selection {
  readonly package: string | undefined
  readonly binaries: readonly string[]
  readonly features: readonly string[]
  /** The `extension` input: every selected binary is an extension. */
  readonly extension: boolean
  /** The `cargo-args` input: `--no-default-features`, `--all-features`, `--features` count. */
  readonly cargoArgs: readonly string[]
}

/**
 * Pure: the features cargo will enable for `pkg`, as `cargo build` decides: `default` unless
 * `--no-default-features`, everything under `--all-features`, plus the `features` input and any
 * `--features`/`-F` in cargo-args (bare, or `<package>/<feature>`), each with what it enables.
 */
export function enabledFeatures(pkg: PackageInfo, sel: Selection): ReadonlySet<string> {
  const args = sel.cargoArgs
  if (args.includes('--all-features')) return new Set(Object.keys(pkg.features))
  const requested = [...sel.features]
  for (const [i, a] of args.entries()) {
    const value =
      a === '--features' || a === '-F'
        ? args[i + 1]
        : a.startsWith('--features=')
          ? a.slice('--features='.length)
          : a.startsWith('-F') && a.length > 2
            ? a.slice(2)
            : undefined
    if (value !== undefined) requested.push(...value.split(/[\s,]+/).filter((f) => f !== ''))
  }
  const roots = requested.flatMap((f) => {
    const slash = f.indexOf('/')
    if (slash < 0) return [f]
    return f.slice(0, slash) === pkg.name ? [f.slice(slash + 1)] : []
  })
  if (!args.includes('--no-default-features') && 'default' in pkg.features) roots.push('default')
  const enabled = new Set<string>()
  const enable = (f: string): void => {
    if (enabled.has(f)) return
    enabled.add(f)
    for (const entry of pkg.features[f] ?? []) {
      if (entry.startsWith('dep:') || entry.includes('?/')) continue
      // `dep/feature` also turns on the optional dependency's implicit feature `dep`.
      const name = entry.split('/')[0] as string
      if (name in pkg.features) enable(name)
    }
  }
  roots.forEach(enable)
  return enabled
}

/** Pure: the binaries to build, each with its kind. Throws InputError / BuildError. */
export function selectBinaries(ws: WorkspaceInfo, sel: Selection): BinaryPlan[] {
  let packages = ws.packages
  if (sel.package !== undefined) {
    const found = ws.packages.find((p) => p.name === sel.package)
    if (found === undefined) {
      throw new InputError(
        Inputs.Package,
        sel.package,
        `is not a member of the workspace at ${ws.workspaceRoot} (members: ${names(ws.packages.map((p) => p.name))}).`,
      )
    }
    packages = [found]
  }
  const all = packages.flatMap((p) => p.bins.map((b) => ({ pkg: p, bin: b })))
  const kindOf = (p: PackageInfo): BinaryKind =>
    sel.extension || p.extension ? 'extension' : 'function'

  let chosen: typeof all
  if (sel.binaries.length > 0) {
    chosen = sel.binaries.map((name) => {
      const hits = all.filter((c) => c.bin.name === name)
      const [hit, other] = hits
      if (hit === undefined) {
        throw new InputError(
          Inputs.Binaries,
          sel.binaries.join(', '),
          `names '${name}', which is not a binary of ${sel.package ?? 'the workspace'} (binaries: ${names(all.map((c) => c.bin.name))}).`,
        )
      }
      if (other !== undefined) {
        const owners = hits.map((c) => `'${c.pkg.name}'`)
        throw new InputError(
          Inputs.Binaries,
          sel.binaries.join(', '),
          `'${name}' is a binary of both ${owners.join(' and ')}. Set '${Inputs.Package}' to ${owners.join(' or ')} to choose.`,
        )
      }
      return hit
    })
  } else {
    // Like `cargo build`: a binary whose required-features are not enabled is skipped.
    const enabled = new Map(packages.map((p) => [p.name, enabledFeatures(p, sel)]))
    chosen = all.filter((c) =>
      c.bin.requiredFeatures.every((f) => enabled.get(c.pkg.name)?.has(f) === true),
    )
  }
  if (chosen.length === 0) {
    throw new BuildError(
      `No binary to build in ${sel.package ?? ws.workspaceRoot}: add a src/main.rs or a [[bin]] target, or set 'package' / 'binaries'.`,
    )
  }
  const seen = new Map<string, string>()
  for (const c of chosen) {
    const other = seen.get(c.bin.name)
    if (other !== undefined && other !== c.pkg.name) {
      throw new BuildError(
        `The packages '${other}' and '${c.pkg.name}' both have a binary named '${c.bin.name}': cargo lambda writes both to target/lambda/${c.bin.name}. Set 'package' to choose one.`,
      )
    }
    seen.set(c.bin.name, c.pkg.name)
  }
  return chosen.map((c) => ({
    bin: c.bin.name,
    package: c.pkg.name,
    packageSpec: packageSpec(ws, c.pkg),
    kind: kindOf(c.pkg),
  }))
}

/**
 * Pure: `--package` takes a spec that cargo matches against every package of the resolved graph,
 * so a member named like one of its dependencies (`http` beside the `http` crate) is ambiguous by
 * name ("specification `http` is ambiguous"), and only its package ID spec is unique. The plain
 * name is kept everywhere else: cargo-lambda finds `[package.metadata.lambda]` by the plain name.
 */
export function packageSpec(ws: Pick<WorkspaceInfo, 'ambiguousNames'>, pkg: PackageInfo): string {
  return ws.ambiguousNames.has(pkg.name) ? pkg.id : pkg.name
}

function names(list: readonly string[]): string {
  return list.length === 0 ? 'none' : list.join(', ')
}
