import type { Toolchain } from '../types.js'
import { formatMs } from '../util/format.js'
import { table } from './markdown.js'

/** What built the zips: each tool's version and the hash that identifies its bytes. */
export interface ToolProvenance {
  readonly version: string
  /** SHA-256 of the verified release archive (Zig, cargo-lambda). */
  readonly sha256?: string
  /** The commit rustc was built from (`rustc -vV`), for Rust. */
  readonly commit?: string
}

/** Pure: tool name -> provenance, for the `artifacts` output and the summary. */
export function toolProvenance(toolchain: Toolchain): Record<string, ToolProvenance> {
  const out: Record<string, ToolProvenance> = {}
  for (const r of toolchain.reports) {
    const commit =
      r.name === 'rust'
        ? /^commit-hash:\s*([0-9a-f]{7,40})$/m.exec(toolchain.rustcVersion)?.[1]
        : undefined
    out[r.name] = {
      version: r.version,
      ...(r.archiveSha256 !== undefined ? { sha256: r.archiveSha256 } : {}),
      ...(commit !== undefined ? { commit } : {}),
    }
  }
  return out
}

export function renderTools(toolchain: Toolchain | undefined): string {
  if (!toolchain) return ''
  const provenance = toolProvenance(toolchain)
  return [
    '### Tools',
    table(
      ['tool', 'version', 'from', 'checked against', 'hash', 'time'],
      toolchain.reports.map((r) => {
        const p = provenance[r.name]
        return [
          r.name,
          r.version,
          r.detail ? `${r.source} (${r.detail})` : r.source,
          r.checkedBy ?? '',
          p?.sha256 !== undefined
            ? `SHA-256 \`${p.sha256}\``
            : p?.commit !== undefined
              ? `commit \`${p.commit}\``
              : '',
          formatMs(r.ms),
        ]
      }),
    ),
  ].join('\n\n')
}
