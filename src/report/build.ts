import type { BuildResult } from '../build/index.js'
import type { UploadReport } from '../publish/artifact.js'
import type { Artifact } from '../types.js'
import { formatBytes, formatMs, table } from './summary.js'

export function renderBuild(
  build: BuildResult | undefined,
  artifacts: readonly Artifact[] | undefined,
  _uploads: readonly UploadReport[] | undefined,
): string {
  if (!build) return ''
  const parts = [`### Build\n\nBuilt ${build.binaries.length} binaries in ${formatMs(build.ms)}.`]
  if (artifacts && artifacts.length > 0) {
    parts.push(
      table(
        ['binary', 'kind', 'target', 'binary size', 'zip size', 'code-sha256'],
        artifacts.map((a) => [
          a.bin,
          a.kind,
          a.target,
          formatBytes(a.binarySize),
          formatBytes(a.zipSize),
          `\`${a.codeSha256}\``,
        ]),
      ),
    )
  }
  return parts.join('\n\n')
}
