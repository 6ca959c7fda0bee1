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
} as const

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
