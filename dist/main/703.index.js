export const id = 703;
export const ids = [703];
export const modules = {

/***/ 75703:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployLayers: () => (/* binding */ deployLayers),
  layersFailure: () => (/* reexport */ layersFailure)
});

// UNUSED EXPORTS: attachments

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(71696);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/publish/deps.ts
var publish_deps = __webpack_require__(74181);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
// EXTERNAL MODULE: ./src/lambda/limits.ts
var limits = __webpack_require__(53151);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(32693);
// EXTERNAL MODULE: ./src/publish/plan.ts
var publish_plan = __webpack_require__(7872);
;// CONCATENATED MODULE: ./src/publish/layer-plan.ts
/**
 * The layer plan: which extension goes to which layer, in which region, how (inline or through
 * S3), and which functions get it. Pure: every problem with the inputs is found here, before any
 * call.
 */





/** Builds the layer plan; throws InputError / DeployError naming every problem at once. */
function planLayers(deploy, runtime, artifacts, functions, env = {}) {
    const extensions = artifacts.filter((a) => a.kind === 'extension');
    const notes = [];
    const { name, mappings, attach } = deploy.layers;
    const built = extensions.map((e) => e.bin).join(', ') || 'none';
    if (name !== undefined && extensions.length !== 1) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.LayerName, name, extensions.length === 0
            ? `names a layer, but the build produced no extension (an extension is a binary built with 'extension: true' or marked [package.metadata.lambda.build] extension = true).`
            : `names one layer, but the build produced ${extensions.length} extensions (${built}): use lines 'extension=layer', one per extension.`);
    }
    const missing = mappings.filter((m) => !extensions.some((e) => e.bin === m.extension));
    if (missing.length > 0) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.LayerName, missing.map((m) => `${m.extension}=${m.layer}`).join('\n'), `maps ${missing.map((m) => `'${m.extension}'`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not a built extension (built extensions: ${built}).`);
    }
    const layerOf = (bin) => name ?? mappings.find((m) => m.extension === bin)?.layer ?? bin;
    const taken = new Map();
    for (const e of extensions) {
        const layer = layerOf(e.bin);
        const other = taken.get(layer);
        if (other !== undefined) {
            throw new errors/* InputError */.dz(constants/* Inputs */.G0.LayerName, deploy.layers.mappings.map((m) => `${m.extension}=${m.layer}`).join('\n') || '(default)', `publishes both '${other}' and '${e.bin}' to the layer '${layer}': give each extension its own layer with 'extension=layer' lines.`);
        }
        taken.set(layer, e.bin);
    }
    // A layer serves the functions of its own region: publish it in each region deployed to.
    const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
    const regions = [...new Set(functions.targets.map((t) => t.region))];
    if (regions.length === 0) {
        const region = deploy.region ?? envRegion;
        if (region === undefined && extensions.length > 0) {
            throw new errors/* DeployError */.sH(`Cannot publish the extension layers: no AWS region. Set 'aws-region', or AWS_REGION in the environment (aws-actions/configure-aws-credentials sets it).`);
        }
        if (region !== undefined)
            regions.push(region);
    }
    const problems = [];
    const targets = [];
    for (const e of extensions) {
        const layer = layerOf(e.bin);
        if (e.unzippedSize > limits/* LambdaLimits */.EY.unzippedBytes) {
            problems.push(`${e.bin}: unzipped size ${(0,format/* formatBytes */.z3)(e.unzippedSize)} is over Lambda's limit of ${(0,format/* formatBytes */.z3)(limits/* LambdaLimits */.EY.unzippedBytes)} for a function with its layers.`);
            continue;
        }
        let upload;
        if (deploy.s3Bucket !== undefined) {
            upload = {
                kind: 's3',
                bucket: deploy.s3Bucket,
                key: (0,publish_plan/* s3KeyFor */.Vs)(deploy.s3KeyPrefix, `layers/${layer}`, e.sha256),
            };
        }
        else if ((0,limits/* fitsInline */.G_)(e.zipSize)) {
            upload = { kind: 'inline' };
        }
        else {
            problems.push(`${e.bin}: the zip is ${(0,format/* formatBytes */.z3)(e.zipSize)}; sent inline it makes a ${(0,limits/* inlineRequestBytes */.q2)(e.zipSize).toLocaleString('en-US')}-byte PublishLayerVersion request, over Lambda's limit of ${limits/* LambdaLimits */.EY.inlineRequestBytes.toLocaleString('en-US')} bytes. Set 's3-bucket' to upload it through S3.`);
            continue;
        }
        if (attach) {
            const mismatched = functions.targets.filter((t) => t.artifact.architecture !== e.architecture);
            for (const t of mismatched) {
                problems.push(`${e.bin}: the layer '${layer}' holds an ${e.architecture} extension, but function '${t.function.given}' gets an ${t.artifact.architecture} binary; Lambda would fail to start the extension there. Build both for one architecture.`);
            }
        }
        for (const region of regions) {
            targets.push({
                extension: e.bin,
                layer,
                artifact: e,
                region,
                upload,
                architecture: e.architecture,
                runtime,
            });
        }
    }
    if (problems.length > 0) {
        throw new errors/* DeployError */.sH(`Cannot publish ${problems.length === 1 ? 'an extension layer' : `${problems.length} extension layers`}; nothing was changed:\n- ${problems.join('\n- ')}`);
    }
    if (attach && extensions.length === 0) {
        notes.push(`attach-layers: the build produced no extension, so no layer is attached.`);
    }
    return { targets, attach, dryRun: deploy.dryRun, notes };
}
function wishOf(t, layerArn, versionArn) {
    return { name: t.layer, region: t.region, layerArn, versionArn };
}
/** Pure: region -> the layer versions its functions get. */
function attachments(outcomes) {
    const map = new Map();
    for (const o of outcomes) {
        if (o.result === 'failed')
            continue;
        const list = map.get(o.region) ?? [];
        list.push({
            name: o.layer,
            region: o.region,
            layerArn: o.layerArn,
            versionArn: o.layerVersionArn,
        });
        map.set(o.region, list);
    }
    return map;
}
/** Pure: why publishing the layers failed, naming each, or undefined. */
function layersFailure(outcomes) {
    const failed = outcomes.filter((o) => o.result === 'failed');
    if (failed.length === 0)
        return undefined;
    return `${failed.length} of ${outcomes.length} extension layers failed to publish; no function was deployed:\n${failed.map((o) => `- ${o.layer} (${o.extension}, ${o.region}): ${o.error ?? 'failed'}`).join('\n')}`;
}

// EXTERNAL MODULE: ./src/package/elf.ts
var elf = __webpack_require__(74321);
// EXTERNAL MODULE: ./src/package/checks.ts
var checks = __webpack_require__(67759);
// EXTERNAL MODULE: ./src/package/unzip.ts
var unzip = __webpack_require__(25206);
// EXTERNAL MODULE: ./src/publish/aws-errors.ts
var aws_errors = __webpack_require__(45452);
// EXTERNAL MODULE: ./src/publish/configuration.ts
var configuration = __webpack_require__(51969);
// EXTERNAL MODULE: ./src/publish/retry.ts
var retry = __webpack_require__(30833);
;// CONCATENATED MODULE: ./src/publish/layer-reads.ts
/**
 * The reads of the extension layers, before any write: each zip checked locally, each layer's
 * newest version (is it already this zip?), and with `attach-layers` each function's layers.
 */









/** Each extension zip, read back: the layout Lambda runs and the ELF machine of the layer. */
async function checkZips(plan) {
    const problems = [];
    const seen = new Set();
    for (const t of plan.targets) {
        if (seen.has(t.extension))
            continue;
        seen.add(t.extension);
        const listing = await (0,unzip/* readZipListing */.Y)(t.artifact.zipPath, `extensions/${t.extension}`);
        const header = listing.head === undefined ? undefined : (0,elf/* parseElfHeader */.Ki)(listing.head);
        problems.push(...(0,checks/* checkExtensionZip */.fu)({ bin: t.extension, entries: listing.entries, machine: header?.machine }, t.architecture));
    }
    if (problems.length > 0) {
        throw new errors/* DeployError */.sH(`Cannot publish the extension layers; nothing was changed:\n- ${problems.join('\n- ')}`);
    }
}
function caller(deps, needs, region, subject) {
    return async (operation, send) => {
        try {
            return await (0,retry/* withRetry */.bD)(send, {
                policy: deps.retry,
                sleep: deps.sleep,
                random: deps.random,
                isRetryable: aws_errors/* isRetryable */.r3,
                onRetry: (error, attempt, delay) => deps.info(`${operation}: ${(0,aws_errors/* awsErrorInfo */.sR)(error).code}; retry ${attempt}/${deps.retry.attempts - 1} in ${(delay / 1000).toFixed(1)} s`),
            });
        }
        catch (error) {
            throw (0,aws_errors/* translateAwsError */.q4)(error, {
                operation,
                function: 'function' in subject ? subject.function : '',
                layer: 'layer' in subject ? subject.layer : undefined,
                region,
                needs,
            });
        }
    };
}
/** Reads only: the layer's newest version, and whether it already holds this zip. */
async function readLayer(target, client, needs, deps) {
    const call = caller(deps, needs, target.region, { layer: target.layer });
    // The API reference promises no order: take the highest Version over every page.
    let marker;
    let newest;
    do {
        const page = await call('ListLayerVersions', () => client.send(new dist_cjs/* ListLayerVersionsCommand */.icq({
            LayerName: target.layer,
            MaxItems: 50,
            ...(marker !== undefined ? { Marker: marker } : {}),
        })));
        for (const v of page.LayerVersions ?? []) {
            if (v.Version === undefined || v.LayerVersionArn === undefined)
                continue;
            if (newest === undefined || v.Version > newest.version) {
                newest = { version: v.Version, arn: v.LayerVersionArn };
            }
        }
        marker = page.NextMarker;
    } while (marker !== undefined);
    if (newest === undefined) {
        return { target, layerArn: undefined, same: undefined, newest: undefined };
    }
    const latest = newest;
    const got = await call('GetLayerVersion', () => client.send(new dist_cjs/* GetLayerVersionCommand */.VK5({ LayerName: target.layer, VersionNumber: latest.version })));
    const layerArn = got.LayerArn ?? latest.arn.slice(0, latest.arn.lastIndexOf(':'));
    const same = got.Content?.CodeSha256 === target.artifact.codeSha256 &&
        (got.CompatibleArchitectures ?? []).includes(target.architecture);
    return { target, layerArn, same: same ? latest : undefined, newest: latest.version };
}
/**
 * With `attach-layers`: every deployed function's layers after this run, checked before any
 * write. A function that would hold more than Lambda's 5 layers stops the run, naming it.
 */
async function checkFunctions(states, functions, lambda, needs, deps) {
    const problems = [];
    for (const f of functions) {
        const wishes = states
            .filter((s) => s.target.region === f.region)
            .map((s) => wishOf(s.target, s.layerArn, s.same?.arn));
        if (wishes.length === 0)
            continue;
        const call = caller(deps, needs, f.region, { function: f.function.given });
        let layers;
        let packageType;
        try {
            const got = await call('GetFunction', () => lambda(f.region).send(new dist_cjs/* GetFunctionCommand */.YF5({ FunctionName: f.function.given })));
            layers = (got.Configuration?.Layers ?? []).flatMap((l) => (l.Arn ? [l.Arn] : []));
            packageType = got.Configuration?.PackageType;
        }
        catch (error) {
            // A missing function is reported by its own deploy, with the fix.
            if (error instanceof aws_errors/* AwsCallError */.iQ && error.code === 'ResourceNotFoundException')
                continue;
            throw error;
        }
        if (packageType === 'Image') {
            problems.push(`${f.function.given}: a container image function cannot use layers; leave 'attach-layers' off, or put the extension into the image.`);
            continue;
        }
        const decided = (0,configuration/* desiredLayers */.rQ)(layers, wishes);
        if (decided.problem !== undefined)
            problems.push(`${f.function.given}: ${decided.problem}`);
    }
    if (problems.length > 0) {
        throw new errors/* DeployError */.sH(`Cannot attach the extension layers (input 'attach-layers'); nothing was changed:\n- ${problems.join('\n- ')}`);
    }
}

// EXTERNAL MODULE: ./src/publish/s3.ts
var publish_s3 = __webpack_require__(91921);
;// CONCATENATED MODULE: ./src/publish/layers.ts
/**
 * Extensions shipped as layers. In order, so nothing is written unless everything can be:
 *
 * 1. plan (pure): layer names, regions, upload method, architectures;
 * 2. check each zip (local): `extensions/<name>` 0755, ELF machine = the layer's architecture;
 * 3. read each layer's newest version (ListLayerVersions, GetLayerVersion): the same CodeSha256
 *    and architecture means `unchanged`, nothing is published;
 * 4. with `attach-layers`, read each function (GetFunction) and refuse one that would end up with
 *    more than 5 layers, naming it;
 * 5. publish the layers that changed (PublishLayerVersion).
 *
 * Steps 2 to 4 are in layer-reads.ts. The functions get their layer versions later, in their
 * own deploy (lambda.ts), through the one configuration decision (configuration.ts). Loaded
 * lazily with the AWS SDK, like deploy.ts.
 */










async function deployLayers(deploy, runtime, artifacts, deps = (0,publish_deps/* defaultDeps */.m)()) {
    const functions = (0,publish_plan/* planDeploy */.bJ)(deploy, artifacts, deps.env);
    const plan = planLayers(deploy, runtime, artifacts, functions, deps.env);
    if (plan.targets.length === 0) {
        for (const note of plan.notes)
            deps.info(note);
        return { outcomes: [], attachments: new Map() };
    }
    const n = new Set(plan.targets.map((t) => t.extension)).size;
    return core/* group */.Os(`Publish ${n} extension layer${n === 1 ? '' : 's'}${plan.dryRun ? ' (dry run)' : ''}`, () => run(plan, functions.targets, deps));
}
async function run(plan, functions, deps) {
    for (const note of plan.notes)
        deps.info(note);
    await checkZips(plan);
    const needs = {
        s3: plan.targets.some((t) => t.upload.kind === 's3'),
        publish: false,
        alias: false,
        layers: true,
        configure: plan.attach,
    };
    const clients = new Map();
    const lambda = (region) => {
        let c = clients.get(region);
        if (c === undefined)
            clients.set(region, (c = deps.lambdaClient(region)));
        return c;
    };
    let s3;
    try {
        // Reads first: nothing is written unless every layer and every function can take it.
        const states = [];
        for (const target of plan.targets) {
            states.push(await readLayer(target, lambda(target.region), needs, deps));
        }
        if (plan.attach)
            await checkFunctions(states, functions, lambda, needs, deps);
        const outcomes = [];
        for (const state of states) {
            const t0 = deps.now();
            const t = state.target;
            const base = {
                extension: t.extension,
                layer: t.layer,
                region: t.region,
                codeSha256: t.artifact.codeSha256,
            };
            if (state.same !== undefined) {
                deps.info(`layer ${t.layer} (${t.region}): version ${state.same.version} already holds ${t.extension} (${t.artifact.codeSha256}); nothing to publish`);
                outcomes.push({
                    ...base,
                    result: 'unchanged',
                    layerArn: state.layerArn,
                    layerVersionArn: state.same.arn,
                    version: state.same.version,
                    ms: deps.now() - t0,
                });
                continue;
            }
            if (plan.dryRun) {
                deps.info(`layer ${t.layer} (${t.region}): would publish version ${(state.newest ?? 0) + 1} with ${t.extension} (${t.artifact.codeSha256}, ${t.architecture}, ${t.runtime}) (dry run: nothing published)`);
                outcomes.push({ ...base, result: 'dry-run', layerArn: state.layerArn, ms: 0 });
                continue;
            }
            try {
                if (t.upload.kind === 's3')
                    s3 ??= deps.s3Client(t.region);
                const published = await publishLayer(t, lambda(t.region), s3, needs, deps);
                outcomes.push({ ...base, ...published, result: 'published', ms: deps.now() - t0 });
            }
            catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                deps.info(`layer ${t.layer} (${t.region}): FAILED: ${message}`);
                outcomes.push({ ...base, result: 'failed', ms: deps.now() - t0, error: message });
            }
        }
        return { outcomes, attachments: plan.attach ? attachments(outcomes) : new Map() };
    }
    finally {
        for (const c of clients.values())
            c.destroy();
        s3?.destroy();
    }
}
async function publishLayer(t, client, s3, needs, deps) {
    const call = caller(deps, needs, t.region, { layer: t.layer });
    const body = await promises_.readFile(t.artifact.zipPath);
    const input = {
        LayerName: t.layer,
        Description: `${t.extension} ${t.artifact.sha256.slice(0, 12)} (rust-lambda-action)`,
        CompatibleArchitectures: [t.architecture],
        CompatibleRuntimes: [t.runtime],
        Content: {},
    };
    if (t.upload.kind === 's3' && s3 !== undefined) {
        const upload = t.upload;
        deps.info(`layer ${t.layer}: uploading ${body.length} bytes to s3://${upload.bucket}/${upload.key}`);
        await call('PutObject', () => (0,publish_s3/* putZip */.Ld)(s3, upload, body, t.artifact.codeSha256));
        input.Content = { S3Bucket: upload.bucket, S3Key: upload.key };
    }
    else {
        input.Content = { ZipFile: body };
    }
    // Not confirmed by a read when the answer is lost: a resent PublishLayerVersion makes one more
    // version with the same zip, which the next run finds unchanged. Nothing is broken by it.
    const published = await call('PublishLayerVersion', () => client.send(new dist_cjs/* PublishLayerVersionCommand */.cl_(input)));
    if (published.Version === undefined || published.LayerVersionArn === undefined) {
        throw new errors/* DeployError */.sH(`Lambda PublishLayerVersion for layer '${t.layer}' in ${t.region} returned no version.`);
    }
    if (published.Content?.CodeSha256 !== t.artifact.codeSha256) {
        throw new errors/* DeployError */.sH(`Lambda PublishLayerVersion for layer '${t.layer}' in ${t.region} reports CodeSha256 ${published.Content?.CodeSha256 ?? '(none)'}, not ${t.artifact.codeSha256}: the upload was changed on its way.`);
    }
    deps.info(`layer ${t.layer} (${t.region}): published version ${published.Version} with ${t.extension} (${t.artifact.codeSha256})`);
    return {
        layerArn: published.LayerArn,
        layerVersionArn: published.LayerVersionArn,
        version: published.Version,
    };
}


/***/ })

};
