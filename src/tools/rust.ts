/**
 * Rust: choose the toolchain (rust-toolchain(.toml) > `rust-toolchain` input > stable), install
 * it with rustup when missing, and make sure the target's standard library is there: rustup adds
 * it for rustup toolchains; linked toolchains ("does not support components") are checked in
 * their sysroot instead.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import { parse as parseToml } from 'smol-toml'
import { Inputs } from '../constants.js'
import { ToolError } from '../errors.js'
import type { ToolReport, ToolSource } from '../types.js'
import { inert } from '../log.js'
import { capture, tail } from '../util/command.js'

/** The toolchain files rustup reads, in the order it prefers them. */
export const ToolchainFiles = ['rust-toolchain', 'rust-toolchain.toml'] as const

export interface ToolchainFileSettings {
  /** A channel (`stable`, `1.85.0`, `nightly-2025-01-01`) or a custom toolchain name/path. */
  readonly toolchain: string
  readonly components: readonly string[]
  readonly profile: string | undefined
}

/** Pure: the toolchain a `rust-toolchain` / `rust-toolchain.toml` file asks for. */
export function parseToolchainFile(fileName: string, text: string): ToolchainFileSettings {
  const trimmed = text.trim()
  // The legacy `rust-toolchain` file may hold a bare toolchain name on one line.
  if (!fileName.endsWith('.toml') && /^[^\s[\]="]+$/.test(trimmed)) {
    return { toolchain: trimmed, components: [], profile: undefined }
  }
  let doc: Record<string, unknown>
  try {
    doc = parseToml(trimmed)
  } catch (e) {
    throw new ToolError(`${fileName} is not valid TOML: ${(e as Error).message.split('\n')[0]}`)
  }
  const section = doc.toolchain as Record<string, unknown> | undefined
  const channel = section?.channel ?? section?.path
  if (typeof channel !== 'string' || channel.trim() === '') {
    throw new ToolError(
      `${fileName} names no toolchain: expected [toolchain] with channel = "stable" (or a version such as "1.85.0").`,
    )
  }
  const components = Array.isArray(section?.components)
    ? section.components.filter((c): c is string => typeof c === 'string')
    : []
  const profile = typeof section?.profile === 'string' ? section.profile : undefined
  return { toolchain: channel.trim(), components, profile }
}

export interface ToolchainChoice extends ToolchainFileSettings {
  /** Where the choice came from, for the log. */
  readonly from: string
}

/** Pure: file (found by the caller) > input > stable. */
export function chooseToolchain(
  file: { readonly path: string; readonly text: string } | undefined,
  input: string | undefined,
): ToolchainChoice {
  if (file !== undefined) {
    return { ...parseToolchainFile(path.basename(file.path), file.text), from: file.path }
  }
  if (input !== undefined) {
    return {
      toolchain: input,
      components: [],
      profile: undefined,
      from: `input '${Inputs.RustToolchain}'`,
    }
  }
  return { toolchain: 'stable', components: [], profile: undefined, from: 'default' }
}

/** rustup looks for a toolchain file in the project folder and its parents. */
export function findToolchainFile(
  dir: string,
  stopAt: string,
): { path: string; text: string } | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    for (const name of ToolchainFiles) {
      const p = path.join(d, name)
      if (fs.existsSync(p) && fs.statSync(p).isFile()) {
        return { path: p, text: fs.readFileSync(p, 'utf8') }
      }
    }
    if (d === stopAt || path.dirname(d) === d) return undefined
  }
}

/** Pure: `rustc -vV` fields. */
export function parseRustcVersion(text: string): { release: string; host: string } {
  const field = (name: string): string =>
    new RegExp(`^${name}: (.+)$`, 'm').exec(text)?.[1]?.trim() ?? 'unknown'
  return { release: field('release'), host: field('host') }
}

/** Pure: the error for a linked toolchain whose sysroot lacks the target's std. */
export function missingStdMessage(toolchain: string, triple: string, sysroot: string): string {
  return (
    `The Rust toolchain '${toolchain}' has no standard library for the target ${triple} ` +
    `(${path.join(sysroot, 'lib', 'rustlib', triple)} does not exist), and rustup cannot add ` +
    `targets to a linked toolchain. Install that target's std into the toolchain (on Debian/Ubuntu: ` +
    `the libstd-rust-dev package of the target architecture, e.g. libstd-rust-dev:arm64), or use ` +
    `a rustup toolchain ('${Inputs.RustToolchain}: stable'), for which the action runs ` +
    `\`rustup target add ${triple}\`.`
  )
}

export interface RustInstall {
  readonly toolchain: string
  readonly rustcVersion: string
  readonly report: ToolReport
}

const rustupEnv = { RUSTUP_AUTO_INSTALL: '0', RUST_BACKTRACE: '0' }

export async function installRust(
  workingDirectory: string,
  workspace: string,
  input: string | undefined,
  triple: string,
): Promise<RustInstall> {
  const started = Date.now()
  const choice = chooseToolchain(findToolchainFile(workingDirectory, workspace), input)
  const tc = choice.toolchain
  core.info(`Rust toolchain '${inert(tc)}' (from ${inert(choice.from)}).`)

  const rustup = await capture('rustup', ['--version'], { env: rustupEnv })
  if (rustup.code !== 0) {
    throw new ToolError(
      `rustup was not found on PATH (${tail(rustup.stderr, 1)}). GitHub's Ubuntu and macOS runners ship it; on other runners install it first (https://rustup.rs).`,
    )
  }

  let source: ToolSource = 'preinstalled'
  let vv = await capture('rustup', ['run', tc, 'rustc', '-vV'], { env: rustupEnv })
  if (vv.code !== 0) {
    core.info(`Toolchain '${tc}' is not installed: rustup toolchain install ${tc}`)
    const args = ['toolchain', 'install', tc, '--profile', choice.profile ?? 'minimal']
    args.push('--target', triple, '--no-self-update')
    for (const c of choice.components) args.push('--component', c)
    const install = await capture('rustup', args, { env: rustupEnv, cwd: workingDirectory })
    if (install.code !== 0) {
      throw new ToolError(
        `rustup could not install the Rust toolchain '${tc}' (from ${choice.from}): ${tail(install.stderr)}`,
      )
    }
    source = 'download'
    vv = await capture('rustup', ['run', tc, 'rustc', '-vV'], { env: rustupEnv })
    if (vv.code !== 0) {
      throw new ToolError(`rustc of toolchain '${tc}' does not run: ${tail(vv.stderr)}`)
    }
  }
  const rustcVersion = vv.stdout.trim()
  const added = await ensureTarget(tc, triple)
  // Everything this step runs later (cargo lambda build) uses the same toolchain.
  process.env.RUSTUP_TOOLCHAIN = tc
  const { release } = parseRustcVersion(rustcVersion)
  core.info(rustcVersion)
  return {
    toolchain: tc,
    rustcVersion,
    report: {
      name: 'rust',
      version: release,
      source,
      detail: `${tc}${added ? `, added ${triple}` : ''}`,
      ms: Date.now() - started,
    },
  }
}

/** Makes sure the target's std is available; returns whether rustup added it. */
async function ensureTarget(tc: string, triple: string): Promise<boolean> {
  const installed = await capture('rustup', [`+${tc}`, 'target', 'list', '--installed'], {
    env: rustupEnv,
  })
  if (installed.code === 0 && installed.stdout.split(/\s+/).includes(triple)) return false

  const sysrootOut = await capture('rustup', ['run', tc, 'rustc', '--print', 'sysroot'], {
    env: rustupEnv,
  })
  const sysroot = sysrootOut.stdout.trim()
  const hasStd = (): boolean =>
    sysroot !== '' && fs.existsSync(path.join(sysroot, 'lib', 'rustlib', triple, 'lib'))
  if (hasStd()) {
    core.info(`Target ${triple}: found in ${path.join(sysroot, 'lib', 'rustlib', triple)}.`)
    return false
  }

  core.info(`rustup +${tc} target add ${triple}`)
  const add = await capture('rustup', [`+${tc}`, 'target', 'add', triple], { env: rustupEnv })
  if (add.code === 0) return true
  if (/does not support components/.test(add.stderr)) {
    throw new ToolError(missingStdMessage(tc, triple, sysroot))
  }
  throw new ToolError(
    `rustup could not add the target ${triple} to the toolchain '${tc}': ${tail(add.stderr)}`,
  )
}
