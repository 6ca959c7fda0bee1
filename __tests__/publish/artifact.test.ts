import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { artifactNames } from '../../src/package/names.js'

const a = (bin: string, architecture: 'arm64' | 'x86_64' = 'arm64') => ({
  bin,
  architecture,
  target: `${architecture === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-gnu.2.34`,
  kind: 'function' as const,
})

describe('artifact names', () => {
  it('fills {bin} {arch} {target} {kind}; the default keeps matrix legs apart', () => {
    expect(artifactNames('{bin}-{arch}', [a('api'), a('worker')])).toEqual([
      'api-arm64',
      'worker-arm64',
    ])
    expect(artifactNames('{bin}-{arch}', [a('api', 'x86_64')])).toEqual(['api-x86_64'])
    expect(artifactNames('lambda-{kind}-{bin}-{target}', [a('api')])).toEqual([
      'lambda-function-api-aarch64-unknown-linux-gnu.2.34',
    ])
  })

  it('refuses a template that gives two zips one name, or characters the service refuses', () => {
    expect(() => artifactNames('lambda-{arch}', [a('api'), a('worker')])).toThrow(InputError)
    expect(() => artifactNames('lambda-{arch}', [a('api'), a('worker')])).toThrow(
      `Input 'artifact-name' is 'lambda-{arch}': gives the same name 'lambda-arm64' to 'api' and 'worker': put {bin} in it.`,
    )
    expect(() => artifactNames('{bin}/{arch}', [a('api')])).toThrow(/may not contain "\/"/)
  })
})
