/** The job summary: one section per stage that ran, rendered by pure functions. */
import * as core from '@actions/core'
import type { BuildResult } from '../build/index.js'
import type { CacheRestoreReport } from '../cache/cargo.js'
import type { Config } from '../config.js'
import type { UploadReport } from '../publish/artifact.js'
import type { SmokeResults } from '../smoke/index.js'
import type { Artifact, DeployOutcome, Toolchain } from '../types.js'
import { renderTools } from './tools.js'
import { renderCache } from './cache.js'
import { renderBuild } from './build.js'
import { renderImages } from './image.js'
import { renderSmoke } from './smoke.js'
import { renderDeploy } from './deploy.js'

/** Everything the run learnt, filled in stage by stage (a failed run has only the first part). */
export interface RunReport {
  startedAt: number
  config?: Config
  toolchain?: Toolchain
  cache?: CacheRestoreReport | undefined
  build?: BuildResult
  artifacts?: Artifact[]
  smoke?: SmokeResults
  deployments?: DeployOutcome[]
  uploads?: UploadReport[]
  failure?: string
}

/** Pure: the summary's markdown for a report. */
export function renderSummary(report: RunReport, now: number = Date.now()): string {
  const parts: string[] = []
  const c = report.config
  const title = c
    ? `## Rust Lambda: ${c.target.cargoTarget} (${c.architecture}, ${c.runtime})`
    : '## Rust Lambda'
  parts.push(title)
  if (report.failure !== undefined)
    parts.push(`> [!CAUTION]\n> ${report.failure.replace(/\n/g, '\n> ')}`)
  for (const section of [
    renderTools(report.toolchain),
    renderCache(report.cache),
    renderBuild(report.build, report.artifacts, report.uploads),
    renderImages(report.artifacts),
    renderSmoke(report.smoke),
    renderDeploy(report.deployments),
  ]) {
    if (section !== '') parts.push(section)
  }
  parts.push(`<sub>Total ${formatMs(now - report.startedAt)}</sub>`)
  return parts.join('\n\n') + '\n'
}

export async function writeSummary(report: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(renderSummary(report)).write()
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 ** 2).toFixed(2)} MiB`
}

/** A markdown table; cells are escaped for pipes and newlines. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n')
}
