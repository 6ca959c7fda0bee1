/** Pure: what the smoke test needs to know about a `bootstrap` before running it. */
import type { Architecture } from '../config.js'

export interface ElfInfo {
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
export function parseElf(head: Buffer): ElfInfo | undefined {
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
