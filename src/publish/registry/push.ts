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
import { buildLayer, readLayerFile, sha256Digest } from '../../package/image/layer.js'
import { assembleImage, bootstrapPathFor, MANIFEST_ACCEPT } from '../../package/image/oci.js'
import { imageUri } from '../../util/image-reference.js'
import { repositoryScope } from './auth.js'
import { ensureBlob, headerOf } from './blobs.js'
import type { RegistryClient } from './client.js'
import type { Architecture, RegistryDeps, RegistrySessions } from './sessions.js'

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
