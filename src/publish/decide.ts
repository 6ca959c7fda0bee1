/**
 * The one decision of a function's deploy: from what GetFunction returned and the artifact of
 * this run, what to do (refuse, leave the code as it is, update code and/or configuration, then
 * publish). Pure: lambda.ts carries it out.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import type { Artifact, DesiredConfiguration } from '../types.js'
import {
  desiredLayers,
  planConfiguration,
  type ConfigurationPlan,
  type LayerWish,
} from './configuration.js'
import type { UploadMethod } from './plan.js'

export interface DeployOptions {
  /** The function as the user named it, and its region: for the messages. */
  readonly function: string
  readonly region: string
  readonly upload: UploadMethod['kind']
  /** What its configuration must be (only what was asked). */
  readonly configuration: DesiredConfiguration
  /** `attach-layers`: the layer versions this function gets (its region's). */
  readonly layers: readonly LayerWish[] | undefined
  readonly force: boolean
  readonly publish: boolean
  readonly alias: string | undefined
}

/** How the code changes: where it comes from, and the architecture it leaves when it switches. */
export interface CodeUpdate {
  readonly via: UploadMethod['kind']
  readonly architecture: { readonly from: string; readonly to: string } | undefined
}

/** What is left to check when the code and configuration are already there. */
export type UnchangedCheck =
  | { readonly kind: 'none' }
  | { readonly kind: 'published-version' }
  | { readonly kind: 'alias'; readonly alias: string }

export type DeployDecision =
  /** The function cannot take this artifact (or these layers): the deploy stops with the message. */
  | { readonly kind: 'refuse'; readonly message: string }
  /**
   * Code and configuration are already there. What is left to check, with reads only: nothing,
   * that a published version holds them (publish without alias), or that the alias serves them.
   */
  | {
      readonly kind: 'unchanged'
      readonly configuration: DesiredConfiguration
      readonly check: UnchangedCheck
    }
  /** Update the code (undefined: it is there) and/or the configuration, then publish or not. */
  | {
      readonly kind: 'update'
      readonly configuration: DesiredConfiguration
      readonly code: CodeUpdate | undefined
      readonly configure: ConfigurationPlan | undefined
      readonly publish: boolean
    }

/** The architecture a function runs on: Lambda leaves `Architectures` out for x86_64. */
export function architectureOf(cfg: FunctionConfiguration): string {
  return cfg.Architectures?.[0] ?? 'x86_64'
}

/** Whether the function (or a version of it) has the artifact's code and architecture. */
export function holdsCode(cfg: FunctionConfiguration, artifact: Artifact): boolean {
  return cfg.CodeSha256 === artifact.codeSha256 && architectureOf(cfg) === artifact.architecture
}

/** Whether a version (or $LATEST) holds the artifact and the configuration asked for. */
export function serves(
  cfg: FunctionConfiguration | undefined,
  artifact: Artifact,
  configuration: DesiredConfiguration,
): boolean {
  return (
    cfg !== undefined &&
    holdsCode(cfg, artifact) &&
    planConfiguration(cfg, configuration) === undefined
  )
}

export function decideDeploy(
  current: FunctionConfiguration,
  artifact: Artifact,
  options: DeployOptions,
): DeployDecision {
  const who = `Function '${options.function}' in ${options.region}`
  const image = options.upload === 'image'
  if (current.PackageType === 'Image' && !image) {
    return {
      kind: 'refuse',
      message: `${who} is a container image function (PackageType Image) and this build made a zip: set 'package-type: image' and 'image-repository' to deploy it, or name a zip function.`,
    }
  }
  if (current.PackageType !== 'Image' && image) {
    return {
      kind: 'refuse',
      message: `${who} is a .zip function (PackageType Zip) and this build made a container image: Lambda cannot switch a function's package type. Use 'package-type: zip' for it, or name a function created from an image.`,
    }
  }

  // With attach-layers: the function's own layers, with this run's versions in. More than 5 stops
  // this function; deployLayers has already refused that before any write, so this only guards a
  // function changed meanwhile.
  let configuration = options.configuration
  if (options.layers !== undefined && options.layers.length > 0) {
    const have = (current.Layers ?? []).flatMap((l) => (l.Arn === undefined ? [] : [l.Arn]))
    const layers = desiredLayers(have, options.layers)
    if (layers.problem !== undefined)
      return { kind: 'refuse', message: `${who}: ${layers.problem}` }
    configuration = { ...configuration, layers: layers.arns }
  }

  // The reproducible zips make an unchanged build byte-identical; the configuration is compared
  // only for what the inputs ask.
  const sameCode = holdsCode(current, artifact) && current.LastUpdateStatus !== 'Failed'
  const configure = planConfiguration(current, configuration)
  if (sameCode && !options.force && configure === undefined) {
    const check: UnchangedCheck =
      options.alias !== undefined
        ? { kind: 'alias', alias: options.alias }
        : { kind: options.publish ? 'published-version' : 'none' }
    return { kind: 'unchanged', configuration, check }
  }
  const from = architectureOf(current)
  const code: CodeUpdate | undefined =
    !sameCode || options.force
      ? {
          via: options.upload,
          architecture:
            from !== artifact.architecture ? { from, to: artifact.architecture } : undefined,
        }
      : undefined
  return { kind: 'update', configuration, code, configure, publish: options.publish }
}
