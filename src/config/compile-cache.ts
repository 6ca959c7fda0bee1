/** The shared compile cache inputs (`compile-cache`, sccache's release, the S3 bucket). */
import semver from 'semver'
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import type { CompileCacheConfig } from '../types.js'
import { s3BucketRule } from './deploy.js'
import { oneOf, sha256Pin, url, version } from './parsers.js'

/** sccache 0.16.0 is the first release that wraps Zig's C compiler (cargo-zigbuild's zigcc). */
const MIN_SCCACHE = '0.16.0'

/**
 * The compile cache settings, or undefined when `compile-cache` is `off`. `input` gives an input's
 * value with its default applied; `env` supplies the region when `aws-region` is empty.
 */
export function parseCompileCache(
  input: (name: string) => string,
  env: Readonly<Record<string, string | undefined>>,
): CompileCacheConfig | undefined {
  const backend = oneOf(Inputs.CompileCache, input(Inputs.CompileCache), [
    'off',
    'gha',
    's3',
  ] as const)
  const write = oneOf(Inputs.CompileCacheWrite, input(Inputs.CompileCacheWrite), [
    'auto',
    'true',
    'false',
  ] as const)
  const bucket = input(Inputs.CompileCacheBucket)
  if (backend !== 's3' && bucket !== '') {
    throw new InputError(
      Inputs.CompileCacheBucket,
      bucket,
      `is only used with 'compile-cache: s3' (it is '${backend}'). Set 'compile-cache: s3', or remove the bucket.`,
    )
  }
  if (backend === 'off') return undefined

  const sccacheVersion = version(Inputs.SccacheVersion, input(Inputs.SccacheVersion))
  if (semver.lt(sccacheVersion, MIN_SCCACHE)) {
    throw new InputError(
      Inputs.SccacheVersion,
      sccacheVersion,
      `is older than ${MIN_SCCACHE}, the first sccache that wraps Zig's C compiler (which cargo-lambda links with). Use ${MIN_SCCACHE} or later.`,
    )
  }
  return {
    backend,
    write,
    s3: backend === 's3' ? parseS3(input, env, bucket) : undefined,
    sccache: {
      version: sccacheVersion,
      sha256: sha256Pin(Inputs.SccacheSha256, input(Inputs.SccacheSha256)),
      url: url(Inputs.SccacheUrl, input(Inputs.SccacheUrl)),
    },
  }
}

function parseS3(
  input: (name: string) => string,
  env: Readonly<Record<string, string | undefined>>,
  bucket: string,
): NonNullable<CompileCacheConfig['s3']> {
  if (bucket === '') {
    throw new InputError(
      Inputs.CompileCache,
      's3',
      `needs '${Inputs.CompileCacheBucket}': the S3 bucket that holds the compile cache.`,
    )
  }
  const rule = s3BucketRule(bucket)
  if (rule !== undefined) {
    throw new InputError(Inputs.CompileCacheBucket, bucket, `${rule} (S3 bucket naming rules).`)
  }
  const region = input(Inputs.AwsRegion) || env.AWS_REGION || env.AWS_DEFAULT_REGION || ''
  if (region === '') {
    throw new InputError(
      Inputs.CompileCacheBucket,
      bucket,
      `needs the bucket's region: set '${Inputs.AwsRegion}' (or AWS_REGION, as aws-actions/configure-aws-credentials does).`,
    )
  }
  const prefix = input(Inputs.CompileCachePrefix).replace(/^\/+|\/+$/g, '')
  if (!/^[A-Za-z0-9!_.*'()/-]*$/.test(prefix) || prefix.includes('//')) {
    throw new InputError(
      Inputs.CompileCachePrefix,
      prefix,
      "may hold only letters, digits, ! - _ . * ' ( ) and single slashes between parts.",
    )
  }
  return { bucket, region, prefix }
}
