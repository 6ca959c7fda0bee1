/** Pure: the messages of a refused download. */

export interface Mismatch {
  readonly file: string
  readonly url: string
  readonly expected: string
  readonly actual: string
  /** Where the expected checksum came from, e.g. "the 'zig-sha256' input". */
  readonly source: string
  /** What the user can do about it. */
  readonly fix: string
}

/** Names the file, where it came from, the expected and the actual SHA-256, and the fix. */
export function sha256Mismatch(m: Mismatch): string {
  return (
    `Refused ${m.file} from ${m.url}: expected SHA-256 ${m.expected} (from ${m.source}), ` +
    `got ${m.actual}. The file was deleted, not extracted or run. ${m.fix}`
  )
}
