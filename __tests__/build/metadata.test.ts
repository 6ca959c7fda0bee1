import { execFileSync } from 'node:child_process'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  parseMetadata,
  selectBinaries,
  type Selection,
  type WorkspaceInfo,
} from '../../src/build/metadata.js'
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

const all: Selection = { package: undefined, binaries: [], features: [], extension: false }

describe('the binaries of a project (real cargo metadata of the examples)', () => {
  let workspace: WorkspaceInfo
  let hello: WorkspaceInfo
  beforeAll(() => {
    workspace = metadataOf(path.join(examples, 'workspace'))
    hello = metadataOf(path.join(examples, 'hello'))
  })

  it('a single crate: its one function', () => {
    expect(selectBinaries(hello, all)).toEqual([
      { bin: 'hello', package: 'hello', kind: 'function' },
    ])
    expect(hello.targetDirectory).toBe(path.join(examples, 'hello', 'target'))
  })

  it('a workspace: every function, and the package marked as an extension', () => {
    const plans = selectBinaries(workspace, all)
    expect(plans.sort((a, b) => a.bin.localeCompare(b.bin))).toEqual([
      { bin: 'audit', package: 'audit', kind: 'extension' },
      { bin: 'count', package: 'count', kind: 'function' },
      { bin: 'greet', package: 'greet', kind: 'function' },
    ])
  })

  it('package and binaries narrow the choice; extension makes every binary an extension', () => {
    expect(selectBinaries(workspace, { ...all, package: 'greet' })).toEqual([
      { bin: 'greet', package: 'greet', kind: 'function' },
    ])
    expect(selectBinaries(workspace, { ...all, binaries: ['count'], extension: true })).toEqual([
      { bin: 'count', package: 'count', kind: 'extension' },
    ])
  })

  it('names the unknown package or binary and lists what exists', () => {
    expect(() => selectBinaries(workspace, { ...all, package: 'nope' })).toThrow(InputError)
    expect(() => selectBinaries(workspace, { ...all, package: 'nope' })).toThrow(
      /Input 'package' is 'nope': is not a member .*members: lambda-rt, greet, count, audit/,
    )
    expect(() => selectBinaries(workspace, { ...all, binaries: ['greet', 'gret'] })).toThrow(
      /names 'gret', which is not a binary of the workspace \(binaries: greet, count, audit\)/,
    )
    expect(() => selectBinaries(workspace, { ...all, package: 'lambda-rt' })).toThrow(BuildError)
  })
})

describe('selection rules on hand-made metadata', () => {
  const ws = (packages: WorkspaceInfo['packages']): WorkspaceInfo => ({
    workspaceRoot: '/w',
    targetDirectory: '/w/target',
    packages,
  })

  it('skips a binary whose required-features are not enabled, like cargo build', () => {
    const w = ws([
      {
        name: 'api',
        manifestPath: '/w/api/Cargo.toml',
        extension: false,
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
        manifestPath: '',
        extension: false,
        bins: [{ name: 'x', requiredFeatures: [] }],
      },
      {
        name: 'b',
        manifestPath: '',
        extension: false,
        bins: [{ name: 'x', requiredFeatures: [] }],
      },
    ])
    expect(() => selectBinaries(w, all)).toThrow(/'a' and 'b' both have a binary named 'x'/)
  })
})
