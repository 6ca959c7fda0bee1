import type { SmokeOutcome, SmokeResults } from '../types.js'
import { formatMs } from '../util/format.js'
import { codeSpan, table } from './markdown.js'

/** How much of a response the summary shows (the `smoke-result` output keeps more). */
export const SUMMARY_RESPONSE_CHARS = 120
const SUMMARY_REASON_CHARS = 400

const ICON: Record<SmokeOutcome['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
}

export function renderSmoke(smoke: SmokeResults | undefined): string {
  if (!smoke || Object.keys(smoke).length === 0) return ''
  const rows = Object.entries(smoke).map(([bin, s]) => [
    bin,
    ICON[s.status],
    s.startupMs !== undefined ? formatMs(s.startupMs) : '',
    s.status === 'skipped' ? '' : formatMs(s.ms),
    s.via ?? '',
    detail(s),
  ])
  return [
    '### Smoke test',
    table(['binary', 'status', 'start-up', 'time', 'run by', 'response / reason'], rows),
  ].join('\n\n')
}

function detail(s: SmokeOutcome): string {
  if (s.status === 'passed') return codeSpan(shorten(s.response ?? '', SUMMARY_RESPONSE_CHARS))
  return shorten(s.reason ?? '', SUMMARY_REASON_CHARS)
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s*\r?\n\s*/g, ' ')
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine
}
