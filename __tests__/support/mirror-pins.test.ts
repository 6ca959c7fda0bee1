/**
 * The overlay the harness gives every action run by default: content pins only for the archives
 * the run's own inputs pin, and only when this machine computed them from that very archive.
 */
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PinsRule } from '../../scripts/content-pins-lib.js'
import { repoRoot } from '../../test/support/harness.js'
import { defaultOverlay } from '../../test/support/mirror-pins.js'

const keptPins = path.join(repoRoot, '.tmp', 'content-pins')
const made: string[] = []
afterEach(() => {
  for (const f of made.splice(0)) fs.rmSync(f, { recursive: true, force: true })
})

function keep(pins: Record<string, string>): string {
  const sha = randomBytes(32).toString('hex')
  fs.mkdirSync(keptPins, { recursive: true })
  // Named as mirror-pins.ts keeps them: by the archive's SHA-256 and the rule the pins follow.
  const file = path.join(keptPins, `${sha}.rule${PinsRule}.json`)
  fs.writeFileSync(file, JSON.stringify(pins))
  made.push(file)
  return sha
}

function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-overlay-'))
  made.push(dir)
  return dir
}

describe('defaultOverlay', () => {
  it('pins the content of the archives the inputs pin, under their version and platform', () => {
    const zigSha = keep({ zig: 'a'.repeat(64), 'lib/': 'b'.repeat(64) })
    const unknown = randomBytes(32).toString('hex')
    const file = defaultOverlay(tmp(), {
      'zig-version': '0.15.2',
      'zig-sha256': zigSha,
      'cargo-lambda-sha256': unknown,
    })
    expect(file).toBeDefined()
    const overlay = JSON.parse(fs.readFileSync(file ?? '', 'utf8')) as Record<string, unknown>
    const key = os.arch() === 'arm64' ? 'aarch64-linux' : 'x86_64-linux'
    expect(overlay).toEqual({
      zig: {
        '0.15.2': {
          [key]: {
            url: '',
            sha256: zigSha,
            content: { zig: 'a'.repeat(64), 'lib/': 'b'.repeat(64) },
          },
        },
      },
      cargoLambda: {},
    })
  })

  it('gives no overlay when no pinned archive has kept pins (a stand-in, a wrong pin)', () => {
    expect(defaultOverlay(tmp(), {})).toBeUndefined()
    expect(defaultOverlay(tmp(), { 'zig-sha256': randomBytes(32).toString('hex') })).toBeUndefined()
  })
})
