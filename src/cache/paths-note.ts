/**
 * Why an entry with this run's key did not restore. @actions/cache binds an entry to the exact
 * paths it was saved from (with the compression, they make the entry's `version`), and the cache
 * service answers a lookup with another version as if no entry existed. So each save also stores
 * a small note, under a key derived from the cargo key and with a path that is the same on every
 * runner (relative to the workspace): the folders that entry was saved from. A run that misses
 * its exact key reads the newest note and says which folder differs.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import { failureMessage } from '../errors.js'

/** The two @actions/cache calls the note needs (CacheClient of cargo.ts fits). */
export interface NoteClient {
  restoreCache(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}

/** The note's file, relative to GITHUB_WORKSPACE: its entry's version is the same everywhere. */
export const NoteFile = '.rust-lambda-action-cache-paths.json'
const NotePrefix = 'rust-lambda-paths-v1'

export interface PathsNote {
  /** The cargo cache key the note belongs to. */
  readonly key: string
  /** The paths that entry was saved from, in cachePaths order. */
  readonly paths: readonly string[]
}

const digest = (text: string, length: number): string =>
  createHash('sha256').update(text).digest('hex').slice(0, length)

/**
 * Pure: the note's key for a cargo key and its paths, and the prefix that finds any note of that
 * cargo key. It never starts with a cargo key or restore key (another prefix), so neither finds it.
 */
export function noteKeys(
  key: string,
  paths: readonly string[],
): { readonly key: string; readonly prefix: string } {
  const prefix = `${NotePrefix}-${digest(key, 32)}-`
  return { key: `${prefix}${digest(paths.join('\n'), 16)}`, prefix }
}

/**
 * Pure: the log line for an exact-key miss when a note of the same key was found. undefined when
 * the note is not about this key (a hash collision or a hand-made entry): nothing to say then.
 */
export function explainMiss(
  note: PathsNote,
  key: string,
  paths: readonly string[],
): string | undefined {
  if (note.key !== key) return undefined
  const differ: string[] = []
  for (let i = 0; i < Math.max(note.paths.length, paths.length); i++) {
    const saved = note.paths[i]
    const here = paths[i]
    if (saved === here) continue
    differ.push(
      saved === undefined
        ? `${here} (not in the saved entry)`
        : here === undefined
          ? `${saved} (not used here)`
          : `${saved} there, ${here} here`,
    )
  }
  if (differ.length === 0) {
    return `An entry with this key was saved from the same folders, but the cache service did not give it to this run: it was saved with another compression (zstd or gzip, as each runner's tar and zstd allow), or it has been evicted.`
  }
  return `An entry with this key exists, but it was saved from other folders, and @actions/cache restores an entry only to the folders it was saved from (they are part of its version): ${differ.join('; ')}. Give the runners the same workspace path, HOME (or CARGO_HOME) and target folder, or set ZIG_GLOBAL_CACHE_DIR alike; this run saves an entry for its own folders.`
}

/** Parses a note file; undefined when it is not one. */
export function parseNote(text: string): PathsNote | undefined {
  try {
    const data = JSON.parse(text) as { key?: unknown; paths?: unknown }
    if (typeof data.key !== 'string' || !Array.isArray(data.paths)) return undefined
    if (!data.paths.every((p): p is string => typeof p === 'string')) return undefined
    return { key: data.key, paths: data.paths }
  } catch {
    return undefined
  }
}

/**
 * The note's file on this runner, or undefined when it cannot be stored the same way everywhere:
 * @actions/cache finds a relative path from the working directory but archives it relative to
 * GITHUB_WORKSPACE, so the two must be the same folder.
 */
function noteFile(): string | undefined {
  const workspace = process.env.GITHUB_WORKSPACE
  if (!workspace) return undefined
  try {
    if (fs.realpathSync(workspace) !== fs.realpathSync(process.cwd())) return undefined
  } catch {
    return undefined
  }
  return path.join(workspace, NoteFile)
}

/** After a save: stores the note beside the entry. Never throws; a failure only costs the note. */
export async function saveNote(client: NoteClient, note: PathsNote): Promise<void> {
  const file = noteFile()
  if (file === undefined) return
  try {
    fs.writeFileSync(file, `${JSON.stringify(note)}\n`)
    await client.saveCache([NoteFile], noteKeys(note.key, note.paths).key)
  } catch (error) {
    core.debug(`The note of the cache entry's folders was not saved: ${failureMessage(error)}`)
  } finally {
    fs.rmSync(file, { force: true })
  }
}

/** After a miss of the exact key: the reason, when a note of the same key says one. */
export async function missReason(
  client: NoteClient,
  key: string,
  paths: readonly string[],
): Promise<string | undefined> {
  const file = noteFile()
  if (file === undefined) return undefined
  const { prefix } = noteKeys(key, paths)
  try {
    fs.rmSync(file, { force: true })
    const found = await client.restoreCache([NoteFile], prefix, [prefix])
    if (found === undefined || !fs.existsSync(file)) return undefined
    const note = parseNote(fs.readFileSync(file, 'utf8'))
    return note === undefined ? undefined : explainMiss(note, key, paths)
  } catch (error) {
    core.debug(`The note of the cache entry's folders was not read: ${failureMessage(error)}`)
    return undefined
  } finally {
    fs.rmSync(file, { force: true })
  }
}
