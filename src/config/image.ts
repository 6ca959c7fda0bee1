/** The container-image inputs (`package-type: image`). */
import * as core from '@actions/core'
import { Inputs, RuntimeBaseImage } from '../constants.js'
import { InputError } from '../errors.js'
import type { ContainerImageConfig, DeployConfig, ImageReference, Runtime } from '../types.js'
import { parseImageReference, sanitizeTag } from '../util/image-reference.js'
import { oneOf } from './parsers.js'

const IMAGE_INPUTS = [
  Inputs.BaseImage,
  Inputs.ImageRepository,
  Inputs.ImageTag,
  Inputs.RegistryUsername,
  Inputs.RegistryPassword,
] as const

export function parseImage(
  input: (name: string) => string,
  runtime: Runtime,
  deploy: DeployConfig | undefined,
  env: { readonly GITHUB_SHA?: string | undefined },
): ContainerImageConfig | undefined {
  const packageType = oneOf(Inputs.PackageType, input(Inputs.PackageType), [
    'zip',
    'image',
  ] as const)
  const password = input(Inputs.RegistryPassword)
  if (password !== '') core.setSecret(password)
  if (packageType === 'zip') {
    for (const name of IMAGE_INPUTS) {
      if (input(name) !== '') {
        // The password is never echoed back.
        const value = name === Inputs.RegistryPassword ? '' : input(name)
        throw new InputError(name, value, `only applies with 'package-type: image'.`)
      }
    }
    return undefined
  }
  const reference = (name: string, text: string): ImageReference => {
    const ref = parseImageReference(text)
    if (typeof ref === 'string') throw new InputError(name, text, ref)
    return ref
  }
  const repositoryText = input(Inputs.ImageRepository)
  if (repositoryText === '') {
    throw new InputError(
      Inputs.ImageRepository,
      '',
      `is required with 'package-type: image': an Amazon ECR repository URI (<account>.dkr.ecr.<region>.amazonaws.com/<name>) or another registry's repository.`,
    )
  }
  const repository = reference(Inputs.ImageRepository, repositoryText)
  if (repository.tag !== undefined || repository.digest !== undefined) {
    throw new InputError(
      Inputs.ImageRepository,
      repositoryText,
      `names a repository only: give the tag with 'image-tag' (the image is deployed by digest).`,
    )
  }
  if (deploy?.s3Bucket !== undefined) {
    throw new InputError(
      Inputs.S3Bucket,
      deploy.s3Bucket,
      `uploads zips; with 'package-type: image' the code goes to 'image-repository'. Remove one of them.`,
    )
  }
  const username = input(Inputs.RegistryUsername)
  if ((username === '') !== (password === '')) {
    throw new InputError(
      username === '' ? Inputs.RegistryUsername : Inputs.RegistryPassword,
      '',
      `is needed too: give both 'registry-username' and 'registry-password', or neither (Amazon ECR logs in with ecr:GetAuthorizationToken).`,
    )
  }
  const tagText = input(Inputs.ImageTag)
  const tag = tagText !== '' ? tagText : env.GITHUB_SHA ? sanitizeTag(env.GITHUB_SHA) : undefined
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) {
    throw new InputError(
      Inputs.ImageTag,
      tagText,
      `is not a valid tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.`,
    )
  }
  return {
    base: reference(Inputs.BaseImage, input(Inputs.BaseImage) || RuntimeBaseImage[runtime]),
    repository,
    tag,
    credentials: username === '' ? undefined : { username, password },
  }
}
