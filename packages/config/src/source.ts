import type { TextEdit } from "@gpu-compat/python";
import { formatScalar, type ScalarValue } from "./format.js";
import { parseJsonTree } from "./json-tree.js";
import { detectKind } from "./kind.js";
import { removeMemberEdit } from "./removal.js";
import { ConfigSyntaxError } from "./syntax-error.js";
import type { MemberNode, ParsedTree, ScalarNode, TreeNode } from "./tree.js";
import { parseYamlTree } from "./yaml-tree.js";

export type ConfigFormat = "yaml" | "json";

/** What a training config is, told from its keys (not only its file name); `detectKind` lists the key sets. */
export type ConfigKind =
  | "accelerate" // accelerate config: compute_environment, distributed_type, mixed_precision, num_processes
  | "deepspeed" // DeepSpeed JSON: zero_optimization, bf16/fp16 blocks, train_micro_batch_size_per_gpu
  | "axolotl" // Axolotl YAML: base_model + datasets + bf16/flash_attention/adapter...
  | "llama-factory" // LLaMA-Factory YAML: model_name_or_path + stage/finetuning_type/template...
  | "training-arguments" // a Hugging Face TrainingArguments JSON/YAML: output_dir + per_device_train_batch_size...
  | "litgpt" // a LitGPT config (`litgpt finetune --config`): out_dir + precision + checkpoint_dir/model_name/devices...
  | "torchtune" // a torchtune recipe config (`tune run RECIPE --config`): checkpointer + model/tokenizer mappings with `_component_`
  | "model-config" // a model's config.json: architectures/model_type + torch_dtype
  | "unknown";

export type ConfigPath = readonly (string | number)[];

/** One scalar leaf of the document: `mixed_precision: bf16`, `"bf16": {"enabled": true}` -> path ["bf16", "enabled"]. */
export interface ConfigEntry {
  path: (string | number)[];
  /** The parsed scalar (string, number, boolean, null). */
  value: unknown;
  /** The scalar token's range in the text (quotes included); empty for an empty YAML value (`fp16:`). */
  valueStart: number;
  valueEnd: number;
  /** The key token's range (for entries in a mapping). */
  keyStart?: number;
  keyEnd?: number;
}

/** A key of a mapping, whatever its value holds: `"bf16"` in `"bf16": {"enabled": true}`. */
export interface ConfigKey {
  path: (string | number)[];
  keyStart: number;
  keyEnd: number;
  /** What the key holds. */
  holds: "scalar" | "mapping" | "sequence" | "other";
}

const HOLDS = { scalar: "scalar", map: "mapping", seq: "sequence", other: "other" } as const;

/**
 * A YAML or JSON config, parsed with a layout-preserving library (`yaml`'s CST ranges, `jsonc-parser` offsets) so
 * that rules can edit one scalar and leave every other byte, comment and indentation as it was. Rules only read
 * it and ask it for edits; an edit it cannot write with certainty comes back undefined.
 *
 * The constructor throws when the text does not load; `parseConfig` turns that into `{ error }`.
 */
export class ConfigSource {
  private treeCache?: ParsedTree;
  /** A JSON text's top level as JSON.parse reads it, until its kind is told (see the constructor). */
  private plainTop?: Record<string, unknown> | null;
  private entryList?: ConfigEntry[];
  private keyList?: ConfigKey[];
  private readonly scalars = new WeakMap<object, ScalarNode>();
  private readonly members = new WeakMap<object, MemberNode>();
  /** Entries inside `{...}` or `[...]`, where `,[]{}` end a plain scalar. */
  private readonly flowEntries = new WeakSet<object>();
  private detected?: ConfigKind;

  constructor(
    readonly text: string,
    readonly format: ConfigFormat,
  ) {
    // Most JSON a trigger literal lets through is data (logged metrics, results), of no kind a rule reads: the
    // native JSON.parse tells its kind, and the layout tree (a JavaScript scanner, ~10x slower) is built when a
    // rule reads further. A text JSON.parse refuses (NaN, or not valid) is read into the tree now, which throws.
    const plain = format === "json" ? plainJson(text) : undefined;
    if (plain === undefined) this.treeCache = format === "json" ? parseJsonTree(text) : parseYamlTree(text);
    else this.plainTop = plain;
  }

  private get tree(): ParsedTree {
    return (this.treeCache ??= parseJsonTree(this.text));
  }

  /**
   * What the config is; a YAML stream of several documents is "unknown". With duplicate keys the last one counts,
   * as the loaders keep it.
   */
  get kind(): ConfigKind {
    if (this.detected) return this.detected;
    if (this.plainTop !== undefined) {
      const top = this.plainTop;
      this.plainTop = undefined;
      if (top === null) return (this.detected = "unknown");
      const isMapping = (key: string) => isObject(top[key]);
      return (this.detected = detectKind({ keys: new Set(Object.keys(top)), isMapping }));
    }
    const root = this.tree.roots.length === 1 ? this.tree.roots[0] : undefined;
    if (root?.type !== "map") return (this.detected = "unknown");
    const keys = new Set(root.members.map((m) => m.key));
    const isMapping = (key: string) => root.members.findLast((m) => m.key === key)?.value.type === "map";
    return (this.detected = detectKind({ keys, isMapping }));
  }

  /** Every scalar leaf, in document order: values of mappings and items of sequences, at any depth. */
  entries(): ConfigEntry[] {
    if (!this.entryList) this.walk();
    return this.entryList!;
  }

  /** Every key of every mapping, in document order. */
  keys(): ConfigKey[] {
    if (!this.keyList) this.walk();
    return this.keyList!;
  }

  /** The scalar at a path; with duplicate keys, the last one (the one YAML and JSON loaders keep). */
  get(path: ConfigPath): ConfigEntry | undefined {
    return this.entries().findLast((e) => samePath(e.path, path));
  }

  /** The key at a path, whatever it holds; with duplicate keys, the last one. */
  key(path: ConfigPath): ConfigKey | undefined {
    return this.keys().findLast((k) => samePath(k.path, path));
  }

  /**
   * The path of what sits at an offset: the entry whose key or value covers it, else the deepest key whose name
   * does (`num_processes`, `bf16.enabled`, `datasets[0].path`). Undefined outside every key and value.
   */
  pathAt(offset: number): ConfigPath | undefined {
    const covers = (start: number | undefined, end: number | undefined) => start !== undefined && end !== undefined && start <= offset && offset < Math.max(end, start + 1);
    const entry = this.entries().findLast((e) => covers(e.keyStart, e.keyEnd) || covers(e.valueStart, e.valueEnd));
    if (entry) return entry.path;
    return this.keys()
      .filter((k) => covers(k.keyStart, k.keyEnd))
      .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  }

  /** The names of the keys of the mapping at `path` (`[]` is the top level), in order. */
  keysOf(path: ConfigPath): string[] {
    return this.keys()
      .filter((k) => k.path.length === path.length + 1 && samePath(k.path.slice(0, -1), path))
      .map((k) => String(k.path[path.length]));
  }

  /**
   * The edit that replaces an entry's value, written in the document's own style: YAML keeps the old scalar's
   * quotes for strings (and quotes a plain string that would load as something else, like `no`), writes
   * booleans, numbers and null bare; JSON writes a JSON literal. Undefined for block scalars and tagged values.
   */
  replaceValue(entry: ConfigEntry, value: ScalarValue): TextEdit | undefined {
    const node = this.scalars.get(entry);
    if (!node?.editable) return undefined;
    const written = formatScalar(value, node.style, this.flowEntries.has(entry));
    if (written === undefined) return undefined;
    const text = typeof value === "boolean" && node.style === "plain" ? sameCase(written, this.text.slice(node.start, node.end)) : written;
    // An empty YAML value (`fp16:`) sits right after the colon: the new value needs its space.
    const spaced = node.start === node.end && this.text[node.start - 1] === ":" ? ` ${text}` : text;
    return { start: node.start, end: node.end, text: spaced };
  }

  /**
   * The edit that removes an entry or key with its value: in YAML block mappings the whole line (with its
   * trailing comment) when the member is alone on its line; in JSON and flow mappings the member and the right
   * comma. Undefined for sequence items and members that share their line.
   */
  removeEntry(entry: ConfigEntry | ConfigKey): TextEdit | undefined {
    const member = this.members.get(entry);
    return member ? removeMemberEdit(this.text, member) : undefined;
  }

  /** The edit that renames a key, in the old key's quote style (`bf16:` -> `fp16:`, `"bf16"` -> `"fp16"`). */
  renameKey(entry: ConfigEntry | ConfigKey, newKey: string): TextEdit | undefined {
    const member = this.members.get(entry);
    if (!member?.keyEditable) return undefined;
    const text = formatScalar(newKey, member.keyStyle, member.parent.flow);
    return text === undefined ? undefined : { start: member.keyStart, end: member.keyEnd, text };
  }


  private walk(): void {
    const entries: ConfigEntry[] = [];
    const keys: ConfigKey[] = [];
    const visit = (node: TreeNode, path: (string | number)[], inFlow: boolean, member?: MemberNode) => {
      if (node.type === "scalar") {
        const entry: ConfigEntry = {
          path,
          value: node.value,
          valueStart: node.start,
          valueEnd: node.end,
          ...(member ? { keyStart: member.keyStart, keyEnd: member.keyEnd } : {}),
        };
        this.scalars.set(entry, node);
        if (member) this.members.set(entry, member);
        if (inFlow) this.flowEntries.add(entry);
        entries.push(entry);
      } else if (node.type === "map") {
        for (const child of node.members) {
          const childPath = [...path, child.key];
          const key: ConfigKey = { path: childPath, keyStart: child.keyStart, keyEnd: child.keyEnd, holds: HOLDS[child.value.type] };
          this.members.set(key, child);
          keys.push(key);
          visit(child.value, childPath, node.flow, child);
        }
      } else if (node.type === "seq") {
        node.items.forEach((item, index) => visit(item, [...path, index], node.flow));
      }
    };
    for (const root of this.tree.roots) visit(root, [], false);
    this.entryList = entries;
    this.keyList = keys;
  }
}

/**
 * The top level of a JSON text as JSON.parse reads it: its object, null for any other value, undefined when
 * JSON.parse refuses the text. JSON.parse reads RFC 8259 JSON, of which parseJsonTree reads the same values.
 */
function plainJson(text: string): Record<string, unknown> | null | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A path as people write it: `deepspeed_config.gradient_accumulation_steps`, `datasets[0].path`. */
export function formatPath(path: ConfigPath): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}

/** A YAML boolean in the case of the one it replaces: `True` -> `False`, `TRUE` -> `FALSE` (PyYAML loads all three spellings). */
function sameCase(written: string, old: string): string {
  if (/^(True|False)$/.test(old)) return written.charAt(0).toUpperCase() + written.slice(1);
  if (/^(TRUE|FALSE)$/.test(old)) return written.toUpperCase();
  return written;
}

function samePath(a: ConfigPath, b: ConfigPath): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** Opens a config for the engine: the source, or `{ error }` naming why the text does not load. */
export function parseConfig(text: string, format: ConfigFormat): ConfigSource | { error: string; offset?: number } {
  try {
    return new ConfigSource(text, format);
  } catch (error) {
    if (error instanceof ConfigSyntaxError) return { error: error.message, offset: error.offset };
    return { error: (error as Error).message };
  }
}
