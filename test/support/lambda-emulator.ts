/**
 * A local AWS Lambda control-plane emulator for the deploy tests: the documented REST-JSON API
 * (API version 2015-03-31) for the operations the action calls, with Lambda's state machine.
 * One module per resource under `lambda-emulator/`:
 *
 *   functions.ts  GET  /2015-03-31/functions/{FunctionName}[?Qualifier=]     GetFunction
 *                 PUT  /2015-03-31/functions/{FunctionName}/code             UpdateFunctionCode
 *   versions.ts   POST /2015-03-31/functions/{FunctionName}/versions         PublishVersion
 *                 GET  /2015-03-31/functions/{FunctionName}/versions         ListVersionsByFunction
 *   aliases.ts    POST /2015-03-31/functions/{FunctionName}/aliases          CreateAlias
 *                 GET  /2015-03-31/functions/{FunctionName}/aliases/{Name}   GetAlias
 *                 PUT  /2015-03-31/functions/{FunctionName}/aliases/{Name}   UpdateAlias
 *                      (RoutingConfig: one additional version and its weight)
 *   configuration.ts POST /2015-03-31/functions                          CreateFunction
 *                 PUT  /2015-03-31/functions/{FunctionName}/configuration    UpdateFunctionConfiguration
 *   invoke.ts     POST /2015-03-31/functions/{FunctionName}/invocations[?Qualifier=]  Invoke
 *                      (runs the version's real bootstrap against a local Runtime API)
 *   layers.ts     POST /2018-10-31/layers/{LayerName}/versions               PublishLayerVersion
 *                 GET  /2018-10-31/layers/{LayerName}/versions               ListLayerVersions
 *                 GET  /2018-10-31/layers/{LayerName}/versions/{VersionNumber} GetLayerVersion
 *
 * and beside them: `world.ts` (the state, name resolution, the state machine and the
 * FunctionConfiguration), `protocol.ts` (routing, SigV4 scope, strict bodies, error shapes),
 * `code.ts` (zips and S3), `server.ts` (faults, latency, counts). To add an operation: name it in
 * `types.ts`, declare it (an `OperationDef`) in its resource's module, list it in `operations.ts`.
 *
 * FunctionName may be a name, a partial ARN or a full ARN. After a code update LastUpdateStatus
 * is InProgress for `updateMs`, then Successful (or Failed with a reason); a write meanwhile gets
 * 409 ResourceConflictException, a stale RevisionId 412 PreconditionFailedException, an unknown
 * function 404 ResourceNotFoundException (its message carries the ARN, as Lambda's does).
 * CodeSha256 is base64(sha256(zip)); S3 code is fetched from an S3 endpoint (s3rver in the tests).
 * Strict: an unknown body field, a wrong type, a wrong method, a missing or wrongly scoped SigV4
 * Authorization header are errors. Faults (409, 403, 429, ...) and latency can be injected, and
 * every call is counted per operation and function (layer operations under `layer:<LayerName>`). Binds 127.0.0.1 only, closes itself after
 * `lifetimeMs`.
 */
export { codeSha256 } from './lambda-emulator/code.js'
export { MAX_UPDATE_REQUEST_BYTES } from './lambda-emulator/functions.js'
export { WRITE_OPERATIONS } from './lambda-emulator/operations.js'
export { startLambdaEmulator } from './lambda-emulator/server.js'
export type * from './lambda-emulator/types.js'

/**
 * A clock for the emulator's `now` that stands still until the test moves it: the call right
 * after a write always finds the update in progress, and `pass(ms)` ends it without a real wait.
 */
export function manualClock(start = Date.now()): { now: () => number; pass: (ms: number) => void } {
  let time = start
  return { now: () => time, pass: (ms) => void (time += ms) }
}
