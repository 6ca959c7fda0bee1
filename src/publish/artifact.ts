/** Uploads zips as workflow artifacts with @actions/artifact. */
import * as path from 'node:path'
import * as core from '@actions/core'
import { ActionError } from '../errors.js'
import { artifactNames } from '../package/names.js'
import type { Artifact, Config } from '../types.js'

export interface UploadReport {
  readonly name: string
  readonly bin?: string | undefined
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

/** Loaded only when uploading: the artifact client and the Azure SDK are large. */
async function defaultUploader(): Promise<ArtifactUploader> {
  const { DefaultArtifactClient } = await import('@actions/artifact')
  return new DefaultArtifactClient()
}

export async function uploadArtifacts(
  config: Config,
  artifacts: readonly Artifact[],
  uploader?: ArtifactUploader,
): Promise<UploadReport[]> {
  if (artifacts.length === 0) return []
  const names = artifactNames(config.artifact.name, artifacts)
  const client = uploader ?? (await defaultUploader())
  return core.group('Upload artifacts', async () => {
    const reports: UploadReport[] = []
    for (const [i, a] of artifacts.entries()) {
      const name = names[i] as string
      const options: { retentionDays?: number; compressionLevel: number } = {
        // The zip is already compressed: storing it again is faster and no bigger.
        compressionLevel: 0,
      }
      if (config.artifact.retentionDays !== undefined) {
        options.retentionDays = config.artifact.retentionDays
      }
      try {
        const r = await client.uploadArtifact(name, [a.zipPath], path.dirname(a.zipPath), options)
        core.info(`${name}: ${path.basename(a.zipPath)} uploaded (artifact id ${r.id ?? '?'})`)
        reports.push({ name, bin: a.bin, id: r.id, size: r.size, digest: r.digest })
      } catch (e) {
        throw new ActionError(
          `Uploading artifact '${name}' (${a.zipPath}) failed: ${(e as Error).message}. Set 'upload-artifact: false' when the workflow has no artifact storage (e.g. local runs).`,
        )
      }
    }
    return reports
  })
}
