/** Uploads zips as workflow artifacts with @actions/artifact. */
import * as path from 'node:path'
import * as core from '@actions/core'
import pLimit from 'p-limit'
import { ActionError } from '../errors.js'
import { artifactNames } from '../package/names.js'
import type { Artifact, Config } from '../types.js'

export interface UploadReport {
  readonly name: string
  readonly bin?: string | undefined
  /** The zip this artifact holds: the key to its entry in the `artifacts` output. */
  readonly zipPath?: string | undefined
  readonly id?: number | undefined
  readonly size?: number | undefined
  readonly digest?: string | undefined
}

/** The seam: the part of @actions/artifact's client used here. */
export interface ArtifactUploader {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options: { retentionDays?: number; compressionLevel?: number },
  ): Promise<{ id?: number | undefined; size?: number | undefined; digest?: string | undefined }>
}

/** Zips uploaded at once: enough to hide the service's latency, few enough to be polite to it. */
export const UPLOAD_CONCURRENCY = 4

export interface UploadDeps {
  /** The artifact client; loaded only when uploading (it and the Azure SDK are large). */
  readonly uploader: () => Promise<ArtifactUploader>
  readonly concurrency: number
  readonly info: (line: string) => void
}

export function defaultDeps(overrides: Partial<UploadDeps> = {}): UploadDeps {
  return {
    uploader: async () => {
      const { DefaultArtifactClient } = await import('@actions/artifact')
      return new DefaultArtifactClient()
    },
    concurrency: UPLOAD_CONCURRENCY,
    info: (line) => core.info(line),
    ...overrides,
  }
}

/**
 * Uploads each zip as its own artifact, a few at a time. Every upload is tried; when some fail,
 * one error names each of them. The reports come back in the order of `artifacts`.
 */
export async function uploadArtifacts(
  config: Pick<Config, 'artifact'>,
  artifacts: readonly Artifact[],
  deps: UploadDeps = defaultDeps(),
): Promise<UploadReport[]> {
  if (artifacts.length === 0) return []
  const names = artifactNames(config.artifact.name, artifacts)
  const client = await deps.uploader()
  const options: { retentionDays?: number; compressionLevel: number } = {
    // The zip is already compressed: storing it again is faster and no bigger.
    compressionLevel: 0,
  }
  if (config.artifact.retentionDays !== undefined) {
    options.retentionDays = config.artifact.retentionDays
  }
  const limit = pLimit(deps.concurrency)
  return core.group(
    `Upload ${artifacts.length} artifact${artifacts.length === 1 ? '' : 's'}`,
    async () => {
      const settled = await Promise.allSettled(
        artifacts.map((a, i) =>
          limit(async (): Promise<UploadReport> => {
            const name = names[i] as string
            const r = await client.uploadArtifact(name, [a.zipPath], path.dirname(a.zipPath), {
              ...options,
            })
            deps.info(`${name}: ${path.basename(a.zipPath)} uploaded (artifact id ${r.id ?? '?'})`)
            return {
              name,
              bin: a.bin,
              zipPath: a.zipPath,
              id: r.id,
              size: r.size,
              digest: r.digest,
            }
          }),
        ),
      )
      const failures = settled.flatMap((r, i) =>
        r.status === 'rejected'
          ? [`'${names[i]}' (${artifacts[i]?.zipPath}): ${errorText(r.reason)}`]
          : [],
      )
      if (failures.length > 0) {
        const conflict = failures.some((f) => /already exists|conflict|\b409\b/i.test(f))
        throw new ActionError(
          `Uploading ${failures.length === 1 ? 'artifact' : `${failures.length} artifacts`} failed: ${failures.join('; ')}. ` +
            (conflict
              ? `An artifact name can be used once per workflow run: when matrix legs or steps upload the same names, make 'artifact-name' differ between them (e.g. '{bin}-{arch}-\${{ matrix.os }}').`
              : `Set 'upload-artifact: false' when the workflow has no artifact storage (e.g. local runs).`),
        )
      }
      return settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    },
  )
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
