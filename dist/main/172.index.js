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

/***/ 36172:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployFailure: () => (/* binding */ deployFailure),
  deployFunctions: () => (/* binding */ deployFunctions)
});

// UNUSED EXPORTS: defaultDeps

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(70370);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/config/release.ts
var release = __webpack_require__(46579);
// EXTERNAL MODULE: ./src/publish/configuration.ts
var publish_configuration = __webpack_require__(51969);
// EXTERNAL MODULE: ./src/publish/deps.ts
var publish_deps = __webpack_require__(74181);
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

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(71696);
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
        const r = await waiter({ client: d.ctx.lambda, ...d.ctx.deps.waiter }, { FunctionName: d.target.function.given });
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
            throw new errors/* DeployError */.sH(`Function '${fn}' in ${target.region} was still being updated by someone else after ${d.ctx.deps.waiter.maxWaitTime} s; not deploying on top of it.`);
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
        throw new errors/* DeployError */.sH(`Function '${d.target.function.given}' in ${d.target.region}: the ${what} did not finish within ${d.ctx.deps.waiter.maxWaitTime} s (LastUpdateStatus still InProgress).`);
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
    const updated = await d.call('UpdateFunctionCode', () => (0,publish_call/* confirmed */.q)(() => ctx.lambda.send(new dist_cjs/* UpdateFunctionCodeCommand */.KfB(input)), async () => {
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
        return await d.call('CreateFunction', () => (0,publish_call/* confirmed */.q)(() => ctx.lambda.send(new dist_cjs/* CreateFunctionCommand */.Y8X(input)), async () => {
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
        const checked = await (0,verify/* verifyVersion */.iy)(d, ctx.verify, fn, version, ctx.alias);
        verification = checked.verification;
        if (checked.error !== undefined) {
            return { ...base, result: 'failed', version, verification, error: checked.error };
        }
        if (checked.log !== '')
            log(`log tail of the verification:\n${(0,verify/* logTail */.RB)(checked.log)}`);
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
    const log = (line) => ctx.deps.info(`${fn}: ${line}`);
    const ours = target.artifact;
    let functionArn = knownArn(target);
    const call = (0,publish_call/* makeCall */.p)(ctx, {
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
            ctx.deps.notice(`${fn}: changing the function's architecture from ${arch.from} to ${arch.to} (the zip holds an ${arch.to} binary).`);
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
;// CONCATENATED MODULE: ./src/publish/deploy.ts
/**
 * Updates Lambda function code through the SDK: plans, then deploys every function with a bounded
 * concurrency. One failure never hides the others: every function's outcome is returned, and
 * run.ts fails the step with deployFailure(), which names the functions that failed.
 *
 * Loaded lazily by run.ts (only when deploying): this is the only path into the AWS SDK.
 */










async function deployFunctions(deploy, artifacts, smoke, deps = (0,publish_deps/* defaultDeps */.m)(), 
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
                deps,
                lambda: cached(lambdas, target.region, deps.lambdaClient),
                s3: () => cached(s3s, target.region, deps.s3Client),
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
