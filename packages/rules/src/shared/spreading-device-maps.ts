import { keywordValue, type PythonSource, type SyntaxNode } from "@gpu-compat/python";

/** `device_map` values with which accelerate spreads one model over every visible GPU. */
const SPREADING = new Set(["auto", "balanced", "balanced_low_0", "sequential"]);

/** A call that passes `device_map` a spreading value, directly or through a name. */
export interface SpreadingLoad {
  call: SyntaxNode;
  /** The `device_map=...` keyword as written. */
  keyword: SyntaxNode;
  value: string;
}

/** The calls in a file that pass `device_map="auto"` (or another spreading value), in source order. */
export function spreadingLoads(source: PythonSource): SpreadingLoad[] {
  const loads: SpreadingLoad[] = [];
  for (const node of source.occurrences("device_map")) {
    const keyword = node.parent;
    if (keyword?.type !== "keyword_argument" || keyword.childForFieldName("name")?.startIndex !== node.startIndex) continue;
    const call = keyword.parent?.parent;
    const valueNode = keywordValue(keyword);
    const value = valueNode ? source.semantic.stringConstant(valueNode) : undefined;
    if (call?.type === "call" && value !== undefined && SPREADING.has(value)) loads.push({ call, keyword, value });
  }
  return loads;
}
