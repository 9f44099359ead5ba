"use strict";
// jscodeshift -t <this file> --extensions=py,ipynb --target=t4 <paths>: see README.md, "jscodeshift".
let loaded;
module.exports = async function gpuCompat(file, api, options) {
  loaded ??= import("./jscodeshift.js");
  return (await loaded).default(file, api, options);
};
