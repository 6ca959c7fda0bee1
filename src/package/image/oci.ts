/**
 * Pure OCI / Docker image assembly: the platform's manifest picked from an index, and the new
 * config and manifest made from the base's plus one layer holding `bootstrap`.
 *
 * Where `bootstrap` goes and how it is started follow AWS's documentation for OS-only base images
 * ("Using an AWS OS-only base image", https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#runtimes-images-provided,
 * and the custom-runtime images of https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html):
 * the Dockerfile there is `FROM public.ecr.aws/lambda/provided:al2023`, `COPY bootstrap ${LAMBDA_RUNTIME_DIR}`,
 * `CMD [ "function.handler" ]`, keeping the base's ENTRYPOINT `/lambda-entrypoint.sh`. That script
 * (aws-lambda-base-images) wants exactly one argument, the handler, exports it as `_HANDLER` and
 * execs `/var/runtime/bootstrap` (under the runtime interface emulator when AWS_LAMBDA_RUNTIME_API
 * is unset). So the layer puts `bootstrap` in the base's LAMBDA_RUNTIME_DIR, and the command is
 * one handler name. A base without an entrypoint (not an AWS base) gets `bootstrap` itself as the
 * entrypoint, as AWS's Go image guide does for non-AWS bases (`ENTRYPOINT [ "/main" ]`).
 */
import type { Layer } from './layer.js'
import { sha256Digest } from './layer.js'

export const MediaType = {
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciConfig: 'application/vnd.oci.image.config.v1+json',
  OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  DockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerConfig: 'application/vnd.docker.container.image.v1+json',
  DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const

/** What a manifest request accepts: single-platform manifests and indexes of both families. */
export const MANIFEST_ACCEPT = [
  MediaType.OciIndex,
  MediaType.OciManifest,
  MediaType.DockerList,
  MediaType.DockerManifest,
].join(', ')

export interface Platform {
  readonly architecture: string
  readonly os: string
  readonly variant?: string
}

export interface Descriptor {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
  readonly platform?: Platform
  readonly annotations?: Record<string, string>
  readonly urls?: readonly string[]
}

export interface ImageIndex {
  readonly schemaVersion: 2
  readonly mediaType?: string
  readonly manifests: readonly Descriptor[]
}

export interface ImageManifest {
  readonly schemaVersion: 2
  readonly mediaType?: string
  readonly config: Descriptor
  readonly layers: readonly Descriptor[]
  readonly annotations?: Record<string, string>
}

/** The parts of an image config this code reads or writes; the rest is kept as the base has it. */
export interface ImageConfig {
  readonly architecture?: string
  readonly os?: string
  readonly created?: string
  readonly config?: {
    readonly Env?: readonly string[]
    readonly Entrypoint?: readonly string[] | null
    readonly Cmd?: readonly string[] | null
    readonly WorkingDir?: string
    readonly [key: string]: unknown
  }
  readonly rootfs?: { readonly type: string; readonly diff_ids: readonly string[] }
  readonly history?: readonly Record<string, unknown>[]
  readonly [key: string]: unknown
}

export function isIndex(mediaType: string | undefined, body: unknown): boolean {
  if (mediaType === MediaType.OciIndex || mediaType === MediaType.DockerList) return true
  return typeof body === 'object' && body !== null && Array.isArray((body as ImageIndex).manifests)
}

/** Lambda's architecture names as image platforms (the OCI image spec uses Go's GOARCH names). */
export const PlatformArchitecture = { arm64: 'arm64', x86_64: 'amd64' } as const

/**
 * Pure: the manifest of `linux/<architecture>` in an index. Attestation entries (`unknown/unknown`)
 * are never picked. Returns the platforms the index has when none fits, for the error message.
 */
export function pickPlatform(
  index: ImageIndex,
  architecture: keyof typeof PlatformArchitecture,
): { descriptor: Descriptor } | { available: string[] } {
  const arch = PlatformArchitecture[architecture]
  const candidates = index.manifests.filter(
    (m) => m.platform?.os === 'linux' && m.platform.architecture === arch,
  )
  // arm64 images may say variant v8 or nothing; prefer v8 as Lambda's Graviton is ARMv8+.
  const descriptor = candidates.find((m) => m.platform?.variant === 'v8') ?? candidates[0]
  if (descriptor !== undefined) return { descriptor }
  return {
    available: index.manifests.map((m) =>
      m.platform
        ? `${m.platform.os}/${m.platform.architecture}${m.platform.variant ? `/${m.platform.variant}` : ''}`
        : m.digest,
    ),
  }
}

/** The handler name passed to `/lambda-entrypoint.sh`; a Rust runtime does not read it. */
export const HANDLER = 'bootstrap'

/** Pure: where `bootstrap` goes in an image made from `base`: `$LAMBDA_RUNTIME_DIR/bootstrap`. */
export function bootstrapPathFor(base: ImageConfig): string {
  const runtimeDir = base.config?.Env?.find((e) => e.startsWith('LAMBDA_RUNTIME_DIR='))
  const dir = runtimeDir?.slice('LAMBDA_RUNTIME_DIR='.length).replace(/\/+$/, '') || '/var/runtime'
  return `${dir.startsWith('/') ? '' : '/'}${dir}/bootstrap`
}

export interface AssembledImage {
  readonly config: Buffer
  readonly configDescriptor: Descriptor
  readonly layerDescriptor: Descriptor
  readonly manifest: Buffer
  readonly manifestMediaType: string
  /** `sha256:<hex>` of `manifest`: what the image is addressed by. */
  readonly digest: string
  /** Compressed size: config + every layer (what a registry stores and Lambda pulls). */
  readonly size: number
}

export interface BaseImage {
  /** The base's manifest (single platform) and its digest. */
  readonly manifest: ImageManifest
  readonly manifestMediaType: string
  readonly digest: string
  readonly config: ImageConfig
  /** The base as the user named it, for the OCI base-name annotation. */
  readonly name: string
}

/**
 * Pure: the image config and manifest for `base` plus `layer` (holding `bootstrapPath`). The
 * manifest keeps the base's family (OCI or Docker schema 2) so its media types stay consistent.
 */
export function assembleImage(
  base: BaseImage,
  layer: Layer,
  bootstrapPath: string,
  createdSeconds: number,
): AssembledImage {
  const created = new Date(createdSeconds * 1000).toISOString()
  const docker = base.manifestMediaType === MediaType.DockerManifest
  const baseRun = base.config.config ?? {}
  const hasEntrypoint = Array.isArray(baseRun.Entrypoint) && baseRun.Entrypoint.length > 0
  const run = hasEntrypoint
    ? { ...baseRun, Cmd: [HANDLER] }
    : { ...baseRun, Entrypoint: [bootstrapPath], Cmd: null }
  const config: ImageConfig = {
    ...base.config,
    created,
    config: run,
    rootfs: {
      type: 'layers',
      diff_ids: [...(base.config.rootfs?.diff_ids ?? []), layer.diffId],
    },
    ...(base.config.history !== undefined && {
      history: [
        ...base.config.history,
        {
          created,
          created_by: `rust-lambda-action: COPY bootstrap ${bootstrapPath} (0755); CMD ${JSON.stringify(run.Cmd)}`,
        },
      ],
    }),
  }
  const configBytes = Buffer.from(JSON.stringify(config))
  const configDescriptor: Descriptor = {
    mediaType: docker ? MediaType.DockerConfig : MediaType.OciConfig,
    digest: sha256Digest(configBytes),
    size: configBytes.length,
  }
  const layerDescriptor: Descriptor = {
    mediaType: docker ? MediaType.DockerLayerGzip : MediaType.OciLayerGzip,
    digest: layer.digest,
    size: layer.size,
  }
  const manifestMediaType = docker ? MediaType.DockerManifest : MediaType.OciManifest
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: manifestMediaType,
    config: configDescriptor,
    layers: [...base.manifest.layers, layerDescriptor],
    ...(!docker && {
      annotations: {
        'org.opencontainers.image.base.digest': base.digest,
        'org.opencontainers.image.base.name': base.name,
      },
    }),
  }
  const manifestBytes = Buffer.from(JSON.stringify(manifest))
  return {
    config: configBytes,
    configDescriptor,
    layerDescriptor,
    manifest: manifestBytes,
    manifestMediaType,
    digest: sha256Digest(manifestBytes),
    size: configBytes.length + manifest.layers.reduce((sum, l) => sum + l.size, 0),
  }
}
