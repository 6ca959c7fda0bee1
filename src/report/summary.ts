/** The job summary: one section per stage that ran, rendered by pure functions. */
import * as core from '@actions/core'
import type { BuildResult } from '../build/index.js'
import type { PlanResult } from '../build/plan.js'
import type { UploadReport } from '../publish/artifact.js'
import type {
  Artifact,
  CacheRestoreReport,
  CacheSaveReport,
  CompileCacheReport,
  Config,
  DeployOutcome,
  LayerOutcome,
  SmokeResults,
  Toolchain,
} from '../types.js'
import { formatMs } from '../util/format.js'
import { renderTools } from './tools.js'
import { renderCache, renderCacheSave } from './cache.js'
import { renderCompileCache } from './compile-cache.js'
import { renderBuild } from './build.js'
import { renderImages } from './image.js'
import { renderSmoke } from './smoke.js'
import { renderDeploy } from './deploy.js'
import { renderLayers } from './layers.js'
import { renderPlan } from './plan.js'

/** Everything the run learnt, filled in stage by stage (a failed run has only the first part). */
export interface RunReport {
  startedAt: number
  config?: Config
  toolchain?: Toolchain
  cache?: CacheRestoreReport | undefined
  compileCache?: CompileCacheReport | undefined
  build?: BuildResult
  /** mode: plan */
  plan?: PlanResult
  artifacts?: Artifact[]
  smoke?: SmokeResults
  layers?: LayerOutcome[]
  deployments?: DeployOutcome[]
  uploads?: UploadReport[]
  failure?: string
}

/** Pure: the summary's markdown for a report. */
export function renderSummary(report: RunReport, now: number = Date.now()): string {
  const parts: string[] = []
  const c = report.config
  const title =
    c?.plan !== undefined
      ? '## Rust Lambda: plan'
      : c
        ? `## Rust Lambda: ${c.target.cargoTarget} (${c.architecture}, ${c.runtime})`
        : '## Rust Lambda'
  parts.push(title)
  if (report.failure !== undefined)
    parts.push(`> [!CAUTION]\n> ${report.failure.replace(/\n/g, '\n> ')}`)
  for (const section of [
    renderPlan(report.plan),
    renderTools(report.toolchain),
    renderCache(report.cache),
    renderCompileCache(report.compileCache),
    renderBuild(report.build, report.artifacts, report.uploads),
    renderImages(report.artifacts),
    renderSmoke(report.smoke),
    renderLayers(report.layers),
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

/** The post step's summary: what the cargo cache save did. */
export async function writeSaveSummary(save: CacheSaveReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(renderCacheSave(save)).write()
}
