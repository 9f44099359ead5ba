export { KNOWN_PARAMETER_COUNTS } from "./families.js";
export { parametersFromConfig, parametersFromModelId, shapeFromModelId, type ModelConfig, type ParameterCount, type SizeSource } from "./parameters.js";
export {
  availableGiB,
  bytesPerParameter,
  DEFAULT_LORA_FRACTION,
  formatGiBValue,
  formatParameters,
  fullFineTuneGiB,
  inferenceGiB,
  loraGiB,
  quantizedDtype,
  type LoraOptions,
  type WeightDtype,
} from "./memory.js";
export { loadWeightsOf, resolveName, type LoadWeights } from "./load-call.js";
export {
  adapterParameters,
  describeComponents,
  estimateMemory,
  shapeOf,
  type AdapterSpec,
  type ComponentName,
  type MemoryComponent,
  type MemoryEstimate,
  type MemoryRun,
  type ModelShape,
} from "./estimate.js";
