export { ShellSource, type ShellCommand, type ShellWord } from "./source.js";
export { loadShellParser } from "./parser.js";
