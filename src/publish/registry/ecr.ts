/**
 * Amazon ECR logins: `GetAuthorizationToken` gives a base64 `AWS:<password>` pair valid for 12 hours
 * and the registry's endpoint (`proxyEndpoint`), which is where the registry API is then called.
 */
import { GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr'
import { RegistryError } from '../../errors.js'
import type { EcrRegistry } from '../../util/image-reference.js'
import type { Credentials } from './auth.js'

export interface EcrLogin {
  readonly credentials: Credentials
  /** The registry API's base URL, as ECR hands it out. */
  readonly origin: string
}

export const ECR_CREDENTIALS_FIX =
  'The AWS credentials need ecr:GetAuthorizationToken, and on the repository ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage and ecr:BatchGetImage (set them up with aws-actions/configure-aws-credentials before this step).'

export async function ecrLogin(
  client: ECRClient,
  registry: string,
  repository: string,
  ecr: EcrRegistry,
  setSecret: (secret: string) => void,
): Promise<EcrLogin> {
  const step = 'get an authorization token (ecr:GetAuthorizationToken)'
  let data
  try {
    const out = await client.send(new GetAuthorizationTokenCommand({ registryIds: [ecr.account] }))
    data = out.authorizationData?.[0]
  } catch (e) {
    const name = e instanceof Error ? e.name : 'Error'
    const message = e instanceof Error ? e.message : String(e)
    throw new RegistryError(registry, repository, step, `${name}: ${message}.`, ECR_CREDENTIALS_FIX)
  }
  const token = data?.authorizationToken
  if (token === undefined) {
    throw new RegistryError(registry, repository, step, 'the answer holds no authorizationToken.')
  }
  setSecret(token)
  const decoded = Buffer.from(token, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0)
    throw new RegistryError(registry, repository, step, 'the token is not a user:password pair.')
  const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
  setSecret(credentials.password)
  const origin = (data?.proxyEndpoint ?? `https://${registry}`).replace(/\/+$/, '')
  return { credentials, origin }
}
