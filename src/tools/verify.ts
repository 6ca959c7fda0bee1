/** Pure: what pins a tool's archive, and the messages of a refused download. */

/** A SHA-256 that pins an archive before it is downloaded, and where it came from. */
export interface PinnedSha256 {
  readonly kind: 'sha256'
  readonly sha256: string
  readonly source: string
}

/**
 * Pure: the tool's `*-sha256` input beats the checksum pinned in the action; undefined when
 * neither pins the archive (then the tool's own proof decides: a signature, a checksum file).
 */
export function pinnedSha256(
  input: string | undefined,
  pinned: string | undefined,
  inputName: string,
): PinnedSha256 | undefined {
  if (input !== undefined)
    return { kind: 'sha256', sha256: input, source: `the '${inputName}' input` }
  if (pinned !== undefined) {
    return { kind: 'sha256', sha256: pinned, source: 'the checksum pinned in the action' }
  }
  return undefined
}

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

/** One hash that differs: what was hashed, the expected and the actual value. */
export interface HashMismatch {
  /** A path inside the tool's folder (`cargo-lambda`, `lib/`), or a file name. */
  readonly what: string
  readonly expected: string
  readonly actual: string
}

export interface FolderMismatch {
  readonly tool: string
  readonly version: string
  /** The folder (or archive) that failed. */
  readonly path: string
  /** Where it came from: the runner tool cache, or an Actions cache entry. */
  readonly origin: string
  /** What it was checked against, e.g. "its content pins". */
  readonly against: string
  readonly mismatches: readonly HashMismatch[]
  /** Where it was moved; undefined when it was deleted. */
  readonly aside: string | undefined
}

/** The warning for a tool that failed its check before use: tool, path, hashes, origin, outcome. */
export function folderMismatch(m: FolderMismatch): string {
  const hashes = m.mismatches
    .map((x) => `${x.what}: expected ${x.expected}, got ${x.actual}`)
    .join('; ')
  const outcome =
    m.aside !== undefined
      ? `It was moved aside to ${m.aside} and not run`
      : 'It was deleted, not extracted or run'
  return (
    `${m.tool} ${m.version} from ${m.origin} (${m.path}) does not match ${m.against}: ${hashes}. ` +
    `${outcome}; installing ${m.tool} again from a verified source. If you did not change it, someone ` +
    `who can write that cache did: check who can.`
  )
}
