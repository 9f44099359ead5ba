export * from "./browser.js";
export { loadShellParser } from "./parser.js";
