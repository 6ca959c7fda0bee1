export const id = 607;
export const ids = [607];
export const modules = {

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
/* harmony import */ var _deploy_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(36172);
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
async function promoteFunctions(deploy, deps = (0,_deploy_js__WEBPACK_IMPORTED_MODULE_7__/* .defaultDeps */ .m)()) {
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
                lambda: client(t.region),
                s3: () => {
                    throw new Error('promote uploads nothing');
                },
                sleep: deps.sleep,
                random: deps.random,
                now: deps.now,
                retry: deps.retry,
                waiter: deps.waiter,
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
                info: deps.info,
                notice: deps.notice,
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
    const log = (line) => ctx.info(`${t.given}: ${line}`);
    const call = (0,_call_js__WEBPACK_IMPORTED_MODULE_6__/* .makeCall */ .p1)(ctx, { function: t.given, region: t.region, functionArn: () => undefined }, log);
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
        const answer = await (0,_verify_js__WEBPACK_IMPORTED_MODULE_8__/* .invokeVersion */ .rc)(ctx.lambda, t.given, step.version, ctx.verify.event, ctx.now, call);
        const judged = (0,_verify_js__WEBPACK_IMPORTED_MODULE_8__/* .judgeInvocation */ .Uy)(answer, ctx.verify, ctx.redact);
        verification = (0,_verify_js__WEBPACK_IMPORTED_MODULE_8__/* .outcomeOf */ .sG)(judged);
        if (judged.status === 'failed') {
            const error = (0,_verify_js__WEBPACK_IMPORTED_MODULE_8__/* .verificationFailure */ .ac)(step.version, judged, alias);
            for (const line of error.split('\n'))
                log(line);
            return { ...outcome, result: 'failed', verification, error };
        }
        log(`verified version ${step.version} in ${answer.ms} ms: ${judged.response}`);
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


/***/ })

};
