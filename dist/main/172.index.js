export const id = 172;
export const ids = [172];
export const modules = {

/***/ 86199:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LE: () => (/* binding */ pointAlias),
/* harmony export */   TG: () => (/* binding */ applyAliasStep),
/* harmony export */   bd: () => (/* binding */ getAlias)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(71696);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(45452);
/* harmony import */ var _call_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25439);
/* harmony import */ var _routing_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(25317);
/** Reads an alias and carries out a routing decision (routing.ts) with GetAlias / CreateAlias / UpdateAlias. */




async function getAlias(ctx, fn, alias, call) {
    try {
        return await call('GetAlias', () => ctx.lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_2__/* .GetAliasCommand */ .MES({ FunctionName: fn, Name: alias })));
    }
    catch (error) {
        if (error instanceof _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsCallError */ .iQ && error.code === 'ResourceNotFoundException') {
            return undefined;
        }
        throw error;
    }
}
function describeRouting(version, weights) {
    const routed = Object.entries(weights);
    return routed.length === 0
        ? `${version}`
        : `${version} with ${routed.map(([v, w]) => `${w} of the traffic on ${v}`).join(', ')}`;
}
/** Carries out an alias step read from `existing` (UpdateAlias with the RevisionId read). */
async function applyAliasStep(ctx, fn, alias, existing, step, call, log) {
    if (step.kind === 'none') {
        log(step.why);
        return false;
    }
    if (step.note !== undefined)
        ctx.notice(`${fn}: ${step.note}`);
    if (step.kind === 'create') {
        await call('CreateAlias', () => ctx.lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_2__/* .CreateAliasCommand */ .W_e({ FunctionName: fn, Name: alias, FunctionVersion: step.version })));
        log(`created alias ${alias} -> ${step.version}`);
        return true;
    }
    const routing = { AdditionalVersionWeights: { ...step.weights } };
    await call('UpdateAlias', () => (0,_call_js__WEBPACK_IMPORTED_MODULE_1__/* .confirmed */ .qF)(() => ctx.lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_2__/* .UpdateAliasCommand */ .lqC({
        FunctionName: fn,
        Name: alias,
        FunctionVersion: step.version,
        RoutingConfig: routing,
        ...(existing?.RevisionId !== undefined ? { RevisionId: existing.RevisionId } : {}),
    })), async () => {
        const now = await getAlias(ctx, fn, alias, call);
        const same = now?.FunctionVersion === step.version &&
            JSON.stringify((0,_routing_js__WEBPACK_IMPORTED_MODULE_3__/* .weightsOf */ .Z$)(now)) === JSON.stringify(step.weights);
        return same ? now : undefined;
    }));
    log(`moved alias ${alias}: ${describeRouting(existing?.FunctionVersion ?? '?', (0,_routing_js__WEBPACK_IMPORTED_MODULE_3__/* .weightsOf */ .Z$)(existing))} -> ${describeRouting(step.version, step.weights)}`);
    return true;
}
/**
 * Points the alias at `version` (all of the traffic, or `ctx.aliasWeight` of it), creating it
 * when missing. A concurrent CreateAlias (ours with a lost answer, or another job's) is read back
 * and decided again.
 */
async function pointAlias(ctx, fn, alias, version, call, log) {
    const existing = await getAlias(ctx, fn, alias, call);
    const step = (0,_routing_js__WEBPACK_IMPORTED_MODULE_3__/* .planAlias */ .EY)(alias, existing, version, ctx.aliasWeight);
    try {
        const changed = await applyAliasStep(ctx, fn, alias, existing, step, call, log);
        return { changed, weight: weightOf(step, existing, version) };
    }
    catch (error) {
        if (step.kind !== 'create' || !(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAlreadyExists */ .x9)(error))
            throw error;
        const now = await getAlias(ctx, fn, alias, call);
        if (now === undefined)
            throw error;
        log(`alias ${alias} was created meanwhile (it points at ${now.FunctionVersion ?? '?'})`);
        const again = (0,_routing_js__WEBPACK_IMPORTED_MODULE_3__/* .planAlias */ .EY)(alias, now, version, ctx.aliasWeight);
        const changed = await applyAliasStep(ctx, fn, alias, now, again, call, log);
        return { changed, weight: weightOf(again, now, version) };
    }
}
function weightOf(step, existing, version) {
    if (step.kind === 'update')
        return step.weights[version];
    return step.kind === 'none' ? (0,_routing_js__WEBPACK_IMPORTED_MODULE_3__/* .weightsOf */ .Z$)(existing)[version] : undefined;
}


/***/ }),

/***/ 45452:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   iQ: () => (/* binding */ AwsCallError),
/* harmony export */   q4: () => (/* binding */ translateAwsError),
/* harmony export */   r3: () => (/* binding */ isRetryable),
/* harmony export */   sR: () => (/* binding */ awsErrorInfo),
/* harmony export */   x9: () => (/* binding */ isAlreadyExists),
/* harmony export */   yM: () => (/* binding */ isTransportError)
/* harmony export */ });
/* unused harmony exports isConflict, isThrottling, requiredActions, bucketRegionOf */
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27242);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(30833);
/**
 * AWS errors turned into what to do: which IAM actions are missing, which function and
 * operation failed with which AWS error code. Pure (no SDK import): works on the error's shape.
 */



function awsErrorInfo(error) {
    if (error instanceof _retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RetriesExhausted */ .w1)
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
class AwsCallError extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH {
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
        ...(needs.create ? ['lambda:CreateFunction', 'iam:PassRole'] : []),
        'lambda:UpdateFunctionCode',
        ...(needs.configure ? ['lambda:UpdateFunctionConfiguration'] : []),
        ...(needs.publish ? ['lambda:PublishVersion'] : []),
        // Without an alias, the versions are how a re-run finds the one that already has the code.
        ...(needs.publish && !needs.alias ? ['lambda:ListVersionsByFunction'] : []),
        ...(needs.verify ? ['lambda:InvokeFunction'] : []),
        ...(needs.alias ? ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:CreateAlias'] : []),
        ...(needs.layers
            ? ['lambda:ListLayerVersions', 'lambda:GetLayerVersion', 'lambda:PublishLayerVersion']
            : []),
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
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH)
        return error;
    const info = awsErrorInfo(error);
    return new AwsCallError(messageFor(error, info, ctx), info.code, info.message);
}
function messageFor(error, info, ctx) {
    const service = ctx.operation === 'PutObject' ? 'S3' : 'Lambda';
    const where = `${service} ${ctx.operation} for ${ctx.layer !== undefined ? `layer '${ctx.layer}'` : `function '${ctx.function}'`} in ${ctx.region}`;
    const tail = `${info.code}: ${info.message}${info.requestId ? ` (request id ${info.requestId})` : ''}`;
    if (ACCESS_DENIED.has(info.code) || (info.status === 403 && !BAD_CREDENTIALS.has(info.code))) {
        const actions = requiredActions(ctx.needs);
        const lambdaActions = actions.filter((a) => a.startsWith('lambda:') && (ctx.layer === undefined) === !a.includes('Layer'));
        const resource = ctx.layer !== undefined
            ? `arn:aws:lambda:${ctx.region}:<account>:layer:${ctx.layer}`
            : (ctx.functionArn ?? `arn:aws:lambda:${ctx.region}:<account>:function:<name>`);
        return (`Access denied: ${where} was refused (${tail}). The role needs ${lambdaActions.join(', ')} on ${resource} and ${resource}:*` +
            (ctx.needs.s3
                ? `, plus s3:PutObject and s3:GetObject on ${ctx.s3Target ?? 'the s3-bucket objects'}`
                : '') +
            (ctx.needs.create ? ', plus iam:PassRole on the role given as role-arn' : '') +
            `. See the README section "IAM policy".`);
    }
    if (info.code === 'CredentialsProviderError') {
        return `No AWS credentials found for ${where} (${info.message}). Configure them before this step, e.g. aws-actions/configure-aws-credentials with role-to-assume (OIDC, needs 'permissions: id-token: write'), or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from secrets.`;
    }
    if (BAD_CREDENTIALS.has(info.code)) {
        return `AWS rejected the credentials: ${where} failed (${tail}). Configure credentials before this step, e.g. aws-actions/configure-aws-credentials with role-to-assume (OIDC, needs 'permissions: id-token: write').`;
    }
    if (error instanceof _retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RetriesExhausted */ .w1) {
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
        return `The S3 bucket '${ctx.s3Bucket ?? ''}' (input '${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.S3Bucket}') is ${isIn}, not in the function's region ${ctx.region}: Lambda reads the code only from a bucket in the same region as the function. Set '${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.S3Bucket}' to a bucket in ${ctx.region} (${where} failed: ${tail}).`;
    }
    if (info.code === 'PreconditionFailedException') {
        return `${where} failed: the function was changed by someone else while this deploy ran (${tail}). Re-run the job to deploy on top of the new state.`;
    }
    return `${where} failed: ${tail}.`;
}


/***/ }),

/***/ 25439:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LR: () => (/* binding */ DEFAULT_WAITER),
/* harmony export */   p1: () => (/* binding */ makeCall),
/* harmony export */   qF: () => (/* binding */ confirmed)
/* harmony export */ });
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(45452);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(30833);


const DEFAULT_WAITER = { minDelay: 1, maxDelay: 5, maxWaitTime: 600 };
function makeCall(ctx, target, log) {
    return async (operation, send) => {
        try {
            return await (0,_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .withRetry */ .bD)(send, {
                policy: ctx.retry,
                sleep: ctx.sleep,
                random: ctx.random,
                isRetryable: _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isRetryable */ .r3,
                onRetry: (error, attempt, delay) => {
                    const info = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorInfo */ .sR)(error);
                    log(`${operation}: ${info.code}${info.code === 'ResourceConflictException' ? ' (an update is in progress)' : ''}; retry ${attempt}/${ctx.retry.attempts - 1} in ${(delay / 1000).toFixed(1)} s`);
                },
            });
        }
        catch (error) {
            throw (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .translateAwsError */ .q4)(error, {
                operation,
                function: target.function,
                region: target.region,
                needs: ctx.needs,
                functionArn: target.functionArn(),
                s3Bucket: target.s3Bucket,
                s3Target: target.s3Target,
            });
        }
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
        if (!(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isTransportError */ .yM)(error))
            throw error;
        const landed = await confirm();
        if (landed === undefined)
            throw error;
        return landed;
    }
}


/***/ }),

/***/ 51969:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SU: () => (/* binding */ planConfiguration),
/* harmony export */   g9: () => (/* binding */ asksForConfiguration),
/* harmony export */   rQ: () => (/* binding */ desiredLayers)
/* harmony export */ });
/* unused harmony exports pendingVersion, sameLayer */
/* harmony import */ var _lambda_limits_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53151);
/* harmony import */ var _lambda_names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16775);
/**
 * The one decision about a function's configuration: given what it has and what the run asks for
 * (memory, timeout, description, environment, layers), which fields one UpdateFunctionConfiguration
 * must send, or none. Pure. Everything that wants to change a function's configuration adds to
 * DesiredConfiguration, so a deploy makes at most one configuration write, and none when nothing
 * differs. Environment values never leave here in a description: only key names do. The layers of
 * `attach-layers` come in as the whole list, made by desiredLayers() from the function's current
 * layers (below).
 */


/** Pure: the update that makes `current` what `desired` asks, or undefined when nothing differs. */
function planConfiguration(current, desired) {
    const update = {};
    const changes = [];
    if (desired.memorySize !== undefined && desired.memorySize !== current.MemorySize) {
        update.MemorySize = desired.memorySize;
        changes.push(`memory-size ${current.MemorySize ?? '?'} -> ${desired.memorySize} MB`);
    }
    if (desired.timeout !== undefined && desired.timeout !== current.Timeout) {
        update.Timeout = desired.timeout;
        changes.push(`timeout ${current.Timeout ?? '?'} -> ${desired.timeout} s`);
    }
    if (desired.description !== undefined && desired.description !== (current.Description ?? '')) {
        update.Description = desired.description;
        changes.push('description');
    }
    if (desired.environment !== undefined) {
        const now = current.Environment?.Variables ?? {};
        const given = desired.environment.variables;
        const next = desired.environment.mode === 'replace' ? { ...given } : { ...now, ...given };
        const set = Object.keys(given).filter((k) => now[k] !== given[k]);
        const removed = Object.keys(now).filter((k) => !Object.hasOwn(next, k));
        if (set.length > 0 || removed.length > 0) {
            update.Environment = { Variables: next };
            changes.push(`environment: ${[
                ...(set.length > 0 ? [`set ${set.sort().join(', ')}`] : []),
                ...(removed.length > 0 ? [`removed ${removed.sort().join(', ')}`] : []),
            ].join('; ')}`);
        }
    }
    if (desired.layers !== undefined) {
        const now = (current.Layers ?? []).map((l) => l.Arn ?? '');
        if (now.length !== desired.layers.length || now.some((arn, i) => arn !== desired.layers?.[i])) {
            update.Layers = [...desired.layers];
            changes.push(`layers: ${desired.layers.length === 0 ? 'none' : desired.layers.join(', ')}`);
        }
    }
    return changes.length === 0 ? undefined : { update, changes };
}
/** Pure: whether a run asks for any configuration at all. */
function asksForConfiguration(desired) {
    return Object.values(desired).some((v) => v !== undefined);
}
/** What a dry run shows for a version it would publish. */
function pendingVersion(wish) {
    return `${wish.layerArn ?? wish.name}:(new version)`;
}
/**
 * Pure: the function's layers with each wished layer at its new version, the `layers` of
 * DesiredConfiguration. A layer the function already uses keeps its place; a new one goes last;
 * every other layer stays as it is, in order. More than Lambda's 5 is a problem, named here.
 */
function desiredLayers(have, wishes) {
    const placed = new Set();
    const arns = have.map((arn) => {
        const wish = wishes.find((w) => sameLayer(arn, w));
        if (wish === undefined)
            return arn;
        placed.add(wish);
        return wish.versionArn ?? pendingVersion(wish);
    });
    for (const wish of wishes) {
        if (!placed.has(wish))
            arns.push(wish.versionArn ?? pendingVersion(wish));
    }
    const max = _lambda_limits_js__WEBPACK_IMPORTED_MODULE_0__/* .LambdaLimits */ .EY.layersPerFunction;
    const added = wishes.filter((w) => !placed.has(w)).map((w) => w.name);
    const problem = arns.length > max
        ? `it would use ${arns.length} layers and Lambda allows ${max} per function (it has ${have.length}: ${have.join(', ') || 'none'}; adding ${added.join(', ')}). Remove a layer from the function, or leave 'attach-layers' off for it.`
        : undefined;
    return { arns, problem };
}
/** Whether a layer version ARN is a version of the wished layer. */
function sameLayer(arn, wish) {
    const ref = (0,_lambda_names_js__WEBPACK_IMPORTED_MODULE_1__/* .parseLayerVersionArn */ .i3)(arn);
    if (ref === undefined)
        return false;
    if (wish.layerArn !== undefined)
        return ref.layerArn === wish.layerArn;
    return ref.name === wish.name && ref.region === wish.region;
}


/***/ }),

/***/ 36172:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  m: () => (/* binding */ defaultDeps),
  deployFailure: () => (/* binding */ deployFailure),
  deployFunctions: () => (/* binding */ deployFunctions)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(71696);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(70370);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/config/release.ts
var release = __webpack_require__(46579);
// EXTERNAL MODULE: ./src/publish/configuration.ts
var publish_configuration = __webpack_require__(51969);
// EXTERNAL MODULE: ./src/lambda/names.ts
var names = __webpack_require__(16775);
// EXTERNAL MODULE: ./src/publish/call.ts
var publish_call = __webpack_require__(25439);
;// CONCATENATED MODULE: ./src/publish/decide.ts

/** The architecture a function runs on: Lambda leaves `Architectures` out for x86_64. */
function architectureOf(cfg) {
    return cfg.Architectures?.[0] ?? 'x86_64';
}
/** Whether the function (or a version of it) has the artifact's code and architecture. */
function holdsCode(cfg, artifact) {
    return cfg.CodeSha256 === artifact.codeSha256 && architectureOf(cfg) === artifact.architecture;
}
/** Whether a version (or $LATEST) holds the artifact and the configuration asked for. */
function serves(cfg, artifact, configuration) {
    return (cfg !== undefined &&
        holdsCode(cfg, artifact) &&
        (0,publish_configuration/* planConfiguration */.SU)(cfg, configuration) === undefined);
}
function decideDeploy(current, artifact, options) {
    const who = `Function '${options.function}' in ${options.region}`;
    const image = options.upload === 'image';
    if (current.PackageType === 'Image' && !image) {
        return {
            kind: 'refuse',
            message: `${who} is a container image function (PackageType Image) and this build made a zip: set 'package-type: image' and 'image-repository' to deploy it, or name a zip function.`,
        };
    }
    if (current.PackageType !== 'Image' && image) {
        return {
            kind: 'refuse',
            message: `${who} is a .zip function (PackageType Zip) and this build made a container image: Lambda cannot switch a function's package type. Use 'package-type: zip' for it, or name a function created from an image.`,
        };
    }
    // With attach-layers: the function's own layers, with this run's versions in. More than 5 stops
    // this function; deployLayers has already refused that before any write, so this only guards a
    // function changed meanwhile.
    let configuration = options.configuration;
    if (options.layers !== undefined && options.layers.length > 0) {
        const have = (current.Layers ?? []).flatMap((l) => (l.Arn === undefined ? [] : [l.Arn]));
        const layers = (0,publish_configuration/* desiredLayers */.rQ)(have, options.layers);
        if (layers.problem !== undefined)
            return { kind: 'refuse', message: `${who}: ${layers.problem}` };
        configuration = { ...configuration, layers: layers.arns };
    }
    // The reproducible zips make an unchanged build byte-identical; the configuration is compared
    // only for what the inputs ask.
    const sameCode = holdsCode(current, artifact) && current.LastUpdateStatus !== 'Failed';
    const configure = (0,publish_configuration/* planConfiguration */.SU)(current, configuration);
    if (sameCode && !options.force && configure === undefined) {
        const check = options.alias !== undefined
            ? { kind: 'alias', alias: options.alias }
            : { kind: options.publish ? 'published-version' : 'none' };
        return { kind: 'unchanged', configuration, check };
    }
    const from = architectureOf(current);
    const code = !sameCode || options.force
        ? {
            via: options.upload,
            architecture: from !== artifact.architecture ? { from, to: artifact.architecture } : undefined,
        }
        : undefined;
    return { kind: 'update', configuration, code, configure, publish: options.publish };
}

// EXTERNAL MODULE: ./src/publish/aws-errors.ts
var aws_errors = __webpack_require__(45452);
;// CONCATENATED MODULE: ./src/publish/lambda-read.ts
/** The reads of one function's deploy: GetFunction, and waiting until the function is idle or updated. */




/** GetFunction: the function's configuration, or Lambda's message when it does not exist. */
async function readFunction(d) {
    const { target } = d;
    try {
        const got = await d.call('GetFunction', () => d.ctx.lambda.send(new dist_cjs/* GetFunctionCommand */.YF5({ FunctionName: target.function.given })));
        if (got.Configuration === undefined) {
            throw new errors/* DeployError */.sH(`Lambda GetFunction for '${target.function.given}' in ${target.region} returned no configuration.`);
        }
        return { cfg: got.Configuration };
    }
    catch (error) {
        if (error instanceof aws_errors/* AwsCallError */.iQ && error.code === 'ResourceNotFoundException') {
            return { missing: error.awsMessage };
        }
        throw error;
    }
}
async function getFunction(d) {
    const read = await readFunction(d);
    if ('missing' in read)
        throw notFound(d.target, read.missing);
    return read.cfg;
}
/** ResourceNotFoundException on GetFunction: name the function, the region and the account. */
function notFound(target, awsMessage) {
    const account = target.function.account ??
        (0,names/* accountInText */.KS)(awsMessage) ??
        'unknown (Lambda did not say; `aws sts get-caller-identity` shows the account of the credentials)';
    return new errors/* DeployError */.sH(`Lambda function '${target.function.name}' was not found in region ${target.region}, account ${account}. Check the name in 'function-name' / 'functions', the region ('aws-region' or AWS_REGION) and that the credentials belong to that account; to create it, set 'create-function: true' and 'role-arn'.`);
}
/**
 * Runs an SDK waiter (waitUntil*: throws unless it succeeds). On a failure state or timeout, reads
 * the function once more so the error can quote its state and reason.
 */
async function runWaiter(d, waiter) {
    try {
        const r = await waiter({ client: d.ctx.lambda, ...d.ctx.waiter }, { FunctionName: d.target.function.given });
        const cfg = configurationOf(r.reason);
        if (cfg !== undefined)
            return { cfg, timedOut: false };
    }
    catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        return { cfg: await getFunction(d), timedOut };
    }
    return { cfg: await getFunction(d), timedOut: false };
}
async function waitUntilIdle(d, current) {
    const { target, log } = d;
    const fn = target.function.given;
    let cfg = current;
    if (cfg.State === 'Pending') {
        log('state is Pending; waiting until it is Active');
        cfg = (await runWaiter(d, dist_cjs/* waitUntilFunctionActiveV2 */._RC)).cfg;
        if (cfg.State !== 'Active') {
            throw new errors/* DeployError */.sH(`Function '${fn}' in ${target.region} did not become Active (state ${cfg.State ?? 'unknown'}${cfg.StateReason ? `: ${cfg.StateReason}` : ''}); it cannot be updated until it is.`);
        }
    }
    if (cfg.LastUpdateStatus === 'InProgress') {
        log('another update is in progress; waiting for it to finish');
        cfg = (await runWaiter(d, dist_cjs/* waitUntilFunctionUpdatedV2 */.rWV)).cfg;
        if (cfg.LastUpdateStatus === 'InProgress') {
            throw new errors/* DeployError */.sH(`Function '${fn}' in ${target.region} was still being updated by someone else after ${d.ctx.waiter.maxWaitTime} s; not deploying on top of it.`);
        }
    }
    return cfg;
}
async function waitForUpdate(d, updated, what = 'code update') {
    if (updated.LastUpdateStatus !== 'InProgress')
        return checkNotFailed(d.target, updated, what);
    d.log(`waiting for the ${what} to finish (LastUpdateStatus InProgress)`);
    const { cfg } = await runWaiter(d, dist_cjs/* waitUntilFunctionUpdatedV2 */.rWV);
    if (cfg.LastUpdateStatus === 'InProgress') {
        throw new errors/* DeployError */.sH(`Function '${d.target.function.given}' in ${d.target.region}: the ${what} did not finish within ${d.ctx.waiter.maxWaitTime} s (LastUpdateStatus still InProgress).`);
    }
    return checkNotFailed(d.target, cfg, what);
}
function checkNotFailed(target, cfg, what) {
    if (cfg.LastUpdateStatus === 'Failed') {
        const code = cfg.LastUpdateStatusReasonCode ? ` [${cfg.LastUpdateStatusReasonCode}]` : '';
        throw new errors/* DeployError */.sH(`Function '${target.function.given}' in ${target.region}: Lambda rejected the ${what} (LastUpdateStatus Failed${code}): ${cfg.LastUpdateStatusReason ?? 'no reason given'}`);
    }
    return cfg;
}
function configurationOf(reason) {
    if (typeof reason === 'object' && reason !== null && 'Configuration' in reason) {
        return reason.Configuration;
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/publish/alias.ts
var publish_alias = __webpack_require__(86199);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/publish/s3.ts
var s3 = __webpack_require__(91921);
;// CONCATENATED MODULE: ./src/publish/lambda-write.ts
/**
 * The writes of one function's deploy: CreateFunction, UpdateFunctionCode (the zip inline, from S3
 * or the image), UpdateFunctionConfiguration and PublishVersion.
 */








/** UpdateFunctionCode (uploading to S3 first when asked); undefined after a dry run. */
async function updateCode(d, current) {
    const { target, ctx, log } = d;
    const ours = target.artifact;
    // The RevisionId we read, so a concurrent change is detected.
    const input = {
        FunctionName: target.function.given,
        Architectures: [ours.architecture],
        ...(current.RevisionId !== undefined ? { RevisionId: current.RevisionId } : {}),
        ...(ctx.dryRun ? { DryRun: true } : {}),
        ...(await codeOf(d)),
    };
    log(`${ctx.dryRun ? 'validating (dry run) ' : 'updating '}code ${current.CodeSha256 ?? '(none)'} -> ${ours.codeSha256}${target.upload.kind === 's3' ? ' from S3' : target.upload.kind === 'image' ? ` (image ${target.upload.imageUri})` : ''}`);
    const updated = await d.call('UpdateFunctionCode', () => (0,publish_call/* confirmed */.qF)(() => ctx.lambda.send(new dist_cjs/* UpdateFunctionCodeCommand */.KfB(input)), async () => {
        // Resent blindly, the update would carry a RevisionId our own update already replaced.
        if (ctx.dryRun)
            return undefined;
        const now = await getFunction(d);
        if (!holdsCode(now, ours))
            return undefined;
        log('the answer to UpdateFunctionCode was lost, but the function already has this code');
        return now;
    }));
    return ctx.dryRun ? undefined : updated;
}
/** The code of a create or update: the zip inline, an S3 object (uploaded now), or the image. */
async function codeOf(d) {
    const { target } = d;
    const ours = target.artifact;
    if (target.upload.kind === 'image')
        return { ImageUri: target.upload.imageUri };
    if (target.upload.kind === 's3') {
        const upload = target.upload;
        const body = await promises_.readFile(ours.zipPath);
        d.log(`uploading ${ours.zipSize} bytes to s3://${upload.bucket}/${upload.key}`);
        await d.call('PutObject', () => (0,s3/* putZip */.Ld)(d.ctx.s3(), upload, body, ours.codeSha256));
        return { S3Bucket: upload.bucket, S3Key: upload.key };
    }
    return { ZipFile: await promises_.readFile(ours.zipPath) };
}
/**
 * CreateFunction with this run's code and settings, then the function as Lambda answered
 * (State Pending: the caller waits until it is Active). Another job's create is read back.
 */
async function createFunction(d) {
    const { target, ctx, log } = d;
    const create = ctx.create;
    if (create === undefined)
        throw new Error('createFunction without create-function');
    const desired = target.configuration;
    const image = target.upload.kind === 'image';
    const variables = desired.environment?.variables ?? {};
    const keys = Object.keys(variables);
    log(`does not exist: creating it (${target.artifact.architecture}, ${image ? 'container image' : `${create.runtime}, handler bootstrap`}, ${create.memorySize} MB, ${create.timeout} s${keys.length > 0 ? `, environment ${keys.sort().join(', ')}` : ''})`);
    const code = await codeOf(d);
    const input = {
        FunctionName: target.function.given,
        Role: create.roleArn,
        Code: code,
        PackageType: image ? 'Image' : 'Zip',
        ...(!image && { Runtime: create.runtime, Handler: 'bootstrap' }),
        Architectures: [target.artifact.architecture],
        MemorySize: create.memorySize,
        Timeout: create.timeout,
        ...(desired.description !== undefined && { Description: desired.description }),
        ...(keys.length > 0 && { Environment: { Variables: { ...variables } } }),
        ...(desired.layers !== undefined && { Layers: [...desired.layers] }),
        Publish: false,
    };
    try {
        return await d.call('CreateFunction', () => (0,publish_call/* confirmed */.qF)(() => ctx.lambda.send(new dist_cjs/* CreateFunctionCommand */.Y8X(input)), async () => {
            const now = await readFunction(d);
            return 'cfg' in now ? now.cfg : undefined;
        }));
    }
    catch (error) {
        if (!(0,aws_errors/* isAlreadyExists */.x9)(error))
            throw error;
        log('was created meanwhile by someone else: deploying to it');
        return getFunction(d);
    }
}
/** UpdateFunctionConfiguration with the fields that differ, then wait until it has landed. */
async function configure(d, current, plan) {
    d.log(`changing the configuration: ${plan.changes.join('; ')}`);
    const updated = await d.call('UpdateFunctionConfiguration', () => d.ctx.lambda.send(new dist_cjs/* UpdateFunctionConfigurationCommand */.Zlw({
        FunctionName: d.target.function.given,
        ...plan.update,
        ...(current.RevisionId !== undefined ? { RevisionId: current.RevisionId } : {}),
    })));
    return waitForUpdate(d, updated, 'configuration update');
}
async function publish(d, revisionId) {
    const { target } = d;
    const published = await d.call('PublishVersion', () => d.ctx.lambda.send(new dist_cjs/* PublishVersionCommand */.D3m({
        FunctionName: target.function.given,
        CodeSha256: target.artifact.codeSha256,
        ...(revisionId !== undefined ? { RevisionId: revisionId } : {}),
    })));
    if (published.Version === undefined) {
        throw new errors/* DeployError */.sH(`Lambda PublishVersion for '${target.function.given}' in ${target.region} returned no version number.`);
    }
    d.log(`published version ${published.Version}`);
    return published.Version;
}

// EXTERNAL MODULE: ./src/publish/routing.ts
var routing = __webpack_require__(25317);
// EXTERNAL MODULE: ./src/publish/verify.ts
var verify = __webpack_require__(89458);
;// CONCATENATED MODULE: ./src/publish/lambda-release.ts
/**
 * The end of one function's deploy: verify the published version (`verify-event`) and point the
 * alias at it; and, when the code is already there, find out with reads only whether a version
 * or the alias already serves it.
 */






/**
 * Invokes the version when `verify-event` asks, and points the alias at it only when it
 * answered as expected. A failed verification leaves the alias where it was: the outcome is
 * `failed`, with the published version and the verification.
 */
async function verifyAndPoint(d, version, base) {
    const { ctx, log, call } = d;
    const fn = d.target.function.given;
    let verification;
    if (ctx.verify !== undefined) {
        const answer = await (0,verify/* invokeVersion */.rc)(ctx.lambda, fn, version, ctx.verify.event, ctx.now, call);
        const judged = (0,verify/* judgeInvocation */.Uy)(answer, ctx.verify, ctx.redact);
        verification = (0,verify/* outcomeOf */.sG)(judged);
        if (judged.status === 'failed') {
            const error = (0,verify/* verificationFailure */.ac)(version, judged, ctx.alias);
            for (const line of error.split('\n'))
                log(line);
            return { ...base, result: 'failed', version, verification, error };
        }
        log(`verified version ${version} in ${answer.ms} ms: ${judged.response}`);
        if (judged.log !== '')
            log(`log tail of the verification:\n${(0,verify/* logTail */.RB)(judged.log)}`);
    }
    if (ctx.alias === undefined)
        return { ...base, result: 'updated', version, verification };
    const pointed = await (0,publish_alias/* pointAlias */.LE)(ctx, fn, ctx.alias, version, call, log);
    return {
        ...base,
        result: 'updated',
        version,
        alias: ctx.alias,
        verification,
        ...(pointed.weight !== undefined && pointed.weight < 1 && { weight: pointed.weight }),
    };
}
/**
 * The code and configuration are already there. Without an alias that is the end of it; with
 * one, make sure the alias serves them too, with the weight asked (a previous run may have
 * stopped between update and alias, or routed a canary): only then is the deploy really
 * unchanged, and only reads are made to find out.
 */
async function unchanged(d, current, check) {
    const { target, ctx, log, call } = d;
    const fn = target.function.given;
    const base = {
        bin: target.bin,
        function: fn,
        arn: current.FunctionArn,
        codeSha256: target.artifact.codeSha256,
    };
    if (check.kind === 'none') {
        log(`code unchanged (${target.artifact.codeSha256}); nothing to do (force: true updates anyway)`);
        return { ...base, result: 'unchanged', version: '$LATEST' };
    }
    if (check.kind === 'published-version') {
        // Publishing without an alias: done only when a published version already has this code
        // (a previous run may have updated $LATEST and then failed to publish).
        const published = await versionWithCode(d);
        if (published !== undefined) {
            log(`code unchanged; version ${published} already has it (force: true updates anyway)`);
            return { ...base, result: 'unchanged', version: published };
        }
        if (ctx.dryRun) {
            log('code unchanged, but no published version has it: it would be published (dry run)');
            return { ...base, result: 'dry-run', version: undefined, alias: undefined };
        }
        log('code unchanged, but no published version has it yet: publishing');
        const version = await publish(d, current.RevisionId);
        return verifyAndPoint(d, version, base);
    }
    const alias = check.alias;
    const existing = await (0,publish_alias/* getAlias */.bd)(ctx, fn, alias, call);
    // The versions the alias routes to, then its primary: the first that already holds this code
    // and configuration is reused. $LATEST never is: with publishing on, the alias gets a number.
    const candidates = [...Object.keys((0,routing/* weightsOf */.Z$)(existing)), existing?.FunctionVersion].filter((v, i, all) => v !== undefined && v !== '$LATEST' && all.indexOf(v) === i);
    let held;
    for (const candidate of candidates) {
        const got = await call('GetFunction', () => ctx.lambda.send(new dist_cjs/* GetFunctionCommand */.YF5({ FunctionName: fn, Qualifier: candidate })));
        if (serves(got.Configuration, target.artifact, target.configuration)) {
            held = candidate;
            break;
        }
    }
    if (held !== undefined) {
        const step = (0,routing/* planAlias */.EY)(alias, existing, held, ctx.aliasWeight);
        if (step.kind === 'none') {
            log(`code unchanged and ${step.why}`);
            const weight = (0,routing/* weightsOf */.Z$)(existing)[held];
            return {
                ...base,
                result: 'unchanged',
                version: held,
                alias,
                ...(weight !== undefined && { weight }),
            };
        }
    }
    if (ctx.dryRun) {
        log(`code unchanged; alias ${alias} would be moved (dry run: not done)`);
        return { ...base, result: 'dry-run', version: undefined, alias: undefined };
    }
    if (held !== undefined) {
        log(`code unchanged; version ${held} has it: pointing alias ${alias} at it`);
        return verifyAndPoint(d, held, base);
    }
    log(`code unchanged, but alias ${alias} does not serve it yet: publishing and moving the alias`);
    const version = await publish(d, current.RevisionId);
    return verifyAndPoint(d, version, base);
}
/** The newest published version with the artifact's code, architecture and configuration (reads only). */
async function versionWithCode(d) {
    const { target } = d;
    let marker;
    let found;
    do {
        const page = await d.call('ListVersionsByFunction', () => d.ctx.lambda.send(new dist_cjs/* ListVersionsByFunctionCommand */.Ox4({
            FunctionName: target.function.given,
            MaxItems: 50,
            ...(marker !== undefined ? { Marker: marker } : {}),
        })));
        for (const v of page.Versions ?? []) {
            if (v.Version !== undefined &&
                v.Version !== '$LATEST' &&
                serves(v, target.artifact, target.configuration) &&
                (found === undefined || Number(v.Version) > Number(found))) {
                found = v.Version;
            }
        }
        marker = page.NextMarker;
    } while (marker !== undefined);
    return found;
}

;// CONCATENATED MODULE: ./src/publish/lambda.ts








/** Deploys one target. Throws DeployError (with a complete message) on failure. */
async function deployTarget(target, ctx) {
    const fn = target.function.given;
    const log = (line) => ctx.info(`${fn}: ${line}`);
    const ours = target.artifact;
    let functionArn = knownArn(target);
    const call = (0,publish_call/* makeCall */.p1)(ctx, {
        function: fn,
        region: target.region,
        functionArn: () => functionArn,
        s3Bucket: target.upload.kind === 's3' ? target.upload.bucket : undefined,
        s3Target: target.upload.kind === 's3'
            ? `arn:aws:s3:::${target.upload.bucket}/${target.upload.key.replace(/[^/]+\/[^/]+$/, '*')}`
            : undefined,
    }, log);
    let d = { target, ctx, call, log };
    // 1. The function as it is now (created when missing and asked to); wait while it is busy.
    const read = await readFunction(d);
    let current;
    let created = false;
    if ('cfg' in read) {
        current = read.cfg;
    }
    else {
        if (ctx.create === undefined)
            throw notFound(target, read.missing);
        if (ctx.dryRun) {
            log('does not exist: it would be created (dry run: not done)');
            return { bin: target.bin, function: fn, result: 'dry-run', codeSha256: ours.codeSha256 };
        }
        current = await createFunction(d);
        created = true;
    }
    functionArn = current.FunctionArn ?? functionArn;
    current = await waitUntilIdle(d, current);
    // 2. Decide from what the function has now.
    const decision = decideDeploy(current, ours, {
        function: fn,
        region: target.region,
        upload: target.upload.kind,
        configuration: target.configuration,
        layers: ctx.layers,
        force: ctx.force,
        publish: ctx.publish,
        alias: ctx.alias,
    });
    if (decision.kind === 'refuse')
        throw new errors/* DeployError */.sH(decision.message);
    d = { ...d, target: { ...target, configuration: decision.configuration } };
    const marks = { ...(created && { created: true }) };
    if (decision.kind === 'unchanged') {
        const outcome = await unchanged(d, current, decision.check);
        // A function just created has this run's code: it was not unchanged.
        return created && outcome.result === 'unchanged'
            ? { ...outcome, result: 'updated', ...marks }
            : { ...outcome, ...marks };
    }
    const configuration = decision.configure;
    let settled = current;
    if (decision.code !== undefined) {
        // 3. Architecture: say so when this deploy switches it.
        const arch = decision.code.architecture;
        if (arch !== undefined) {
            ctx.notice(`${fn}: changing the function's architecture from ${arch.from} to ${arch.to} (the zip holds an ${arch.to} binary).`);
        }
        const updated = await updateCode(d, current);
        if (updated === undefined) {
            if (configuration !== undefined) {
                log(`would change the configuration: ${configuration.changes.join('; ')} (dry run)`);
            }
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
        // 4. Wait for the update to finish; a failed update names its reason.
        settled = await waitForUpdate(d, updated);
        if (settled.CodeSha256 !== ours.codeSha256) {
            throw new errors/* DeployError */.sH(`Function '${fn}' in ${target.region} reports CodeSha256 ${settled.CodeSha256 ?? '(none)'} after the update, not ${ours.codeSha256}: another deployment changed it at the same time. Re-run the job.`);
        }
    }
    // 5. The configuration asked for: at most one write, and only when something differs.
    if (configuration !== undefined) {
        if (ctx.dryRun) {
            log(`would change the configuration: ${configuration.changes.join('; ')} (dry run: not done)`);
            return {
                bin: target.bin,
                function: fn,
                result: 'dry-run',
                arn: current.FunctionArn,
                codeSha256: ours.codeSha256,
            };
        }
        settled = await configure(d, settled, configuration);
    }
    // 6. Publish, verify that version, and point the alias at it.
    const base = {
        bin: target.bin,
        function: fn,
        arn: settled.FunctionArn ?? current.FunctionArn,
        codeSha256: ours.codeSha256,
        ...(configuration !== undefined && { configured: configuration.changes }),
        ...marks,
    };
    if (!decision.publish)
        return { ...base, result: 'updated', version: '$LATEST', alias: ctx.alias };
    const version = await publish(d, settled.RevisionId);
    return verifyAndPoint(d, version, base);
}
function knownArn(target) {
    const f = target.function;
    return f.account !== undefined
        ? `arn:${(0,names/* partitionOfRef */.Xl)(f, target.region)}:lambda:${target.region}:${f.account}:function:${f.name}`
        : undefined;
}

// EXTERNAL MODULE: ./src/publish/plan.ts
var publish_plan = __webpack_require__(7872);
// EXTERNAL MODULE: ./src/publish/retry.ts
var retry = __webpack_require__(30833);
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
            requestHandler: s3/* HTTP_TIMEOUTS */.gM,
            customUserAgent: 'rust-lambda-action',
        }),
        s3Client: (region) => (0,s3/* makeS3Client */.QW)(region, env),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: () => Date.now(),
        random: () => Math.random(),
        retry: retry/* DEFAULT_RETRY */.vI,
        waiter: publish_call/* DEFAULT_WAITER */.LR,
        env,
        info: (line) => core/* info */.pq(line),
        notice: (line) => core/* notice */.lm(line),
        ...overrides,
    };
}
async function deployFunctions(deploy, artifacts, smoke, deps = defaultDeps(), 
/** With `attach-layers`: the layer versions deployLayers published, by region. */
layers = new Map()) {
    const plan = (0,publish_plan/* planDeploy */.bJ)(deploy, artifacts, deps.env);
    maskCredentials(deps.env);
    return core/* group */.Os(`Deploy ${describe(plan)}`, () => run(plan, smoke, layers, deps));
}
function describe(plan) {
    const n = plan.targets.length;
    return `${n} function${n === 1 ? '' : 's'}${plan.dryRun ? ' (dry run)' : ''}`;
}
async function run(plan, smoke, layers, deps) {
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
        create: plan.create !== undefined,
        configure: layers.size > 0 || plan.targets.some((t) => (0,publish_configuration/* asksForConfiguration */.g9)(t.configuration)),
        verify: plan.verify !== undefined,
    };
    const redact = (0,verify/* redactor */.$p)(plan.targets.flatMap((t) => Object.values(t.configuration.environment?.variables ?? {})), release/* MIN_MASKED_LENGTH */.Ym);
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
                now: deps.now,
                retry: deps.retry,
                waiter: deps.waiter,
                needs,
                publish: plan.publish,
                alias: plan.alias,
                aliasWeight: plan.aliasWeight,
                verify: plan.verify,
                create: plan.create,
                dryRun: plan.dryRun,
                force: plan.force,
                layers: layers.get(target.region),
                redact,
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


/***/ }),

/***/ 7872:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vs: () => (/* binding */ s3KeyFor),
/* harmony export */   bJ: () => (/* binding */ planDeploy)
/* harmony export */ });
/* unused harmony export imageProblem */
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27242);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _lambda_limits_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(53151);
/* harmony import */ var _lambda_names_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(16775);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(32693);
/* harmony import */ var _util_image_reference_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(73269);
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
        notes.push(`${ext.bin} is a Lambda extension: published as a layer version, never deployed as a function.`);
    }
    const pairs = [];
    const unmapped = [];
    if (deploy.functionName !== undefined) {
        const only = functions[0];
        if (functions.length !== 1 || only === undefined) {
            const built = functions.map((a) => a.bin);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.FunctionName, deploy.functionName, functions.length === 0
                ? 'needs one built function binary, but the build produced none (only extensions, or nothing).'
                : `deploys one binary, but the build produced ${functions.length} function binaries (${built.join(', ')}): use 'functions' lines such as '${built[0]}=${deploy.functionName}', or set 'binaries' to one of them.`);
        }
        pairs.push({
            bin: only.bin,
            input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.FunctionName,
            given: deploy.functionName,
            artifact: only,
        });
    }
    else {
        const missing = [];
        for (const mapping of deploy.functions) {
            const artifact = artifacts.find((a) => a.bin === mapping.binary);
            if (artifact === undefined) {
                if (deploy.binaries !== undefined && !deploy.binaries.includes(mapping.binary)) {
                    notes.push(`${mapping.binary} is not among 'binaries': not deployed by this run.`);
                }
                else
                    missing.push(mapping.binary);
                continue;
            }
            if (artifact.kind === 'extension') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Functions, `${mapping.binary}=${mapping.function}`, `maps '${mapping.binary}', which is a Lambda extension: extensions are published as layers, never deployed as function code. Remove the line.`);
            }
            pairs.push({
                bin: mapping.binary,
                input: _constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Functions,
                given: mapping.function,
                artifact,
            });
        }
        if (missing.length > 0) {
            const built = functions.map((a) => a.bin).join(', ') || 'none';
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Functions, deploy.functions.map((m) => `${m.binary}=${m.function}`).join('\n'), `maps ${missing.map((b) => `'${b}'`).join(', ')}, which ${missing.length === 1 ? 'was' : 'were'} not built (built function binaries: ${built}). Fix the binary name or add it to 'binaries'.`);
        }
        for (const a of functions) {
            if (!deploy.functions.some((m) => m.binary === a.bin)) {
                unmapped.push(a.bin);
                notes.push(`${a.bin} was built but no 'functions' line maps it: not deployed.`);
            }
        }
    }
    const refs = pairs.map((p) => ({ ...p, ref: (0,_lambda_names_js__WEBPACK_IMPORTED_MODULE_3__/* .parseFunctionRef */ .r$)(p.input, p.given) }));
    const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
    // One function, however it is written: (partition, account when known, region, name). A name
    // without an account is the credentials' account, which may be any ARN's: it clashes with all.
    const canonical = refs.map((p) => {
        const region = p.ref.region ?? deploy.region ?? envRegion ?? '';
        const partition = (0,_lambda_names_js__WEBPACK_IMPORTED_MODULE_3__/* .partitionOfRef */ .Xl)(p.ref, region);
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Functions, a.p.given, `is the target of both '${b.p.bin}' and '${a.p.bin}' ('${b.p.given}' names the same function): one function can hold one binary's code.` +
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
                configuration: deploy.configuration,
            });
            continue;
        }
        if (a.unzippedSize > _lambda_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .LambdaLimits */ .EY.unzippedBytes) {
            problems.push(`${p.bin}: unzipped size ${bytes(a.unzippedSize)} is over Lambda's limit of ${bytes(_lambda_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .LambdaLimits */ .EY.unzippedBytes)} for function code, whichever way it is uploaded.`);
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
        else if ((0,_lambda_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .fitsInline */ .G_)(a.zipSize)) {
            upload = { kind: 'inline' };
        }
        else {
            problems.push(`${p.bin}: the zip is ${bytes(a.zipSize)}; sent inline it makes a ${bytes((0,_lambda_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .inlineRequestBytes */ .q2)(a.zipSize))} UpdateFunctionCode request, over Lambda's limit of ${_lambda_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .LambdaLimits */ .EY.inlineRequestBytes.toLocaleString('en-US')} bytes (about 50 MiB of zip). Set 's3-bucket' to upload it through S3 (the role then also needs s3:PutObject on that bucket).`);
            continue;
        }
        targets.push({
            bin: p.bin,
            function: p.ref,
            artifact: a,
            region,
            upload,
            configuration: deploy.configuration,
        });
    }
    if (problems.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`Cannot deploy ${problems.length === 1 ? 'a function' : `${problems.length} functions`}; nothing was changed:\n- ${problems.join('\n- ')}`);
    }
    if (deploy.alias !== undefined && !deploy.publish) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Publish, 'false', `cannot be combined with 'alias: ${deploy.alias}': the alias is pointed at the version this run publishes. Remove 'publish: false' or the alias.`);
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
        aliasWeight: deploy.aliasWeight,
        verify: deploy.verify,
        create: deploy.create,
    };
}
/** A size with its exact byte count, as the deploy errors quote it. */
function bytes(n) {
    return `${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_4__/* .formatBytes */ .z3)(n, 1)} (${n.toLocaleString('en-US')} bytes)`;
}
/** Pure: why Lambda would refuse this image for a function in `region`, or undefined. */
function imageProblem(uri, region) {
    const registry = uri.slice(0, uri.indexOf('/'));
    const ecr = (0,_util_image_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .ecrRegistry */ .gO)(registry);
    if (ecr === undefined) {
        return `Lambda runs images from Amazon ECR only, and '${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.ImageRepository}' is on ${registry}. Push to an ECR repository (<account>.dkr.ecr.${region}.amazonaws.com/<name>) to deploy.`;
    }
    if (ecr.region !== region) {
        return `the image is in ${ecr.region} but the function is in ${region}: Lambda needs the ECR repository in the function's region.`;
    }
    return undefined;
}


/***/ }),

/***/ 30833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bD: () => (/* binding */ withRetry),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY),
/* harmony export */   w1: () => (/* binding */ RetriesExhausted)
/* harmony export */ });
/* unused harmony export backoffMs */
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


/***/ }),

/***/ 25317:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ planAlias),
/* harmony export */   S5: () => (/* binding */ planPromote),
/* harmony export */   Z$: () => (/* binding */ weightsOf)
/* harmony export */ });
/**
 * Where an alias should point, decided from where it points now: move it to a new version, route
 * a share of its traffic to the new version (a canary: `alias-weight` below 1), or promote the
 * canary to the primary (`promote: true`). Pure; lambda.ts carries the decision out.
 */
/** Pure: the routed versions of an alias (the canary), `{}` when it has none. */
function weightsOf(alias) {
    return { ...(alias?.RoutingConfig?.AdditionalVersionWeights ?? {}) };
}
function sameWeights(a, b) {
    const ka = Object.keys(a);
    return (ka.length === Object.keys(b).length &&
        ka.every((k) => b[k] !== undefined && Math.abs((a[k] ?? 0) - (b[k] ?? 0)) < 1e-9));
}
/**
 * Pure: how to make `alias` serve `version`: all of its traffic (weight 1), or `weight` of it
 * while the current primary keeps the rest. A canary needs a published primary to share with:
 * without one (no alias yet, or an alias on $LATEST) the new version gets all of the traffic,
 * and the note says so.
 */
function planAlias(alias, existing, version, weight) {
    const canary = weight < 1;
    if (existing === undefined) {
        return {
            kind: 'create',
            version,
            ...(canary && {
                note: `alias ${alias} does not exist yet, so there is no version to share its traffic with: it is created on version ${version} with all of the traffic.`,
            }),
        };
    }
    const primary = existing.FunctionVersion;
    const weights = weightsOf(existing);
    if (primary === version) {
        // Already the primary: a canary has nothing left to do; a full move clears any routing.
        if (canary || Object.keys(weights).length === 0) {
            return { kind: 'none', why: `alias ${alias} already points at ${version}` };
        }
        return { kind: 'update', version, weights: {} };
    }
    if (!canary || primary === undefined || primary === '$LATEST') {
        return {
            kind: 'update',
            version,
            weights: {},
            ...(canary && {
                note: `alias ${alias} points at $LATEST, which cannot share traffic with a version: it is moved to version ${version} with all of the traffic.`,
            }),
        };
    }
    const wanted = { [version]: weight };
    if (sameWeights(weights, wanted)) {
        return {
            kind: 'none',
            why: `alias ${alias} already routes ${weight} of its traffic to ${version} (primary ${primary})`,
        };
    }
    return { kind: 'update', version: primary, weights: wanted };
}
/**
 * Pure: `promote: true`: the routed (canary) version becomes the primary and the routing is
 * cleared. Nothing to do when the alias routes to no other version.
 */
function planPromote(alias, existing) {
    const routed = Object.keys(weightsOf(existing)).filter((v) => v !== existing.FunctionVersion);
    const canary = routed[0];
    if (canary === undefined) {
        return {
            kind: 'none',
            why: `alias ${alias} routes no traffic to another version (primary ${existing.FunctionVersion ?? '?'}): nothing to promote`,
        };
    }
    return { kind: 'update', version: canary, weights: {} };
}


/***/ }),

/***/ 91921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ld: () => (/* binding */ putZip),
/* harmony export */   QW: () => (/* binding */ makeS3Client),
/* harmony export */   gM: () => (/* binding */ HTTP_TIMEOUTS)
/* harmony export */ });
/* unused harmony export usePathStyle */
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53711);
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
    return new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__/* .S3Client */ .YxF({
        region,
        maxAttempts: 1,
        forcePathStyle: usePathStyle(env),
        requestHandler: HTTP_TIMEOUTS,
        customUserAgent: 'rust-lambda-action',
    });
}
/** PutObject with the zip's SHA-256, so S3 rejects a corrupted upload. */
async function putZip(client, target, body, codeSha256) {
    await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__/* .PutObjectCommand */ .wKZ({
        Bucket: target.bucket,
        Key: target.key,
        Body: body,
        ContentType: 'application/zip',
        ChecksumSHA256: codeSha256,
    }));
}


/***/ }),

/***/ 89458:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ redactor),
/* harmony export */   RB: () => (/* binding */ logTail),
/* harmony export */   Uy: () => (/* binding */ judgeInvocation),
/* harmony export */   ac: () => (/* binding */ verificationFailure),
/* harmony export */   rc: () => (/* binding */ invokeVersion),
/* harmony export */   sG: () => (/* binding */ outcomeOf)
/* harmony export */ });
/* unused harmony exports RESPONSE_EXCERPT_CHARS, answerOf */
/* harmony import */ var _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71696);
/**
 * Verification before the alias moves (`verify-event`): invoke exactly the version just published,
 * with `LogType: Tail`, and judge the answer. The judgement is pure (judgeInvocation); the one
 * effect is the Invoke call.
 */

/** Characters of the response kept for `deployments` and the summary. */
const RESPONSE_EXCERPT_CHARS = 200;
/** Lines of the log tail quoted in a failure. */
const LOG_TAIL_LINES = 15;
/**
 * Pure: the verdict on one invocation. Fails on a FunctionError (quoting its type and message)
 * or when the response lacks `verify-response`. `redact` removes the values of `environment`
 * from anything quoted: a function may print its own configuration.
 */
function judgeInvocation(answer, verify, redact = (t) => t) {
    const payload = redact(answer.payload);
    const log = redact(answer.log);
    const response = payload.slice(0, RESPONSE_EXCERPT_CHARS);
    const base = { ms: answer.ms, response, log };
    if (answer.functionError !== undefined) {
        const { errorType, errorMessage } = errorOf(payload);
        return {
            ...base,
            status: 'failed',
            reason: `the function returned an error (${answer.functionError}): ${errorType}${errorMessage === '' ? '' : `: ${errorMessage}`}`,
        };
    }
    if (verify.response !== undefined && !answer.payload.includes(verify.response)) {
        return {
            ...base,
            status: 'failed',
            reason: `the response does not contain the 'verify-response' text ${JSON.stringify(verify.response)}; it begins ${JSON.stringify(response)}`,
        };
    }
    return { ...base, status: 'passed' };
}
/** The `errorType` / `errorMessage` of an error payload, as the runtimes write it. */
function errorOf(payload) {
    try {
        const parsed = JSON.parse(payload);
        if (parsed !== null && typeof parsed === 'object') {
            const o = parsed;
            const errorType = typeof o.errorType === 'string' ? o.errorType : 'Unknown';
            const message = typeof o.errorMessage === 'string' ? o.errorMessage : '';
            return { errorType, errorMessage: clip(message, 500) };
        }
    }
    catch {
        // Not JSON: quote it as it is.
    }
    return { errorType: 'Unknown', errorMessage: clip(payload, 500) };
}
function clip(text, chars) {
    return text.length > chars ? `${text.slice(0, chars)}…` : text;
}
/** Pure: what `deployments` and the summary keep of a verification (not the log). */
function outcomeOf(v) {
    return {
        status: v.status,
        ms: v.ms,
        response: v.response,
        ...(v.reason !== undefined && { reason: v.reason }),
    };
}
/** Pure: the last lines of a log tail, for an error message. */
function logTail(log, lines = LOG_TAIL_LINES) {
    return log
        .split(/\r?\n/)
        .map((l) => l.trimEnd())
        .filter((l) => l !== '')
        .slice(-lines)
        .join('\n');
}
/** Pure: the failure message of a verification that failed, with the log tail. */
function verificationFailure(version, v, alias) {
    const tail = logTail(v.log);
    const kept = alias === undefined ? '' : ` The alias ${alias} was not moved.`;
    return `verification of version ${version} failed: ${v.reason ?? 'failed'}.${kept}${tail === '' ? '' : `\nLog tail:\n${tail}`}`;
}
/** Pure: an Invoke answer as judgeInvocation reads it. */
function answerOf(out, ms) {
    return {
        functionError: out.FunctionError,
        payload: out.Payload === undefined ? '' : Buffer.from(out.Payload).toString('utf8'),
        log: out.LogResult === undefined ? '' : Buffer.from(out.LogResult, 'base64').toString('utf8'),
        ms,
    };
}
/** Invokes `version` of the function with the event (one call, through the caller's retries). */
async function invokeVersion(lambda, functionName, version, event, now, call) {
    const t0 = now();
    const out = await call('Invoke', () => lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_0__/* .InvokeCommand */ .mdN({
        FunctionName: functionName,
        Qualifier: version,
        InvocationType: 'RequestResponse',
        LogType: 'Tail',
        Payload: Buffer.from(event, 'utf8'),
    })));
    return answerOf(out, now() - t0);
}
/** Pure: replaces every value (of at least `min` characters) in a text by `***`. */
function redactor(values, min) {
    const secrets = values.filter((v) => v.length >= min).sort((a, b) => b.length - a.length);
    if (secrets.length === 0)
        return (t) => t;
    return (text) => secrets.reduce((t, s) => t.split(s).join('***'), text);
}


/***/ })

};
