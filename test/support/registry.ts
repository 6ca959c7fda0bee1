/**
 * A real OCI registry for the image tests: Debian's `docker-registry` (the CNCF distribution
 * registry, installed by scripts/setup.sh) on 127.0.0.1, htpasswd auth, no TLS, storage in a
 * temporary folder. The tests talk to it through a small proxy that counts every request (method,
 * path, bytes of body) so they can assert what a push sent, and that can answer some requests with
 * an injected error (a registry that does not auto-create repositories, as Amazon ECR). The
 * registry is killed and its folder removed by `stop()`, or after `lifetimeMs`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'

export interface RegistryRequestLog {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly bytesIn: number
}

export interface RegistryFault {
  /** Requests whose path matches get this answer instead of reaching the registry. */
  readonly path: RegExp
  readonly method?: string
  readonly status: number
  readonly code: string
  readonly message: string
}

export interface LocalRegistry {
  /** `127.0.0.1:<port>` of the counting proxy: what tests put in image references. */
  readonly host: string
  readonly url: string
  readonly username: string
  readonly password: string
  readonly requests: RegistryRequestLog[]
  readonly faults: RegistryFault[]
  /** Bytes of request bodies sent to blob uploads (PATCH/PUT on /blobs/uploads/). */
  blobBytesIn(): number
  count(method: string, pathPattern: RegExp): number
  stop(): Promise<void>
}

export function registryAvailable(): boolean {
  return spawnSync('docker-registry', ['--version'], { stdio: 'ignore' }).status === 0
}

async function freePort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export async function startRegistry(
  options: { username?: string; password?: string; lifetimeMs?: number; auth?: boolean } = {},
): Promise<LocalRegistry> {
  const username = options.username ?? 'pusher'
  const password = options.password ?? 'correct-horse-battery'
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rla-registry-'))
  const htpasswd = spawnSync('htpasswd', ['-Bbn', username, password], { encoding: 'utf8' })
  if (htpasswd.status !== 0) throw new Error(`htpasswd failed: ${htpasswd.stderr}`)
  await fs.promises.writeFile(path.join(dir, 'htpasswd'), htpasswd.stdout)
  const registryPort = await freePort()
  await fs.promises.writeFile(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${registryPort}`,
      ...(options.auth === false
        ? []
        : [
            'auth:',
            '  htpasswd:',
            '    realm: rla-test',
            `    path: ${path.join(dir, 'htpasswd')}`,
          ]),
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))

  const requests: RegistryRequestLog[] = []
  const faults: RegistryFault[] = []
  const proxy = http.createServer((req, res) => {
    let bytesIn = 0
    const fault = faults.find(
      (f) => f.path.test(req.url ?? '') && (f.method === undefined || f.method === req.method),
    )
    if (fault) {
      req.resume()
      req.on('end', () => {
        requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          status: fault.status,
          bytesIn,
        })
        res.writeHead(fault.status, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ errors: [{ code: fault.code, message: fault.message }] }))
      })
      return
    }
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: registryPort,
        method: req.method,
        path: req.url,
        headers: req.headers, // Host kept: the registry builds Location URLs from it.
      },
      (up) => {
        requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          status: up.statusCode ?? 0,
          bytesIn,
        })
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', (e) => {
      res.writeHead(502)
      res.end(String(e))
    })
    req.on('data', (chunk: Buffer) => (bytesIn += chunk.length))
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`

  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    clearTimeout(timer)
    proxy.closeAllConnections()
    await new Promise<void>((resolve) => proxy.close(() => resolve()))
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    await fs.promises.rm(dir, { recursive: true, force: true })
  }
  const timer = setTimeout(() => void stop(), options.lifetimeMs ?? 10 * 60_000)
  timer.unref()

  // Ready when /v2/ answers (401 when auth is on).
  const ready = options.auth === false ? 200 : 401
  const deadline = Date.now() + 20_000
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      const r = http.get(`http://127.0.0.1:${registryPort}/v2/`, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      r.on('error', () => resolve(0))
    })
    if (status === ready) break
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`docker-registry did not start (status ${status}): ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }

  return {
    host,
    url: `http://${host}`,
    username,
    password,
    requests,
    faults,
    blobBytesIn: () =>
      requests
        .filter(
          (r) => /\/blobs\/uploads\//.test(r.path) && (r.method === 'PUT' || r.method === 'PATCH'),
        )
        .reduce((sum, r) => sum + r.bytesIn, 0),
    count: (method, pathPattern) =>
      requests.filter((r) => r.method === method && pathPattern.test(r.path)).length,
    stop,
  }
}
