/** Uploads a zip to S3 for UpdateFunctionCode's S3Bucket/S3Key (zips over Lambda's inline limit). */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'

export interface S3Environment {
  readonly AWS_ENDPOINT_URL?: string | undefined
  readonly AWS_ENDPOINT_URL_S3?: string | undefined
}

/**
 * A custom S3 endpoint (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, honoured by the SDK itself) is
 * an S3-compatible store such as MinIO, LocalStack or s3rver: those serve buckets under the path,
 * not as sub-domains, and the SDK has no environment setting for that, so the action sets it.
 */
export function usePathStyle(env: S3Environment): boolean {
  return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL)
}

/** A stalled connection fails (and is retried) instead of hanging the job; long uploads still finish. */
export const HTTP_TIMEOUTS = { connectionTimeout: 10_000, socketTimeout: 120_000 } as const

export function makeS3Client(region: string, env: S3Environment = process.env): S3Client {
  return new S3Client({
    region,
    maxAttempts: 1,
    forcePathStyle: usePathStyle(env),
    requestHandler: HTTP_TIMEOUTS,
    customUserAgent: 'rust-lambda-action',
  })
}

/** PutObject with the zip's SHA-256, so S3 rejects a corrupted upload. */
export async function putZip(
  client: S3Client,
  target: { bucket: string; key: string },
  body: Buffer,
  codeSha256: string,
): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      Body: body,
      ContentType: 'application/zip',
      ChecksumSHA256: codeSha256,
    }),
  )
}
