export { ConfigSource, type ConfigEntry, type ConfigFormat, type ConfigKind } from "./source.js";
