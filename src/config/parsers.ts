/** Pure parsers of single input values; each throws an InputError naming the input and the fix. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import semver from 'semver'
import { parse as shellParse } from 'shell-quote'
import { ArchitectureTriple, Inputs, RuntimeGlibc } from '../constants.js'
import { InputError } from '../errors.js'
import type { Architecture, Runtime, TargetSpec } from '../types.js'

const HEX64 = /^[0-9a-fA-F]{64}$/

export function parseWorkingDirectory(value: string, workspace: string): string {
  const resolved = path.resolve(workspace, value)
  let real: string
  try {
    real = fs.realpathSync(resolved)
  } catch {
    throw new InputError(
      Inputs.WorkingDirectory,
      value,
      `does not exist (looked for ${resolved}). Set it to the folder of your Cargo.toml, relative to the repository root.`,
    )
  }
  insideWorkspace(value, real, workspace)
  if (!fs.statSync(real).isDirectory()) {
    throw new InputError(Inputs.WorkingDirectory, value, 'is not a folder.')
  }
  if (!fs.existsSync(path.join(real, 'Cargo.toml'))) {
    throw new InputError(
      Inputs.WorkingDirectory,
      value,
      `is not a Cargo project: ${path.join(real, 'Cargo.toml')} does not exist.`,
    )
  }
  return real
}

/** Throws unless `resolved`, where the `working-directory` input `value` leads, is in the workspace. */
export function insideWorkspace(value: string, resolved: string, workspace: string): void {
  const rel = path.relative(workspace, resolved)
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new InputError(
      Inputs.WorkingDirectory,
      value,
      `resolves to ${resolved}, outside GITHUB_WORKSPACE (${workspace}); it must be a folder of the checked-out repository.`,
    )
  }
}

const TRIPLE_ARCH: Record<string, Architecture> = { aarch64: 'arm64', x86_64: 'x86_64' }

export function parseTarget(
  value: string,
  architecture: Architecture,
  runtime: Runtime,
): TargetSpec {
  if (value === '') {
    const triple = ArchitectureTriple[architecture]
    const glibc = RuntimeGlibc[runtime]
    return { triple, glibc, cargoTarget: `${triple}.${glibc}`, architecture }
  }
  const m = /^(aarch64|x86_64)-unknown-linux-(gnu|musl)(?:\.(2\.\d{1,2}))?$/.exec(value)
  if (m === null || (m[2] === 'musl' && m[3] !== undefined)) {
    throw new InputError(
      Inputs.Target,
      value,
      'must be aarch64-unknown-linux-gnu or x86_64-unknown-linux-gnu, optionally with a glibc suffix such as .2.34, or the same with -musl (no suffix).',
    )
  }
  const arch = TRIPLE_ARCH[m[1] as string] as Architecture
  const triple = `${m[1]}-unknown-linux-${m[2]}`
  const glibc = m[2] === 'gnu' ? m[3] : undefined
  return { triple, glibc, cargoTarget: glibc ? `${triple}.${glibc}` : triple, architecture: arch }
}

export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new InputError(name, value, `expected one of ${allowed.join(', ')}.`)
}

const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

export function bool(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw new InputError(name, value, 'expected true or false.')
}

export function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(name, value, `expected a whole number from ${min} to ${max}.`)
  }
  return Number(value)
}

export function positiveNumber(name: string, value: string): number {
  const n = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) {
    throw new InputError(name, value, 'expected a number of seconds greater than 0.')
  }
  return n
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
}

/** Parses '50MB', '512KiB', '1048576' into bytes. */
export function parseSize(name: string, value: string): number | undefined {
  if (value === '') return undefined
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(value)
  const unit = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined
  if (!m || unit === undefined || Number(m[1]) <= 0) {
    throw new InputError(
      name,
      value,
      'expected a size in bytes, optionally with a unit: 52428800, 50MB, 512KiB.',
    )
  }
  return Math.floor(Number(m[1]) * unit)
}

export function sha256Pin(name: string, value: string): string | undefined {
  if (value === '') return undefined
  if (!HEX64.test(value)) {
    throw new InputError(name, value, 'expected a SHA-256 checksum: 64 hexadecimal digits.')
  }
  return value.toLowerCase()
}

export function version(name: string, value: string): string {
  const clean = value.replace(/^v/, '')
  if (semver.valid(clean) === null) {
    throw new InputError(name, value, 'expected a version such as 1.2.3.')
  }
  return clean
}

export function url(name: string, value: string): string | undefined {
  if (value === '') return undefined
  try {
    const u = new URL(value.replaceAll('{version}', 'v').replaceAll('{target}', 't'))
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol')
  } catch {
    throw new InputError(name, value, 'expected an http(s) URL.')
  }
  return value.replace(/\/+$/, '')
}

export function list(value: string, separator: RegExp = /[\r\n,]+/): string[] {
  return value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/**
 * Splits an argument string as a POSIX shell would: quotes are honoured, and `$VAR` / `${VAR}`
 * are expanded from `env` (not inside single quotes). A variable that is not set fails, naming
 * it: a shell would make it empty, and `--target-dir $UNSET/t` would quietly become `/t`.
 */
export function shellSplit(
  name: string,
  value: string,
  env: Readonly<Record<string, string | undefined>> = {},
): string[] {
  const unset: string[] = []
  const parts = shellParse(value, (variable: string) => {
    const v = env[variable]
    if (v === undefined) unset.push(variable)
    return v ?? ''
  })
  if (unset.length > 0) {
    const names = [...new Set(unset)].map((v) => `$${v}`).join(', ')
    throw new InputError(
      name,
      value,
      `uses ${names}, which ${unset.length === 1 ? 'is' : 'are'} not set in the step's environment. Set ${unset.length === 1 ? 'it' : 'them'} (the step's \`env:\`), write the value with a \`\${{ }}\` expression such as \`\${{ runner.temp }}\`, or put a literal $ in single quotes.`,
    )
  }
  return parts.map((p) => {
    if (typeof p !== 'string') {
      throw new InputError(
        name,
        value,
        'may only hold arguments: shell operators, globs and comments are not run by a shell here.',
      )
    }
    return p
  })
}

/** An event given inline (JSON) or as the path of a JSON file (`smoke-event`, `verify-event`). */
export function parseSmokeEvent(
  value: string,
  workingDirectory: string,
  name: string = Inputs.SmokeEvent,
): string {
  const trimmed = value.trim()
  const inline = trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')
  const text = inline ? trimmed : readEventFile(name, value, workingDirectory)
  try {
    JSON.parse(text)
  } catch (e) {
    throw new InputError(
      name,
      value,
      `is not valid JSON (${(e as Error).message}): give inline JSON or the path of a JSON file.`,
    )
  }
  return text
}

function readEventFile(name: string, value: string, workingDirectory: string): string {
  const file = path.resolve(workingDirectory, value)
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    throw new InputError(
      name,
      value,
      `is neither inline JSON nor a readable file (looked for ${file}).`,
    )
  }
}
