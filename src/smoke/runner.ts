/**
 * How this runner can execute a Lambda binary of a given architecture: natively, through a
 * registered binfmt_misc handler, or by starting qemu-user from PATH. Never with `-L`: the
 * binary's own loader path must resolve on the runner, as it will on Lambda.
 */
import * as fs from 'node:fs'
import * as io from '@actions/io'
import type { Architecture } from '../types.js'

export type Way =
  | { readonly kind: 'native' }
  | { readonly kind: 'binfmt'; readonly handler: string }
  | { readonly kind: 'qemu'; readonly command: string }

export type WayDecision =
  | { readonly way: Way; readonly description: string }
  | { readonly way: undefined; readonly reason: string }

/** What the side-effect probe found out about the runner. */
export interface RunnerFacts {
  /** process.platform */
  readonly platform: string
  /** process.arch ('x64', 'arm64', ...) */
  readonly hostArch: string
  /** binfmt_misc handler name -> enabled (and binfmt_misc itself enabled). */
  readonly binfmt: Readonly<Record<string, boolean>>
  /** command name -> absolute path, for the qemu commands found on PATH. */
  readonly onPath: Readonly<Record<string, string>>
}

const HOST_ARCH: Record<string, Architecture> = { x64: 'x86_64', arm64: 'arm64' }

export const QEMU: Record<Architecture, { binfmt: string; commands: readonly string[] }> = {
  arm64: { binfmt: 'qemu-aarch64', commands: ['qemu-aarch64-static', 'qemu-aarch64'] },
  x86_64: { binfmt: 'qemu-x86_64', commands: ['qemu-x86_64-static', 'qemu-x86_64'] },
}

/** Pure: the way to run a binary for `arch` on a runner with `facts`, or why there is none. */
export function chooseWay(arch: Architecture, facts: RunnerFacts): WayDecision {
  if (facts.platform !== 'linux') {
    return {
      way: undefined,
      reason: `a ${facts.platform} runner cannot run Linux binaries: use a Linux runner (ubuntu-24.04 or ubuntu-24.04-arm)`,
    }
  }
  const host = HOST_ARCH[facts.hostArch]
  if (host === arch) return { way: { kind: 'native' }, description: `native ${arch}` }
  const q = QEMU[arch]
  if (facts.binfmt[q.binfmt] === true) {
    return {
      way: { kind: 'binfmt', handler: q.binfmt },
      description: `binfmt_misc handler ${q.binfmt}`,
    }
  }
  for (const name of q.commands) {
    const command = facts.onPath[name]
    if (command !== undefined) return { way: { kind: 'qemu', command }, description: name }
  }
  return {
    way: undefined,
    reason: `this ${host ?? facts.hostArch} runner cannot run ${arch} binaries: no binfmt_misc handler ${q.binfmt} and none of ${q.commands.join(', ')} on PATH (install qemu-user-static, or use a${arch === 'arm64' ? 'n ubuntu-24.04-arm' : ' ubuntu-24.04'} runner)`,
  }
}

/** Pure: the command line that starts `bootstrap` the chosen way. */
export function commandFor(way: Way, bootstrap: string): [string, ...string[]] {
  return way.kind === 'qemu' ? [way.command, bootstrap] : [bootstrap]
}

/** Whether the way goes through an emulator (the binary's loader must then exist on the runner). */
export function isEmulated(way: Way): boolean {
  return way.kind !== 'native'
}

const BINFMT_DIR = '/proc/sys/fs/binfmt_misc'

/** Side effects: looks at binfmt_misc and PATH. */
export async function probeRunner(binfmtDir: string = BINFMT_DIR): Promise<RunnerFacts> {
  const binfmt: Record<string, boolean> = {}
  const onPath: Record<string, string> = {}
  const globalOn = readFirstLine(`${binfmtDir}/status`) === 'enabled'
  for (const q of Object.values(QEMU)) {
    binfmt[q.binfmt] = globalOn && readFirstLine(`${binfmtDir}/${q.binfmt}`) === 'enabled'
    for (const name of q.commands) {
      const found = await io.which(name, false)
      if (found !== '') onPath[name] = found
    }
  }
  return { platform: process.platform, hostArch: process.arch, binfmt, onPath }
}

function readFirstLine(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').split('\n')[0]?.trim()
  } catch {
    return undefined
  }
}
