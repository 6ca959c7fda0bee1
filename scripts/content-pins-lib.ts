/**
 * Content pins from release archives (see src/tools/content.ts for what a pin is): extract an
 * archive whose SHA-256 matches the table, then digest the files the action checks before use.
 * Used by scripts/content-pins.ts and by the tests (which pin the test mirror's repacks).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { contentDigests, type ContentPins } from '../src/tools/content.js'
import { pruneZigLib } from '../src/tools/zig-lib.js'

export type PinnedTool = 'zig' | 'cargoLambda'

/**
 * What the pins of an archive cover, as a version: pins kept from an older rule describe other
 * files. 2: Zig without the libcs of systems the action never builds for.
 */
export const PinsRule = 2

/** The paths pinned for each tool: the executable, and Zig's library tree. */
export function pinnedPaths(tool: PinnedTool, file: string): string[] {
  if (tool === 'zig') return ['zig', 'lib/']
  return [file.includes('windows') ? 'cargo-lambda.exe' : 'cargo-lambda']
}

/** SHA-256 (hex) of a file. */
export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

/** Extracts `archive` (a .tar.gz or .tar.xz release asset) and returns its content pins. */
export async function pinsOfArchive(tool: PinnedTool, archive: string): Promise<ContentPins> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'content-pins-'))
  try {
    // GNU tar picks the decompressor from the file itself.
    execFileSync('tar', ['-xf', archive, '-C', scratch], { stdio: 'inherit' })
    let folder = scratch
    if (tool === 'zig') {
      // Zig's archives hold one top folder named like the file.
      const tops = fs.readdirSync(scratch)
      if (tops.length !== 1) throw new Error(`${archive} holds ${tops.length} top entries, not 1`)
      folder = path.join(scratch, tops[0] as string)
      // The action keeps only the libcs of the targets it builds (src/tools/zig-lib.ts).
      await pruneZigLib(folder)
    }
    return await contentDigests(folder, pinnedPaths(tool, path.basename(archive)))
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}
