import type { BuildResult } from '../build/index.js'
import type { ProfilePlan } from '../build/profile.js'
import type { UploadReport } from '../publish/artifact.js'
import type { Artifact } from '../types.js'
import { formatBytes, formatMs } from '../util/format.js'
import { table } from './markdown.js'

export function renderBuild(
  build: BuildResult | undefined,
  artifacts: readonly Artifact[] | undefined,
  uploads: readonly UploadReport[] | undefined,
): string {
  if (!build) return ''
  const count = build.binaries.length
  const parts = [
    `### Build\n\nBuilt ${count} ${count === 1 ? 'binary' : 'binaries'} in ${formatMs(build.ms)}.`,
  ]
  if (artifacts && artifacts.length > 0) {
    parts.push(
      table(
        ['binary', 'kind', 'target', 'binary size', 'zip size', 'glibc needed', 'code-sha256'],
        artifacts.map((a) => [
          a.bin,
          a.kind,
          a.target,
          formatBytes(a.binarySize),
          formatBytes(a.zipSize),
          glibcCell(a),
          `\`${a.codeSha256}\``,
        ]),
      ),
    )
  }
  if (build.profile) parts.push(renderProfile(build.profile))
  if (uploads && uploads.length > 0) {
    parts.push(
      '#### Artifacts\n\n' +
        table(
          ['artifact', 'binary', 'size', 'id'],
          uploads.map((u) => [
            u.name,
            u.bin ?? '',
            u.size === undefined ? '' : formatBytes(u.size),
            u.id === undefined ? '' : String(u.id),
          ]),
        ),
    )
  }
  return parts.join('\n\n')
}

function glibcCell(a: Artifact): string {
  const floor = /\.(2\.\d+)$/.exec(a.target)?.[1]
  if (a.glibcRequired === undefined) return 'none (static)'
  return floor ? `${a.glibcRequired} ≤ ${floor} ✓` : a.glibcRequired
}

export function renderProfile(profile: ProfilePlan): string {
  const rows = profile.settings.map((s) => [
    `\`${s.key}\``,
    `\`${s.value}\``,
    s.source === 'project' ? `project (${s.where ?? '?'})` : s.source,
  ])
  if (profile.targetCpu) {
    rows.push([
      '`target-cpu` (build.rustflags)',
      `\`${profile.targetCpu.value}\``,
      profile.targetCpu.source,
    ])
  }
  const head = `#### Release profile: \`${profile.mode}\``
  const body = rows.length > 0 ? table(['key', 'value', 'from'], rows) : 'No profile keys set.'
  const notes = profile.notes.map((n) => `> [!NOTE]\n> ${n}`)
  return [head, body, ...notes].join('\n\n')
}
