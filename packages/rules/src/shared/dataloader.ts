import { type ImportMap, type PythonSource, type SyntaxNode } from "@gpu-compat/python";

const DATALOADERS = new Set(["torch.utils.data.DataLoader", "torch.utils.data.dataloader.DataLoader"]);

/** Every call of PyTorch's DataLoader in the file, under its own name or an import alias. */
export function* dataLoaderCalls(source: PythonSource): Generator<SyntaxNode> {
  for (const { call, callee } of source.callsNamed(dataLoaderNames(source.imports))) if (isDataLoader(callee, source.imports)) yield call;
}

/** "DataLoader" and the local names it is imported as (`from torch.utils.data import DataLoader as DL`). */
function dataLoaderNames(imports: ImportMap): string[] {
  return ["DataLoader", ...[...imports.bindings].filter(([local, target]) => local !== "DataLoader" && DATALOADERS.has(target)).map(([local]) => local)];
}

function isDataLoader(callee: SyntaxNode, imports: ImportMap): boolean {
  if (DATALOADERS.has(imports.qualifiedName(callee) ?? "")) return true;
  // `from torch.utils.data import *` makes the bare name torch's.
  return callee.text === "DataLoader" && !imports.bindings.has("DataLoader") && imports.wildcardModules.includes("torch.utils.data");
}
