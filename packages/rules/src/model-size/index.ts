export { KNOWN_PARAMETER_COUNTS } from "./families.js";
export { parametersFromConfig, parametersFromModelId, type ModelConfig, type ParameterCount, type SizeSource } from "./parameters.js";
export { availableGiB, formatGiBValue, formatParameters, inferenceGiB, type WeightDtype } from "./memory.js";
