export const id = 749;
export const ids = [749];
export const modules = {

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


/***/ })

};
