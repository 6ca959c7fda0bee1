import type { LayerOutcome } from '../types.js'
import { formatMs } from '../util/format.js'
import { codeSpan, table } from './markdown.js'

const ICON: Record<LayerOutcome['result'], string> = {
  published: '✅',
  unchanged: '⏸️',
  'dry-run': '🔍',
  failed: '❌',
}

/** Pure: the layers section of the job summary (one row per extension layer and region). */
export function renderLayers(layers: readonly LayerOutcome[] | undefined): string {
  if (!layers || layers.length === 0) return ''
  return [
    '### Extension layers',
    table(
      ['extension', 'layer', 'result', 'version', 'layer version ARN', 'code-sha256', 'duration'],
      layers.map((l) => [
        codeSpan(l.extension),
        codeSpan(l.layer),
        `${ICON[l.result]} ${l.result}${l.error ? `: ${l.error}` : ''}`,
        l.version === undefined ? '' : String(l.version),
        codeSpan(l.layerVersionArn ?? ''),
        codeSpan(l.codeSha256),
        formatMs(l.ms),
      ]),
    ),
  ].join('\n\n')
}

/** Pure: the `layers` output: extension -> its layer version (the first region's when several). */
export function layersOutput(layers: readonly LayerOutcome[]): Record<string, object> {
  const byExtension = new Map<string, object[]>()
  for (const l of layers) {
    const entries = byExtension.get(l.extension) ?? []
    entries.push({
      layer: l.layer,
      region: l.region,
      result: l.result,
      layerArn: l.layerArn,
      layerVersionArn: l.layerVersionArn,
      version: l.version,
      codeSha256: l.codeSha256,
      ...(l.error ? { error: l.error } : {}),
    })
    byExtension.set(l.extension, entries)
  }
  // One region (the usual case): the entry itself; several: a list, in the order deployed.
  const map: Record<string, object> = {}
  for (const [extension, entries] of byExtension) {
    map[extension] = entries.length === 1 ? (entries[0] as object) : entries
  }
  return map
}
