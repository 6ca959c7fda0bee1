/** The machine the figures were measured on. */
import * as fs from 'node:fs'
import * as os from 'node:os'

export interface Machine {
  readonly cpuModel: string
  readonly cores: number
  readonly memoryBytes: number
  readonly os: string
  readonly kernel: string
  readonly node: string
  readonly loadAverage: readonly number[]
}

export function describeMachine(nodeVersion: string): Machine {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    os: osName(),
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: nodeVersion.replace(/^v/, ''),
    loadAverage: os.loadavg(),
  }
}

function osName(): string {
  try {
    const text = fs.readFileSync('/etc/os-release', 'utf8')
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)
    if (m?.[1]) return m[1]
  } catch {
    // not Linux, or no os-release: fall back to the kernel's name
  }
  return `${os.type()} ${os.release()}`
}
