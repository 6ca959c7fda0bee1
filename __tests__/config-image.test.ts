/** The container-image inputs (`package-type: image`), read and validated by readConfig. */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config/index.js'
import { InputError } from '../src/errors.js'
import { imageProblem } from '../src/publish/plan.js'

let workspace: string
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app'

beforeAll(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rla-config-image-')))
  fs.writeFileSync(path.join(workspace, 'Cargo.toml'), '[package]\nname = "x"\nversion = "0.1.0"\n')
})

const config = (inputs: Record<string, string>, sha?: string) =>
  readConfig((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: workspace, GITHUB_SHA: sha })

function errorOf(inputs: Record<string, string>): InputError {
  try {
    config(inputs)
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return e as InputError
  }
  throw new Error(`no error for ${JSON.stringify(inputs)}`)
}

describe('package-type: image', () => {
  it('defaults the base to the AWS OS-only image of the runtime and the tag to the commit', () => {
    const c = config({ 'package-type': 'image', 'image-repository': REPO }, 'a'.repeat(40))
    expect(c.image).toMatchObject({
      base: { registry: 'public.ecr.aws', repository: 'lambda/provided', tag: 'al2023' },
      repository: { registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com', repository: 'app' },
      tag: 'a'.repeat(40),
      credentials: undefined,
    })
    const al2 = config({
      'package-type': 'image',
      'image-repository': REPO,
      runtime: 'provided.al2',
    })
    expect(al2.image?.base.tag).toBe('al2')
    expect(al2.image?.tag).toBeUndefined()
  })

  it('zip (the default) has no image, and refuses the image inputs', () => {
    expect(config({}).image).toBeUndefined()
    const e = errorOf({ 'image-repository': REPO })
    expect(e.message).toBe(
      `Input 'image-repository' is '${REPO}': only applies with 'package-type: image'.`,
    )
    // The password is never echoed back.
    expect(errorOf({ 'registry-password': 'hunter2' }).message).not.toContain('hunter2')
  })

  it('needs image-repository, a repository without tag, and both credentials or neither', () => {
    expect(errorOf({ 'package-type': 'image' }).message).toMatch(
      /^Input 'image-repository' is empty: is required/,
    )
    expect(errorOf({ 'package-type': 'image', 'image-repository': `${REPO}:v1` }).message).toMatch(
      /names a repository only/,
    )
    expect(
      errorOf({ 'package-type': 'image', 'image-repository': REPO, 'registry-username': 'me' })
        .input,
    ).toBe('registry-password')
    expect(errorOf({ 'package-type': 'images' }).input).toBe('package-type')
    expect(
      errorOf({ 'package-type': 'image', 'image-repository': REPO, 'base-image': 'Bad/Name' })
        .input,
    ).toBe('base-image')
  })

  it('refuses s3-bucket with images', () => {
    const e = errorOf({
      'package-type': 'image',
      'image-repository': REPO,
      'function-name': 'f',
      's3-bucket': 'my-bucket',
    })
    expect(e.input).toBe('s3-bucket')
  })
})

describe('imageProblem', () => {
  it('accepts an ECR image in the function region only', () => {
    expect(imageProblem(`${REPO}@sha256:${'a'.repeat(64)}`, 'us-east-1')).toBeUndefined()
    expect(imageProblem(`${REPO}@sha256:${'a'.repeat(64)}`, 'eu-west-1')).toMatch(
      /in us-east-1 but the function is in eu-west-1/,
    )
    expect(imageProblem(`ghcr.io/org/app@sha256:${'a'.repeat(64)}`, 'us-east-1')).toMatch(
      /Amazon ECR only/,
    )
  })
})
