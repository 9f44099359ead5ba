// Everything of @gpu-compat/shell that runs in a browser too (no Node module): the playground bundles this.
// index.ts adds the Node loading of the grammar.
export { ShellSource, type ShellAssignment, type ShellCommand, type ShellWord, type WordPart } from "./source.js";
export { isStatic, programName, rangeOf } from "./words.js";
export { flagUses, flagValue, looksLikeOption, removeFlagEdit, type FlagUse, type FlagValue } from "./flags.js";
export { pythonLaunch, type Launcher, type PythonLaunch } from "./launch.js";
export { makefileScript } from "./makefile.js";
export { scriptView } from "./script-view.js";
export { markdownScript, markdownShellText } from "./markdown.js";
export { dockerfileScript } from "./dockerfile.js";
