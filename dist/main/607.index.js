export const id = 607;
export const ids = [607];
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
        ctx.deps.notice(`${fn}: ${step.note}`);
    if (step.kind === 'create') {
        await call('CreateAlias', () => ctx.lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_2__/* .CreateAliasCommand */ .W_e({ FunctionName: fn, Name: alias, FunctionVersion: step.version })));
        log(`created alias ${alias} -> ${step.version}`);
        return true;
    }
    const routing = { AdditionalVersionWeights: { ...step.weights } };
    await call('UpdateAlias', () => (0,_call_js__WEBPACK_IMPORTED_MODULE_1__/* .confirmed */ .q)(() => ctx.lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_2__/* .UpdateAliasCommand */ .lqC({
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
/* harmony export */   p: () => (/* binding */ makeCall),
/* harmony export */   q: () => (/* binding */ confirmed)
/* harmony export */ });
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(45452);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(30833);


function makeCall(ctx, target, log) {
    return async (operation, send) => {
        try {
            return await (0,_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .withRetry */ .bD)(send, {
                policy: ctx.deps.retry,
                sleep: ctx.deps.sleep,
                random: ctx.deps.random,
                isRetryable: _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isRetryable */ .r3,
                onRetry: (error, attempt, delay) => {
                    const info = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorInfo */ .sR)(error);
                    log(`${operation}: ${info.code}${info.code === 'ResourceConflictException' ? ' (an update is in progress)' : ''}; retry ${attempt}/${ctx.deps.retry.attempts - 1} in ${(delay / 1000).toFixed(1)} s`);
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

/***/ 74181:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ defaultDeps)
/* harmony export */ });
/* unused harmony export DEFAULT_WAITER */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(71696);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(30833);
/* harmony import */ var _s3_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(91921);
/**
 * The seams of a deploy and a promote: deployFunctions, deployLayers and promoteFunctions take
 * them as `deps`, and every step of one function's deploy reaches them through its StepContext.
 */




const DEFAULT_WAITER = { minDelay: 1, maxDelay: 5, maxWaitTime: 600 };
function defaultDeps(overrides = {}) {
    const env = overrides.env ?? process.env;
    return {
        // Retries are done by retry.ts (with the injected sleep), so the SDK's own are off.
        lambdaClient: (region) => new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .LambdaClient */ .Nox({
            region,
            maxAttempts: 1,
            requestHandler: _s3_js__WEBPACK_IMPORTED_MODULE_2__/* .HTTP_TIMEOUTS */ .gM,
            customUserAgent: 'rust-lambda-action',
        }),
        s3Client: (region) => (0,_s3_js__WEBPACK_IMPORTED_MODULE_2__/* .makeS3Client */ .QW)(region, env),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: () => Date.now(),
        random: () => Math.random(),
        retry: _retry_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_RETRY */ .vI,
        waiter: DEFAULT_WAITER,
        env,
        info: (line) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(line),
        notice: (line) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(line),
        ...overrides,
    };
}


/***/ }),

/***/ 44607:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   promoteFunctions: () => (/* binding */ promoteFunctions)
/* harmony export */ });
/* unused harmony export planPromotion */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(71696);
/* harmony import */ var p_limit__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(70370);
/* harmony import */ var _config_release_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(46579);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _lambda_names_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(16775);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(27242);
/* harmony import */ var _alias_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(86199);
/* harmony import */ var _call_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(25439);
/* harmony import */ var _deps_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(74181);
/* harmony import */ var _routing_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(25317);
/* harmony import */ var _verify_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(89458);
/**
 * `promote: true`: the second step of a canary release. Builds nothing and writes no code: for
 * each function, the version its alias routes a share of the traffic to becomes the primary and
 * the routing is cleared (verified first when `verify-event` is set). Loaded lazily by run.ts.
 */












/** Pure: the functions to promote, each with its region; throws naming what is missing. */
function planPromotion(deploy, env) {
    const named = deploy.functionName !== undefined
        ? [{ bin: '', input: _constants_js__WEBPACK_IMPORTED_MODULE_4__/* .Inputs */ .G0.FunctionName, given: deploy.functionName }]
        : deploy.functions.map((m) => ({ bin: m.binary, input: _constants_js__WEBPACK_IMPORTED_MODULE_4__/* .Inputs */ .G0.Functions, given: m.function }));
    const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
    return named.map((n) => {
        const ref = (0,_lambda_names_js__WEBPACK_IMPORTED_MODULE_3__/* .parseFunctionRef */ .r$)(n.input, n.given);
        const region = ref.region ?? deploy.region ?? envRegion;
        if (region === undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DeployError */ .sH(`${n.given}: no AWS region. Set 'aws-region', or AWS_REGION in the environment, or give the function as a full ARN.`);
        }
        return { bin: n.bin, given: n.given, region };
    });
}
async function promoteFunctions(deploy, deps = (0,_deps_js__WEBPACK_IMPORTED_MODULE_7__/* .defaultDeps */ .m)()) {
    const alias = deploy.alias;
    if (alias === undefined)
        throw new Error('promote without an alias');
    const targets = planPromotion(deploy, deps.env);
    const redact = (0,_verify_js__WEBPACK_IMPORTED_MODULE_8__/* .redactor */ .$p)(Object.values(deploy.configuration.environment?.variables ?? {}), _config_release_js__WEBPACK_IMPORTED_MODULE_1__/* .MIN_MASKED_LENGTH */ .Ym);
    const clients = new Map();
    const client = (region) => {
        const made = clients.get(region) ?? deps.lambdaClient(region);
        clients.set(region, made);
        return made;
    };
    const limit = (0,p_limit__WEBPACK_IMPORTED_MODULE_9__/* ["default"] */ .A)(deploy.concurrency);
    const n = targets.length;
    try {
        return await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(`Promote alias ${alias} of ${n} function${n === 1 ? '' : 's'}`, () => Promise.all(targets.map((t) => limit(async () => {
            const t0 = deps.now();
            const ctx = {
                deps,
                lambda: client(t.region),
                s3: () => {
                    throw new Error('promote uploads nothing');
                },
                needs: {
                    s3: false,
                    publish: false,
                    alias: true,
                    verify: deploy.verify !== undefined,
                },
                publish: false,
                alias,
                aliasWeight: 1,
                verify: deploy.verify,
                create: undefined,
                dryRun: deploy.dryRun,
                force: false,
                layers: undefined,
                redact,
            };
            try {
                const outcome = await promoteOne(t, ctx, alias);
                return { ...outcome, ms: deps.now() - t0 };
            }
            catch (error) {
                const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .failureMessage */ .oh)(error);
                deps.info(`${t.given}: FAILED: ${message}`);
                return {
                    bin: t.bin,
                    function: t.given,
                    result: 'failed',
                    codeSha256: '',
                    ms: deps.now() - t0,
                    error: message,
                };
            }
        }))));
    }
    finally {
        for (const c of clients.values())
            c.destroy();
    }
}
async function promoteOne(t, ctx, alias) {
    const log = (line) => ctx.deps.info(`${t.given}: ${line}`);
    const call = (0,_call_js__WEBPACK_IMPORTED_MODULE_6__/* .makeCall */ .p)(ctx, { function: t.given, region: t.region, functionArn: () => undefined }, log);
    const base = { bin: t.bin, function: t.given, alias };
    const existing = await (0,_alias_js__WEBPACK_IMPORTED_MODULE_5__/* .getAlias */ .bd)(ctx, t.given, alias, call);
    if (existing === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DeployError */ .sH(`Function '${t.given}' in ${t.region} has no alias '${alias}' to promote: deploy with 'alias: ${alias}' and 'alias-weight' first.`);
    }
    const step = (0,_routing_js__WEBPACK_IMPORTED_MODULE_10__/* .planPromote */ .S5)(alias, existing);
    if (step.kind !== 'update') {
        log(step.kind === 'none' ? step.why : 'nothing to promote');
        const version = existing.FunctionVersion;
        const code = await codeOf(ctx, t.given, version, call);
        return { ...base, result: 'unchanged', version, arn: code.arn, codeSha256: code.sha };
    }
    const code = await codeOf(ctx, t.given, step.version, call);
    const outcome = { ...base, version: step.version, arn: code.arn, codeSha256: code.sha };
    if (ctx.dryRun) {
        log(`would make version ${step.version} the primary of alias ${alias} (dry run: not done)`);
        return { ...outcome, result: 'dry-run' };
    }
    let verification;
    if (ctx.verify !== undefined) {
        const checked = await (0,_verify_js__WEBPACK_IMPORTED_MODULE_8__/* .verifyVersion */ .iy)({ ctx, call, log }, ctx.verify, t.given, step.version, alias);
        verification = checked.verification;
        if (checked.error !== undefined) {
            return { ...outcome, result: 'failed', verification, error: checked.error };
        }
    }
    await (0,_alias_js__WEBPACK_IMPORTED_MODULE_5__/* .applyAliasStep */ .TG)(ctx, t.given, alias, existing, step, call, log);
    return { ...outcome, result: 'updated', verification };
}
/** The code hash and ARN of a version (one GetFunction), for the outcome. */
async function codeOf(ctx, fn, version, call) {
    const got = await call('GetFunction', () => ctx.lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_11__/* .GetFunctionCommand */ .YF5({
        FunctionName: fn,
        ...(version !== undefined && { Qualifier: version }),
    })));
    return { sha: got.Configuration?.CodeSha256 ?? '', arn: got.Configuration?.FunctionArn };
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
/* harmony export */   iy: () => (/* binding */ verifyVersion)
/* harmony export */ });
/* unused harmony exports RESPONSE_EXCERPT_CHARS, judgeInvocation, outcomeOf, verificationFailure, answerOf, invokeVersion */
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
/**
 * Invokes `version` with `verify-event` and judges the answer; logs the failure line by line, or
 * that the version answered. The caller decides what a failure stops.
 */
async function verifyVersion(step, verify, fn, version, alias) {
    const { ctx, call, log } = step;
    const answer = await invokeVersion(ctx.lambda, fn, version, verify.event, ctx.deps.now, call);
    const judged = judgeInvocation(answer, verify, ctx.redact);
    const verification = outcomeOf(judged);
    if (judged.status === 'failed') {
        const error = verificationFailure(version, judged, alias);
        for (const line of error.split('\n'))
            log(line);
        return { verification, error, log: judged.log };
    }
    log(`verified version ${version} in ${answer.ms} ms: ${judged.response}`);
    return { verification, error: undefined, log: judged.log };
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
