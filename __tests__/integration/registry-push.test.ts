/**
 * The image engine against a real registry (Debian's docker-registry on 127.0.0.1, htpasswd, no
 * TLS), checked with an independent client (skopeo, GNU tar). No Rust is compiled: the "binary" is
 * a file of random bytes, which is all the image code looks at. It starts real servers and clients
 * (docker-registry, skopeo) for every case: an integration test.
 */
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ECRClient } from '@aws-sdk/client-ecr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegistryError } from '../../src/errors.js'
import { parseImageReference, type ImageReference } from '../../src/util/image-reference.js'
import { prepareImage, putManifest, type PushedImage } from '../../src/publish/registry/push.js'
import {
  defaultDeps,
  RegistrySessions,
  type ImageSettings,
} from '../../src/publish/registry/sessions.js'
import { startEcrEmulator, type EcrEmulator } from '../../test/support/ecr-emulator.js'
import {
  listLayer,
  pushFakeBase,
  skopeoCopyToLayout,
  skopeoInspect,
} from '../../test/support/oci-base.js'
import {
  registryAvailable,
  startRegistry,
  type LocalRegistry,
} from '../../test/support/registry.js'

const ref = (text: string): ImageReference => {
  const r = parseImageReference(text)
  if (typeof r === 'string') throw new Error(r)
  return r
}

const quiet = defaultDeps({ info: () => undefined, setSecret: () => undefined })

describe.runIf(registryAvailable())('image push to a real registry', () => {
  let registry: LocalRegistry
  let other: LocalRegistry
  let work: string
  let binary: Buffer
  let binaryPath: string

  beforeAll(async () => {
    ;[registry, other] = await Promise.all([startRegistry(), startRegistry()])
    await pushFakeBase(registry.host, `${registry.username}:${registry.password}`)
    work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rla-push-'))
    binary = randomBytes(300_000)
    binaryPath = path.join(work, 'bootstrap')
    await fs.promises.writeFile(binaryPath, binary, { mode: 0o700 })
  })
  afterAll(async () => {
    await Promise.all([registry?.stop(), other?.stop()])
    if (work) await fs.promises.rm(work, { recursive: true, force: true })
  })

  const settings = (over: Partial<ImageSettings> = {}): ImageSettings => ({
    base: ref(`http://${registry.host}/lambda/provided:al2023`),
    repository: ref(`http://${registry.host}/hello`),
    credentials: { username: registry.username, password: registry.password },
    mtimeSeconds: 315_532_800,
    ...over,
  })

  const push = async (s: ImageSettings, tag = 'abc123', bin = 'hello'): Promise<PushedImage> => {
    const sessions = new RegistrySessions(s, quiet)
    const prepared = await prepareImage(
      sessions,
      { bin, binaryPath, architecture: 'arm64', tag, outDir: path.join(work, 'out', bin) },
      quiet,
    )
    return putManifest(sessions, prepared, quiet)
  }

  it('pushes a linux/arm64 image with bootstrap 0755 in the base runtime dir; a second run sends nothing', async () => {
    const creds = `${registry.username}:${registry.password}`
    const before = registry.requests.length
    const first = await push(settings())
    const firstRequests = registry.requests.slice(before)
    expect(first.layers).toEqual({ total: 3, pushed: 1, mounted: 2, present: 0 })
    expect(first.manifestPut).toBe(true)
    expect(first.uri).toBe(`${registry.host}/hello@${first.digest}`)

    // The independent client reads what was pushed.
    const inspect = (await skopeoInspect(`${registry.host}/hello:abc123`, creds)) as Record<
      string,
      unknown
    >
    expect(inspect.Digest).toBe(first.digest)
    expect(inspect.Architecture).toBe('arm64')
    expect(inspect.Os).toBe('linux')
    expect(inspect.Layers).toHaveLength(3)
    const config = (await skopeoInspect(`${registry.host}/hello:abc123`, creds, 'config')) as {
      config: { Entrypoint: string[]; Cmd: string[]; WorkingDir: string }
      rootfs: { diff_ids: string[] }
    }
    expect(config.config.Entrypoint).toEqual(['/lambda-entrypoint.sh'])
    expect(config.config.Cmd).toEqual(['bootstrap'])
    expect(config.config.WorkingDir).toBe('/var/task')
    const blob = await skopeoCopyToLayout(
      `${registry.host}/hello:abc123`,
      creds,
      path.join(work, 'layout'),
    )
    const layers = inspect.Layers as string[]
    const ours = blob(layers[2] as string)
    expect(listLayer(ours)).toEqual([
      expect.stringMatching(/^drwxr-xr-x 0\/0 +0 1980-01-01 00:00 var\/$/),
      expect.stringMatching(/^drwxr-xr-x 0\/0 +0 1980-01-01 00:00 var\/runtime\/$/),
      expect.stringMatching(/^-rwxr-xr-x 0\/0 +300000 1980-01-01 00:00 var\/runtime\/bootstrap$/),
    ])
    // The base's arm64 layer came along, not the amd64 one.
    expect(listLayer(blob(layers[1] as string)).join('\n')).toContain('etc/platform')
    // What the smoke test runs is the bootstrap read back from the pushed layer, byte for byte.
    expect(first.bootstrapPath).not.toBe(binaryPath)
    expect(await fs.promises.readFile(first.bootstrapPath)).toEqual(binary)
    expect((await fs.promises.stat(first.bootstrapPath)).mode & 0o777).toBe(0o755)
    expect(
      firstRequests.filter((r) => r.method === 'PUT' && /\/manifests\//.test(r.path)),
    ).toHaveLength(1)

    const mark = registry.requests.length
    const second = await push(settings())
    const secondRequests = registry.requests.slice(mark)
    expect(second.digest).toBe(first.digest)
    expect(second.layers).toEqual({ total: 3, pushed: 0, mounted: 0, present: 3 })
    expect(second.manifestPut).toBe(false)
    expect(second.bytesPushed).toBe(0)
    expect(
      secondRequests.filter(
        (r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH',
      ),
    ).toEqual([])
  })

  it('gives the same digest for the same binary, and another for another SOURCE_DATE_EPOCH', async () => {
    const a = await push(settings(), 'same-1')
    const b = await push(settings(), 'same-2')
    expect(b.digest).toBe(a.digest)
    const c = await push(settings({ mtimeSeconds: 1_700_000_000 }), 'later')
    expect(c.digest).not.toBe(a.digest)
  })

  it('streams base layers from the base registry when the target is another registry', async () => {
    const open = await startRegistry({ auth: false })
    try {
      await pushFakeBase(open.host, 'anyone:anything')
      const s = settings({
        base: ref(`http://${open.host}/lambda/provided:al2023`),
        repository: ref(`http://${other.host}/app`),
        credentials: { username: other.username, password: other.password },
      })
      const before = other.blobBytesIn()
      const pushed = await push(s)
      expect(pushed.layers).toEqual({ total: 3, pushed: 3, mounted: 0, present: 0 })
      // What the counting proxy saw arrive is what the push says it sent (blobs; the manifest apart).
      expect(other.blobBytesIn() - before).toBe(pushed.bytesPushed - pushed.manifest.length)
      expect(open.count('GET', /\/blobs\/sha256:/)).toBe(3) // two base layers and the config
      const creds = `${other.username}:${other.password}`
      expect(
        ((await skopeoInspect(`${other.host}/app:abc123`, creds)) as { Digest: string }).Digest,
      ).toBe(pushed.digest)
    } finally {
      await open.stop()
    }
  })

  it('fails naming the base registry when the base is private to another registry', async () => {
    const s = settings({
      repository: ref(`http://${other.host}/app2`),
      credentials: { username: other.username, password: other.password },
    })
    await expect(push(s)).rejects.toThrow(
      new RegExp(
        `^Registry ${registry.host.replace(/\./g, '\\.')}, repository lambda/provided: fetch base manifest .* failed: the registry asks for a username and password and none was given\\. The base image is pulled anonymously`,
      ),
    )
  })

  it('fails with one message naming the registry when the credentials are wrong', async () => {
    const err = await push(
      settings({ credentials: { username: registry.username, password: 'wrong' } }),
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegistryError)
    expect((err as Error).message).toMatch(
      new RegExp(
        `^Registry ${registry.host.replace(/\./g, '\\.')}, repository lambda/provided: fetch base manifest .* failed: HTTP 401 UNAUTHORIZED.*Check registry-username and registry-password\\.$`,
      ),
    )
    expect((err as Error).message).not.toContain('wrong')
  })

  it('fails naming the repository when the registry does not have it', async () => {
    registry.faults.push({
      path: /^\/v2\/missing\//,
      status: 404,
      code: 'NAME_UNKNOWN',
      message:
        "The repository with name 'missing' does not exist in the registry with id '123456789012'",
    })
    try {
      await expect(
        push(settings({ repository: ref(`http://${registry.host}/missing`) })),
      ).rejects.toThrow(
        /^Registry 127\.0\.0\.1:\d+, repository missing: mount blob sha256:[0-9a-f]{64} from lambda\/provided failed: HTTP 404 NAME_UNKNOWN: The repository with name 'missing' does not exist.*Check image-repository: the repository must exist/,
      )
    } finally {
      registry.faults.length = 0
    }
  })

  it('fails naming the base registry when it cannot be reached', async () => {
    await expect(
      push(settings({ base: ref('http://127.0.0.1:9/lambda/provided:al2023') })),
    ).rejects.toThrow(
      /^Registry 127\.0\.0\.1:9, repository lambda\/provided: fetch base manifest 127\.0\.0\.1:9\/lambda\/provided:al2023 failed: could not reach 127\.0\.0\.1:9: .*ECONNREFUSED/,
    )
  })

  describe('Amazon ECR', () => {
    let ecrRegistry: LocalRegistry
    let ecr: EcrEmulator
    beforeAll(async () => {
      ecrRegistry = await startRegistry({ username: 'AWS', password: 'ecr-token-password' })
      ecr = await startEcrEmulator({
        proxyEndpoint: ecrRegistry.url,
        password: 'ecr-token-password',
      })
    })
    afterAll(async () => {
      await Promise.all([ecr?.stop(), ecrRegistry?.stop()])
    })

    const ecrDeps = (secrets: string[]) =>
      defaultDeps({
        info: () => undefined,
        setSecret: (s) => secrets.push(s),
        ecrClient: (region) =>
          new ECRClient({
            region,
            endpoint: ecr.url,
            credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
          }),
      })

    it('logs in with GetAuthorizationToken at the proxyEndpoint it names, and masks the token', async () => {
      // The base lives in the ECR registry itself, so its layers are mounted.
      await pushFakeBase(ecrRegistry.host, 'AWS:ecr-token-password', 'lambda/provided', 'al2023')
      const secrets: string[] = []
      const deps = ecrDeps(secrets)
      const s: ImageSettings = {
        base: ref(`http://${ecrRegistry.host}/lambda/provided:al2023`),
        repository: ref('123456789012.dkr.ecr.us-east-1.amazonaws.com/hello'),
        credentials: undefined,
        mtimeSeconds: 315_532_800,
      }
      const sessions = new RegistrySessions(s, deps)
      const prepared = await prepareImage(
        sessions,
        {
          bin: 'hello',
          binaryPath,
          architecture: 'x86_64',
          tag: undefined,
          outDir: path.join(work, 'ecr'),
        },
        deps,
      )
      const pushed = await putManifest(sessions, prepared, deps)
      expect(ecr.calls).toEqual([
        {
          target: 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
          registryIds: ['123456789012'],
        },
      ])
      expect(secrets).toContain('ecr-token-password')
      expect(pushed.uri).toBe(`123456789012.dkr.ecr.us-east-1.amazonaws.com/hello@${pushed.digest}`)
      expect(pushed.layers).toEqual({ total: 3, pushed: 1, mounted: 2, present: 0 })
      const inspect = (await skopeoInspect(
        `${ecrRegistry.host}/hello@${pushed.digest}`,
        'AWS:ecr-token-password',
      )) as {
        Architecture: string
      }
      expect(inspect.Architecture).toBe('amd64')
    })

    it('names the registry and the permission when GetAuthorizationToken is denied', async () => {
      ecr.deny =
        'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken'
      try {
        const s: ImageSettings = {
          base: ref(`http://${ecrRegistry.host}/lambda/provided:al2023`),
          repository: ref('123456789012.dkr.ecr.us-east-1.amazonaws.com/hello'),
          credentials: undefined,
          mtimeSeconds: 315_532_800,
        }
        const deps = ecrDeps([])
        const sessions = new RegistrySessions(s, deps)
        await expect(
          prepareImage(
            sessions,
            {
              bin: 'hello',
              binaryPath,
              architecture: 'arm64',
              tag: undefined,
              outDir: path.join(work, 'ecr2'),
            },
            deps,
          ),
        ).rejects.toThrow(
          /^Registry 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com, repository hello: get an authorization token \(ecr:GetAuthorizationToken\) failed: AccessDeniedException: .*The AWS credentials need ecr:GetAuthorizationToken/,
        )
      } finally {
        ecr.deny = undefined
      }
    })
  })
})
