/** The layer inputs: `layer-name` (one name or `extension=layer` lines) and `attach-layers`. */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config/index.js'
import { Inputs } from '../src/constants.js'
import { InputError } from '../src/errors.js'

let workspace: string
beforeAll(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rla-config-layers-')))
  fs.writeFileSync(path.join(workspace, 'Cargo.toml'), '[package]\nname = "x"\nversion = "0.1.0"\n')
})

type InputName = (typeof Inputs)[keyof typeof Inputs]
const config = (inputs: Partial<Record<InputName, string>>) =>
  readConfig((name) => inputs[name as InputName] ?? '', { GITHUB_WORKSPACE: workspace })

function errorOf(inputs: Partial<Record<InputName, string>>): InputError {
  try {
    config(inputs)
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return e as InputError
  }
  throw new Error('expected an InputError')
}

describe('layer-name and attach-layers', () => {
  it('default to no name (the extension names its layer) and no attaching', () => {
    expect(config({ 'function-name': 'api' }).deploy?.layers).toEqual({
      name: undefined,
      mappings: [],
      attach: false,
    })
  })

  it('take one name, or extension=layer lines (comments and blank lines skipped)', () => {
    expect(
      config({ 'function-name': 'api', 'layer-name': 'audit-layer' }).deploy?.layers.name,
    ).toBe('audit-layer')
    const c = config({
      functions: 'api=api-fn',
      'layer-name': '# extensions\naudit = audit-layer\n\ntrace=tracing',
      'attach-layers': 'true',
    })
    expect(c.deploy?.layers).toEqual({
      name: undefined,
      mappings: [
        { extension: 'audit', layer: 'audit-layer' },
        { extension: 'trace', layer: 'tracing' },
      ],
      attach: true,
    })
  })

  it('a layer name alone is a deploy: an extension-only project publishes its layer', () => {
    const c = config({ 'layer-name': 'audit', extension: 'true' })
    expect(c.deploy?.functions).toEqual([])
    expect(c.deploy?.layers.name).toBe('audit')
    expect(c.artifact.upload).toBe(false)
  })

  it('refuse names Lambda refuses, ARNs, and mappings that clash', () => {
    expect(errorOf({ 'function-name': 'api', 'layer-name': 'audit.layer' }).message).toContain(
      "Input 'layer-name'",
    )
    expect(
      errorOf({
        'function-name': 'api',
        'layer-name': 'arn:aws:lambda:us-east-1:123456789012:layer:audit',
      }).message,
    ).toContain('not an ARN')
    expect(errorOf({ 'function-name': 'api', 'layer-name': 'a=x\na=y' }).message).toContain(
      "names the extension 'a' twice",
    )
    expect(errorOf({ 'function-name': 'api', 'layer-name': 'a=x\nb=x' }).message).toContain(
      "publishes both 'a' and 'b' to the layer 'x'",
    )
    expect(errorOf({ 'function-name': 'api', 'layer-name': '=x' }).message).toContain(
      "'extension=layer'",
    )
  })

  it('attach-layers needs functions to attach to, and is a strict boolean', () => {
    expect(errorOf({ 'attach-layers': 'true' }).message).toContain(
      "set 'function-name' or 'functions'",
    )
    expect(errorOf({ 'layer-name': 'audit', 'attach-layers': 'true' }).message).toContain(
      "Input 'attach-layers'",
    )
    expect(errorOf({ 'function-name': 'api', 'attach-layers': 'yes' }).message).toContain(
      'expected true or false',
    )
  })
})
