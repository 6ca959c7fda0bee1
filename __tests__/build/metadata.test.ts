import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBinaries, type Selection } from '../../src/build/metadata.js'
import { namesLockedTwice, parseMetadata, type WorkspaceInfo } from '../../src/cargo/metadata.js'
import { BuildError, InputError } from '../../src/errors.js'
import { repoRoot } from '../../test/support/harness.js'

const examples = path.join(repoRoot, 'examples')
const metadataOf = (dir: string): WorkspaceInfo =>
  parseMetadata(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], {
      cwd: dir,
      encoding: 'utf8',
    }),
  )

const all: Selection = {
  package: undefined,
  binaries: [],
  features: [],
  cargoArgs: [],
  extension: false,
}

describe('the binaries of a project (real cargo metadata of the examples)', () => {
  let workspace: WorkspaceInfo
  let hello: WorkspaceInfo
  beforeAll(() => {
    workspace = metadataOf(path.join(examples, 'workspace'))
    hello = metadataOf(path.join(examples, 'hello'))
  })

  it('a single crate: its one function', () => {
    expect(selectBinaries(hello, all)).toEqual([
      { bin: 'hello', package: 'hello', packageSpec: 'hello', kind: 'function' },
    ])
    expect(hello.targetDirectory).toBe(path.join(examples, 'hello', 'target'))
  })

  it('a workspace: every function, and the package marked as an extension', () => {
    const plans = selectBinaries(workspace, all)
    expect(plans.sort((a, b) => a.bin.localeCompare(b.bin))).toEqual([
      { bin: 'audit', package: 'audit', packageSpec: 'audit', kind: 'extension' },
      { bin: 'count', package: 'count', packageSpec: 'count', kind: 'function' },
      { bin: 'greet', package: 'greet', packageSpec: 'greet', kind: 'function' },
    ])
  })

  it('package and binaries narrow the choice; extension makes every binary an extension', () => {
    expect(selectBinaries(workspace, { ...all, package: 'greet' })).toEqual([
      { bin: 'greet', package: 'greet', packageSpec: 'greet', kind: 'function' },
    ])
    expect(selectBinaries(workspace, { ...all, binaries: ['count'], extension: true })).toEqual([
      { bin: 'count', package: 'count', packageSpec: 'count', kind: 'extension' },
    ])
  })

  it('names the unknown package or binary and lists what exists', () => {
    expect(() => selectBinaries(workspace, { ...all, package: 'nope' })).toThrow(InputError)
    expect(() => selectBinaries(workspace, { ...all, package: 'nope' })).toThrow(
      /Input 'package' is 'nope': is not a member .*members: greeting, greet, count, audit/,
    )
    expect(() => selectBinaries(workspace, { ...all, binaries: ['greet', 'gret'] })).toThrow(
      /names 'gret', which is not a binary of the workspace \(binaries: greet, count, audit\)/,
    )
    expect(() => selectBinaries(workspace, { ...all, package: 'greeting' })).toThrow(BuildError)
  })
})

describe('selection rules on hand-made metadata', () => {
  const ws = (packages: WorkspaceInfo['packages']): WorkspaceInfo => ({
    workspaceRoot: '/w',
    targetDirectory: '/w/target',
    ambiguousNames: new Set(),
    packages,
  })

  it('skips a binary whose required-features are not enabled, like cargo build', () => {
    const w = ws([
      {
        name: 'api',
        id: 'path+file:///w/api#0.1.0',
        manifestPath: '/w/api/Cargo.toml',
        extension: false,
        features: {},
        pathDependencies: [],
        bins: [
          { name: 'api', requiredFeatures: [] },
          { name: 'admin', requiredFeatures: ['admin'] },
        ],
      },
    ])
    expect(selectBinaries(w, all).map((p) => p.bin)).toEqual(['api'])
    expect(selectBinaries(w, { ...all, features: ['api/admin'] }).map((p) => p.bin)).toEqual([
      'api',
      'admin',
    ])
  })

  it('refuses two packages with the same binary name (both would land in target/lambda/<bin>)', () => {
    const w = ws([
      {
        name: 'a',
        id: 'path+file:///w/a#0.1.0',
        manifestPath: '',
        extension: false,
        features: {},
        pathDependencies: [],
        bins: [{ name: 'x', requiredFeatures: [] }],
      },
      {
        name: 'b',
        id: 'path+file:///w/b#0.1.0',
        manifestPath: '',
        extension: false,
        features: {},
        pathDependencies: [],
        bins: [{ name: 'x', requiredFeatures: [] }],
      },
    ])
    expect(() => selectBinaries(w, all)).toThrow(/'a' and 'b' both have a binary named 'x'/)
  })
})

describe('required-features against the features cargo really enables (real cargo metadata)', () => {
  let dir: string
  let project: WorkspaceInfo
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-features-'))
    fs.mkdirSync(path.join(dir, 'src', 'bin'), { recursive: true })
    fs.writeFileSync(
      path.join(dir, 'Cargo.toml'),
      [
        '[package]',
        'name = "api"',
        'version = "0.1.0"',
        'edition = "2021"',
        '',
        '[features]',
        'default = ["full"]',
        'full = ["admin"]',
        'admin = []',
        'audit = []',
        '',
        '[[bin]]',
        'name = "admin"',
        'required-features = ["admin"]',
        '',
        '[[bin]]',
        'name = "audit"',
        'required-features = ["audit"]',
      ].join('\n'),
    )
    fs.writeFileSync(path.join(dir, 'src', 'bin', 'admin.rs'), 'fn main() {}\n')
    fs.writeFileSync(path.join(dir, 'src', 'bin', 'audit.rs'), 'fn main() {}\n')
    project = metadataOf(dir)
    return () => fs.rmSync(dir, { recursive: true, force: true })
  })

  const built = (sel: Partial<Selection>): string[] =>
    selectBinaries(project, { ...all, ...sel })
      .map((p) => p.bin)
      .sort()

  it('builds a bin whose required feature comes with the default features (through another feature)', () => {
    expect(built({})).toEqual(['admin'])
  })

  it('skips it under --no-default-features in cargo-args, and the features input brings it back', () => {
    expect(() => built({ cargoArgs: ['--no-default-features'] })).toThrow(/No binary to build/)
    expect(built({ cargoArgs: ['--no-default-features'], features: ['full'] })).toEqual(['admin'])
    expect(built({ features: ['audit'] })).toEqual(['admin', 'audit'])
    expect(built({ cargoArgs: ['--all-features'] })).toEqual(['admin', 'audit'])
    expect(built({ cargoArgs: ['--features=audit'] })).toEqual(['admin', 'audit'])
  })
})

describe('a binaries name that two packages have', () => {
  it('fails, naming both packages and the package input that settles it', () => {
    const w: WorkspaceInfo = {
      workspaceRoot: '/w',
      targetDirectory: '/w/target',
      ambiguousNames: new Set(),
      packages: [
        {
          name: 'a',
          id: 'path+file:///w/a#0.1.0',
          manifestPath: '',
          extension: false,
          features: {},
          pathDependencies: [],
          bins: [{ name: 'x', requiredFeatures: [] }],
        },
        {
          name: 'b',
          id: 'path+file:///w/b#0.1.0',
          manifestPath: '',
          extension: false,
          features: {},
          pathDependencies: [],
          bins: [{ name: 'x', requiredFeatures: [] }],
        },
      ],
    }
    const e = (() => {
      try {
        selectBinaries(w, { ...all, binaries: ['x'] })
      } catch (error) {
        return error as Error
      }
      throw new Error('expected a failure')
    })()
    expect(e).toBeInstanceOf(InputError)
    expect(e.message).toContain("'x' is a binary of both 'a' and 'b'")
    expect(e.message).toContain("Set 'package' to 'a' or 'b'")
    expect(selectBinaries(w, { ...all, binaries: ['x'], package: 'b' })).toEqual([
      { bin: 'x', package: 'b', packageSpec: 'b', kind: 'function' },
    ])
  })
})

describe('a member named like one of its dependencies (examples/http beside the http crate)', () => {
  const lockOf = (dir: string) => fs.readFileSync(path.join(dir, 'Cargo.lock'), 'utf8')

  it('gets its package ID spec for --package, where the plain name is ambiguous to cargo', () => {
    const dir = path.join(examples, 'http')
    const json = execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], {
      cwd: dir,
      encoding: 'utf8',
    })
    const [plan] = selectBinaries(parseMetadata(json, lockOf(dir)), all)
    expect(plan?.package).toBe('http')
    expect(plan?.packageSpec).toBe(`path+file://${fs.realpathSync(dir)}#0.1.0`)
  })

  it('keeps the plain name where Cargo.lock lists it once (cargo-lambda matches its metadata by it)', () => {
    const dir = path.join(examples, 'hello')
    const json = execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], {
      cwd: dir,
      encoding: 'utf8',
    })
    expect(selectBinaries(parseMetadata(json, lockOf(dir)), all)[0]?.packageSpec).toBe('hello')
  })

  it('reads the names a Cargo.lock lists twice, and nothing from an empty one', () => {
    const lock = [
      'version = 4',
      '[[package]]\nname = "http"\nversion = "0.1.0"',
      '[[package]]\nname = "http"\nversion = "1.5.0"\nsource = "registry+x"',
      '[[package]]\nname = "tower"\nversion = "0.5.0"',
    ].join('\n\n')
    expect([...namesLockedTwice(lock)]).toEqual(['http'])
    expect(namesLockedTwice('version = 4\n').size).toBe(0)
  })
})
