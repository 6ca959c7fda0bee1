/** Step outputs, derived from the run report. */
import * as core from '@actions/core'
import { Outputs } from '../constants.js'
import type { RunReport } from './summary.js'
import { layersOutput } from './layers.js'
import { planOutputs } from './plan.js'
import { toolProvenance } from './tools.js'

/** Pure: the outputs for a report (only those that are known). */
export function outputsFor(report: RunReport): Record<string, string> {
  const out: Record<string, string> = {}
  if (report.plan) return planOutputs(report.plan)
  if (report.cache) out[Outputs.CacheHit] = String(report.cache.outcome === 'hit')
  else if (report.config && !report.config.cache.enabled) out[Outputs.CacheHit] = 'false'
  const artifacts = report.artifacts
  if (artifacts) {
    // Each zip with the tool versions and hashes that built it (for provenance).
    const tools = report.toolchain ? toolProvenance(report.toolchain) : undefined
    const listed = withUploads(artifacts, report.uploads)
    out[Outputs.Artifacts] = JSON.stringify(tools ? listed.map((a) => ({ ...a, tools })) : listed)
    const first = artifacts[0]
    if (first) {
      out[Outputs.ZipPath] = first.zipPath
      out[Outputs.CodeSha256] = first.codeSha256
    }
    const firstImage = artifacts.find((a) => a.image !== undefined)?.image
    if (firstImage) {
      out[Outputs.ImageUri] = firstImage.uri
      out[Outputs.ImageDigest] = firstImage.digest
    }
  }
  if (report.smoke) out[Outputs.SmokeResult] = JSON.stringify(report.smoke)
  if (report.layers && report.layers.length > 0) {
    out[Outputs.Layers] = JSON.stringify(layersOutput(report.layers))
  }
  const deployments = report.deployments
  if (deployments) {
    const map: Record<string, unknown> = {}
    const deployed = deployments.filter((d) => d.function !== '')
    for (const d of deployed) {
      map[d.function] = {
        result: d.result,
        version: d.version,
        codeSha256: d.codeSha256,
        arn: d.arn,
        alias: d.alias,
        ...(d.imageUri ? { imageUri: d.imageUri } : {}),
        ...(d.weight !== undefined ? { weight: d.weight } : {}),
        ...(d.created ? { created: true } : {}),
        ...(d.configured ? { configured: d.configured } : {}),
        ...(d.verification ? { verification: d.verification } : {}),
        ...(d.error ? { error: d.error } : {}),
      }
    }
    out[Outputs.Deployments] = JSON.stringify(map)
    const first = deployed[0]
    if (first) {
      out[Outputs.DeployResult] = first.result
      if (first.arn) out[Outputs.FunctionArn] = first.arn
      if (first.version) out[Outputs.Version] = first.version
    }
  } else if (report.config && report.artifacts) {
    out[Outputs.DeployResult] = 'skipped'
  }
  return out
}

/** Pure: each artifact with the name and id of the workflow artifact that holds its zip. */
function withUploads(
  artifacts: NonNullable<RunReport['artifacts']>,
  uploads: RunReport['uploads'],
): object[] {
  return artifacts.map((a) => {
    const u = uploads?.find((up) => up.zipPath === a.zipPath)
    return u === undefined ? a : { ...a, artifactName: u.name, artifactId: u.id }
  })
}

export function writeOutputs(report: RunReport): void {
  for (const [name, value] of Object.entries(outputsFor(report))) core.setOutput(name, value)
}
