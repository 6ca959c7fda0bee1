/**
 * Reads what the Lambda loader cares about from an ELF file: the machine, and the newest
 * `GLIBC_x.y` symbol version it needs (DT_VERNEED, the data behind `.gnu.version_r` and what
 * `objdump -T` prints). Read through the dynamic segment, as the loader does, so it works on
 * stripped binaries; no objdump needed on the runner.
 */
import * as fs from 'node:fs'
import type { Architecture } from '../types.js'
import { compareVersions } from '../util/versions.js'

export type ElfMachine = 'aarch64' | 'x86-64' | 'other'

export interface ElfInfo {
  readonly machine: ElfMachine
  /** e_machine as a number, for messages about unexpected machines. */
  readonly machineCode: number
  /** Every `GLIBC_*` version the file needs (GLIBC_PRIVATE excluded), oldest first. */
  readonly glibcVersions: readonly string[]
  /** The newest of them; undefined for a static or musl binary. */
  readonly glibcRequired: string | undefined
  /** Has a PT_INTERP (dynamically linked). */
  readonly dynamic: boolean
}

export class ElfError extends Error {
  override name = 'ElfError'
}

const EM_X86_64 = 62
const EM_AARCH64 = 183
const PT_LOAD = 1
const PT_DYNAMIC = 2
const PT_INTERP = 3
const DT_NULL = 0n
const DT_STRTAB = 5n
const DT_VERNEED = 0x6ffffffen
const DT_VERNEEDNUM = 0x6fffffffn

/** Pure: parses an ELF image (64-bit little-endian; what Lambda runs). */
export function parseElf(buf: Buffer): ElfInfo {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) {
    throw new ElfError('not an ELF file')
  }
  if (buf[4] !== 2) throw new ElfError('not a 64-bit ELF file')
  if (buf[5] !== 1) throw new ElfError('not a little-endian ELF file')
  const machineCode = buf.readUInt16LE(18)
  const machine: ElfMachine =
    machineCode === EM_AARCH64 ? 'aarch64' : machineCode === EM_X86_64 ? 'x86-64' : 'other'

  const phoff = Number(buf.readBigUInt64LE(32))
  const phentsize = buf.readUInt16LE(54)
  const phnum = buf.readUInt16LE(56)
  const loads: { vaddr: bigint; offset: bigint; filesz: bigint }[] = []
  let dynamicSeg: { offset: number; size: number } | undefined
  let dynamic = false
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize
    check(buf, at, 56)
    const type = buf.readUInt32LE(at)
    const offset = buf.readBigUInt64LE(at + 8)
    const vaddr = buf.readBigUInt64LE(at + 16)
    const filesz = buf.readBigUInt64LE(at + 32)
    if (type === PT_LOAD) loads.push({ vaddr, offset, filesz })
    if (type === PT_DYNAMIC) dynamicSeg = { offset: Number(offset), size: Number(filesz) }
    if (type === PT_INTERP) dynamic = true
  }

  const versions = new Set<string>()
  if (dynamicSeg !== undefined) {
    const entries = new Map<bigint, bigint>()
    for (let at = dynamicSeg.offset; at + 16 <= dynamicSeg.offset + dynamicSeg.size; at += 16) {
      check(buf, at, 16)
      const tag = buf.readBigInt64LE(at)
      if (tag === DT_NULL) break
      if (!entries.has(tag)) entries.set(tag, buf.readBigUInt64LE(at + 8))
    }
    const toOffset = (vaddr: bigint): number => {
      for (const l of loads) {
        if (vaddr >= l.vaddr && vaddr < l.vaddr + l.filesz)
          return Number(vaddr - l.vaddr + l.offset)
      }
      throw new ElfError(`address 0x${vaddr.toString(16)} is outside every loaded segment`)
    }
    const verneed = entries.get(DT_VERNEED)
    const count = Number(entries.get(DT_VERNEEDNUM) ?? 0n)
    const strtab = entries.get(DT_STRTAB)
    if (verneed !== undefined && strtab !== undefined && count > 0) {
      const str = toOffset(strtab)
      let need = toOffset(verneed)
      for (let n = 0; n < count; n++) {
        check(buf, need, 16)
        const cnt = buf.readUInt16LE(need + 2)
        let aux = need + buf.readUInt32LE(need + 8)
        for (let a = 0; a < cnt; a++) {
          check(buf, aux, 16)
          const name = cString(buf, str + buf.readUInt32LE(aux + 8))
          if (/^GLIBC_\d+(\.\d+)*$/.test(name)) versions.add(name.slice('GLIBC_'.length))
          const next = buf.readUInt32LE(aux + 12)
          if (next === 0) break
          aux += next
        }
        const next = buf.readUInt32LE(need + 12)
        if (next === 0) break
        need += next
      }
    }
  }
  const glibcVersions = [...versions].sort(compareVersions)
  return {
    machine,
    machineCode,
    glibcVersions,
    glibcRequired: glibcVersions[glibcVersions.length - 1],
    dynamic,
  }
}

/** Reads and parses an ELF file. */
export async function readElf(file: string): Promise<ElfInfo> {
  return parseElf(await fs.promises.readFile(file))
}

function check(buf: Buffer, at: number, size: number): void {
  if (at < 0 || at + size > buf.length) throw new ElfError('truncated ELF file')
}

function cString(buf: Buffer, at: number): string {
  check(buf, at, 1)
  const end = buf.indexOf(0, at)
  return buf.toString('latin1', at, end < 0 ? buf.length : end)
}

// --- The header alone (any class and byte order), for the smoke test's pre-flight check ---

/** What the smoke test needs to know about a `bootstrap` before running it. */
export interface ElfHeader {
  /** An Architecture ('arm64', 'x86_64') for Lambda's machines, otherwise e.g. 'machine 40'. */
  readonly machine: string
  /** Human name of the machine, as `file` says it. */
  readonly machineName: string
  /** PT_INTERP: the dynamic loader the kernel starts; undefined for a static binary. */
  readonly interpreter: string | undefined
}

const MACHINES: Record<number, [string, string]> = {
  3: ['x86', 'Intel 80386'],
  40: ['arm', 'ARM'],
  62: ['x86_64', 'x86-64'],
  183: ['arm64', 'ARM aarch64'],
  243: ['riscv64', 'RISC-V'],
}

/** The loaders Lambda's provided runtimes have, by architecture. */
export const STANDARD_INTERPRETERS: Record<Architecture, readonly string[]> = {
  arm64: ['/lib/ld-linux-aarch64.so.1'],
  x86_64: ['/lib64/ld-linux-x86-64.so.2'],
}

/**
 * Parses the ELF header and the PT_INTERP entry from the start of a file (the first 64 KiB hold
 * both in any binary a linker makes). Returns undefined when the bytes are not an ELF file.
 */
export function parseElfHeader(head: Buffer): ElfHeader | undefined {
  if (head.length < 20 || head.readUInt32BE(0) !== 0x7f454c46) return undefined
  const is64 = head[4] === 2
  const le = head[5] !== 2
  const u16 = (o: number): number => (le ? head.readUInt16LE(o) : head.readUInt16BE(o))
  const u32 = (o: number): number => (le ? head.readUInt32LE(o) : head.readUInt32BE(o))
  const uword = (o: number): number =>
    is64 ? Number(le ? head.readBigUInt64LE(o) : head.readBigUInt64BE(o)) : u32(o)

  const code = u16(18)
  const [machine, machineName] = MACHINES[code] ?? [`machine ${code}`, `ELF machine ${code}`]
  let interpreter: string | undefined
  const headerSize = is64 ? 64 : 52
  if (head.length >= headerSize) {
    const phoff = uword(is64 ? 32 : 28)
    const phentsize = u16(is64 ? 54 : 42)
    const phnum = u16(is64 ? 56 : 44)
    for (let i = 0; i < phnum; i++) {
      const ph = phoff + i * phentsize
      if (ph + phentsize > head.length) break
      if (u32(ph) !== 3 /* PT_INTERP */) continue
      const offset = uword(is64 ? ph + 8 : ph + 4)
      const size = uword(is64 ? ph + 32 : ph + 16)
      if (offset + size <= head.length) {
        interpreter = head.toString('latin1', offset, offset + size).replace(/\0.*$/s, '')
      }
      break
    }
  }
  return { machine, machineName, interpreter }
}
