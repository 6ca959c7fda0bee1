/** A function's code as Lambda receives it: a base64 zip, or an object in S3. */
import { createHash } from 'node:crypto'
import yauzl from 'yauzl'
import { invalidContent, invalidParameter } from './errors.js'

export function codeSha256(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('base64')
}

export const PLACEHOLDER_ZIP = Buffer.from(
  // An empty zip: just the end-of-central-directory record.
  '504b0506000000000000000000000000000000000000',
  'hex',
)

export function decodeZipFile(value: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
    throw invalidContent('Could not parse request body into json: ZipFile is not valid base64')
  }
  return Buffer.from(value, 'base64')
}

/**
 * Lambda unzips the package when it receives it and refuses one it cannot read (400
 * InvalidParameterValueException "Could not unzip uploaded file"). Reading the central directory
 * and every entry's data, as unzip would, catches a truncated or corrupt zip, not only a wrong
 * magic number. What the zip holds is not checked: Lambda accepts a package without a
 * `bootstrap`, and the function then fails when it is invoked (Runtime.InvalidEntrypoint).
 */
export async function checkZip(zip: Buffer): Promise<void> {
  const refuse = (): Error =>
    invalidParameter(
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    )
  await new Promise<void>((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(refuse())
      file.on('error', () => reject(refuse()))
      file.on('end', () => resolve())
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return file.readEntry()
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(refuse())
          stream.on('error', () => reject(refuse()))
          stream.on('end', () => file.readEntry())
          stream.resume()
        })
      })
      file.readEntry()
    })
  })
}

export async function fetchS3(
  s3Endpoint: string | undefined,
  bucket: string,
  key: string,
): Promise<Buffer> {
  if (s3Endpoint === undefined) {
    throw invalidParameter(
      `Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist (the emulator has no S3 endpoint)`,
    )
  }
  const url = `${s3Endpoint.replace(/\/$/, '')}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`
  const res = await fetch(url)
  if (res.status === 404) {
    const text = await res.text()
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'NoSuchKey'
    throw invalidParameter(
      `Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: The specified ${code === 'NoSuchBucket' ? 'bucket' : 'key'} does not exist.`,
    )
  }
  if (!res.ok) {
    throw invalidParameter(`Error occurred while GetObject. S3 Error Code: ${res.status}.`)
  }
  return Buffer.from(await res.arrayBuffer())
}
