/**
 * `mode: plan`: one `cargo metadata`, the binaries the build would make, narrowed by
 * `changed-since`, spread over `shards` legs, as a matrix for `strategy.matrix`. No tool is
 * installed, no cache restored, nothing built.
 */
import * as core from '@actions/core'
import type { Config, PlanConfig } from '../types.js'
import { affectedPackages, changedFiles, NO_COMMIT, type ChangedFiles } from './changes.js'
import { readCargoProject, type WorkspaceInfo } from '../cargo/metadata.js'
import { selectBinaries, type BinaryPlan } from './metadata.js'
import { assignShards, autoShards } from './shards.js'

/** One build leg: values a leg passes straight to this action's inputs (`binaries`). */
export interface MatrixLeg {
  /** `k/n`: the leg's place, for job names. */
  readonly shard: string
  /** Comma-separated binary names: the leg's `binaries` input. */
  readonly binaries: string
}

export interface PlanResult {
  /** Every binary of the selection, before `changed-since`. */
  readonly total: number
  /** The binaries to build, leg by leg. */
  readonly legs: readonly (readonly BinaryPlan[])[]
  /** What `changed-since` found; undefined without it. */
  readonly changes:
    | {
        readonly ref: string
        readonly base: string | undefined
        readonly files: number
        readonly all: string | undefined
      }
    | undefined
  readonly ms: number
}

/** Pure: the `strategy.matrix` value of a plan. Empty legs are left out. */
export function matrixOf(plan: Pick<PlanResult, 'legs'>): { include: MatrixLeg[] } {
  const legs = plan.legs.filter((l) => l.length > 0)
  return {
    include: legs.map((l, i) => ({
      shard: `${i + 1}/${legs.length}`,
      binaries: l.map((b) => b.bin).join(','),
    })),
  }
}

/**
 * Pure: the plan from the workspace's binaries and what changed. `changes` undefined: no
 * `changed-since`, every binary is built.
 */
export function planLegs(
  binaries: readonly BinaryPlan[],
  shards: PlanConfig['shards'],
  affected: ReturnType<typeof affectedPackages> | undefined,
): BinaryPlan[][] {
  const chosen =
    affected === undefined || affected.all
      ? binaries
      : binaries.filter((b) => affected.packages.has(b.package))
  if (chosen.length === 0) return []
  const legs = shards === 'auto' ? autoShards(chosen.length) : shards
  const byName = new Map(chosen.map((b) => [b.bin, b]))
  return assignShards([...byName.keys()], legs)
    .filter((names) => names.length > 0)
    .map((names) => names.map((n) => byName.get(n) as BinaryPlan))
}

export interface PlanDeps {
  readonly readWorkspace: (cwd: string) => Promise<WorkspaceInfo>
  readonly changedFiles: (cwd: string, ref: string) => Promise<ChangedFiles>
  readonly now: () => number
}

export function defaultDeps(overrides: Partial<PlanDeps> = {}): PlanDeps {
  return {
    readWorkspace: (cwd) => readCargoProject(cwd, {}, []),
    changedFiles,
    now: Date.now,
    ...overrides,
  }
}

/** Reads the workspace (and git, with `changed-since`) and plans the legs. */
export async function planMatrix(
  config: Config,
  plan: PlanConfig,
  deps: PlanDeps = defaultDeps(),
): Promise<PlanResult> {
  const started = deps.now()
  return core.group('Plan the build legs', async () => {
    const cwd = config.workingDirectory
    const ws = await deps.readWorkspace(cwd)
    const binaries = selectBinaries(ws, config)
    let changes: PlanResult['changes']
    let affected: ReturnType<typeof affectedPackages> | undefined
    if (plan.changedSince !== undefined) {
      const ref = plan.changedSince
      if (NO_COMMIT.test(ref)) {
        // The first push of a branch has no "before": everything is new.
        affected = { all: true, reason: `${ref.slice(0, 7)}… names no commit (a new branch)` }
        changes = { ref, base: undefined, files: 0, all: affected.reason }
      } else {
        const changed = await deps.changedFiles(cwd, ref)
        affected = affectedPackages(ws, cwd, changed.files)
        changes = {
          ref,
          base: changed.base,
          files: changed.files.length,
          all: affected.all ? affected.reason : undefined,
        }
        core.info(`${changed.files.length} file(s) changed since ${ref} (${changed.base})`)
      }
      if (affected.all) core.info(`Every binary is built: ${affected.reason}.`)
      else core.info(`Packages affected: ${[...affected.packages].join(', ') || 'none'}`)
    }
    const legs = planLegs(binaries, plan.shards, affected)
    for (const [i, l] of legs.entries()) {
      core.info(`leg ${i + 1}/${legs.length}: ${l.map((b) => `${b.bin} (${b.kind})`).join(', ')}`)
    }
    return { total: binaries.length, legs, changes, ms: deps.now() - started }
  })
}
