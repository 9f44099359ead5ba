export {
  ConfigSource,
  formatPath,
  parseConfig,
  type ConfigEntry,
  type ConfigFormat,
  type ConfigKey,
  type ConfigKind,
  type ConfigPath,
} from "./source.js";
export { detectKind, KIND_MARKERS, kindMarkers, type TopLevel } from "./kind.js";
export type { ScalarValue } from "./format.js";
