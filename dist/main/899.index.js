export const id = 899;
export const ids = [899];
export const modules = {

/***/ 12899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pushImages: () => (/* binding */ pushImages)
});

// UNUSED EXPORTS: imageTags

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./src/package/zip.ts + 2 modules
var zip = __webpack_require__(84169);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(56118);
;// CONCATENATED MODULE: ./src/package/image/layer.ts
/**
 * Reproducible image layers: the same files give a byte-identical `tar.gz` on any machine. Entries
 * sorted by path, parent folders listed, one fixed mtime, uid/gid 0 with empty user/group names,
 * fixed modes; gzip at a fixed level, whose header Node's zlib writes with mtime 0 and no file name.
 * tar-stream writes the ustar headers (a well-kept library, also what archiver uses).
 */



const GZIP_LEVEL = 9;
function sha256Digest(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
/** Pure: the tar entries for `files`: every parent folder once (0755), then sorted by path. */
function layerEntries(files) {
    const entries = new Map();
    for (const file of files) {
        const parts = file.path.replace(/^\/+/, '').split('/');
        for (let i = 1; i < parts.length; i++) {
            const dir = `${parts.slice(0, i).join('/')}/`;
            if (!entries.has(dir))
                entries.set(dir, { path: dir, mode: 0o755 });
        }
        const name = parts.join('/');
        entries.set(name, { path: name, mode: file.mode, content: file.content });
    }
    return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/** Builds the layer for `files`, every entry stamped with `mtimeSeconds`. */
async function buildLayer(files, mtimeSeconds) {
    const pack = tar_stream.pack();
    const chunks = [];
    pack.on('data', (chunk) => chunks.push(chunk));
    const ended = new Promise((resolve, reject) => {
        pack.on('end', () => resolve());
        pack.on('error', reject);
    });
    const mtime = new Date(mtimeSeconds * 1000);
    for (const entry of layerEntries(files)) {
        const header = {
            name: entry.path,
            mode: entry.mode,
            mtime,
            uid: 0,
            gid: 0,
            uname: '',
            gname: '',
        };
        await new Promise((resolve, reject) => {
            const done = (err) => (err ? reject(err) : resolve());
            if (entry.content === undefined)
                pack.entry({ ...header, type: 'directory' }, done);
            else
                pack.entry({ ...header, type: 'file', size: entry.content.length }, entry.content, done);
        });
    }
    pack.finalize();
    await ended;
    const tarball = Buffer.concat(chunks);
    const blob = external_node_zlib_.gzipSync(tarball, { level: GZIP_LEVEL });
    return { blob, digest: sha256Digest(blob), size: blob.length, diffId: sha256Digest(tarball) };
}
/** Reads one file out of a `tar.gz` layer blob; undefined when the layer does not hold it. */
async function readLayerFile(blob, filePath) {
    const wanted = filePath.replace(/^\/+/, '');
    const extract = tar_stream.extract();
    let found;
    const finished = new Promise((resolve, reject) => {
        extract.on('entry', (header, stream, next) => {
            const parts = [];
            stream.on('data', (chunk) => {
                if (header.name.replace(/^\.?\/+/, '') === wanted)
                    parts.push(chunk);
            });
            stream.on('end', () => {
                if (header.type === 'file' && header.name.replace(/^\.?\/+/, '') === wanted) {
                    found = { mode: header.mode & 0o7777, content: Buffer.concat(parts) };
                }
                next();
            });
            stream.on('error', reject);
        });
        extract.on('finish', () => resolve());
        extract.on('error', reject);
    });
    extract.end(external_node_zlib_.gunzipSync(blob));
    await finished;
    return found;
}

;// CONCATENATED MODULE: ./src/package/image/oci.ts

const MediaType = {
    OciIndex: 'application/vnd.oci.image.index.v1+json',
    OciManifest: 'application/vnd.oci.image.manifest.v1+json',
    OciConfig: 'application/vnd.oci.image.config.v1+json',
    OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    DockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    DockerConfig: 'application/vnd.docker.container.image.v1+json',
    DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};
/** What a manifest request accepts: single-platform manifests and indexes of both families. */
const MANIFEST_ACCEPT = [
    MediaType.OciIndex,
    MediaType.OciManifest,
    MediaType.DockerList,
    MediaType.DockerManifest,
].join(', ');
function isIndex(mediaType, body) {
    if (mediaType === MediaType.OciIndex || mediaType === MediaType.DockerList)
        return true;
    return typeof body === 'object' && body !== null && Array.isArray(body.manifests);
}
/** Lambda's architecture names as image platforms (the OCI image spec uses Go's GOARCH names). */
const PlatformArchitecture = { arm64: 'arm64', x86_64: 'amd64' };
/**
 * Pure: the manifest of `linux/<architecture>` in an index. Attestation entries (`unknown/unknown`)
 * are never picked. Returns the platforms the index has when none fits, for the error message.
 */
function pickPlatform(index, architecture) {
    const arch = PlatformArchitecture[architecture];
    const candidates = index.manifests.filter((m) => m.platform?.os === 'linux' && m.platform.architecture === arch);
    // arm64 images may say variant v8 or nothing; prefer v8 as Lambda's Graviton is ARMv8+.
    const descriptor = candidates.find((m) => m.platform?.variant === 'v8') ?? candidates[0];
    if (descriptor !== undefined)
        return { descriptor };
    return {
        available: index.manifests.map((m) => m.platform
            ? `${m.platform.os}/${m.platform.architecture}${m.platform.variant ? `/${m.platform.variant}` : ''}`
            : m.digest),
    };
}
/** The handler name passed to `/lambda-entrypoint.sh`; a Rust runtime does not read it. */
const HANDLER = 'bootstrap';
/** Pure: where `bootstrap` goes in an image made from `base`: `$LAMBDA_RUNTIME_DIR/bootstrap`. */
function bootstrapPathFor(base) {
    const runtimeDir = base.config?.Env?.find((e) => e.startsWith('LAMBDA_RUNTIME_DIR='));
    const dir = runtimeDir?.slice('LAMBDA_RUNTIME_DIR='.length).replace(/\/+$/, '') || '/var/runtime';
    return `${dir.startsWith('/') ? '' : '/'}${dir}/bootstrap`;
}
/**
 * Pure: the image config and manifest for `base` plus `layer` (holding `bootstrapPath`). The
 * manifest keeps the base's family (OCI or Docker schema 2) so its media types stay consistent.
 */
function assembleImage(base, layer, bootstrapPath, createdSeconds) {
    const created = new Date(createdSeconds * 1000).toISOString();
    const docker = base.manifestMediaType === MediaType.DockerManifest;
    const baseRun = base.config.config ?? {};
    const hasEntrypoint = Array.isArray(baseRun.Entrypoint) && baseRun.Entrypoint.length > 0;
    const run = hasEntrypoint
        ? { ...baseRun, Cmd: [HANDLER] }
        : { ...baseRun, Entrypoint: [bootstrapPath], Cmd: null };
    const config = {
        ...base.config,
        created,
        config: run,
        rootfs: {
            type: 'layers',
            diff_ids: [...(base.config.rootfs?.diff_ids ?? []), layer.diffId],
        },
        ...(base.config.history !== undefined && {
            history: [
                ...base.config.history,
                {
                    created,
                    created_by: `rust-lambda-action: COPY bootstrap ${bootstrapPath} (0755); CMD ${JSON.stringify(run.Cmd)}`,
                },
            ],
        }),
    };
    const configBytes = Buffer.from(JSON.stringify(config));
    const configDescriptor = {
        mediaType: docker ? MediaType.DockerConfig : MediaType.OciConfig,
        digest: sha256Digest(configBytes),
        size: configBytes.length,
    };
    const layerDescriptor = {
        mediaType: docker ? MediaType.DockerLayerGzip : MediaType.OciLayerGzip,
        digest: layer.digest,
        size: layer.size,
    };
    const manifestMediaType = docker ? MediaType.DockerManifest : MediaType.OciManifest;
    const manifest = {
        schemaVersion: 2,
        mediaType: manifestMediaType,
        config: configDescriptor,
        layers: [...base.manifest.layers, layerDescriptor],
        ...(!docker && {
            annotations: {
                'org.opencontainers.image.base.digest': base.digest,
                'org.opencontainers.image.base.name': base.name,
            },
        }),
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    return {
        config: configBytes,
        configDescriptor,
        layerDescriptor,
        manifest: manifestBytes,
        manifestMediaType,
        digest: sha256Digest(manifestBytes),
        size: configBytes.length + manifest.layers.reduce((sum, l) => sum + l.size, 0),
    };
}

// EXTERNAL MODULE: ./src/util/image-reference.ts
var image_reference = __webpack_require__(73269);
;// CONCATENATED MODULE: ./src/publish/registry/auth.ts
/**
 * Pure: registry authentication as the distribution spec describes it. A 401 carries a
 * `WWW-Authenticate` challenge: `Basic realm="..."` (htpasswd registries, Amazon ECR) wants the
 * username and password on every request; `Bearer realm="...",service="...",scope="..."` wants a
 * token from `realm`, asked for with `service` and one `scope` per repository and action, sent
 * with the username and password as Basic credentials when there are any (anonymous otherwise).
 */
/** Parses a `WWW-Authenticate` header; undefined when it is missing or of an unknown scheme. */
function parseChallenge(header) {
    if (header === undefined)
        return undefined;
    const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
    if (!m)
        return undefined;
    const scheme = m[1].toLowerCase();
    const params = {};
    for (const p of m[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
        params[p[1].toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
    }
    if (scheme === 'basic')
        return { scheme: 'basic', realm: params.realm };
    if (scheme === 'bearer' && params.realm) {
        return { scheme: 'bearer', realm: params.realm, service: params.service, scope: params.scope };
    }
    return undefined;
}
/** The token endpoint URL for a Bearer challenge and the scopes a request needs. */
function tokenUrl(challenge, scopes) {
    const url = new URL(challenge.realm);
    if (challenge.service !== undefined)
        url.searchParams.set('service', challenge.service);
    for (const scope of scopes)
        url.searchParams.append('scope', scope);
    return url.toString();
}
/** The token in a token endpoint's answer (`token`, or OAuth2's `access_token`). */
function tokenFrom(body) {
    try {
        const json = JSON.parse(body);
        const token = json.token ?? json.access_token;
        return typeof token === 'string' && token !== '' ? token : undefined;
    }
    catch {
        return undefined;
    }
}
function basicHeader(credentials) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
/** `repository:<name>:pull` / `repository:<name>:pull,push`. */
function repositoryScope(repository, push) {
    return `repository:${repository}:${push ? 'pull,push' : 'pull'}`;
}
/** The error code and message of a registry's JSON error body, else the start of the body. */
function registryErrorText(status, body) {
    try {
        const json = JSON.parse(body);
        const first = json.errors?.[0];
        if (first)
            return `HTTP ${status} ${first.code ?? ''}${first.message ? `: ${first.message}` : ''}`.trim();
    }
    catch {
        // not JSON: fall through
    }
    const text = body.trim().replace(/\s+/g, ' ').slice(0, 200);
    return text ? `HTTP ${status}: ${text}` : `HTTP ${status}`;
}

;// CONCATENATED MODULE: ./src/publish/registry/blobs.ts

/** Makes sure the repository has blob `descriptor`: HEAD, then mount, then upload. */
async function ensureBlob(target, repository, descriptor, source) {
    const digest = descriptor.digest;
    const push = [repositoryScope(repository, true)];
    const head = await target.send({
        step: `check blob ${digest}`,
        repository,
        method: 'HEAD',
        url: `/v2/${repository}/blobs/${digest}`,
        scopes: push,
        ok: [200, 404],
    });
    await head.response.readBody();
    if (head.status === 200)
        return 'present';
    let location;
    if (source.kind === 'base' && source.client === target && source.repository !== repository) {
        const scopes = [...push, repositoryScope(source.repository, false)];
        const res = await target.send({
            step: `mount blob ${digest} from ${source.repository}`,
            repository,
            method: 'POST',
            url: `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(source.repository)}`,
            scopes,
            ok: [201, 202],
        });
        await res.response.readBody();
        if (res.status === 201)
            return 'mounted';
        // 202: the registry would not mount, and opened an upload session instead.
        location = headerOf(res.headers, 'location');
    }
    if (location === undefined) {
        const res = await target.send({
            step: `start upload of blob ${digest}`,
            repository,
            method: 'POST',
            url: `/v2/${repository}/blobs/uploads/`,
            scopes: push,
            ok: [202],
        });
        await res.response.readBody();
        location = headerOf(res.headers, 'location');
    }
    if (location === undefined) {
        target.fail({ step: `start upload of blob ${digest}`, repository }, 'the registry gave no upload Location.');
    }
    const url = new URL(location, target.endpoint.origin);
    url.searchParams.set('digest', digest);
    const body = source.kind === 'buffer'
        ? source.data
        : async () => {
            const res = await source.client.send({
                step: `download base layer ${digest}`,
                repository: source.repository,
                method: 'GET',
                url: `/v2/${source.repository}/blobs/${digest}`,
                scopes: [repositoryScope(source.repository, false)],
                ok: [200],
            });
            return res.response.message;
        };
    const put = await target.send({
        step: `upload blob ${digest}`,
        repository,
        method: 'PUT',
        url: url.toString(),
        headers: {
            'content-type': 'application/octet-stream',
            'content-length': String(descriptor.size),
        },
        body,
        scopes: push,
        ok: [201],
    });
    await put.response.readBody();
    return 'pushed';
}
function headerOf(headers, name) {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
}

;// CONCATENATED MODULE: ./src/publish/registry/push.ts
/**
 * Container images without Docker: each function's `bootstrap` becomes one reproducible layer on
 * top of the base image, pushed with the distribution API in the order the spec allows to skip
 * work: `HEAD` every blob first; base layers mounted from the base's repository when it is on the
 * same registry, else streamed from the base's registry; then our layer and the config. The
 * manifest goes last and separately (`putManifest`), after the smoke test has run the bootstrap
 * read back from the pushed layer, so a failing function leaves no tag behind.
 */







/** Builds the image of one function and pushes its blobs; reads `bootstrap` back from the pushed layer. */
async function prepareImage(sessions, job, deps) {
    const started = deps.now();
    const { repository: repo, mtimeSeconds } = sessions.settings;
    const base = await sessions.base(job.architecture);
    const bootstrapInImage = bootstrapPathFor(base.config);
    const binary = await external_node_fs_.promises.readFile(job.binaryPath);
    const layer = await buildLayer([{ path: bootstrapInImage, mode: 0o755, content: binary }], mtimeSeconds);
    const image = assembleImage(base, layer, bootstrapInImage, mtimeSeconds);
    const target = await sessions.targetClient();
    const baseClient = await sessions.baseRegistry();
    const repository = repo.repository;
    const counts = { total: base.manifest.layers.length + 1, pushed: 0, mounted: 0, present: 0 };
    let bytesPushed = 0;
    for (const descriptor of base.manifest.layers) {
        const outcome = await ensureBlob(target, repository, descriptor, {
            kind: 'base',
            client: baseClient,
            repository: sessions.settings.base.repository,
        });
        counts[outcome] += 1;
        if (outcome === 'pushed')
            bytesPushed += descriptor.size;
    }
    const ours = await ensureBlob(target, repository, image.layerDescriptor, {
        kind: 'buffer',
        data: layer.blob,
    });
    counts[ours] += 1;
    if (ours === 'pushed')
        bytesPushed += layer.size;
    const config = await ensureBlob(target, repository, image.configDescriptor, {
        kind: 'buffer',
        data: image.config,
    });
    if (config === 'pushed')
        bytesPushed += image.config.length;
    const bootstrapPath = await readBackBootstrap(target, repository, layer.digest, bootstrapInImage, job.outDir);
    const baseSize = base.manifest.layers.reduce((sum, l) => sum + l.size, base.manifest.config.size);
    deps.info(`${job.bin}: image ${image.digest} (${image.size} bytes, base ${baseSize}); layers: ${counts.pushed} pushed, ${counts.mounted} mounted, ${counts.present} already present`);
    return {
        bin: job.bin,
        registry: repo.registry,
        repository,
        tag: job.tag,
        uri: (0,image_reference/* imageUri */.W_)(repo, image.digest),
        digest: image.digest,
        manifest: image.manifest,
        manifestMediaType: image.manifestMediaType,
        size: image.size,
        baseSize,
        base: `${base.name.replace(/@sha256:[a-f0-9]+$/, '')}@${base.digest}`,
        layers: counts,
        bytesPushed,
        bootstrapInImage,
        bootstrapPath,
        ms: deps.now() - started,
    };
}
/** GETs our layer back from the repository, checks its digest, and writes `bootstrap` from it. */
async function readBackBootstrap(target, repository, digest, bootstrapInImage, outDir) {
    const step = `read back layer ${digest}`;
    const blob = await target.getBuffer({
        step,
        repository,
        url: `/v2/${repository}/blobs/${digest}`,
        scopes: [repositoryScope(repository, false)],
        ok: [200],
    });
    if (sha256Digest(blob) !== digest)
        target.fail({ step, repository }, 'the layer read back does not match its digest.');
    const file = await readLayerFile(blob, bootstrapInImage);
    if (file === undefined)
        target.fail({ step, repository }, `the layer holds no ${bootstrapInImage}.`);
    await external_node_fs_.promises.mkdir(outDir, { recursive: true });
    const out = external_node_path_.join(outDir, 'bootstrap');
    await external_node_fs_.promises.rm(out, { force: true });
    await external_node_fs_.promises.writeFile(out, file.content, { mode: file.mode });
    await external_node_fs_.promises.chmod(out, file.mode);
    return out;
}
/**
 * Puts the manifest under its tag (or its digest), unless the repository already has this very
 * manifest there: a second run of the same build puts nothing.
 */
async function putManifest(sessions, image, deps) {
    const started = deps.now();
    const target = await sessions.targetClient();
    const { repository, digest } = image;
    const reference = image.tag ?? digest;
    const scopes = [repositoryScope(repository, true)];
    const head = await target.send({
        step: `check manifest ${reference}`,
        repository,
        method: 'HEAD',
        url: `/v2/${repository}/manifests/${reference}`,
        headers: { accept: MANIFEST_ACCEPT },
        scopes,
        ok: [200, 404],
    });
    await head.response.readBody();
    const current = headerOf(head.headers, 'docker-content-digest');
    if (head.status === 200 && current === digest) {
        return { ...image, manifestPut: false, ms: image.ms + deps.now() - started };
    }
    const step = `put manifest ${reference}`;
    const put = await target.send({
        step,
        repository,
        method: 'PUT',
        url: `/v2/${repository}/manifests/${reference}`,
        headers: { 'content-type': image.manifestMediaType },
        body: image.manifest,
        scopes,
        ok: [201],
        fix: image.tag ? 'If the repository has immutable tags, give a new image-tag.' : undefined,
    });
    await put.response.readBody();
    const stored = headerOf(put.headers, 'docker-content-digest');
    if (stored !== undefined && stored !== digest) {
        target.fail({ step, repository }, `the registry stored it as ${stored}, not ${digest}.`);
    }
    return {
        ...image,
        manifestPut: true,
        bytesPushed: image.bytesPushed + image.manifest.length,
        ms: image.ms + deps.now() - started,
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var dist_cjs = __webpack_require__(28249);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(44942);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
;// CONCATENATED MODULE: ./src/publish/registry/client.ts
/**
 * A small client for the OCI distribution HTTP API (`/v2/...`) of one registry: authentication
 * on the registry's challenge (Basic, or a Bearer token per set of scopes), and errors that name
 * the registry, the repository and the step. @actions/http-client does the HTTP: it honours the
 * runner's proxy settings and drops the Authorization header when a blob download is redirected to
 * another host (registries hand blobs out from object storage).
 */




const USER_AGENT = 'rust-lambda-action';
const MISSING_REPOSITORY_FIX = 'Check image-repository: the repository must exist (Amazon ECR: aws ecr create-repository --repository-name <name>).';
/** A stalled registry fails the step instead of hanging the job. */
const SOCKET_TIMEOUT_MS = 120_000;
function makeHttpClient() {
    return new lib/* HttpClient */.Qq(USER_AGENT, [], {
        socketTimeout: SOCKET_TIMEOUT_MS,
        allowRetries: true,
        maxRetries: 2,
    });
}
class RegistryClient {
    endpoint;
    http;
    authorization;
    tokens = new Map();
    bearer;
    constructor(endpoint, http = makeHttpClient()) {
        this.endpoint = endpoint;
        this.http = http;
    }
    get registry() {
        return this.endpoint.registry;
    }
    /** Sends `req`, answering one 401 challenge; throws RegistryError for any status not in `ok`. */
    async send(req) {
        let res = await this.raw(req, this.authFor(req.scopes));
        if (res.status === 401) {
            await res.response.readBody();
            const header = res.headers['www-authenticate'];
            const challenge = parseChallenge(Array.isArray(header) ? header[0] : header);
            if (challenge === undefined)
                this.fail(req, 'HTTP 401 without a usable WWW-Authenticate challenge.');
            res = await this.raw(req, await this.authenticate(challenge, req));
            if (res.status === 401) {
                const body = await res.response.readBody();
                this.fail(req, `${registryErrorText(401, body)} (the registry refused the credentials).`, this.endpoint.credentialsFix);
            }
        }
        if (!req.ok.includes(res.status)) {
            const body = req.method === 'HEAD' ? '' : await res.response.readBody();
            const text = registryErrorText(res.status, body);
            const fix = [
                req.fix ?? (/NAME_UNKNOWN/.test(text) ? MISSING_REPOSITORY_FIX : undefined),
                res.status === 403 ? this.endpoint.credentialsFix : undefined,
            ];
            this.fail(req, `${text}.`, fix.filter(Boolean).join(' '));
        }
        return res;
    }
    /** GET with the whole body in memory (manifests, configs, small layers). */
    async getBuffer(req) {
        const res = await this.send({ ...req, method: 'GET' });
        return readAll(res.response);
    }
    fail(req, detail, fix) {
        throw new errors/* RegistryError */.gl(this.endpoint.registry, req.repository, req.step, detail, fix || undefined);
    }
    authFor(scopes) {
        if (this.bearer !== undefined)
            return this.tokens.get(scopeKey(scopes));
        return this.authorization;
    }
    async authenticate(challenge, req) {
        const credentials = this.endpoint.credentials;
        if (challenge.scheme === 'basic') {
            if (credentials === undefined) {
                this.fail(req, 'the registry asks for a username and password and none was given.', this.endpoint.credentialsFix);
            }
            this.authorization = basicHeader(credentials);
            return this.authorization;
        }
        this.bearer = challenge;
        const url = tokenUrl(challenge, req.scopes);
        let res;
        try {
            res = await this.http.get(url, credentials ? { authorization: basicHeader(credentials) } : {});
        }
        catch (e) {
            this.fail(req, `the token service ${new URL(challenge.realm).host} could not be reached: ${messageOf(e)}.`);
        }
        const body = await res.readBody();
        const status = res.message.statusCode ?? 0;
        if (status === 401 || status === 403) {
            this.fail(req, `the token service refused the credentials (${registryErrorText(status, body)}).`, this.endpoint.credentialsFix);
        }
        const token = status === 200 ? tokenFrom(body) : undefined;
        if (token === undefined)
            this.fail(req, `the token service answered ${registryErrorText(status, body)}.`);
        const header = `Bearer ${token}`;
        this.tokens.set(scopeKey(req.scopes), header);
        return header;
    }
    async raw(req, authorization) {
        const url = new URL(req.url, this.endpoint.origin).toString();
        const headers = { ...req.headers };
        if (authorization !== undefined)
            headers.authorization = authorization;
        let body = null;
        if (Buffer.isBuffer(req.body)) {
            headers['content-length'] = String(req.body.length);
            body = external_node_stream_.Readable.from([req.body]);
        }
        else if (req.body !== undefined) {
            body = await req.body();
        }
        else if (req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH') {
            headers['content-length'] = '0';
        }
        try {
            const response = await this.http.request(req.method, url, body, headers);
            return {
                status: response.message.statusCode ?? 0,
                headers: response.message.headers,
                response,
            };
        }
        catch (e) {
            this.fail(req, `could not reach ${new URL(url).host}: ${messageOf(e)}.`);
        }
    }
}
/** The whole body of a response. */
async function readAll(response) {
    const chunks = [];
    for await (const chunk of response.message)
        chunks.push(chunk);
    return Buffer.concat(chunks);
}
function scopeKey(scopes) {
    return [...scopes].sort().join(' ');
}
function messageOf(e) {
    if (e instanceof Error) {
        const code = e.code;
        return typeof code === 'string' && !e.message.includes(code)
            ? `${code} ${e.message}`
            : e.message;
    }
    return String(e);
}

;// CONCATENATED MODULE: ./src/publish/registry/base.ts
/**
 * The base image of `base-image` for one architecture: its manifest (picked from its index when it
 * has one) and config, fetched and checked against their digests.
 */




/** Fetches the base's manifest for `linux/<architecture>` (from its index when it has one) and config. */
async function resolveBase(client, ref, architecture) {
    const name = `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
    const repository = ref.repository;
    const scopes = [repositoryScope(repository, false)];
    const fix = 'Check base-image: the registry must be reachable and hold that image.';
    const fetchManifest = async (reference, step) => {
        const res = await client.send({
            step,
            repository,
            method: 'GET',
            url: `/v2/${repository}/manifests/${reference}`,
            headers: { accept: MANIFEST_ACCEPT },
            scopes,
            ok: [200],
            fix,
        });
        const bytes = await readAll(res.response);
        const digest = sha256Digest(bytes);
        if (reference.startsWith('sha256:') && digest !== reference) {
            client.fail({ step, repository }, `the manifest's digest is ${digest}, not ${reference}.`);
        }
        const contentType = String(res.headers['content-type'] ?? '')
            .split(';')[0]
            ?.trim();
        const body = parseJson(bytes, () => client.fail({ step, repository }, 'the manifest is not JSON.'));
        return { body, digest, mediaType: body.mediaType ?? contentType ?? MediaType.OciManifest };
    };
    let top = await fetchManifest(ref.digest ?? ref.tag ?? 'latest', `fetch base manifest ${name}`);
    if (isIndex(top.mediaType, top.body)) {
        const picked = pickPlatform(top.body, architecture);
        if ('available' in picked) {
            client.fail({ step: `pick linux/${PlatformArchitecture[architecture]} from base ${name}`, repository }, `the index has only ${picked.available.join(', ') || 'no manifests'}.`, 'Name a base-image with a manifest for the function architecture.');
        }
        top = await fetchManifest(picked.descriptor.digest, `fetch base manifest ${picked.descriptor.digest}`);
    }
    if (top.mediaType !== MediaType.OciManifest && top.mediaType !== MediaType.DockerManifest) {
        client.fail({ step: `read base manifest ${name}`, repository }, `its media type ${top.mediaType} is not an OCI or Docker schema 2 image manifest.`);
    }
    const configStep = `fetch base config ${top.body.config.digest}`;
    const configBytes = await client.getBuffer({
        step: configStep,
        repository,
        url: `/v2/${repository}/blobs/${top.body.config.digest}`,
        scopes,
        ok: [200],
    });
    if (sha256Digest(configBytes) !== top.body.config.digest) {
        client.fail({ step: configStep, repository }, 'the config does not match its digest.');
    }
    const config = parseJson(configBytes, () => client.fail({ step: configStep, repository }, 'the config is not JSON.'));
    const wanted = PlatformArchitecture[architecture];
    if ((config.os ?? 'linux') !== 'linux' ||
        (config.architecture !== undefined && config.architecture !== wanted)) {
        client.fail({ step: `check base ${name}`, repository }, `the base is ${config.os}/${config.architecture}, the function is linux/${wanted}.`, 'Name a base-image for the function architecture (or an index that has it).');
    }
    return { manifest: top.body, manifestMediaType: top.mediaType, digest: top.digest, config, name };
}
function parseJson(bytes, fail) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        return fail();
    }
}

;// CONCATENATED MODULE: ./src/publish/registry/ecr.ts
/**
 * Amazon ECR logins: `GetAuthorizationToken` gives a base64 `AWS:<password>` pair valid for 12 hours
 * and the registry's endpoint (`proxyEndpoint`), which is where the registry API is then called.
 */


const ECR_CREDENTIALS_FIX = 'The AWS credentials need ecr:GetAuthorizationToken, and on the repository ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage and ecr:BatchGetImage (set them up with aws-actions/configure-aws-credentials before this step).';
async function ecrLogin(client, registry, repository, ecr, setSecret) {
    const step = 'get an authorization token (ecr:GetAuthorizationToken)';
    let data;
    try {
        const out = await client.send(new dist_cjs/* GetAuthorizationTokenCommand */.Eu6({ registryIds: [ecr.account] }));
        data = out.authorizationData?.[0];
    }
    catch (e) {
        const name = e instanceof Error ? e.name : 'Error';
        const message = e instanceof Error ? e.message : String(e);
        throw new errors/* RegistryError */.gl(registry, repository, step, `${name}: ${message}.`, ECR_CREDENTIALS_FIX);
    }
    const token = data?.authorizationToken;
    if (token === undefined) {
        throw new errors/* RegistryError */.gl(registry, repository, step, 'the answer holds no authorizationToken.');
    }
    setSecret(token);
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
        throw new errors/* RegistryError */.gl(registry, repository, step, 'the token is not a user:password pair.');
    const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    setSecret(credentials.password);
    const origin = (data?.proxyEndpoint ?? `https://${registry}`).replace(/\/+$/, '');
    return { credentials, origin };
}

;// CONCATENATED MODULE: ./src/publish/registry/sessions.ts
/** The registry clients of one run, and the seams of the image push (`deps`). */






function defaultDeps(overrides = {}) {
    return {
        http: makeHttpClient,
        ecrClient: (region) => new dist_cjs/* ECRClient */.S70({ region, customUserAgent: 'rust-lambda-action' }),
        setSecret: (secret) => core/* setSecret */.Pq(secret),
        info: (line) => core/* info */.pq(line),
        now: () => Date.now(),
        ...overrides,
    };
}
const INPUT_CREDENTIALS_FIX = 'Check registry-username and registry-password.';
/** The registry clients of one run: one per registry origin, shared by every image. */
class RegistrySessions {
    settings;
    deps;
    target;
    bases = new Map();
    baseClient;
    constructor(settings, deps) {
        this.settings = settings;
        this.deps = deps;
    }
    /** The client of `image-repository`'s registry (an ECR login first for Amazon ECR). */
    targetClient() {
        this.target ??= this.connectTarget();
        return this.target;
    }
    async connectTarget() {
        const repo = this.settings.repository;
        const ecr = (0,image_reference/* ecrRegistry */.gO)(repo.registry);
        if (ecr !== undefined && this.settings.credentials === undefined) {
            const login = await ecrLogin(this.deps.ecrClient(ecr.region), repo.registry, repo.repository, ecr, this.deps.setSecret);
            return new RegistryClient({
                registry: repo.registry,
                origin: login.origin,
                credentials: login.credentials,
                credentialsFix: ECR_CREDENTIALS_FIX,
            }, this.deps.http());
        }
        return new RegistryClient({
            registry: repo.registry,
            origin: repo.origin,
            credentials: this.settings.credentials,
            credentialsFix: INPUT_CREDENTIALS_FIX,
        }, this.deps.http());
    }
    /** The client for the base's registry: the target's when both are one registry, else anonymous. */
    async baseRegistry() {
        const target = await this.targetClient();
        if (sameRegistry(target, this.settings.base))
            return target;
        this.baseClient ??= new RegistryClient({
            registry: this.settings.base.registry,
            origin: this.settings.base.origin,
            credentials: undefined,
            credentialsFix: 'The base image is pulled anonymously: name a public base-image, or push the base to the image-repository registry.',
        }, this.deps.http());
        return this.baseClient;
    }
    /** The base image for one architecture (fetched once per run). */
    base(architecture) {
        let base = this.bases.get(architecture);
        if (base === undefined) {
            base = this.baseRegistry().then((client) => resolveBase(client, this.settings.base, architecture));
            this.bases.set(architecture, base);
        }
        return base;
    }
}
function sameRegistry(client, ref) {
    return client.endpoint.origin === ref.origin || client.endpoint.registry === ref.registry;
}

;// CONCATENATED MODULE: ./src/publish/registry/index.ts
/**
 * `package-type: image`: every function binary becomes an image in `image-repository`. Two steps,
 * so the smoke test sits between them: `pushImages` pushes the blobs and reads each `bootstrap`
 * back from its pushed layer (what the smoke test runs); `tagImages` then puts the manifests.
 * Extensions stay zips: an image holds one function.
 */






/** Pure: the tag of each function's image: `image-tag`, plus `-<bin>` when there are several. */
function imageTags(tag, bins) {
    return new Map(bins.map((bin) => [
        bin,
        tag === undefined || bins.length === 1 ? tag : `${tag}-${bin}`.slice(0, 128),
    ]));
}
async function pushImages(image, artifacts, deps = defaultDeps(), env = process.env) {
    const sessions = new RegistrySessions({
        base: image.base,
        repository: image.repository,
        credentials: image.credentials,
        mtimeSeconds: (0,zip/* sourceDateSeconds */.RC)(env.SOURCE_DATE_EPOCH),
    }, deps);
    const functions = artifacts.filter((a) => a.kind === 'function');
    const tags = imageTags(image.tag, functions.map((a) => a.bin));
    const outRoot = external_node_path_.join(env.RUNNER_TEMP || external_node_os_.tmpdir(), 'rust-lambda-action', 'images');
    const prepared = new Map();
    await core/* group */.Os(`Push images to ${image.repository.registry}/${image.repository.repository}`, async () => {
        // One function after the other: they share the base layers, which the first one pushes.
        for (const a of functions) {
            prepared.set(a.bin, await prepareImage(sessions, {
                bin: a.bin,
                binaryPath: a.binaryPath,
                architecture: a.architecture,
                tag: tags.get(a.bin),
                outDir: external_node_path_.join(outRoot, a.bin),
            }, deps));
        }
    });
    const withImages = (put) => artifacts.map((a) => {
        const p = prepared.get(a.bin);
        return p === undefined ? a : { ...a, image: artifactImage(p, put.get(a.bin)) };
    });
    return {
        artifacts: withImages(new Map()),
        tag: async () => {
            const put = new Map();
            for (const [bin, p] of prepared) {
                const pushed = await putManifest(sessions, p, deps);
                prepared.set(bin, pushed);
                put.set(bin, pushed.manifestPut);
                deps.info(`${bin}: ${pushed.manifestPut ? 'put' : 'already had'} manifest ${pushed.tag ?? pushed.digest} -> ${pushed.uri}`);
            }
            return withImages(put);
        },
    };
}
function artifactImage(p, manifestPut) {
    return {
        uri: p.uri,
        digest: p.digest,
        tag: p.tag,
        size: p.size,
        baseSize: p.baseSize,
        base: p.base,
        layers: p.layers,
        bytesPushed: p.bytesPushed,
        pushMs: p.ms,
        manifestPut,
        bootstrapPath: p.bootstrapPath,
    };
}


/***/ })

};
