/**
 * The pinned release table shipped inside the action (known-releases.json: SHA-256 of each
 * cargo-lambda and Zig asset, Zig's minisign public key, Zig's community mirrors) and the pure
 * naming rules for both tools' release assets.
 */
import * as fs from 'node:fs'
import { ToolError } from '../errors.js'
import type { ContentPins } from './content.js'
import table from './known-releases.json' with { type: 'json' }

interface PinnedAsset {
  readonly url: string
  readonly sha256: string
  /** Digests of the installed files (see tools/content.ts), from scripts/content-pins.ts. */
  readonly content?: ContentPins
}

interface ReleaseTable {
  readonly cargoLambda: Readonly<Record<string, Readonly<Record<string, PinnedAsset>>>>
  readonly zig: Readonly<Record<string, Readonly<Record<string, PinnedAsset>>>>
  readonly sccache: Readonly<Record<string, Readonly<Record<string, PinnedAsset>>>>
  readonly zigMinisignPublicKey: string
  readonly zigCommunityMirrors: readonly string[]
}

/**
 * The table, with RLA_RELEASES_OVERLAY (internal, for the tests: a JSON file of the same shape)
 * merged over it per version and platform. The tests pin the test mirror's repacked assets and
 * their content this way; whoever can set a step's environment can run code there anyway.
 */
function loadTable(env: NodeJS.ProcessEnv = process.env): ReleaseTable {
  const base: ReleaseTable = table
  const file = env.RLA_RELEASES_OVERLAY
  if (!file) return base
  const overlay = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ReleaseTable>
  const merge = (
    a: ReleaseTable['zig'],
    b: ReleaseTable['zig'] | undefined,
  ): ReleaseTable['zig'] => {
    const out: Record<string, Record<string, PinnedAsset>> = {}
    for (const [v, platforms] of Object.entries(a)) out[v] = { ...platforms }
    for (const [v, platforms] of Object.entries(b ?? {})) out[v] = { ...out[v], ...platforms }
    return out
  }
  return {
    ...base,
    zig: merge(base.zig, overlay.zig),
    cargoLambda: merge(base.cargoLambda, overlay.cargoLambda),
    sccache: merge(base.sccache, overlay.sccache),
  }
}

const releases: ReleaseTable = loadTable()

/**
 * Pure: the content pins to check an installed folder against: the table's, when the archive the
 * action trusts is the one the table pins (a user's own pin may name other bytes).
 */
export function contentPinsFor(
  pinned: { readonly sha256: string | undefined; readonly content: ContentPins | undefined },
  trustedSha256: string | undefined,
): ContentPins | undefined {
  if (pinned.content === undefined || pinned.sha256 === undefined) return undefined
  return trustedSha256 === pinned.sha256 ? pinned.content : undefined
}

/** The Zig Software Foundation's minisign public key (the only key the action trusts). */
export const zigPublicKey = releases.zigMinisignPublicKey
/** Zig's community mirrors, each serving `<mirror>/<file>`. */
export const zigCommunityMirrors = releases.zigCommunityMirrors
export const ziglangOrg = 'https://ziglang.org/download'
export const cargoLambdaReleases = 'https://github.com/cargo-lambda/cargo-lambda/releases/download'
export const sccacheReleases = 'https://github.com/mozilla/sccache/releases/download'

/** The runner a tool is installed for, in Node's terms (process.platform / process.arch). */
export interface Platform {
  readonly os: NodeJS.Platform
  readonly arch: string
}

export type ZigOs = 'linux' | 'macos'
export type ZigArch = 'x86_64' | 'aarch64'

function zigArch(arch: string): ZigArch {
  if (arch === 'x64') return 'x86_64'
  if (arch === 'arm64') return 'aarch64'
  throw new ToolError(
    `Zig and cargo-lambda are installed for x64 and arm64 runners; this runner is ${arch}.`,
  )
}

function zigOs(os: NodeJS.Platform): ZigOs {
  if (os === 'linux') return 'linux'
  if (os === 'darwin') return 'macos'
  throw new ToolError(
    `Zig and cargo-lambda are installed on Linux and macOS runners; this runner is ${os}.`,
  )
}

/** Compares two release versions `a.b.c` numerically (pre-release suffixes ignored). */
function versionAtLeast(version: string, min: readonly [number, number, number]): boolean {
  const parts = version.split(/[.-]/).map((p) => Number.parseInt(p, 10))
  for (let i = 0; i < 3; i++) {
    const v = parts[i] ?? 0
    const m = min[i] ?? 0
    if (v !== m) return v > m
  }
  return true
}

export interface ZigAsset {
  /** e.g. `zig-x86_64-linux-0.15.2.tar.xz` */
  readonly file: string
  /** The folder the archive holds: the file name without `.tar.xz`. */
  readonly folder: string
  /** Key of the pinned table: `x86_64-linux`. */
  readonly platformKey: string
  /** SHA-256 from the pinned table, if the table knows this version and platform. */
  readonly pinnedSha256: string | undefined
  /** The installed files' digests from the pinned table, if known. */
  readonly pinnedContent: ContentPins | undefined
}

/** Zig's file name: `zig-{os}-{arch}-{V}` up to 0.14.0, `zig-{arch}-{os}-{V}` from 0.14.1. */
export function zigAsset(version: string, platform: Platform): ZigAsset {
  const os = zigOs(platform.os)
  const arch = zigArch(platform.arch)
  const folder = versionAtLeast(version, [0, 14, 1])
    ? `zig-${arch}-${os}-${version}`
    : `zig-${os}-${arch}-${version}`
  const platformKey = `${arch}-${os}`
  return {
    file: `${folder}.tar.xz`,
    folder,
    platformKey,
    pinnedSha256: releases.zig[version]?.[platformKey]?.sha256,
    pinnedContent: releases.zig[version]?.[platformKey]?.content,
  }
}

/**
 * Where to fetch a Zig archive from, in order: the `zig-mirror` input alone when given; else the
 * community mirrors in random order, then ziglang.org last (as ziglang.org asks of automation).
 */
export function zigUrls(
  asset: ZigAsset,
  version: string,
  mirror: string | undefined,
  shuffle: <T>(items: readonly T[]) => T[] = shuffled,
  sources: ZigSources = zigSources,
): string[] {
  if (mirror !== undefined) return [`${mirror.replace(/\/+$/, '')}/${asset.file}`]
  return [
    ...shuffle(sources.mirrors).map(
      (m) => `${m.replace(/\/+$/, '')}/${asset.file}?source=rust-lambda-action`,
    ),
    `${sources.origin}/${version}/${asset.file}`,
  ]
}

/** The community mirrors and the origin (`<origin>/<version>/<file>`); tests use local ones. */
export interface ZigSources {
  readonly mirrors: readonly string[]
  readonly origin: string
}

/** Where Zig comes from when no `zig-mirror` is set: the community mirrors, then ziglang.org. */
export const zigSources: ZigSources = { mirrors: zigCommunityMirrors, origin: ziglangOrg }

/** Fisher-Yates with Math.random: spreads the load over the community mirrors. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    const a = out[i] as T
    out[i] = out[j] as T
    out[j] = a
  }
  return out
}

/** cargo-lambda's release target for a runner: musl builds on Linux, Apple builds on macOS. */
export function cargoLambdaTarget(platform: Platform): string {
  const arch = zigArch(platform.arch)
  return zigOs(platform.os) === 'linux' ? `${arch}-unknown-linux-musl` : `${arch}-apple-darwin`
}

export interface CargoLambdaAsset {
  readonly url: string
  /** The file name (last path segment of the URL). */
  readonly file: string
  readonly target: string
  readonly pinnedSha256: string | undefined
  readonly pinnedContent: ContentPins | undefined
}

/**
 * The asset URL: the `cargo-lambda-url` template with `{version}` and `{target}` filled in (a URL
 * without placeholders is used as it is), else GitHub's release download.
 */
export function cargoLambdaAsset(
  version: string,
  platform: Platform,
  template: string | undefined,
): CargoLambdaAsset {
  const target = cargoLambdaTarget(platform)
  const url =
    template !== undefined
      ? template.replaceAll('{version}', version).replaceAll('{target}', target)
      : `${cargoLambdaReleases}/v${version}/cargo-lambda-v${version}.${target}.tar.gz`
  const file = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || 'cargo-lambda'
  return {
    url,
    file,
    target,
    pinnedSha256: releases.cargoLambda[version]?.[target]?.sha256,
    pinnedContent: releases.cargoLambda[version]?.[target]?.content,
  }
}

/** Parses a `.sha256` sidecar (`<hex>  <name>` or only `<hex>`); undefined when malformed. */
export function parseSha256Sidecar(text: string): string | undefined {
  const first = text.trim().split(/\s+/)[0] ?? ''
  return /^[0-9a-fA-F]{64}$/.test(first) ? first.toLowerCase() : undefined
}

export interface SccacheAsset {
  readonly url: string
  /** The file name (last path segment of the URL). */
  readonly file: string
  /** The one top folder of the archive, `sccache-v{V}-{target}`, holding `sccache`. */
  readonly folder: string
  readonly target: string
  readonly pinnedSha256: string | undefined
  readonly pinnedContent: ContentPins | undefined
}

/**
 * sccache's release asset: `sccache-v{V}-{target}.tar.gz` (the same musl / Apple targets as
 * cargo-lambda), one top folder of that name holding `sccache`; the `sccache-url` template with
 * `{version}` and `{target}` filled in, else GitHub's release download.
 */
export function sccacheAsset(
  version: string,
  platform: Platform,
  template: string | undefined,
): SccacheAsset {
  const target = cargoLambdaTarget(platform)
  const folder = `sccache-v${version}-${target}`
  const url =
    template !== undefined
      ? template.replaceAll('{version}', version).replaceAll('{target}', target)
      : `${sccacheReleases}/v${version}/${folder}.tar.gz`
  const file =
    decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || `${folder}.tar.gz`
  return {
    url,
    file,
    folder,
    target,
    pinnedSha256: releases.sccache[version]?.[target]?.sha256,
    pinnedContent: releases.sccache[version]?.[target]?.content,
  }
}
