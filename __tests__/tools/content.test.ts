import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkContent, contentDigests, treeDigest } from '../../src/tools/content.js'

const sha = (s: string): string => createHash('sha256').update(s).digest('hex')

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-content-'))
  fs.writeFileSync(path.join(dir, 'zig'), 'ZIG', { mode: 0o755 })
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT', { mode: 0o644 })
  fs.mkdirSync(path.join(dir, 'lib', 'std'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'lib', 'std', 'std.zig'), 'pub fn main() void {}')
  fs.writeFileSync(path.join(dir, 'lib', 'c.h'), '#pragma once')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('treeDigest', () => {
  it('is the SHA-256 of the sorted listing of files and their SHA-256', async () => {
    const listing =
      `file ${sha('#pragma once')} c.h\n` + `file ${sha('pub fn main() void {}')} std/std.zig\n`
    expect(await treeDigest(path.join(dir, 'lib'))).toBe(sha(listing))
  })

  it('changes with a file content, an added file or a symlink target, not with modes or times', async () => {
    const lib = path.join(dir, 'lib')
    const before = await treeDigest(lib)
    fs.chmodSync(path.join(lib, 'c.h'), 0o600)
    fs.utimesSync(path.join(lib, 'c.h'), new Date(0), new Date(0))
    expect(await treeDigest(lib)).toBe(before)
    fs.appendFileSync(path.join(lib, 'std', 'std.zig'), ' ')
    const edited = await treeDigest(lib)
    expect(edited).not.toBe(before)
    fs.symlinkSync('/etc/passwd', path.join(lib, 'link'))
    expect(await treeDigest(lib)).not.toBe(edited)
  })
})

describe('contentDigests', () => {
  it('gives the same digests hashed by worker threads as by the main thread alone', async () => {
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, 'lib', `f${i}.zig`), `// ${i}`)
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 1)
    fs.writeFileSync(path.join(dir, 'lib', 'big'), big)
    const bigSha = createHash('sha256').update(big).digest('hex')
    expect(await contentDigests(dir, ['lib/big'])).toEqual({ 'lib/big': bigSha })
    // Two folders (`.` holds `lib/`): the first worker lists both, the others share their files.
    const paths = ['zig', 'lib/', '.', 'nothing', 'lib/std/']
    const alone = await contentDigests(dir, paths, { threads: 1 })
    expect(alone.zig).toBe(sha('ZIG'))
    expect(alone.nothing).toBe('missing')
    expect(alone['lib/std/']).toBe(sha(`file ${sha('pub fn main() void {}')} std.zig\n`))
    expect(new Set(Object.values(alone)).size).toBe(paths.length)
    expect(await contentDigests(dir, paths, { threads: 3 })).toEqual(alone)
    expect(await contentDigests(dir, paths, { threads: 2 })).toEqual(alone)
  })
})

describe('checkContent', () => {
  it('passes a folder that matches its pins', async () => {
    const pins = await contentDigests(dir, ['zig', 'lib/'])
    expect(pins.zig).toBe(sha('ZIG'))
    expect(await checkContent(dir, pins)).toEqual([])
  })

  it('names each pinned path that differs or is missing, with both hashes', async () => {
    const pins = await contentDigests(dir, ['zig', 'lib/'])
    fs.writeFileSync(path.join(dir, 'zig'), 'EVIL', { mode: 0o755 })
    fs.rmSync(path.join(dir, 'lib'), { recursive: true })
    expect(await checkContent(dir, pins)).toEqual([
      { path: 'zig', expected: sha('ZIG'), actual: sha('EVIL') },
      { path: 'lib/', expected: pins['lib/'], actual: 'missing' },
    ])
  })

  it('refuses an executable or a symlink beside the pinned files (the folder is on PATH)', async () => {
    const pins = await contentDigests(dir, ['zig', 'lib/'])
    fs.writeFileSync(path.join(dir, 'cargo'), '#!/bin/sh\n', { mode: 0o755 })
    fs.symlinkSync('/bin/sh', path.join(dir, 'rustc'))
    expect(await checkContent(dir, pins)).toEqual([
      { path: 'cargo', expected: 'absent', actual: 'an executable' },
      { path: 'rustc', expected: 'absent', actual: 'an executable' },
    ])
  })

  it('a pinned file replaced by a symlink to the same bytes is a mismatch', async () => {
    const pins = await contentDigests(dir, ['zig'])
    fs.writeFileSync(path.join(dir, 'real'), 'ZIG')
    fs.rmSync(path.join(dir, 'zig'))
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'zig'))
    expect((await checkContent(dir, pins))[0]).toMatchObject({ path: 'zig', actual: 'missing' })
  })
})
