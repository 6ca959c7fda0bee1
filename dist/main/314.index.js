export const id = 314;
export const ids = [314];
export const modules = {

/***/ 85314:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ArchiveStreamUnavailable: () => (/* binding */ ArchiveStreamUnavailable),
/* harmony export */   archiveFolderDigest: () => (/* binding */ archiveFolderDigest)
/* harmony export */ });
/* unused harmony export relativeTo */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(38522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(56118);
/* harmony import */ var _content_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(30558);
/**
 * The `.` digest (tools/content.ts) of the folder a verified archive extracts to, read from the
 * archive as a stream: nothing is written to disk. Without content pins, a tool folder found in the
 * runner tool cache is checked against this (tools/obtain.ts): it costs the decompression alone.
 * Extracting Zig to disk and digesting the copy wrote 18,100 files (380 MB) and read them back:
 * about twice the time, most of it in the file system.
 *
 * The entries are taken as `tar` extracts them: `./` and leading `/` dropped; folders left out of
 * the listing; a later entry for the same path replaces an earlier one; a hard link is a file with
 * its target's bytes; a symlink is listed with its target; devices and FIFOs as `other`. tar-stream
 * parses the archive (a well-kept library, already the image layers' writer); gzip is Node's zlib,
 * xz is the `xz` program (Node has none; `tar -J` needs it too), started with `-T0` so that an
 * archive of several blocks is decompressed on every core.
 */







/** Thrown when the archive cannot be read this way (no `xz` on the runner): extract it instead. */
class ArchiveStreamUnavailable extends Error {
}
/** The digest of the folder `archive` extracts to under `layout` (see the module comment). */
async function archiveFolderDigest(archive, layout) {
    const items = new Map();
    const extract = tar_stream__WEBPACK_IMPORTED_MODULE_5__.extract();
    extract.on('entry', (header, stream, next) => {
        const rel = relativeTo(layout.root, header.name);
        const take = (item) => {
            if (item !== undefined)
                items.set(item.rel, item);
            next();
        };
        if (rel === undefined ||
            rel === _content_js__WEBPACK_IMPORTED_MODULE_6__/* .LegacyMarker */ .m4 ||
            header.type === 'directory' ||
            !(layout.keeps?.(rel) ?? true)) {
            stream.on('end', () => take(undefined));
            stream.resume();
            return;
        }
        if (header.type === 'file' || header.type === 'contiguous-file') {
            const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createHash)('sha256');
            stream.on('data', (chunk) => hash.update(chunk));
            stream.on('end', () => take({ rel, kind: 'file', value: hash.digest('hex') }));
            return;
        }
        stream.on('end', () => {
            if (header.type === 'symlink')
                take({ rel, kind: 'link', value: header.linkname ?? '' });
            else if (header.type === 'link') {
                // A hard link to an earlier entry: tar extracts the same bytes under this path.
                const target = items.get(relativeTo(layout.root, header.linkname ?? '') ?? '');
                take(target?.kind === 'file' ? { ...target, rel } : { rel, kind: 'other' });
            }
            else
                take({ rel, kind: 'other' });
        });
        stream.resume();
    });
    const source = decompressed(archive, layout.compression);
    await Promise.all([(0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)(source.stream, extract), source.done]);
    return (0,_content_js__WEBPACK_IMPORTED_MODULE_6__/* .digestOfListing */ .aW)([...items.values()].sort(_content_js__WEBPACK_IMPORTED_MODULE_6__/* .byPath */ .f2));
}
/** Pure: `name` relative to the archive folder `root`, as tar extracts it; undefined outside it. */
function relativeTo(root, name) {
    const clean = name
        .replace(/^(?:\.?\/)+/, '')
        .replace(/\/+$/, '')
        .replace(/\/(?:\.\/)+/g, '/');
    if (root === '')
        return clean === '' ? undefined : clean;
    return clean.startsWith(`${root}/`) ? clean.slice(root.length + 1) : undefined;
}
/** The archive's tar stream, and when the decompressor is through (rejects if it failed). */
function decompressed(archive, compression) {
    if (compression === 'gzip') {
        return {
            stream: node_fs__WEBPACK_IMPORTED_MODULE_2__.createReadStream(archive).pipe(node_zlib__WEBPACK_IMPORTED_MODULE_4__.createGunzip()),
            done: Promise.resolve(),
        };
    }
    const xz = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('xz', ['--decompress', '--stdout', '--threads=0', archive], {
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    xz.stderr.on('data', (d) => (stderr += d.toString()));
    const done = new Promise((resolve, reject) => {
        xz.on('error', (e) => {
            const error = e.code === 'ENOENT'
                ? new ArchiveStreamUnavailable('xz is not installed')
                : new Error(`xz could not start: ${e.message}`);
            xz.stdout.destroy(error);
            reject(error);
        });
        xz.on('close', (code) => code === 0 ? resolve() : reject(new Error(`xz failed (${code}): ${stderr.trim()}`)));
    });
    return { stream: xz.stdout, done };
}


/***/ })

};
