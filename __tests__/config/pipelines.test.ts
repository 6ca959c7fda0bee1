/** The inputs of issue 12: cargo-args with $VAR, from-artifacts, cache-on-failure, shared-key. */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config/index.js'
import { Inputs } from '../../src/constants.js'
import { InputError } from '../../src/errors.js'

type InputName = (typeof Inputs)[keyof typeof Inputs]

let workspace: string
beforeAll(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rla-pipelines-')))
  fs.writeFileSync(path.join(workspace, 'Cargo.toml'), '[package]\nname = "x"\nversion = "0.1.0"\n')
  fs.mkdirSync(path.join(workspace, 'dist', 'hello-arm64'), { recursive: true })
  fs.mkdirSync(path.join(workspace, 'deploy-only'))
})

function config(
  inputs: Partial<Record<InputName, string>>,
  env: Record<string, string | undefined> = {},
) {
  return readConfig((name) => inputs[name as InputName] ?? '', {
    GITHUB_WORKSPACE: workspace,
    ...env,
  })
}

function errorOf(inputs: Partial<Record<InputName, string>>, env = {}): InputError {
  try {
    config(inputs, env)
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return e as InputError
  }
  throw new Error(`no error for ${JSON.stringify(inputs)}`)
}

describe('cargo-args expands $VAR and ${VAR} as a shell would', () => {
  it('expands from the environment, inside double quotes too, not inside single quotes', () => {
    const c = config(
      { 'cargo-args': `--target-dir $RUNNER_TEMP/t --config "env.A=\${HOME_X}" '$LITERAL'` },
      { RUNNER_TEMP: '/runner/_temp', HOME_X: 'a b' },
    )
    expect(c.cargoArgs).toEqual([
      '--target-dir',
      '/runner/_temp/t',
      '--config',
      'env.A=a b',
      '$LITERAL',
    ])
  })

  it('fails naming the input and every variable that is not set, instead of an empty value', () => {
    const e = errorOf({ 'cargo-args': '--target-dir $NOPE_DIR/t --x ${ALSO_NOPE}' })
    expect(e.input).toBe('cargo-args')
    expect(e.message).toContain('$NOPE_DIR, $ALSO_NOPE')
    expect(e.message).toContain('not set')
    expect(e.message).toContain('${{ runner.temp }}')
  })

  it('keeps a variable set to the empty string empty (it is set)', () => {
    expect(config({ 'cargo-args': '--a "$E"' }, { E: '' }).cargoArgs).toEqual(['--a', ''])
  })
})

describe('cache-on-failure and shared-key', () => {
  it('reads both', () => {
    const c = config({ 'cache-on-failure': 'true', 'shared-key': 'workspace' })
    expect(c.cache.onFailure).toBe(true)
    expect(c.cache.sharedKey).toBe('workspace')
  })
  it('refuses a cache-on-failure that is not a boolean', () => {
    expect(errorOf({ 'cache-on-failure': 'yes' }).input).toBe('cache-on-failure')
  })
})

describe('from-artifacts', () => {
  const record = {
    bin: 'hello',
    kind: 'function',
    architecture: 'arm64',
    target: 'aarch64-unknown-linux-gnu.2.34',
    zipPath: '/elsewhere/target/lambda/hello/bootstrap.zip',
    binaryPath: '/elsewhere/target/lambda/hello/bootstrap',
    sha256: 'A'.repeat(64),
    codeSha256: 'x',
  }

  it('takes the artifacts output of an earlier step as records', () => {
    const c = config({ 'from-artifacts': JSON.stringify([record]) })
    expect(c.fromArtifacts).toEqual({
      kind: 'records',
      records: [
        {
          bin: 'hello',
          kind: 'function',
          architecture: 'arm64',
          target: 'aarch64-unknown-linux-gnu.2.34',
          zipPath: '/elsewhere/target/lambda/hello/bootstrap.zip',
          sha256: 'a'.repeat(64),
        },
      ],
    })
  })

  it('takes a folder, relative to the workspace, and needs no Cargo project', () => {
    const c = config({ 'from-artifacts': 'dist', 'working-directory': 'deploy-only' })
    expect(c.fromArtifacts).toEqual({ kind: 'folder', path: path.join(workspace, 'dist') })
    expect(c.workingDirectory).toBe(path.join(workspace, 'deploy-only'))
  })

  it('uploads nothing by default in deploy-only mode', () => {
    expect(config({ 'from-artifacts': 'dist' }).artifact.upload).toBe(false)
    expect(config({ 'from-artifacts': 'dist', 'upload-artifact': 'true' }).artifact.upload).toBe(
      true,
    )
  })

  it.each([
    ['a missing folder', 'nowhere', /neither the JSON .* nor an existing folder/],
    ['broken JSON', '[{"bin":', /is not valid JSON/],
    ['an empty list', '[]', /at least one zip/],
    ['an object', '{"bin":"x"}', /JSON array/],
    ['no zipPath', JSON.stringify([{ ...record, zipPath: undefined }]), /entry 1 has no 'zipPath'/],
    [
      'a bad architecture',
      JSON.stringify([{ ...record, architecture: 'arm' }]),
      /architecture 'arm'; expected arm64 or x86_64/,
    ],
    ['a bad sha256', JSON.stringify([{ ...record, sha256: 'abc' }]), /sha256 that is not 64/],
  ])('refuses %s, naming from-artifacts', (_what, value, message) => {
    const e = errorOf({ 'from-artifacts': value })
    expect(e.input).toBe('from-artifacts')
    expect(e.message).toMatch(message)
  })
})
