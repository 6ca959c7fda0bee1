/**
 * The digest of the folder an archive extracts to, read from the archive as a stream, must be the
 * digest of what the real `tar` extracts (then digested by tools/content.ts): the archive path of
 * the tool check compares a folder in the tool cache against it.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as zlib from 'node:zlib'
import * as tar from 'tar-stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  archiveFolderDigest,
  ArchiveStreamUnavailable,
  relativeTo,
} from '../../src/tools/archive-digest.js'
import { contentDigests } from '../../src/tools/content.js'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-archive-digest-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

type Entry = Partial<tar.Header> & { name: string; content?: string }

/** A tar of the entries, in order (tar-stream writes exactly what it is given). */
async function tarOf(entries: readonly Entry[]): Promise<Buffer> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  pack.on('data', (c: unknown) => chunks.push(c as Buffer))
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()))
  for (const { content, ...header } of entries)
    await new Promise<void>((resolve, reject) =>
      pack.entry({ ...header, mtime: header.mtime ?? new Date(0) }, content ?? '', (e) =>
        e ? reject(e) : resolve(),
      ),
    )
  pack.finalize()
  await done
  return Buffer.concat(chunks)
}

/** What the real tar extracts, under `root` of the archive, minus `drop`, digested. */
async function extractedDigest(archive: string, root: string, drop: string[]): Promise<string> {
  const out = fs.mkdtempSync(path.join(dir, 'out-'))
  execFileSync('tar', ['-xf', archive, '-C', out])
  for (const d of drop) fs.rmSync(path.join(out, root, d), { recursive: true, force: true })
  return (await contentDigests(path.join(out, root), ['.']))['.'] as string
}

const entries: Entry[] = [
  { name: 'pkg/', type: 'directory', mode: 0o755 },
  { name: './pkg/bin', mode: 0o755, content: 'BIN' },
  { name: 'pkg/lib/a.txt', content: 'A' },
  { name: 'pkg/lib/hard', type: 'link', linkname: 'pkg/lib/a.txt' },
  { name: 'pkg/lib/link', type: 'symlink', linkname: 'a.txt' },
  { name: 'pkg/lib/dup.txt', content: 'first' },
  { name: 'pkg/lib/dup.txt', content: 'second' },
  { name: 'pkg/.rust-lambda-action.json', content: '{"verified":true}' },
  { name: 'pkg/lib/drop/x.h', content: 'dropped' },
  { name: 'pkg/lib/empty/', type: 'directory' },
  { name: 'other/outside', content: 'not in the folder' },
]
const keeps = (rel: string): boolean => !rel.startsWith('lib/drop/')

describe('archiveFolderDigest', () => {
  it('is the digest of what tar extracts: hard links, symlinks, duplicates, ./, a filter', async () => {
    const plain = path.join(dir, 'tool.tar')
    fs.writeFileSync(plain, await tarOf(entries))
    const expected = await extractedDigest(plain, 'pkg', ['lib/drop'])

    const gz = path.join(dir, 'tool.tar.gz')
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(plain)))
    expect(await archiveFolderDigest(gz, { compression: 'gzip', root: 'pkg', keeps })).toBe(
      expected,
    )
    execFileSync('xz', ['--keep', plain])
    expect(
      await archiveFolderDigest(`${plain}.xz`, { compression: 'xz', root: 'pkg', keeps }),
    ).toBe(expected)
    // Without the filter the dropped file counts: the digests differ.
    expect(await archiveFolderDigest(gz, { compression: 'gzip', root: 'pkg' })).not.toBe(expected)
  })

  it('takes the whole archive when the root is the archive itself', async () => {
    const gz = path.join(dir, 'flat.tar.gz')
    fs.writeFileSync(
      gz,
      zlib.gzipSync(await tarOf([{ name: 'cargo-lambda', mode: 0o755, content: 'CL' }])),
    )
    const out = fs.mkdtempSync(path.join(dir, 'flat-'))
    execFileSync('tar', ['-xzf', gz, '-C', out])
    expect(await archiveFolderDigest(gz, { compression: 'gzip', root: '' })).toBe(
      (await contentDigests(out, ['.']))['.'],
    )
  })

  it('says so when xz is not there, so the caller extracts instead', async () => {
    const plain = path.join(dir, 'tool.tar')
    fs.writeFileSync(plain, await tarOf(entries))
    execFileSync('xz', [plain])
    const saved = process.env.PATH
    process.env.PATH = dir
    try {
      await expect(
        archiveFolderDigest(`${plain}.xz`, { compression: 'xz', root: 'pkg' }),
      ).rejects.toBeInstanceOf(ArchiveStreamUnavailable)
    } finally {
      process.env.PATH = saved
    }
  })

  it('fails on an archive that does not decompress', async () => {
    const bad = path.join(dir, 'bad.tar.xz')
    fs.writeFileSync(bad, 'not xz')
    await expect(archiveFolderDigest(bad, { compression: 'xz', root: '' })).rejects.toThrow(/xz/)
  })
})

describe('relativeTo', () => {
  it('names entries as tar extracts them, relative to the folder', () => {
    expect(relativeTo('pkg', './pkg/lib/a')).toBe('lib/a')
    expect(relativeTo('pkg', '/pkg/./lib/a/')).toBe('lib/a')
    expect(relativeTo('pkg', 'pkg/')).toBeUndefined()
    expect(relativeTo('pkg', 'pkgx/a')).toBeUndefined()
    expect(relativeTo('', './a/b')).toBe('a/b')
    expect(relativeTo('', './')).toBeUndefined()
  })
})
