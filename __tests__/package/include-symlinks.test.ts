/**
 * `include` never ships a file from outside the project: every listed path, and every symlink
 * inside a listed folder, is checked with symlinks followed (a pull request can add a symlink).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PackageError } from '../../src/errors.js'
import { includeEntries } from '../../src/package/include.js'
import { writeZip, zipTimestamp } from '../../src/package/zip.js'
import { readZip } from '../../test/support/unzip.js'

let root: string
let project: string
let outside: string

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-include-'))
  project = path.join(root, 'project')
  fs.mkdirSync(path.join(project, 'static', 'css'), { recursive: true })
  fs.writeFileSync(path.join(project, 'static', 'index.html'), '<html>')
  fs.writeFileSync(path.join(project, 'static', 'css', 'site.css'), 'body{}')
  outside = path.join(root, 'runner-secret')
  fs.writeFileSync(outside, 'SECRET OF THE RUNNER')
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(PackageError)
    return (e as Error).message
  }
  throw new Error('expected a refusal')
}

describe('include and symlinks', () => {
  it('refuses an entry that is a symlink to a file outside the project, naming entry and target', () => {
    fs.symlinkSync(outside, path.join(project, 'config.json'))
    expect(refusal(() => includeEntries(['config.json'], project))).toBe(
      `Input 'include' names 'config.json', a symlink to ${outside}, outside the project folder ${project}: files from outside the project are never zipped. Remove the symlink, or copy the file into the project.`,
    )
  })

  it('refuses a folder that holds such a symlink, naming the entry inside it', () => {
    fs.symlinkSync('../../runner-secret', path.join(project, 'static', 'passwd'))
    expect(refusal(() => includeEntries(['static'], project))).toContain(
      `Input 'include' names 'static', which holds 'static/passwd', a symlink to ${outside}, outside the project folder`,
    )
  })

  it('refuses a symlinked folder that leads outside, and a path through it', () => {
    fs.mkdirSync(path.join(root, 'elsewhere'))
    fs.writeFileSync(path.join(root, 'elsewhere', 'x'), 'x')
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(project, 'linked'))
    expect(refusal(() => includeEntries(['linked'], project))).toContain(
      `names 'linked', a symlink to ${path.join(root, 'elsewhere')}, outside`,
    )
    expect(refusal(() => includeEntries(['linked/x'], project))).toContain(
      `names 'linked/x', a symlink to ${path.join(root, 'elsewhere', 'x')}, outside`,
    )
  })

  it('a symlink that stays inside is stored as the file it points to; the outside file is in no zip', async () => {
    fs.symlinkSync('css/site.css', path.join(project, 'static', 'theme.css'))
    fs.symlinkSync('static/index.html', path.join(project, 'index.html'))
    const entries = includeEntries(['static', 'index.html'], project)
    expect(entries.map((e) => e.name).sort()).toEqual([
      'index.html',
      'static/css/site.css',
      'static/index.html',
      'static/theme.css',
    ])
    const zip = path.join(root, 'out.zip')
    await writeZip(zip, entries, zipTimestamp('1577836800'))
    const files = await readZip(zip)
    const byName = new Map(files.map((f) => [f.name, f]))
    expect(byName.get('static/theme.css')?.data.toString()).toBe('body{}')
    expect(byName.get('index.html')?.data.toString()).toBe('<html>')
    for (const f of files) expect(f.data.toString()).not.toContain('SECRET')
  })

  it('a symlink loop inside the project is walked once', () => {
    fs.symlinkSync('..', path.join(project, 'static', 'css', 'up'))
    const names = includeEntries(['static'], project).map((e) => e.name)
    expect(names).toContain('static/css/site.css')
    expect(names.length).toBeLessThan(10)
  })

  it('a dangling symlink is named', () => {
    fs.symlinkSync('nowhere', path.join(project, 'static', 'gone'))
    expect(refusal(() => includeEntries(['static'], project))).toContain(
      "which holds 'static/gone', a symlink to nowhere that does not exist",
    )
  })
})
