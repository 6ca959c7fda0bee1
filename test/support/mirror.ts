/**
 * A local HTTP mirror for tests: serves files from a folder on 127.0.0.1, counts requests per
 * path, and can be told to corrupt a file, cut a response mid-body, or fail a number of times.
 */
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'

export interface Mirror {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string
  /** path -> number of requests (any status) */
  requests: Map<string, number>
  totalRequests(): number
  /** Serve the file with one byte flipped in the middle. */
  corrupt(urlPath: string): void
  /** Send the headers and half of the body, then destroy the socket. */
  cut(urlPath: string, times?: number): void
  /** Answer `status` for the next `times` requests. */
  fail(urlPath: string, times: number, status?: number): void
  /** Undo every corrupt/cut/fail. */
  reset(): void
  close(): Promise<void>
}

export async function startMirror(
  root: string,
  options: { timeoutMs?: number } = {},
): Promise<Mirror> {
  const requests = new Map<string, number>()
  const corrupted = new Set<string>()
  const cuts = new Map<string, number>()
  const failures = new Map<string, { times: number; status: number }>()

  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    requests.set(urlPath, (requests.get(urlPath) ?? 0) + 1)
    const failure = failures.get(urlPath)
    if (failure && failure.times > 0) {
      failure.times--
      res.writeHead(failure.status).end(`injected ${failure.status}`)
      return
    }
    const file = path.join(root, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''))
    if (
      !file.startsWith(path.resolve(root)) ||
      !fs.existsSync(file) ||
      !fs.statSync(file).isFile()
    ) {
      res.writeHead(404).end('not found')
      return
    }
    let body = fs.readFileSync(file)
    if (corrupted.has(urlPath)) {
      body = Buffer.from(body)
      const mid = Math.floor(body.length / 2)
      body[mid] = (body[mid] ?? 0) ^ 0xff
    }
    res.writeHead(200, {
      'content-length': body.length,
      'content-type': 'application/octet-stream',
    })
    const cutsLeft = cuts.get(urlPath) ?? 0
    if (cutsLeft > 0) {
      cuts.set(urlPath, cutsLeft - 1)
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy())
      return
    }
    if (req.method === 'HEAD') res.end()
    else res.end(body)
  })
  server.requestTimeout = options.timeoutMs ?? 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  // Bound the server's life: a test that forgets to close it does not keep the process alive.
  const lifetime = setTimeout(() => server.close(), options.timeoutMs ?? 15 * 60_000)
  lifetime.unref()

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    totalRequests: () => [...requests.values()].reduce((a, b) => a + b, 0),
    corrupt: (p) => void corrupted.add(p),
    cut: (p, times = Number.MAX_SAFE_INTEGER) => void cuts.set(p, times),
    fail: (p, times, status = 503) => void failures.set(p, { times, status }),
    reset: () => {
      corrupted.clear()
      cuts.clear()
      failures.clear()
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(lifetime)
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
