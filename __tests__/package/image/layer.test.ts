import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import * as zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { buildLayer, layerEntries, readLayerFile } from '../../../src/package/image/layer.js'

const binary = randomBytes(50_000)
const files = [{ path: 'var/runtime/bootstrap', mode: 0o755, content: binary }]

describe('buildLayer', () => {
  it('is byte-reproducible: same files, same blob and digests', async () => {
    const a = await buildLayer(files, 315_532_800)
    const b = await buildLayer(files, 315_532_800)
    expect(b.blob.equals(a.blob)).toBe(true)
    expect(a.digest).toBe(`sha256:${createHash('sha256').update(a.blob).digest('hex')}`)
    expect(a.diffId).toBe(
      `sha256:${createHash('sha256').update(zlib.gunzipSync(a.blob)).digest('hex')}`,
    )
    expect(a.size).toBe(a.blob.length)
    const later = await buildLayer(files, 1_700_000_000)
    expect(later.digest).not.toBe(a.digest)
  })

  it('writes a gzip header without a timestamp or file name', async () => {
    const { blob } = await buildLayer(files, 315_532_800)
    expect([...blob.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]) // deflate, no FNAME/FEXTRA flags
    expect(blob.readUInt32LE(4)).toBe(0) // MTIME
  })

  it('holds parent folders and bootstrap 0755, owned by 0:0 with the fixed time (GNU tar reads it)', async () => {
    const { blob } = await buildLayer(files, 315_532_800)
    const listing = execFileSync('tar', ['-tvzf', '-', '--numeric-owner'], {
      input: blob,
      encoding: 'utf8',
    })
    expect(listing.trim().split('\n')).toEqual([
      expect.stringMatching(/^drwxr-xr-x 0\/0 +0 1980-01-01 00:00 var\/$/),
      expect.stringMatching(/^drwxr-xr-x 0\/0 +0 1980-01-01 00:00 var\/runtime\/$/),
      expect.stringMatching(/^-rwxr-xr-x 0\/0 +50000 1980-01-01 00:00 var\/runtime\/bootstrap$/),
    ])
    expect(await readLayerFile(blob, '/var/runtime/bootstrap')).toEqual({
      mode: 0o755,
      content: binary,
    })
    expect(await readLayerFile(blob, 'var/task/bootstrap')).toBeUndefined()
  })
})

describe('layerEntries', () => {
  it('lists every parent once and sorts by path', () => {
    const entries = layerEntries([
      { path: 'b/x', mode: 0o644, content: Buffer.from('1') },
      { path: '/a/y/z', mode: 0o755, content: Buffer.from('2') },
    ])
    expect(entries.map((e) => [e.path, e.mode.toString(8)])).toEqual([
      ['a/', '755'],
      ['a/y/', '755'],
      ['a/y/z', '755'],
      ['b/', '755'],
      ['b/x', '644'],
    ])
  })
})
