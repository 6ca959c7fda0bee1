/** One blob into the repository, with the least work the distribution API allows: HEAD, mount, upload. */
import type { Descriptor } from '../../package/image/oci.js'
import { repositoryScope } from './auth.js'
import type { RegistryClient } from './client.js'

export type BlobSource =
  | { readonly kind: 'buffer'; readonly data: Buffer }
  | { readonly kind: 'base'; readonly client: RegistryClient; readonly repository: string }

export type BlobOutcome = 'present' | 'mounted' | 'pushed'
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

export function headerOf(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}
