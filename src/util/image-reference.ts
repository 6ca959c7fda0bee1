/**
 * Pure: image references as users write them (`public.ecr.aws/lambda/provided:al2023`,
 * `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app`, `ghcr.io/org/app`), following the
 * distribution reference grammar. An `http://` prefix (not part of that grammar) names a registry
 * served without TLS, such as a local one; everything else is reached over HTTPS.
 */
import type { ImageReference } from '../types.js'

export type { ImageReference }

export interface EcrRegistry {
  readonly account: string
  readonly region: string
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^sha256:[a-f0-9]{64}$/
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?$|^\[[0-9a-fA-F:]+\](?::\d+)?$/
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/

/** Parses `text`; returns a sentence saying what is wrong instead when it is not a reference. */
export function parseImageReference(text: string): ImageReference | string {
  let rest = text.trim()
  let scheme = 'https'
  const schemeMatch = /^(https?):\/\//.exec(rest)
  if (schemeMatch) {
    scheme = schemeMatch[1] as string
    rest = rest.slice(schemeMatch[0].length)
  }
  if (rest === '')
    return 'is not an image reference: expected [registry/]repository[:tag][@sha256:digest].'
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest))
      return `has digest '${digest}': expected sha256: and 64 lowercase hex digits.`
  }
  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const colon = rest.lastIndexOf(':')
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag))
      return `has tag '${tag}': a tag is up to 128 letters, digits, '_', '.' and '-'.`
  }
  const parts = rest.split('/')
  let registry = 'docker.io'
  const first = parts[0] ?? ''
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first
    parts.shift()
  } else if (schemeMatch) {
    return `names no registry: after ${scheme}:// comes the registry host, then the repository.`
  }
  if (!HOST.test(registry)) return `has registry '${registry}', which is not a host name[:port].`
  if (registry === 'docker.io' || registry === 'index.docker.io') {
    registry = 'docker.io'
    if (parts.length === 1) parts.unshift('library')
  }
  const bad = parts.find((p) => !COMPONENT.test(p))
  if (bad !== undefined) {
    return `has repository '${parts.join('/')}': each part is lowercase letters and digits, separated by '.', '_', '__' or '-'.`
  }
  const apiHost = registry === 'docker.io' ? 'registry-1.docker.io' : registry
  return {
    registry,
    origin: `${scheme}://${apiHost}`,
    repository: parts.join('/'),
    ...(tag !== undefined && { tag }),
    ...(digest !== undefined && { digest }),
  }
}

/** The account and region of an Amazon ECR registry host, or undefined for any other registry. */
export function ecrRegistry(registry: string): EcrRegistry | undefined {
  const m = ECR_HOST.exec(registry)
  return m ? { account: m[1] as string, region: m[2] as string } : undefined
}

/** `registry/repository@sha256:...`: what Lambda's ImageUri takes (no scheme). */
export function imageUri(
  ref: Pick<ImageReference, 'registry' | 'repository'>,
  digest: string,
): string {
  return `${ref.registry}/${ref.repository}@${digest}`
}

/** A tag as Docker would accept it from free text (a git ref, a SHA): invalid characters become '-'. */
export function sanitizeTag(text: string): string {
  const cleaned = text.replace(/[^\w.-]/g, '-').replace(/^[.-]+/, '')
  return cleaned.slice(0, 128)
}
