/** The layer plan: names, regions and uploads decided from the inputs and the built zips, before any call. */
import { describe, expect, it } from 'vitest'
import { DeployError, InputError } from '../../src/errors.js'
import { planLayers } from '../../src/publish/layer-plan.js'
import { planDeploy } from '../../src/publish/plan.js'
import type { Artifact, DeployConfig, LayersConfig } from '../../src/types.js'
import { deployConfig } from '../../test/support/deploy-config.js'

function artifact(bin: string, kind: Artifact['kind'], over: Partial<Artifact> = {}): Artifact {
  return {
    bin,
    kind,
    architecture: 'x86_64',
    target: 'x86_64-unknown-linux-gnu.2.34',
    zipPath: `/z/${bin}.zip`,
    binaryPath: `/z/${bin}`,
    binarySize: 100,
    zipSize: 100,
    unzippedSize: 100,
    sha256: 'ab'.repeat(32),
    codeSha256: 'q'.repeat(43) + '=',
    ...over,
  }
}

const env = { AWS_REGION: 'us-east-1' }
function plan(
  artifacts: Artifact[],
  layers: Partial<LayersConfig>,
  over: Partial<DeployConfig> = {},
): ReturnType<typeof planLayers> {
  const deploy = deployConfig({
    layers: { name: undefined, mappings: [], attach: false, ...layers },
    ...over,
  })
  return planLayers(deploy, 'provided.al2023', artifacts, planDeploy(deploy, artifacts, env), env)
}

const workspace = [
  artifact('greet', 'function'),
  artifact('count', 'function'),
  artifact('audit', 'extension'),
]
const functions = [
  { binary: 'greet', function: 'greet-fn' },
  { binary: 'count', function: 'count-fn' },
]

describe('planLayers', () => {
  it("publishes each extension to a layer of its own name by default, in the functions' region", () => {
    const p = plan(workspace, { attach: true }, { functions })
    expect(
      p.targets.map((t) => [t.extension, t.layer, t.region, t.architecture, t.runtime]),
    ).toEqual([['audit', 'audit', 'us-east-1', 'x86_64', 'provided.al2023']])
    expect(p.targets[0]?.upload).toEqual({ kind: 'inline' })
    expect(p.attach).toBe(true)
  })

  it('one layer-name names the only extension; lines map several, the rest keep their name', () => {
    expect(plan(workspace, { name: 'audit-layer' }).targets[0]?.layer).toBe('audit-layer')
    const two = [...workspace, artifact('trace', 'extension')]
    const p = plan(two, { mappings: [{ extension: 'trace', layer: 'tracing' }] })
    expect(p.targets.map((t) => `${t.extension}=${t.layer}`)).toEqual([
      'audit=audit',
      'trace=tracing',
    ])
    expect(() => plan(two, { name: 'one' })).toThrow(InputError)
    expect(() => plan(two, { name: 'one' })).toThrow(/2 extensions \(audit, trace\)/)
  })

  it('refuses a mapping of an extension that was not built, and two extensions on one layer', () => {
    expect(() => plan(workspace, { mappings: [{ extension: 'audti', layer: 'x' }] })).toThrow(
      /'audti', which is not a built extension \(built extensions: audit\)/,
    )
    const two = [...workspace, artifact('trace', 'extension')]
    expect(() => plan(two, { mappings: [{ extension: 'trace', layer: 'audit' }] })).toThrow(
      /both 'audit' and 'trace' to the layer 'audit'/,
    )
  })

  it('goes through S3 with s3-bucket, under a content-addressed key', () => {
    const p = plan(workspace, {}, { functions, s3Bucket: 'deploy-bucket', s3KeyPrefix: 'ci' })
    expect(p.targets[0]?.upload).toEqual({
      kind: 's3',
      bucket: 'deploy-bucket',
      key: `ci/layers/audit/${'ab'.repeat(32)}.zip`,
    })
  })

  it('with attach-layers, refuses an extension whose architecture is not that of the functions', () => {
    const mixed = [
      artifact('greet', 'function', { architecture: 'arm64' }),
      artifact('audit', 'extension'),
    ]
    const attempt = (): unknown =>
      plan(mixed, { attach: true }, { functions: [{ binary: 'greet', function: 'greet-fn' }] })
    expect(attempt).toThrow(DeployError)
    expect(attempt).toThrow(
      /holds an x86_64 extension, but function 'greet-fn' gets an arm64 binary/,
    )
  })

  it('publishes in every region the functions are in', () => {
    const p = plan(
      workspace,
      {},
      {
        functions: [
          { binary: 'greet', function: 'arn:aws:lambda:eu-west-1:123456789012:function:greet' },
          { binary: 'count', function: 'count-fn' },
        ],
      },
    )
    expect(p.targets.map((t) => t.region)).toEqual(['eu-west-1', 'us-east-1'])
  })

  it('has nothing to do without extensions', () => {
    expect(plan([artifact('greet', 'function')], {}, { functionName: 'greet-fn' }).targets).toEqual(
      [],
    )
    expect(() => plan([artifact('greet', 'function')], { name: 'x' })).toThrow(/no extension/)
  })
})
