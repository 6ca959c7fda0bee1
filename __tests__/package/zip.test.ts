import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PackageError } from '../../src/errors.js'
import {
  includeEntries,
  writeZip,
  zipEntries,
  zipTimestamp,
  type ZipEntry,
} from '../../src/package/zip.js'
import { repoRoot } from '../../test/support/harness.js'
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
    // Another process, another time zone: the action's own module, as a runner far away runs it.
    const b = path.join(dir, 'b.zip')
    const script = path.join(dir, 'write.ts')
    fs.writeFileSync(
      script,
      `import { writeZip, zipEntries, zipTimestamp } from ${JSON.stringify(path.join(repoRoot, 'src/package/zip.ts'))}
await writeZip(${JSON.stringify(b)}, zipEntries('function', 'api', ${JSON.stringify(binary)}, []), zipTimestamp(undefined))
`,
    )
    execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'vite-node'), [script], {
      env: { ...process.env, TZ: 'Pacific/Kiritimati' },
      cwd: repoRoot,
    })
    expect(sha(b)).toBe(sha(a))
  })

  it('SOURCE_DATE_EPOCH sets the timestamp (in UTC), clamped to what a zip can hold', async () => {
    const zip = path.join(dir, 'epoch.zip')
    // 2023-11-14T22:13:20Z
    await writeZip(zip, zipEntries('function', 'api', binary, []), zipTimestamp('1700000000'))
    const [e] = await readZip(zip)
    expect(e?.dosDate).toBe(((2023 - 1980) << 9) | (11 << 5) | 14)
    expect(e?.dosTime).toBe((22 << 11) | (13 << 5) | (20 >> 1))
    expect(zipTimestamp('0').getTime()).toBe(zipTimestamp(undefined).getTime())
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

  it('refuses paths outside the project, missing files, and a second bootstrap', () => {
    expect(() => includeEntries(['../etc'], dir)).toThrow(/not inside the project folder/)
    expect(() => includeEntries(['missing.txt'], dir)).toThrow(/does not exist/)
    const clash: ZipEntry = { name: 'bootstrap', source: binary, mode: 0o644 }
    expect(() => zipEntries('function', 'api', binary, [clash])).toThrow(
      /the zip of 'api' already holds/,
    )
  })
})
