/**
 * A real S3 emulator for the deploy tests: the s3rver npm package on 127.0.0.1 (random port),
 * storing objects in a temporary folder. Path-style addressing; it checks SigV4 signatures made
 * with the access key `S3RVER` / secret `S3RVER`, so tests use those credentials.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const

interface S3rverInstance {
  run(): Promise<AddressInfo>
  close(): Promise<void>
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance

export interface S3Emulator {
  readonly url: string
  readonly directory: string
  close(): Promise<void>
}

export async function startS3Emulator(
  buckets: readonly string[],
  lifetimeMs = 300_000,
): Promise<S3Emulator> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-s3rver-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  })
  const address = await server.run()
  let closed: Promise<void> | undefined
  const close = (): Promise<void> => {
    closed ??= server.close().finally(() => fs.rmSync(directory, { recursive: true, force: true }))
    return closed
  }
  setTimeout(() => void close(), lifetimeMs).unref()
  return { url: `http://127.0.0.1:${address.port}`, directory, close }
}
