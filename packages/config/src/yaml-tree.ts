import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Node } from "yaml";
import { indentFlowContinuations } from "./flow-indent.js";
import { ConfigSyntaxError } from "./syntax-error.js";
import type { MapNode, ParsedTree, ScalarStyle, TreeNode } from "./tree.js";

/**
 * The options every YAML read and check uses. YAML 1.1 because the Python tools that read these configs use
 * PyYAML, a YAML 1.1 parser (`no`, `on`, `yes` are booleans there); duplicate keys are accepted because PyYAML
 * accepts them (the last one wins).
 */
export const YAML_OPTIONS = { version: "1.1", uniqueKeys: false, prettyErrors: true } as const;

/**
 * Reads a YAML stream into the layout tree. A stream that fails only because a flow collection or quoted scalar
 * goes on less indented than the spec wants (PyYAML reads it) is read from an indented view (flow-indent.ts).
 * Throws a ConfigSyntaxError naming the first problem and where it is.
 */
export function parseYamlTree(text: string): ParsedTree {
  const documents = parseAllDocuments(text, YAML_OPTIONS);
  const error = documents.flatMap((document) => document.errors)[0];
  if (!error) return treeOf(documents);
  const view = indentFlowContinuations(text);
  if (view) {
    const lenient = parseAllDocuments(view.text, YAML_OPTIONS);
    if (lenient.every((document) => document.errors.length === 0)) return treeOf(lenient, view.toOriginal);
  }
  const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").replace(/:$/, "");
  throw new ConfigSyntaxError(`not valid YAML: ${message}`, error.pos[0]);
}

function treeOf(documents: ReturnType<typeof parseAllDocuments>, toOriginal?: (offset: number) => number): ParsedTree {
  const roots: TreeNode[] = [];
  for (const document of documents) if (document.contents) roots.push(toNode(document.contents as Node));
  if (toOriginal) for (const root of roots) remap(root, toOriginal);
  return { roots };
}

/** Moves a tree read from a view onto the offsets of the file's own text. */
function remap(node: TreeNode, toOriginal: (offset: number) => number): void {
  node.start = toOriginal(node.start);
  node.end = toOriginal(node.end);
  if (node.type === "map") {
    for (const member of node.members) {
      member.keyStart = toOriginal(member.keyStart);
      member.keyEnd = toOriginal(member.keyEnd);
      remap(member.value, toOriginal);
    }
  } else if (node.type === "seq") for (const item of node.items) remap(item, toOriginal);
}

function rangeOf(node: Node): { start: number; end: number } {
  const [start, end] = node.range ?? [0, 0];
  return { start, end };
}

function toNode(node: Node): TreeNode {
  if (isScalar(node)) {
    const style = styleOf(node);
    return { type: "scalar", value: node.value, ...rangeOf(node), style, editable: node.tag === undefined && style !== "block" };
  }
  if (isMap(node)) {
    const map: MapNode = { type: "map", flow: !!node.flow, ...rangeOf(node), members: [] };
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue; // complex keys (`? [a, b]`) cannot be addressed by a path
      const key = pair.key;
      const keyRange = rangeOf(key);
      const value: TreeNode = pair.value
        ? toNode(pair.value as Node)
        : { type: "scalar", value: null, start: keyRange.end, end: keyRange.end, style: "plain", editable: false };
      const keyStyle = styleOf(key);
      map.members.push({
        key: String(key.value),
        keyStart: keyRange.start,
        keyEnd: keyRange.end,
        keyStyle,
        keyEditable: key.tag === undefined && keyStyle !== "block",
        value,
        parent: map,
      });
    }
    return map;
  }
  if (isSeq(node)) {
    return { type: "seq", flow: !!node.flow, ...rangeOf(node), items: node.items.map((item) => (item ? toNode(item as Node) : { type: "other", start: 0, end: 0 })) };
  }
  if (isAlias(node)) return { type: "other", ...rangeOf(node) };
  return { type: "other", ...rangeOf(node) };
}

function styleOf(scalar: Scalar): ScalarStyle {
  switch (scalar.type) {
    case Scalar.QUOTE_SINGLE:
      return "single";
    case Scalar.QUOTE_DOUBLE:
      return "double";
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return "block";
    default:
      return "plain";
  }
}
