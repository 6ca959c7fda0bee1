/**
 * Pure: registry authentication as the distribution spec describes it. A 401 carries a
 * `WWW-Authenticate` challenge: `Basic realm="..."` (htpasswd registries, Amazon ECR) wants the
 * username and password on every request; `Bearer realm="...",service="...",scope="..."` wants a
 * token from `realm`, asked for with `service` and one `scope` per repository and action, sent
 * with the username and password as Basic credentials when there are any (anonymous otherwise).
 */

export interface Credentials {
  readonly username: string
  readonly password: string
}

export type Challenge =
  | { readonly scheme: 'basic'; readonly realm?: string | undefined }
  | {
      readonly scheme: 'bearer'
      readonly realm: string
      readonly service?: string | undefined
      readonly scope?: string | undefined
    }

/** Parses a `WWW-Authenticate` header; undefined when it is missing or of an unknown scheme. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (header === undefined) return undefined
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header)
  if (!m) return undefined
  const scheme = (m[1] as string).toLowerCase()
  const params: Record<string, string> = {}
  for (const p of (m[2] as string).matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[(p[1] as string).toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1')
  }
  if (scheme === 'basic') return { scheme: 'basic', realm: params.realm }
  if (scheme === 'bearer' && params.realm) {
    return { scheme: 'bearer', realm: params.realm, service: params.service, scope: params.scope }
  }
  return undefined
}

/** The token endpoint URL for a Bearer challenge and the scopes a request needs. */
export function tokenUrl(
  challenge: Extract<Challenge, { scheme: 'bearer' }>,
  scopes: readonly string[],
): string {
  const url = new URL(challenge.realm)
  if (challenge.service !== undefined) url.searchParams.set('service', challenge.service)
  for (const scope of scopes) url.searchParams.append('scope', scope)
  return url.toString()
}

/** The token in a token endpoint's answer (`token`, or OAuth2's `access_token`). */
export function tokenFrom(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as { token?: unknown; access_token?: unknown }
    const token = json.token ?? json.access_token
    return typeof token === 'string' && token !== '' ? token : undefined
  } catch {
    return undefined
  }
}

export function basicHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
}

/** `repository:<name>:pull` / `repository:<name>:pull,push`. */
export function repositoryScope(repository: string, push: boolean): string {
  return `repository:${repository}:${push ? 'pull,push' : 'pull'}`
}

/** The error code and message of a registry's JSON error body, else the start of the body. */
export function registryErrorText(status: number, body: string): string {
  try {
    const json = JSON.parse(body) as { errors?: { code?: string; message?: string }[] }
    const first = json.errors?.[0]
    if (first)
      return `HTTP ${status} ${first.code ?? ''}${first.message ? `: ${first.message}` : ''}`.trim()
  } catch {
    // not JSON: fall through
  }
  const text = body.trim().replace(/\s+/g, ' ').slice(0, 200)
  return text ? `HTTP ${status}: ${text}` : `HTTP ${status}`
}
