/** The registry clients of one run, and the seams of the image push (`deps`). */
import * as core from '@actions/core'
import { ECRClient } from '@aws-sdk/client-ecr'
import type { HttpClient } from '@actions/http-client'
import type { BaseImage } from '../../package/image/oci.js'
import { ecrRegistry, type ImageReference } from '../../util/image-reference.js'
import type { Credentials } from './auth.js'
import { resolveBase, type Architecture } from './base.js'
import { makeHttpClient, RegistryClient } from './client.js'
import { ECR_CREDENTIALS_FIX, ecrLogin } from './ecr.js'

export type { Architecture } from './base.js'

export interface ImageSettings {
  /** `base-image`, parsed. */
  readonly base: ImageReference
  /** `image-repository`, parsed (no tag, no digest). */
  readonly repository: ImageReference
  /** `registry-username` / `registry-password` (not used for Amazon ECR, which logs in itself). */
  readonly credentials: Credentials | undefined
  /** The time every layer entry and the config carry (SOURCE_DATE_EPOCH or 1980-01-01). */
  readonly mtimeSeconds: number
}
export interface RegistryDeps {
  readonly http: () => HttpClient
  readonly ecrClient: (region: string) => ECRClient
  readonly setSecret: (secret: string) => void
  readonly info: (line: string) => void
  readonly now: () => number
}

export function defaultDeps(overrides: Partial<RegistryDeps> = {}): RegistryDeps {
  return {
    http: makeHttpClient,
    ecrClient: (region) => new ECRClient({ region, customUserAgent: 'rust-lambda-action' }),
    setSecret: (secret) => core.setSecret(secret),
    info: (line) => core.info(line),
    now: () => Date.now(),
    ...overrides,
  }
}

const INPUT_CREDENTIALS_FIX = 'Check registry-username and registry-password.'

/** The registry clients of one run: one per registry origin, shared by every image. */
export class RegistrySessions {
  private target: Promise<RegistryClient> | undefined
  private readonly bases = new Map<string, Promise<BaseImage>>()
  private baseClient: RegistryClient | undefined

  constructor(
    readonly settings: ImageSettings,
    private readonly deps: RegistryDeps,
  ) {}

  /** The client of `image-repository`'s registry (an ECR login first for Amazon ECR). */
  targetClient(): Promise<RegistryClient> {
    this.target ??= this.connectTarget()
    return this.target
  }

  private async connectTarget(): Promise<RegistryClient> {
    const repo = this.settings.repository
    const ecr = ecrRegistry(repo.registry)
    if (ecr !== undefined && this.settings.credentials === undefined) {
      const login = await ecrLogin(
        this.deps.ecrClient(ecr.region),
        repo.registry,
        repo.repository,
        ecr,
        this.deps.setSecret,
      )
      return new RegistryClient(
        {
          registry: repo.registry,
          origin: login.origin,
          credentials: login.credentials,
          credentialsFix: ECR_CREDENTIALS_FIX,
        },
        this.deps.http(),
      )
    }
    return new RegistryClient(
      {
        registry: repo.registry,
        origin: repo.origin,
        credentials: this.settings.credentials,
        credentialsFix: INPUT_CREDENTIALS_FIX,
      },
      this.deps.http(),
    )
  }

  /** The client for the base's registry: the target's when both are one registry, else anonymous. */
  async baseRegistry(): Promise<RegistryClient> {
    const target = await this.targetClient()
    if (sameRegistry(target, this.settings.base)) return target
    this.baseClient ??= new RegistryClient(
      {
        registry: this.settings.base.registry,
        origin: this.settings.base.origin,
        credentials: undefined,
        credentialsFix:
          'The base image is pulled anonymously: name a public base-image, or push the base to the image-repository registry.',
      },
      this.deps.http(),
    )
    return this.baseClient
  }

  /** The base image for one architecture (fetched once per run). */
  base(architecture: Architecture): Promise<BaseImage> {
    let base = this.bases.get(architecture)
    if (base === undefined) {
      base = this.baseRegistry().then((client) =>
        resolveBase(client, this.settings.base, architecture),
      )
      this.bases.set(architecture, base)
    }
    return base
  }
}

function sameRegistry(client: RegistryClient, ref: ImageReference): boolean {
  return client.endpoint.origin === ref.origin || client.endpoint.registry === ref.registry
}
