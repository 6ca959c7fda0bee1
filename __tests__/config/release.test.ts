import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config/index.js'
import { parseEnvironment } from '../../src/config/release.js'
import { Inputs } from '../../src/constants.js'
import { InputError } from '../../src/errors.js'

type InputName = (typeof Inputs)[keyof typeof Inputs]
let workspace: string

beforeAll(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rla-release-config-')))
  fs.writeFileSync(path.join(workspace, 'Cargo.toml'), '[package]\nname = "x"\nversion = "0.1.0"\n')
  fs.writeFileSync(path.join(workspace, 'verify.json'), '{"name":"from a file"}')
})

function config(inputs: Partial<Record<InputName, string>> = {}) {
  return readConfig((name) => inputs[name as InputName] ?? '', { GITHUB_WORKSPACE: workspace })
}

function inputErrorOf(inputs: Partial<Record<InputName, string>>): InputError {
  try {
    config(inputs)
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return e as InputError
  }
  throw new Error(`no error for ${JSON.stringify(inputs)}`)
}

describe('safe-release inputs', () => {
  it('default to no verification, the whole traffic, no promotion, no creation, no configuration', () => {
    const d = config({ 'function-name': 'fn' }).deploy
    expect(d).toMatchObject({
      verify: undefined,
      aliasWeight: 1,
      promote: false,
      create: undefined,
      configuration: {},
    })
  })

  it('read the verification event inline or from a file, and the expected response', () => {
    const inline = config({ 'function-name': 'fn', alias: 'live', 'verify-event': '{"a":1}' })
    expect(inline.deploy?.verify).toEqual({ event: '{"a":1}', response: undefined })
    const file = config({
      'function-name': 'fn',
      alias: 'live',
      'verify-event': 'verify.json',
      'verify-response': 'Hello',
    })
    expect(file.deploy?.verify).toEqual({ event: '{"name":"from a file"}', response: 'Hello' })
  })

  it('refuse a verification without a published version, and a response without an event', () => {
    expect(inputErrorOf({ 'function-name': 'fn', 'verify-event': '{}' }).message).toContain(
      "'publish' is false",
    )
    expect(
      inputErrorOf({ 'function-name': 'fn', alias: 'live', 'verify-response': 'ok' }).message,
    ).toContain("set 'verify-event' too")
    expect(
      inputErrorOf({ 'function-name': 'fn', alias: 'live', 'verify-event': '{nope' }).input,
    ).toBe('verify-event')
  })

  it('take an alias weight above 0 and up to 1, with an alias', () => {
    expect(
      config({ 'function-name': 'fn', alias: 'live', 'alias-weight': '0.1' }).deploy?.aliasWeight,
    ).toBe(0.1)
    for (const bad of ['0', '1.5', '-0.1', 'ten', '10%']) {
      expect(
        inputErrorOf({ 'function-name': 'fn', alias: 'live', 'alias-weight': bad }).input,
      ).toBe('alias-weight')
    }
    expect(inputErrorOf({ 'function-name': 'fn', 'alias-weight': '0.5' }).message).toContain(
      "set 'alias'",
    )
  })

  it('promote needs an alias, and no weight or creation beside it', () => {
    expect(config({ 'function-name': 'fn', alias: 'live', promote: 'true' }).deploy?.promote).toBe(
      true,
    )
    expect(inputErrorOf({ 'function-name': 'fn', promote: 'true' }).message).toContain(
      "set 'alias'",
    )
    expect(
      inputErrorOf({ 'function-name': 'fn', alias: 'live', promote: 'true', 'alias-weight': '0.2' })
        .message,
    ).toContain('alias-weight')
  })

  it('create-function without role-arn is one error naming both inputs, before anything runs', () => {
    const e = inputErrorOf({ 'function-name': 'fn', 'create-function': 'true' })
    expect(e.input).toBe('create-function')
    expect(e.message).toContain("'create-function'")
    expect(e.message).toContain("'role-arn'")
  })

  it('create-function takes the settings given, and 128 MB / 30 s when they are not', () => {
    const role = 'arn:aws:iam::123456789012:role/service/fn-role'
    const d = config({
      'function-name': 'fn',
      'create-function': 'true',
      'role-arn': role,
      runtime: 'provided.al2',
    }).deploy
    expect(d?.create).toEqual({
      roleArn: role,
      runtime: 'provided.al2',
      memorySize: 128,
      timeout: 30,
    })
    expect(d?.configuration).toEqual({})
    const sized = config({
      'function-name': 'fn',
      'create-function': 'true',
      'role-arn': role,
      'memory-size': '512',
      timeout: '10',
    }).deploy
    expect(sized?.create).toMatchObject({ memorySize: 512, timeout: 10 })
    expect(sized?.configuration).toEqual({ memorySize: 512, timeout: 10 })
    expect(inputErrorOf({ 'function-name': 'fn', 'role-arn': role }).input).toBe('role-arn')
    expect(
      inputErrorOf({ 'function-name': 'fn', 'create-function': 'true', 'role-arn': 'my-role' })
        .input,
    ).toBe('role-arn')
  })

  it('check memory, timeout and description against Lambda limits', () => {
    expect(inputErrorOf({ 'function-name': 'fn', 'memory-size': '64' }).input).toBe('memory-size')
    expect(inputErrorOf({ 'function-name': 'fn', 'memory-size': '10241' }).input).toBe(
      'memory-size',
    )
    expect(inputErrorOf({ 'function-name': 'fn', timeout: '901' }).input).toBe('timeout')
    expect(inputErrorOf({ 'function-name': 'fn', description: 'x'.repeat(257) }).input).toBe(
      'description',
    )
  })

  it('are refused without a function to deploy', () => {
    for (const [name, value] of [
      ['verify-event', '{}'],
      ['memory-size', '256'],
      ['environment', 'A=b'],
      ['create-function', 'true'],
      ['promote', 'true'],
    ] as const) {
      expect(inputErrorOf({ [name]: value }).message).toContain('only applies when deploying')
    }
  })
})

describe('environment', () => {
  const SECRET = 'hunter2-very-distinctive-value'

  it('reads KEY=VALUE lines (values may hold = and be empty) and masks every value of 4+ characters', () => {
    const masked: string[] = []
    const env = parseEnvironment(
      `# comment\nDATABASE_URL=postgres://u:p@h/db?x=1\n\nFLAG=on\nEMPTY=\nTOKEN=${SECRET}\n`,
      'merge',
      (v) => masked.push(v),
    )
    expect(env).toEqual({
      mode: 'merge',
      variables: { DATABASE_URL: 'postgres://u:p@h/db?x=1', FLAG: 'on', EMPTY: '', TOKEN: SECRET },
    })
    expect(masked).toEqual(['postgres://u:p@h/db?x=1', SECRET])
  })

  it('errors name the key or the line, never the value', () => {
    const cases = [
      `TOKEN=${SECRET}\nTOKEN=${SECRET}`,
      `AWS_REGION=${SECRET}`,
      `1BAD=${SECRET}`,
      SECRET,
      `BIG=${SECRET.repeat(200)}`,
    ]
    for (const text of cases) {
      let message = ''
      try {
        parseEnvironment(text, 'merge')
      } catch (e) {
        expect(e).toBeInstanceOf(InputError)
        message = (e as Error).message
      }
      expect(message, text).not.toBe('')
      expect(message).not.toContain(SECRET)
      expect(message).toContain("Input 'environment'")
    }
  })

  it('replace without any line is refused; merge without any is nothing asked', () => {
    expect(parseEnvironment('', 'merge')).toBeUndefined()
    expect(() => parseEnvironment('', 'replace')).toThrow(/environment-mode/)
    expect(
      config({ 'function-name': 'fn', environment: 'AB=bcde', 'environment-mode': 'replace' })
        .deploy?.configuration.environment,
    ).toEqual({
      variables: { AB: 'bcde' },
      mode: 'replace',
    })
  })
})
