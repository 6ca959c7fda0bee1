/**
 * The release-profile policy. cargo-lambda APPENDS its own `--config profile.release.*` defaults
 * after the caller's arguments (last `--config` wins), so the `size` profile passes
 * `--disable-optimizations` and then its own keys. Keys the project sets always win: the action
 * leaves them out. It never sets RUSTFLAGS (that would replace the project's `build.rustflags`).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse as parseToml, type TomlTable } from 'smol-toml'
import type { Architecture, ProfileMode } from '../types.js'
import { BuildError } from '../errors.js'
import { cargoConfigFiles, cargoHome } from '../cargo/files.js'

export const ProfileKeys = ['opt-level', 'lto', 'codegen-units', 'panic', 'strip'] as const
export type ProfileKey = (typeof ProfileKeys)[number]

/** `profile: size`: every key, as TOML values for `--config`. */
export const SizeProfile: Readonly<Record<ProfileKey, string>> = {
  'opt-level': '"z"',
  lto: 'true',
  'codegen-units': '1',
  panic: '"abort"',
  strip: '"symbols"',
}

/** What cargo-lambda 1.x appends in release mode for keys the root Cargo.toml does not set. */
export const CargoLambdaDefaults: Readonly<Partial<Record<ProfileKey, string>>> = {
  strip: '"symbols"',
  lto: '"thin"',
  'codegen-units': '1',
  panic: '"abort"',
}

/** The target-cpu cargo-lambda adds through `build.rustflags` (Graviton2 / Lambda's x86 hosts). */
export const TargetCpu: Readonly<Record<Architecture, string>> = {
  arm64: 'neoverse-n1',
  x86_64: 'haswell',
}

/**
 * Pure: cargo-lambda 1.9.2's rule for `debug` (CargoProfileRelease::debug_enabled): debug info is
 * on unless the value is `false`, `0` or `"none"`. With it on, cargo-lambda leaves out its `strip`
 * default, and so does the `size` profile: stripping would drop the debug info the project asks
 * for. `value` is TOML text (`true`, `"none"`) or the raw CARGO_PROFILE_RELEASE_DEBUG value.
 */
export function debugInfoOn(value: string | undefined): boolean {
  if (value === undefined) return false
  const v = value.trim().replace(/^"(.*)"$/, '$1')
  return !(v === 'false' || v === '0' || v === 'none')
}

export type SettingSource = 'project' | 'action' | 'cargo-lambda'

/** One profile key in effect, and where it came from. */
export interface ProfileSetting {
  readonly key: string
  /** TOML value text, e.g. `"z"`, `true`, `1`. */
  readonly value: string
  readonly source: SettingSource
  /** For project keys: the file (or variable) that sets it. */
  readonly where?: string | undefined
}

/** A value the project sets, and where. */
export interface ProjectValue {
  readonly value: string
  readonly where: string
}

/** What the project itself configures, as far as the profile policy cares. */
export interface ProjectProfile {
  /** `[profile.release]` of the workspace root Cargo.toml. */
  readonly manifest: Readonly<Record<string, ProjectValue>>
  /** `profile.release.*` from .cargo/config.toml files and CARGO_PROFILE_RELEASE_* variables. */
  readonly config: Readonly<Record<string, ProjectValue>>
  /** Where the project's rustflags already choose a target-cpu, if they do. */
  readonly targetCpu: string | undefined
  /** RUSTFLAGS or CARGO_ENCODED_RUSTFLAGS is set: cargo then ignores every `build.rustflags`. */
  readonly rustflagsVariable: boolean
}

export interface ProfilePlan {
  readonly mode: ProfileMode
  /** Arguments for `cargo lambda build`, before the user's `cargo-args`. */
  readonly args: readonly string[]
  /** Every profile key in effect that the project, the action or cargo-lambda sets. */
  readonly settings: readonly ProfileSetting[]
  /** `target-cpu=...` in effect through `build.rustflags`, and who adds it. */
  readonly targetCpu: { readonly value: string; readonly source: SettingSource } | undefined
  /** Things the user should know (a project key cargo-lambda overrides, RUSTFLAGS set, ...). */
  readonly notes: readonly string[]
}

/** Pure: the profile arguments and the provenance of every key. */
export function planProfile(
  mode: ProfileMode,
  project: ProjectProfile,
  architecture: Architecture,
): ProfilePlan {
  const args: string[] = []
  const settings: ProfileSetting[] = []
  const notes: string[] = []
  const projectValue = (key: string): ProjectValue | undefined =>
    project.manifest[key] ?? project.config[key]

  // The project's own keys are always in effect (cargo-lambda overrides some, see below).
  const projectKeys = new Set([...Object.keys(project.manifest), ...Object.keys(project.config)])
  let targetCpu: ProfilePlan['targetCpu']

  if (mode === 'size') {
    args.push('--disable-optimizations')
    const debug = projectValue('debug')
    for (const key of ProfileKeys) {
      if (projectValue(key) !== undefined) continue
      if (key === 'strip' && debugInfoOn(debug?.value)) {
        notes.push(
          `profile.release.debug = ${debug?.value} from ${debug?.where} keeps debug info: the action adds no strip (as cargo-lambda does); set profile.release.strip to strip anyway.`,
        )
        continue
      }
      const value = SizeProfile[key]
      args.push('--config', `profile.release.${key}=${value}`)
      settings.push({ key, value, source: 'action' })
    }
  } else if (mode === 'cargo-lambda') {
    // cargo-lambda only looks at the root Cargo.toml: a key set only in .cargo/config.toml or
    // a CARGO_PROFILE_RELEASE_* variable is overridden by its `--config`.
    // Like every key, `debug` counts only in the root Cargo.toml: there it makes cargo-lambda
    // leave out its strip default.
    const debugInManifest = debugInfoOn(project.manifest.debug?.value)
    for (const key of ProfileKeys) {
      const value = CargoLambdaDefaults[key]
      if (value === undefined || project.manifest[key] !== undefined) continue
      if (key === 'strip' && debugInManifest) continue
      const overridden = project.config[key]
      if (overridden !== undefined) {
        projectKeys.delete(key)
        notes.push(
          `profile.release.${key} = ${overridden.value} from ${overridden.where} is overridden by cargo-lambda's ${key} = ${value} (it only reads Cargo.toml); use profile: size to keep it, or set it in Cargo.toml.`,
        )
      }
      settings.push({ key, value, source: 'cargo-lambda' })
    }
  } else {
    args.push('--disable-optimizations')
  }

  for (const key of [...projectKeys].sort()) {
    const v = projectValue(key)
    if (v !== undefined) settings.push({ key, value: v.value, source: 'project', where: v.where })
  }
  settings.sort((a, b) => keyOrder(a.key) - keyOrder(b.key) || a.key.localeCompare(b.key))

  if (mode !== 'none') {
    const source: SettingSource = mode === 'size' ? 'action' : 'cargo-lambda'
    const cpu = TargetCpu[architecture]
    if (project.rustflagsVariable) {
      notes.push(
        `RUSTFLAGS (or CARGO_ENCODED_RUSTFLAGS) is set, so cargo ignores build.rustflags: the project's and the target-cpu=${cpu} flag ${mode === 'size' ? 'the action' : 'cargo-lambda'} adds.`,
      )
    } else if (mode === 'size' && project.targetCpu !== undefined) {
      notes.push(
        `The project's rustflags choose target-cpu=${project.targetCpu}: the action adds no target-cpu of its own.`,
      )
    } else {
      if (mode === 'size') args.push('--config', `build.rustflags=["-C","target-cpu=${cpu}"]`)
      targetCpu = { value: cpu, source }
    }
  }
  return { mode, args, settings, targetCpu, notes }
}

function keyOrder(key: string): number {
  const i = (ProfileKeys as readonly string[]).indexOf(key)
  return i < 0 ? ProfileKeys.length : i
}

/** The texts the policy reads; `configFiles` nearest first (as cargo merges them). */
export interface ProjectFiles {
  readonly manifest: { readonly path: string; readonly text: string }
  readonly configFiles: readonly { readonly path: string; readonly text: string }[]
  readonly env: Readonly<Record<string, string | undefined>>
  /** The cargo target triple (for `target.<triple>.rustflags`). */
  readonly triple: string
  /** Paths are shown relative to this folder. */
  readonly root: string
}

/** Pure: what the project's files and environment set. Throws BuildError on invalid TOML. */
export function parseProjectProfile(files: ProjectFiles): ProjectProfile {
  const show = (p: string): string => {
    const rel = path.relative(files.root, p)
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? p : rel
  }
  const manifestToml = parseFile(files.manifest.path, files.manifest.text)
  const manifest = releaseKeys(manifestToml, show(files.manifest.path))

  const config: Record<string, ProjectValue> = {}
  let targetCpu: string | undefined
  for (const file of files.configFiles) {
    const toml = parseFile(file.path, file.text)
    for (const [key, v] of Object.entries(releaseKeys(toml, show(file.path)))) config[key] ??= v
    targetCpu ??= findTargetCpu(toml, files.triple)
  }
  for (const [name, value] of Object.entries(files.env)) {
    const m = /^CARGO_PROFILE_RELEASE_([A-Z_]+)$/.exec(name)
    if (m === null || value === undefined || value === '') continue
    const key = (m[1] as string).toLowerCase().replace(/_/g, '-')
    config[key] ??= { value, where: name }
  }
  const buildRustflags = files.env.CARGO_BUILD_RUSTFLAGS
  if (targetCpu === undefined && buildRustflags) targetCpu = cpuIn(buildRustflags.split(/\s+/))
  const rustflagsVariable = Boolean(files.env.RUSTFLAGS || files.env.CARGO_ENCODED_RUSTFLAGS)
  return { manifest, config, targetCpu, rustflagsVariable }
}

function parseFile(file: string, text: string): TomlTable {
  try {
    return parseToml(text)
  } catch (e) {
    throw new BuildError(`${file} is not valid TOML: ${(e as Error).message.split('\n')[0]}`)
  }
}

function table(value: unknown): TomlTable | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as TomlTable)
    : undefined
}

function releaseKeys(toml: TomlTable, where: string): Record<string, ProjectValue> {
  const release = table(table(toml.profile)?.release)
  const out: Record<string, ProjectValue> = {}
  if (release === undefined) return out
  for (const [key, value] of Object.entries(release)) {
    if (table(value) !== undefined) continue // [profile.release.package.*], [profile.release.build-override]
    out[key] = { value: tomlText(value), where }
  }
  return out
}

function tomlText(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

function findTargetCpu(toml: TomlTable, triple: string): string | undefined {
  const flags = (v: unknown): string[] =>
    Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/\s+/) : []
  return (
    cpuIn(flags(table(table(toml.target)?.[triple])?.rustflags)) ??
    cpuIn(flags(table(toml.build)?.rustflags))
  )
}

function cpuIn(flags: readonly string[]): string | undefined {
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i] as string
    const joined = f === '-C' || f === '--codegen' ? (flags[i + 1] ?? '') : f.replace(/^-C/, '')
    const m = /^target-cpu=(.+)$/.exec(joined)
    if (m) return m[1]
  }
  return undefined
}

/**
 * The edge: reads the workspace root Cargo.toml and the `.cargo/config.toml` files cargo would
 * read from `cwd` (every parent folder, then CARGO_HOME).
 */
export function loadProjectProfile(
  workspaceRoot: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  triple: string,
): ProjectProfile {
  const manifestPath = path.join(workspaceRoot, 'Cargo.toml')
  return parseProjectProfile({
    manifest: { path: manifestPath, text: fs.readFileSync(manifestPath, 'utf8') },
    configFiles: cargoConfigFiles(cwd, cargoHome(env, env.HOME ?? os.homedir())),
    env,
    triple,
    root: workspaceRoot,
  })
}
