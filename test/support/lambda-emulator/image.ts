/**
 * Container-image functions (PackageType Image): Lambda takes an Amazon ECR image URI in the
 * function's region, `<account>.dkr.ecr.<region>.amazonaws.com/<repository>(:tag|@sha256:…)`, and
 * reports the image digest's hex as CodeSha256 (CodeSize 0). The emulator takes digests only (it
 * resolves no tags), and when it knows a registry it checks that the image exists there.
 */
import * as http from 'node:http'
import { invalidParameter } from './errors.js'

const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9]+(?:[._/-][a-z0-9]+)*)@(sha256:[a-f0-9]{64})$/

export interface ImageUriParts {
  readonly account: string
  readonly region: string
  readonly repository: string
  readonly digest: string
}

export function parseImageUri(uri: string, region: string): ImageUriParts {
  const m = ECR_IMAGE.exec(uri)
  if (!m) {
    throw invalidParameter(
      `Source image ${uri} is not valid. Provide a valid source image (the emulator takes <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>).`,
    )
  }
  const parts = {
    account: m[1] as string,
    region: m[2] as string,
    repository: m[3] as string,
    digest: m[4] as string,
  }
  if (parts.region !== region) {
    throw invalidParameter(`Source image ${uri} must be in the function's region ${region}.`)
  }
  return parts
}

/** CodeSha256 of an image function: the digest's hex. */
export function imageDigestHex(uri: string): string {
  return uri.slice(uri.lastIndexOf('@sha256:') + '@sha256:'.length)
}

/** HEAD the manifest in the local registry; throws Lambda's error when it is missing. */
export async function checkImageExists(
  registry:
    { readonly url: string; readonly username: string; readonly password: string } | undefined,
  uri: string,
  parts: ImageUriParts,
): Promise<void> {
  if (registry === undefined) return
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      `${registry.url}/v2/${parts.repository}/manifests/${parts.digest}`,
      {
        method: 'HEAD',
        headers: {
          authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`,
          accept:
            'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
        },
      },
      (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      },
    )
    req.on('error', reject)
    req.end()
  })
  if (status !== 200) {
    throw invalidParameter(`Source image ${uri} does not exist. Provide a valid source image.`)
  }
}
