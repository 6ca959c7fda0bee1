/**
 * The RLA_RELEASES_OVERLAY file that makes the action trust the mirror's repacks as if they were
 * the official assets in known-releases.json, with their content pins (test/support/mirror-pins.ts),
 * for the tests that pin the archives through the table rather than the inputs.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { ContentPins } from '../../src/tools/content.js'
import { mirrorPins } from './mirror-pins.js'
import { cargoLambdaTarget, type PreparedReleases } from './releases.js'

export interface Overlay {
  /** The file to pass as RLA_RELEASES_OVERLAY. */
  file: string
  zig: ContentPins
  cargoLambda: ContentPins
}

/** Writes an overlay pinning the mirror's Zig and cargo-lambda archives and their content. */
export async function writeOverlay(
  dir: string,
  releases: PreparedReleases,
  mirrorDir: string,
  mirrorUrl: string,
): Promise<Overlay> {
  const zig = await mirrorPins('zig', path.join(mirrorDir, releases.zigFile), releases.zigSha256)
  const cargoLambda = await mirrorPins(
    'cargoLambda',
    path.join(mirrorDir, releases.cargoLambdaFile),
    releases.cargoLambdaSha256,
  )
  const table = {
    zig: {
      [releases.zigVersion]: {
        'x86_64-linux': {
          url: `${mirrorUrl}/${releases.zigFile}`,
          sha256: releases.zigSha256,
          content: zig,
        },
      },
    },
    cargoLambda: {
      [releases.cargoLambdaVersion]: {
        [cargoLambdaTarget]: {
          url: `${mirrorUrl}/${releases.cargoLambdaFile}`,
          sha256: releases.cargoLambdaSha256,
          content: cargoLambda,
        },
      },
    },
  }
  const file = path.join(dir, 'releases-overlay.json')
  fs.writeFileSync(file, JSON.stringify(table, null, 2))
  return { file, zig, cargoLambda }
}
