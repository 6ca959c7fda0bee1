/**
 * `package-type: image` end to end through the bundled action (dist/), run as the runner runs it:
 * the real cargo-lambda and Zig build examples/hello for arm64, the image is pushed to a real
 * registry (Debian's docker-registry on 127.0.0.1, htpasswd, no TLS) standing in for Amazon ECR:
 * the ECR emulator's GetAuthorizationToken answers `AWS:<password>` and a proxyEndpoint pointing
 * at it. The base is a small fake of the AWS OS-only base (an index of arm64 + amd64) in a second
 * repository of that registry. skopeo and GNU tar check the pushed image independently; the Lambda
 * emulator checks that the ImageUri it is given exists in the registry.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  copyProject,
  repoRoot,
  type RunnerDirs,
  type StepResult,
} from '../../test/support/harness.js'
import { startEcrEmulator, type EcrEmulator } from '../../test/support/ecr-emulator.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import {
  listLayer,
  pushFakeBase,
  skopeoCopyToLayout,
  skopeoInspect,
} from '../../test/support/oci-base.js'
import { startRegistry, type LocalRegistry } from '../../test/support/registry.js'
import { prepareReleases, type PreparedReleases } from '../../test/support/releases.js'
import {
  BUILD_TIMEOUT_MS,
  prepareSharedRunner,
  runSharedBuild,
  sharedRunnerDirs,
} from '../../test/support/shared-runner.js'
import { readZip } from '../../test/support/unzip.js'

const hello = path.join(repoRoot, 'examples', 'hello')

const PASSWORD = 'ecr-token-password-for-tests'
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/hello'
const SECRET = 'image-test-secret-access-key'
let root: string
let dirs: RunnerDirs
let mirror: Mirror
let releases: PreparedReleases
let registry: LocalRegistry
let ecr: EcrEmulator
let lambda: LambdaEmulator

// On the shared warm runner (test/support/shared-runner.ts): the first run to start may be the
// suite's cold arm64 build of examples/hello, hence the bound.
describe('package-type: image through the bundled action', { timeout: BUILD_TIMEOUT_MS }, () => {
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-image-it-'))
    releases = await prepareReleases(path.join(root, 'mirror'))
    mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 4 * BUILD_TIMEOUT_MS })
    await prepareSharedRunner(releases.inputs(mirror.url))
    registry = await startRegistry({
      username: 'AWS',
      password: PASSWORD,
      lifetimeMs: 4 * BUILD_TIMEOUT_MS,
    })
    await pushFakeBase(registry.host, `AWS:${PASSWORD}`)
    ecr = await startEcrEmulator({
      proxyEndpoint: registry.url,
      password: PASSWORD,
      lifetimeMs: 4 * BUILD_TIMEOUT_MS,
    })
    lambda = await startLambdaEmulator({
      updateMs: 200,
      lifetimeMs: 4 * BUILD_TIMEOUT_MS,
      imageRegistry: { url: registry.url, username: 'AWS', password: PASSWORD },
    })
    lambda.addFunction({
      name: 'hello-img',
      packageType: 'Image',
      imageUri: `${REPO}@sha256:${'0'.repeat(64)}`,
      architecture: 'arm64',
    })
    lambda.addFunction({ name: 'hello-zip', architecture: 'arm64' })
    dirs = sharedRunnerDirs(path.join(root, 'runner'))
    copyProject(hello, dirs.workspace)
  }, BUILD_TIMEOUT_MS)

  afterAll(async () => {
    await Promise.all([lambda?.close(), mirror?.close(), ecr?.stop(), registry?.stop()])
    if (root) fs.rmSync(root, { recursive: true, force: true })
  })

  const run = (inputs: Record<string, string>, runner: RunnerDirs = dirs): Promise<StepResult> =>
    runSharedBuild(hello, {
      dirs: runner,
      inputs: {
        ...releases.inputs(mirror.url),
        architecture: 'arm64',
        'rust-toolchain': 'debian',
        cache: 'false',
        // No artifact storage here: the runs without a function would otherwise upload the zip.
        'upload-artifact': 'false',
        'package-type': 'image',
        'base-image': `http://${registry.host}/lambda/provided:al2023`,
        'image-repository': REPO,
        'image-tag': 'abc123',
        'function-name': 'hello-img',
        alias: 'live',
        ...inputs,
      },
      env: {
        AWS_ENDPOINT_URL_LAMBDA: lambda.url,
        AWS_ENDPOINT_URL_ECR: ecr.url,
        AWS_ACCESS_KEY_ID: 'AKIAIMAGETEST',
        AWS_SECRET_ACCESS_KEY: SECRET,
        AWS_REGION: lambda.region,
        AWS_CONFIG_FILE: path.join(root, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      timeoutMs: BUILD_TIMEOUT_MS - 30_000,
    })

  const explain = (r: StepResult): string => `exit ${r.exitCode}\n${r.log.slice(-5000)}`
  const writes = (): number =>
    registry.requests.filter((q) => q.method !== 'GET' && q.method !== 'HEAD').length

  it('pushes an arm64 image skopeo reads, smoke-tests its layer, and deploys it by digest', async () => {
    const r = await run({})
    expect(r.exitCode, explain(r)).toBe(0)
    const digest = r.outputs['image-digest'] ?? ''
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(r.outputs['image-uri']).toBe(`${REPO}@${digest}`)
    const fn = lambda.fn('hello-img')
    expect(fn.imageUri).toBe(`${REPO}@${digest}`)
    expect(fn.aliases.get('live')?.functionVersion).toBe('1')
    expect(JSON.parse(r.outputs.deployments ?? '{}')).toMatchObject({
      'hello-img': { result: 'updated', version: '1', imageUri: `${REPO}@${digest}` },
    })
    expect(JSON.parse(r.outputs['smoke-result'] ?? '{}')).toMatchObject({
      hello: { status: 'passed' },
    })
    expect(ecr.calls).toHaveLength(1)

    // skopeo: platform, entrypoint/command, layers.
    const creds = `AWS:${PASSWORD}`
    const inspect = (await skopeoInspect(`${registry.host}/hello:abc123`, creds)) as {
      Digest: string
      Architecture: string
      Os: string
      Layers: string[]
    }
    expect(inspect).toMatchObject({ Digest: digest, Architecture: 'arm64', Os: 'linux' })
    const config = (await skopeoInspect(`${registry.host}/hello:abc123`, creds, 'config')) as {
      config: { Entrypoint: string[]; Cmd: string[] }
    }
    expect(config.config.Entrypoint).toEqual(['/lambda-entrypoint.sh'])
    expect(config.config.Cmd).toEqual(['bootstrap'])
    // One layer of ours on the base's two: bootstrap 0755 root-owned, byte-identical to the zip's.
    expect(inspect.Layers).toHaveLength(3)
    const blob = await skopeoCopyToLayout(
      `${registry.host}/hello:abc123`,
      creds,
      path.join(root, 'layout'),
    )
    const ours = blob(inspect.Layers[2] as string)
    expect(listLayer(ours).at(-1)).toMatch(
      /^-rwxr-xr-x 0\/0 +\d+ 1980-01-01 00:00 var\/runtime\/bootstrap$/,
    )
    const fromLayer = execFileSync('tar', ['-xzOf', '-', 'var/runtime/bootstrap'], {
      input: ours,
      maxBuffer: 64 << 20,
    })
    const artifacts = JSON.parse(r.outputs.artifacts ?? '[]') as {
      zipPath: string
      image: {
        size: number
        baseSize: number
        bytesPushed: number
        pushMs: number
        layers: unknown
      }
    }[]
    const zipBootstrap = (await readZip(artifacts[0]?.zipPath ?? '')).find(
      (e) => e.name === 'bootstrap',
    )
    expect(zipBootstrap?.data.equals(fromLayer)).toBe(true)
    expect(r.summary).toContain('### Images')
    const image = artifacts[0]?.image
    // Figures for the closing note.
    console.log(
      `image figures: size ${image?.size} B vs base ${image?.baseSize} B; first run pushed ${image?.bytesPushed} B in ${image?.pushMs} ms; layers ${JSON.stringify(image?.layers)}`,
    )
    // The secret went to the runner's masking and nowhere else.
    expect(r.log.split('\n').filter((l) => l.includes(SECRET))).toEqual([`::add-mask::${SECRET}`])
    // The registry password from GetAuthorizationToken is masked too, and printed nowhere else.
    expect(r.log.split('\n').filter((l) => l.includes(PASSWORD))).toEqual([
      `::add-mask::${PASSWORD}`,
    ])
  })

  it('a second run of the same build uploads no blob, puts no manifest and makes no Lambda write', async () => {
    // Stands alone: its own first run (a push, or already unchanged after the test above).
    expect((await run({})).exitCode).toBe(0)
    const registryWrites = writes()
    const lambdaWrites = lambda.writes('hello-img')
    const r = await run({})
    expect(r.exitCode, explain(r)).toBe(0)
    expect(writes()).toBe(registryWrites)
    expect(lambda.writes('hello-img')).toBe(lambdaWrites)
    expect(r.outputs['deploy-result']).toBe('unchanged')
    const image = (
      JSON.parse(r.outputs.artifacts ?? '[]') as {
        image: { bytesPushed: number; pushMs: number }
      }[]
    )[0]?.image
    expect(image?.bytesPushed).toBe(0)
    console.log(`image figures: second run pushed ${image?.bytesPushed} B in ${image?.pushMs} ms`)
  })

  it('refuses a zip function given an image, before any Lambda write', async () => {
    const before = lambda.writes('hello-zip')
    const r = await run({ 'function-name': 'hello-zip', alias: '' })
    expect(r.exitCode).toBe(1)
    const errors = r.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toContain(
      "Function 'hello-zip' in us-east-1 is a .zip function (PackageType Zip)",
    )
    expect(lambda.writes('hello-zip')).toBe(before)
  })

  it('fails with one message naming the registry when the credentials are wrong, and deploys nothing', async () => {
    const before = lambda.writes('hello-img')
    const r = await run({
      'image-repository': `http://${registry.host}/hello`,
      'registry-username': 'AWS',
      'registry-password': 'not-the-password',
    })
    expect(r.exitCode).toBe(1)
    const errors = r.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(
      new RegExp(
        `^Registry ${registry.host.replace(/\./g, '\\.')}, repository lambda/provided: fetch base manifest .* failed: HTTP 401 UNAUTHORIZED.*Check registry-username and registry-password\\.`,
      ),
    )
    expect(lambda.writes('hello-img')).toBe(before)
    expect(r.log.split('\n').filter((l) => l.includes('not-the-password'))).toEqual([
      '::add-mask::not-the-password',
    ])
  })

  it('a rebuild in a fresh clone gives the same digest', async () => {
    const r1 = await run({ 'function-name': '', alias: '', 'image-tag': 'first' })
    expect(r1.exitCode, explain(r1)).toBe(0)
    const first = `${REPO}@${r1.outputs['image-digest']}`
    const fresh = sharedRunnerDirs(path.join(root, 'fresh'))
    copyProject(hello, fresh.workspace)
    const r = await run({ 'function-name': '', alias: '', 'image-tag': 'fresh' }, fresh)
    expect(r.exitCode, explain(r)).toBe(0)
    expect(`${REPO}@${r.outputs['image-digest']}`).toBe(first)
  })
})
