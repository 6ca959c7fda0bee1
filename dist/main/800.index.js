export const id = 800;
export const ids = [800];
export const modules = {

/***/ 83800:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deployFunctions: () => (/* binding */ deployFunctions)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);

async function deployFunctions(_config, _deploy, _artifacts, _smoke) {
    await Promise.resolve();
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ('Deploying is not implemented yet.');
}


/***/ })

};
