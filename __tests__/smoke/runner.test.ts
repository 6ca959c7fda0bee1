import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { chooseWay, commandFor, probeRunner, type RunnerFacts } from '../../src/smoke/runner.js'

const x64: RunnerFacts = { platform: 'linux', hostArch: 'x64', binfmt: {}, onPath: {} }

describe('chooseWay', () => {
  it('runs natively when the runner has the function architecture', () => {
    expect(chooseWay('x86_64', x64)).toEqual({
      way: { kind: 'native' },
      description: 'native x86_64',
    })
    expect(chooseWay('arm64', { ...x64, hostArch: 'arm64' }).way).toEqual({ kind: 'native' })
  })

  it('prefers a registered binfmt handler, then qemu-aarch64-static, then qemu-aarch64', () => {
    const all: RunnerFacts = {
      ...x64,
      binfmt: { 'qemu-aarch64': true },
      onPath: {
        'qemu-aarch64-static': '/usr/bin/qemu-aarch64-static',
        'qemu-aarch64': '/usr/bin/qemu-aarch64',
      },
    }
    expect(chooseWay('arm64', all).way).toEqual({ kind: 'binfmt', handler: 'qemu-aarch64' })
    const disabled = { ...all, binfmt: { 'qemu-aarch64': false } }
    expect(chooseWay('arm64', disabled)).toEqual({
      way: { kind: 'qemu', command: '/usr/bin/qemu-aarch64-static' },
      description: 'qemu-aarch64-static',
    })
    const plain = { ...x64, onPath: { 'qemu-aarch64': '/opt/qemu/bin/qemu-aarch64' } }
    expect(chooseWay('arm64', plain).way).toEqual({
      kind: 'qemu',
      command: '/opt/qemu/bin/qemu-aarch64',
    })
  })

  it('runs x86_64 on an arm64 runner with qemu-x86_64-static', () => {
    const arm: RunnerFacts = {
      ...x64,
      hostArch: 'arm64',
      onPath: { 'qemu-x86_64-static': '/usr/bin/qemu-x86_64-static' },
    }
    expect(chooseWay('x86_64', arm).way).toEqual({
      kind: 'qemu',
      command: '/usr/bin/qemu-x86_64-static',
    })
  })

  it('says why there is no way, and how to get one', () => {
    const d = chooseWay('arm64', x64)
    expect(d.way).toBeUndefined()
    expect(d.way === undefined && d.reason).toBe(
      'this x86_64 runner cannot run arm64 binaries: no binfmt_misc handler qemu-aarch64 and none of qemu-aarch64-static, qemu-aarch64 on PATH (install qemu-user-static, or use an ubuntu-24.04-arm runner)',
    )
    const mac = chooseWay('arm64', { ...x64, platform: 'darwin', hostArch: 'arm64' })
    expect(mac.way === undefined && mac.reason).toMatch(
      /^a darwin runner cannot run Linux binaries/,
    )
  })
})

describe('commandFor', () => {
  it('starts qemu with the binary and nothing else (never -L)', () => {
    expect(
      commandFor({ kind: 'qemu', command: '/usr/bin/qemu-aarch64-static' }, '/t/bootstrap'),
    ).toEqual(['/usr/bin/qemu-aarch64-static', '/t/bootstrap'])
    expect(commandFor({ kind: 'native' }, '/t/bootstrap')).toEqual(['/t/bootstrap'])
    expect(commandFor({ kind: 'binfmt', handler: 'qemu-aarch64' }, '/t/bootstrap')).toEqual([
      '/t/bootstrap',
    ])
  })
})

describe('probeRunner', () => {
  it('reads binfmt_misc handlers (enabled only when binfmt_misc is) and finds qemu on PATH', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binfmt-'))
    fs.writeFileSync(path.join(dir, 'status'), 'enabled\n')
    fs.writeFileSync(
      path.join(dir, 'qemu-aarch64'),
      'enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: PF\n',
    )
    fs.writeFileSync(path.join(dir, 'qemu-x86_64'), 'disabled\ninterpreter /usr/bin/qemu-x86_64\n')
    const facts = await probeRunner(dir)
    expect(facts.binfmt).toEqual({ 'qemu-aarch64': true, 'qemu-x86_64': false })
    expect(facts.platform).toBe(process.platform)
    expect(facts.hostArch).toBe(process.arch)
    // This machine has qemu-user-static (scripts/setup.sh installs it).
    expect(facts.onPath['qemu-aarch64-static']).toMatch(/\/qemu-aarch64-static$/)

    fs.writeFileSync(path.join(dir, 'status'), 'disabled\n')
    expect((await probeRunner(dir)).binfmt['qemu-aarch64']).toBe(false)
    expect((await probeRunner(path.join(dir, 'absent'))).binfmt['qemu-aarch64']).toBe(false)
    fs.rmSync(dir, { recursive: true })
  })
})
