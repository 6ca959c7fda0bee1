/**
 * Build failures that need no compiler: cargo-lambda failing to start, and a build that reports
 * success but leaves no binary. `cargo metadata` (real cargo, no compile) reads the project.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runCargoLambda } from '../../src/build/cargo-lambda.js'
import { readCargoProject } from '../../src/cargo/metadata.js'
import { buildFunctions } from '../../src/build/index.js'
import { readConfig } from '../../src/config/index.js'
import { BuildError } from '../../src/errors.js'
import type { Toolchain } from '../../src/types.js'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-build-fail-'))
  // The step's log (workflow commands), not the test's.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => {
  vi.restoreAllMocks()
  fs.rmSync(dir, { recursive: true, force: true })
})

const runOptions = (cargoLambda: string) => ({
  cargoLambda,
  cwd: dir,
  env: { PATH: process.env.PATH ?? '' },
  pathPrefix: '',
  what: 'function hello',
})

describe('cargo-lambda failing to start', () => {
  it('a missing file: names the path, the function and what to check', async () => {
    const missing = path.join(dir, 'tool-cache', 'cargo-lambda')
    const error = await runCargoLambda(['lambda', 'build'], runOptions(missing)).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(BuildError)
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Could not start cargo-lambda \\(${missing}\\) for function hello: .*${missing}.*\\. The tools stage installed and verified it there: a missing or non-executable file means something removed or changed it during the job`,
      ),
    )
    expect((error as Error).message).not.toMatch(/Is cargo on PATH/)
  })

  it('a file that is not executable', async () => {
    const file = path.join(dir, 'cargo-lambda')
    fs.writeFileSync(file, '#!/bin/sh\nexit 0\n', { mode: 0o644 })
    const error = await runCargoLambda(['lambda', 'build'], runOptions(file)).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(BuildError)
    expect((error as Error).message).toMatch(
      /^Could not start cargo-lambda \(.*\) for function hello: /,
    )
  })
})

describe('a build that succeeds but leaves no binary', () => {
  it('fails naming the binary, where it was expected, and the cargo-args that move it', async () => {
    const workspace = path.join(dir, 'workspace')
    fs.mkdirSync(path.join(workspace, 'src'), { recursive: true })
    fs.writeFileSync(
      path.join(workspace, 'Cargo.toml'),
      '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n',
    )
    fs.writeFileSync(path.join(workspace, 'src', 'main.rs'), 'fn main() {}\n')
    // A crafted cargo-lambda that exits 0 and writes nothing: the real one leaves the binary
    // elsewhere only after a real compile (with --lambda-dir in cargo-args), which a unit test
    // does not run.
    const quiet = path.join(dir, 'cargo-lambda')
    fs.writeFileSync(quiet, '#!/bin/sh\nexit 0\n', { mode: 0o755 })
    const config = readConfig((name) => ({ architecture: 'x86_64' })[name] ?? '', {
      GITHUB_WORKSPACE: workspace,
    })
    const toolchain = {
      rustToolchain: 'stable',
      cargoLambdaPath: quiet,
      zigCacheDir: path.join(dir, 'zig-cache'),
    } as Toolchain
    const ws = await readCargoProject(workspace, {}, config.cargoArgs)
    const error = await buildFunctions(config, toolchain, ws).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BuildError)
    const expected = path.join(workspace, 'target', 'lambda', 'hello', 'bootstrap')
    expect((error as Error).message).toBe(
      `cargo lambda build succeeded but left no function 'hello' at ${expected}: check 'cargo-args' for flags that change the output folder (--lambda-dir, --target-dir).`,
    )
  })
})
