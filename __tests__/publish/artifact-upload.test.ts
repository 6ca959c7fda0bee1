/**
 * Uploads through the real @actions/artifact client to the local results service, with 200 ms
 * added to every call of the service, as a distant service answers.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ActionError } from '../../src/errors.js'
import { defaultDeps, uploadArtifacts, UPLOAD_CONCURRENCY } from '../../src/publish/artifact.js'
import { outputsFor } from '../../src/report/outputs.js'
import type { Artifact } from '../../src/types.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'

const LATENCY_MS = 200
let service: ResultsService
let dir: string
let artifacts: Artifact[]
const savedEnv = { ...process.env }

beforeAll(async () => {
  service = await startResultsService({ lifetimeMs: 240_000 })
  Object.assign(process.env, service.env)
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-upload-'))
  artifacts = ['a', 'b', 'c', 'd', 'e', 'f'].map((bin) => {
    const zipPath = path.join(dir, bin, 'bootstrap.zip')
    fs.mkdirSync(path.dirname(zipPath), { recursive: true })
    fs.writeFileSync(zipPath, `zip of ${bin}`)
    return {
      bin,
      kind: 'function',
      architecture: 'arm64',
      target: 'aarch64-unknown-linux-gnu.2.34',
      zipPath,
      binaryPath: path.join(dir, bin, 'bootstrap'),
      binarySize: 1,
      zipSize: 1,
      unzippedSize: 1,
      sha256: '00',
      codeSha256: 'AA==',
    }
  })
})

afterAll(async () => {
  process.env = savedEnv
  await service?.close()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

const config = (name: string) => ({ artifact: { upload: true, name, retentionDays: undefined } })
const quiet = { info: () => undefined }

describe('artifact uploads', () => {
  it('uploads six zips a few at a time (never more in flight than the bound), each name and id in `artifacts`', async () => {
    service.setLatency(LATENCY_MS)
    try {
      let t = performance.now()
      await uploadArtifacts(
        config('serial-{bin}'),
        artifacts,
        defaultDeps({ ...quiet, concurrency: 1 }),
      )
      const serialMs = performance.now() - t
      expect(service.maxInFlight('CreateArtifact')).toBe(1)

      t = performance.now()
      const reports = await uploadArtifacts(
        config('lambda-{bin}-{arch}'),
        artifacts,
        defaultDeps(quiet),
      )
      const concurrentMs = performance.now() - t
      // The bound holds, and it is reached: the service saw that many uploads at once.
      expect(service.maxInFlight('CreateArtifact')).toBe(UPLOAD_CONCURRENCY)
      console.log(
        `6 artifacts at ${LATENCY_MS} ms per call: serial ${serialMs.toFixed(0)} ms, ${UPLOAD_CONCURRENCY} at a time ${concurrentMs.toFixed(0)} ms (ratio ${(concurrentMs / serialMs).toFixed(2)})`,
      )
      // The times are printed, not asserted: on a loaded 2-core machine they are noise, and the
      // count of uploads in flight above is what shows the uploads overlap.

      // Reports in input order, with the ids the service gave.
      const stored = service.artifacts()
      expect(reports.map((r) => r.name)).toEqual(artifacts.map((a) => `lambda-${a.bin}-arm64`))
      for (const r of reports) {
        expect(r.id).toBe(stored.find((s) => s.name === r.name)?.id)
        const files = await service.artifactFiles(r.name)
        expect(files.get('bootstrap.zip')).toEqual(fs.readFileSync(r.zipPath as string))
      }
      const output = JSON.parse(
        outputsFor({ startedAt: 0, artifacts, uploads: reports }).artifacts as string,
      ) as {
        bin: string
        artifactName: string
        artifactId: number
      }[]
      expect(output.map((o) => [o.bin, o.artifactName, o.artifactId])).toEqual(
        reports.map((r) => [r.bin, r.name, r.id]),
      )
    } finally {
      service.setLatency(0)
    }
  })

  it('tries every upload and names each one that failed (a name conflict, as on a matrix re-run)', async () => {
    // This test's own first run, so the name is taken whatever else ran before.
    await uploadArtifacts(
      config('rerun-{bin}-{arch}'),
      [artifacts[0]] as Artifact[],
      defaultDeps(quiet),
    )
    // The re-run: the service answers already_exists for the name the first run used.
    const again = [artifacts[0], { ...artifacts[1], bin: 'fresh' }] as Artifact[]
    const error = await uploadArtifacts(
      config('rerun-{bin}-{arch}'),
      again,
      defaultDeps(quiet),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toMatch(/^Uploading artifact failed: 'rerun-a-arm64' \(/)
    expect((error as Error).message).toMatch(/make 'artifact-name' differ between them/)
    expect((error as Error).message).not.toContain('rerun-fresh-arm64')
    expect(service.artifacts().map((a) => a.name)).toContain('rerun-fresh-arm64')
  })
})
