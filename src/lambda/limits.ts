/** Lambda's limits on function code, in one table: the package checks and the deploy plan use it. */
export const LambdaLimits = {
  /** UpdateFunctionCode's request limit: the zip travels base64-encoded inside JSON (~50 MiB of zip). */
  inlineRequestBytes: 69_905_067,
  /** Room for the JSON around ZipFile (Architectures, RevisionId, DryRun and the keys). */
  requestEnvelopeBytes: 256,
  /** A function's unzipped code (function plus layers): 250 MiB, whichever way it is uploaded. */
  unzippedBytes: 262_144_000,
  /** Characters of a function name. */
  functionNameChars: 64,
  /** Characters of a layer name (PublishLayerVersion's LayerName). */
  layerNameChars: 140,
  /** Layers one function can use (UpdateFunctionConfiguration's Layers). */
  layersPerFunction: 5,
  /** MemorySize, MB (CreateFunction / UpdateFunctionConfiguration). */
  memoryMb: { min: 128, max: 10_240 },
  /** Timeout, seconds. */
  timeoutSeconds: { min: 1, max: 900 },
  /** Characters of a function's Description. */
  descriptionChars: 256,
  /** All environment variables of a function together (keys and values): 4 KB. */
  environmentBytes: 4096,
} as const

/** Lambda's pattern for environment variable names. */
export const EnvironmentKeyPattern = /^[a-zA-Z]([a-zA-Z0-9_])+$/

/**
 * Environment variables Lambda sets itself and refuses in a function's configuration ("Defined
 * runtime environment variables" in the Lambda Developer Guide: these are reserved).
 */
export const ReservedEnvironmentKeys: readonly string[] = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]

/** Bytes of the UpdateFunctionCode request that would carry a zip of `zipSize` bytes inline. */
export function inlineRequestBytes(zipSize: number): number {
  return 4 * Math.ceil(zipSize / 3) + LambdaLimits.requestEnvelopeBytes
}

/** Whether a zip can be sent inline (ZipFile) rather than through S3. */
export function fitsInline(zipSize: number): boolean {
  return inlineRequestBytes(zipSize) <= LambdaLimits.inlineRequestBytes
}

/** The biggest zip that fits inline (52,428,606 bytes, just under 50 MiB). */
export const MaxInlineZipBytes =
  Math.floor((LambdaLimits.inlineRequestBytes - LambdaLimits.requestEnvelopeBytes) / 4) * 3
