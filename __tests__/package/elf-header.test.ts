import * as fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseElfHeader } from '../../src/package/elf.js'

/** A minimal 64-bit little-endian ELF header with one PT_INTERP program header. */
function elf64(machine: number, interpreter: string | undefined): Buffer {
  const b = Buffer.alloc(256)
  b.writeUInt32BE(0x7f454c46, 0)
  b[4] = 2 // 64-bit
  b[5] = 1 // little-endian
  b.writeUInt16LE(machine, 18)
  b.writeBigUInt64LE(64n, 32) // e_phoff
  b.writeUInt16LE(56, 54) // e_phentsize
  b.writeUInt16LE(interpreter === undefined ? 0 : 1, 56) // e_phnum
  if (interpreter !== undefined) {
    b.writeUInt32LE(3, 64) // PT_INTERP
    b.writeBigUInt64LE(128n, 64 + 8) // p_offset
    b.writeBigUInt64LE(BigInt(interpreter.length + 1), 64 + 32) // p_filesz
    b.write(`${interpreter}\0`, 128, 'latin1')
  }
  return b
}

describe('parseElfHeader', () => {
  it('reads the machine and the loader of an aarch64 binary', () => {
    expect(parseElfHeader(elf64(183, '/lib/ld-linux-aarch64.so.1'))).toEqual({
      machine: 'arm64',
      machineName: 'ARM aarch64',
      interpreter: '/lib/ld-linux-aarch64.so.1',
    })
  })

  it('has no interpreter for a static binary', () => {
    expect(parseElfHeader(elf64(62, undefined))).toEqual({
      machine: 'x86_64',
      machineName: 'x86-64',
      interpreter: undefined,
    })
  })

  it('names machines Lambda does not have', () => {
    expect(parseElfHeader(elf64(40, undefined))?.machine).toBe('arm')
    expect(parseElfHeader(elf64(999, undefined))?.machine).toBe('machine 999')
  })

  it('is undefined for something that is not an ELF file (a shell script bootstrap)', () => {
    expect(parseElfHeader(Buffer.from('#!/bin/sh\nexec ./server\n'))).toBeUndefined()
    expect(parseElfHeader(Buffer.alloc(0))).toBeUndefined()
  })

  it('reads a real executable (the Node binary running these tests)', () => {
    const head = fs.readFileSync(process.execPath).subarray(0, 64 * 1024)
    const info = parseElfHeader(head)
    expect(info?.machine).toBe(process.arch === 'arm64' ? 'arm64' : 'x86_64')
    expect(info?.interpreter).toMatch(/^\/lib(64)?\/ld-linux-.*\.so\.\d$/)
  })
})
