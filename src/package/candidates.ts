/**
 * Which zips a `from-artifacts` source names, and what their names tell (binary, architecture,
 * target, kind) before any zip is opened.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { Inputs } from '../constants.js'
import type { Architecture, ArtifactRecord, BinaryKind } from '../types.js'

/** One zip to load: what is known of it before it is opened. */
export interface ZipCandidate {
  readonly zipPath: string
  /** Where it came from, for messages: the artifact name or the JSON entry. */
  readonly origin: string
  readonly bin?: string | undefined
  readonly kind?: BinaryKind | undefined
  readonly architecture?: Architecture | undefined
  readonly target?: string | undefined
  readonly sha256?: string | undefined
}

export interface NameParts {
  readonly bin?: string | undefined
  readonly architecture?: Architecture | undefined
  readonly target?: string | undefined
  readonly kind?: BinaryKind | undefined
}

const PLACEHOLDER: Record<string, string> = {
  '{bin}': '(?<bin>[A-Za-z0-9_.+-]+?)',
  '{arch}': '(?<arch>arm64|x86_64)',
  '{target}': '(?<target>(?:aarch64|x86_64)-unknown-linux-(?:gnu|musl)(?:\\.2\\.\\d{1,2})?)',
  '{kind}': '(?<kind>function|extension)',
}

/**
 * Pure: reads an artifact's name back through the `artifact-name` template that made it
 * (`{bin}-{arch}` by default). undefined when the name does not fit the template.
 */
export function parseArtifactName(template: string, name: string): NameParts | undefined {
  const seen = new Set<string>()
  const pattern = template
    .split(/(\{bin\}|\{arch\}|\{target\}|\{kind\})/)
    .map((part) => {
      const p = PLACEHOLDER[part]
      if (p === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      // A placeholder used twice must match the same text both times.
      const group = /\(\?<(\w+)>/.exec(p)?.[1] as string
      if (seen.has(group)) return `\\k<${group}>`
      seen.add(group)
      return p
    })
    .join('')
  const m = new RegExp(`^${pattern}$`).exec(name)
  if (m === null) return undefined
  const g = m.groups ?? {}
  const target = g.target
  return {
    bin: g.bin,
    architecture: (g.arch ?? (target === undefined ? undefined : archOfTriple(target))) as
      Architecture | undefined,
    target,
    kind: g.kind as BinaryKind | undefined,
  }
}

function archOfTriple(triple: string): Architecture {
  return triple.startsWith('aarch64') ? 'arm64' : 'x86_64'
}

/** The zips of a folder as actions/download-artifact lays them out (one subfolder per artifact). */
export function scanFolder(folder: string, template: string, notes: string[]): ZipCandidate[] {
  const zipsIn = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.zip'))
      .map((e) => path.join(dir, e.name))
      .sort()
  // A single artifact downloaded by name lands directly in the folder.
  const direct = zipsIn(folder)
  const artifacts =
    direct.length > 0
      ? [{ name: path.basename(folder), zips: direct }]
      : fs
          .readdirSync(folder, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => ({ name: e.name, zips: zipsIn(path.join(folder, e.name)) }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const out: ZipCandidate[] = []
  for (const a of artifacts) {
    if (a.zips.length === 0) {
      notes.push(`Artifact '${a.name}' holds no zip: skipped.`)
      continue
    }
    const parts = parseArtifactName(template, a.name)
    if (parts === undefined && direct.length === 0) {
      notes.push(`Artifact '${a.name}' does not fit 'artifact-name' (${template}): skipped.`)
      continue
    }
    for (const zip of a.zips) {
      out.push({
        zipPath: zip,
        origin: `artifact '${a.name}'`,
        ...parts,
        // `<bin>.zip` is how an extension's zip is named; `bootstrap.zip` a function's.
        ...(parts?.bin === undefined && path.basename(zip) !== 'bootstrap.zip'
          ? { bin: path.basename(zip, '.zip') }
          : {}),
      })
    }
  }
  return out
}

export function fromRecords(records: readonly ArtifactRecord[]): ZipCandidate[] {
  return records.map((r, i) => ({
    zipPath: r.zipPath,
    origin: `entry ${i + 1} ('${r.bin}') of ${Inputs.FromArtifacts}`,
    bin: r.bin,
    kind: r.kind,
    architecture: r.architecture,
    target: r.target,
    sha256: r.sha256,
  }))
}

/** Pure: a binary found twice (say arm64 and x86_64): the deploy could not tell which to use. */
export function twinBinaries(candidates: readonly ZipCandidate[]): string[] {
  const out: string[] = []
  candidates.forEach((a, i) => {
    const twin = candidates.find((b, j) => j > i && b.bin !== undefined && b.bin === a.bin)
    if (twin === undefined || candidates.findIndex((b) => b.bin === a.bin) !== i) return
    out.push(
      `'${a.bin}' is there twice (${a.origin} and ${twin.origin}): deploy one architecture per step, giving '${Inputs.FromArtifacts}' one artifact's folder (e.g. <path>/${a.bin}-${a.architecture ?? '<arch>'}).`,
    )
  })
  return out
}
