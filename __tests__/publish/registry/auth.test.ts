import { describe, expect, it } from 'vitest'
import {
  parseChallenge,
  registryErrorText,
  tokenFrom,
  tokenUrl,
} from '../../../src/publish/registry/auth.js'

describe('parseChallenge', () => {
  it('reads a Basic challenge (htpasswd registries, Amazon ECR)', () => {
    expect(parseChallenge('Basic realm="basic-realm"')).toEqual({
      scheme: 'basic',
      realm: 'basic-realm',
    })
  })
  it('reads a Bearer challenge and builds the token URL with one scope per repository', () => {
    const c = parseChallenge(
      'Bearer realm="https://public.ecr.aws/token/",service="public.ecr.aws",scope="aws"',
    )
    expect(c).toEqual({
      scheme: 'bearer',
      realm: 'https://public.ecr.aws/token/',
      service: 'public.ecr.aws',
      scope: 'aws',
    })
    if (c?.scheme !== 'bearer') throw new Error('not bearer')
    expect(tokenUrl(c, ['repository:app:pull,push', 'repository:lambda/provided:pull'])).toBe(
      'https://public.ecr.aws/token/?service=public.ecr.aws&scope=repository%3Aapp%3Apull%2Cpush&scope=repository%3Alambda%2Fprovided%3Apull',
    )
  })
  it('ignores what it cannot use', () => {
    expect(parseChallenge(undefined)).toBeUndefined()
    expect(parseChallenge('Negotiate abc')).toBeUndefined()
    expect(parseChallenge('Bearer service="x"')).toBeUndefined()
  })
})

describe('tokenFrom and registryErrorText', () => {
  it('takes token or access_token', () => {
    expect(tokenFrom('{"token":"t1"}')).toBe('t1')
    expect(tokenFrom('{"access_token":"t2"}')).toBe('t2')
    expect(tokenFrom('nope')).toBeUndefined()
  })
  it("summarises a registry's error body", () => {
    expect(
      registryErrorText(
        404,
        '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}',
      ),
    ).toBe('HTTP 404 NAME_UNKNOWN: repository name not known to registry')
    expect(registryErrorText(502, '<html> bad gateway </html>')).toBe(
      'HTTP 502: <html> bad gateway </html>',
    )
    expect(registryErrorText(500, '')).toBe('HTTP 500')
  })
})
