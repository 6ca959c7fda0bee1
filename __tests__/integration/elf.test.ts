import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ElfError, parseElf, readElf } from '../../src/package/elf.js'
import { compareVersions } from '../../src/util/versions.js'
import { repoRoot } from '../../test/support/harness.js'
import { localZig } from '../../test/support/releases.js'

const zig = localZig
const work = path.join(repoRoot, '.tmp', 'elf-test')

/** objdump's answer, the reference the parser must agree with. */
function objdumpGlibc(file: string): string[] {
  const out = execFileSync('objdump', ['-T', file], { encoding: 'utf8' })
  const versions = new Set(
    [...out.matchAll(/\(GLIBC_(\d+(?:\.\d+)*)\)/g)].map((m) => m[1] as string),
  )
  return [...versions].sort(compareVersions)
}

// getrandom is GLIBC_2.25, so a 2.26 floor shows it; a 2.34 floor moves __libc_start_main to 2.34.
const SOURCE = `#include <sys/random.h>
#include <stdio.h>
int main(void) { char b[4]; getrandom(b, 4, 0); printf("%d\\n", b[0]); return 0; }
`

function cc(name: string, target: string): string {
  const out = path.join(work, name)
  if (!fs.existsSync(out)) {
    execFileSync(zig, ['cc', '-target', target, '-O1', '-o', out, path.join(work, 'main.c')], {
      env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: path.join(repoRoot, '.tmp', 'zig-cache') },
    })
  }
  return out
}

describe('ELF machine and glibc floor (binaries linked by the real zig, checked against objdump)', () => {
  beforeAll(() => {
    fs.mkdirSync(work, { recursive: true })
    fs.writeFileSync(path.join(work, 'main.c'), SOURCE)
  }, 300_000)

  it.each([
    ['arm64-2.26', 'aarch64-linux-gnu.2.26', 'aarch64', '2.25'],
    ['arm64-2.34', 'aarch64-linux-gnu.2.34', 'aarch64', '2.34'],
    ['x86-2.26', 'x86_64-linux-gnu.2.26', 'x86-64', '2.25'],
    ['x86-2.34', 'x86_64-linux-gnu.2.34', 'x86-64', '2.34'],
  ])('%s', async (name, target, machine, newest) => {
    const file = cc(name, target)
    const elf = await readElf(file)
    expect(elf.machine).toBe(machine)
    expect(elf.dynamic).toBe(true)
    expect(elf.glibcRequired).toBe(newest)
    expect(elf.glibcVersions).toEqual(objdumpGlibc(file))
  })

  it('a statically linked binary needs no glibc', async () => {
    const out = path.join(work, 'static')
    fs.writeFileSync(path.join(work, 'main.rs'), 'fn main() { println!("static"); }\n')
    execFileSync('rustc', [
      '-C',
      'target-feature=+crt-static',
      '-o',
      out,
      path.join(work, 'main.rs'),
    ])
    const elf = await readElf(out)
    expect(elf).toMatchObject({ machine: 'x86-64', glibcRequired: undefined, glibcVersions: [] })
  })

  it("agrees with objdump on this machine's own /bin/ls", async () => {
    const elf = await readElf('/bin/ls')
    expect(elf.glibcVersions).toEqual(objdumpGlibc('/bin/ls'))
  })

  it('rejects what is not a 64-bit little-endian ELF, and truncated files', () => {
    expect(() => parseElf(Buffer.from('#!/bin/sh\necho hi\n'.padEnd(80)))).toThrow(ElfError)
    const real = fs.readFileSync('/bin/ls')
    expect(() => parseElf(real.subarray(0, 100))).toThrow(/truncated/)
    const elf32 = Buffer.from(real.subarray(0, 64))
    elf32[4] = 1
    expect(() => parseElf(elf32)).toThrow(/not a 64-bit/)
  })

  it('compares versions numerically', () => {
    expect(['2.34', '2.9', '2.17', '2.2.5'].sort(compareVersions)).toEqual([
      '2.2.5',
      '2.9',
      '2.17',
      '2.34',
    ])
  })
})
