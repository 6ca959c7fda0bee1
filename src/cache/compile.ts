/**
 * The shared compile cache's effects: reads the run's event, starts this run's sccache server with
 * the planned environment (compile-plan.ts), and after the build reads its statistics and stops
 * it. Trouble with sccache or its backend is a warning: the build then runs without it.
 */
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as core from '@actions/core'
import { failureMessage } from '../errors.js'
import { inert } from '../log.js'
import type { CompileCacheConfig, CompileCacheReport } from '../types.js'
import { capture, tail } from '../util/command.js'
import { definedEnv } from '../util/env.js'
import { formatRate } from '../util/format.js'
import {
  applyEnvChange,
  compileEnvDigest,
  decideCacheWrite,
  parseSccacheStats,
  perRunCompileVars,
  planSccacheEnv,
  type EnvChange,
  type RunEvent,
} from './compile-plan.js'

/** A running sccache server: the build's environment change, and how to reach the server. */
export interface CompileCacheSession {
  readonly sccachePath: string
  readonly change: EnvChange
  readonly report: CompileCacheReport
}

/** What starting the compile cache gave: a session, or only a report saying why not. */
export interface CompileCacheStart {
  readonly session: CompileCacheSession | undefined
  readonly report: CompileCacheReport
}

/** GITHUB_EVENT_NAME, GITHUB_REF and `repository.default_branch` of the event payload. */
export function readRunEvent(env: NodeJS.ProcessEnv = process.env): RunEvent {
  let defaultBranch: string | undefined
  const file = env.GITHUB_EVENT_PATH
  if (file) {
    try {
      const payload = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        repository?: { default_branch?: unknown }
      }
      const b = payload.repository?.default_branch
      if (typeof b === 'string') defaultBranch = b
    } catch (e) {
      core.warning(`Could not read the event payload ${file}: ${failureMessage(e)}`)
    }
  }
  return { eventName: env.GITHUB_EVENT_NAME, ref: env.GITHUB_REF, defaultBranch }
}

/**
 * Starts sccache for the build. `buildEnv` is the environment the build would have without it
 * (build/args.ts), so the digest and the per-run check see what the compiles will see.
 */
export async function startCompileCache(
  config: CompileCacheConfig,
  sccachePath: string,
  buildEnv: Readonly<Record<string, string>>,
): Promise<CompileCacheStart> {
  return core.group(`Compile cache: sccache (${config.backend})`, async () => {
    const decision = decideCacheWrite(config.write, readRunEvent())
    const base = {
      backend: config.backend,
      write: decision.write,
      writeReason: decision.reason,
    }
    core.info(`${decision.write ? 'Read-write' : 'Read-only'}: ${decision.reason}.`)
    const plan = planSccacheEnv({
      config,
      write: decision.write,
      sccachePath,
      port: await freePort(),
      env: buildEnv,
    })
    if (!plan.ok) {
      core.warning(`The compile cache is not used: ${plan.reason}. The build runs without it.`)
      return { session: undefined, report: { ...base, stats: undefined, unused: plan.reason } }
    }
    for (const note of plan.notes) core.notice(note)

    const env = applyEnvChange(buildEnv, plan.change)
    const envDigest = compileEnvDigest(env)
    core.info(`Compile environment digest ${envDigest} (legs that share entries show the same).`)
    const perRun = perRunCompileVars(env, process.env.RUNNER_TEMP)
    if (perRun.length > 0) {
      core.warning(
        `${perRun.join(', ')} ${perRun.length === 1 ? 'holds' : 'hold'} a path under RUNNER_TEMP, which differs per run: sccache hashes every CARGO_* variable, so no other run will hit what this one compiles. Use a folder that is the same on every runner (under the workspace or HOME).`,
      )
    }
    const started = await capture(sccachePath, ['--start-server'], { env })
    if (started.code !== 0) {
      const reason = `sccache --start-server failed (${inert(tail(started.stderr, 3) || tail(started.stdout, 3) || `exit code ${started.code}`)})`
      core.warning(`The compile cache is not used: ${reason}. The build runs without it.`)
      return {
        session: undefined,
        report: { ...base, envDigest, stats: undefined, unused: reason },
      }
    }
    core.info(`sccache server started on 127.0.0.1:${plan.change.set.SCCACHE_SERVER_PORT}.`)
    const report: CompileCacheReport = { ...base, envDigest, stats: undefined }
    return { session: { sccachePath, change: plan.change, report }, report }
  })
}

/**
 * Reads the server's statistics into the report (and the log), then stops the server. Never
 * throws: the build's own result matters more than the statistics.
 */
export async function stopCompileCache(session: CompileCacheSession): Promise<CompileCacheReport> {
  return core.group('Compile cache: sccache statistics', async () => {
    const env = applyEnvChange(definedEnv(), session.change)
    let report = session.report
    const shown = await capture(session.sccachePath, ['--show-stats', '--stats-format', 'json'], {
      env,
    })
    if (shown.code === 0) {
      try {
        const stats = parseSccacheStats(shown.stdout)
        report = { ...report, stats }
        core.info(
          `hits ${stats.hits}, misses ${stats.misses} (hit rate ${formatRate(stats.hitRate)}), non-cacheable calls ${stats.nonCacheableCalls}, writes ${stats.writes}, write errors ${stats.writeErrors}, read errors ${stats.readErrors}; ${stats.location ?? ''}`,
        )
        if (stats.writeErrors > 0 && report.write) {
          core.warning(
            `${stats.writeErrors} write${stats.writeErrors === 1 ? '' : 's'} to the compile cache failed: ${report.backend === 'gha' ? "the GitHub cache service takes 200 new entries a minute per repository (wide matrices reach it: 'compile-cache: s3' has no such limit)" : 'check that the credentials may write to the bucket'}. The build was not affected.`,
          )
        }
        if (stats.readErrors > 0) {
          core.warning(
            `${stats.readErrors} read${stats.readErrors === 1 ? '' : 's'} from the compile cache failed (compiled instead). Check the backend's credentials and reachability.`,
          )
        }
      } catch (e) {
        core.warning(`Could not read sccache's statistics: ${failureMessage(e)}`)
      }
    } else {
      core.warning(
        `sccache --show-stats failed: ${inert(tail(shown.stderr, 3) || `exit code ${shown.code}`)}`,
      )
    }
    const stopped = await capture(session.sccachePath, ['--stop-server'], { env })
    if (stopped.code !== 0) core.info(`sccache --stop-server: ${inert(tail(stopped.stderr, 2))}`)
    return report
  })
}

/** A port nothing listens on now (the OS picks it), for this run's sccache server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
