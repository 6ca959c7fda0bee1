/**
 * `package-type: image`: every function binary becomes an image in `image-repository`. Two steps,
 * so the smoke test sits between them: `pushImages` pushes the blobs and reads each `bootstrap`
 * back from its pushed layer (what the smoke test runs); `tagImages` then puts the manifests.
 * Extensions stay zips: an image holds one function.
 */
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'
import type { ContainerImageConfig } from '../../types.js'
import { sourceDateSeconds } from '../../package/zip.js'
import type { Artifact, ArtifactImage } from '../../types.js'
import { prepareImage, putManifest, type PreparedImage } from './push.js'
import { defaultDeps, RegistrySessions, type RegistryDeps } from './sessions.js'

export interface ImagePush {
  /** The artifacts, functions with their (not yet tagged) image. */
  readonly artifacts: Artifact[]
  /** Puts every manifest; returns the artifacts with `manifestPut` known. */
  tag(): Promise<Artifact[]>
}

/** Pure: the tag of each function's image: `image-tag`, plus `-<bin>` when there are several. */
export function imageTags(
  tag: string | undefined,
  bins: readonly string[],
): Map<string, string | undefined> {
  return new Map(
    bins.map((bin) => [
      bin,
      tag === undefined || bins.length === 1 ? tag : `${tag}-${bin}`.slice(0, 128),
    ]),
  )
}

export async function pushImages(
  image: ContainerImageConfig,
  artifacts: readonly Artifact[],
  deps: RegistryDeps = defaultDeps(),
  env: Record<string, string | undefined> = process.env,
): Promise<ImagePush> {
  const sessions = new RegistrySessions(
    {
      base: image.base,
      repository: image.repository,
      credentials: image.credentials,
      mtimeSeconds: sourceDateSeconds(env.SOURCE_DATE_EPOCH),
    },
    deps,
  )
  const functions = artifacts.filter((a) => a.kind === 'function')
  const tags = imageTags(
    image.tag,
    functions.map((a) => a.bin),
  )
  const outRoot = path.join(env.RUNNER_TEMP || os.tmpdir(), 'rust-lambda-action', 'images')
  const prepared = new Map<string, PreparedImage>()
  await core.group(
    `Push images to ${image.repository.registry}/${image.repository.repository}`,
    async () => {
      // One function after the other: they share the base layers, which the first one pushes.
      for (const a of functions) {
        prepared.set(
          a.bin,
          await prepareImage(
            sessions,
            {
              bin: a.bin,
              binaryPath: a.binaryPath,
              architecture: a.architecture,
              tag: tags.get(a.bin),
              outDir: path.join(outRoot, a.bin),
            },
            deps,
          ),
        )
      }
    },
  )
  const withImages = (put: Map<string, boolean>): Artifact[] =>
    artifacts.map((a) => {
      const p = prepared.get(a.bin)
      return p === undefined ? a : { ...a, image: artifactImage(p, put.get(a.bin)) }
    })
  return {
    artifacts: withImages(new Map()),
    tag: async () => {
      const put = new Map<string, boolean>()
      for (const [bin, p] of prepared) {
        const pushed = await putManifest(sessions, p, deps)
        prepared.set(bin, pushed)
        put.set(bin, pushed.manifestPut)
        deps.info(
          `${bin}: ${pushed.manifestPut ? 'put' : 'already had'} manifest ${pushed.tag ?? pushed.digest} -> ${pushed.uri}`,
        )
      }
      return withImages(put)
    },
  }
}

function artifactImage(p: PreparedImage, manifestPut: boolean | undefined): ArtifactImage {
  return {
    uri: p.uri,
    digest: p.digest,
    tag: p.tag,
    size: p.size,
    baseSize: p.baseSize,
    base: p.base,
    layers: p.layers,
    bytesPushed: p.bytesPushed,
    pushMs: p.ms,
    manifestPut,
    bootstrapPath: p.bootstrapPath,
  }
}
