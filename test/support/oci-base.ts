/**
 * A small fake of AWS's OS-only base image (`public.ecr.aws/lambda/provided:al2023`) for the image
 * tests, written without the code under test: layers made by GNU tar and gzip, an OCI layout with an
 * index of a linux/arm64 and a linux/amd64 manifest, pushed into the local registry by `skopeo copy
 * --all`. Each platform's config has the base's ENTRYPOINT `/lambda-entrypoint.sh`, its Env
 * (LAMBDA_RUNTIME_DIR=/var/runtime) and WorkingDir, and an `etc/platform` file naming the platform.
 * Also wraps `skopeo inspect` / `skopeo copy` as the independent client the tests check pushes with.
 */
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const SKOPEO_TIMEOUT_MS = 60_000

function digestOf(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

function tarGz(files: Record<string, { content: string; mode: number }>): {
  blob: Buffer
  diffId: string
} {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-base-layer-'))
  try {
    for (const [name, f] of Object.entries(files)) {
      const p = path.join(root, name)
      if (name.endsWith('/')) {
        fs.mkdirSync(p, { recursive: true })
        continue
      }
      fs.mkdirSync(path.dirname(p), { recursive: true })
      fs.writeFileSync(p, f.content, { mode: f.mode })
      fs.chmodSync(p, f.mode)
    }
    const tar = execFileSync(
      'tar',
      [
        '--sort=name',
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '--mtime=@0',
        '-C',
        root,
        '-cf',
        '-',
        '.',
      ],
      { maxBuffer: 64 << 20 },
    )
    const blob = execFileSync('gzip', ['-n', '-9'], { input: tar, maxBuffer: 64 << 20 })
    return { blob, diffId: digestOf(tar) }
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
}

const ENTRYPOINT_SCRIPT = `#!/bin/sh
if [ $# -ne 1 ]; then
  echo "entrypoint requires the handler name to be the first argument" 1>&2
  exit 142
fi
export _HANDLER="$1"
exec /var/runtime/bootstrap
`

export interface FakeBase {
  /** `al2023`: the tag it was pushed under. */
  readonly tag: string
  readonly repository: string
  /** Digests of the per-platform manifests, by Lambda architecture. */
  readonly manifests: { readonly arm64: string; readonly x86_64: string }
  readonly indexDigest: string
}

/**
 * Writes the OCI layout and pushes it to `host/repository:tag` with skopeo. Async: the registry's
 * counting proxy runs in this process, so skopeo must not block its event loop.
 */
export async function pushFakeBase(
  host: string,
  creds: string,
  repository = 'lambda/provided',
  tag = 'al2023',
): Promise<FakeBase> {
  const layout = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-base-oci-'))
  try {
    const blobs = path.join(layout, 'blobs', 'sha256')
    fs.mkdirSync(blobs, { recursive: true })
    const put = (data: Buffer): { digest: string; size: number } => {
      const digest = digestOf(data)
      fs.writeFileSync(path.join(blobs, digest.slice(7)), data)
      return { digest, size: data.length }
    }
    const common = tarGz({
      'lambda-entrypoint.sh': { content: ENTRYPOINT_SCRIPT, mode: 0o755 },
      'etc/os-release': { content: 'NAME="Amazon Linux"\nVERSION="2023"\n', mode: 0o644 },
      'var/runtime/': { content: '', mode: 0o755 },
      'var/task/': { content: '', mode: 0o755 },
    })
    const commonBlob = put(common.blob)
    const manifests: Record<string, string> = {}
    const entries = []
    for (const [lambdaArch, ociArch] of [
      ['arm64', 'arm64'],
      ['x86_64', 'amd64'],
    ] as const) {
      const own = tarGz({ 'etc/platform': { content: `linux/${ociArch}\n`, mode: 0o644 } })
      const ownBlob = put(own.blob)
      const config = Buffer.from(
        JSON.stringify({
          architecture: ociArch,
          ...(ociArch === 'arm64' && { variant: 'v8' }),
          os: 'linux',
          created: '2025-01-01T00:00:00Z',
          config: {
            Env: [
              'PATH=/usr/local/bin:/usr/bin/:/bin:/opt/bin',
              'LANG=en_US.UTF-8',
              'TZ=:/etc/localtime',
              'LAMBDA_TASK_ROOT=/var/task',
              'LAMBDA_RUNTIME_DIR=/var/runtime',
            ],
            Entrypoint: ['/lambda-entrypoint.sh'],
            WorkingDir: '/var/task',
          },
          rootfs: { type: 'layers', diff_ids: [common.diffId, own.diffId] },
          history: [
            { created: '2025-01-01T00:00:00Z', created_by: 'fake base: common files' },
            { created: '2025-01-01T00:00:00Z', created_by: `fake base: ${ociArch} files` },
          ],
        }),
      )
      const configBlob = put(config)
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...configBlob },
          layers: [
            { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...commonBlob },
            { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...ownBlob },
          ],
        }),
      )
      const manifestBlob = put(manifest)
      manifests[lambdaArch] = manifestBlob.digest
      entries.push({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...manifestBlob,
        platform: {
          architecture: ociArch,
          os: 'linux',
          ...(ociArch === 'arm64' && { variant: 'v8' }),
        },
      })
    }
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: entries,
      }),
    )
    const indexBlob = put(index)
    fs.writeFileSync(path.join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
    fs.writeFileSync(
      path.join(layout, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.index.v1+json',
            ...indexBlob,
            annotations: { 'org.opencontainers.image.ref.name': tag },
          },
        ],
      }),
    )
    await skopeo([
      'copy',
      '--all',
      '--preserve-digests',
      '--dest-tls-verify=false',
      '--dest-creds',
      creds,
      `oci:${layout}:${tag}`,
      `docker://${host}/${repository}:${tag}`,
    ])
    return {
      tag,
      repository,
      manifests: { arm64: manifests.arm64 as string, x86_64: manifests.x86_64 as string },
      indexDigest: indexBlob.digest,
    }
  } finally {
    fs.rmSync(layout, { recursive: true, force: true })
  }
}

/** Runs skopeo with a permissive signature policy (the machine may have none configured). */
export async function skopeo(args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('skopeo', ['--insecure-policy', ...args], {
    encoding: 'utf8',
    timeout: SKOPEO_TIMEOUT_MS,
    maxBuffer: 64 << 20,
  })
  return stdout
}

/** `skopeo inspect` (or `--config`, or `--raw`) of `docker://ref` over plain HTTP. */
export async function skopeoInspect(
  ref: string,
  creds: string,
  mode: 'image' | 'config' | 'raw' = 'image',
): Promise<unknown> {
  const extra = mode === 'config' ? ['--config'] : mode === 'raw' ? ['--raw'] : ['--no-tags']
  return JSON.parse(
    await skopeo(['inspect', ...extra, '--tls-verify=false', '--creds', creds, `docker://${ref}`]),
  ) as unknown
}

/** `skopeo copy docker://ref oci:<dir>:img`; returns the layout folder's blob reader. */
export async function skopeoCopyToLayout(
  ref: string,
  creds: string,
  dir: string,
): Promise<(digest: string) => Buffer> {
  await skopeo([
    'copy',
    '--src-tls-verify=false',
    '--src-creds',
    creds,
    `docker://${ref}`,
    `oci:${dir}:img`,
  ])
  return (digest) =>
    fs.readFileSync(path.join(dir, 'blobs', 'sha256', digest.replace(/^sha256:/, '')))
}

/** Lists a gzip'd layer with GNU tar: `mode owner size name` per entry (independent of the code under test). */
export function listLayer(blob: Buffer): string[] {
  const out = execFileSync('tar', ['-tvzf', '-', '--numeric-owner'], {
    input: blob,
    encoding: 'utf8',
  })
  return out.trim().split('\n')
}
