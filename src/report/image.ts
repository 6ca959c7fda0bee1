import type { Artifact } from '../types.js'
import { formatBytes, formatMs } from '../util/format.js'
import { table } from './markdown.js'

/** The container images (`package-type: image`): size against the base, what was sent. */
export function renderImages(artifacts: readonly Artifact[] | undefined): string {
  const rows = (artifacts ?? []).flatMap((a) => {
    const i = a.image
    if (i === undefined) return []
    return [
      [
        a.bin,
        `\`${i.uri}\`${i.tag ? ` (tag \`${i.tag}\`)` : ''}`,
        `${formatBytes(i.size)} (base ${formatBytes(i.baseSize)}, +${formatBytes(i.size - i.baseSize)})`,
        `${i.layers.pushed} pushed, ${i.layers.mounted} mounted, ${i.layers.present} already present`,
        formatBytes(i.bytesPushed),
        i.manifestPut === undefined ? 'not put' : i.manifestPut ? 'put' : 'unchanged',
        formatMs(i.pushMs),
      ],
    ]
  })
  if (rows.length === 0) return ''
  return (
    '### Images\n\n' +
    table(['binary', 'image', 'size (compressed)', 'layers', 'sent', 'manifest', 'push time'], rows)
  )
}
