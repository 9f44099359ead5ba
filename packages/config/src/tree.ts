/**
 * The layout tree both formats are read into: every node with its exact range in the text, every mapping member
 * with its key's range. Offsets are UTF-16 offsets into the decoded text, as everywhere in gpu-compat.
 */

/** How a scalar is written, which decides how a replacement is written. */
export type ScalarStyle = "plain" | "single" | "double" | "block" | "json";

export interface ScalarNode {
  type: "scalar";
  value: unknown;
  start: number;
  end: number;
  style: ScalarStyle;
  /** False for scalars whose text is not only their value (an explicit `!!tag`), which are never rewritten. */
  editable: boolean;
}

export interface MapNode {
  type: "map";
  /** `{...}` (every JSON object, YAML flow mappings) rather than a YAML block mapping. */
  flow: boolean;
  start: number;
  end: number;
  members: MemberNode[];
}

export interface SeqNode {
  type: "seq";
  /** `[...]` rather than a YAML block sequence. */
  flow: boolean;
  start: number;
  end: number;
  items: TreeNode[];
}

/** A YAML alias (`*defaults`) or anything else whose value is not written here. */
export interface OtherNode {
  type: "other";
  start: number;
  end: number;
}

export type TreeNode = ScalarNode | MapNode | SeqNode | OtherNode;

export interface MemberNode {
  key: string;
  keyStart: number;
  keyEnd: number;
  keyStyle: ScalarStyle;
  keyEditable: boolean;
  value: TreeNode;
  /** The mapping holding the member. */
  parent: MapNode;
}

/** A parsed file: one root per document (JSON has one; a YAML stream may have several, or none). */
export interface ParsedTree {
  roots: TreeNode[];
}

/** Where the member's text ends: its value's end, or its key's end for an empty value (`fp16:`). */
export function memberEnd(member: MemberNode): number {
  return Math.max(member.keyEnd, member.value.end);
}
