import { describe, expect, it } from 'vitest'
import {
  ecrRegistry,
  imageUri,
  parseImageReference,
  sanitizeTag,
} from '../../src/util/image-reference.js'

describe('parseImageReference', () => {
  it('reads the AWS OS-only base image', () => {
    expect(parseImageReference('public.ecr.aws/lambda/provided:al2023')).toEqual({
      registry: 'public.ecr.aws',
      origin: 'https://public.ecr.aws',
      repository: 'lambda/provided',
      tag: 'al2023',
    })
  })

  it('reads an ECR repository and knows its account and region', () => {
    const ref = parseImageReference('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app')
    expect(ref).toEqual({
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      origin: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      repository: 'team/app',
    })
    expect(ecrRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toEqual({
      account: '123456789012',
      region: 'eu-west-1',
    })
    expect(ecrRegistry('ghcr.io')).toBeUndefined()
  })

  it('takes http:// for a registry without TLS, with a port, a tag and a digest', () => {
    const digest = `sha256:${'a'.repeat(64)}`
    expect(parseImageReference(`http://127.0.0.1:5000/lambda/provided:al2023@${digest}`)).toEqual({
      registry: '127.0.0.1:5000',
      origin: 'http://127.0.0.1:5000',
      repository: 'lambda/provided',
      tag: 'al2023',
      digest,
    })
  })

  it("expands Docker Hub's short names", () => {
    expect(parseImageReference('alpine:3')).toEqual({
      registry: 'docker.io',
      origin: 'https://registry-1.docker.io',
      repository: 'library/alpine',
      tag: '3',
    })
  })

  it('says what is wrong with a bad reference', () => {
    expect(parseImageReference('Public.ecr.aws/Lambda/Provided')).toMatch(
      /^has repository 'Lambda\/Provided'/,
    )
    expect(parseImageReference('repo@sha256:abc')).toMatch(/^has digest 'sha256:abc'/)
    expect(parseImageReference('http://app')).toMatch(/names no registry/)
    expect(parseImageReference('')).toMatch(/is not an image reference/)
  })
})

describe('imageUri and sanitizeTag', () => {
  it('addresses the image by digest, without a scheme', () => {
    const digest = `sha256:${'b'.repeat(64)}`
    expect(imageUri({ registry: '1.dkr', repository: 'app' }, digest)).toBe(`1.dkr/app@${digest}`)
  })
  it('makes a tag from a ref name', () => {
    expect(sanitizeTag('refs/heads/feature/x')).toBe('refs-heads-feature-x')
    expect(sanitizeTag('.hidden')).toBe('hidden')
  })
})
