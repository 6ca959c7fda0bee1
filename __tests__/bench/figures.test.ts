import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArtifacts } from '../../bench/figures/binary-size.js'
import { servedBytes, toolTimes } from '../../bench/figures/cold-install.js'
import { binaryNames, deployMs, functionsInput, writeFleet } from '../../bench/figures/deploy.js'
import { checkTimes, toolChecks } from '../../bench/figures/verify.js'
import { editSource } from '../../bench/figures/warm.js'
import { buildCalls, downloadedCrates } from '../../bench/world.js'
import type { StepResult } from '../../test/support/harness.js'

const step = (lines: [number, string][], ms: number) => ({
  main: { lines: lines.map(([t, text]) => ({ ms: t, text })), ms } as StepResult,
})

describe('figure helpers', () => {
  it("reads the build command lines and the downloaded crates from the action's log", () => {
    const log = [
      '[command] cargo lambda --version',
      '[command] cargo lambda build --release --target aarch64-unknown-linux-gnu.2.34 --config \'profile.release.opt-level="z"\' --bin hello',
      '[command] /opt/tc/cargo-lambda/1.9.2/x64/cargo-lambda lambda build --release --extension',
      '  Downloading crates ...',
      '  Downloaded tokio v1.54.1',
      '  Downloaded lambda_runtime v1.5.0',
      '   Compiling tokio v1.54.1',
    ].join('\n')
    expect(buildCalls(log, '/w')).toEqual([
      {
        program: 'cargo',
        argv: [
          'lambda',
          'build',
          '--release',
          '--target',
          'aarch64-unknown-linux-gnu.2.34',
          '--config',
          'profile.release.opt-level="z"',
          '--bin',
          'hello',
        ],
        cwd: '/w',
      },
      {
        program: '/opt/tc/cargo-lambda/1.9.2/x64/cargo-lambda',
        argv: ['lambda', 'build', '--release', '--extension'],
        cwd: '/w',
      },
    ])
    expect(downloadedCrates(log)).toEqual(['tokio', 'lambda_runtime'])
  })

  it('adds up the Zig and cargo-lambda groups, with Rust apart', () => {
    const run = step(
      [
        [100, '::group::Rust toolchain for aarch64-unknown-linux-gnu'],
        [400, '::endgroup::'],
        [400, '::group::Zig 0.11.0'],
        [500, '::endgroup::'],
        [500, '::group::cargo-lambda 1.9.2'],
        [580, '::endgroup::'],
        [580, '::group::Restoring the cargo cache'],
        [2000, '::endgroup::'],
      ],
      2100,
    )
    expect(toolTimes(run)).toEqual({ install: 180, rust: 300 })
  })

  it('counts the bytes a mirror served between two snapshots', () => {
    const sizes: Record<string, number> = { '/zig.tar.xz': 1000, '/cl.tar.gz': 10 }
    const before = new Map([['/zig.tar.xz', 1]])
    const after = new Map([
      ['/zig.tar.xz', 2],
      ['/cl.tar.gz', 3],
    ])
    expect(servedBytes(before, after, (p) => sizes[p] ?? 0)).toBe(1030)
  })

  it('reads the sizes from the artifacts output and refuses a missing one', () => {
    expect(parseArtifacts('[{"bin":"hello","binarySize":300,"zipSize":120,"sha256":"x"}]')).toEqual(
      [{ bin: 'hello', binarySize: 300, zipSize: 120 }],
    )
    expect(() => parseArtifacts(undefined)).toThrow(/no artifacts output/)
    expect(() => parseArtifacts('[{"bin":"x"}]')).toThrow(/lacks bin or binarySize/)
  })

  it('maps a generated fleet of binaries to functions, and times the Deploy group', () => {
    expect(binaryNames(3)).toEqual(['f01', 'f02', 'f03'])
    expect(functionsInput(['f01', 'f02'])).toBe('f01=bench-f01\nf02=bench-f02')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-'))
    try {
      writeFleet(dir, 12)
      expect(fs.readdirSync(path.join(dir, 'src', 'bin'))).toHaveLength(12)
      expect(fs.readFileSync(path.join(dir, 'src', 'bin', 'f12.rs'), 'utf8')).toContain('"f12"')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
    const run = step(
      [
        [10, '::group::Deploy 2 functions'],
        [910, '::endgroup::'],
      ],
      1000,
    )
    expect(deployMs(run)).toBe(900)
    expect(() => deployMs(step([[10, 'no groups']], 20))).toThrow(/no Deploy group/)
  })

  it('changes exactly one line of the example each time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edit-'))
    const file = path.join(dir, 'main.rs')
    const original = fs.readFileSync(path.join('examples', 'hello', 'src', 'main.rs'), 'utf8')
    try {
      fs.writeFileSync(file, original)
      editSource(file, 1)
      editSource(file, 2)
      const before = original.split('\n')
      const after = fs.readFileSync(file, 'utf8').split('\n')
      expect(after).toHaveLength(before.length)
      const changed = after.filter((l, i) => l !== before[i])
      expect(changed).toHaveLength(1)
      expect(changed[0]).toContain('Hello, {name}! (edit 2)')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the verification figure', () => {
  const log = (by: string, zig: string, cl: string): string =>
    [
      '::group::Zig 0.15.2',
      `zig 0.15.2 found in the tool cache and checked against ${by} in ${zig} (CPU 300 ms): /tc/zig/0.15.2/x64`,
      'zig version: 0.15.2 (/tc/zig/0.15.2/x64/zig)',
      '::endgroup::',
      `cargo-lambda 1.9.2 found in the tool cache and checked against ${by} in ${cl} (CPU 1.5 s): /tc/cargo-lambda/1.9.2/x64`,
    ].join('\n')

  it('reads the time of each tool check the action logs, in ms or s', () => {
    expect(toolChecks(log('content pins', '212 ms', '31 ms'))).toEqual([
      { tool: 'zig', by: 'content pins', ms: 212, cpuMs: 300 },
      { tool: 'cargo-lambda', by: 'content pins', ms: 31, cpuMs: 1500 },
    ])
    expect(checkTimes(log('verified archive', '41.5 s', '1.2 s'), 'verified archive')).toEqual({
      ms: 42_700,
      cpuMs: 1800,
    })
  })

  it('refuses a run where a tool was not checked the way the figure measures', () => {
    expect(() => checkTimes(log('verified archive', '41.5 s', '1.2 s'), 'content pins')).toThrow(
      /checked against content pins/,
    )
    expect(() =>
      checkTimes(
        'zig 0.15.2 found in the tool cache and checked against content pins in 5 ms (CPU 4 ms): /x',
        'content pins',
      ),
    ).toThrow()
  })
})
