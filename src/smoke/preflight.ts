/**
 * The checks on a bootstrap that need no process: present, built for the function's
 * architecture, and with a loader the runner can start it with.
 */
import * as fs from 'node:fs'
import type { Architecture } from '../types.js'
import { parseElfHeader, STANDARD_INTERPRETERS, type ElfHeader } from '../package/elf.js'
import { isEmulated, type Way } from './runner.js'

export type Preflight =
  | { kind: 'ok'; elf: ElfHeader | undefined }
  | { kind: 'failed'; result: { status: 'failed'; reason: string } }
  | { kind: 'unrunnable'; reason: string }

/** Checks that need no process: bootstrap present, the right machine, a loader to start it. */
export async function preflight(
  bootstrap: string,
  arch: Architecture,
  way: Way,
): Promise<Preflight> {
  let head: Buffer
  try {
    head = await readHead(bootstrap, 64 * 1024)
  } catch {
    return fail(
      'could not start: the zip has no bootstrap at its root (Lambda reports Runtime.InvalidEntrypoint)',
    )
  }
  const elf = parseElfHeader(head)
  const decision = checkBinary(elf, arch, way, (p) => fs.existsSync(p))
  if (decision.kind === 'ok') return { kind: 'ok', elf }
  if (decision.kind === 'failed') return fail(decision.reason)
  return decision

  function fail(reason: string): Preflight {
    return { kind: 'failed', result: { status: 'failed', reason } }
  }
}

/** Pure (given `exists`): whether a binary can run for `arch`, the given way. */
export function checkBinary(
  elf: ElfHeader | undefined,
  arch: Architecture,
  way: Way,
  exists: (file: string) => boolean,
): { kind: 'ok' } | { kind: 'failed'; reason: string } | { kind: 'unrunnable'; reason: string } {
  // Not an ELF (e.g. a shell script bootstrap): the kernel decides, as on Lambda.
  if (elf === undefined) return { kind: 'ok' }
  if (elf.machine !== arch) {
    return {
      kind: 'failed',
      reason: `could not start: exec format error: bootstrap is a ${elf.machineName} binary, but the function's architecture is ${arch} (Lambda reports Runtime.InvalidEntrypoint)`,
    }
  }
  const interp = elf.interpreter
  if (interp !== undefined && isEmulated(way) && !exists(interp)) {
    // Under emulation the loader comes from the runner; a standard one missing is the runner's gap.
    if (STANDARD_INTERPRETERS[arch].includes(interp)) {
      return {
        kind: 'unrunnable',
        reason: `the ${arch} loader ${interp} is not installed on this runner (on Debian/Ubuntu: dpkg --add-architecture ${arch === 'arm64' ? 'arm64' : 'amd64'} and install libc6:${arch === 'arm64' ? 'arm64' : 'amd64'})`,
      }
    }
    return {
      kind: 'failed',
      reason: `could not start: its interpreter ${interp} is missing (Lambda has ${STANDARD_INTERPRETERS[arch].join(', ')})`,
    }
  }
  return { kind: 'ok' }
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
