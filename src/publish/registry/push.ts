/**
 * Container images without Docker: each function's `bootstrap` becomes one reproducible layer on
 * top of the base image, pushed with the distribution API in the order the spec allows to skip
 * work: `HEAD` every blob first; base layers mounted from the base's repository when it is on the
 * same registry, else streamed from the base's registry; then our layer and the config. The
 * manifest goes last and separately (`putManifest`), after the smoke test has run the bootstrap
 * read back from the pushed layer, so a failing function leaves no tag behind.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import { ECRClient } from '@aws-sdk/client-ecr'
import type { HttpClient } from '@actions/http-client'
import { buildLayer, readLayerFile, sha256Digest } from '../../package/image/layer.js'
import {
  assembleImage,
  bootstrapPathFor,
  isIndex,
  MANIFEST_ACCEPT,
  MediaType,
  pickPlatform,
  PlatformArchitecture,
  type BaseImage,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
} from '../../package/image/oci.js'
import { ecrRegistry, imageUri, type ImageReference } from '../../util/image-reference.js'
import { repositoryScope, type Credentials } from './auth.js'
import { makeHttpClient, readAll, RegistryClient } from './client.js'
import { ECR_CREDENTIALS_FIX, ecrLogin } from './ecr.js'

export type Architecture = keyof typeof PlatformArchitecture

export interface ImageSettings {
  /** `base-image`, parsed. */
  readonly base: ImageReference
  /** `image-repository`, parsed (no tag, no digest). */
  readonly repository: ImageReference
  /** `registry-username` / `registry-password` (not used for Amazon ECR, which logs in itself). */
  readonly credentials: Credentials | undefined
  /** The time every layer entry and the config carry (SOURCE_DATE_EPOCH or 1980-01-01). */
  readonly mtimeSeconds: number
}

export interface ImageJob {
  readonly bin: string
  readonly binaryPath: string
  readonly architecture: Architecture
  /** The tag to put the manifest under; undefined: by digest only. */
  readonly tag: string | undefined
  /** Folder where the bootstrap read back from the pushed layer is written. */
  readonly outDir: string
}

export interface LayerCounts {
  readonly total: number
  /** Uploaded by this run (our layer, or base layers streamed from another registry). */
  readonly pushed: number
  /** Base layers mounted from the base's repository on the same registry. */
  readonly mounted: number
  /** Already in the repository (HEAD said so): nothing sent. */
  readonly present: number
}

/** An image whose blobs are in the repository; its manifest is not yet put. */
export interface PreparedImage {
  readonly bin: string
  readonly registry: string
  readonly repository: string
  readonly tag: string | undefined
  /** `registry/repository@sha256:…`: Lambda's ImageUri. */
  readonly uri: string
  readonly digest: string
  readonly manifest: Buffer
  readonly manifestMediaType: string
  /** Compressed size of config + layers; `baseSize` the same for the base alone. */
  readonly size: number
  readonly baseSize: number
  /** `base-image` resolved: `name@sha256:…` of the platform's manifest. */
  readonly base: string
  readonly layers: LayerCounts
  /** Bytes this run sent to the registry (blobs; plus the manifest once put). */
  readonly bytesPushed: number
  /** Where `bootstrap` sits in the image, and the copy read back from the pushed layer. */
  readonly bootstrapInImage: string
  readonly bootstrapPath: string
  readonly ms: number
}

export interface PushedImage extends PreparedImage {
  /** False when the repository already had this manifest under the tag (nothing was put). */
  readonly manifestPut: boolean
}

export interface RegistryDeps {
  readonly http: () => HttpClient
  readonly ecrClient: (region: string) => ECRClient
  readonly setSecret: (secret: string) => void
  readonly info: (line: string) => void
  readonly now: () => number
}

export function defaultDeps(overrides: Partial<RegistryDeps> = {}): RegistryDeps {
  return {
    http: makeHttpClient,
    ecrClient: (region) => new ECRClient({ region, customUserAgent: 'rust-lambda-action' }),
    setSecret: (secret) => core.setSecret(secret),
    info: (line) => core.info(line),
    now: () => Date.now(),
    ...overrides,
  }
}

const INPUT_CREDENTIALS_FIX = 'Check registry-username and registry-password.'

/** The registry clients of one run: one per registry origin, shared by every image. */
export class RegistrySessions {
  private target: Promise<RegistryClient> | undefined
  private readonly bases = new Map<string, Promise<BaseImage>>()
  private baseClient: RegistryClient | undefined

  constructor(
    readonly settings: ImageSettings,
    private readonly deps: RegistryDeps,
  ) {}

  /** The client of `image-repository`'s registry (an ECR login first for Amazon ECR). */
  targetClient(): Promise<RegistryClient> {
    this.target ??= this.connectTarget()
    return this.target
  }

  private async connectTarget(): Promise<RegistryClient> {
    const repo = this.settings.repository
    const ecr = ecrRegistry(repo.registry)
    if (ecr !== undefined && this.settings.credentials === undefined) {
      const login = await ecrLogin(
        this.deps.ecrClient(ecr.region),
        repo.registry,
        repo.repository,
        ecr,
        this.deps.setSecret,
      )
      return new RegistryClient(
        {
          registry: repo.registry,
          origin: login.origin,
          credentials: login.credentials,
          credentialsFix: ECR_CREDENTIALS_FIX,
        },
        this.deps.http(),
      )
    }
    return new RegistryClient(
      {
        registry: repo.registry,
        origin: repo.origin,
        credentials: this.settings.credentials,
        credentialsFix: INPUT_CREDENTIALS_FIX,
      },
      this.deps.http(),
    )
  }

  /** The client for the base's registry: the target's when both are one registry, else anonymous. */
  async baseRegistry(): Promise<RegistryClient> {
    const target = await this.targetClient()
    if (sameRegistry(target, this.settings.base)) return target
    this.baseClient ??= new RegistryClient(
      {
        registry: this.settings.base.registry,
        origin: this.settings.base.origin,
        credentials: undefined,
        credentialsFix:
          'The base image is pulled anonymously: name a public base-image, or push the base to the image-repository registry.',
      },
      this.deps.http(),
    )
    return this.baseClient
  }

  /** The base image for one architecture (fetched once per run). */
  base(architecture: Architecture): Promise<BaseImage> {
    let base = this.bases.get(architecture)
    if (base === undefined) {
      base = this.baseRegistry().then((client) =>
        resolveBase(client, this.settings.base, architecture),
      )
      this.bases.set(architecture, base)
    }
    return base
  }
}

function sameRegistry(client: RegistryClient, ref: ImageReference): boolean {
  return client.endpoint.origin === ref.origin || client.endpoint.registry === ref.registry
}

/** Fetches the base's manifest for `linux/<architecture>` (from its index when it has one) and config. */
export async function resolveBase(
  client: RegistryClient,
  ref: ImageReference,
  architecture: Architecture,
): Promise<BaseImage> {
  const name = `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`
  const repository = ref.repository
  const scopes = [repositoryScope(repository, false)]
  const fix = 'Check base-image: the registry must be reachable and hold that image.'
  const fetchManifest = async (reference: string, step: string) => {
    const res = await client.send({
      step,
      repository,
      method: 'GET',
      url: `/v2/${repository}/manifests/${reference}`,
      headers: { accept: MANIFEST_ACCEPT },
      scopes,
      ok: [200],
      fix,
    })
    const bytes = await readAll(res.response)
    const digest = sha256Digest(bytes)
    if (reference.startsWith('sha256:') && digest !== reference) {
      client.fail({ step, repository }, `the manifest's digest is ${digest}, not ${reference}.`)
    }
    const contentType = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
    const body = parseJson<ImageIndex & ImageManifest>(bytes, () =>
      client.fail({ step, repository }, 'the manifest is not JSON.'),
    )
    return { body, digest, mediaType: body.mediaType ?? contentType ?? MediaType.OciManifest }
  }

  let top = await fetchManifest(ref.digest ?? ref.tag ?? 'latest', `fetch base manifest ${name}`)
  if (isIndex(top.mediaType, top.body)) {
    const picked = pickPlatform(top.body, architecture)
    if ('available' in picked) {
      client.fail(
        { step: `pick linux/${PlatformArchitecture[architecture]} from base ${name}`, repository },
        `the index has only ${picked.available.join(', ') || 'no manifests'}.`,
        'Name a base-image with a manifest for the function architecture.',
      )
    }
    top = await fetchManifest(
      picked.descriptor.digest,
      `fetch base manifest ${picked.descriptor.digest}`,
    )
  }
  if (top.mediaType !== MediaType.OciManifest && top.mediaType !== MediaType.DockerManifest) {
    client.fail(
      { step: `read base manifest ${name}`, repository },
      `its media type ${top.mediaType} is not an OCI or Docker schema 2 image manifest.`,
    )
  }
  const configStep = `fetch base config ${top.body.config.digest}`
  const configBytes = await client.getBuffer({
    step: configStep,
    repository,
    url: `/v2/${repository}/blobs/${top.body.config.digest}`,
    scopes,
    ok: [200],
  })
  if (sha256Digest(configBytes) !== top.body.config.digest) {
    client.fail({ step: configStep, repository }, 'the config does not match its digest.')
  }
  const config = parseJson<ImageConfig>(configBytes, () =>
    client.fail({ step: configStep, repository }, 'the config is not JSON.'),
  )
  const wanted = PlatformArchitecture[architecture]
  if (
    (config.os ?? 'linux') !== 'linux' ||
    (config.architecture !== undefined && config.architecture !== wanted)
  ) {
    client.fail(
      { step: `check base ${name}`, repository },
      `the base is ${config.os}/${config.architecture}, the function is linux/${wanted}.`,
      'Name a base-image for the function architecture (or an index that has it).',
    )
  }
  return { manifest: top.body, manifestMediaType: top.mediaType, digest: top.digest, config, name }
}

function parseJson<T>(bytes: Buffer, fail: () => never): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T
  } catch {
    return fail()
  }
}

type BlobSource =
  | { readonly kind: 'buffer'; readonly data: Buffer }
  | { readonly kind: 'base'; readonly client: RegistryClient; readonly repository: string }

type BlobOutcome = 'present' | 'mounted' | 'pushed'

/** Makes sure the repository has blob `descriptor`: HEAD, then mount, then upload. */
export async function ensureBlob(
  target: RegistryClient,
  repository: string,
  descriptor: Pick<Descriptor, 'digest' | 'size'>,
  source: BlobSource,
): Promise<BlobOutcome> {
  const digest = descriptor.digest
  const push = [repositoryScope(repository, true)]
  const head = await target.send({
    step: `check blob ${digest}`,
    repository,
    method: 'HEAD',
    url: `/v2/${repository}/blobs/${digest}`,
    scopes: push,
    ok: [200, 404],
  })
  await head.response.readBody()
  if (head.status === 200) return 'present'

  let location: string | undefined
  if (source.kind === 'base' && source.client === target && source.repository !== repository) {
    const scopes = [...push, repositoryScope(source.repository, false)]
    const res = await target.send({
      step: `mount blob ${digest} from ${source.repository}`,
      repository,
      method: 'POST',
      url: `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(source.repository)}`,
      scopes,
      ok: [201, 202],
    })
    await res.response.readBody()
    if (res.status === 201) return 'mounted'
    // 202: the registry would not mount, and opened an upload session instead.
    location = headerOf(res.headers, 'location')
  }
  if (location === undefined) {
    const res = await target.send({
      step: `start upload of blob ${digest}`,
      repository,
      method: 'POST',
      url: `/v2/${repository}/blobs/uploads/`,
      scopes: push,
      ok: [202],
    })
    await res.response.readBody()
    location = headerOf(res.headers, 'location')
  }
  if (location === undefined) {
    target.fail(
      { step: `start upload of blob ${digest}`, repository },
      'the registry gave no upload Location.',
    )
  }
  const url = new URL(location, target.endpoint.origin)
  url.searchParams.set('digest', digest)
  const body =
    source.kind === 'buffer'
      ? source.data
      : async () => {
          const res = await source.client.send({
            step: `download base layer ${digest}`,
            repository: source.repository,
            method: 'GET',
            url: `/v2/${source.repository}/blobs/${digest}`,
            scopes: [repositoryScope(source.repository, false)],
            ok: [200],
          })
          return res.response.message
        }
  const put = await target.send({
    step: `upload blob ${digest}`,
    repository,
    method: 'PUT',
    url: url.toString(),
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(descriptor.size),
    },
    body,
    scopes: push,
    ok: [201],
  })
  await put.response.readBody()
  return 'pushed'
}

function headerOf(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** Builds the image of one function and pushes its blobs; reads `bootstrap` back from the pushed layer. */
export async function prepareImage(
  sessions: RegistrySessions,
  job: ImageJob,
  deps: Pick<RegistryDeps, 'now' | 'info'>,
): Promise<PreparedImage> {
  const started = deps.now()
  const { repository: repo, mtimeSeconds } = sessions.settings
  const base = await sessions.base(job.architecture)
  const bootstrapInImage = bootstrapPathFor(base.config)
  const binary = await fs.promises.readFile(job.binaryPath)
  const layer = await buildLayer(
    [{ path: bootstrapInImage, mode: 0o755, content: binary }],
    mtimeSeconds,
  )
  const image = assembleImage(base, layer, bootstrapInImage, mtimeSeconds)

  const target = await sessions.targetClient()
  const baseClient = await sessions.baseRegistry()
  const repository = repo.repository
  const counts = { total: base.manifest.layers.length + 1, pushed: 0, mounted: 0, present: 0 }
  let bytesPushed = 0
  for (const descriptor of base.manifest.layers) {
    const outcome = await ensureBlob(target, repository, descriptor, {
      kind: 'base',
      client: baseClient,
      repository: sessions.settings.base.repository,
    })
    counts[outcome] += 1
    if (outcome === 'pushed') bytesPushed += descriptor.size
  }
  const ours = await ensureBlob(target, repository, image.layerDescriptor, {
    kind: 'buffer',
    data: layer.blob,
  })
  counts[ours] += 1
  if (ours === 'pushed') bytesPushed += layer.size
  const config = await ensureBlob(target, repository, image.configDescriptor, {
    kind: 'buffer',
    data: image.config,
  })
  if (config === 'pushed') bytesPushed += image.config.length

  const bootstrapPath = await readBackBootstrap(
    target,
    repository,
    layer.digest,
    bootstrapInImage,
    job.outDir,
  )
  const baseSize = base.manifest.layers.reduce((sum, l) => sum + l.size, base.manifest.config.size)
  deps.info(
    `${job.bin}: image ${image.digest} (${image.size} bytes, base ${baseSize}); layers: ${counts.pushed} pushed, ${counts.mounted} mounted, ${counts.present} already present`,
  )
  return {
    bin: job.bin,
    registry: repo.registry,
    repository,
    tag: job.tag,
    uri: imageUri(repo, image.digest),
    digest: image.digest,
    manifest: image.manifest,
    manifestMediaType: image.manifestMediaType,
    size: image.size,
    baseSize,
    base: `${base.name.replace(/@sha256:[a-f0-9]+$/, '')}@${base.digest}`,
    layers: counts,
    bytesPushed,
    bootstrapInImage,
    bootstrapPath,
    ms: deps.now() - started,
  }
}

/** GETs our layer back from the repository, checks its digest, and writes `bootstrap` from it. */
async function readBackBootstrap(
  target: RegistryClient,
  repository: string,
  digest: string,
  bootstrapInImage: string,
  outDir: string,
): Promise<string> {
  const step = `read back layer ${digest}`
  const blob = await target.getBuffer({
    step,
    repository,
    url: `/v2/${repository}/blobs/${digest}`,
    scopes: [repositoryScope(repository, false)],
    ok: [200],
  })
  if (sha256Digest(blob) !== digest)
    target.fail({ step, repository }, 'the layer read back does not match its digest.')
  const file = await readLayerFile(blob, bootstrapInImage)
  if (file === undefined)
    target.fail({ step, repository }, `the layer holds no ${bootstrapInImage}.`)
  await fs.promises.mkdir(outDir, { recursive: true })
  const out = path.join(outDir, 'bootstrap')
  await fs.promises.rm(out, { force: true })
  await fs.promises.writeFile(out, file.content, { mode: file.mode })
  await fs.promises.chmod(out, file.mode)
  return out
}

/**
 * Puts the manifest under its tag (or its digest), unless the repository already has this very
 * manifest there: a second run of the same build puts nothing.
 */
export async function putManifest(
  sessions: RegistrySessions,
  image: PreparedImage,
  deps: Pick<RegistryDeps, 'now'>,
): Promise<PushedImage> {
  const started = deps.now()
  const target = await sessions.targetClient()
  const { repository, digest } = image
  const reference = image.tag ?? digest
  const scopes = [repositoryScope(repository, true)]
  const head = await target.send({
    step: `check manifest ${reference}`,
    repository,
    method: 'HEAD',
    url: `/v2/${repository}/manifests/${reference}`,
    headers: { accept: MANIFEST_ACCEPT },
    scopes,
    ok: [200, 404],
  })
  await head.response.readBody()
  const current = headerOf(head.headers, 'docker-content-digest')
  if (head.status === 200 && current === digest) {
    return { ...image, manifestPut: false, ms: image.ms + deps.now() - started }
  }
  const step = `put manifest ${reference}`
  const put = await target.send({
    step,
    repository,
    method: 'PUT',
    url: `/v2/${repository}/manifests/${reference}`,
    headers: { 'content-type': image.manifestMediaType },
    body: image.manifest,
    scopes,
    ok: [201],
    fix: image.tag ? 'If the repository has immutable tags, give a new image-tag.' : undefined,
  })
  await put.response.readBody()
  const stored = headerOf(put.headers, 'docker-content-digest')
  if (stored !== undefined && stored !== digest) {
    target.fail({ step, repository }, `the registry stored it as ${stored}, not ${digest}.`)
  }
  return {
    ...image,
    manifestPut: true,
    bytesPushed: image.bytesPushed + image.manifest.length,
    ms: image.ms + deps.now() - started,
  }
}
