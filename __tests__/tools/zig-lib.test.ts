import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { pruneZigLib, zigKeeps, zigKeepsFile } from '../../src/tools/zig-lib.js'

/** Files of a Zig folder shaped like 0.15.2's (`lib/libc/include` names from the real archive). */
const kept = [
  'zig',
  'lib/std/std.zig',
  'lib/compiler_rt.zig',
  'lib/libcxx/include/string',
  'lib/libc/glibc/abilist',
  'lib/libc/musl/src/string/memcpy.c',
  'lib/libc/include/generic-glibc/stdio.h',
  'lib/libc/include/generic-musl/stdio.h',
  'lib/libc/include/any-linux-any/linux/types.h',
  'lib/libc/include/x86-linux-gnu/bits/wordsize.h',
  'lib/libc/include/aarch64-linux-gnu/bits/wordsize.h',
  'lib/libc/include/x86_64-linux-musl/bits/alltypes.h',
]
const dropped = [
  'lib/libc/mingw/crt/crtexe.c',
  'lib/libc/darwin/libSystem.tbd',
  'lib/libc/wasi/libc-top-half/x.c',
  'lib/libc/include/any-windows-any/windows.h',
  'lib/libc/include/any-macos-any/TargetConditionals.h',
  'lib/libc/include/riscv-linux-gnu/bits/wordsize.h',
  'lib/libc/include/x86_64-freebsd-none/sys/types.h',
  'lib/libc/include/generic-freebsd/stdio.h',
]

function fakeZig(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zig-lib-'))
  for (const f of [...kept, ...dropped]) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true })
    fs.writeFileSync(path.join(dir, f), f)
  }
  return dir
}

function filesBelow(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort()
}

const made: string[] = []
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('pruneZigLib', () => {
  it('keeps what Zig reads for aarch64/x86_64 Linux (gnu, musl) and removes the other libcs', async () => {
    const dir = fakeZig()
    made.push(dir)
    const removed = await pruneZigLib(dir)
    expect(removed.sort()).toEqual([
      'lib/libc/darwin',
      'lib/libc/include/any-macos-any',
      'lib/libc/include/any-windows-any',
      'lib/libc/include/generic-freebsd',
      'lib/libc/include/riscv-linux-gnu',
      'lib/libc/include/x86_64-freebsd-none',
      'lib/libc/mingw',
      'lib/libc/wasi',
    ])
    expect(filesBelow(dir)).toEqual([...kept].sort())
    // Again: nothing left to remove.
    expect(await pruneZigLib(dir)).toEqual([])
  })

  it('leaves a folder without lib/libc alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zig-lib-'))
    made.push(dir)
    fs.writeFileSync(path.join(dir, 'zig'), '')
    expect(await pruneZigLib(dir)).toEqual([])
    expect(filesBelow(dir)).toEqual(['zig'])
  })
})

describe('zigKeeps', () => {
  it('drops only folders directly in lib/libc and lib/libc/include', () => {
    expect(zigKeeps('lib/libc/mingw', true)).toBe(false)
    expect(zigKeeps('lib/libc/mingw', false)).toBe(true)
    expect(zigKeeps('lib/mingw', true)).toBe(true)
    expect(zigKeeps('lib/libc/include/any-windows-any/x', true)).toBe(true)
    expect(zigKeeps('lib/libc/include/aarch64-linux-musl', true)).toBe(true)
    expect(zigKeeps('lib/libc/include/loongarch-linux-gnu', true)).toBe(false)
  })
})

describe('zigKeepsFile', () => {
  it('keeps a file exactly when pruneZigLib leaves it (the archive path reads Zig this way)', () => {
    for (const f of kept) expect(zigKeepsFile(f)).toBe(true)
    for (const f of dropped) expect(zigKeepsFile(f)).toBe(false)
    // A file (not a folder) directly in lib/libc or lib/libc/include is never dropped.
    expect(zigKeepsFile('lib/libc/mingw')).toBe(true)
    expect(zigKeepsFile('lib/libc/include/any-windows-any')).toBe(true)
  })
})
