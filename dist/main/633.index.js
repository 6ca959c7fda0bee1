export const id = 633;
export const ids = [633];
export const modules = {

/***/ 20633:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployFailure: () => (/* binding */ deployFailure),
  deployFunctions: () => (/* binding */ deployFunctions)
});

// UNUSED EXPORTS: defaultDeps

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(71696);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(70370);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
;// CONCATENATED MODULE: ./src/publish/retry.ts
const DEFAULT_RETRY = { attempts: 8, baseMs: 1000, capMs: 20_000 };
/**
 * Delay before retry number `retry` (0 for the first retry): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that concurrent deploys spread out but never retry at once.
 */
function backoffMs(retry, policy, random) {
    const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
    return Math.round(ceiling / 2 + (random * ceiling) / 2);
}
/** Thrown when every attempt failed with a retryable error: carries the last one. */
class RetriesExhausted extends Error {
    last;
    attempts;
    waitedMs;
    name = 'RetriesExhausted';
    constructor(last, attempts, waitedMs) {
        super(`gave up after ${attempts} attempts`);
        this.last = last;
        this.attempts = attempts;
        this.waitedMs = waitedMs;
    }
}
async function withRetry(fn, options) {
    const { policy } = options;
    let waited = 0;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (error) {
            if (!options.isRetryable(error))
                throw error;
            if (attempt >= policy.attempts)
                throw new RetriesExhausted(error, attempt, waited);
            const delay = backoffMs(attempt - 1, policy, options.random());
            options.onRetry?.(error, attempt, delay);
            waited += delay;
            await options.sleep(delay);
        }
    }
}

;// CONCATENATED MODULE: ./src/publish/aws-errors.ts
/**
 * AWS errors turned into what to do: which IAM actions are missing, which function and
 * operation failed with which AWS error code. Pure (no SDK import): works on the error's shape.
 */



function awsErrorInfo(error) {
    if (error instanceof RetriesExhausted)
        return awsErrorInfo(error.last);
    const e = (typeof error === 'object' && error !== null ? error : {});
    const str = (v) => typeof v === 'string' && v !== '' ? v : undefined;
    const status = e.$metadata?.httpStatusCode;
    const code = str(e.Code) ??
        (str(e.name) !== undefined && str(e.name) !== 'Error' ? str(e.name) : undefined) ??
        str(e.code) ??
        (typeof status === 'number' ? `HTTP ${status}` : 'UnknownError');
    return {
        code,
        status: typeof status === 'number' ? status : undefined,
        message: str(e.message) ?? String(error),
        requestId: str(e.$metadata?.requestId),
    };
}
const THROTTLING = new Set([
    'TooManyRequestsException',
    'ThrottlingException',
    'Throttling',
    'ThrottledException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'RequestThrottledException',
    'SlowDown',
    'ProvisionedThroughputExceededException',
]);
const TRANSIENT = new Set([
    'ServiceException',
    'InternalError',
    'InternalFailure',
    'ServiceUnavailable',
    'ServiceUnavailableException',
    'RequestTimeout',
    'RequestTimeoutException',
    'TimeoutError',
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
]);
function isConflict(error) {
    return awsErrorInfo(error).code === 'ResourceConflictException';
}
function isThrottling(error) {
    const { code, status } = awsErrorInfo(error);
    return THROTTLING.has(code) || status === 429;
}
/**
 * ResourceConflictException also answers a create of something that exists ("Alias already
 * exists"): waiting never changes that, so it is not retried; the caller reads what exists.
 */
function isAlreadyExists(error) {
    const info = awsErrorInfo(error instanceof AwsCallError ? { name: error.code, message: error.awsMessage } : error);
    return info.code === 'ResourceConflictException' && /already exists?\b/i.test(info.message);
}
const TRANSPORT = new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNABORTED',
    'TimeoutError',
    'RequestTimeout',
]);
/**
 * The request may have reached AWS, but its answer was lost (a reset connection, a timeout): a
 * write may have landed. Such a write is confirmed by reading the resource, never blindly resent.
 */
function isTransportError(error) {
    const info = awsErrorInfo(error);
    return TRANSPORT.has(info.code) || /socket hang up|ECONNRESET/i.test(info.message);
}
/** Conflicts (an update in progress), throttling and server-side trouble: worth another try. */
function isRetryable(error) {
    const info = awsErrorInfo(error);
    if (isAlreadyExists(error))
        return false;
    return (isConflict(error) ||
        isThrottling(error) ||
        TRANSIENT.has(info.code) ||
        (info.status !== undefined && info.status >= 500));
}
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'Forbidden']);
const BAD_CREDENTIALS = new Set([
    'UnrecognizedClientException',
    'InvalidClientTokenId',
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    'ExpiredToken',
    'ExpiredTokenException',
    'InvalidAccessKeyId',
    'CredentialsProviderError',
]);
/** A failed AWS call: the message is for the user, `code` and `awsMessage` for the code. */
class AwsCallError extends errors/* DeployError */.sH {
    code;
    awsMessage;
    name = 'AwsCallError';
    constructor(message, code, awsMessage) {
        super(message);
        this.code = code;
        this.awsMessage = awsMessage;
    }
}
/** The IAM actions a deploy with these settings calls, in call order. */
function requiredActions(needs) {
    return [
        'lambda:GetFunction',
        'lambda:UpdateFunctionCode',
        ...(needs.publish ? ['lambda:PublishVersion'] : []),
        // Without an alias, the versions are how a re-run finds the one that already has the code.
        ...(needs.publish && !needs.alias ? ['lambda:ListVersionsByFunction'] : []),
        ...(needs.alias ? ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:CreateAlias'] : []),
        // Lambda reads the S3 object with the caller's credentials ("make sure your request
        // credentials have permission to GetObject"), so the role needs both.
        ...(needs.s3 ? ['s3:PutObject', 's3:GetObject'] : []),
    ];
}
/**
 * The bucket's region when an error says the bucket is in another region than the one asked:
 * S3's 301 PermanentRedirect (its x-amz-bucket-region header or Endpoint), or Lambda's
 * "S3 Error Code: PermanentRedirect ... The bucket is in this region: X" when it reads the object.
 * `''` when the error is such a redirect but names no region; undefined when it is not one.
 */
function bucketRegionOf(error) {
    const info = awsErrorInfo(error);
    const e = (typeof error === 'object' && error !== null ? error : {});
    const redirect = info.code === 'PermanentRedirect' ||
        info.status === 301 ||
        /S3 Error Code: (PermanentRedirect|AuthorizationHeaderMalformed)/.test(info.message);
    if (!redirect)
        return undefined;
    const fromHeader = e.$response?.headers?.['x-amz-bucket-region'];
    const fromEndpoint = typeof e.Endpoint === 'string'
        ? /\.s3[.-]([a-z0-9-]+)\.amazonaws\./.exec(e.Endpoint)?.[1]
        : undefined;
    const fromMessage = /(?:in this region: |expecting ')([a-z0-9-]+)/.exec(info.message)?.[1];
    return fromHeader ?? fromEndpoint ?? fromMessage ?? '';
}
/** Turns any error of an AWS call into a DeployError whose message says what to do. */
function translateAwsError(error, ctx) {
    if (error instanceof errors/* DeployError */.sH)
        return error;
    const info = awsErrorInfo(error);
    return new AwsCallError(messageFor(error, info, ctx), info.code, info.message);
}
function messageFor(error, info, ctx) {
    const service = ctx.operation === 'PutObject' ? 'S3' : 'Lambda';
    const where = `${service} ${ctx.operation} for function '${ctx.function}' in ${ctx.region}`;
    const tail = `${info.code}: ${info.message}${info.requestId ? ` (request id ${info.requestId})` : ''}`;
    if (ACCESS_DENIED.has(info.code) || (info.status === 403 && !BAD_CREDENTIALS.has(info.code))) {
        const actions = requiredActions(ctx.needs);
        const lambdaActions = actions.filter((a) => a.startsWith('lambda:'));
        const resource = ctx.functionArn ?? `arn:aws:lambda:${ctx.region}:<account>:function:<name>`;
        return (`Access denied: ${where} was refused (${tail}). The role needs ${lambdaActions.join(', ')} on ${resource} and ${resource}:*` +
            (ctx.needs.s3
                ? `, plus s3:PutObject and s3:GetObject on ${ctx.s3Target ?? 'the s3-bucket objects'}`
                : '') +
            `. See the README section "IAM policy".`);
    }
    if (info.code === 'CredentialsProviderError') {
        return `No AWS credentials found for ${where} (${info.message}). Configure them before this step, e.g. aws-actions/configure-aws-credentials with role-to-assume (OIDC, needs 'permissions: id-token: write'), or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from secrets.`;
    }
    if (BAD_CREDENTIALS.has(info.code)) {
        return `AWS rejected the credentials: ${where} failed (${tail}). Configure credentials before this step, e.g. aws-actions/configure-aws-credentials with role-to-assume (OIDC, needs 'permissions: id-token: write').`;
    }
    if (error instanceof RetriesExhausted) {
        const what = isConflict(error.last)
            ? 'another update of the function kept it busy'
            : isThrottling(error.last)
                ? 'AWS kept throttling the requests'
                : 'AWS kept failing';
        return `${where} failed after ${error.attempts} attempts over ${(error.waitedMs / 1000).toFixed(1)} s: ${what} (${tail}). Re-run the job once the other deployment has finished, or lower 'deploy-concurrency'.`;
    }
    const bucketRegion = ctx.s3Bucket !== undefined ? bucketRegionOf(error) : undefined;
    if (bucketRegion !== undefined) {
        const isIn = bucketRegion === '' ? 'in another region' : `in ${bucketRegion}`;
        return `The S3 bucket '${ctx.s3Bucket ?? ''}' (input '${constants/* Inputs */.G0.S3Bucket}') is ${isIn}, not in the function's region ${ctx.region}: Lambda reads the code only from a bucket in the same region as the function. Set '${constants/* Inputs */.G0.S3Bucket}' to a bucket in ${ctx.region} (${where} failed: ${tail}).`;
    }
    if (info.code === 'PreconditionFailedException') {
        return `${where} failed: the function was changed by someone else while this deploy ran (${tail}). Re-run the job to deploy on top of the new state.`;
    }
    return `${where} failed: ${tail}.`;
}

// EXTERNAL MODULE: ./src/lambda/names.ts
var names = __webpack_require__(16775);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(53711);
;// CONCATENATED MODULE: ./src/publish/s3.ts
/** Uploads a zip to S3 for UpdateFunctionCode's S3Bucket/S3Key (zips over Lambda's inline limit). */

/**
 * A custom S3 endpoint (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, honoured by the SDK itself) is
 * an S3-compatible store such as MinIO, LocalStack or s3rver: those serve buckets under the path,
 * not as sub-domains, and the SDK has no environment setting for that, so the action sets it.
 */
function usePathStyle(env) {
    return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}
/** A stalled connection fails (and is retried) instead of hanging the job; long uploads still finish. */
const HTTP_TIMEOUTS = { connectionTimeout: 10_000, socketTimeout: 120_000 };
function makeS3Client(region, env = process.env) {
    return new client_s3_dist_cjs/* S3Client */.YxF({
        region,
        maxAttempts: 1,
        forcePathStyle: usePathStyle(env),
        requestHandler: HTTP_TIMEOUTS,
        customUserAgent: 'rust-lambda-action',
    });
}
/** PutObject with the zip's SHA-256, so S3 rejects a corrupted upload. */
async function putZip(client, target, body, codeSha256) {
    await client.send(new client_s3_dist_cjs/* PutObjectCommand */.wKZ({
        Bucket: target.bucket,
        Key: target.key,
        Body: body,
        ContentType: 'application/zip',
        ChecksumSHA256: codeSha256,
    }));
}

;// CONCATENATED MODULE: ./src/publish/lambda.ts
/**
 * One function's deploy, step by step: GetFunction (and wait while it is busy), compare the
 * code, UpdateFunctionCode, wait for the update, PublishVersion, move the alias.
 */







const DEFAULT_WAITER = { minDelay: 1, maxDelay: 5, maxWaitTime: 600 };
/** Deploys one target. Throws DeployError (with a complete message) on failure. */
async function deployTarget(target, ctx) {
    const fn = target.function.given;
    const log = (line) => ctx.info(`${fn}: ${line}`);
    const ours = target.artifact;
    let functionArn = knownArn(target);
    const call = async (operation, send) => {
        try {
            return await withRetry(send, {
                policy: ctx.retry,
                sleep: ctx.sleep,
                random: ctx.random,
                isRetryable: isRetryable,
                onRetry: (error, attempt, delay) => {
                    const info = awsErrorInfo(error);
                    log(`${operation}: ${info.code}${info.code === 'ResourceConflictException' ? ' (an update is in progress)' : ''}; retry ${attempt}/${ctx.retry.attempts - 1} in ${(delay / 1000).toFixed(1)} s`);
                },
            });
        }
        catch (error) {
            throw translateAwsError(error, {
                operation,
                function: fn,
                region: target.region,
                needs: ctx.needs,
                functionArn,
                s3Bucket: target.upload.kind === 's3' ? target.upload.bucket : undefined,
                s3Target: target.upload.kind === 's3'
                    ? `arn:aws:s3:::${target.upload.bucket}/${target.upload.key.replace(/[^/]+\/[^/]+$/, '*')}`
                    : undefined,
            });
        }
    };
    // 1. The function as it is now; wait while it is being created or updated.
    let current = await getFunction(target, ctx, call);
    functionArn = current.FunctionArn ?? functionArn;
    current = await waitUntilIdle(target, ctx, call, current, log);
    const image = target.upload.kind === 'image';
    if (current.PackageType === 'Image' && !image) {
        throw new errors/* DeployError */.sH(`Function '${fn}' in ${target.region} is a container image function (PackageType Image) and this build made a zip: set 'package-type: image' and 'image-repository' to deploy it, or name a zip function.`);
    }
    if (current.PackageType !== 'Image' && image) {
        throw new errors/* DeployError */.sH(`Function '${fn}' in ${target.region} is a .zip function (PackageType Zip) and this build made a container image: Lambda cannot switch a function's package type. Use 'package-type: zip' for it, or name a function created from an image.`);
    }
    // 2. Compare: the reproducible zips make an unchanged build byte-identical.
    const currentArch = current.Architectures?.[0] ?? 'x86_64';
    const sameCode = current.CodeSha256 === ours.codeSha256 &&
        currentArch === ours.architecture &&
        current.LastUpdateStatus !== 'Failed';
    if (sameCode && !ctx.force) {
        return unchanged(target, ctx, current, call, log);
    }
    // 3. Architecture: say so when this deploy switches it.
    if (currentArch !== ours.architecture) {
        ctx.notice(`${fn}: changing the function's architecture from ${currentArch} to ${ours.architecture} (the zip holds an ${ours.architecture} binary).`);
    }
    // 4. Upload and update, with the RevisionId we read so a concurrent change is detected.
    const input = {
        FunctionName: fn,
        Architectures: [ours.architecture],
        ...(current.RevisionId !== undefined ? { RevisionId: current.RevisionId } : {}),
        ...(ctx.dryRun ? { DryRun: true } : {}),
    };
    if (target.upload.kind === 'image') {
        input.ImageUri = target.upload.imageUri;
    }
    else if (target.upload.kind === 's3') {
        const upload = target.upload;
        const body = await promises_.readFile(ours.zipPath);
        log(`uploading ${ours.zipSize} bytes to s3://${upload.bucket}/${upload.key}`);
        await call('PutObject', () => putZip(ctx.s3(), upload, body, ours.codeSha256));
        input.S3Bucket = upload.bucket;
        input.S3Key = upload.key;
    }
    else {
        input.ZipFile = await promises_.readFile(ours.zipPath);
    }
    log(`${ctx.dryRun ? 'validating (dry run) ' : 'updating '}code ${current.CodeSha256 ?? '(none)'} -> ${ours.codeSha256}${target.upload.kind === 's3' ? ' from S3' : target.upload.kind === 'image' ? ` (image ${target.upload.imageUri})` : ''}`);
    const updated = await call('UpdateFunctionCode', () => confirmed(() => ctx.lambda.send(new dist_cjs/* UpdateFunctionCodeCommand */.KfB(input)), async () => {
        // Resent blindly, the update would carry a RevisionId our own update already replaced.
        if (ctx.dryRun)
            return undefined;
        const now = await getFunction(target, ctx, call);
        const ourCode = now.CodeSha256 === ours.codeSha256 &&
            (now.Architectures?.[0] ?? 'x86_64') === ours.architecture;
        if (!ourCode)
            return undefined;
        log('the answer to UpdateFunctionCode was lost, but the function already has this code');
        return now;
    }));
    if (ctx.dryRun) {
        log('dry run: the update was validated and not applied');
        return {
            bin: target.bin,
            function: fn,
            result: 'dry-run',
            arn: current.FunctionArn,
            version: undefined,
            alias: undefined,
            codeSha256: ours.codeSha256,
        };
    }
    // 5. Wait for the update to finish; a failed update names its reason.
    const settled = await waitForUpdate(target, ctx, call, updated, log);
    if (settled.CodeSha256 !== ours.codeSha256) {
        throw new errors/* DeployError */.sH(`Function '${fn}' in ${target.region} reports CodeSha256 ${settled.CodeSha256 ?? '(none)'} after the update, not ${ours.codeSha256}: another deployment changed it at the same time. Re-run the job.`);
    }
    // 6. Publish and point the alias at the new version.
    const version = ctx.publish
        ? await publish(target, ctx, settled.RevisionId, call, log)
        : '$LATEST';
    if (ctx.alias !== undefined && version !== '$LATEST') {
        await moveAlias(target, ctx, ctx.alias, version, call, log);
    }
    return {
        bin: target.bin,
        function: fn,
        result: 'updated',
        arn: settled.FunctionArn ?? current.FunctionArn,
        version,
        alias: ctx.alias,
        codeSha256: ours.codeSha256,
    };
}
/**
 * Sends a write; when its answer is lost in transit (the write may have landed), asks `confirm`
 * whether it did, from a fresh read, and returns that instead of failing. Otherwise the transport
 * error goes on to the retry layer.
 */
async function confirmed(send, confirm) {
    try {
        return await send();
    }
    catch (error) {
        if (!isTransportError(error))
            throw error;
        const landed = await confirm();
        if (landed === undefined)
            throw error;
        return landed;
    }
}
function knownArn(target) {
    const f = target.function;
    return f.account !== undefined
        ? `arn:${(0,names/* partitionOfRef */.Xl)(f, target.region)}:lambda:${target.region}:${f.account}:function:${f.name}`
        : undefined;
}
async function getFunction(target, ctx, call) {
    try {
        const got = await call('GetFunction', () => ctx.lambda.send(new dist_cjs/* GetFunctionCommand */.YF5({ FunctionName: target.function.given })));
        if (got.Configuration === undefined) {
            throw new errors/* DeployError */.sH(`Lambda GetFunction for '${target.function.given}' in ${target.region} returned no configuration.`);
        }
        return got.Configuration;
    }
    catch (error) {
        throw notFound(error, target) ?? error;
    }
}
/** ResourceNotFoundException on GetFunction: name the function, the region and the account. */
function notFound(error, target) {
    if (!(error instanceof AwsCallError) || error.code !== 'ResourceNotFoundException') {
        return undefined;
    }
    const account = target.function.account ??
        (0,names/* accountInText */.KS)(error.awsMessage) ??
        'unknown (Lambda did not say; `aws sts get-caller-identity` shows the account of the credentials)';
    return new errors/* DeployError */.sH(`Lambda function '${target.function.name}' was not found in region ${target.region}, account ${account}. Check the name in 'function-name' / 'functions', the region ('aws-region' or AWS_REGION) and that the credentials belong to that account; this action updates existing functions and never creates them.`);
}
/**
 * Runs an SDK waiter (waitUntil*: throws unless it succeeds). On a failure state or timeout, reads
 * the function once more so the error can quote its state and reason.
 */
async function runWaiter(target, ctx, call, waiter) {
    try {
        const r = await waiter({ client: ctx.lambda, ...ctx.waiter }, { FunctionName: target.function.given });
        const cfg = configurationOf(r.reason);
        if (cfg !== undefined)
            return { cfg, timedOut: false };
    }
    catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        return { cfg: await getFunction(target, ctx, call), timedOut };
    }
    return { cfg: await getFunction(target, ctx, call), timedOut: false };
}
async function waitUntilIdle(target, ctx, call, current, log) {
    const fn = target.function.given;
    let cfg = current;
    if (cfg.State === 'Pending') {
        log('state is Pending; waiting until it is Active');
        cfg = (await runWaiter(target, ctx, call, dist_cjs/* waitUntilFunctionActiveV2 */._RC)).cfg;
        if (cfg.State !== 'Active') {
            throw new errors/* DeployError */.sH(`Function '${fn}' in ${target.region} did not become Active (state ${cfg.State ?? 'unknown'}${cfg.StateReason ? `: ${cfg.StateReason}` : ''}); it cannot be updated until it is.`);
        }
    }
    if (cfg.LastUpdateStatus === 'InProgress') {
        log('another update is in progress; waiting for it to finish');
        cfg = (await runWaiter(target, ctx, call, dist_cjs/* waitUntilFunctionUpdatedV2 */.rWV)).cfg;
        if (cfg.LastUpdateStatus === 'InProgress') {
            throw new errors/* DeployError */.sH(`Function '${fn}' in ${target.region} was still being updated by someone else after ${ctx.waiter.maxWaitTime} s; not deploying on top of it.`);
        }
    }
    return cfg;
}
async function waitForUpdate(target, ctx, call, updated, log) {
    if (updated.LastUpdateStatus !== 'InProgress')
        return checkNotFailed(target, updated);
    log('waiting for the update to finish (LastUpdateStatus InProgress)');
    const { cfg } = await runWaiter(target, ctx, call, dist_cjs/* waitUntilFunctionUpdatedV2 */.rWV);
    if (cfg.LastUpdateStatus === 'InProgress') {
        throw new errors/* DeployError */.sH(`Function '${target.function.given}' in ${target.region}: the code update did not finish within ${ctx.waiter.maxWaitTime} s (LastUpdateStatus still InProgress).`);
    }
    return checkNotFailed(target, cfg);
}
function checkNotFailed(target, cfg) {
    if (cfg.LastUpdateStatus === 'Failed') {
        const code = cfg.LastUpdateStatusReasonCode ? ` [${cfg.LastUpdateStatusReasonCode}]` : '';
        throw new errors/* DeployError */.sH(`Function '${target.function.given}' in ${target.region}: Lambda rejected the code update (LastUpdateStatus Failed${code}): ${cfg.LastUpdateStatusReason ?? 'no reason given'}`);
    }
    return cfg;
}
function configurationOf(reason) {
    if (typeof reason === 'object' && reason !== null && 'Configuration' in reason) {
        return reason.Configuration;
    }
    return undefined;
}
async function publish(target, ctx, revisionId, call, log) {
    const published = await call('PublishVersion', () => ctx.lambda.send(new dist_cjs/* PublishVersionCommand */.D3m({
        FunctionName: target.function.given,
        CodeSha256: target.artifact.codeSha256,
        ...(revisionId !== undefined ? { RevisionId: revisionId } : {}),
    })));
    if (published.Version === undefined) {
        throw new errors/* DeployError */.sH(`Lambda PublishVersion for '${target.function.given}' in ${target.region} returned no version number.`);
    }
    log(`published version ${published.Version}`);
    return published.Version;
}
async function getAlias(target, ctx, alias, call) {
    try {
        return await call('GetAlias', () => ctx.lambda.send(new dist_cjs/* GetAliasCommand */.MES({ FunctionName: target.function.given, Name: alias })));
    }
    catch (error) {
        if (error instanceof AwsCallError && error.code === 'ResourceNotFoundException') {
            return undefined;
        }
        throw error;
    }
}
async function moveAlias(target, ctx, alias, version, call, log) {
    const fn = target.function.given;
    let existing = await getAlias(target, ctx, alias, call);
    if (existing === undefined) {
        try {
            await call('CreateAlias', () => ctx.lambda.send(new dist_cjs/* CreateAliasCommand */.W_e({ FunctionName: fn, Name: alias, FunctionVersion: version })));
            log(`created alias ${alias} -> ${version}`);
            return;
        }
        catch (error) {
            // Our own CreateAlias whose answer was lost, or another job that created it since we read:
            // either way it exists now, so read it and move it if it points elsewhere.
            if (!isAlreadyExists(error))
                throw error;
            existing = await getAlias(target, ctx, alias, call);
            if (existing === undefined)
                throw error;
            log(`alias ${alias} was created meanwhile (it points at ${existing.FunctionVersion ?? '?'})`);
        }
    }
    if (existing.FunctionVersion === version) {
        log(`alias ${alias} already points at ${version}`);
        return;
    }
    const from = existing;
    await call('UpdateAlias', () => confirmed(() => ctx.lambda.send(new dist_cjs/* UpdateAliasCommand */.lqC({
        FunctionName: fn,
        Name: alias,
        FunctionVersion: version,
        ...(from.RevisionId !== undefined ? { RevisionId: from.RevisionId } : {}),
    })), async () => {
        const now = await getAlias(target, ctx, alias, call);
        return now?.FunctionVersion === version ? now : undefined;
    }));
    log(`moved alias ${alias}: ${from.FunctionVersion ?? '?'} -> ${version}`);
}
/**
 * The code is already there. Without an alias that is the end of it; with one, make sure the
 * alias serves this code too (a previous run may have stopped between update and alias): only
 * then is the deploy really unchanged, and only reads are made to find out.
 */
async function unchanged(target, ctx, current, call, log) {
    const fn = target.function.given;
    const base = {
        bin: target.bin,
        function: fn,
        arn: current.FunctionArn,
        codeSha256: target.artifact.codeSha256,
    };
    if (ctx.alias === undefined && !ctx.publish) {
        log(`code unchanged (${target.artifact.codeSha256}); nothing to do (force: true updates anyway)`);
        return { ...base, result: 'unchanged', version: '$LATEST' };
    }
    if (ctx.alias === undefined) {
        // Publishing without an alias: done only when a published version already has this code
        // (a previous run may have updated $LATEST and then failed to publish).
        const published = await versionWithCode(target, ctx, call);
        if (published !== undefined) {
            log(`code unchanged; version ${published} already has it (force: true updates anyway)`);
            return { ...base, result: 'unchanged', version: published };
        }
        if (ctx.dryRun) {
            log('code unchanged, but no published version has it: it would be published (dry run)');
            return { ...base, result: 'dry-run', version: undefined, alias: undefined };
        }
        log('code unchanged, but no published version has it yet: publishing');
        const version = await publish(target, ctx, current.RevisionId, call, log);
        return { ...base, result: 'updated', version };
    }
    const alias = ctx.alias;
    const existing = await getAlias(target, ctx, alias, call);
    // An alias on $LATEST follows every update: with publishing on it moves to a numbered version.
    const onLatest = ctx.publish && existing?.FunctionVersion === '$LATEST';
    if (existing?.FunctionVersion !== undefined && !onLatest) {
        const aliased = await call('GetFunction', () => ctx.lambda.send(new dist_cjs/* GetFunctionCommand */.YF5({ FunctionName: fn, Qualifier: existing.FunctionVersion })));
        const cfg = aliased.Configuration;
        if (cfg?.CodeSha256 === target.artifact.codeSha256 &&
            (cfg.Architectures?.[0] ?? 'x86_64') === target.artifact.architecture) {
            log(`code unchanged and alias ${alias} already serves it (version ${existing.FunctionVersion})`);
            return { ...base, result: 'unchanged', version: existing.FunctionVersion, alias };
        }
    }
    if (ctx.dryRun) {
        log(`code unchanged; alias ${alias} would be moved to a new version (dry run: not done)`);
        return { ...base, result: 'dry-run', version: undefined, alias: undefined };
    }
    log(`code unchanged, but alias ${alias} does not serve it yet: publishing and moving the alias`);
    const version = await publish(target, ctx, current.RevisionId, call, log);
    await moveAlias(target, ctx, alias, version, call, log);
    return { ...base, result: 'updated', version, alias };
}
/** The newest published version whose code and architecture are the artifact's (reads only). */
async function versionWithCode(target, ctx, call) {
    let marker;
    let found;
    do {
        const page = await call('ListVersionsByFunction', () => ctx.lambda.send(new dist_cjs/* ListVersionsByFunctionCommand */.Ox4({
            FunctionName: target.function.given,
            MaxItems: 50,
            ...(marker !== undefined ? { Marker: marker } : {}),
        })));
        for (const v of page.Versions ?? []) {
            if (v.Version !== undefined &&
                v.Version !== '$LATEST' &&
                v.CodeSha256 === target.artifact.codeSha256 &&
                (v.Architectures?.[0] ?? 'x86_64') === target.artifact.architecture &&
                (found === undefined || Number(v.Version) > Number(found))) {
                found = v.Version;
            }
        }
        marker = page.NextMarker;
    } while (marker !== undefined);
    return found;
}

// EXTERNAL MODULE: ./src/lambda/limits.ts
var limits = __webpack_require__(53151);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(32693);
// EXTERNAL MODULE: ./src/util/image-reference.ts
var image_reference = __webpack_require__(73269);
;// CONCATENATED MODULE: ./src/publish/plan.ts
/**
 * The deploy plan: which Lambda function gets which zip, and how (inline or through S3).
 * Pure: no AWS, no file system. Every problem with the inputs is found here, before any
 * function is touched.
 */






/** `<prefix>/<function>/<sha256-hex>.zip`: content-addressed, so a retry reuses the object. */
function s3KeyFor(prefix, functionName, sha256Hex) {
    const clean = prefix.replace(/^\/+|\/+$/g, '');
    return `${clean === '' ? '' : `${clean}/`}${functionName}/${sha256Hex}.zip`;
}
/** Builds the plan; throws InputError / DeployError naming every problem at once. */
function planDeploy(deploy, artifacts, env = {}) {
    const notes = [];
    const functions = artifacts.filter((a) => a.kind === 'function');
    for (const ext of artifacts.filter((a) => a.kind === 'extension')) {
        notes.push(`${ext.bin} is a Lambda extension: packaged, never deployed as a function.`);
    }
    const pairs = [];
    const unmapped = [];
    if (deploy.functionName !== undefined) {
        const only = functions[0];
        if (functions.length !== 1 || only === undefined) {
            const built = functions.map((a) => a.bin);
            throw new errors/* InputError */.dz(constants/* Inputs */.G0.FunctionName, deploy.functionName, functions.length === 0
                ? 'needs one built function binary, but the build produced none (only extensions, or nothing).'
                : `deploys one binary, but the build produced ${functions.length} function binaries (${built.join(', ')}): use 'functions' lines such as '${built[0]}=${deploy.functionName}', or set 'binaries' to one of them.`);
        }
        pairs.push({
            bin: only.bin,
            input: constants/* Inputs */.G0.FunctionName,
            given: deploy.functionName,
            artifact: only,
        });
    }
    else {
        const missing = [];
        for (const mapping of deploy.functions) {
            const artifact = artifacts.find((a) => a.bin === mapping.binary);
            if (artifact === undefined) {
                missing.push(mapping.binary);
                continue;
            }
            if (artifact.kind === 'extension') {
                throw new errors/* InputError */.dz(constants/* Inputs */.G0.Functions, `${mapping.binary}=${mapping.function}`, `maps '${mapping.binary}', which is a Lambda extension: extensions are published as layers, never deployed as function code. Remove the line.`);
            }
            pairs.push({
                bin: mapping.binary,
                input: constants/* Inputs */.G0.Functions,
                given: mapping.function,
                artifact,
            });
        }
        if (missing.length > 0) {
            const built = functions.map((a) => a.bin).join(', ') || 'none';
            throw new errors/* InputError */.dz(constants/* Inputs */.G0.Functions, deploy.functions.map((m) => `${m.binary}=${m.function}`).join('\n'), `maps ${missing.map((b) => `'${b}'`).join(', ')}, which ${missing.length === 1 ? 'was' : 'were'} not built (built function binaries: ${built}). Fix the binary name or add it to 'binaries'.`);
        }
        for (const a of functions) {
            if (!deploy.functions.some((m) => m.binary === a.bin)) {
                unmapped.push(a.bin);
                notes.push(`${a.bin} was built but no 'functions' line maps it: not deployed.`);
            }
        }
    }
    const refs = pairs.map((p) => ({ ...p, ref: (0,names/* parseFunctionRef */.r$)(p.input, p.given) }));
    const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
    // One function, however it is written: (partition, account when known, region, name). A name
    // without an account is the credentials' account, which may be any ARN's: it clashes with all.
    const canonical = refs.map((p) => {
        const region = p.ref.region ?? deploy.region ?? envRegion ?? '';
        const partition = (0,names/* partitionOfRef */.Xl)(p.ref, region);
        return { p, partition, region, account: p.ref.account, name: p.ref.name };
    });
    for (const [i, a] of canonical.entries()) {
        const b = canonical
            .slice(0, i)
            .find((c) => c.partition === a.partition &&
            c.region === a.region &&
            c.name === a.name &&
            (c.account === undefined || a.account === undefined || c.account === a.account));
        if (b !== undefined) {
            throw new errors/* InputError */.dz(constants/* Inputs */.G0.Functions, a.p.given, `is the target of both '${b.p.bin}' and '${a.p.bin}' ('${b.p.given}' names the same function): one function can hold one binary's code.` +
                (a.account === undefined || b.account === undefined
                    ? ' If they are in different accounts, give both as full ARNs.'
                    : ''));
        }
    }
    const problems = [];
    const targets = [];
    for (const p of refs) {
        const region = p.ref.region ?? deploy.region ?? envRegion;
        if (region === undefined) {
            problems.push(`${p.ref.given}: no AWS region. Set 'aws-region', or AWS_REGION in the environment (aws-actions/configure-aws-credentials sets it), or give the function as a full ARN.`);
            continue;
        }
        if (p.ref.region !== undefined &&
            deploy.region !== undefined &&
            p.ref.region !== deploy.region) {
            problems.push(`${p.ref.given}: the ARN is in ${p.ref.region} but 'aws-region' is ${deploy.region}. Remove one of them or make them agree.`);
            continue;
        }
        const a = p.artifact;
        if (a.image !== undefined) {
            const problem = imageProblem(a.image.uri, region);
            if (problem !== undefined) {
                problems.push(`${p.bin}: ${problem}`);
                continue;
            }
            // Lambda reports an image function's CodeSha256 as the image digest's hex: compare that.
            targets.push({
                bin: p.bin,
                function: p.ref,
                artifact: { ...a, codeSha256: a.image.digest.replace(/^sha256:/, '') },
                region,
                upload: { kind: 'image', imageUri: a.image.uri },
            });
            continue;
        }
        if (a.unzippedSize > limits/* LambdaLimits */.EY.unzippedBytes) {
            problems.push(`${p.bin}: unzipped size ${bytes(a.unzippedSize)} is over Lambda's limit of ${bytes(limits/* LambdaLimits */.EY.unzippedBytes)} for function code, whichever way it is uploaded.`);
            continue;
        }
        let upload;
        if (deploy.s3Bucket !== undefined) {
            upload = {
                kind: 's3',
                bucket: deploy.s3Bucket,
                key: s3KeyFor(deploy.s3KeyPrefix, p.ref.name, a.sha256),
            };
        }
        else if ((0,limits/* fitsInline */.G_)(a.zipSize)) {
            upload = { kind: 'inline' };
        }
        else {
            problems.push(`${p.bin}: the zip is ${bytes(a.zipSize)}; sent inline it makes a ${bytes((0,limits/* inlineRequestBytes */.q2)(a.zipSize))} UpdateFunctionCode request, over Lambda's limit of ${limits/* LambdaLimits */.EY.inlineRequestBytes.toLocaleString('en-US')} bytes (about 50 MiB of zip). Set 's3-bucket' to upload it through S3 (the role then also needs s3:PutObject on that bucket).`);
            continue;
        }
        targets.push({ bin: p.bin, function: p.ref, artifact: a, region, upload });
    }
    if (problems.length > 0) {
        throw new errors/* DeployError */.sH(`Cannot deploy ${problems.length === 1 ? 'a function' : `${problems.length} functions`}; nothing was changed:\n- ${problems.join('\n- ')}`);
    }
    if (deploy.alias !== undefined && !deploy.publish) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Publish, 'false', `cannot be combined with 'alias: ${deploy.alias}': the alias is pointed at the version this run publishes. Remove 'publish: false' or the alias.`);
    }
    return {
        targets,
        unmapped,
        notes,
        publish: deploy.publish,
        alias: deploy.alias,
        dryRun: deploy.dryRun,
        force: deploy.force,
        concurrency: deploy.concurrency,
    };
}
/** A size with its exact byte count, as the deploy errors quote it. */
function bytes(n) {
    return `${(0,format/* formatBytes */.z)(n, 1)} (${n.toLocaleString('en-US')} bytes)`;
}
/** Pure: why Lambda would refuse this image for a function in `region`, or undefined. */
function imageProblem(uri, region) {
    const registry = uri.slice(0, uri.indexOf('/'));
    const ecr = (0,image_reference/* ecrRegistry */.gO)(registry);
    if (ecr === undefined) {
        return `Lambda runs images from Amazon ECR only, and '${constants/* Inputs */.G0.ImageRepository}' is on ${registry}. Push to an ECR repository (<account>.dkr.ecr.${region}.amazonaws.com/<name>) to deploy.`;
    }
    if (ecr.region !== region) {
        return `the image is in ${ecr.region} but the function is in ${region}: Lambda needs the ECR repository in the function's region.`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/publish/deploy.ts
/**
 * Updates Lambda function code through the SDK: plans, then deploys every function with a bounded
 * concurrency. One failure never hides the others: every function's outcome is returned, and
 * run.ts fails the step with deployFailure(), which names the functions that failed.
 *
 * Loaded lazily by run.ts (only when deploying): this is the only path into the AWS SDK.
 */








function defaultDeps(overrides = {}) {
    const env = overrides.env ?? process.env;
    return {
        // Retries are done by retry.ts (with the injected sleep), so the SDK's own are off.
        lambdaClient: (region) => new dist_cjs/* LambdaClient */.Nox({
            region,
            maxAttempts: 1,
            requestHandler: HTTP_TIMEOUTS,
            customUserAgent: 'rust-lambda-action',
        }),
        s3Client: (region) => makeS3Client(region, env),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: () => Date.now(),
        random: () => Math.random(),
        retry: DEFAULT_RETRY,
        waiter: DEFAULT_WAITER,
        env,
        info: (line) => core/* info */.pq(line),
        notice: (line) => core/* notice */.lm(line),
        ...overrides,
    };
}
async function deployFunctions(deploy, artifacts, smoke, deps = defaultDeps()) {
    const plan = planDeploy(deploy, artifacts, deps.env);
    maskCredentials(deps.env);
    return core/* group */.Os(`Deploy ${describe(plan)}`, () => run(plan, smoke, deps));
}
function describe(plan) {
    const n = plan.targets.length;
    return `${n} function${n === 1 ? '' : 's'}${plan.dryRun ? ' (dry run)' : ''}`;
}
async function run(plan, smoke, deps) {
    for (const note of plan.notes)
        deps.info(note);
    const lambdas = new Map();
    const s3s = new Map();
    const cached = (map, region, make) => {
        const existing = map.get(region);
        if (existing !== undefined)
            return existing;
        const made = make(region);
        map.set(region, made);
        return made;
    };
    const needs = {
        s3: plan.targets.some((t) => t.upload.kind === 's3'),
        publish: plan.publish,
        alias: plan.alias !== undefined,
    };
    const limit = (0,p_limit/* default */.A)(plan.concurrency);
    const started = deps.now();
    let outcomes;
    try {
        outcomes = await Promise.all(plan.targets.map((target) => limit(async () => {
            const t0 = deps.now();
            const base = {
                bin: target.bin,
                function: target.function.given,
                codeSha256: target.artifact.codeSha256,
                ...(target.upload.kind === 'image' && { imageUri: target.upload.imageUri }),
            };
            const smokeResult = smoke[target.bin];
            if (smokeResult?.status === 'failed') {
                return {
                    ...base,
                    result: 'failed',
                    ms: 0,
                    error: `not deployed: the smoke test failed (${smokeResult.reason ?? 'no reason'})`,
                };
            }
            const ctx = {
                lambda: cached(lambdas, target.region, deps.lambdaClient),
                s3: () => cached(s3s, target.region, deps.s3Client),
                sleep: deps.sleep,
                random: deps.random,
                retry: deps.retry,
                waiter: deps.waiter,
                needs,
                publish: plan.publish,
                alias: plan.alias,
                dryRun: plan.dryRun,
                force: plan.force,
                info: deps.info,
                notice: deps.notice,
            };
            try {
                const outcome = await deployTarget(target, ctx);
                return {
                    ...outcome,
                    ...('imageUri' in base && { imageUri: base.imageUri }),
                    ms: deps.now() - t0,
                };
            }
            catch (error) {
                const message = (0,errors/* failureMessage */.oh)(error);
                deps.info(`${target.function.given}: FAILED: ${message}`);
                return { ...base, result: 'failed', ms: deps.now() - t0, error: message };
            }
        })));
    }
    finally {
        for (const c of [...lambdas.values(), ...s3s.values()])
            c.destroy();
    }
    for (const bin of plan.unmapped) {
        outcomes.push({
            bin,
            function: '',
            result: 'skipped',
            codeSha256: '',
            ms: 0,
            error: `no 'functions' line maps the binary '${bin}'`,
        });
    }
    for (const o of outcomes) {
        deps.info(`${o.function || `(${o.bin})`}: ${o.result}${o.version ? ` version ${o.version}` : ''}${o.alias ? ` alias ${o.alias}` : ''} in ${o.ms} ms`);
    }
    deps.info(`Deployed in ${deps.now() - started} ms with concurrency ${plan.concurrency}.`);
    return outcomes;
}
/**
 * Pure: why the deploy failed, naming each failed function, or undefined when none did. run.ts
 * stops the run with it after the outcomes are in the report.
 */
function deployFailure(outcomes) {
    const targets = outcomes.filter((o) => o.function !== '');
    const failed = targets.filter((o) => o.result === 'failed');
    const only = failed[0];
    if (only === undefined)
        return undefined;
    if (targets.length === 1)
        return only.error ?? 'the deploy failed';
    const deployed = targets.length - failed.length;
    return `${failed.length} of ${targets.length} functions failed to deploy (${deployed} deployed; every result is in the job summary):\n${failed.map((o) => `- ${o.function}: ${o.error ?? 'failed'}`).join('\n')}`;
}
/** Anything credential-like in the environment is masked in the log, whoever set it. */
function maskCredentials(env) {
    for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN']) {
        const value = env[name];
        if (value)
            core/* setSecret */.Pq(value);
    }
}


/***/ })

};
