import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PackageError } from '../../src/errors.js'
import { includeEntries } from '../../src/package/include.js'
import { writeZip, zipEntries, zipTimestamp, type ZipEntry } from '../../src/package/zip.js'
import { readZip } from '../../test/support/unzip.js'

let dir: string
let binary: string
const DOS_1980_01_01 = (0 << 9) | (1 << 5) | 1

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-zip-'))
  binary = path.join(dir, 'bootstrap')
  // Something binary-like and compressible, as an executable is.
  fs.writeFileSync(binary, Buffer.concat([fs.readFileSync('/bin/ls'), Buffer.alloc(4096, 7)]))
  fs.chmodSync(binary, 0o600) // the zip must say 0755 whatever the file says
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const OFFSETS: Record<string, number> = {
  UTC: 0,
  'America/New_York': 300,
  'Pacific/Kiritimati': -840,
}

/** Runs `fn` with the process in time zone `tz` (Node re-reads TZ when it is assigned). */
async function inTimeZone<T>(tz: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.TZ
  process.env.TZ = tz
  try {
    // The zone really is in effect, or the test would prove nothing.
    expect(new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset()).toBe(OFFSETS[tz])
    return await fn()
  } finally {
    if (before === undefined) delete process.env.TZ
    else process.env.TZ = before
  }
}

const sha = (file: string): string =>
  createHash('sha256').update(fs.readFileSync(file)).digest('hex')

describe('reproducible zips', () => {
  it('a function zip holds exactly bootstrap, mode 0755, dated 1980-01-01, deflated', async () => {
    const zip = path.join(dir, 'f.zip')
    const size = await writeZip(
      zip,
      zipEntries('function', 'api', binary, []),
      zipTimestamp(undefined),
    )
    expect(size).toBe(fs.statSync(binary).size)
    const entries = await readZip(zip)
    expect(entries.map((e) => e.name)).toEqual(['bootstrap'])
    const [e] = entries
    expect(e?.mode).toBe(0o100755)
    expect(e?.dosDate).toBe(DOS_1980_01_01)
    expect(e?.dosTime).toBe(0)
    expect(e?.method).toBe(8)
    expect(e?.extraFields).toBe(0) // no extended timestamp: nothing time-zone dependent
    expect(e?.data.equals(fs.readFileSync(binary))).toBe(true)
  })

  it('identical input gives byte-identical zips, whatever the file times and time zone', async () => {
    const a = path.join(dir, 'a.zip')
    await writeZip(a, zipEntries('function', 'api', binary, []), zipTimestamp(undefined))
    fs.utimesSync(binary, new Date(), new Date(2001, 1, 1))
    // Another time zone, as a runner far away has it (the test pool runs each file in its own process).
    const b = path.join(dir, 'b.zip')
    await inTimeZone('Pacific/Kiritimati', () =>
      writeZip(b, zipEntries('function', 'api', binary, []), zipTimestamp(undefined)),
    )
    expect(sha(b)).toBe(sha(a))
  })

  it('SOURCE_DATE_EPOCH in a daylight-saving gap gives the same zip in every time zone', async () => {
    // 2024-03-10T02:30:00Z: 02:30 on that day does not exist in New York (clocks went 02:00 -> 03:00).
    const epoch = '1710037800'
    const utc = path.join(dir, 'gap-utc.zip')
    const newYork = path.join(dir, 'gap-ny.zip')
    await inTimeZone('UTC', () =>
      writeZip(utc, zipEntries('function', 'api', binary, []), zipTimestamp(epoch)),
    )
    await inTimeZone('America/New_York', () =>
      writeZip(newYork, zipEntries('function', 'api', binary, []), zipTimestamp(epoch)),
    )
    const [e] = await readZip(newYork)
    expect(e?.dosDate).toBe(((2024 - 1980) << 9) | (3 << 5) | 10)
    expect(e?.dosTime).toBe((2 << 11) | (30 << 5))
    expect(sha(newYork)).toBe(sha(utc))
  })

  it('SOURCE_DATE_EPOCH sets the timestamp (in UTC), clamped to what a zip can hold', async () => {
    const zip = path.join(dir, 'epoch.zip')
    // 2023-11-14T22:13:20Z
    await writeZip(zip, zipEntries('function', 'api', binary, []), zipTimestamp('1700000000'))
    const [e] = await readZip(zip)
    expect(e?.dosDate).toBe(((2023 - 1980) << 9) | (11 << 5) | 14)
    expect(e?.dosTime).toBe((22 << 11) | (13 << 5) | (20 >> 1))
    expect(zipTimestamp('0')).toEqual(zipTimestamp(undefined))
    expect(() => zipTimestamp('yesterday')).toThrow(PackageError)
  })

  it('an extension zip holds extensions/ and extensions/<name>', async () => {
    const zip = path.join(dir, 'ext.zip')
    await writeZip(zip, zipEntries('extension', 'audit', binary, []), zipTimestamp(undefined))
    const entries = await readZip(zip)
    expect(entries.map((e) => [e.name, e.mode.toString(8)])).toEqual([
      ['extensions/', '40755'],
      ['extensions/audit', '100755'],
    ])
  })
})

describe('include files', () => {
  it('adds files and folders at their relative paths, sorted, executables kept 0755', async () => {
    const project = path.join(dir, 'project')
    fs.mkdirSync(path.join(project, 'config', 'nested'), { recursive: true })
    fs.writeFileSync(path.join(project, 'config', 'b.json'), '{}')
    fs.writeFileSync(path.join(project, 'config', 'nested', 'a.txt'), 'a')
    fs.writeFileSync(path.join(project, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 })
    const includes = includeEntries(['run.sh', 'config', 'config/b.json'], project)
    const zip = path.join(dir, 'inc.zip')
    await writeZip(zip, zipEntries('function', 'api', binary, includes), zipTimestamp(undefined))
    expect((await readZip(zip)).map((e) => [e.name, e.mode.toString(8)])).toEqual([
      ['bootstrap', '100755'],
      ['config/b.json', '100644'],
      ['config/nested/a.txt', '100644'],
      ['run.sh', '100755'],
    ])
  })

  it('keeps empty folders as folder entries, listed directly or inside a listed folder', async () => {
    const project = path.join(dir, 'with-empty')
    fs.mkdirSync(path.join(project, 'static', 'cache'), { recursive: true })
    fs.mkdirSync(path.join(project, 'static', 'deep', 'er'), { recursive: true })
    fs.mkdirSync(path.join(project, 'tmp'))
    fs.writeFileSync(path.join(project, 'static', 'index.html'), '<p>hi</p>')
    const includes = includeEntries(['static', 'tmp'], project)
    const zip = path.join(dir, 'empty-dirs.zip')
    await writeZip(zip, zipEntries('function', 'api', binary, includes), zipTimestamp(undefined))
    expect((await readZip(zip)).map((e) => [e.name, e.mode.toString(8)])).toEqual([
      ['bootstrap', '100755'],
      ['static/cache/', '40755'],
      ['static/deep/er/', '40755'],
      ['static/index.html', '100644'],
      ['tmp/', '40755'],
    ])
  })

  it('refuses paths outside the project, missing files, and a second bootstrap', () => {
    expect(() => includeEntries(['../etc'], dir)).toThrow(/not inside the project folder/)
    expect(() => includeEntries(['missing.txt'], dir)).toThrow(/does not exist/)
    const clash: ZipEntry = { name: 'bootstrap', source: binary, mode: 0o644 }
    expect(() => zipEntries('function', 'api', binary, [clash])).toThrow(
      /the zip of 'api' already holds/,
    )
  })
})

describe('the deflate stream is pinned', () => {
  it('a fixed input gives a zip with a known SHA-256 (a new deflater or Node must not change it)', async () => {
    // Deterministic input: text-like lines and pseudo-random bytes from a fixed seed, compressible
    // in part, as an executable is. No file of this machine is read.
    let seed = 0x2545f491
    const random = Buffer.alloc(64 * 1024)
    for (let i = 0; i < random.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      random[i] = seed >>> 24
    }
    const lines = Array.from({ length: 4000 }, (_, i) => `symbol_${i % 97}_${(i * 7919) % 1000}\n`)
    const project = path.join(dir, 'pinned')
    fs.mkdirSync(path.join(project, 'assets', 'empty'), { recursive: true })
    fs.writeFileSync(
      path.join(project, 'bootstrap'),
      Buffer.concat([random, Buffer.from(lines.join(''))]),
    )
    fs.writeFileSync(path.join(project, 'assets', 'config.json'), '{"greeting":"hello"}\n')
    fs.writeFileSync(path.join(project, 'assets', 'blank.txt'), '')
    const zip = path.join(dir, 'pinned.zip')
    await writeZip(
      zip,
      zipEntries(
        'function',
        'api',
        path.join(project, 'bootstrap'),
        includeEntries(['assets'], project),
      ),
      zipTimestamp('1700000000'),
    )
    expect((await readZip(zip)).map((e) => [e.name, e.method])).toEqual([
      ['bootstrap', 8],
      ['assets/blank.txt', 0],
      ['assets/config.json', 0], // too small to gain from deflate: stored
      ['assets/empty/', 0],
    ])
    expect(sha(zip)).toBe('7f7d8e2bfe60b50d8a9f2330a6a1e5655cb9fcb830df5c5a6ccbf212c038c96d')
  })
})
