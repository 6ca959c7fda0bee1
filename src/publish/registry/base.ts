/**
 * The base image of `base-image` for one architecture: its manifest (picked from its index when it
 * has one) and config, fetched and checked against their digests.
 */
import { sha256Digest } from '../../package/image/layer.js'
import {
  isIndex,
  MANIFEST_ACCEPT,
  MediaType,
  pickPlatform,
  PlatformArchitecture,
  type BaseImage,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
} from '../../package/image/oci.js'
import type { ImageReference } from '../../util/image-reference.js'
import { repositoryScope } from './auth.js'
import { readAll, type RegistryClient } from './client.js'

export type Architecture = keyof typeof PlatformArchitecture

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
