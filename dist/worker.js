// packages/engine/src/worker.ts
import { parentPort, workerData } from "node:worker_threads";

// packages/rules/src/docs.generated.ts
var docsVersion = "0.1.0";

// packages/rules/src/docs-url.ts
var DOCS_BASE_URL = `https://github.com/gpu-compat/gpu-compat/blob/v${docsVersion}/packages/rules/docs`;

// packages/python/src/node.ts
function namedChildrenOf(node) {
  return node.namedChildren.filter((child) => child !== null);
}
function childrenOf(node) {
  return node.children.filter((child) => child !== null);
}
function* ancestors(node) {
  for (let current = node.parent; current; current = current.parent) yield current;
}
function closestAncestor(node, type) {
  for (const ancestor of ancestors(node)) if (ancestor.type === type) return ancestor;
  return null;
}
function sameNode(a, b) {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}
function comparisonParts(comparison) {
  if (comparison.type !== "comparison_operator") return void 0;
  const operands = namedChildrenOf(comparison);
  if (operands.length !== 2) return void 0;
  const operator = childrenOf(comparison).filter((child) => !operands.some((operand) => sameNode(operand, child))).map((token) => token.type).join(" ");
  return { left: operands[0], right: operands[1], operator };
}
function unparenthesize(node) {
  let current = node;
  while (current.type === "parenthesized_expression") {
    const inner = namedChildrenOf(current).find((c) => c.type !== "comment");
    if (!inner) break;
    current = inner;
  }
  return current;
}

// packages/python/src/tree.ts
var wasmRuntime;
function initWasmRuntime(locateFile) {
  return wasmRuntime ??= import("web-tree-sitter").then(async (module) => {
    await module.Parser.init(locateFile ? { locateFile } : void 0);
    return module;
  });
}
async function loadWasmParser(grammar) {
  const { Parser, Language } = await initWasmRuntime(grammar.locateRuntime);
  const language = await Language.load(grammar.wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    backend: "wasm",
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error(`tree-sitter (wasm) returned no tree for ${grammar.name}`);
      return { root: tree.rootNode, dispose: () => tree.delete() };
    }
  };
}

// packages/python/src/lines.ts
var LineIndex = class {
  constructor(text) {
    this.text = text;
    if (!text.includes("\r")) {
      for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) this.starts.push(at + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 || ch === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }
  text;
  starts = [0];
  get lineCount() {
    return this.starts.length;
  }
  position(offset) {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = low + high + 1 >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }
  lineStart(line) {
    return this.starts[line - 1] ?? this.text.length;
  }
  /** The text of a 1-based line without its line ending. */
  lineText(line) {
    const start = this.lineStart(line);
    const end = line < this.starts.length ? this.starts[line] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, "");
  }
};

// packages/python/src/words.ts
function* wordOffsets(text, word) {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + word.length))) yield at;
  }
}
function isNameStart(code) {
  return code >= 65 && code <= 90 || code >= 97 && code <= 122 || code === 95 || code > 127;
}
function isWordChar(code) {
  return code >= 48 && code <= 57 || isNameStart(code);
}

// packages/python/src/edits.ts
function overlaps(a, b) {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
function selectEditGroups(groups) {
  const taken = [];
  const deferred = [];
  const chosen = [];
  for (const group of groups) {
    const clash = group.edits.some((edit) => chosen.some((other) => overlaps(edit, other)));
    if (clash) {
      deferred.push(group);
      continue;
    }
    taken.push(group);
    chosen.push(...group.edits);
  }
  return { taken, deferred };
}
function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

// packages/python/src/imports.ts
var ImportMap = class _ImportMap {
  bindings = /* @__PURE__ */ new Map();
  /** Modules imported with `from m import *`: their names can appear bare. */
  wildcardModules = [];
  /** The import statements, for rules that edit or inspect them. */
  statements = [];
  static fromTree(root) {
    const map = new _ImportMap();
    for (const statement of importStatements(root)) {
      map.statements.push(statement);
      if (statement.type === "import_statement") map.addImport(statement);
      else map.addFromImport(statement);
    }
    return map;
  }
  addImport(statement) {
    for (const child of namedChildrenOf(statement)) {
      if (child.type === "dotted_name") {
        const first = child.text.split(".")[0];
        this.bindings.set(first, first);
      } else if (child.type === "aliased_import") {
        const name = child.childForFieldName("name");
        const alias = child.childForFieldName("alias");
        if (name && alias) this.bindings.set(alias.text, dotted(name.text));
      }
    }
  }
  addFromImport(statement) {
    const moduleNode = statement.childForFieldName("module_name");
    if (!moduleNode || moduleNode.type === "relative_import") return;
    const module = dotted(moduleNode.text);
    for (const child of namedChildrenOf(statement)) {
      if (child.startIndex === moduleNode.startIndex) continue;
      if (child.type === "wildcard_import") this.wildcardModules.push(module);
      else if (child.type === "dotted_name") this.bindings.set(child.text, `${module}.${dotted(child.text)}`);
      else if (child.type === "aliased_import") {
        const name = child.childForFieldName("name");
        const alias = child.childForFieldName("alias");
        if (name && alias) this.bindings.set(alias.text, `${module}.${dotted(name.text)}`);
      }
    }
  }
  /** True when the file imports the module or anything under it (`torch` matches `torch.nn`). */
  importsModule(module) {
    const prefix = module + ".";
    for (const target of this.bindings.values()) if (target === module || target.startsWith(prefix)) return true;
    return this.wildcardModules.some((m) => m === module || m.startsWith(prefix));
  }
  /** The qualified name an identifier stands for; unbound names stand for themselves. */
  resolveName(name) {
    return this.bindings.get(name) ?? name;
  }
  /**
   * Fully qualified name of an identifier or attribute chain (`T.cuda.amp` -> "torch.cuda.amp"), or null for
   * expressions that are not plain chains (calls, subscripts).
   */
  qualifiedName(node) {
    if (node.type === "identifier") return this.resolveName(node.text);
    if (node.type === "attribute") {
      const object = node.childForFieldName("object");
      const attribute = node.childForFieldName("attribute");
      if (!object || !attribute) return null;
      const base = this.qualifiedName(object);
      return base === null ? null : `${base}.${attribute.text}`;
    }
    return null;
  }
};
var IMPORT_TYPES = /* @__PURE__ */ new Set(["import_statement", "import_from_statement"]);
function importStatements(root) {
  const statements = [];
  for (const at of wordOffsets(root.text, "import")) {
    let node = root.descendantForIndex(root.startIndex + at, root.startIndex + at + "import".length);
    while (node && !IMPORT_TYPES.has(node.type) && !sameNode(node, root)) node = node.parent;
    if (!node || !IMPORT_TYPES.has(node.type) || statements.at(-1)?.startIndex === node.startIndex) continue;
    statements.push(node);
  }
  return statements;
}
function dotted(text) {
  return text.replace(/\s+/g, "");
}

// packages/python/src/calls.ts
function callOfArgument(argument) {
  const list = argument.parent;
  if (!list || list.type !== "argument_list") return null;
  const call = list.parent;
  return call && call.type === "call" ? call : null;
}
function callNamedAt(name) {
  if (name.type !== "identifier") return null;
  let callee = name;
  if (name.parent?.type === "attribute") {
    if (name.parent.childForFieldName("attribute")?.startIndex !== name.startIndex) return null;
    callee = name.parent;
  }
  const call = callee.parent;
  if (call?.type !== "call" || call.childForFieldName("function")?.startIndex !== callee.startIndex) return null;
  return { call, callee };
}
function calleeName(call) {
  const fn = call.childForFieldName("function");
  if (!fn) return null;
  if (fn.type === "identifier") return fn.text;
  if (fn.type === "attribute") return fn.childForFieldName("attribute")?.text ?? null;
  return null;
}
function argumentsOf(call) {
  const list = call.childForFieldName("arguments");
  if (!list || list.type !== "argument_list") return [];
  return namedChildrenOf(list).filter((child) => child.type !== "comment");
}
function keywordArguments(call) {
  return argumentsOf(call).filter((arg) => arg.type === "keyword_argument");
}
function keywordArgument(call, name) {
  return keywordArguments(call).find((arg) => arg.childForFieldName("name")?.text === name) ?? null;
}
function keywordValue(argument) {
  const value2 = argument.childForFieldName("value");
  return value2 ? unparenthesize(value2) : null;
}
function hasSplat(call) {
  return argumentsOf(call).some((arg) => arg.type === "dictionary_splat" || arg.type === "list_splat");
}
function isTrue(node) {
  return node?.type === "true";
}
function isFalse(node) {
  return node?.type === "false";
}
function removeArgumentEdit(text, argument) {
  const list = argument.parent;
  if (!list) throw new Error("argument without an argument list");
  const tokens = childrenOf(list);
  const index = tokens.findIndex((t) => t.startIndex === argument.startIndex && t.endIndex === argument.endIndex);
  const before = tokens[index - 1];
  const after = tokens[index + 1];
  const commaBefore = before?.type === "," ? before : null;
  const commaAfter = after?.type === "," ? after : null;
  const end = commaAfter ? commaAfter.endIndex : argument.endIndex;
  const lineStart3 = lineStartOf(text, argument.startIndex);
  const onlyIndentBefore = /^[ \t]*$/.test(text.slice(lineStart3, argument.startIndex));
  const restOfLine2 = /^[ \t]*(#[^\r\n]*)?(\r\n|\r|\n|$)/.exec(text.slice(end));
  if (onlyIndentBefore && restOfLine2) {
    return { start: lineStart3, end: end + restOfLine2[0].length, text: "" };
  }
  const closesAfter = tokens[index + 2]?.type === ")";
  if (commaBefore && commaAfter && (closesAfter || restOfLine2)) {
    return { start: commaBefore.endIndex, end, text: "" };
  }
  if (commaAfter) {
    const spaces = /^[ \t]*/.exec(text.slice(end))[0];
    return { start: argument.startIndex, end: end + spaces.length, text: "" };
  }
  if (commaBefore) return { start: commaBefore.startIndex, end: argument.endIndex, text: "" };
  return { start: argument.startIndex, end: argument.endIndex, text: "" };
}
function lineStartOf(text, offset) {
  return Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
}

// packages/python/src/strings.ts
function plainStringContent(node) {
  if (node.type !== "string") return null;
  const start = node.children[0];
  if (start && /[fF]/.test(start.text)) return null;
  const parts = namedChildrenOf(node).filter((c) => c.type !== "string_start" && c.type !== "string_end");
  if (parts.length !== 1 || parts[0].type !== "string_content") return null;
  return parts[0];
}
function stringValue(node) {
  if (!node) return null;
  const content = plainStringContent(node);
  if (content) return content.text;
  if (node.type === "string" && namedChildrenOf(node).every((c) => c.type === "string_start" || c.type === "string_end")) {
    return "";
  }
  return null;
}

// packages/python/src/device-branches.ts
var OTHER_DEVICES = /* @__PURE__ */ new Set(["cpu", "mps", "xpu", "hpu", "npu", "tpu", "xla", "mlu", "musa"]);
var OTHER_DEVICE_PROBE = /^is_(?:torch_)?(?:xpu|mps|npu|hpu|mlu|tpu|xla|ipex|habana|musa|gaudi)(?:_available)?$/;
function otherDeviceWhen(condition) {
  const node = unparenthesize(condition);
  switch (node.type) {
    case "not_operator": {
      const operand = node.childForFieldName("argument");
      const inner = operand ? otherDeviceWhen(operand) : null;
      return inner === "true" ? "false" : inner === "false" ? "true" : null;
    }
    case "boolean_operator": {
      const operator = node.childForFieldName("operator")?.type;
      const sides = [node.childForFieldName("left"), node.childForFieldName("right")].map((side) => side ? otherDeviceWhen(side) : null);
      if (operator === "and") return sides.includes("true") ? "true" : sides.every((s) => s === "false") ? "false" : null;
      return sides.includes("false") ? "false" : sides.every((s) => s === "true") ? "true" : null;
    }
    case "comparison_operator":
      return comparisonWhen(node);
    case "call":
      return probeWhen(node.childForFieldName("function"));
    default:
      return null;
  }
}
function comparisonWhen(comparison) {
  const parts = comparisonParts(comparison);
  if (!parts) return null;
  const { operator } = parts;
  const named = [parts.left, parts.right].flatMap((operand) => deviceStrings(operand));
  if (named.length === 0 || !named.every((name) => OTHER_DEVICES.has(name))) return null;
  if (operator === "==" || operator === "in" || operator === "is") return "true";
  if (operator === "!=" || operator === "not in" || operator === "is not") return "false";
  return null;
}
function deviceStrings(operand) {
  const node = unparenthesize(operand);
  const literal2 = stringValue(node);
  if (literal2 !== null) return [literal2.split(":")[0]];
  if (node.type === "tuple" || node.type === "list" || node.type === "set") {
    const items = namedChildrenOf(node).map((item) => stringValue(item));
    return items.every((item) => item !== null) ? items.map((item) => item.split(":")[0]) : [];
  }
  return [];
}
function probeWhen(callee) {
  if (!callee) return null;
  const name = callee.type === "attribute" ? callee.childForFieldName("attribute")?.text : callee.text;
  if (!name) return null;
  if (OTHER_DEVICE_PROBE.test(name)) return "true";
  if (name !== "is_available" || callee.type !== "attribute") return null;
  const module = callee.childForFieldName("object");
  const last = module?.type === "attribute" ? module.childForFieldName("attribute")?.text : module?.text;
  if (last === "cuda") return "false";
  return last !== void 0 && OTHER_DEVICES.has(last) ? "true" : null;
}

// packages/python/src/guards.ts
var HARDWARE_CHECK_NAMES = /* @__PURE__ */ new Set([
  "is_bf16_supported",
  "is_bfloat16_supported",
  "is_torch_bf16_gpu_available",
  "is_torch_bf16_available",
  "is_torch_tf32_available",
  "get_device_capability",
  "get_device_properties",
  "compute_capability",
  "cuda_capability"
]);
var BF16_CHOICE_STRINGS = /* @__PURE__ */ new Set(["bf16", "bfloat16", "bf16-mixed", "bf16-true", "bf16_mixed"]);
var PRECISION_FLAG = /^(?:(?:use|pure|enable|is|do|with|train|run|full)_)?(?:bf16|bfloat16|fp16|half|amp|mixed_precision)(?:_(?:mixed|training|enabled|full_eval|mode))?$/i;
function isPrecisionFlagName(name) {
  return PRECISION_FLAG.test(name);
}
var GuardFinder = class {
  constructor(root, checkNames = HARDWARE_CHECK_NAMES, text = root.text, choiceStrings = /* @__PURE__ */ new Set(), semantic) {
    this.choiceStrings = choiceStrings;
    this.semantic = semantic;
    this.text = text;
    this.names = new Set(checkNames);
    this.learnDerivedNames(root, text);
  }
  choiceStrings;
  semantic;
  /** Check names, and names learned by spelling: attributes (`self.use_bf16`), and variables without a model. */
  names;
  /** With a semantic model: the variables assigned from a check, and their names (to look them up quickly). */
  derived = /* @__PURE__ */ new Set();
  derivedNames = /* @__PURE__ */ new Set();
  blockGuards = /* @__PURE__ */ new Map();
  /**
   * The guard found from a node's parent up, by node: rules ask about many nodes of one function, and their
   * walks share everything above the first common ancestor. The binding hands out one object per live node, so a
   * miss (a node object made again) only costs the walk.
   */
  guardAbove = /* @__PURE__ */ new WeakMap();
  /** Names the text assigns a bracketed collection that spells a choice string (see membershipIn). */
  choiceListNames;
  text;
  /** The hardware check (or the choice) a condition tests, if any. */
  checkIn(condition) {
    return this.hardwareCheckIn(condition) ?? (this.choiceStrings.size > 0 ? this.choiceIn(condition) ?? flagIn(condition) : null);
  }
  /** The hardware check a condition tests, if any: a check name or a name assigned from one. */
  hardwareCheckIn(condition) {
    const ids = condition.type === "identifier" ? [condition] : condition.descendantsOfType("identifier");
    for (const id of ids) {
      if (id && this.isCheck(id)) return { condition, name: id.text, kind: "hardware" };
    }
    return null;
  }
  /** A check name, an attribute named like one assigned from a check, or a variable assigned from one. */
  isCheck(id) {
    if (this.names.has(id.text)) return true;
    return this.derivedNames.has(id.text) && this.semantic.resolve(id).some((binding) => this.derived.has(binding));
  }
  /**
   * `x == "bf16"`, `x != "bf16"`, `x in ("bf16", "fp16")`, `dtype == torch.bfloat16`: a comparison with one of the
   * choice strings, or with a name spelled like one.
   */
  choiceIn(condition) {
    return comparedWith(condition, this.choiceStrings, ["string", "identifier"]) ?? this.membershipIn(condition);
  }
  /**
   * `precision in DtypeRegistry.BFLOAT_LIST`, `name not in BF16_NAMES`: membership in a collection of names bound
   * elsewhere in the file, one of them a choice string.
   */
  membershipIn(condition) {
    if (!this.semantic) return null;
    const listed = this.choiceListNames ??= choiceListNames(this.text, this.choiceStrings);
    if (listed.size === 0) return null;
    const comparisons = condition.type === "comparison_operator" ? [condition] : condition.descendantsOfType("comparison_operator");
    for (const comparison of comparisons) {
      const operands = comparison ? namedChildrenOf(comparison).filter((child) => child.type !== "comment") : [];
      const operator = comparison?.childForFieldName("operators")?.text.replace(/\s+/g, " ");
      const collection = operands[1];
      if (operands.length !== 2 || operator !== "in" && operator !== "not in" || !collection) continue;
      const name = collection.type === "identifier" ? collection.text : collection.type === "attribute" ? collection.childForFieldName("attribute")?.text : void 0;
      if (name === void 0 || !listed.has(name)) continue;
      const named = this.semantic.stringItems(collection)?.find((item) => this.choiceStrings.has(item));
      if (named) return { condition, name: JSON.stringify(named), kind: "choice" };
    }
    return null;
  }
  /** The guard that protects `node`: an enclosing if/elif/while/ternary/and-or on a hardware check, or an
   * earlier `assert check` / `if not check: return|raise` in an enclosing block. */
  guardOf(node) {
    const walked = [];
    let found = null;
    for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
      const known = this.guardAbove.get(child);
      if (known !== void 0) {
        found = known;
        break;
      }
      walked.push(child);
      found = this.guardFromParent(parent, child) ?? otherDeviceBranch(parent, child) ?? this.guardFromEarlierStatements(child);
      if (found) break;
    }
    for (const child of walked) this.guardAbove.set(child, found);
    return found;
  }
  guardFromParent(parent, child) {
    switch (parent.type) {
      case "if_statement":
      case "while_statement":
      case "elif_clause": {
        const condition = parent.childForFieldName("condition");
        if (!condition || isInside(child, condition)) return null;
        return this.checkIn(condition) ?? (parent.type === "if_statement" ? this.checkInElifs(parent) : null);
      }
      case "else_clause": {
        const owner = parent.parent;
        if (owner?.type !== "if_statement") return null;
        const condition = owner.childForFieldName("condition");
        return (condition && this.checkIn(condition)) ?? this.checkInElifs(owner);
      }
      case "conditional_expression": {
        const [, condition] = namedChildrenOf(parent).filter((c) => c.type !== "comment");
        if (!condition || isInside(child, condition)) return null;
        return this.checkIn(condition);
      }
      case "boolean_operator": {
        for (const operand of namedChildrenOf(parent)) {
          if (isInside(child, operand)) continue;
          const guard = this.checkIn(operand);
          if (guard) return guard;
        }
        return null;
      }
      default:
        return null;
    }
  }
  checkInElifs(ifStatement) {
    for (const clause of namedChildrenOf(ifStatement)) {
      if (clause.type !== "elif_clause") continue;
      const condition = clause.childForFieldName("condition");
      const guard = condition && this.checkIn(condition);
      if (guard) return guard;
    }
    return null;
  }
  /**
   * `if not ok: return` earlier in the same block guards what follows: the function skips that code where the
   * check fails. An `assert` or a `raise` does not: it stops the run on the target instead of skipping anything, so
   * the code after it is what must change for the run to go on (capability-assert reports the stop). Not a choice
   * either: `if args.mixed_precision == "bf16" and on_mps: return` says nothing about the code after it.
   */
  guardFromEarlierStatements(statement) {
    const block = statement.parent;
    if (block?.type !== "block" && block?.type !== "module") return null;
    const key = `${block.startIndex}:${block.endIndex}:${block.type}`;
    let guards = this.blockGuards.get(key);
    if (!guards) this.blockGuards.set(key, guards = this.guardingStatements(block));
    let found = null;
    for (const entry of guards) {
      if (entry.start >= statement.startIndex) break;
      found = entry.guard;
    }
    return found;
  }
  /** The statements of a block that guard what follows them, in order. */
  guardingStatements(block) {
    const guards = [];
    for (const sibling of namedChildrenOf(block)) {
      if (sibling.type === "assert_statement") {
        const [asserted] = namedChildrenOf(sibling);
        const choice = asserted && this.choiceStrings.size > 0 ? this.choiceIn(asserted) : null;
        if (choice) guards.push({ start: sibling.startIndex, guard: choice });
        continue;
      }
      const condition = sibling.type === "if_statement" && returnsEarly(sibling) ? sibling.childForFieldName("condition") : null;
      const guard = condition && (this.hardwareCheckIn(condition) ?? (this.choiceStrings.size > 0 ? otherChoiceIn(condition) : null));
      if (guard) guards.push({ start: sibling.startIndex, guard });
    }
    return guards;
  }
  /**
   * Learns the names assigned from a check. It looks only where a check name occurs in the text, so its cost
   * follows the number of checks, not the size of the file. One round of indirection is followed
   * (`ok = is_bf16_supported(); use_bf16 = ok and args.bf16`).
   */
  learnDerivedNames(root, text) {
    let frontier = [...this.names];
    for (let round4 = 0; round4 < 2 && frontier.length > 0; round4++) {
      const learned = /* @__PURE__ */ new Set();
      for (const name of frontier) {
        for (const at of wordOffsets(text, name)) {
          const node = root.descendantForIndex(at, at + name.length);
          if (node?.type !== "identifier" || !this.isCheck(node)) continue;
          for (const assignment of assignmentsOfValue(node)) {
            for (const target of assignedTargets(assignment.childForFieldName("left"))) this.learn(target, learned);
          }
        }
      }
      frontier = [...learned];
    }
  }
  /** A variable by its binding when there is a model; an attribute (`self.use_bf16`), or any name without one, by its spelling. */
  learn(target, learned) {
    const binding = target.type === "identifier" ? this.semantic?.bindingOf(target) : void 0;
    if (binding) {
      if (this.derived.has(binding)) return;
      this.derived.add(binding);
      this.derivedNames.add(binding.name);
      learned.add(binding.name);
      return;
    }
    const name = target.type === "attribute" ? target.childForFieldName("attribute")?.text : target.text;
    if (name && !this.names.has(name)) {
      this.names.add(name);
      learned.add(name);
    }
  }
};
function assignmentsOfValue(node) {
  const found = [];
  let child = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current.type === "pair" || current.type === "keyword_argument") break;
    if (current.type === "assignment") {
      const right = current.childForFieldName("right");
      if (!right || !isInside(child, right)) break;
      found.push(current);
    } else if (current.type.endsWith("_statement") && current.type !== "expression_statement") break;
    else if (current.type === "block" || current.type === "module") break;
  }
  return found;
}
function assignedTargets(left) {
  if (!left) return [];
  if (left.type === "identifier" || left.type === "attribute") return [left];
  if (left.type === "pattern_list" || left.type === "tuple_pattern" || left.type === "list_pattern") {
    return namedChildrenOf(left).flatMap((part) => assignedTargets(part));
  }
  return [];
}
function isInside(node, container) {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}
var OTHER_PRECISION_STRINGS = /* @__PURE__ */ new Set(["fp32", "float32", "fp16", "float16", "half", "float", "no", "32", "16", "16-mixed", "32-true", "16-true"]);
function otherChoiceIn(condition) {
  return comparedWith(condition, OTHER_PRECISION_STRINGS, ["string"]);
}
function comparedWith(condition, values, operandTypes) {
  const comparisons = condition.type === "comparison_operator" ? [condition] : condition.descendantsOfType("comparison_operator");
  for (const comparison of comparisons) {
    for (const operand of comparison?.descendantsOfType(operandTypes) ?? []) {
      if (!operand) continue;
      const value2 = operand.type === "string" ? stringValue(operand) : operand.text;
      if (value2 !== null && values.has(value2)) return { condition, name: operand.type === "string" ? JSON.stringify(value2) : value2, kind: "choice" };
    }
  }
  return null;
}
function returnsEarly(ifStatement) {
  const body = ifStatement.childForFieldName("consequence");
  return body ? namedChildrenOf(body).at(-1)?.type === "return_statement" : false;
}
function flagIn(condition) {
  const names = condition.type === "identifier" || condition.type === "attribute" ? [condition] : condition.descendantsOfType(["identifier", "attribute"]);
  for (const name of names) {
    if (!name || name.parent?.type === "attribute" || name.parent?.type === "comparison_operator") continue;
    const last = name.type === "attribute" ? name.childForFieldName("attribute")?.text : name.text;
    const isCallee = name.parent?.type === "call" && name.parent.childForFieldName("function")?.startIndex === name.startIndex;
    if (last && isPrecisionFlagName(last) && !isCallee) return { condition, name: name.text, kind: "flag", setting: name };
  }
  return null;
}
function otherDeviceBranch(parent, child) {
  const when = (condition, taken) => condition && otherDeviceWhen(condition) === taken ? { condition, name: condition.text, kind: "device" } : null;
  switch (parent.type) {
    case "if_statement":
    case "elif_clause": {
      const condition = parent.childForFieldName("condition");
      if (!condition || isInside(child, condition)) return null;
      if (sameNode(parent.childForFieldName("consequence"), child)) return when(condition, "true");
      if (when(condition, "false")) return when(condition, "false");
      for (const clause of namedChildrenOf(parent)) {
        if (clause.startIndex >= child.startIndex) break;
        if (clause.type === "elif_clause") {
          const guard = when(clause.childForFieldName("condition"), "false");
          if (guard) return guard;
        }
      }
      return null;
    }
    case "conditional_expression": {
      const [consequence, condition, alternative] = namedChildrenOf(parent).filter((c) => c.type !== "comment");
      if (!condition || isInside(child, condition)) return null;
      if (consequence && sameNode(consequence, child)) return when(condition, "true");
      return alternative && sameNode(alternative, child) ? when(condition, "false") : null;
    }
    default:
      return null;
  }
}
function choiceListNames(text, choiceStrings) {
  const names = /* @__PURE__ */ new Set();
  for (const match of text.matchAll(COLLECTION_ASSIGNMENT)) {
    for (const item of match[2].matchAll(QUOTED_WORD)) {
      if (choiceStrings.has(item[1])) names.add(match[1]);
    }
  }
  return names;
}
var COLLECTION_ASSIGNMENT = /\b([A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*[[({]([^\])}]*)/g;
var QUOTED_WORD = /["']([\w-]+)["']/g;

// packages/python/src/semantic/arguments.ts
function argparseOptionsOf(source) {
  const options = [];
  for (const name of source.occurrences("add_argument")) {
    const found = callNamedAt(name);
    const option = found?.callee.type === "attribute" ? optionOf(found.call) : void 0;
    if (option) options.push(option);
  }
  return options;
}
function optionOf(call) {
  const flags = [];
  const keywords = /* @__PURE__ */ new Map();
  for (const argument of argumentsOf(call)) {
    if (argument.type === "keyword_argument") {
      const name = argument.childForFieldName("name")?.text;
      const value2 = keywordValue(argument);
      if (name && value2) keywords.set(name, value2);
      continue;
    }
    const flag2 = stringValue(argument);
    if (flag2 === null) return void 0;
    flags.push(flag2);
  }
  const keyword = (name) => keywords.get(name);
  const explicit = keyword("dest");
  const dest = explicit ? stringValue(explicit) : destOf(flags);
  if (!dest) return void 0;
  const action = keyword("action");
  return {
    dest,
    flags,
    call,
    default: keyword("default"),
    action: action ? stringValue(action) ?? void 0 : void 0,
    choices: keyword("choices"),
    type: keyword("type")
  };
}
function destOf(flags) {
  const long = flags.find((f) => f.startsWith("--"));
  if (long) return long.slice(2).replace(/-/g, "_");
  const short = flags.find((f) => f.startsWith("-"));
  if (short) return short.slice(1).replace(/-/g, "_");
  return flags[0] ?? null;
}

// packages/python/src/semantic/parameters.ts
function parametersOf(definition) {
  const list = definition.childForFieldName("parameters");
  if (!list) return [];
  const found = [];
  let keywordOnly = false;
  for (const node of namedChildrenOf(list)) {
    if (node.type === "positional_separator") {
      for (const earlier of found) earlier.kind = "positional-only";
      continue;
    }
    if (node.type === "keyword_separator") {
      keywordOnly = true;
      continue;
    }
    const inner = node.type === "typed_parameter" ? node.namedChildren[0] : node.childForFieldName("name") ?? node;
    if (!inner) continue;
    let kind = keywordOnly ? "keyword-only" : "positional";
    let identifier = inner;
    if (inner.type === "list_splat_pattern" || inner.type === "dictionary_splat_pattern") {
      kind = inner.type === "list_splat_pattern" ? "var-positional" : "var-keyword";
      keywordOnly = true;
      identifier = namedChildrenOf(inner).find((c) => c.type === "identifier") ?? null;
    }
    if (identifier?.type !== "identifier") continue;
    found.push({ name: identifier.text, kind, identifier, node, default: node.childForFieldName("value") ?? void 0 });
  }
  return found;
}

// packages/python/src/semantic/scopes.ts
var Scope = class {
  constructor(kind, node, parent, container, ranges, names) {
    this.kind = kind;
    this.node = node;
    this.parent = parent;
    this.container = container;
    this.ranges = ranges;
    this.names = names;
    parent?.children.push(this);
    this.start = node.startIndex;
    this.end = node.endIndex;
  }
  kind;
  node;
  parent;
  container;
  ranges;
  names;
  /** Own bindings of the names asked about so far, each name's in source order. */
  own = /* @__PURE__ */ new Map();
  globals = /* @__PURE__ */ new Set();
  nonlocals = /* @__PURE__ */ new Set();
  children = [];
  /** The node's offsets, kept as numbers: reading them from a native node costs a call each time. */
  start;
  end;
  rangesCache;
  /** The scope's own bindings of `name`, in source order; undefined when it binds none. */
  bindingsOf(name) {
    this.names.bind(name);
    return this.own.get(name);
  }
  /** Every name the scope binds with its bindings, in the order the names are first bound. */
  get bindings() {
    this.names.bindAll();
    return new Map([...this.own].sort(([, a], [, b]) => a[0].node.startIndex - b[0].node.startIndex));
  }
  /** True when code at this offset runs in this scope. */
  includes(offset) {
    return (this.rangesCache ??= this.ranges()).some(([start, end]) => start <= offset && offset < end);
  }
  contains(offset) {
    return this.start <= offset && offset < this.end;
  }
  add(binding) {
    const list = this.own.get(binding.name);
    if (list) list.push(binding);
    else this.own.set(binding.name, [binding]);
  }
  /** Removes and returns the bindings of a name (a `global`/`nonlocal` declaration gives them to another scope). */
  take(name) {
    const taken = this.own.get(name);
    this.own.delete(name);
    return taken;
  }
  sortBindings(name) {
    this.own.get(name)?.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }
};
function definingScope(name, scope, offset) {
  for (let current = scope; current; current = current.parent) {
    if (current.kind === "class" && current !== scope) continue;
    if (current.globals.has(name)) return moduleOf(current).bindingsOf(name) ? moduleOf(current) : null;
    if (current.nonlocals.has(name)) continue;
    const own = current.bindingsOf(name);
    if (!own) continue;
    if (current.kind === "class" && offset !== void 0 && own[0].node.startIndex > offset) continue;
    return current;
  }
  return null;
}
function moduleOf(scope) {
  let current = scope;
  while (current.parent) current = current.parent;
  return current;
}
function walrusScope(scope) {
  let current = scope;
  while (current.kind === "comprehension" && current.parent) current = current.parent;
  return current;
}
function nonlocalOwner(name, scope) {
  for (let current = scope.parent; current && current.kind !== "module"; current = current.parent) {
    if (current.kind === "class" || current.nonlocals.has(name)) continue;
    if (current.globals.has(name)) return moduleOf(current);
    if (current.bindingsOf(name)) return current;
  }
  return null;
}

// packages/python/src/semantic/builder.ts
var COMPREHENSIONS = /* @__PURE__ */ new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);
var SEQUENCE_TARGETS = /* @__PURE__ */ new Set(["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list"]);
var NESTED_TARGETS = /* @__PURE__ */ new Set([...SEQUENCE_TARGETS, "list_splat_pattern", "list_splat", "parenthesized_expression"]);
var SCOPE_NODES = [...COMPREHENSIONS, "function_definition", "class_definition", "lambda", "global_statement", "nonlocal_statement"];
function buildScopes(root, occurrences) {
  const scopes = new ScopeList(root, { bind: (name) => names.bind(name), bindAll: () => names.bindAll() });
  const names = new NameIndex(root, scopes, occurrences);
  for (const node of root.descendantsOfType(SCOPE_NODES)) {
    if (node && node.childCount > 0) scopes.visit(node);
  }
  return { scopes: scopes.all, opened: scopes.opened, bindingOf: (identifier) => names.bindingOf(identifier) };
}
var BindingRecord = class {
  constructor(name, kind, node, site, value2, position, scope, statement) {
    this.name = name;
    this.kind = kind;
    this.node = node;
    this.site = site;
    this.value = value2;
    this.position = position;
    this.scope = scope;
    this.statementCache = statement;
  }
  name;
  kind;
  node;
  site;
  value;
  position;
  scope;
  statementCache;
  get statement() {
    return this.statementCache ??= statementOf(this.site);
  }
};
var ScopeList = class {
  constructor(root, names) {
    this.names = names;
    this.all = [new Scope("module", root, null, null, () => [[root.startIndex, root.endIndex + 1]], names)];
  }
  names;
  all;
  opened = /* @__PURE__ */ new Map();
  /** The scopes that declare each name `global` or `nonlocal`, in document order. */
  declaring = /* @__PURE__ */ new Map();
  /** Each function's or lambda's parameters, read when a question needs them. */
  parameters = /* @__PURE__ */ new Map();
  /** The scope code at `offset` runs in. Scopes are created in document order, so those before it all exist. */
  at(offset) {
    return scopeAt(this.all, offset);
  }
  parametersOf(definition) {
    let found = this.parameters.get(definition.startIndex);
    if (!found) this.parameters.set(definition.startIndex, found = parametersOf(definition));
    return found;
  }
  visit(node) {
    switch (node.type) {
      case "function_definition":
      case "lambda": {
        const list = node.childForFieldName("parameters");
        const body = node.childForFieldName("body");
        const ranges = () => {
          const found = this.parametersOf(node).map((p) => [p.identifier.startIndex, p.identifier.endIndex]);
          if (body) found.push([body.startIndex, body.endIndex]);
          return found;
        };
        const bodyOnly = () => body ? [[body.startIndex, body.endIndex]] : [];
        return void this.open("function", node, list ? ranges : bodyOnly);
      }
      case "class_definition": {
        const body = node.childForFieldName("body");
        return void this.open("class", node, () => body ? [[body.startIndex, body.endIndex]] : []);
      }
      case "global_statement":
      case "nonlocal_statement": {
        const scope = this.at(node.startIndex);
        const declared = scope[node.type === "global_statement" ? "globals" : "nonlocals"];
        for (const name of namedChildrenOf(node)) {
          if (name.type !== "identifier") continue;
          declared.add(name.text);
          const list = this.declaring.get(name.text);
          if (!list) this.declaring.set(name.text, [scope]);
          else if (list.at(-1) !== scope) list.push(scope);
        }
        return;
      }
      default:
        if (COMPREHENSIONS.has(node.type)) this.openComprehension(node);
    }
  }
  openComprehension(node) {
    const first = namedChildrenOf(node).find((child) => child.type === "for_in_clause")?.childForFieldName("right");
    const start = node.namedChildren[0]?.startIndex ?? node.startIndex;
    const ranges = first ? [[start, first.startIndex], [first.endIndex, node.endIndex]] : [[start, node.endIndex]];
    this.open("comprehension", node, () => ranges);
  }
  open(kind, node, ranges) {
    const container = innermost(this.all, node.startIndex);
    const scope = new Scope(kind, node, this.at(node.startIndex), container, ranges, this.names);
    this.all.push(scope);
    this.opened.set(node.startIndex, scope);
    return scope;
  }
};
var NameIndex = class {
  constructor(root, scopes, occurrences) {
    this.root = root;
    this.scopes = scopes;
    this.occurrences = occurrences;
  }
  root;
  scopes;
  occurrences;
  bound = /* @__PURE__ */ new Set();
  bindingAt = /* @__PURE__ */ new Map();
  /** Every name's bindings: for a question about all of a scope's names, not a rule's about one. */
  bindAll() {
    for (const identifier of this.root.descendantsOfType("identifier")) if (identifier) this.bind(identifier.text);
  }
  bindingOf(identifier) {
    this.bind(identifier.text);
    return this.bindingAt.get(identifier.startIndex);
  }
  /** Finds every binding of `name` in the file and gives each to the scope that owns it. */
  bind(name) {
    if (this.bound.has(name)) return;
    this.bound.add(name);
    for (const node of this.occurrences(name)) {
      if (node.type !== "identifier") continue;
      const found = this.siteOf(node);
      if (!found) continue;
      const scope = found.scope ?? this.scopes.at(node.startIndex);
      const binding = new BindingRecord(name, found.kind, node, found.site, found.value, found.position, scope, found.statement);
      scope.add(binding);
      this.bindingAt.set(node.startIndex, binding);
    }
    this.applyDeclarations(name);
  }
  /** Moves the bindings of a name declared `global`/`nonlocal` to the scope that owns them. */
  applyDeclarations(name) {
    for (const scope of this.scopes.declaring.get(name) ?? []) {
      const owner = scope.globals.has(name) ? moduleOf(scope) : nonlocalOwner(name, scope);
      if (!owner || owner === scope) continue;
      const moved = scope.take(name);
      if (!moved) continue;
      for (const binding of moved) {
        binding.scope = owner;
        owner.add(binding);
      }
      owner.sortBindings(name);
    }
  }
  /** Whether and how an identifier binds its name: as an assignment's target, a parameter, an import... */
  siteOf(identifier) {
    const parent = identifier.parent;
    if (!parent) return void 0;
    switch (parent.type) {
      case "function_definition":
      case "class_definition":
        return isField(parent, "name", identifier) ? { kind: parent.type === "class_definition" ? "class" : "function", site: parent } : void 0;
      case "named_expression":
        if (!isField(parent, "name", identifier)) return void 0;
        return { kind: "walrus", site: parent, value: parent.childForFieldName("value") ?? void 0, scope: walrusScope(this.scopes.at(identifier.startIndex)) };
      case "augmented_assignment":
        return isField(parent, "left", identifier) ? { kind: "augmented-assignment", site: parent } : void 0;
      case "aliased_import":
        return isField(parent, "alias", identifier) ? importSite(parent.parent) : void 0;
      case "dotted_name": {
        const statement = parent.parent;
        if (!statement || !sameNode(parent.namedChildren[0], identifier)) return void 0;
        return isField(statement, "module_name", parent) ? void 0 : importSite(statement);
      }
    }
    return this.parameterSite(identifier) ?? targetSite(identifier);
  }
  /** A parameter's name binds it in the function's own scope, with its default as the value. */
  parameterSite(identifier) {
    let list = identifier.parent;
    for (let depth = 0; list && depth < 3 && list.type !== "parameters" && list.type !== "lambda_parameters"; depth++) list = list.parent;
    const definition = list?.type === "parameters" || list?.type === "lambda_parameters" ? list.parent : null;
    if (!definition) return void 0;
    const parameter = this.scopes.parametersOf(definition).find((p) => p.identifier.startIndex === identifier.startIndex);
    if (!parameter) return void 0;
    const scope = this.scopes.opened.get(definition.startIndex);
    if (!scope) return void 0;
    return { kind: "parameter", site: parameter.node, value: parameter.default, scope, statement: definition };
  }
};
function importSite(statement) {
  return statement && (statement.type === "import_statement" || statement.type === "import_from_statement") ? { kind: "import", site: statement } : void 0;
}
function targetSite(identifier) {
  let target = identifier;
  let depth = 0;
  while (target.parent && NESTED_TARGETS.has(target.parent.type)) {
    target = target.parent;
    depth++;
  }
  if (depth > 0 && !SEQUENCE_TARGETS.has(target.type)) return void 0;
  const holder = target.parent;
  if (!holder) return void 0;
  const position = depth === 1 ? positionIn(target, identifier) : void 0;
  switch (holder.type) {
    case "assignment": {
      if (!isField(holder, "left", target)) return void 0;
      let site = holder;
      while (site.parent?.type === "assignment" && isField(site.parent, "right", site)) site = site.parent;
      let value2 = site;
      while (value2?.type === "assignment") value2 = value2.childForFieldName("right");
      return { kind: "assignment", site, value: depth === 0 ? value2 ?? void 0 : void 0, position };
    }
    case "for_statement":
    case "for_in_clause":
      return isField(holder, "left", target) ? { kind: "for", site: holder, position } : void 0;
    case "as_pattern_target": {
      const pattern = holder.parent;
      const item = pattern?.parent;
      if (!pattern || pattern.type !== "as_pattern" || !item || !sameNode(holder.namedChildren[0], target)) return void 0;
      if (!isField(pattern, "alias", holder) || !isField(item, "value", pattern)) return void 0;
      if (item.type !== "with_item" && item.type !== "except_clause") return void 0;
      return { kind: item.type === "with_item" ? "with" : "except", site: item, position };
    }
  }
  return void 0;
}
function positionIn(sequence, element) {
  let position = 0;
  for (const child of namedChildrenOf(sequence)) {
    if (child.type === "list_splat_pattern" || child.type === "list_splat") return void 0;
    if (child.startIndex === element.startIndex) return position;
    position++;
  }
  return void 0;
}
function isField(node, field, child) {
  return sameNode(node.childForFieldName(field), child);
}
function innermost(scopes, offset) {
  let low = 0;
  let high = scopes.length - 1;
  while (low < high) {
    const middle = low + high + 1 >> 1;
    if (scopes[middle].start <= offset) low = middle;
    else high = middle - 1;
  }
  let scope = scopes[low];
  while (scope.container && !scope.contains(offset)) scope = scope.container;
  return scope;
}
function scopeAt(scopes, offset) {
  let scope = innermost(scopes, offset);
  while (scope.container && !scope.includes(offset)) scope = scope.container;
  return scope;
}
function statementOf(node) {
  let current = node;
  while (current.parent && current.parent.type !== "block" && current.parent.type !== "module") current = current.parent;
  return current;
}

// packages/python/src/semantic/call-sites.ts
function callSitesOf(model, definition) {
  const name = definition.childForFieldName("name");
  const binding = name && model.bindingOf(name);
  if (!name || !binding) return [];
  const owner = classOf(model, definition);
  const calls = /* @__PURE__ */ new Map();
  const callsThrough = (word, target, self) => {
    for (const occurrence of model.source.occurrences(word)) {
      const found = callNamedAt(occurrence);
      if (!found) continue;
      const byName = found.callee.type === "identifier" && model.resolve(occurrence).includes(target);
      if (byName || self && owner && isSelfCall(model, found.callee, owner)) calls.set(found.call.startIndex, found.call);
    }
  };
  callsThrough(name.text, binding, true);
  const className = owner?.childForFieldName("name");
  const classBinding = className && model.bindingOf(className);
  if (name.text === "__init__" && className && classBinding) callsThrough(className.text, classBinding, false);
  return [...calls.values()].sort((a, b) => a.startIndex - b.startIndex);
}
function argumentFor(model, call, definition, parameterName) {
  const parameters = parametersOf(definition);
  const index = parameters.findIndex((p) => p.name === parameterName);
  const parameter = parameters[index];
  if (!parameter) return { passed: "no" };
  const args = argumentsOf(call);
  const keywords = args.filter((a) => a.type === "keyword_argument");
  const doubleSplat = args.find((a) => a.type === "dictionary_splat");
  if (parameter.kind === "positional" || parameter.kind === "keyword-only") {
    const keyword = keywords.find((k) => k.childForFieldName("name")?.text === parameterName);
    if (keyword) return { passed: "yes", argument: keyword, value: keywordValue(keyword) ?? keyword };
  }
  if (parameter.kind === "var-keyword") {
    const named = new Set(parameters.map((p) => p.name));
    const extra = keywords.find((k) => !named.has(k.childForFieldName("name")?.text ?? ""));
    if (extra) return { passed: "yes", argument: extra, value: extra };
  }
  const implicit = passesSelf(model, call, definition) ? 1 : 0;
  const positionals = parameters.filter((p) => p.kind === "positional-only" || p.kind === "positional").length - implicit;
  const slot = parameter.kind === "var-positional" ? positionals : parameter.kind === "keyword-only" || parameter.kind === "var-keyword" ? -1 : index - implicit;
  let at = 0;
  for (const argument of args) {
    if (argument.type === "keyword_argument" || argument.type === "dictionary_splat") continue;
    if (slot >= 0 && argument.type === "list_splat") return { passed: "maybe", argument };
    if (slot >= 0 && at >= slot) return { passed: "yes", argument, value: argument };
    at++;
  }
  if (doubleSplat && parameter.kind !== "positional-only" && parameter.kind !== "var-positional") return { passed: "maybe", argument: doubleSplat };
  return { passed: "no" };
}
function classOf(model, definition) {
  const scope = model.scopeOf(definition);
  return scope.kind === "class" ? scope.node : null;
}
function isSelfCall(model, callee, owner) {
  const object = callee.childForFieldName("object");
  if (object?.type !== "identifier" || object.text !== "self" && object.text !== "cls") return false;
  for (let scope = model.scopeOf(callee).container; scope; scope = scope.container) {
    if (scope.kind === "class") return scope.node.startIndex === owner.startIndex;
  }
  return false;
}
function passesSelf(model, call, definition) {
  if (!classOf(model, definition) || isStatic(definition)) return false;
  const fn = call.childForFieldName("function");
  const name = definition.childForFieldName("name");
  const itself = name && model.bindingOf(name);
  return !(fn?.type === "identifier" && itself && model.resolve(fn).includes(itself));
}
function isStatic(definition) {
  const decorated = definition.parent?.type === "decorated_definition" ? definition.parent : null;
  return !!decorated && namedChildrenOf(decorated).some((d) => d.type === "decorator" && d.namedChildren[0]?.text === "staticmethod");
}

// packages/python/src/semantic/settings.ts
var DATACLASS_PARSES = /* @__PURE__ */ new Set(["parse_args_into_dataclasses", "parse_yaml_file", "parse_json_file", "parse_dict"]);
function settingValue(model, attribute, depth) {
  const object = unparenthesize(attribute.childForFieldName("object"));
  const name = attribute.childForFieldName("attribute")?.text;
  if (object.type !== "identifier" || !name) return void 0;
  const options = model.argparseOptions().filter((option) => option.dest === name);
  const defaulted = options.some(
    (option) => option.default !== void 0 && literalValue(option.default) !== null || option.action === "store_true" || option.action === "store_false"
  );
  if (!defaulted && !model.dataclasses().some((info) => info.fields.has(name))) return options.length > 0 ? null : void 0;
  const bindings = model.resolve(object);
  if (bindings.length === 0) return anySetting(model, name, depth);
  return sameConstant(bindings.map((b) => b.kind !== "parameter" ? madeSetting(model, b, name, depth) : isInstance(b) ? void 0 : anySetting(model, name, depth)));
}
function isInstance(parameter) {
  return parameter.name === "self" || parameter.name === "cls";
}
function optionValue(model, option, depth) {
  if (option.default) return evaluate(model, option.default, depth);
  return option.action === "store_true" ? false : option.action === "store_false" ? true : null;
}
function fieldValue(model, field, depth) {
  return field?.default ? evaluate(model, field.default, depth) : void 0;
}
function anySetting(model, name, depth) {
  const option = model.argumentOption(name);
  const field = model.dataclassField(name);
  if (option && field) return void 0;
  return option ? optionValue(model, option, depth) : fieldValue(model, field, depth);
}
function madeSetting(model, binding, name, depth) {
  let right = binding.kind === "assignment" ? binding.site.childForFieldName("right") : null;
  while (right?.type === "assignment") right = right.childForFieldName("right");
  const call = right ? unparenthesize(right) : null;
  if (call?.type !== "call") return void 0;
  const fn = call.childForFieldName("function");
  const method = fn.type === "attribute" ? fn.childForFieldName("attribute").text : null;
  if (method === "parse_args" && binding.value || method === "parse_known_args" && binding.position === 0) {
    const option = model.argumentOption(name);
    return option ? optionValue(model, option, depth) : void 0;
  }
  if (method && DATACLASS_PARSES.has(method)) {
    const classes = parserClasses(model, fn.childForFieldName("object"));
    if (!classes) return fieldValue(model, model.dataclassField(name), depth);
    const className = binding.position === void 0 ? void 0 : classes[binding.position];
    return className ? fieldValue(model, model.dataclassField(name, className), depth) : void 0;
  }
  return instanceSetting(model, call, name, depth);
}
function instanceSetting(model, call, name, depth) {
  const fn = call.childForFieldName("function");
  const classes = fn.type === "identifier" ? model.resolve(fn) : [];
  const field = classes.length > 0 && classes.every((b) => b.kind === "class") ? model.dataclassField(name, fn.text) : void 0;
  if (!field) return void 0;
  const keyword = keywordArgument(call, name);
  if (keyword) return evaluate(model, keywordValue(keyword) ?? keyword, depth);
  return argumentsOf(call).every((a) => a.type === "keyword_argument") ? fieldValue(model, field, depth) : void 0;
}
function parserClasses(model, parser) {
  if (parser.type !== "identifier") return void 0;
  const lists = model.resolve(parser).map((binding) => {
    const value2 = binding.value ? unparenthesize(binding.value) : void 0;
    if (value2?.type !== "call" || calleeName(value2) !== "HfArgumentParser") return void 0;
    const first2 = argumentsOf(value2)[0];
    if (first2?.type === "identifier") return [first2.text];
    if (first2?.type !== "tuple" && first2?.type !== "list") return void 0;
    return namedChildrenOf(first2).map((element) => element.type === "identifier" ? element.text : "");
  });
  const first = lists[0];
  return first && lists.every((list) => list?.join() === first.join()) ? first : void 0;
}

// packages/python/src/semantic/constants.ts
var MAX_DEPTH = 10;
var ENVIRONMENT_GETTERS = /* @__PURE__ */ new Set(["os.environ.get", "os.getenv"]);
function literalValue(node) {
  switch (node.type) {
    case "string":
      return stringValue(node) ?? void 0;
    case "concatenated_string": {
      const parts = namedChildrenOf(node).map((part) => stringValue(part));
      return parts.every((part) => part !== null) ? parts.join("") : void 0;
    }
    case "integer":
    case "float": {
      const value2 = Number(node.text.replace(/_/g, ""));
      return Number.isNaN(value2) ? void 0 : value2;
    }
    case "true":
      return true;
    case "false":
      return false;
    case "none":
      return null;
    case "unary_operator": {
      const operator = node.childForFieldName("operator")?.text;
      const argument = node.childForFieldName("argument");
      const value2 = argument ? literalValue(unparenthesize(argument)) : void 0;
      if (typeof value2 !== "number" || operator !== "-" && operator !== "+") return void 0;
      return operator === "-" ? -value2 : value2;
    }
    default:
      return void 0;
  }
}
function evaluate(model, node, depth) {
  const value2 = unparenthesize(node);
  const literal2 = literalValue(value2);
  if (literal2 !== void 0 || depth > MAX_DEPTH) return literal2;
  if (value2.type === "identifier") return sameConstant(model.resolve(value2).filter(binds).map((b) => bindingValue(model, b, depth + 1)));
  if (value2.type === "attribute") return settingValue(model, value2, depth + 1);
  if (value2.type === "call") return environmentDefault(model, value2, depth + 1);
  return void 0;
}
function sameConstant(values) {
  const first = values[0];
  return values.every((value2) => value2 === first) ? first : void 0;
}
function binds(binding) {
  return !(binding.site.type === "assignment" && binding.site.childForFieldName("type") && !binding.site.childForFieldName("right"));
}
function bindingValue(model, binding, depth) {
  return binding.kind === "assignment" && binding.value ? evaluate(model, binding.value, depth) : void 0;
}
function environmentDefault(model, call, depth) {
  const fn = call.childForFieldName("function");
  if (!fn || !ENVIRONMENT_GETTERS.has(model.source.imports.qualifiedName(fn) ?? "")) return void 0;
  const args = argumentsOf(call);
  if (args.some((a) => a.type === "list_splat" || a.type === "dictionary_splat")) return void 0;
  const keyword = keywordArgument(call, "default");
  const fallback = keyword ? keywordValue(keyword) : args.filter((a) => a.type !== "keyword_argument")[1];
  return fallback ? evaluate(model, fallback, depth) : void 0;
}
var COLLECTIONS = /* @__PURE__ */ new Set(["list", "tuple", "set"]);
function stringItems(model, node, depth = 0) {
  const value2 = unparenthesize(node);
  if (COLLECTIONS.has(value2.type)) {
    return namedChildrenOf(value2).flatMap((item) => {
      const text = literalValue(item);
      return typeof text === "string" ? [text] : [];
    });
  }
  if (depth > MAX_DEPTH) return void 0;
  const bound = (bindings) => {
    const only = bindings?.length === 1 ? bindings[0] : void 0;
    return only?.kind === "assignment" && only.value ? stringItems(model, only.value, depth + 1) : void 0;
  };
  if (value2.type === "identifier") return bound(model.resolve(value2));
  if (value2.type !== "attribute") return void 0;
  const owner = value2.childForFieldName("object");
  const attribute = value2.childForFieldName("attribute")?.text;
  if (owner?.type !== "identifier" || !attribute) return void 0;
  const classes = model.resolve(owner);
  const definition = classes.length === 1 && classes[0].kind === "class" ? classes[0].site : void 0;
  return definition ? bound(model.scopeOpenedBy(definition)?.bindingsOf(attribute)) : void 0;
}

// packages/python/src/semantic/dataclasses.ts
var FIELD_CALLS = /* @__PURE__ */ new Set(["field", "Field"]);
function dataclassesOf(source) {
  const found = [];
  for (const name of source.occurrences("dataclass")) {
    const decorated = decoratedBy(source, name);
    const definition = decorated?.childForFieldName("definition");
    if (definition?.type === "class_definition" && !found.some((d) => sameNode(d.node, definition))) found.push(classInfo(definition));
  }
  return found;
}
function decoratedBy(source, name) {
  if (name.type !== "identifier") return null;
  const callee = name.parent?.type === "attribute" && sameNode(name.parent.childForFieldName("attribute"), name) ? name.parent : name;
  const expression = callee.parent?.type === "call" && sameNode(callee.parent.childForFieldName("function"), callee) ? callee.parent : callee;
  const decorator = expression.parent;
  if (decorator?.type !== "decorator" || source.imports.qualifiedName(callee)?.split(".").pop() !== "dataclass") return null;
  return decorator.parent?.type === "decorated_definition" ? decorator.parent : null;
}
function classInfo(node) {
  const fields = /* @__PURE__ */ new Map();
  const superclasses = node.childForFieldName("superclasses");
  const bases = (superclasses ? namedChildrenOf(superclasses) : []).filter((b) => b.type === "identifier").map((b) => b.text);
  const info = { name: node.childForFieldName("name")?.text ?? "", node, fields, bases };
  const body = node.childForFieldName("body");
  for (const statement of body ? namedChildrenOf(body) : []) {
    const assignment = statement.type === "expression_statement" ? statement.namedChildren[0] : null;
    const left = assignment?.type === "assignment" ? assignment.childForFieldName("left") : null;
    const annotation = assignment?.childForFieldName("type");
    if (left?.type !== "identifier" || !annotation || /\bClassVar\b/.test(annotation.text)) continue;
    const right = assignment.childForFieldName("right");
    const value2 = right ? unparenthesize(right) : void 0;
    const field = value2?.type === "call" && FIELD_CALLS.has(calleeName(value2) ?? "") ? value2 : void 0;
    let fallback = value2;
    if (field) {
      const keyword = keywordArgument(field, "default");
      const positional2 = argumentsOf(field)[0];
      fallback = keyword ? keywordValue(keyword) ?? void 0 : positional2?.type === "keyword_argument" ? void 0 : positional2;
    }
    const factory = !!field && !!keywordArgument(field, "default_factory");
    fields.set(left.text, { name: left.text, owner: info, statement: assignment, annotation, default: fallback, field, factory });
  }
  return info;
}
function fieldOf(classes, className, name, depth = 0) {
  const matching = classes.filter((c) => c.name === className);
  if (matching.length !== 1 || depth > 8) return void 0;
  const info = matching[0];
  const own = info.fields.get(name);
  if (own) return own;
  for (const base of info.bases) {
    const inherited = fieldOf(classes, base, name, depth + 1);
    if (inherited) return inherited;
  }
  return void 0;
}

// packages/python/src/semantic/index.ts
var NOT_READ = /* @__PURE__ */ new Set(["dotted_name", "aliased_import", "global_statement", "nonlocal_statement", "keyword_pattern"]);
var SemanticModel = class {
  constructor(source) {
    this.source = source;
  }
  source;
  treeCache;
  optionsCache;
  dataclassesCache;
  /** Built on the first question that needs scopes: a literal's constant value or an argparse lookup does not. */
  get tree() {
    return this.treeCache ??= buildScopes(this.source.root, (name) => this.source.occurrences(name));
  }
  get module() {
    return this.tree.scopes[0];
  }
  /** Every scope, in the order their nodes start. */
  get scopes() {
    return this.tree.scopes;
  }
  /**
   * The innermost scope a node runs in. A function's decorators, defaults and annotations run in the scope around
   * it, as does a comprehension's first iterable; a definition itself is in the scope around it.
   */
  scopeOf(node) {
    return scopeAt(this.tree.scopes, node.startIndex);
  }
  /** The scope a function, lambda, class or comprehension node opens. */
  scopeOpenedBy(node) {
    const scope = this.tree.opened.get(node.startIndex);
    return scope && sameNode(scope.node, node) ? scope : void 0;
  }
  /** The binding an identifier makes (`x` of `x = 1`, a parameter, a def's name); undefined for reads. */
  bindingOf(identifier) {
    const binding = this.tree.bindingOf(identifier);
    return binding && sameNode(binding.node, identifier) ? binding : void 0;
  }
  /** Every binding an identifier may refer to, in source order; [] for builtins and unknown names. */
  resolve(identifier) {
    if (identifier.type !== "identifier") return [];
    const own = this.bindingOf(identifier);
    const scope = own ? own.scope : definingScope(identifier.text, this.scopeOf(identifier), identifier.startIndex);
    return scope?.bindingsOf(identifier.text) ?? [];
  }
  /** The bindings a read of `name` in `scope` refers to, by Python's rules (local, enclosing, module). */
  bindingsOf(name, scope) {
    return definingScope(name, scope)?.bindingsOf(name) ?? [];
  }
  referencesOf(target, from) {
    const name = typeof target === "string" ? target : target.name;
    const owner = typeof target === "string" ? definingScope(name, from) : target.scope;
    const found = [];
    for (const node of this.source.occurrences(name)) {
      if (node.type !== "identifier" || !this.isRead(node)) continue;
      const scope = this.scopeOf(node);
      if (definingScope(name, scope, node.startIndex) !== owner) continue;
      if (!owner && !encloses(from, scope)) continue;
      found.push(node);
    }
    return found;
  }
  /**
   * The value an expression is known to have without running the program (undefined when unknown): literals, names
   * whose every binding assigns the same constant, settings (`args.x` of an argparse option's default,
   * `model_args.x` of a dataclass field's default) and `os.environ.get("X", "default")`.
   */
  constantValue(node) {
    return evaluate(this, node, 0);
  }
  stringConstant(node) {
    const value2 = this.constantValue(node);
    return typeof value2 === "string" ? value2 : void 0;
  }
  /** The string items of the list, tuple or set an expression is known to be (a literal, a name or class attribute bound to one). */
  stringItems(node) {
    return stringItems(this, node);
  }
  argparseOptions() {
    return this.optionsCache ??= argparseOptionsOf(this.source);
  }
  /** The `add_argument` call that defines `dest`, when exactly one in the file does. */
  argumentOption(dest) {
    const matching = this.argparseOptions().filter((option) => option.dest === dest);
    return matching.length === 1 ? matching[0] : void 0;
  }
  dataclasses() {
    return this.dataclassesCache ??= dataclassesOf(this.source);
  }
  /** A field of the named dataclass (or its bases); without a class, the one dataclass of the file that defines it. */
  dataclassField(name, className) {
    if (className !== void 0) return fieldOf(this.dataclasses(), className, name);
    const owners = this.dataclasses().filter((info) => info.fields.has(name));
    return owners.length === 1 ? owners[0].fields.get(name) : void 0;
  }
  /** The calls of a function definition in this file (see call-sites.ts). */
  callSitesOf(definition) {
    return callSitesOf(this, definition);
  }
  /** Whether a call passes a parameter of the function it calls, and the argument it passes. */
  argumentFor(call, definition, parameterName) {
    return argumentFor(this, call, definition, parameterName);
  }
  isRead(identifier) {
    const binding = this.bindingOf(identifier);
    if (binding) return binding.kind === "augmented-assignment";
    const parent = identifier.parent;
    if (!parent || NOT_READ.has(parent.type)) return false;
    if (parent.type === "attribute") return !sameNode(parent.childForFieldName("attribute"), identifier);
    if (parent.type === "keyword_argument") return !sameNode(parent.childForFieldName("name"), identifier);
    return true;
  }
};
function encloses(outer, inner) {
  for (let scope = inner; scope; scope = scope.parent) if (scope === outer) return true;
  return false;
}

// packages/python/src/source.ts
var PythonSource = class {
  constructor(text, root) {
    this.text = text;
    this.root = root;
  }
  text;
  root;
  importsCache;
  guardsCache;
  linesCache;
  semanticCache;
  offsetCache = /* @__PURE__ */ new Map();
  occurrenceCache = /* @__PURE__ */ new Map();
  get imports() {
    return this.importsCache ??= ImportMap.fromTree(this.root);
  }
  get guards() {
    return this.guardsCache ??= new GuardFinder(this.root, HARDWARE_CHECK_NAMES, this.text, BF16_CHOICE_STRINGS, this.semantic);
  }
  get lines() {
    return this.linesCache ??= new LineIndex(this.text);
  }
  /** Scopes, bindings, name resolution and constant values, built on first use and shared by all rules. */
  get semantic() {
    return this.semanticCache ??= new SemanticModel(this);
  }
  /**
   * The smallest node exactly covering each whole-word occurrence of `word` in the text. Rules anchor on the
   * literal that triggered them instead of walking the whole tree: the text search is cheap, and a comment or a
   * string shows up as such a node, so the rule can tell code from prose.
   */
  *occurrences(word) {
    yield* this.occurrenceNodes(word);
  }
  /**
   * The nodes of `occurrences`, found once per word: rules and their shared helpers ask for the same words over
   * and over (on Megatron-LM each file was searched ~40 times for words asked before, 700 MB of text in all).
   */
  occurrenceNodes(word) {
    let nodes = this.occurrenceCache.get(word);
    if (!nodes) {
      const found = [];
      for (const at of this.wordOffsets(word)) {
        const node = this.root.descendantForIndex(at, at + word.length);
        if (node) found.push(node);
      }
      this.occurrenceCache.set(word, nodes = found);
    }
    return nodes;
  }
  /**
   * The calls made by one of these names (`f(...)`, or the `f` of `x.f(...)`), each with its callee expression: by
   * name in the order given, each name's calls in document order. Rules find the calls they read from the name
   * that calls them instead of visiting every call of the file.
   */
  *callsNamed(names) {
    for (const name of names) {
      for (const node of this.occurrenceNodes(name)) {
        const found = callNamedAt(node);
        if (found) yield found;
      }
    }
  }
  /** The offsets of each whole-word occurrence of `word` in the text (see `wordOffsets`), found once per word. */
  wordOffsets(word) {
    let offsets = this.offsetCache.get(word);
    if (!offsets) this.offsetCache.set(word, offsets = [...wordOffsets(this.text, word)]);
    return offsets;
  }
};

// packages/python/src/requirements.ts
import { parse as parseToml } from "smol-toml";
var REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;#@]*)/;
function normalizeProjectName(name) {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
function parseRequirement(text, start) {
  const match = REQUIREMENT.exec(text);
  if (!match) return void 0;
  const specifier = match[3].trim();
  return { name: normalizeProjectName(match[1]), specifier, start, end: start + match[0].trimEnd().length };
}
var RequirementsSource = class {
  constructor(text, format) {
    this.text = text;
    this.format = format;
    this.requirements = format === "pyproject.toml" ? fromPyproject(text) : fromRequirementsTxt(text);
  }
  text;
  format;
  requirements;
  linesCache;
  get lines() {
    return this.linesCache ??= new LineIndex(this.text);
  }
  find(name) {
    const wanted = normalizeProjectName(name);
    return this.requirements.filter((r) => r.name === wanted);
  }
};
function fromRequirementsTxt(text) {
  const found = [];
  let offset = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const leading = /^\s*/.exec(line)[0].length;
    const body = line.slice(leading);
    if (body && !body.startsWith("#") && !body.startsWith("-")) {
      const requirement = parseRequirement(body, offset + leading);
      if (requirement) found.push(requirement);
    }
    offset += line.length;
  }
  return found;
}
function fromPyproject(text) {
  const data = parseToml(text);
  const strings = [
    ...asStrings(data.project?.dependencies),
    ...Object.values(data.project?.["optional-dependencies"] ?? {}).flatMap(asStrings)
  ];
  const found = [];
  let from = 0;
  for (const value2 of strings) {
    const at = text.indexOf(value2, from);
    if (at === -1) continue;
    from = at + value2.length;
    const requirement = parseRequirement(value2, at);
    if (requirement) found.push(requirement);
  }
  return found;
}
function asStrings(value2) {
  return Array.isArray(value2) ? value2.filter((v) => typeof v === "string") : [];
}

// packages/python/src/notebook.ts
import { parseTree, printParseErrorCode, visit } from "jsonc-parser";

// packages/python/src/ipython.ts
var PYTHON_BODY_MAGICS = /* @__PURE__ */ new Set(["time", "timeit", "capture", "prun"]);
var SHELL_MAGICS = /* @__PURE__ */ new Set(["bash", "sh"]);
var SHELL_LINE_MAGICS = /* @__PURE__ */ new Set(["sx", "system"]);
var COMMAND_LINE_MAGICS = /* @__PURE__ */ new Set(["pip", "conda", "mamba"]);
function splitLines(text) {
  const lines = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n" || ch === "\r") {
      const next = ch === "\r" && text[i + 1] === "\n" ? i + 2 : i + 1;
      lines.push({ start, end: i, next });
      start = next;
      i = next - 1;
    }
  }
  if (start < text.length || lines.length === 0) lines.push({ start, end: text.length, next: text.length });
  return lines;
}
function filler(length) {
  return length >= 4 ? `pass${" ".repeat(length - 4)}` : `0${" ".repeat(Math.max(0, length - 1))}`;
}
function maskIPython(cell) {
  const lines = splitLines(cell);
  const out = cell.split("");
  const masked = [];
  const shell = [];
  let problem;
  const mask = (first2, last, keepIndent) => {
    for (let i2 = first2; i2 <= last; i2++) {
      const line = lines[i2];
      const from = i2 === first2 && keepIndent ? line.start + indentOf(cell, line) : line.start;
      const fill = i2 === first2 ? filler(line.end - from) : " ".repeat(line.end - from);
      for (let k = 0; k < fill.length; k++) out[from + k] = fill[k];
    }
    masked.push({ start: lines[first2].start, end: lines[last].next });
  };
  let i = lines.findIndex((line) => cell.slice(line.start, line.end).trim() !== "");
  if (i < 0) return { text: cell, masked, shell };
  const first = lines[i];
  const firstText = cell.slice(first.start + indentOf(cell, first), first.end);
  if (firstText.startsWith("%%")) {
    const magic = cellMagic(firstText);
    const bodyStart = first.next;
    if (magic.body === "python") {
      mask(i, i, false);
      i++;
    } else {
      mask(i, lines.length - 1, false);
      masked.splice(-1, 1, { start: 0, end: cell.length });
      if (magic.body === "shell" && bodyStart < cell.length) shell.push({ kind: "cell", start: bodyStart, end: cell.length });
      return { text: out.join(""), masked, shell };
    }
  }
  while (i < lines.length) {
    const line = lines[i];
    const indent = indentOf(cell, line);
    const rest = cell.slice(line.start + indent, line.end);
    if (rest === "" || rest.startsWith("#")) {
      i++;
      continue;
    }
    const escape = escapedCommand(rest);
    if (escape) {
      let last = i;
      while (last + 1 < lines.length && cell.slice(lines[last].start, lines[last].end).endsWith("\\")) last++;
      if (escape.shellAt !== void 0) {
        const bangAt = escape.bang ? { bangAt: line.start + indent } : {};
        shell.push({ kind: "line", start: line.start + indent + escape.shellAt, end: lines[last].end, ...bangAt });
      }
      mask(i, last, true);
      i = last + 1;
      continue;
    }
    const logical = scanLogicalLine(cell, lines, i);
    if (logical.problem) problem ??= logical.problem;
    if (logical.lastChar === "?") mask(i, logical.last, true);
    i = logical.last + 1;
  }
  return { text: out.join(""), masked, shell, ...problem ? { problem } : {} };
}
function indentOf(text, line) {
  let at = line.start;
  while (at < line.end && (text[at] === " " || text[at] === "	" || text[at] === "\f")) at++;
  return at - line.start;
}
function cellMagic(line) {
  const [name = "", ...args] = line.slice(2).trim().split(/\s+/);
  if (PYTHON_BODY_MAGICS.has(name)) return { body: "python" };
  if (SHELL_MAGICS.has(name)) return { body: "shell" };
  if (name === "script" && /^(?:\S*\/)?(?:ba)?sh$/.test(args.find((a) => !a.startsWith("-")) ?? "")) return { body: "shell" };
  if (name === "writefile" || name === "file") {
    const path = (args.filter((a) => !a.startsWith("-")).pop() ?? "").replace(/^(["'])(.*)\1$/, "$2");
    if (path.endsWith(".py")) return { body: "python" };
    if (path.endsWith(".sh")) return { body: "shell" };
  }
  return { body: "other" };
}
function escapedCommand(rest) {
  const c = rest[0];
  if (c === "!" && rest[1] !== "=") return rest.startsWith("!!") ? { shellAt: 2 } : { shellAt: 1, bang: true };
  if (c === "%" && rest[1] !== "=") return magicShell(rest, 0);
  if (c === "?" || c === "/" || c === "," || c === ";") return {};
  const assign = assignmentValue(rest);
  if (assign === void 0) return void 0;
  if (rest[assign] === "!" && rest[assign + 1] !== "=") return { shellAt: rest.startsWith("!!", assign) ? assign + 2 : assign + 1 };
  if (rest[assign] === "%" && /[A-Za-z_]/.test(rest[assign + 1] ?? "")) return magicShell(rest, assign);
  return void 0;
}
function magicShell(rest, at) {
  const match = /^%+([A-Za-z_]\w*)[ \t]*/.exec(rest.slice(at));
  if (!match) return {};
  if (SHELL_LINE_MAGICS.has(match[1])) return { shellAt: at + match[0].length };
  if (COMMAND_LINE_MAGICS.has(match[1])) return { shellAt: at + match[0].indexOf(match[1]) };
  return {};
}
function assignmentValue(rest) {
  let depth = 0;
  for (let k = 0; k < rest.length; k++) {
    const c = rest[k];
    if (c === "#") return void 0;
    if (c === '"' || c === "'") {
      k = skipString(rest, k).end - 1;
      continue;
    }
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth = Math.max(0, depth - 1);
    else if (c === "=" && depth === 0) {
      if (k === 0 || rest[k + 1] === "=" || "=!<>+-*/%&|^@:".includes(rest[k - 1])) {
        if (rest[k + 1] === "=") k++;
        continue;
      }
      let value2 = k + 1;
      while (rest[value2] === " " || rest[value2] === "	") value2++;
      return value2;
    }
  }
  return void 0;
}
function skipString(text, at, lineEnds = false) {
  const quote2 = text[at];
  const triple = text.startsWith(quote2.repeat(3), at);
  const close = triple ? quote2.repeat(3) : quote2;
  let k = at + close.length;
  while (k < text.length) {
    const c = text[k];
    if (c === "\\") {
      k += text.startsWith("\r\n", k + 1) ? 3 : 2;
      continue;
    }
    if (!triple && lineEnds && (c === "\n" || c === "\r")) return { end: k, closed: false };
    if (text.startsWith(close, k)) return { end: k + close.length, closed: true };
    k++;
  }
  return { end: text.length, closed: false };
}
function scanLogicalLine(cell, lines, first) {
  let depth = 0;
  let lastChar = "";
  let problem;
  let k = lines[first].start;
  let line = first;
  const lineAt = (offset) => {
    while (line + 1 < lines.length && lines[line].next <= offset) line++;
    return line;
  };
  while (k < cell.length) {
    const c = cell[k];
    if (c === "#") {
      k = lines[lineAt(k)].end;
      continue;
    }
    if (c === '"' || c === "'") {
      const string = skipString(cell, k, true);
      if (!string.closed) problem ??= `unterminated string at line ${lineAt(k) + 1}`;
      lastChar = c;
      k = string.end;
      continue;
    }
    if (c === "\\" && (k + 1 === cell.length || cell[k + 1] === "\n" || cell[k + 1] === "\r")) {
      if (k + 1 === cell.length) problem ??= `line ${lineAt(k) + 1} ends the cell with a backslash continuation`;
      k = lines[lineAt(k)].next;
      continue;
    }
    if (c === "\n" || c === "\r") {
      if (depth === 0) return { last: lineAt(k), lastChar, ...problem ? { problem } : {} };
      k++;
      continue;
    }
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth = Math.max(0, depth - 1);
    if (c !== " " && c !== "	" && c !== "\f") lastChar = c;
    k++;
  }
  if (depth > 0) problem ??= `a bracket opened at line ${first + 1} is not closed in the cell`;
  return { last: lines.length - 1, lastChar, ...problem ? { problem } : {} };
}

// packages/python/src/notebook.ts
var NOT_MAPPED = -1;
var STRICT_JSON = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };
var Notebook = class {
  /** Use `parseNotebook`. */
  constructor(text, root, language) {
    this.text = text;
    this.language = language;
    this.asciiOnly = !/[^\x00-\x7f]/.test(text);
    const python = [];
    const unmasked = [];
    let length = 0;
    const isPython = isPythonKernel(language);
    root.cells.forEach((json, index) => {
      const cell = { number: index + 1, type: json.cell_type };
      this.cells.push(cell);
      if (cell.type !== "code" || !isPython) return;
      const original = sourceText(json.source);
      cell.start = length;
      cell.end = length + original.length;
      length += original.length + 1;
      unmasked.push(original, "\n");
      const masked = maskIPython(original);
      python.push(masked.text, "\n");
      for (const range of masked.masked) this.masked.push({ start: cell.start + range.start, end: cell.start + range.end });
      for (const shell of masked.shell) {
        const bangAt = shell.bangAt === void 0 ? {} : { bangAt: cell.start + shell.bangAt };
        this.shell.push({ cell: cell.number, kind: shell.kind, text: original.slice(shell.start, shell.end), start: cell.start + shell.start, end: cell.start + shell.end, ...bangAt });
      }
      if (masked.problem) cell.problem = masked.problem;
      this.codeCells.push(cell);
    });
    this.python = python.join("");
    this.code = unmasked.join("");
  }
  text;
  /** The cells, in order; `cells[n - 1]` has number n. */
  cells = [];
  shell = [];
  /** Ranges of `python` that stand in for IPython syntax (magics, `!` lines, help); never edited. */
  masked = [];
  /**
   * The code cells' texts, each followed by "\n", IPython syntax masked with Python of the same length. Cells are
   * parsed as one module, as the kernel runs them in one namespace; the "\n" makes each cell end its last line
   * (a cell that leaves a bracket or string open is reported through `NotebookCell.problem`).
   */
  python;
  /** `python` before masking: the code cells' texts as the notebook holds them. */
  code;
  /** The notebook's kernel language when it says one, lower case ("python" for Python notebooks). */
  language;
  codeCells = [];
  asciiOnly;
  linesCache;
  positionsCache;
  /** Virtual offsets of the characters that come from the JSON text, and where each starts there (ascending). */
  mappedAt;
  /**
   * Where each character of `python` sits in the JSON text, read on first use: only a notebook with a finding or an
   * edit needs it, and reading it scans the whole text, outputs and all (most of a notebook's bytes), with a
   * JavaScript JSON scanner. The code itself comes from JSON.parse.
   */
  get positions() {
    return this.positionsCache ??= this.readPositions();
  }
  readPositions() {
    const nodes = cellNodes(this.text, STRICT_JSON);
    if (!nodes || nodes.length !== this.cells.length) throw new Error("the notebook's cells could not be found in its JSON text");
    const decoded = [];
    const from = [];
    const to = [];
    const segmentOf = [];
    const segments = [];
    for (const cell of this.codeCells) {
      for (const segment of sourceSegments(this.text, property(nodes[cell.number - 1], "source"), cell.number)) {
        const added = decodeJsonString(this.text, segment.contentStart, segment.contentEnd, decoded, from, to);
        for (let k = 0; k < added; k++) segmentOf.push(segments.length);
        segments.push(segment);
      }
      decoded.push("\n");
      from.push(NOT_MAPPED);
      to.push(NOT_MAPPED);
      segmentOf.push(NOT_MAPPED);
    }
    if (decoded.join("") !== this.code) throw new Error("the notebook's cells read differently from its JSON text");
    return { from: Int32Array.from(from), to: Int32Array.from(to), segmentOf: Int32Array.from(segmentOf), segments };
  }
  get lines() {
    return this.linesCache ??= new LineIndex(this.python);
  }
  /** The line holding a virtual offset as the notebook has it (magics unmasked), without its line break. */
  lineText(offset) {
    const { line } = this.lines.position(offset);
    const end = line < this.lines.lineCount ? this.lines.lineStart(line + 1) : this.code.length;
    return this.code.slice(this.lines.lineStart(line), end).replace(/\r?\n$|\r$/, "");
  }
  /** The code cell holding a virtual offset (the separator after a cell belongs to it). */
  cellAt(offset) {
    let low = 0;
    let high = this.codeCells.length - 1;
    while (low < high) {
      const mid = low + high + 1 >> 1;
      if (this.codeCells[mid].start <= offset) low = mid;
      else high = mid - 1;
    }
    const cell = this.codeCells[low];
    return cell && cell.start <= offset && offset <= cell.end ? cell : void 0;
  }
  /** Cell, line and column of a virtual offset, counted within its cell. */
  locate(offset) {
    const cell = this.cellAt(offset);
    if (!cell) return void 0;
    const at = this.lines.position(offset);
    return { cell: cell.number, line: at.line - this.lines.position(cell.start).line + 1, column: at.column };
  }
  /**
   * The JSON offset of a virtual offset: where the character there starts, or for the end of a cell, where its last
   * character ends. Undefined between cells and in empty cells.
   */
  toNotebookOffset(offset) {
    const { from, to } = this.positions;
    if (offset < this.python.length && from[offset] !== NOT_MAPPED) return from[offset];
    if (offset > 0 && to[offset - 1] !== NOT_MAPPED) return to[offset - 1];
    return void 0;
  }
  /** A range of the virtual Python as a range of the JSON text (its end where its last character ends). */
  toNotebookRange(start, end) {
    const { to } = this.positions;
    const jsonStart = this.toNotebookOffset(start);
    const jsonEnd = end > start && to[end - 1] !== NOT_MAPPED ? to[end - 1] : this.toNotebookOffset(end);
    return jsonStart === void 0 || jsonEnd === void 0 ? void 0 : { start: jsonStart, end: jsonEnd };
  }
  /** The virtual offset of a JSON offset inside a code cell's source (or at its end); undefined elsewhere. */
  fromNotebookOffset(offset) {
    const { virtual, json } = this.mappedAt ??= this.buildReverseMap();
    const { to, segmentOf, segments } = this.positions;
    let low = 0;
    let high = json.length - 1;
    if (high < 0 || offset < json[0]) return void 0;
    while (low < high) {
      const mid = low + high + 1 >> 1;
      if (json[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    const at = virtual[low];
    if (offset < to[at]) return at;
    const segment = segments[segmentOf[at]];
    return offset <= segment.contentEnd ? at + 1 : void 0;
  }
  /**
   * An edit of the virtual Python as an edit of the JSON text: its replacement escaped as JSON string content and,
   * in a list `source`, split into one string per line as Jupyter writes them. Undefined when it cannot be
   * expressed: it touches a masked line (or, without `within`, any masked text), or crosses from one cell into the
   * next. `within` allows an edit inside that masked range only (shell rules editing a `!` line).
   */
  toNotebookEdit(edit, options = {}) {
    const { start, end, text } = edit;
    if (start < 0 || end < start || end > this.python.length) return void 0;
    if (options.within) {
      if (start < options.within.start || end > options.within.end) return void 0;
    } else if (this.touchesMasked(start, end, text)) {
      return void 0;
    }
    const { from, segmentOf, segments, to } = this.positions;
    if (start === end) {
      const at = this.toNotebookOffset(start);
      const k = start < this.python.length && from[start] !== NOT_MAPPED ? start : start - 1;
      const segment2 = segments[segmentOf[k] ?? NOT_MAPPED];
      if (at === void 0 || !segment2) return void 0;
      const atStringEnd = at === segment2.contentEnd;
      const opens = atStringEnd && segment2.separator !== void 0 && this.python[start - 1] === "\n" && text !== "";
      return { start: at, end: at, text: (opens ? `"${segment2.separator}"` : "") + this.encode(text, segment2, atStringEnd) };
    }
    for (let k = start; k < end; k++) if (from[k] === NOT_MAPPED) return void 0;
    const first = segmentOf[start];
    const last = segmentOf[end - 1];
    const segment = segments[first];
    const jsonStart = from[start];
    const jsonEnd = to[end - 1];
    const whole = jsonStart === segment.contentStart && jsonEnd === segments[last].contentEnd;
    if (whole && text === "" && segment.separator !== void 0) {
      const next = segments[last + 1];
      if (next?.cell === segment.cell) return { start: segment.contentStart - 1, end: next.contentStart - 1, text: "" };
      const previous = segments[first - 1];
      if (previous?.cell === segment.cell) return { start: previous.contentEnd + 1, end: jsonEnd + 1, text: "" };
    }
    return { start: jsonStart, end: jsonEnd, text: this.encode(text, segment, jsonEnd === segments[last].contentEnd) };
  }
  touchesMasked(start, end, text) {
    for (const range of this.masked) {
      if (start === end) {
        if (start > range.start && start < range.end) return true;
        if (start === range.start && !/[\n\r]$/.test(text)) return true;
        if (start === range.end && !/[\n\r]$/.test(this.python.slice(range.start, range.end))) return true;
      } else if (start < range.end && range.start < end) {
        return true;
      }
    }
    return false;
  }
  /**
   * JSON string content for `text`; in a list source each line break ends a string of the list, as Jupyter
   * writes them, except a final one at the end of a string (the new string would be empty).
   */
  encode(text, segment, atStringEnd) {
    const escape = (part) => escapeJsonContent(part, this.asciiOnly);
    if (segment.separator === void 0) return escape(text);
    const joiner = `"${segment.separator}"`;
    const lines = text.split(/(?<=\n)/).map(escape).join(joiner);
    return text.endsWith("\n") && !atStringEnd ? lines + joiner : lines;
  }
  buildReverseMap() {
    const { from } = this.positions;
    const virtual = [];
    const json = [];
    for (let k = 0; k < from.length; k++) {
      if (from[k] === NOT_MAPPED) continue;
      virtual.push(k);
      json.push(from[k]);
    }
    return { virtual: Int32Array.from(virtual), json: Int32Array.from(json) };
  }
};
function parseNotebook(text) {
  const root = parseJson(text);
  if ("error" in root) return root;
  return notebookOf(text, root.value);
}
function notebookOf(text, value2) {
  const problem = nbformatProblem(value2);
  if (problem) return { error: problem };
  return { notebook: new Notebook(text, value2, kernelLanguage(value2)) };
}
function notebookFromCells(text, cells) {
  return new Notebook(text, { cells: cells.cells }, cells.language);
}
function sourceText(source) {
  return Array.isArray(source) ? source.join("") : source;
}
function parseJson(text) {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const errors = [];
    parseTree(text, errors, STRICT_JSON);
    const first = errors[0];
    if (!first) return { error: `invalid JSON: ${error.message}` };
    return { error: `invalid JSON (${printParseErrorCode(first.error)})`, offset: first.offset };
  }
}
function cellNodes(text, options) {
  const cells = [];
  const stack = [];
  let failed = false;
  const stringNode = (value2, offset, length, parent) => ({ type: "string", value: value2, offset, length, parent });
  const propertyOf = (cell, key, valueNode) => {
    const property2 = { type: "property", offset: valueNode.offset, length: valueNode.length, parent: cell, children: [] };
    property2.children.push({ type: "string", value: key, offset: valueNode.offset, length: 0, parent: property2 }, valueNode);
    valueNode.parent = property2;
    cell.children.push(property2);
  };
  const at = (depth, key) => stack.length === depth && (key === void 0 || stack[depth - 1].key === key);
  const inCells = () => at(2) && stack[0].key === "cells" && stack[1].kind === "array";
  visit(
    text,
    {
      onObjectBegin: (offset) => {
        const node = inCells() ? { type: "object", offset, length: 0, children: [] } : void 0;
        if (node) cells.push(node);
        stack.push({ kind: "object", ...node ? { node } : {} });
      },
      onObjectProperty: (key) => {
        stack[stack.length - 1].key = key;
      },
      onObjectEnd: (offset, length) => {
        const ended = stack.pop();
        if (ended?.node) ended.node.length = offset + length - ended.node.offset;
      },
      onArrayBegin: (offset) => {
        if (at(1, "cells")) cells.length = 0;
        const cell = stack[2]?.node;
        const node = cell && at(3, "source") ? { type: "array", offset, length: 0, children: [] } : void 0;
        if (node && cell) propertyOf(cell, "source", node);
        stack.push({ kind: "array", ...node ? { node } : {} });
      },
      onArrayEnd: (offset, length) => {
        const ended = stack.pop();
        if (ended?.node) ended.node.length = offset + length - ended.node.offset;
      },
      onLiteralValue: (value2, offset, length) => {
        const cell = stack[2]?.node;
        if (!cell || typeof value2 !== "string") return;
        if (at(3, "cell_type") || at(3, "source")) propertyOf(cell, stack[2].key, stringNode(value2, offset, length, cell));
        else if (at(4) && stack[3].node) stack[3].node.children.push(stringNode(value2, offset, length, stack[3].node));
      },
      onError: () => {
        failed = true;
      }
    },
    options
  );
  return failed ? void 0 : cells;
}
function nbformatProblem(root) {
  if (!isObject(root)) return "the top level is not a JSON object";
  const { nbformat, cells } = root;
  if (typeof nbformat !== "number") return 'no "nbformat" version number';
  if (!Array.isArray(cells)) {
    return nbformat < 4 ? `nbformat ${nbformat} notebooks are not supported (open and save it in Jupyter to upgrade it to nbformat 4)` : 'no "cells" list';
  }
  for (const [index, cell] of cells.entries()) {
    const where = `cell ${index + 1}`;
    if (!isObject(cell)) return `${where} is not a JSON object`;
    if (typeof cell.cell_type !== "string") return `${where} has no "cell_type" string`;
    const { source } = cell;
    const isText = typeof source === "string" || Array.isArray(source) && source.every((line) => typeof line === "string");
    if (!isText) return `${where}: "source" is not a string or a list of strings`;
  }
  return void 0;
}
function kernelLanguage(root) {
  const metadata = root.metadata;
  const fromSpec = metadata?.kernelspec?.language;
  const language = typeof fromSpec === "string" ? fromSpec : metadata?.language_info?.name;
  return typeof language === "string" ? language.toLowerCase() : void 0;
}
function isPythonKernel(language) {
  return language === void 0 || /^i?python/.test(language);
}
function isObject(value2) {
  return typeof value2 === "object" && value2 !== null && !Array.isArray(value2);
}
function property(node, key) {
  if (node?.type !== "object") return void 0;
  let found;
  for (const pair of node.children ?? []) if (pair.children?.[0]?.value === key) found = pair.children[1];
  return found;
}
function sourceSegments(text, source, cell) {
  const inside = (node) => ({ cell, contentStart: node.offset + 1, contentEnd: node.offset + node.length - 1 });
  if (source.type === "string") return [inside(source)];
  const strings = source.children ?? [];
  const separator = listSeparator(text, source, strings);
  return strings.map((node) => ({ ...inside(node), separator }));
}
function listSeparator(text, list, strings) {
  const [a, b] = strings;
  if (a && b) return text.slice(a.offset + a.length, b.offset);
  const before = a ? text.slice(list.offset + 1, a.offset) : "";
  return `,${before || " "}`;
}
function decodeJsonString(text, start, end, chars, from, to) {
  const before = chars.length;
  let k = start;
  while (k < end) {
    let char = text[k];
    let next = k + 1;
    if (char === "\\") {
      const kind = text[k + 1];
      next = k + 2;
      if (kind === "u") {
        char = String.fromCharCode(parseInt(text.slice(k + 2, k + 6), 16));
        next = k + 6;
      } else {
        char = ESCAPES[kind] ?? kind;
      }
    }
    chars.push(char);
    from.push(k);
    to.push(next);
    k = next;
  }
  return chars.length - before;
}
var ESCAPES = { b: "\b", f: "\f", n: "\n", r: "\r", t: "	", '"': '"', "\\": "\\", "/": "/" };
function escapeJsonContent(text, asciiOnly = false) {
  const escaped = JSON.stringify(text).slice(1, -1);
  return asciiOnly ? escaped.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : escaped;
}

// packages/python/src/parser.ts
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
var require2 = createRequire(import.meta.url);
var NATIVE_BUFFER_MIN = 64 * 1024;
function loadNative(grammar) {
  const requireFrom = createRequire(grammar.from);
  const NativeParser = require2("tree-sitter");
  const language = requireFrom(grammar.module);
  const parser = new NativeParser();
  parser.setLanguage(language);
  return {
    backend: "native",
    parse(text) {
      const tree = parser.parse(text, null, { bufferSize: Math.max(NATIVE_BUFFER_MIN, text.length * 2 + 1) });
      return { root: tree.rootNode, dispose() {
      } };
    }
  };
}
async function loadWasm(grammar, options) {
  if (options.fewFiles) setFlagsFromString("--liftoff-only");
  return loadWasmParser({ name: grammar.module, wasm: createRequire(grammar.from).resolve(`${grammar.module}/${grammar.wasm}`) });
}
var nativeLoadError;
async function loadGrammar(grammar, options = {}) {
  const fromEnv = process.env.GPU_COMPAT_PARSER;
  const wanted = options.backend ?? (fromEnv === "native" || fromEnv === "wasm" ? fromEnv : "auto");
  if (wanted === "wasm") return loadWasm(grammar, options);
  try {
    return loadNative(grammar);
  } catch (error) {
    if (wanted === "native") throw error;
    nativeLoadError = error instanceof Error ? error.message : String(error);
    return loadWasm(grammar, options);
  }
}
var PYTHON_GRAMMAR = { module: "tree-sitter-python", wasm: "tree-sitter-python.wasm", from: import.meta.url };
function loadPythonParser(options = {}) {
  return loadGrammar(PYTHON_GRAMMAR, options);
}

// packages/targets/src/requirements.ts
var cc = (major, minor) => ({ major, minor });
var MINIMUM = {
  bf16: cc(8, 0),
  tf32: cc(8, 0),
  flashAttention2: cc(8, 0),
  fp8: cc(8, 9),
  fp16TensorCores: cc(7, 0),
  triton: cc(7, 0),
  // PyTorch 2.11 dropped Volta from its CUDA 12.8 builds, and its CUDA 13 builds never had it (pytorch#175253).
  currentTorchWheels: cc(7, 5),
  vllm: cc(7, 0),
  unsloth: cc(7, 0),
  bitsandbytes: cc(6, 0),
  bitsandbytesInt8Matmul: cc(7, 5),
  tritonPipelining: cc(8, 0),
  sdpaCudnn: cc(8, 0),
  sdpaMemoryEfficient: cc(5, 0),
  // PyTorch 2.8 dropped Maxwell and Pascal from its CUDA 12.8 builds, the default on PyPI (pytorch#157517).
  torch28Wheels: cc(7, 0),
  // The cu126 builds are made for 5.0;6.0;7.0;7.5;8.0;8.6;9.0 (PyTorch RELEASE.md support matrix, pytorch#182849).
  torchCu126Wheels: cc(5, 0),
  cuda12Toolkit: cc(5, 0),
  // CUDA 13.0 removed offline compilation and library support for Maxwell, Pascal and Volta.
  cuda13Toolkit: cc(7, 5)
};
function minimumCapability(requirement) {
  return MINIMUM[requirement];
}
function requiredCapability(requirement) {
  const { major, minor } = MINIMUM[requirement];
  return `${major}.${minor}`;
}
function meets(target, requirement) {
  const have = "major" in target ? target : ("gpu" in target ? target.gpu : target).computeCapability;
  const need = MINIMUM[requirement];
  return have.major > need.major || have.major === need.major && have.minor >= need.minor;
}

// packages/targets/src/gpus.ts
function featuresFor(computeCapability) {
  const has2 = (feature) => meets(computeCapability, feature);
  return {
    bf16: has2("bf16"),
    tf32: has2("tf32"),
    flashAttention2: has2("flashAttention2"),
    fp8: has2("fp8"),
    fp16TensorCores: has2("fp16TensorCores"),
    triton: has2("triton"),
    currentTorchWheels: has2("currentTorchWheels")
  };
}
var KB = 1024;
function gpu(id, name, arch, cc2, memoryGiB, smemKB) {
  const [major, minor] = cc2.split(".").map(Number);
  const computeCapability = { major, minor };
  return {
    id,
    name,
    arch,
    computeCapability,
    memoryGiB,
    maxSharedMemoryPerBlock: smemKB * KB,
    features: featuresFor(computeCapability)
  };
}
var GPUS = [
  gpu("k80", "Tesla K80", "Kepler", "3.7", 11.4, 48),
  // row K80: one die of the two-die board, 12 GB (~11.4 GiB)
  gpu("p100", "Tesla P100", "Pascal", "6.0", 15.9, 48),
  // row P100: 16 GB (~15.9 GiB)
  gpu("p4", "Tesla P4", "Pascal", "6.1", 7.4, 48),
  // row P4: 8 GB
  gpu("v100", "Tesla V100 16GB", "Volta", "7.0", 15.8, 96),
  // row V100: 16 GB variant
  gpu("v100-32", "Tesla V100 32GB", "Volta", "7.0", 31.7, 96),
  // row V100: 32 GB variant
  gpu("t4", "Tesla T4", "Turing", "7.5", 15, 64),
  // row T4: 16 GB (~15 GiB shown)
  gpu("a100-40", "A100 40GB", "Ampere", "8.0", 39.4, 163),
  // row A100: 40 GB variant
  gpu("a100-80", "A100 80GB", "Ampere", "8.0", 79.2, 163),
  // row A100: 80 GB variant
  gpu("a10g", "A10G", "Ampere", "8.6", 22, 99),
  // row A10G/...: 24 GB
  gpu("rtx3090", "GeForce RTX 3090", "Ampere", "8.6", 23.7, 99),
  // row A10G/RTX 3090/...: 24 GB
  gpu("a5000", "RTX A5000", "Ampere", "8.6", 23.7, 99),
  // row A10G/.../RTX A5000: 24 GB
  gpu("a6000", "RTX A6000", "Ampere", "8.6", 47.5, 99),
  // row A10G/.../RTX A6000: 48 GB
  gpu("l4", "L4", "Ada", "8.9", 22, 99),
  // row L4: 24 GB
  gpu("h100", "H100 80GB", "Hopper", "9.0", 79, 227)
  // row H100: 80 GB
];

// packages/targets/src/platforms.ts
var KAGGLE_SAVED_OUTPUT = { path: "/kaggle/working", gb: 20 };
var KAGGLE_SESSION_HOURS = 12;
var KAGGLE_NOTES = [
  "30 GPU hours a week; a GPU session ends after 12 h (Kaggle Notebooks docs, Technical Specifications).",
  "4 CPU cores and 29 GB RAM; 20 GB of /kaggle/working is saved, datasets and models under /kaggle/input are read-only.",
  "DataLoader workers can die with bus errors in Kaggle's Docker container (Kaggle/docker-python#377): prefer few or no workers."
];
var PLATFORMS = [
  {
    platform: { id: "kaggle-t4x2", name: "Kaggle GPU T4 x2", cpus: 4, ramGiB: 29, savedOutput: KAGGLE_SAVED_OUTPUT, sessionHours: KAGGLE_SESSION_HOURS, notes: KAGGLE_NOTES },
    gpu: "t4",
    count: 2
  },
  {
    platform: {
      id: "kaggle-p100",
      name: "Kaggle GPU P100",
      cpus: 4,
      ramGiB: 29,
      savedOutput: KAGGLE_SAVED_OUTPUT,
      sessionHours: KAGGLE_SESSION_HOURS,
      notes: [
        "Same host and quota as Kaggle GPU T4 x2.",
        ...KAGGLE_NOTES,
        "The preinstalled PyTorch (cu128) has no sm_60 kernels and fails on the P100 with 'no kernel image is available for execution on the device' (Kaggle/kaggle-cli#1151, Kaggle/docker-python#1546)."
      ]
    },
    gpu: "p100",
    count: 1
  },
  {
    platform: {
      id: "kaggle-tpu-v3-8",
      name: "Kaggle TPU v3-8",
      cpus: 96,
      ramGiB: 330,
      savedOutput: KAGGLE_SAVED_OUTPUT,
      notes: [
        "Not a CUDA device: 8 TPU v3 cores with 16 GiB of HBM each, 128 GiB in all (Cloud TPU docs: two cores and 32 GiB per v3 chip); PyTorch runs there through torch_xla.",
        "bf16 is native on a TPU (PyTorch/XLA AMP docs); CUDA-only code (`.cuda()`, bitsandbytes, flash-attn, xformers, Triton, CUDA sources) needs a torch_xla path.",
        "96 CPU cores and 330 GB RAM; a TPU session ends after 9 h (Kaggle Notebooks docs).",
        "Report-only: `gpu-compat fix` writes nothing here; the findings list what to port by hand."
      ]
    },
    gpu: "tpu-v3",
    count: 8,
    reportOnly: "kaggle-tpu-v3-8 is report-only, since CUDA code on a TPU needs a port to torch_xla that gpu-compat leaves to you"
  },
  {
    platform: {
      id: "colab-t4",
      name: "Colab free T4",
      cpus: 2,
      ramGiB: 12.7,
      // Colab's FAQ: free notebooks run for at most 12 hours (docs/gpu-facts.md, the Colab row).
      sessionHours: 12,
      notes: ["2 logical CPUs (1 core), ~12.7 GB RAM: loading or merging a large checkpoint can crash the session.", "12 h sessions, 90 min idle timeout."]
    },
    gpu: "t4",
    count: 1
  }
];

// packages/targets/src/features.ts
var gpuOf = (t) => "gpu" in t ? t.gpu : t;
function formatComputeCapability(target) {
  const cc2 = "major" in target ? target : gpuOf(target).computeCapability;
  return `${cc2.major}.${cc2.minor}`;
}
function isCudaTarget(target) {
  return gpuOf(target).arch !== "TPU";
}
function formatGiB(value2) {
  return Number.isInteger(value2) ? String(value2) : value2.toFixed(1).replace(/\.0$/, "");
}

// packages/rules/src/define.ts
function below(feature) {
  return `compute capability below ${requiredCapability(feature)}`;
}
var WHEN_LACKING = {
  bf16: `the target has no bf16 tensor cores (${below("bf16")})`,
  tf32: `the target has no TF32 tensor cores (${below("tf32")})`,
  flashAttention2: `the target cannot run FlashAttention-2 kernels (${below("flashAttention2")})`,
  triton: `the target cannot run Triton, which torch.compile's default Inductor backend needs (${below("triton")})`,
  fp8: `the target has no FP8 tensor cores (${below("fp8")}, A100 included)`,
  fp16TensorCores: `the target has no fp16 tensor cores (${below("fp16TensorCores")})`,
  currentTorchWheels: `PyTorch's current default CUDA wheels have no kernels for the target (${below("currentTorchWheels")}: none from 2.8 on below 7.0, none from 2.11 on below 7.5)`
};
function defineRule(definition) {
  const { lacks } = definition;
  const rule = lacks === void 0 ? definition : { ...definition, appliesWhen: WHEN_LACKING[lacks], appliesTo: (target) => !target.gpu.features[lacks] };
  if (rule.runsOnTpu) return rule;
  const appliesToGpu = rule.appliesTo;
  return { ...rule, appliesTo: (target) => isCudaTarget(target) && appliesToGpu(target) };
}
function messageTemplates(templates) {
  return {
    templates,
    render(messageId, data) {
      const values = data;
      const message2 = templates[messageId].replace(/\{\{(\w+)\}\}/g, (_, name) => {
        const value2 = values[name];
        if (value2 === void 0) throw new Error(`message "${messageId}" needs {{${name}}}`);
        return String(value2);
      });
      return { messageId, message: message2 };
    }
  };
}

// packages/config/src/format.ts
import { parse } from "yaml";

// packages/config/src/yaml-tree.ts
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar } from "yaml";

// packages/config/src/flow-indent.ts
function indentFlowContinuations(text) {
  const insertAt = [];
  const counts = [];
  let open;
  let blockScalarIndent;
  let lineStart3 = 0;
  while (lineStart3 < text.length) {
    let lineEnd3 = text.indexOf("\n", lineStart3);
    if (lineEnd3 < 0) lineEnd3 = text.length;
    let indent = 0;
    while (text.charCodeAt(lineStart3 + indent) === 32) indent++;
    const blank4 = /^[ \t]*\r?$/.test(text.slice(lineStart3 + indent, lineEnd3));
    if (blockScalarIndent !== void 0 && (blank4 || indent > blockScalarIndent)) {
      lineStart3 = lineEnd3 + 1;
      continue;
    }
    blockScalarIndent = void 0;
    if (open && !blank4 && indent < open.column) {
      insertAt.push(lineStart3);
      counts.push(open.column - indent);
    }
    const scanned = scanLine(text, lineStart3 + indent, lineEnd3, open);
    open = scanned.open;
    if (scanned.blockScalar) blockScalarIndent = indent;
    lineStart3 = lineEnd3 + 1;
  }
  if (insertAt.length === 0) return void 0;
  const parts = [];
  const viewStarts = [];
  let from = 0;
  let added = 0;
  insertAt.forEach((at, i) => {
    parts.push(text.slice(from, at));
    viewStarts.push(at + added);
    parts.push(" ".repeat(counts[i]));
    added += counts[i];
    from = at;
  });
  parts.push(text.slice(from));
  const cumulative = counts.map(/* @__PURE__ */ ((sum) => (count2) => sum += count2)(0));
  return {
    text: parts.join(""),
    toOriginal(offset) {
      let low = 0;
      let high = viewStarts.length - 1;
      let found = -1;
      while (low <= high) {
        const mid = low + high >> 1;
        if (viewStarts[mid] <= offset) {
          found = mid;
          low = mid + 1;
        } else high = mid - 1;
      }
      if (found < 0) return offset;
      const before = cumulative[found] - counts[found];
      const padEnd = viewStarts[found] + counts[found];
      return offset < padEnd ? viewStarts[found] - before : offset - cumulative[found];
    }
  };
}
var isBlank = (char) => char === void 0 || char === " " || char === "	" || char === "\r" || char === "\n";
function scanLine(text, from, end, open) {
  let valueStart = open === void 0;
  let i = from;
  const column = (at) => at - text.lastIndexOf("\n", at - 1) - 1;
  while (i < end) {
    const char = text[i];
    if (open?.kind === "quote") {
      if (open.quote === '"' && char === "\\") i += 2;
      else if (open.quote === "'" && char === "'" && text[i + 1] === "'") i += 2;
      else if (char === open.quote) {
        i++;
        open = open.inFlow > 0 ? { kind: "flow", depth: open.inFlow, column: open.column } : void 0;
        valueStart = false;
      } else i++;
      continue;
    }
    const comment = char === "#" && (i === from || isBlank(text[i - 1]));
    if (comment) break;
    if (open?.kind === "flow") {
      if (char === "[" || char === "{") open = { ...open, depth: open.depth + 1 };
      else if (char === "]" || char === "}") {
        open = open.depth > 1 ? { ...open, depth: open.depth - 1 } : void 0;
        valueStart = false;
      } else if (char === '"' || char === "'") open = { kind: "quote", quote: char, column: open.column, inFlow: open.depth };
      i++;
      continue;
    }
    if (char === " " || char === "	" || char === "\r") {
      i++;
      continue;
    }
    if (valueStart) {
      if ((char === "-" || char === "?" || char === ":") && isBlank(text[i + 1])) {
        i++;
        continue;
      }
      if (text.startsWith("---", i) && column(i) === 0 && isBlank(text[i + 3])) {
        i += 3;
        continue;
      }
      if (char === "&" || char === "!") {
        while (i < end && !isBlank(text[i])) i++;
        continue;
      }
      if (char === "[" || char === "{") {
        open = { kind: "flow", depth: 1, column: column(i) };
        i++;
        continue;
      }
      if (char === '"' || char === "'") {
        open = { kind: "quote", quote: char, column: column(i), inFlow: 0 };
        i++;
        continue;
      }
      if (char === "|" || char === ">") return { open: void 0, blockScalar: true };
      if (char === "%" && column(i) === 0) break;
      valueStart = false;
    }
    if (char === ":" && isBlank(text[i + 1])) valueStart = true;
    i++;
  }
  return { open, blockScalar: false };
}

// packages/config/src/syntax-error.ts
var ConfigSyntaxError = class extends Error {
  constructor(message2, offset) {
    super(message2);
    this.offset = offset;
    this.name = "ConfigSyntaxError";
  }
  offset;
};

// packages/config/src/yaml-tree.ts
var YAML_OPTIONS = { version: "1.1", uniqueKeys: false, prettyErrors: true };
function parseYamlTree(text) {
  const documents = parseAllDocuments(text, YAML_OPTIONS);
  const error = documents.flatMap((document) => document.errors)[0];
  if (!error) return treeOf(documents);
  const view = indentFlowContinuations(text);
  if (view) {
    const lenient = parseAllDocuments(view.text, YAML_OPTIONS);
    if (lenient.every((document) => document.errors.length === 0)) return treeOf(lenient, view.toOriginal);
  }
  const message2 = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").replace(/:$/, "");
  throw new ConfigSyntaxError(`not valid YAML: ${message2}`, error.pos[0]);
}
function treeOf(documents, toOriginal) {
  const roots = [];
  for (const document of documents) if (document.contents) roots.push(toNode(document.contents));
  if (toOriginal) for (const root of roots) remap(root, toOriginal);
  return { roots };
}
function remap(node, toOriginal) {
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
function rangeOf(node) {
  const [start, end] = node.range ?? [0, 0];
  return { start, end };
}
function toNode(node) {
  if (isScalar(node)) {
    const style = styleOf(node);
    return { type: "scalar", value: node.value, ...rangeOf(node), style, editable: node.tag === void 0 && style !== "block" };
  }
  if (isMap(node)) {
    const map = { type: "map", flow: !!node.flow, ...rangeOf(node), members: [] };
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = pair.key;
      const keyRange = rangeOf(key);
      const value2 = pair.value ? toNode(pair.value) : { type: "scalar", value: null, start: keyRange.end, end: keyRange.end, style: "plain", editable: false };
      const keyStyle = styleOf(key);
      map.members.push({
        key: String(key.value),
        keyStart: keyRange.start,
        keyEnd: keyRange.end,
        keyStyle,
        keyEditable: key.tag === void 0 && keyStyle !== "block",
        value: value2,
        parent: map
      });
    }
    return map;
  }
  if (isSeq(node)) {
    return { type: "seq", flow: !!node.flow, ...rangeOf(node), items: node.items.map((item) => item ? toNode(item) : { type: "other", start: 0, end: 0 }) };
  }
  if (isAlias(node)) return { type: "other", ...rangeOf(node) };
  return { type: "other", ...rangeOf(node) };
}
function styleOf(scalar) {
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

// packages/config/src/format.ts
function formatScalar(value2, style, inFlow) {
  if (typeof value2 === "number" && !Number.isFinite(value2)) return void 0;
  if (style === "json") return JSON.stringify(value2);
  if (typeof value2 !== "string") return value2 === null ? "null" : String(value2);
  if (value2.includes("\n") || value2.includes("\r")) return void 0;
  switch (style) {
    case "double":
      return JSON.stringify(value2);
    case "single":
      return singleQuoted(value2);
    case "plain":
      return isPlainSafe(value2, inFlow) ? value2 : singleQuoted(value2);
    case "block":
      return void 0;
  }
}
function singleQuoted(value2) {
  return `'${value2.replace(/'/g, "''")}'`;
}
function isPlainSafe(value2, inFlow) {
  if (value2 === "" || value2.trim() !== value2) return false;
  if (inFlow && /[,[\]{}]/.test(value2)) return false;
  try {
    return parse(value2, YAML_OPTIONS) === value2;
  } catch {
    return false;
  }
}

// packages/config/src/json-tree.ts
import { parseTree as parseTree2, printParseErrorCode as printParseErrorCode2 } from "jsonc-parser";
function parseJsonTree(text) {
  const special = nonFiniteNumbers(text);
  const parts = [];
  let from = 0;
  for (const { start, word } of special) {
    parts.push(text.slice(from, start), SAME_LENGTH[word]);
    from = start + word.length;
  }
  const view = special.length === 0 ? text : parts.join("") + text.slice(from);
  const errors = [];
  const root = parseTree2(view, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    throw new ConfigSyntaxError(`not valid JSON: ${first ? describe(first) : "no value"}`, first?.offset ?? 0);
  }
  const values = new Map(special.map(({ start, word, negative }) => [negative ? start - 1 : start, negative ? -NON_FINITE[word] : NON_FINITE[word]]));
  return { roots: [toNode2(root, values)] };
}
var NON_FINITE = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY };
var SAME_LENGTH = { NaN: "1e0", Infinity: "1.000e00" };
function nonFiniteNumbers(text) {
  if (!text.includes("NaN") && !text.includes("Infinity")) return [];
  const found = [];
  const token = /"(?:[^"\\]|\\.)*"|\b(NaN|Infinity)\b/g;
  for (let match = token.exec(text); match; match = token.exec(text)) {
    const word = match[1];
    if (word) found.push({ start: match.index, word, negative: text[match.index - 1] === "-" });
  }
  return found;
}
function toNode2(node, nonFinite) {
  const start = node.offset;
  const end = node.offset + node.length;
  switch (node.type) {
    case "object": {
      const map = { type: "map", flow: true, start, end, members: [] };
      for (const property2 of node.children ?? []) {
        const [key, value2] = property2.children ?? [];
        if (!key || !value2) continue;
        map.members.push({
          key: String(key.value),
          keyStart: key.offset,
          keyEnd: key.offset + key.length,
          keyStyle: "json",
          keyEditable: true,
          value: toNode2(value2, nonFinite),
          parent: map
        });
      }
      return map;
    }
    case "array":
      return { type: "seq", flow: true, start, end, items: (node.children ?? []).map((item) => toNode2(item, nonFinite)) };
    default: {
      const special = node.type === "number" ? nonFinite.get(start) : void 0;
      if (special !== void 0) return { type: "scalar", value: special, start, end, style: "json", editable: false };
      return { type: "scalar", value: node.value ?? null, start, end, style: "json", editable: true };
    }
  }
}
var MESSAGES = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "property name expected (a trailing comma?)",
  ValueExpected: "value expected",
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: "end of file expected (more than one value?)",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid unicode escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in a string"
};
function describe(error) {
  const code = printParseErrorCode2(error.error);
  return MESSAGES[code] ?? code;
}

// packages/config/src/kind.ts
var has = (top, ...keys) => keys.some((key) => top.keys.has(key));
function detectKind(top) {
  if (has(top, "compute_environment")) return "accelerate";
  if (has(top, "distributed_type") && has(top, "mixed_precision", "num_processes", "num_machines", "machine_rank", "main_training_function", "use_cpu")) {
    return "accelerate";
  }
  if (has(top, "zero_optimization", "train_batch_size", "train_micro_batch_size_per_gpu")) return "deepspeed";
  if (["bf16", "bfloat16", "fp16"].some((key) => top.keys.has(key) && top.isMapping(key))) return "deepspeed";
  if (has(top, "base_model") && has(top, "datasets", "micro_batch_size", "sequence_len", "num_epochs", "adapter", "sample_packing", "flash_attention", "lora_r", "val_set_size", "load_in_4bit", "load_in_8bit")) {
    return "axolotl";
  }
  if (has(top, "model_name_or_path") && has(top, "stage", "finetuning_type", "template")) return "llama-factory";
  if (has(top, "architectures")) return "model-config";
  if (has(top, "model_type") && has(top, "hidden_size", "vocab_size", "num_hidden_layers", "transformers_version", "d_model")) return "model-config";
  if (has(top, "out_dir") && has(top, "precision") && has(top, "checkpoint_dir", "initial_checkpoint_dir", "model_name", "devices", "num_nodes")) return "litgpt";
  if (top.isMapping("checkpointer") && (top.isMapping("model") || top.isMapping("tokenizer"))) return "torchtune";
  if (has(top, "output_dir") && has(top, "per_device_train_batch_size", "learning_rate", "num_train_epochs", "max_steps", "gradient_accumulation_steps", "do_train", "logging_steps", "save_steps", "bf16", "fp16")) {
    return "training-arguments";
  }
  return "unknown";
}
var KIND_MARKERS = {
  accelerate: ["compute_environment", "distributed_type"],
  deepspeed: ["zero_optimization", "train_batch_size", "train_micro_batch_size_per_gpu", "bf16", "bfloat16", "fp16"],
  axolotl: ["base_model"],
  "llama-factory": ["model_name_or_path"],
  "model-config": ["architectures", "model_type"],
  litgpt: ["out_dir"],
  torchtune: ["checkpointer"],
  "training-arguments": ["output_dir"]
};
function kindMarkers(...kinds) {
  return [...new Set(kinds.flatMap((kind) => KIND_MARKERS[kind]))];
}

// packages/config/src/tree.ts
function memberEnd(member) {
  return Math.max(member.keyEnd, member.value.end);
}

// packages/config/src/removal.ts
function removeMemberEdit(text, member) {
  return member.parent.flow ? removeDelimited(text, member) : removeBlockLine(text, member);
}
function removeBlockLine(text, member) {
  const start = lineStart(text, member.keyStart);
  if (text.slice(start, member.keyStart).trim() !== "") return void 0;
  const end = memberEnd(member);
  if (/[\r\n]/.test(text.slice(member.keyStart, end))) return void 0;
  const rest = restOfLine(text, end);
  if (!/^[ \t]*(#.*)?$/.test(text.slice(end, rest.end))) return void 0;
  return { start, end: rest.afterBreak, text: "" };
}
function removeDelimited(text, member) {
  const siblings = member.parent.members;
  const index = siblings.indexOf(member);
  const end = memberEnd(member);
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  const ownLine = (from, to) => text.slice(lineStart(text, from), from).trim() === "" && /^[ \t]*,?[ \t]*$/.test(text.slice(to, restOfLine(text, to).end));
  if (next) {
    if (ownLine(member.keyStart, end) && text.slice(lineStart(text, next.keyStart), next.keyStart).trim() === "") {
      return { start: lineStart(text, member.keyStart), end: restOfLine(text, end).afterBreak, text: "" };
    }
    return { start: member.keyStart, end: next.keyStart, text: "" };
  }
  if (previous) return { start: memberEnd(previous), end, text: "" };
  if (ownLine(member.keyStart, end)) return { start: lineStart(text, member.keyStart), end: restOfLine(text, end).afterBreak, text: "" };
  return { start: member.keyStart, end, text: "" };
}
function lineStart(text, offset) {
  return text.lastIndexOf("\n", offset - 1) + 1;
}
function restOfLine(text, offset) {
  const newline = text.indexOf("\n", offset);
  if (newline === -1) return { end: text.length, afterBreak: text.length };
  return { end: text[newline - 1] === "\r" ? newline - 1 : newline, afterBreak: newline + 1 };
}

// packages/config/src/source.ts
var HOLDS = { scalar: "scalar", map: "mapping", seq: "sequence", other: "other" };
var ConfigSource = class {
  constructor(text, format) {
    this.text = text;
    this.format = format;
    const plain = format === "json" ? plainJson(text) : void 0;
    if (plain === void 0) this.treeCache = format === "json" ? parseJsonTree(text) : parseYamlTree(text);
    else this.plainTop = plain;
  }
  text;
  format;
  treeCache;
  /** A JSON text's top level as JSON.parse reads it, until its kind is told (see the constructor). */
  plainTop;
  entryList;
  keyList;
  scalars = /* @__PURE__ */ new WeakMap();
  members = /* @__PURE__ */ new WeakMap();
  /** Entries inside `{...}` or `[...]`, where `,[]{}` end a plain scalar. */
  flowEntries = /* @__PURE__ */ new WeakSet();
  detected;
  get tree() {
    return this.treeCache ??= parseJsonTree(this.text);
  }
  /**
   * What the config is; a YAML stream of several documents is "unknown". With duplicate keys the last one counts,
   * as the loaders keep it.
   */
  get kind() {
    if (this.detected) return this.detected;
    if (this.plainTop !== void 0) {
      const top = this.plainTop;
      this.plainTop = void 0;
      if (top === null) return this.detected = "unknown";
      const isMapping2 = (key) => isObject2(top[key]);
      return this.detected = detectKind({ keys: new Set(Object.keys(top)), isMapping: isMapping2 });
    }
    const root = this.tree.roots.length === 1 ? this.tree.roots[0] : void 0;
    if (root?.type !== "map") return this.detected = "unknown";
    const keys = new Set(root.members.map((m) => m.key));
    const isMapping = (key) => root.members.findLast((m) => m.key === key)?.value.type === "map";
    return this.detected = detectKind({ keys, isMapping });
  }
  /** Every scalar leaf, in document order: values of mappings and items of sequences, at any depth. */
  entries() {
    if (!this.entryList) this.walk();
    return this.entryList;
  }
  /** Every key of every mapping, in document order. */
  keys() {
    if (!this.keyList) this.walk();
    return this.keyList;
  }
  /** The scalar at a path; with duplicate keys, the last one (the one YAML and JSON loaders keep). */
  get(path) {
    return this.entries().findLast((e) => samePath(e.path, path));
  }
  /** The key at a path, whatever it holds; with duplicate keys, the last one. */
  key(path) {
    return this.keys().findLast((k) => samePath(k.path, path));
  }
  /**
   * The path of what sits at an offset: the entry whose key or value covers it, else the deepest key whose name
   * does (`num_processes`, `bf16.enabled`, `datasets[0].path`). Undefined outside every key and value.
   */
  pathAt(offset) {
    const covers2 = (start, end) => start !== void 0 && end !== void 0 && start <= offset && offset < Math.max(end, start + 1);
    const entry = this.entries().findLast((e) => covers2(e.keyStart, e.keyEnd) || covers2(e.valueStart, e.valueEnd));
    if (entry) return entry.path;
    return this.keys().filter((k) => covers2(k.keyStart, k.keyEnd)).sort((a, b) => b.path.length - a.path.length)[0]?.path;
  }
  /** The names of the keys of the mapping at `path` (`[]` is the top level), in order. */
  keysOf(path) {
    return this.keys().filter((k) => k.path.length === path.length + 1 && samePath(k.path.slice(0, -1), path)).map((k) => String(k.path[path.length]));
  }
  /**
   * The edit that replaces an entry's value, written in the document's own style: YAML keeps the old scalar's
   * quotes for strings (and quotes a plain string that would load as something else, like `no`), writes
   * booleans, numbers and null bare; JSON writes a JSON literal. Undefined for block scalars and tagged values.
   */
  replaceValue(entry, value2) {
    const node = this.scalars.get(entry);
    if (!node?.editable) return void 0;
    const written2 = formatScalar(value2, node.style, this.flowEntries.has(entry));
    if (written2 === void 0) return void 0;
    const text = typeof value2 === "boolean" && node.style === "plain" ? sameCase(written2, this.text.slice(node.start, node.end)) : written2;
    const spaced = node.start === node.end && this.text[node.start - 1] === ":" ? ` ${text}` : text;
    return { start: node.start, end: node.end, text: spaced };
  }
  /**
   * The edit that removes an entry or key with its value: in YAML block mappings the whole line (with its
   * trailing comment) when the member is alone on its line; in JSON and flow mappings the member and the right
   * comma. Undefined for sequence items and members that share their line.
   */
  removeEntry(entry) {
    const member = this.members.get(entry);
    return member ? removeMemberEdit(this.text, member) : void 0;
  }
  /** The edit that renames a key, in the old key's quote style (`bf16:` -> `fp16:`, `"bf16"` -> `"fp16"`). */
  renameKey(entry, newKey) {
    const member = this.members.get(entry);
    if (!member?.keyEditable) return void 0;
    const text = formatScalar(newKey, member.keyStyle, member.parent.flow);
    return text === void 0 ? void 0 : { start: member.keyStart, end: member.keyEnd, text };
  }
  walk() {
    const entries = [];
    const keys = [];
    const visit2 = (node, path, inFlow, member) => {
      if (node.type === "scalar") {
        const entry = {
          path,
          value: node.value,
          valueStart: node.start,
          valueEnd: node.end,
          ...member ? { keyStart: member.keyStart, keyEnd: member.keyEnd } : {}
        };
        this.scalars.set(entry, node);
        if (member) this.members.set(entry, member);
        if (inFlow) this.flowEntries.add(entry);
        entries.push(entry);
      } else if (node.type === "map") {
        for (const child of node.members) {
          const childPath = [...path, child.key];
          const key = { path: childPath, keyStart: child.keyStart, keyEnd: child.keyEnd, holds: HOLDS[child.value.type] };
          this.members.set(key, child);
          keys.push(key);
          visit2(child.value, childPath, node.flow, child);
        }
      } else if (node.type === "seq") {
        node.items.forEach((item, index) => visit2(item, [...path, index], node.flow));
      }
    };
    for (const root of this.tree.roots) visit2(root, [], false);
    this.entryList = entries;
    this.keyList = keys;
  }
};
function plainJson(text) {
  try {
    const value2 = JSON.parse(text);
    return isObject2(value2) ? value2 : null;
  } catch {
    return void 0;
  }
}
function isObject2(value2) {
  return typeof value2 === "object" && value2 !== null && !Array.isArray(value2);
}
function formatPath(path) {
  return path.map((part, i) => typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`).join("");
}
function sameCase(written2, old) {
  if (/^(True|False)$/.test(old)) return written2.charAt(0).toUpperCase() + written2.slice(1);
  if (/^(TRUE|FALSE)$/.test(old)) return written2.toUpperCase();
  return written2;
}
function samePath(a, b) {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}
function parseConfig(text, format) {
  try {
    return new ConfigSource(text, format);
  } catch (error) {
    if (error instanceof ConfigSyntaxError) return { error: error.message, offset: error.offset };
    return { error: error.message };
  }
}

// packages/rules/src/shared/config-entries.ts
var TRAINER_KINDS = ["axolotl", "llama-factory", "training-arguments"];
var TRAINER_CONFIGS = new Set(TRAINER_KINDS);
var TRAINER_CONFIG_MARKERS = kindMarkers(...TRAINER_KINDS);
var CONFIG_LABEL = {
  accelerate: "accelerate config",
  deepspeed: "DeepSpeed config",
  axolotl: "Axolotl config",
  "llama-factory": "LLaMA-Factory config",
  "training-arguments": "TrainingArguments config",
  "model-config": "model config",
  litgpt: "LitGPT config",
  torchtune: "torchtune config",
  unknown: "config"
};
function asTrainingArgument(document, argument) {
  const becomes = `\`TrainingArguments(${argument})\``;
  return document.kind === "training-arguments" ? `is ${becomes}` : `in this ${CONFIG_LABEL[document.kind]} becomes ${becomes}`;
}
function entryRange(entry) {
  const start = entry.keyStart ?? ("valueStart" in entry ? entry.valueStart : 0);
  const end = "valueEnd" in entry ? Math.max(entry.valueEnd, entry.keyEnd ?? 0) : entry.keyEnd;
  return { start, end };
}
function entryText(document, entry) {
  const { start, end } = entryRange(entry);
  return document.text.slice(start, end);
}
function removeOrSet(document, entry, fallback) {
  return document.removeEntry(entry) ?? document.replaceValue(entry, fallback);
}
function allEdits(edits) {
  return edits.every((edit) => edit !== void 0) ? [...edits] : void 0;
}
function addedBelow(document, entry, key, value2) {
  const { text } = document;
  const keyStart = entry.keyStart ?? entry.valueStart;
  const lineStart3 = Math.max(text.lastIndexOf("\n", keyStart - 1), text.lastIndexOf("\r", keyStart - 1)) + 1;
  const indent = text.slice(lineStart3, keyStart);
  const between = text.slice(keyStart, entry.valueEnd);
  const rest = /^[^\r\n]*/.exec(text.slice(entry.valueEnd))[0];
  const newline = /\r\n|\r|\n/.exec(text)?.[0] ?? "\n";
  if (!/^[ \t]*$/.test(indent) || /[\r\n]/.test(between)) return void 0;
  const lineEnd3 = entry.valueEnd + rest.length;
  let edit;
  if (document.format === "yaml") {
    if (indent === "" && /^[ \t]*(#.*)?$/.test(rest)) edit = { start: lineEnd3, end: lineEnd3, text: `${newline}${key}: ${value2}` };
  } else if (/^[ \t]*,[ \t]*$/.test(rest)) {
    edit = { start: lineEnd3, end: lineEnd3, text: `${newline}${indent}"${key}": ${value2},` };
  } else if (/^\s*\}/.test(text.slice(entry.valueEnd))) {
    edit = { start: entry.valueEnd, end: entry.valueEnd, text: `,${newline}${indent}"${key}": ${value2}` };
  }
  return edit && loadsAsAdded(document, edit, key, value2) ? edit : void 0;
}
function loadsAsAdded(document, edit, key, value2) {
  const edited = parseConfig(applyEdits(document.text, [edit]), document.format);
  if ("error" in edited || edited.kind !== document.kind || edited.get([key])?.value !== value2) return false;
  const same = (a, b) => a.value === b.value && a.path.length === b.path.length && a.path.every((part, i) => part === b.path[i]);
  const old = document.entries();
  const kept = edited.entries().filter((e) => !(e.path.length === 1 && e.path[0] === key));
  return kept.length === old.length && kept.every((e, i) => same(e, old[i]));
}

// packages/rules/src/model-size/families.ts
var KNOWN_PARAMETER_COUNTS = /* @__PURE__ */ new Map([
  ["gpt2-xl", 156e7],
  ["gpt2-large", 774e6],
  ["gpt2-medium", 355e6],
  ["distilgpt2", 82e6],
  ["gpt2", 124e6],
  ["bert-large", 34e7],
  ["bert-base", 11e7],
  ["distilbert", 66e6],
  ["roberta-large", 355e6],
  ["roberta-base", 125e6],
  ["deberta-v3-large", 435e6],
  ["deberta-v3-base", 184e6],
  ["deberta-v3-small", 141e6],
  ["t5-small", 6e7],
  ["t5-base", 22e7],
  ["t5-large", 77e7],
  ["flan-t5-xl", 285e7],
  ["flan-t5-xxl", 113e8],
  ["phi-1_5", 142e7],
  ["phi-2", 278e7],
  ["mixtral-8x7b", 467e8],
  ["mixtral-8x22b", 141e9],
  ["whisper-large", 155e7],
  ["whisper-medium", 769e6],
  ["whisper-small", 244e6],
  // CLIP image-text models: OpenAI's ids carry no size, and OpenCLIP's carry the training samples seen
  // ("laion2B-39B-b160k": 39B samples), which the size in the name would misread (model cards, OpenCLIP's table).
  ["clip-vit-base-patch32", 151e6],
  ["clip-vit-base-patch16", 15e7],
  ["clip-vit-large-patch14", 428e6],
  ["clip-vit-l-14", 428e6],
  ["clip-vit-h-14", 986e6],
  ["clip-vit-g-14", 137e7],
  ["clip-vit-bigg-14", 254e7],
  // Diffusion pipelines, whole (a pipeline load puts every component on the GPU): UNet or transformer, text
  // encoders and VAE, summed from the components' model cards. SD 1.x: 860M + 123M + 84M; SD 2.x: 865M + 354M +
  // 84M; SDXL: 2.6B + 123M + 695M + 84M; FLUX.1: 12B + T5-XXL 4.7B + 123M + 84M.
  ["stable-diffusion-v1-4", 107e7],
  ["stable-diffusion-v1-5", 107e7],
  ["stable-diffusion-2", 13e8],
  ["stable-diffusion-xl", 35e8],
  // SD3: MMDiT (2B medium, 2.5B 3.5-medium, 8.1B 3.5-large) + CLIP-L, CLIP-G and T5-XXL (5.6B together) + VAE.
  ["stable-diffusion-3-medium", 77e8],
  ["stable-diffusion-3.5-medium", 82e8],
  ["stable-diffusion-3.5-large", 138e8],
  ["sdxl-turbo", 35e8],
  ["flux.1-dev", 169e8],
  ["flux.1-schnell", 169e8]
]);
var shape = (h, layers, intermediate, vocab, heads, kvHeads, tied = false) => ({
  hidden_size: h,
  num_hidden_layers: layers,
  intermediate_size: intermediate,
  vocab_size: vocab,
  num_attention_heads: heads,
  num_key_value_heads: kvHeads,
  tie_word_embeddings: tied
});
var KNOWN_SHAPES = /* @__PURE__ */ new Map([
  ["llama-2-7b", shape(4096, 32, 11008, 32e3, 32, 32)],
  ["llama-2-13b", shape(5120, 40, 13824, 32e3, 40, 40)],
  ["llama-2-70b", shape(8192, 80, 28672, 32e3, 64, 8)],
  ["mistral-7b", shape(4096, 32, 14336, 32e3, 32, 8)],
  ["llama-3-8b", shape(4096, 32, 14336, 128256, 32, 8)],
  ["llama-3.1-8b", shape(4096, 32, 14336, 128256, 32, 8)],
  ["llama-3-70b", shape(8192, 80, 28672, 128256, 64, 8)],
  ["llama-3.1-70b", shape(8192, 80, 28672, 128256, 64, 8)],
  ["llama-3.3-70b", shape(8192, 80, 28672, 128256, 64, 8)],
  ["llama-3.2-1b", shape(2048, 16, 8192, 128256, 32, 8, true)],
  ["llama-3.2-3b", shape(3072, 28, 8192, 128256, 24, 8, true)],
  ["qwen2.5-0.5b", shape(896, 24, 4864, 151936, 14, 2, true)],
  ["qwen2.5-1.5b", shape(1536, 28, 8960, 151936, 12, 2, true)],
  ["qwen2.5-3b", shape(2048, 36, 11008, 151936, 16, 2, true)],
  ["qwen2.5-7b", shape(3584, 28, 18944, 152064, 28, 4)],
  ["qwen2.5-14b", shape(5120, 48, 13824, 152064, 40, 8)],
  ["tinyllama-1.1b", shape(2048, 22, 5632, 32e3, 32, 4)],
  ["gemma-2b", shape(2048, 18, 16384, 256e3, 8, 1, true)],
  ["gemma-7b", shape(3072, 28, 24576, 256e3, 16, 16, true)],
  ["phi-2", shape(2560, 32, 10240, 51200, 32, 32)],
  ["gpt2", shape(768, 12, 3072, 50257, 12, 12, true)]
]);

// packages/rules/src/model-size/parameters.ts
var SIZE_IN_ID = /(?:^|[-_/.])(\d+(?:\.\d+)?)\s*([bm])(?=$|[-_/.])/i;
function knownKey(keys, modelId) {
  const name = modelId.toLowerCase().split("/").pop();
  let best;
  for (const key of keys) {
    if (name.startsWith(key) || name.includes(`-${key}`) || name === key) {
      if (!best || key.length > best.length) best = key;
    }
  }
  return best;
}
function shapeFromModelId(modelId) {
  const key = knownKey(KNOWN_SHAPES.keys(), modelId);
  return key ? KNOWN_SHAPES.get(key) : void 0;
}
var MOE_SIZES = /(?:^|[-_/.])(\d+(?:\.\d+)?)b-(\d+(?:\.\d+)?)b(?=$|[-_/.])/i;
function parametersFromModelId(modelId) {
  const id = modelId.toLowerCase();
  const name = id.split("/").pop();
  let best;
  for (const key of KNOWN_PARAMETER_COUNTS.keys()) {
    if (name.startsWith(key) || name.includes(`-${key}`) || name === key) {
      if (!best || key.length > best.length) best = key;
    }
  }
  if (best) return { parameters: KNOWN_PARAMETER_COUNTS.get(best), source: "known model" };
  const moe = MOE_SIZES.exec(name);
  if (moe) return { parameters: Math.max(Number(moe[1]), Number(moe[2])) * 1e9, source: "model id" };
  const match = SIZE_IN_ID.exec(name.replace(/-(\d)_(\d)([bm])(?=$|[-_/.])/, "-$1.$2$3"));
  if (!match) return void 0;
  const scale2 = match[2].toLowerCase() === "b" ? 1e9 : 1e6;
  return { parameters: Number(match[1]) * scale2, source: "model id" };
}
function parametersFromConfig(config) {
  const { hidden_size: h, num_hidden_layers: layers, vocab_size: vocab } = config;
  if (!h || !layers || !vocab) return void 0;
  const intermediate = config.intermediate_size ?? 4 * h;
  const heads = config.num_attention_heads ?? 1;
  const kvHeads = config.num_key_value_heads ?? heads;
  const kvDim = h / heads * kvHeads;
  const attention = h * h * 2 + h * kvDim * 2;
  const mlp = 3 * h * intermediate * (config.num_local_experts ?? 1);
  const embeddings = vocab * h * (config.tie_word_embeddings ? 1 : 2);
  return { parameters: layers * (attention + mlp) + embeddings, source: "config.json" };
}

// packages/rules/src/model-size/memory.ts
var GiB = 1024 ** 3;
var BYTES_PER_PARAMETER = { float32: 4, float16: 2, bfloat16: 2, int8: 1, int4: 0.5 };
var INFERENCE_OVERHEAD = 1.2;
var FULL_FINE_TUNE_BYTES = 16;
function bytesPerParameter(dtype) {
  return BYTES_PER_PARAMETER[dtype];
}
function inferenceGiB(parameters, dtype) {
  return parameters * BYTES_PER_PARAMETER[dtype] * INFERENCE_OVERHEAD / GiB;
}
function fullFineTuneGiB(parameters) {
  return parameters * FULL_FINE_TUNE_BYTES / GiB;
}
function availableGiB(target, spread) {
  return target.gpu.memoryGiB * (spread ? target.count : 1);
}
function formatGiBValue(value2) {
  return value2 >= 10 ? value2.toFixed(0) : value2.toFixed(1);
}
function formatParameters(parameters) {
  return parameters >= 1e9 ? `${+(parameters / 1e9).toFixed(2)}B` : `${+(parameters / 1e6).toFixed(0)}M`;
}

// packages/rules/src/model-size/load-call.ts
var TORCH_DTYPES = {
  float16: "float16",
  half: "float16",
  bfloat16: "bfloat16",
  float32: "float32",
  float: "float32"
};
var OPEN = { low: "float16", high: "float32", label: "its default dtype (float32 in transformers 4, the checkpoint's in 5)" };
function loadWeightsOf(source, call) {
  const quantization = quantizationOf(source, call);
  if (quantization !== "none") return quantization;
  const keyword = keywordArgument(call, "torch_dtype") ?? keywordArgument(call, "dtype");
  if (!keyword) return OPEN;
  const value2 = resolveName(source, keywordValue(keyword));
  const dtype = value2 && dtypeOf(source, value2);
  if (dtype) return { low: dtype, high: dtype, label: dtype };
  if (value2 && stringValue(value2) === "auto") return { ...OPEN, label: 'the checkpoint\'s dtype (`"auto"`)' };
  return { ...OPEN, label: "a dtype set at run time (float16 to float32)" };
}
function quantizationOf(source, call) {
  const bits = bitsOf(call);
  if (bits) return quantized(bits);
  const keyword = keywordArgument(call, "quantization_config");
  if (!keyword) return "none";
  const config = resolveName(source, keywordValue(keyword));
  if (config?.type !== "call" || calleeName(config) !== "BitsAndBytesConfig") return void 0;
  const configBits = bitsOf(config);
  return configBits ? quantized(configBits) : void 0;
}
function bitsOf(call) {
  const on = (name) => {
    const keyword = keywordArgument(call, name);
    return !!keyword && isTrue(keywordValue(keyword));
  };
  return on("load_in_4bit") ? 4 : on("load_in_8bit") ? 8 : void 0;
}
function quantized(bits) {
  const dtype = bits === 4 ? "int4" : "int8";
  return { low: dtype, high: dtype, label: `${bits}-bit (bitsandbytes)` };
}
function dtypeOf(source, node) {
  const literal2 = stringValue(node);
  if (literal2 !== null) return TORCH_DTYPES[literal2.replace(/^torch\./, "")];
  const name = node.type === "attribute" || node.type === "identifier" ? source.imports.qualifiedName(node) : null;
  const match = name ? /^torch\.(\w+)$/.exec(name) : null;
  return match ? TORCH_DTYPES[match[1]] : void 0;
}
function resolveName(source, node) {
  if (!node || node.type !== "identifier") return node;
  const bindings = source.semantic.resolve(node);
  const value2 = bindings.length === 1 && bindings[0].kind === "assignment" ? bindings[0].value : void 0;
  return value2 ? unparenthesize(value2) : null;
}

// packages/rules/src/model-size/estimate.ts
var GiB2 = 1024 ** 3;
function shapeOf(parameters, config) {
  if (!config) return { parameters };
  return {
    parameters,
    ...config.hidden_size ? { hidden: config.hidden_size } : {},
    ...config.num_hidden_layers ? { layers: config.num_hidden_layers } : {},
    ...config.intermediate_size ? { intermediate: config.intermediate_size } : {},
    ...config.vocab_size ? { vocab: config.vocab_size } : {},
    ...config.num_attention_heads ? { heads: config.num_attention_heads } : {},
    ...config.num_key_value_heads ? { kvHeads: config.num_key_value_heads } : {},
    ...config.tie_word_embeddings !== void 0 ? { tied: config.tie_word_embeddings } : {}
  };
}
var WIDTH_DEPTH = { low: 0.8, mid: 1.2, high: 1.6 };
function layersOf(model) {
  return model.layers ?? Math.max(12, Math.round(4 * Math.log2(model.parameters / 1e8) + 8));
}
var VOCAB = { low: 32e3, mid: 64e3, high: 152e3 };
var ACTIVATION = { low: 24, mid: 34, high: 40 };
var CHECKPOINTED = 2;
var LOGIT = { low: 4, mid: 4, high: 8 };
var INT4 = { low: 4.127 / 8, mid: 0.55, high: 4.5 / 8 };
var INT8 = { low: 1, mid: 1.02, high: 1.06 };
var CONTEXT = { low: 0.5 * GiB2, mid: 0.75 * GiB2, high: 1 * GiB2 };
var FRAGMENTATION = 0.1;
var MEASUREMENT_SPREAD = 0.08;
var scale = (range, by) => ({ low: range.low * by, mid: range.mid * by, high: range.high * by });
var product = (a, b) => ({ low: a.low * b.low, mid: a.mid * b.mid, high: a.high * b.high });
var exact = (value2) => ({ low: value2, mid: value2, high: value2 });
function widthDepth(model) {
  if (model.hidden && model.layers) return exact(model.hidden * model.layers);
  return scale(WIDTH_DEPTH, Math.sqrt(model.parameters));
}
function hiddenOf(model) {
  if (model.hidden) return exact(model.hidden);
  return scale(widthDepth(model), 1 / layersOf(model));
}
function embeddingParameters(model) {
  const hidden = hiddenOf(model);
  const vocab = model.vocab ? exact(model.vocab) : VOCAB;
  const copies = model.tied === void 0 ? { low: 1, mid: 2, high: 2 } : exact(model.tied ? 1 : 2);
  const raw = product(product(hidden, vocab), copies);
  const cap = model.parameters * 0.5;
  return { low: Math.min(raw.low, cap), mid: Math.min(raw.mid, cap), high: Math.min(raw.high, cap) };
}
var BYTES = { float32: 4, float16: 2, bfloat16: 2 };
function weightComponents(model, dtype, label2) {
  const p = model.parameters;
  if (dtype !== "int4" && dtype !== "int8") return [component(label2, exact(p * BYTES[dtype]))];
  const embeddings = embeddingParameters(model);
  const packed = dtype === "int4" ? 0.5 : 1;
  const perWeight = dtype === "int4" ? INT4 : INT8;
  const at = (k) => ({ weights: (p - embeddings[k]) * packed + embeddings[k] * 2, constants: (p - embeddings[k]) * (perWeight[k] - packed) });
  const [low, mid, high] = ["low", "mid", "high"].map(at);
  const weights = { low: low.weights, mid: mid.weights, high: high.weights };
  const constants = { low: low.constants, mid: mid.constants, high: high.constants };
  return [component(label2, weights), component("quantization constants", constants)];
}
function linearShape(name, h, kv, inter) {
  switch (name) {
    case "k_proj":
    case "v_proj":
    case "k":
    case "v":
      return [h, kv];
    case "gate_proj":
    case "up_proj":
    case "w1":
    case "w3":
    case "fc1":
    case "c_fc":
    case "wi":
    case "dense_h_to_4h":
    case "wi_0":
    case "wi_1":
      return [h, inter];
    case "down_proj":
    case "w2":
    case "fc2":
    case "wo":
    case "dense_4h_to_h":
      return [inter, h];
    case "query_key_value":
    case "c_attn":
    case "qkv_proj":
    case "Wqkv":
      return [h, h + 2 * kv];
    default:
      return [h, h];
  }
}
var ALL_LINEAR = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];
var DEFAULT_TARGETS = ["q_proj", "v_proj"];
var DEFAULT_RANK = 8;
function adapterParameters(model, adapters = {}) {
  const r = adapters.rank ?? DEFAULT_RANK;
  const layers = layersOf(model);
  const count2 = (hidden, targets2) => {
    const kv = model.heads && model.kvHeads ? hidden * model.kvHeads / model.heads : hidden / 4;
    const inter = model.intermediate ?? 3.5 * hidden;
    return targets2.reduce((sum, name) => {
      const [input, output] = linearShape(name, hidden, kv, inter);
      return sum + r * (input + output);
    }, 0) * layers;
  };
  const h = hiddenOf(model);
  const targets = adapters.targetModules;
  if (targets === "all-linear") return { low: count2(h.low, ALL_LINEAR), mid: count2(h.mid, ALL_LINEAR), high: count2(h.high, ALL_LINEAR) };
  if (targets && targets.length > 0) return { low: count2(h.low, targets), mid: count2(h.mid, targets), high: count2(h.high, targets) };
  return { low: count2(h.low, DEFAULT_TARGETS), mid: count2(h.mid, DEFAULT_TARGETS), high: count2(h.high, ALL_LINEAR) };
}
function component(name, range) {
  return { name, bytes: range.mid, low: range.low, high: range.high };
}
function estimateMemory(run) {
  const { model } = run;
  const shards = Math.max(1, run.shardedOver ?? 1);
  const components = [];
  const stateBytes = (run.trainableBytes ?? 8) + (run.optimizerStateBytes ?? 8);
  if (run.training === "full") {
    components.push(component("trainable states", exact(model.parameters * stateBytes / shards)));
  } else {
    for (const part of weightComponents(model, run.weights, "weights")) components.push(divide(part, shards));
    if (run.training === "adapters") components.push(component("trainable states", scale(adapterParameters(model, run.adapters), stateBytes / shards)));
  }
  if (run.reference && run.training !== "adapters") {
    for (const part of weightComponents(model, run.weights, "reference model")) components.push(divide({ ...part, name: "reference model" }, shards));
  }
  if (run.training !== "none" && run.batch && run.tokens) {
    const tokens = run.batch * run.tokens * (run.fp32Activations ? 2 : 1);
    const wd = widthDepth(model);
    const layers = layersOf(model);
    const perLayer = ACTIVATION;
    const kept = run.activationOffloading ? 0 : CHECKPOINTED;
    const activations = run.checkpointing ? { low: kept + perLayer.low / layers, mid: kept + perLayer.mid / layers, high: kept + perLayer.high / layers } : perLayer;
    components.push(component("activations", scale(product(wd, activations), tokens)));
    const vocab = model.vocab ? exact(model.vocab) : VOCAB;
    const logits = scale(product(vocab, LOGIT), run.batch * run.tokens * (run.chunkedLoss ? 1 / 8 : 1));
    components.push(component("logits", logits));
  }
  if (run.generation) {
    const h = hiddenOf(model);
    const kvShare = model.heads && model.kvHeads ? exact(model.kvHeads / model.heads) : { low: 1 / 8, mid: 1 / 4, high: 1 };
    const perToken = scale(product(h, kvShare), 2 * 2 * layersOf(model));
    components.push(component("KV cache", scale(perToken, run.generation.sequences * run.generation.tokens)));
  }
  components.push(component("CUDA context", CONTEXT));
  const sum = (key) => components.reduce((total, c) => total + c[key], 0);
  const bytes2 = sum("bytes");
  const low = sum("low") * (1 - MEASUREMENT_SPREAD);
  const high = sum("high") * (1 + FRAGMENTATION);
  return { components, bytes: bytes2, low, high, gib: bytes2 / GiB2, lowGiB: low / GiB2, highGiB: high / GiB2 };
}
function divide(part, by) {
  return by === 1 ? part : { ...part, bytes: part.bytes / by, low: part.low / by, high: part.high / by };
}
function describeComponents(estimate) {
  const parts = estimate.components.filter((c) => c.bytes >= 0.05 * GiB2).map((c) => `${c.name} ${(c.bytes / GiB2).toFixed(1)}`);
  return `${parts.join(", ")} GiB`;
}

// packages/rules/src/shared/model-families.ts
var FP16_UNSAFE_FAMILIES = [
  {
    name: "T5",
    modelTypes: ["t5", "mt5", "umt5", "longt5"],
    // t5-small, t5-v1_1-xl, flan-t5-xxl, mt5-base, byt5-small, long-t5-tglobal-base, umt5-xl; not "gpt5", "bert5".
    id: /^(?:(?:flan|long|switch)-)?(?:t5|mt5|byt5|umt5)(?:$|[-_.])|^long-t5/,
    source: "transformers#9295"
  },
  { name: "Gemma-2/3/4", modelTypes: ["gemma2", "gemma3", "gemma3_text", "gemma3n", "gemma4"], id: /(?:^|-)gemma-?[234](?:$|[-_.n])/, source: "transformers#36822" },
  { name: "gpt-oss", modelTypes: ["gpt_oss"], id: /^gpt-oss(?:$|-)/, source: "Unsloth's FORCE_FLOAT32 list" },
  {
    name: "Qwen3-MoE/Qwen3.5",
    modelTypes: ["qwen3_moe", "qwen3_5", "qwen3_5_moe"],
    // Qwen3-30B-A3B, Qwen3-235B-A22B-Instruct-2507 (the active-parameter part marks the MoE), Qwen3.5-*.
    id: /^qwen3-(?:\d+(?:\.\d+)?b-)a\d+(?:\.\d+)?b(?:$|-)|^qwen3-?moe|^qwen3\.5(?:$|-)/,
    source: "Unsloth's FORCE_FLOAT32 list"
  },
  { name: "GLM-4", modelTypes: ["glm4", "glm4_moe"], id: /^glm-?4(?:$|[-_.])/, source: "vLLM's _FLOAT16_NOT_SUPPORTED_MODELS" }
];
function fp16UnsafeFamilyOfId(id) {
  const name = id.toLowerCase().replace(/\/+$/, "").split("/").at(-1);
  return FP16_UNSAFE_FAMILIES.find((family) => family.id.test(name));
}
function fp16UnsafeFamilyOfType(modelType) {
  return typeof modelType === "string" ? FP16_UNSAFE_FAMILIES.find((family) => family.modelTypes.includes(modelType)) : void 0;
}
var ID_WORD = /[A-Za-z0-9][\w.-]*(?:\/[\w.-]+)?/g;
var FAMILY_HINT = /t5|gemma|gpt-oss|qwen3|glm-?4/i;
function fp16UnsafeFamilyIn(text) {
  if (lastScan?.text !== text) lastScan = { text, family: scanForFamily(text) };
  return lastScan.family;
}
var lastScan;
function scanForFamily(text) {
  if (!FAMILY_HINT.test(text)) return void 0;
  for (const match of text.matchAll(ID_WORD)) {
    if (!FAMILY_HINT.test(match[0])) continue;
    const family = fp16UnsafeFamilyOfId(match[0]);
    if (family) return family;
  }
  return void 0;
}
var GEMMA_2_OR_3_ID = /(?<![a-z0-9])gemma-?[23](?=$|[-_./])/i;
var GEMMA_2_OR_3_TYPES = /* @__PURE__ */ new Set(["gemma2", "gemma3", "gemma3_text"]);
function isGemma2or3(context2, modelId) {
  const modelType = context2.project.modelConfig(modelId)?.model_type;
  if (typeof modelType === "string") return GEMMA_2_OR_3_TYPES.has(modelType);
  return GEMMA_2_OR_3_ID.test(modelId);
}
function isGemma2or3Type(modelType) {
  return typeof modelType === "string" && GEMMA_2_OR_3_TYPES.has(modelType);
}

// packages/rules/src/shared/precision-policy.ts
function mixedPrecisionMode(target, precision, text = "") {
  return mixedPrecisionFor(target, precision, text).mode;
}
function mixedPrecisionFor(target, precision, text = "") {
  const fp16TensorCores = target.gpu.features.fp16TensorCores;
  if (precision !== "auto") return { mode: precision, float32Because: fp16TensorCores ? "With --precision fp32" : "It has no fp16 tensor cores either, so" };
  if (!fp16TensorCores) return { mode: "fp32", float32Because: "It has no fp16 tensor cores either, so" };
  const family = fp16UnsafeFamilyIn(text);
  if (family) return { mode: "fp32", family, float32Because: `${family.name} models overflow float16 (inf/NaN; ${family.source}), so instead of fp16` };
  return { mode: "fp16", float32Because: "" };
}
var FP16_RISK = "if the loss turns inf/NaN, the model overflows float16 (as bf16-trained T5 and Gemma do): train in float32 instead";
function dtypeReplacement(precision) {
  return precision === "fp16" ? "float16" : "float32";
}

// packages/rules/src/shared/training-args.ts
var TRAINING_ARGUMENTS_CLASSES = /* @__PURE__ */ new Set([
  "TrainingArguments",
  "Seq2SeqTrainingArguments",
  "SFTConfig",
  "DPOConfig",
  "ORPOConfig",
  "KTOConfig",
  "CPOConfig",
  "RewardConfig",
  "GRPOConfig",
  "PPOConfig"
]);
function trainingArgumentsKeyword(name, imports) {
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return null;
  const call = callOfArgument(argument);
  if (!call) return null;
  const fn = call.childForFieldName("function");
  const callee = fn && imports.qualifiedName(fn)?.split(".").pop();
  return callee && TRAINING_ARGUMENTS_CLASSES.has(callee) ? { argument, call } : null;
}
function trainingArgumentsCallsWith(source, keywords) {
  const calls = /* @__PURE__ */ new Map();
  for (const word of keywords) {
    for (const node of source.occurrences(word)) {
      if (node.type !== "identifier") continue;
      const found = trainingArgumentsKeyword(node, source.imports);
      if (found && !calls.has(found.call.startIndex)) calls.set(found.call.startIndex, found.call);
    }
  }
  return [...calls.values()];
}

// packages/rules/src/shared/training-run.ts
var ADAPTER_MODULES = ["peft", "unsloth"];
var ADAPTER_WORDS = ["load_in_4bit", "load_in_8bit", "BitsAndBytesConfig", "peft_config", "use_peft", "lora_r", "requires_grad", "requires_grad_"];
function fullFineTune(source) {
  return !ADAPTER_MODULES.some((m) => source.imports.importsModule(m)) && ADAPTER_WORDS.every((word) => source.occurrences(word).next().done);
}
function fullFineTuneWithTrainer(source) {
  let known = trainsFully.get(source);
  if (known === void 0) trainsFully.set(source, known = trainsEveryWeight(source));
  return known;
}
var trainsFully = /* @__PURE__ */ new WeakMap();
function trainsEveryWeight(source) {
  if (!fullFineTune(source)) return false;
  for (const flag2 of ["output_dir", "bf16", "fp16"]) {
    for (const node of source.occurrences(flag2)) {
      if (node.type === "identifier" && trainingArgumentsKeyword(node, source.imports)) return true;
    }
  }
  return false;
}

// packages/rules/src/shared/integer-values.ts
function integerLiteral(node) {
  if (node?.type !== "integer" || !/^\d+(_\d+)*$/.test(node.text)) return null;
  return Number(node.text.replaceAll("_", ""));
}
function integerOrConstant(source, node) {
  const literal2 = integerLiteral(node);
  if (literal2 !== null || node?.type !== "identifier") return literal2;
  let value2 = null;
  for (const assignment of source.root.descendantsOfType("assignment")) {
    if (assignment?.childForFieldName("left")?.text !== node.text) continue;
    const assigned = integerLiteral(assignment.childForFieldName("right"));
    const atTopLevel = assignment.parent?.type === "expression_statement" && assignment.parent.parent?.type === "module";
    if (assigned === null || !atTopLevel || value2 !== null && value2 !== assigned) return null;
    value2 = assigned;
  }
  return value2;
}
function argumentFor2(call, name, position) {
  const keyword = keywordArgument(call, name);
  if (keyword) return keywordValue(keyword);
  const positional2 = [];
  for (const argument of argumentsOf(call)) {
    if (argument.type === "list_splat") return null;
    if (argument.type === "keyword_argument" || argument.type === "dictionary_splat") break;
    positional2.push(argument);
  }
  return positional2[position] ?? null;
}

// packages/rules/src/shared/training-memory.ts
var ADAPTER_CALLS = ["get_peft_model", "LoraConfig", "prepare_model_for_kbit_training"];
var ADAPTER_SWITCHES = ["use_peft", "use_lora", "use_qlora"];
function runModules(context2) {
  let modules = runModulesOf.get(context2.source);
  if (!modules) runModulesOf.set(context2.source, modules = findRunModules(context2));
  return modules;
}
var runModulesOf = /* @__PURE__ */ new WeakMap();
function findRunModules(context2) {
  const modules = [context2.source];
  const project = context2.project;
  if (!project.pythonSource) return modules;
  for (const statement of context2.source.imports.statements) {
    if (statement.type !== "import_from_statement") continue;
    const module = statement.childForFieldName("module_name")?.text;
    if (!module || module.startsWith(".")) continue;
    const other = project.pythonSource(`${module.replaceAll(".", "/")}.py`);
    if (other && !modules.includes(other)) modules.push(other);
  }
  return modules;
}
function trainsAdapters(modules) {
  return modules.some(
    (source) => ADAPTER_CALLS.some((word) => [...source.occurrences(word)].some((node) => node.type === "identifier" && callNamedAt(node) !== null)) || ADAPTER_SWITCHES.some((word) => [...source.occurrences(word)].some((node) => isTrue(assignedValue(node))))
  );
}
function assignedValue(node) {
  const parent = node.parent;
  if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.startIndex === node.startIndex) return keywordValue(parent);
  if (parent?.type === "assignment" && parent.childForFieldName("left")?.startIndex === node.startIndex) return parent.childForFieldName("right");
  return null;
}
function modelLoadOf(context2, modules) {
  for (const source of modules) {
    const loads = [];
    const ids = /* @__PURE__ */ new Set();
    const moduleContext = source === context2.source ? context2 : { ...context2, source, report: () => {
    } };
    for (const node of source.occurrences("from_pretrained")) {
      const found = callNamedAt(node);
      if (!found) continue;
      const id = modelIdOf(moduleContext, found.call) ?? importedString(context2, source, modelArgument(found.call));
      if (id === void 0) return null;
      ids.add(id);
      const weights = /Tokenizer|Processor/.test(found.callee.text) ? void 0 : loadWeightsOf(source, found.call);
      if (weights) loads.push({ source, call: found.call, modelId: id, weights });
    }
    if (ids.size > 1 || loads.length > 1) return null;
    if (loads.length === 1) return loads[0];
  }
  return null;
}
function modelArgument(call) {
  const list = call.childForFieldName("arguments");
  const first = list?.namedChildren.find((child) => child?.type !== "comment" && child?.type !== "keyword_argument");
  const named = ["pretrained_model_name_or_path", "model_name", "model_id"].map((k) => keywordArgument(call, k)).find(Boolean);
  return named ? keywordValue(named) : first ?? null;
}
function importedString(context2, source, node) {
  const value2 = importedValue(context2, source, node);
  const text = value2 && stringValue(value2);
  return text ?? void 0;
}
function importedInteger(context2, source, node) {
  return integerLiteral(importedValue(context2, source, node) ?? null);
}
function importedValue(context2, source, node) {
  if (node?.type !== "identifier" || !context2.project.pythonSource) return void 0;
  const bindings = source.semantic.resolve(node);
  if (bindings.length !== 1 || bindings[0].kind !== "import") return void 0;
  const statement = bindings[0].site;
  const module = statement.type === "import_from_statement" ? statement.childForFieldName("module_name")?.text : void 0;
  if (!module || module.startsWith(".")) return void 0;
  const other = context2.project.pythonSource(`${module.replaceAll(".", "/")}.py`);
  if (!other) return void 0;
  const original = importedName(statement, node.text);
  let value2;
  for (const assignment of other.root.descendantsOfType("assignment")) {
    if (assignment?.childForFieldName("left")?.text !== original) continue;
    const atTopLevel = assignment.parent?.type === "expression_statement" && assignment.parent.parent?.type === "module";
    if (!atTopLevel || value2) return void 0;
    value2 = assignment.childForFieldName("right") ?? void 0;
  }
  return value2;
}
function importedName(statement, local) {
  for (const child of statement.namedChildren) {
    if (child?.type === "aliased_import" && child.childForFieldName("alias")?.text === local) return child.childForFieldName("name")?.text ?? local;
  }
  return local;
}
function adaptersOf(context2, modules) {
  const read = { checkpointing: false };
  const ranks = [];
  const targetLists = [];
  for (const source of modules) {
    let own = moduleAdapters.get(source);
    if (!own) moduleAdapters.set(source, own = adaptersIn(context2, source));
    ranks.push(...own.ranks);
    targetLists.push(...own.targetLists);
    if (own.checkpointingBy) {
      read.checkpointing = true;
      read.checkpointingBy = own.checkpointingBy;
    }
  }
  if (ranks.length > 0) read.rank = Math.min(...ranks);
  const distinct = new Set(targetLists.map((t) => JSON.stringify(t)));
  if (distinct.size === 1) read.targetModules = targetLists[0];
  return read;
}
var moduleAdapters = /* @__PURE__ */ new WeakMap();
function adaptersIn(context2, source) {
  const own = { ranks: [], targetLists: [] };
  for (const name of ["LoraConfig", "get_peft_model"]) {
    for (const node of source.occurrences(name)) {
      const found = callNamedAt(node);
      if (!found) continue;
      const rank = rankOf(context2, source, found.call);
      if (rank !== void 0) own.ranks.push(rank);
      const targets = targetsOf(found.call);
      if (targets) own.targetLists.push(targets);
      const unsloth = keywordArgument(found.call, "use_gradient_checkpointing");
      if (name === "get_peft_model" && source.imports.importsModule("unsloth") && !(unsloth && isFalse(keywordValue(unsloth)))) {
        own.checkpointingBy = "Unsloth's `get_peft_model`";
      }
    }
  }
  for (const node of source.occurrences("prepare_model_for_kbit_training")) {
    const found = callNamedAt(node);
    const off = found && keywordArgument(found.call, "use_gradient_checkpointing");
    if (found && !(off && isFalse(keywordValue(off)))) own.checkpointingBy = "`prepare_model_for_kbit_training`";
  }
  if (!source.occurrences("gradient_checkpointing_enable").next().done) own.checkpointingBy = "`gradient_checkpointing_enable()`";
  return own;
}
function rankOf(context2, source, call) {
  const keyword = keywordArgument(call, "r");
  if (!keyword) return void 0;
  const value2 = keywordValue(keyword);
  return integerLiteral(value2) ?? importedInteger(context2, source, value2) ?? void 0;
}
function targetsOf(call) {
  const keyword = keywordArgument(call, "target_modules");
  const value2 = keyword && keywordValue(keyword);
  if (!value2) return void 0;
  if (stringValue(value2) === "all-linear") return "all-linear";
  if (value2.type !== "list" && value2.type !== "tuple") return void 0;
  const names = value2.namedChildren.map((child) => child ? stringValue(child) : null);
  return names.every((name) => name !== null) && names.length > 0 ? names : void 0;
}

// packages/rules/src/shared/callers.ts
function callersOf(context2, definition, { sameFileOnly = false } = {}) {
  const { semantic } = context2.source;
  const sites = semantic.callSitesOf(definition).map((call) => ({ semantic, call }));
  const name = definition.childForFieldName("name")?.text;
  if (!sameFileOnly && name && context2.path && semantic.scopeOf(definition).kind === "module") {
    for (const module of context2.project.importersOf(context2.path, name)) {
      for (const call of module.calls) sites.push({ semantic: module.source.semantic, call });
    }
  }
  return sites;
}
function parameterOf(context2, identifier) {
  if (identifier.type !== "identifier") return void 0;
  const bindings = context2.source.semantic.resolve(identifier);
  return bindings.length === 1 && bindings[0].kind === "parameter" ? bindings[0] : void 0;
}
function parameterPassing(context2, parameter) {
  const definition = parameter.statement;
  if (definition.type !== "function_definition") return { passing: "unknown", values: [] };
  const values = [];
  let relies = false;
  const local = callersOf(context2, definition, { sameFileOnly: true });
  const callers = local.some(({ call }) => context2.source.semantic.argumentFor(call, definition, parameter.name).passed === "no") ? local : callersOf(context2, definition);
  if (callers.length === 0) return { passing: "unknown", values: [] };
  for (const { semantic, call } of callers) {
    const passed = context2.source.semantic.argumentFor(call, definition, parameter.name);
    if (passed.passed === "maybe") return { passing: "unknown", values: [] };
    if (passed.passed === "no") {
      relies = true;
      values.push(parameter.value ? context2.source.semantic.constantValue(parameter.value) : void 0);
    } else values.push(passed.value ? semantic.constantValue(passed.value) : void 0);
  }
  return { passing: relies ? "some" : "all", values };
}
function parameterConstant(context2, parameter) {
  const { passing, values } = parameterPassing(context2, parameter);
  if (passing === "unknown" || values.some((value2) => value2 === void 0)) return void 0;
  return values.every((value2) => value2 === values[0]) ? values[0] : void 0;
}

// packages/rules/src/shared/load-dtype.ts
var SOURCE_TEXT = {
  "model id": "its name",
  "known model": "the table of known models",
  "config.json": "its config.json"
};
function modelLabel(modelId, size3) {
  return `${modelId} (${formatParameters(size3.parameters)} parameters, from ${SOURCE_TEXT[size3.source]})`;
}
var FP16_WEIGHTS_FAIL = "full fine-tuning needs float32 trainable weights: under fp16 mixed precision float16 ones stop with `ValueError: Attempting to unscale FP16 gradients.`, and without it they train in pure float16, which loses most updates";
function isModelLoadCall(call) {
  const fn = call.childForFieldName("function");
  const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
  return name === "from_pretrained" || name === "pipeline";
}
function modelLoadCalls(source) {
  const calls = [...source.callsNamed(["from_pretrained", "pipeline"])].map(({ call }) => call).filter(isModelLoadCall);
  return calls.sort((a, b) => a.startIndex - b.startIndex);
}
function loadDtypeFor(context2, call) {
  const deviceMap = keywordArgument(call, "device_map");
  const spread = !!deviceMap && stringValue(keywordValue(deviceMap)) === "auto";
  return dtypeForModel(context2, modelIdOf(context2, call), spread, fullFineTuneWithTrainer(context2.source), trainsAdapters([context2.source]));
}
function dtypeForModel(context2, modelId, spread, trainsFully2 = false, trainsLora = false) {
  if (context2.precision !== "auto") return { dtype: dtypeReplacement(context2.precision), note: "" };
  const available = availableGiB(context2.target, spread);
  const where = `${spread ? `${context2.target.count} x ` : ""}${context2.target.gpu.name}`;
  const size3 = modelId ? sizeOf(context2, modelId) : void 0;
  if (!size3 || !modelId) {
    const upTo = (dtype) => formatParameters(available / inferenceGiB(1, dtype));
    const training2 = trainsFully2 ? ` This file fully fine-tunes, and ${FP16_WEIGHTS_FAIL}; above ~${upTo("float32")} train LoRA/QLoRA adapters instead.` : "";
    return {
      dtype: "float32",
      note: "",
      hintOnly: true,
      hint: `The model's size is unknown here, so no dtype is certain: float32 (exact, 4 bytes per parameter) fits the ${formatGiBValue(available)} GiB of the ${where} up to ~${upTo("float32")} parameters, float16 up to ~${upTo("float16")}. Use float32 for a smaller model, float16 above that.${training2}`
    };
  }
  const shape2 = shapeOf(size3.parameters, context2.project.modelConfig(modelId) ?? shapeFromModelId(modelId));
  const lora = trainsLora && !trainsFully2;
  const need = (dtype) => lora ? estimateMemory({ model: shape2, weights: dtype, training: "adapters" }).gib : inferenceGiB(size3.parameters, dtype);
  const purpose = lora ? " to train LoRA adapters on it (before activations)" : "";
  const fp32 = need("float32");
  const what2 = modelLabel(modelId, size3);
  const states = trainsFully2 ? estimateMemory({ model: shape2, weights: "float32", training: "full" }).gib : 0;
  const training = trainsFully2 ? `; fully fine-tuning it needs ~${formatGiBValue(states)} GiB (~16 bytes per parameter, before activations)${states > available ? ", which does not fit" : ""}` : "";
  const numbers = (gib) => ({ memory: { label: what2, estimateGiB: round(gib), lowGiB: round(gib), highGiB: round(gib), availableGiB: available } });
  if (fp32 <= available) {
    return { dtype: "float32", note: `${what2} needs ~${formatGiBValue(fp32)} GiB in float32${purpose}, within the ${formatGiBValue(available)} GiB of the ${where}${training}.`, ...numbers(fp32) };
  }
  const needs3 = `${what2} needs ~${formatGiBValue(fp32)} GiB in float32${purpose}, more than the ${formatGiBValue(available)} GiB of the ${where}${training}`;
  if (trainsFully2) {
    return {
      dtype: "float16",
      note: `${needs3}.`,
      ...numbers(fp32),
      hintOnly: true,
      hint: `Not rewritten: ${FP16_WEIGHTS_FAIL}, and those do not fit. Train LoRA/QLoRA adapters on frozen float16 or 4-bit weights, use an 8-bit optimizer (\`optim="paged_adamw_8bit"\`), or pick a smaller model.`
    };
  }
  const family = fp16UnsafeFamilyOf(context2, modelId);
  if (family) {
    return {
      dtype: "float32",
      note: `${needs3}.`,
      hintOnly: true,
      hint: `Not rewritten: float16 would fit, but ${family.name} models overflow float16 (inf/NaN; ${family.source}). Load it in 4-bit (\`BitsAndBytesConfig(load_in_4bit=True)\`) or pick a smaller model that fits in float32.`
    };
  }
  const fp16 = need("float16");
  const fits16 = fp16 <= available ? "" : "; that does not fit either: consider 4-bit quantization or a smaller model";
  return { dtype: "float16", note: `${needs3}, so float16 (~${formatGiBValue(fp16)} GiB)${fits16}.`, ...numbers(fp16) };
}
var round = (value2) => Math.round(value2 * 10) / 10;
function fp16UnsafeFamilyOf(context2, modelId) {
  return fp16UnsafeFamilyOfType(context2.project.modelConfig(modelId)?.model_type) ?? fp16UnsafeFamilyOfId(modelId);
}
var MODEL_ID_KEYS = ["pretrained_model_name_or_path", "model", "model_name_or_path", "model_id"];
function modelIdOf(context2, call) {
  const args = argumentsOf(call);
  const named = MODEL_ID_KEYS.map((k) => keywordArgument(call, k)).find(Boolean);
  const node = named ? keywordValue(named) : args.find((a) => a.type !== "keyword_argument" && a.type !== "dictionary_splat" && a.type !== "list_splat");
  if (!node) return void 0;
  const constant = context2.source.semantic.stringConstant(node);
  if (constant !== void 0) return constant;
  const parameter = parameterOf(context2, node);
  const value2 = parameter && parameterConstant(context2, parameter);
  return typeof value2 === "string" ? value2 : void 0;
}
function sizeOf(context2, modelId) {
  const config = context2.project.modelConfig(modelId);
  return (config && parametersFromConfig(config)) ?? parametersFromModelId(modelId);
}

// packages/rules/src/shared/messages.ts
function gpuLabel(target) {
  const { major, minor } = target.gpu.computeCapability;
  return `${target.gpu.name} (compute capability ${major}.${minor})`;
}
function noBf16Reason(target) {
  return `${gpuLabel(target)} has no bf16 tensor cores (they need compute capability ${requiredCapability("bf16")}), so bf16 runs emulated and slow, or kernels refuse it`;
}
function rewriteMessage(asks, instead, after = "", verb = "using") {
  return { message: `${asks}; ${verb} ${instead} instead.${after}`, rewrite: { instead, message: `${asks}.${after}` } };
}

// packages/shell/src/words.ts
var WORD_TYPES = /* @__PURE__ */ new Set([
  "word",
  "number",
  "string",
  "raw_string",
  "ansi_c_string",
  "translated_string",
  "concatenation",
  "simple_expansion",
  "expansion",
  "command_substitution",
  "process_substitution",
  "arithmetic_expansion",
  "brace_expression"
]);
var QUOTED = /* @__PURE__ */ new Set(["string", "raw_string", "ansi_c_string", "translated_string"]);
function readWord(node, text) {
  const parts = partsOf(node, text);
  const value2 = parts.map((part) => part.text).join("");
  const inner = QUOTED.has(node.type) ? quotedInterior(node) : void 0;
  return {
    value: value2,
    start: node.startIndex,
    end: node.endIndex,
    valueStart: inner?.start ?? node.startIndex,
    valueEnd: inner?.end ?? node.endIndex,
    dynamic: parts.some((part) => part.dynamic),
    node,
    parts
  };
}
function emptyWord(node, at) {
  return { value: "", start: at, end: at, valueStart: at, valueEnd: at, dynamic: false, node, parts: [] };
}
function quotedInterior(node) {
  const open = node.type === "string" || node.type === "raw_string" ? 1 : 2;
  return { start: node.startIndex + open, end: node.endIndex - 1 };
}
function partsOf(node, text) {
  const { startIndex: start, endIndex: end } = node;
  switch (node.type) {
    case "word":
    case "number":
      if (node.namedChildren.length > 0) return [dynamicPart(node, text)];
      return unescape(text, start, end, () => true);
    case "raw_string":
      return [{ text: text.slice(start + 1, end - 1), start: start + 1, end: end - 1, verbatim: true, dynamic: false }];
    case "ansi_c_string": {
      const body = text.slice(start + 2, end - 1);
      return [{ text: body, start: start + 2, end: end - 1, verbatim: !body.includes("\\"), dynamic: body.includes("\\") }];
    }
    case "string":
    case "translated_string":
      return doubleQuoted(node, text);
    case "concatenation":
      return node.children.flatMap((child) => {
        if (!child) return [];
        if (!WORD_TYPES.has(child.type)) return [{ text: child.text, start: child.startIndex, end: child.endIndex, verbatim: true, dynamic: false }];
        return partsOf(child, text);
      });
    default:
      return [dynamicPart(node, text)];
  }
}
function dynamicPart(node, text) {
  return { text: text.slice(node.startIndex, node.endIndex), start: node.startIndex, end: node.endIndex, verbatim: false, dynamic: true };
}
function doubleQuoted(node, text) {
  const open = text.indexOf('"', node.startIndex);
  const close = node.endIndex - 1;
  const expansions = namedChildrenOf(node).filter((child) => child.type !== "string_content");
  const parts = [];
  let cursor = open + 1;
  for (const expansion of expansions) {
    parts.push(...unescape(text, cursor, expansion.startIndex, (ch) => DOUBLE_QUOTE_ESCAPES.has(ch)));
    parts.push(dynamicPart(expansion, text));
    cursor = expansion.endIndex;
  }
  parts.push(...unescape(text, cursor, close, (ch) => DOUBLE_QUOTE_ESCAPES.has(ch)));
  return parts;
}
var DOUBLE_QUOTE_ESCAPES = /* @__PURE__ */ new Set(['"', "\\", "$", "`", "\n"]);
function unescape(text, start, end, escapes) {
  const parts = [];
  let run = start;
  const flush = (to) => {
    if (to > run) parts.push({ text: text.slice(run, to), start: run, end: to, verbatim: true, dynamic: false });
  };
  for (let i = start; i < end; i++) {
    if (text[i] !== "\\" || i + 1 >= end) continue;
    const next = text[i + 1];
    const crlf = next === "\r" && text[i + 2] === "\n";
    if (!escapes(crlf ? "\n" : next)) continue;
    flush(i);
    const width = crlf ? 3 : 2;
    parts.push({ text: next === "\n" || crlf ? "" : next, start: i, end: i + width, verbatim: false, dynamic: false });
    i += width - 1;
    run = i + 1;
  }
  flush(end);
  return parts;
}
function rangeOf2(word, from, to) {
  const start = sourceOffset(word, from, "start");
  const end = from === to ? start : sourceOffset(word, to, "end");
  return start === void 0 || end === void 0 ? void 0 : { start, end };
}
function sourceOffset(word, at, side) {
  let position = 0;
  for (const part of word.parts) {
    const length = part.text.length;
    const inside = side === "start" ? at >= position && at < position + length : at > position && at <= position + length;
    if (inside) return part.verbatim ? part.start + (at - position) : void 0;
    position += length;
  }
  if (side === "start" && at === position) {
    const last = word.parts[word.parts.length - 1];
    return last ? last.verbatim ? last.end : void 0 : word.valueEnd;
  }
  if (side === "end" && at === 0) return word.valueStart;
  return void 0;
}
function programName(word) {
  return isStatic2(word) ? word.value.slice(word.value.lastIndexOf("/") + 1) : void 0;
}
function isStatic2(word, from = 0, to = word.value.length) {
  let position = 0;
  for (const part of word.parts) {
    const next = position + part.text.length;
    if (part.dynamic && position < to && next > from) return false;
    position = next;
  }
  return true;
}

// packages/shell/src/source.ts
var HARDWARE_CHECK = new RegExp(`\\b(${[...HARDWARE_CHECK_NAMES, "nvidia-smi", "compute_cap"].join("|")})\\b`);
var ShellSource = class {
  /**
   * @param notebookBang A notebook line `!cmd`: the offset of its `!`, relative to this text (which starts after
   * it). IPython runs such a line in a subshell of its own, so `!cd dir` changes nothing that follows.
   */
  constructor(text, root, notebookBang) {
    this.text = text;
    this.root = root;
    this.notebookBang = notebookBang;
  }
  text;
  root;
  notebookBang;
  commandList;
  assignmentList;
  /** Every simple command in the script, in order, including those inside pipelines, `&&` lists and functions. */
  commands() {
    return this.commandList ??= this.root.descendantsOfType("command").filter((node) => node !== null).sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex).flatMap((node) => this.readCommand(node) ?? []);
  }
  /**
   * The hardware check that decides whether `node` runs: the condition of an enclosing `if`/`elif`, or the left
   * side of an enclosing `&&`/`||` list, when it mentions one (`nvidia-smi`, `is_bf16_supported`, ...).
   */
  guardOf(node) {
    for (const ancestor of ancestors(node)) {
      const condition = conditionBefore(ancestor, node);
      const found = condition && HARDWARE_CHECK.exec(this.text.slice(condition.start, condition.end));
      if (found) return found[1];
    }
    return null;
  }
  /** Every variable assignment in the script, in order. */
  assignments() {
    return this.assignmentList ??= this.root.descendantsOfType("variable_assignment").filter((node) => node !== null).map((node) => ({ ...this.assignment(node), node, scope: this.commandScoped(node) ? "command" : "script" }));
  }
  /**
   * The static value of a variable the script sets once, at its top level (not in a function, loop or branch,
   * and not only for one command), with the word that holds it: `NUM_GPUS=8` or `export NUM_GPUS=8`.
   * Undefined when it is set more than once, conditionally, from an expansion, or never.
   */
  constant(name) {
    const sets = this.assignments().filter((a) => a.name === name);
    const only = sets.length === 1 ? sets[0] : void 0;
    if (!only || only.scope !== "script" || only.value.dynamic) return void 0;
    const parent = only.node.parent;
    const holder = parent?.type === "declaration_command" || parent?.type === "command" ? parent : only.node;
    return holder.parent?.type === "program" ? only.value : void 0;
  }
  /** `NAME=value cmd` sets NAME for `cmd` only; a bare `NAME=value` line (which the grammar may join to the
   * command on the next line) sets it for the script. */
  commandScoped(node) {
    const name = node.parent?.type === "command" ? node.parent.childForFieldName("name") : null;
    return name !== null && this.onNameLine(node, name);
  }
  readCommand(node) {
    const nameNode = node.childForFieldName("name");
    const nameWord = nameNode?.namedChildren[0];
    if (!nameNode || !nameWord) return void 0;
    const args = [];
    const env = [];
    for (const child of childrenOf(node)) {
      if (child.endIndex <= nameNode.startIndex) {
        if (child.type === "variable_assignment" && this.onNameLine(child, nameNode)) env.push(this.assignment(child));
      } else if (child.startIndex >= nameNode.endIndex && WORD_TYPES.has(child.type)) {
        args.push(readWord(child, this.text));
      }
    }
    return { node, env, name: readWord(nameWord, this.text), args };
  }
  /** tree-sitter-bash joins `A=1 B=2` and a command on the next line into one command; bash does not. */
  onNameLine(assignment, name) {
    return !/[\r\n]/.test(this.text.slice(assignment.endIndex, name.startIndex).replace(/\\\r?\n/g, ""));
  }
  assignment(node) {
    const name = node.childForFieldName("name")?.text ?? "";
    const value2 = node.childForFieldName("value");
    return { name, value: value2 ? readWord(value2, this.text) : emptyWord(node, node.endIndex) };
  }
};
function conditionBefore(ancestor, node) {
  const type = ancestor.type;
  if (type !== "if_statement" && type !== "elif_clause" && type !== "list") return null;
  const children = childrenOf(ancestor);
  if (type === "if_statement" || type === "elif_clause") {
    const keyword = children[0];
    const then = children.find((child) => child.type === "then");
    if (keyword && then && node.startIndex >= then.endIndex) return { start: keyword.endIndex, end: then.startIndex };
  }
  if (type === "list") {
    const operator = children.find((child) => child.type === "&&" || child.type === "||");
    if (operator && node.startIndex >= operator.endIndex) return { start: ancestor.startIndex, end: operator.startIndex };
  }
  return null;
}

// packages/shell/src/flags.ts
function looksLikeOption(word) {
  if (!isStatic2(word, 0, 1)) return false;
  return word.value.startsWith("-") && word.value !== "-" && !/^-\.?\d/.test(word.value);
}
function flagUses(words2, names) {
  const spellings = typeof names === "string" ? [names] : names;
  const uses = [];
  words2.forEach((word, index) => {
    for (const name of spellings) {
      const use = word.value === name ? separateUse(words2, index, name) : word.value.startsWith(`${name}=`) ? joinedUse(word, index, name) : void 0;
      if (use) uses.push(use);
    }
  });
  return uses;
}
function separateUse(words2, index, name) {
  const word = words2[index];
  if (!isStatic2(word)) return void 0;
  const use = { name, word, index, nameStart: word.valueStart, nameEnd: word.valueEnd };
  const next = words2[index + 1];
  if (next && !looksLikeOption(next)) {
    use.value = { value: next.value, word: next, valueStart: next.valueStart, valueEnd: next.valueEnd, dynamic: next.dynamic, joined: false };
  }
  return use;
}
function joinedUse(word, index, name) {
  const nameRange = rangeOf2(word, 0, name.length);
  if (!nameRange || !isStatic2(word, 0, name.length + 1)) return void 0;
  const from = name.length + 1;
  const range = rangeOf2(word, from, word.value.length);
  const value2 = {
    value: word.value.slice(from),
    word,
    valueStart: range?.start ?? word.end,
    valueEnd: range?.end ?? word.end,
    dynamic: !range || !isStatic2(word, from),
    joined: true
  };
  return { name, word, index, nameStart: nameRange.start, nameEnd: nameRange.end, value: value2 };
}
var BETWEEN_WORDS = /^(?:[ \t]|\\\r?\n)+$/;
function removeFlagEdit(text, use) {
  const first = use.word.node;
  const separate = use.value !== void 0 && !use.value.joined;
  const last = separate ? use.value.word.node : first;
  if (separate && !BETWEEN_WORDS.test(text.slice(first.endIndex, last.startIndex))) return void 0;
  const before = first.previousSibling;
  if (before && BETWEEN_WORDS.test(text.slice(before.endIndex, first.startIndex))) return { start: before.endIndex, end: last.endIndex, text: "" };
  const after = last.nextSibling;
  if (after && BETWEEN_WORDS.test(text.slice(last.endIndex, after.startIndex))) return { start: first.startIndex, end: after.startIndex, text: "" };
  return void 0;
}

// packages/shell/src/launch.ts
var PYTHON = /^python(\d+(\.\d+)*)?$/;
var LAUNCHER_MODULES = /* @__PURE__ */ new Map([
  ["torch.distributed.run", "torchrun"],
  ["torch.distributed.launch", "torchrun"],
  ["accelerate.commands.launch", "accelerate launch"],
  ["deepspeed.launcher.runner", "deepspeed"]
]);
function pythonLaunch(command) {
  const words2 = unwrap([command.name, ...command.args]);
  const base = words2?.[0] && programName(words2[0]);
  if (!words2 || !base) return void 0;
  const rest = words2.slice(1);
  if (PYTHON.test(base)) return viaPython(command, rest);
  if (base === "torchrun" || base === "deepspeed") return viaLauncher(command, base, rest);
  if (base === "accelerate" && rest[0]?.value === "launch" && isStatic2(rest[0])) return viaLauncher(command, "accelerate launch", rest.slice(1));
  if (base === "tune" && rest[0]?.value === "run" && isStatic2(rest[0])) return viaTune(command, rest.slice(1));
  return void 0;
}
var TORCHRUN_SWITCHES = /* @__PURE__ */ new Set(["--standalone", "--no-python", "--no_python", "--run-path", "--run_path", "-m", "--module"]);
function viaTune(command, rest) {
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (!isStatic2(word)) return void 0;
    if (!word.value.startsWith("-")) {
      return { command, launcher: "tune run", options: rest.slice(0, i), entry: { kind: "script", word, name: word.value }, args: rest.slice(i + 1) };
    }
    if (!word.value.includes("=") && !TORCHRUN_SWITCHES.has(word.value)) i += 1;
  }
  return void 0;
}
function unwrap(words2) {
  let at = 0;
  for (; ; ) {
    const head = words2[at];
    if (!head || !isStatic2(head)) return words2.slice(at);
    if (head.value === "nohup") at += 1;
    else if (head.value === "time" || head.value === "exec") {
      at += 1;
      while (words2[at] && /^-[pcl]+$/.test(words2[at].value)) at += 1;
      if (words2[at]?.value.startsWith("-")) return void 0;
    } else if (head.value === "env") {
      at += 1;
      while (words2[at] && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words2[at].value) || words2[at].value === "-i")) at += 1;
      if (words2[at]?.value.startsWith("-")) return void 0;
    } else return words2.slice(at);
  }
}
function viaPython(command, rest) {
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    const value2 = word.value;
    if (!isStatic2(word) || !value2.startsWith("-")) {
      return { command, launcher: "python", options: rest.slice(0, i), entry: { kind: "script", word, name: value2 }, args: rest.slice(i + 1) };
    }
    if (value2 === "-") return void 0;
    if (value2.startsWith("--")) {
      if (value2 === "--check-hash-based-pycs") i += 1;
      continue;
    }
    const group = value2.slice(1);
    for (let k = 0; k < group.length; k++) {
      const letter = group[k];
      if (letter === "c") return void 0;
      if (letter === "m") {
        const joined2 = group.slice(k + 1);
        const module = joined2 ? word : rest[i + 1];
        if (!module || !isStatic2(module)) return void 0;
        const at = joined2 ? i : i + 1;
        return viaModule(command, rest.slice(0, at), module, joined2 || module.value, rest.slice(at + 1));
      }
      if (letter === "W" || letter === "X") {
        if (k === group.length - 1) i += 1;
        break;
      }
    }
  }
  return void 0;
}
function viaModule(command, before, word, name, args) {
  const launcher = LAUNCHER_MODULES.get(name);
  const launched = launcher && viaLauncher(command, launcher, args);
  if (launched) return { ...launched, options: [...before, word, ...launched.options] };
  return { command, launcher: "python", options: before, entry: { kind: "module", word, name }, args };
}
function viaLauncher(command, launcher, rest) {
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (!isStatic2(word)) continue;
    if (word.value === "-m" || word.value === "--module") {
      const module = rest[i + 1];
      if (module && isStatic2(module) && !module.value.startsWith("-")) {
        return { command, launcher, options: rest.slice(0, i + 1), entry: { kind: "module", word: module, name: module.value }, args: rest.slice(i + 2) };
      }
    } else if (word.value.endsWith(".py") && !word.value.startsWith("-")) {
      return { command, launcher, options: rest.slice(0, i), entry: { kind: "script", word, name: word.value }, args: rest.slice(i + 1) };
    }
  }
  return void 0;
}

// packages/shell/src/makefile.ts
function makefileScript(text) {
  const lines = text.split(/(?<=\n)/);
  const out = [];
  let inRule = false;
  let inDefine = false;
  let continues2 = null;
  for (const line of lines) {
    const body = line.replace(/\r?\n$/, "");
    const endsContinued2 = /(^|[^\\])(\\\\)*\\$/.test(body);
    if (continues2) {
      out.push(continues2 === "recipe" ? line : blank(line));
      if (!endsContinued2) continues2 = null;
      continue;
    }
    if (inDefine) {
      if (/^\s*endef\b/.test(body)) inDefine = false;
      out.push(blank(line));
      continue;
    }
    if (body.startsWith("	") && inRule) {
      out.push(withoutPrefix(line));
      if (endsContinued2) continues2 = "recipe";
      continue;
    }
    if (/^\s*define\b/.test(body)) inDefine = true;
    else if (isRuleLine(body)) inRule = true;
    else if (!(body.trim() === "" || /^\s*#/.test(body) || /^\s*(ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(body))) inRule = false;
    out.push(blank(line));
    if (endsContinued2) continues2 = "other";
  }
  return out.join("");
}
function isRuleLine(line) {
  if (line.startsWith("	") || /^\s*#/.test(line)) return false;
  const colon = line.search(/:(?!=)/);
  if (colon <= 0) return false;
  const assignment = line.search(/(?:[:?+!]|::)?=/);
  return assignment === -1 || assignment > colon;
}
function withoutPrefix(line) {
  const prefix = /^\t[ \t@+-]*/.exec(line)[0];
  return prefix.replace(/[@+-]/g, " ") + maskMakeFunctions(line.slice(prefix.length));
}
function maskMakeFunctions(text) {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "$") {
      i++;
      continue;
    }
    if (text[i] !== "$" || text[i + 1] !== "(" && text[i + 1] !== "{") continue;
    const end = closingOf(text, i + 1);
    if (end < 0) break;
    if (/^[({][A-Za-z-]+[ \t]/.test(text.slice(i + 1, end))) {
      out += text.slice(from, i) + "$" + "_".repeat(end - i);
      from = end + 1;
    }
    i = end;
  }
  return out + text.slice(from);
}
function closingOf(text, open) {
  const close = text[open] === "(" ? ")" : "}";
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === text[open]) depth++;
    else if (text[i] === close && --depth === 0) return i;
    else if (text[i] === "\n") return -1;
  }
  return -1;
}
function blank(line) {
  return line.replace(/[^\r\n]/g, " ");
}

// packages/shell/src/script-view.ts
function scriptView(text) {
  let at = text.length - 1;
  if (text[at] === "\n") at--;
  if (text[at] === "\r") at--;
  let backslashes = 0;
  while (text[at - backslashes] === "\\") backslashes++;
  return backslashes % 2 === 1 ? `${text.slice(0, at)} ${text.slice(at + 1)}` : text;
}

// packages/shell/src/markdown.ts
function markdownScript(text, keep = () => true) {
  let out = "";
  let from = 0;
  for (const block of shellBlocks(text)) {
    if (!keep(block.script)) continue;
    out += prose(text.slice(from, block.start)) + block.script;
    from = block.start + block.script.length;
  }
  return out + prose(text.slice(from));
}
function prose(text) {
  let out = "";
  let from = 0;
  for (const match of text.matchAll(HTML_SUPPRESSION)) {
    out += blankLines(text.slice(from, match.index)) + "#   " + match[1] + "   ";
    from = match.index + match[0].length;
  }
  return out + blankLines(text.slice(from));
}
var HTML_SUPPRESSION = /<!--([ \t]*gpu-compat:[ \t]*ignore[^\r\n]*?)-->/g;
var SCRIPT_LANGUAGES = /* @__PURE__ */ new Set(["bash", "sh", "shell", "zsh"]);
var SESSION_LANGUAGES = /* @__PURE__ */ new Set(["console", "shell-session", "shellsession", "sh-session", "bash-session", "terminal", ""]);
var FENCES = /^[ \t]*(`{3,}|~{3,})([^\n]*)$/gm;
var PROMPT = /^[ \t]*\$[ \t]/;
function shellBlocks(text) {
  const blocks = [];
  let open;
  const close = (end) => {
    if (open && open.session !== null) blocks.push({ start: open.start, script: bodyScript(text.slice(open.start, end).split(/(?<=\n)/), open.session) });
    open = void 0;
  };
  for (const fence of text.matchAll(FENCES)) {
    const [, marks, info] = fence;
    if (!open) {
      const next = Math.min(fence.index + fence[0].length + 1, text.length);
      if (!(marks[0] === "`" && info.includes("`"))) open = { fence: marks, session: sessionOf(info), start: next };
    } else if (marks[0] === open.fence[0] && marks.length >= open.fence.length && info.trim() === "") {
      close(fence.index);
    }
  }
  close(text.length);
  return blocks;
}
function sessionOf(info) {
  const language = /^[{.\s]*([\w+-]*)/.exec(info.trim())[1].toLowerCase();
  if (SCRIPT_LANGUAGES.has(language)) return false;
  return SESSION_LANGUAGES.has(language) ? true : null;
}
function bodyScript(lines, session) {
  if (!session && !lines.some((line) => PROMPT.test(line))) return lines.map(words).join("");
  let continued = false;
  return lines.map((line) => {
    if (continued) {
      continued = endsContinued(line);
      return words(line);
    }
    const prompt = PROMPT.exec(line);
    if (!prompt) return blankLines(line);
    continued = endsContinued(line);
    return blank2(prompt[0]) + words(line.slice(prompt[0].length));
  }).join("");
}
function words(line) {
  return line.replace(/(?<=^|[\s="'/])<([A-Za-z][\w.\-/]*)>/g, "_$1_");
}
function endsContinued(line) {
  return /(^|[^\\])(\\\\)*\\$/.test(line.replace(/\r?\n$/, ""));
}
function blank2(text) {
  return text.replace(/[^\r\n]+/g, (run) => " ".repeat(run.length));
}
function blankLines(text) {
  return text.replace(/[^\r\n]+/g, (run) => run.length < 2 ? " " : ` #${" ".repeat(run.length - 2)}`);
}

// packages/shell/src/dockerfile.ts
function dockerfileScript(text, keep = () => true) {
  const lines = text.split(/(?<=\n)/);
  const out = [];
  for (let i = 0; i < lines.length; ) {
    const group = [lines[i]];
    let j = i + 1;
    if (!isComment(lines[i])) {
      while (j < lines.length && continues(group)) group.push(lines[j++]);
    }
    out.push(instructionScript(group, keep));
    i = j;
  }
  return out.join("");
}
function continues(group) {
  for (let k = group.length - 1; k >= 0; k--) {
    const line = group[k];
    if (k > 0 && (isComment(line) || line.trim() === "")) continue;
    return /(^|[^\\])(\\\\)*\\[ \t]*\r?\n?$/.test(line.replace(/\r?\n$/, ""));
  }
  return false;
}
function isComment(line) {
  return /^[ \t]*#/.test(line);
}
function instructionScript(group, keep) {
  const first = group[0];
  const match = /^([ \t]*)([A-Za-z]+)([ \t]+|$)/.exec(first.replace(/\r?\n$/, ""));
  const blankAll = group.map(blank3).join("");
  if (!match) return blankAll;
  const keyword = match[2].toUpperCase();
  const bodyStart = match[0].length;
  const body = first.slice(bodyStart);
  const rest = group.slice(1).map((line) => isComment(line) ? continuation(line) : line);
  const withKeywordBlanked = () => blank3(first.slice(0, bodyStart)) + body + rest.join("");
  let script;
  switch (keyword) {
    case "RUN":
      if (/^\s*\[/.test(body)) return blankAll;
      script = /^\s*--/.test(body) ? runWithOptions(first, bodyStart, rest) : withKeywordBlanked();
      break;
    case "ENV":
    case "ARG":
      script = /^[A-Za-z_][\w]*=/.test(body) ? withKeywordBlanked() : blankAll;
      break;
    case "FROM":
      script = first + rest.join("");
      break;
    default:
      return blankAll;
  }
  return script === blankAll || keep(script) ? script : blankAll;
}
function runWithOptions(first, bodyStart, rest) {
  const options = /^(\s*--[\w-]+(=\S*)?)+\s*/.exec(first.slice(bodyStart))[0];
  const end = bodyStart + options.length;
  return blank3(first.slice(0, end)) + first.slice(end) + rest.join("");
}
function continuation(line) {
  const body = line.replace(/\r?\n$/, "");
  return " ".repeat(body.length - 1) + "\\" + line.slice(body.length);
}
function blank3(line) {
  return line.replace(/[^\r\n]/g, " ");
}

// packages/shell/src/parser.ts
function loadShellParser(options = {}) {
  return loadGrammar({ module: "tree-sitter-bash", wasm: "tree-sitter-bash.wasm", from: import.meta.url }, options);
}

// packages/rules/src/shared/shell-flags.ts
function pythonLaunches(document) {
  return document.commands().flatMap((command) => {
    const launch = pythonLaunch(command);
    return launch && !document.guardOf(command.node) ? [launch] : [];
  });
}
var PRINTERS = /* @__PURE__ */ new Set(["echo", "printf"]);
function flagCommands(document) {
  return document.commands().filter((command) => !PRINTERS.has(command.name.value) && !document.guardOf(command.node));
}
function flagNames(field) {
  return field.includes("_") ? [`--${field}`, `--${field.replace(/_/g, "-")}`] : [`--${field}`];
}
function lastUse(words2, field) {
  return flagUses(words2, flagNames(field)).at(-1);
}
var TRUE_WORDS = /* @__PURE__ */ new Set(["yes", "true", "t", "y", "1"]);
var FALSE_WORDS = /* @__PURE__ */ new Set(["no", "false", "f", "n", "0"]);
function flagBoolean(use) {
  if (!use.value) return true;
  if (use.value.dynamic) return void 0;
  const word = use.value.value.toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : void 0;
}
function falseLike(trueText) {
  const lower = trueText.toLowerCase();
  const word = { yes: "no", true: "false", t: "f", y: "n", 1: "0" }[lower] ?? "False";
  if (trueText === trueText.toUpperCase() && trueText !== lower) return word.toUpperCase();
  return trueText[0] !== trueText[0]?.toLowerCase() ? word[0].toUpperCase() + word.slice(1) : word;
}
function useRange(use) {
  const last = use.value && !use.value.joined ? use.value.word : use.word;
  return { start: use.word.start, end: last.end };
}
function useText(document, use) {
  const { start, end } = useRange(use);
  return document.text.slice(start, end).replace(/\\\r?\n\s*/g, "");
}
function valueEdit(value2, text) {
  return { start: value2.valueStart, end: value2.valueEnd, text };
}
function turnOffEdit(text, use) {
  return use.value ? valueEdit(use.value, falseLike(use.value.value)) : removeFlagEdit(text, use);
}
function turnedOff(use) {
  return use.value ? `set to ${falseLike(use.value.value)}` : "removed";
}

// packages/rules/src/attention/flash-attention-2.ts
var ATTENTION_KEYS = /* @__PURE__ */ new Set(["attn_implementation", "_attn_implementation"]);
var PACKAGE_CHECKS = /\bis_flash_attn(_2)?_available\b|\bis_flash_attn_greater_or_equal\w*/;
var flashAttention2 = defineRule({
  id: "flash-attention-2",
  title: "FlashAttention-2 on a GPU before Ampere",
  category: "attention",
  severity: "error",
  fixable: "sometimes",
  lacks: "flashAttention2",
  triggers: ["flash_attention_2", "flash_attn_monkey_patch", "with_flash_attn"],
  checks: {
    config: {
      triggers: ["flash_attention", "flash_attn"],
      run(context2) {
        if (context2.document.kind === "axolotl") checkAxolotlFlag(context2);
        if (context2.document.kind === "llama-factory") checkLlamaFactoryFlag(context2);
        checkConfigImplementations(context2);
      }
    },
    shell: {
      run(context2) {
        for (const command of flagCommands(context2.document)) {
          const use = lastUse(command.args, "attn_implementation");
          if (!use?.value || use.value.dynamic || use.value.value !== "flash_attention_2") continue;
          const written2 = `\`${useText(context2.document, use)}\`: ${why(context2)}`;
          const on = (flag2) => {
            const found = lastUse(command.args, flag2);
            return !!found && flagBoolean(found) === true;
          };
          const strategy = lastUse(command.args, "packing_strategy")?.value;
          if (on("padding_free") || on("packing") && strategy?.value !== "wrapped") {
            context2.report({ ...useRange(use), message: `${written2}; with this run's padding-free packing, SDPA would not compute the same attention, so it is not rewritten.`, hint: paddingFreeHint("`--packing False`, `--padding_free False`", "`sdpa`") });
            continue;
          }
          const model = lastUse(command.args, "model_name_or_path")?.value;
          const gemma = model && !model.dynamic && isGemma2or3(context2, model.value) ? model.value : void 0;
          const message2 = `${written2}; ${gemma ? eagerNote(gemma) : SDPA_NOTE}.`;
          context2.report({ ...useRange(use), message: message2, fix: [valueEdit(use.value, gemma ? "eager" : "sdpa")] });
        }
        for (const launch of pythonLaunches(context2.document)) checkUseFlashFlag(context2, launch);
      }
    },
    python: {
      run(context2) {
        for (const node of context2.source.occurrences("flash_attention_2")) {
          if (node.type === "string_content") checkImplementationString(context2, node);
        }
        for (const node of context2.source.occurrences("use_flash_attention_2")) {
          if (node.type === "identifier") checkUseFlashKeyword(context2, node);
        }
        checkMonkeyPatches(context2);
      }
    }
  }
});
function why(context2) {
  return `FlashAttention-2 needs an Ampere or newer GPU (compute capability ${requiredCapability("flashAttention2")}) and fails on ${gpuLabel(context2.target)}`;
}
var SDPA_NOTE = "using PyTorch SDPA (`sdpa`), which runs there through its memory-efficient kernel";
function eagerNote(model) {
  return `using eager attention (\`eager\`), not SDPA: ${model} is a Gemma-2/3 model, which transformers says to train with eager attention ("It is strongly recommended to train Gemma2 models with the \`eager\` attention implementation"; SDPA skips Gemma-2's attention logit softcapping). Eager holds the whole attention matrix, so long sequences need more memory`;
}
function paddingFreeHint(off, sdpa) {
  return `This run packs sequences padding-free (TRL's \`padding_free\`, or \`packing\` whose default "bfd" strategy turns padding-free on), which only FlashAttention reliably keeps apart: with SDPA the packed sequences can attend to each other. Turn padding-free packing off (${off}), then use ${sdpa}.`;
}
function checkImplementationString(context2, content) {
  const string = content.parent;
  if (!string || stringValue(string) !== "flash_attention_2" || !namesAttentionImplementation(string)) return;
  if (context2.source.guards.guardOf(string)) return;
  const range = { start: string.startIndex, end: string.endIndex };
  const condition = closestAncestor(string, "conditional_expression");
  if (condition && PACKAGE_CHECKS.test(condition.text)) {
    context2.report({
      ...range,
      message: `${why(context2)}; the condition here only checks that the flash-attn package is installed, not the GPU.`,
      hint: `Choose "sdpa" unless \`torch.cuda.get_device_capability()[0] >= ${minimumCapability("flashAttention2").major}\`.`
    });
    return;
  }
  if (paddingFreePacking(context2)) {
    context2.report({ ...range, message: `${why(context2)}; with this run's padding-free packing, SDPA would not compute the same attention, so it is not rewritten.`, hint: paddingFreeHint("`packing=False`, `padding_free=False`", '`"sdpa"`') });
    return;
  }
  const models = modelsFor(context2, outermost(string));
  const gemma = models.filter((id) => id !== void 0 && isGemma2or3(context2, id));
  if (gemma.length === 0) {
    context2.report({ ...range, message: `${why(context2)}; ${SDPA_NOTE}.`, fix: [{ start: content.startIndex, end: content.endIndex, text: "sdpa" }] });
  } else if (gemma.length === models.length) {
    context2.report({ ...range, message: `${why(context2)}; ${eagerNote(gemma[0])}.`, fix: [{ start: content.startIndex, end: content.endIndex, text: "eager" }] });
  } else {
    context2.report({
      ...range,
      message: `${why(context2)}; this setting may serve ${gemma[0]} (a Gemma-2/3 model, which should train with eager attention) and other models.`,
      hint: 'Use `"eager"` for the Gemma-2/3 model and `"sdpa"` for the others.'
    });
  }
}
function outermost(string) {
  let node = string;
  while (node.parent?.type === "conditional_expression" || node.parent?.type === "parenthesized_expression") node = node.parent;
  return node;
}
function modelsFor(context2, value2) {
  const holder = value2.parent;
  if (holder?.type === "keyword_argument") {
    const call = callOfArgument(holder);
    if (call && isModelLoadCall(call)) return [modelIdOf(context2, call)];
    const named = call && MODEL_ID_KEYS.map((key) => keywordArgument(call, key)).find(Boolean);
    if (named) return [context2.source.semantic.stringConstant(keywordValue(named))];
  }
  if (holder?.type === "pair" && holder.parent?.type === "dictionary") {
    const sibling = namedChildrenOf(holder.parent).find((pair) => pair.type === "pair" && MODEL_ID_KEYS.includes(stringValue(pair.childForFieldName("key")) ?? ""));
    if (sibling) return [context2.source.semantic.stringConstant(sibling.childForFieldName("value"))];
  }
  const loads = [];
  for (const name of ["from_pretrained", "pipeline"]) {
    for (const node of context2.source.occurrences(name)) {
      const found = callNamedAt(node);
      if (found && isModelLoadCall(found.call)) loads.push(modelIdOf(context2, found.call));
    }
  }
  return loads;
}
function paddingFreePacking(context2) {
  const { source } = context2;
  const keywordIn = (name) => [...source.occurrences(name)].map((node) => node.parent).filter((parent) => parent?.type === "keyword_argument" && parent.childForFieldName("name")?.text === name);
  if (keywordIn("padding_free").some((keyword) => isTrue(keywordValue(keyword)))) return true;
  return keywordIn("packing").some((keyword) => {
    const call = callOfArgument(keyword);
    const strategy = call && keywordArgument(call, "packing_strategy");
    return isTrue(keywordValue(keyword)) && !(strategy && stringValue(keywordValue(strategy)) === "wrapped");
  });
}
function namesAttentionImplementation(string) {
  let node = string;
  let parent = node.parent;
  while (parent?.type === "conditional_expression" || parent?.type === "parenthesized_expression") {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  const field = (name) => parent.childForFieldName(name);
  switch (parent.type) {
    case "keyword_argument":
      return field("value")?.startIndex === node.startIndex && ATTENTION_KEYS.has(field("name")?.text ?? "");
    case "pair":
      return field("value")?.startIndex === node.startIndex && ATTENTION_KEYS.has(stringValue(field("key")) ?? "");
    case "assignment": {
      const left = field("left");
      const name = left?.type === "attribute" ? left.childForFieldName("attribute")?.text : left?.type === "subscript" ? stringValue(left.childForFieldName("subscript")) : left?.text;
      return field("right")?.startIndex === node.startIndex && ATTENTION_KEYS.has(name ?? "");
    }
    default:
      return false;
  }
}
function checkUseFlashKeyword(context2, name) {
  const { source } = context2;
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return;
  const call = callOfArgument(argument);
  if (!call || !isTrue(keywordValue(argument)) || source.guards.guardOf(argument)) return;
  const range = { start: argument.startIndex, end: argument.endIndex };
  const model = isModelLoadCall(call) ? modelIdOf(context2, call) : void 0;
  const eager = model !== void 0 && isGemma2or3(context2, model);
  const fix = keywordArgument(call, "attn_implementation") ? removeArgumentEdit(source.text, argument) : { ...range, text: `attn_implementation="${eager ? "eager" : "sdpa"}"` };
  context2.report({ ...range, message: `${why(context2)}; ${eager ? eagerNote(model) : SDPA_NOTE}.`, fix: [fix] });
}
function conditional(call) {
  return [...ancestors(call)].some((node) => {
    if (node.type === "conditional_expression" || node.type === "elif_clause" || node.type === "else_clause") return true;
    return node.type === "if_statement" && !/^__name__\s*==\s*["']__main__["']$/.test(node.childForFieldName("condition")?.text ?? "");
  });
}
var PATCH_FUNCTION = /^replace_\w*_with_flash_attn\w*$/;
var PATCH_MODULE = /(^|\.)\w*flash_attn\w*monkey_patch$/;
function checkMonkeyPatches(context2) {
  const { source } = context2;
  const message2 = `This patches the model's attention to call flash-attn's kernels: ${why(context2)}.`;
  const hint2 = "Drop the patch (the call and its import) so the model keeps transformers' own attention, which uses SDPA, or start the run from the entry point without it (FastChat and LLaVA: `train.py` instead of `train_mem.py`).";
  let called = false;
  for (const call of source.root.descendantsOfType("call")) {
    const callee = call?.childForFieldName("function");
    if (!call || callee?.type !== "identifier" && callee?.type !== "attribute") continue;
    const qualified = source.imports.qualifiedName(callee) ?? callee.text;
    const module = qualified.split(".").slice(0, -1).join(".");
    if (!PATCH_FUNCTION.test(qualified.split(".").pop()) && !PATCH_MODULE.test(module)) continue;
    if (source.guards.guardOf(call) || conditional(call)) continue;
    called = true;
    context2.report({ start: call.startIndex, end: call.endIndex, message: message2, hint: hint2 });
  }
  if (called) return;
  for (const statement of source.imports.statements) {
    const modules = statement.type === "import_from_statement" ? [statement.childForFieldName("module_name")] : namedChildrenOf(statement).map((child) => child.type === "aliased_import" ? child.childForFieldName("name") : child);
    const patches = modules.some((module) => module && PATCH_MODULE.test(module.text.replace(/\s+/g, "")));
    if (!patches || source.guards.guardOf(statement)) continue;
    context2.report({ start: statement.startIndex, end: statement.endIndex, message: message2, hint: hint2 });
  }
}
function checkUseFlashFlag(context2, launch) {
  const { document } = context2;
  const use = lastUse(launch.args, "use_flash_attention_2");
  if (!use || flagBoolean(use) !== true) return;
  const range = useRange(use);
  const written2 = useText(document, use);
  const attention = lastUse(launch.args, "attn_implementation");
  const then = attention ? `\`${useText(document, attention)}\` decides the attention` : "the model loads with transformers' default attention (SDPA where the model supports it)";
  const off = turnOffEdit(document.text, use);
  const message2 = `\`${written2}\`: ${why(context2)}; ${off ? turnedOff(use) : "turn it off"}, so ${then}.`;
  context2.report(off ? { ...range, message: message2, fix: [off] } : { ...range, message: message2, hint: `Remove \`${written2}\`.` });
}
function checkConfigImplementations(context2) {
  const { document } = context2;
  for (const entry of document.entries()) {
    const key = entry.path[entry.path.length - 1];
    if (typeof key !== "string" || !ATTENTION_KEYS.has(key) || entry.value !== "flash_attention_2") continue;
    const range = entryRange(entry);
    if (document.kind === "model-config") {
      const gemma2 = isGemma2or3Type(document.get(["model_type"])?.value);
      context2.report({
        ...range,
        severity: "warning",
        message: `This model's config.json asks for FlashAttention-2 (\`${entryText(document, entry)}\`): ${why(context2)}.`,
        hint: gemma2 ? 'Load it with `attn_implementation="eager"` in `from_pretrained` (transformers says to train Gemma-2/3 models with eager attention); the downloaded config.json is left as it is.' : 'Load it with `attn_implementation="sdpa"` (or `"eager"` if its code has no SDPA path) in `from_pretrained`; the downloaded config.json is left as it is.'
      });
      continue;
    }
    if (paddingFreeConfig(document)) {
      context2.report({ ...range, message: `${why(context2)}; with this run's padding-free packing, SDPA would not compute the same attention, so it is not rewritten.`, hint: paddingFreeHint("`packing: false`, `padding_free: false`", "`sdpa`") });
      continue;
    }
    const gemma = gemmaBaseModel(context2);
    const value2 = gemma ? "eager" : "sdpa";
    const fix = allEdits([document.replaceValue(entry, value2)]);
    const message2 = `${why(context2)}; ${gemma ? eagerNote(gemma) : SDPA_NOTE}.`;
    context2.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: `Set it to \`${value2}\`.` });
  }
}
function gemmaBaseModel(context2) {
  for (const key of ["base_model", ...MODEL_ID_KEYS]) {
    const value2 = context2.document.get([key])?.value;
    if (typeof value2 === "string" && isGemma2or3(context2, value2)) return value2;
  }
  return void 0;
}
function paddingFreeConfig(document) {
  if (document.kind === "axolotl" || document.kind === "llama-factory") return false;
  if (document.get(["padding_free"])?.value === true) return true;
  return document.get(["packing"])?.value === true && document.get(["packing_strategy"])?.value !== "wrapped";
}
function checkAxolotlFlag(context2) {
  const { document } = context2;
  const entry = document.get(["flash_attention"]);
  if (entry?.value !== true) return;
  const range = entryRange(entry);
  const gemma = gemmaBaseModel(context2);
  const flag2 = gemma ? "eager_attention" : "sdp_attention";
  const message2 = `\`${entryText(document, entry)}\` in this ${CONFIG_LABEL[document.kind]}: ${why(context2)}; ${gemma ? eagerNote(gemma) : SDPA_NOTE}.`;
  const other = document.key([flag2]) ? document.get([flag2]) : void 0;
  let edits;
  if (document.key(["attn_implementation"])) {
    edits = [document.replaceValue(entry, false)];
  } else if (!document.key([flag2])) {
    edits = [document.renameKey(entry, flag2)];
  } else if (other) {
    edits = [document.replaceValue(entry, false), ...other.value === true ? [] : [document.replaceValue(other, true)]];
  }
  const fix = edits && allEdits(edits);
  context2.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: `Set \`flash_attention: false\` and \`${flag2}: true\`.` });
}
function checkLlamaFactoryFlag(context2) {
  const { document } = context2;
  const entry = document.get(["flash_attn"]);
  if (entry?.value !== "fa2" && entry?.value !== "fa3") return;
  const which = entry.value === "fa2" ? "FlashAttention-2" : "FlashAttention-3 (which needs a Hopper GPU)";
  const gemma = gemmaBaseModel(context2);
  const value2 = gemma ? "disabled" : "sdpa";
  const note = gemma ? `${eagerNote(gemma)} (\`disabled\` is LLaMA-Factory's name for it)` : SDPA_NOTE;
  const message2 = `\`${entryText(document, entry)}\` asks LLaMA-Factory for ${which}, which fails on ${gpuLabel(context2.target)}; ${note}.`;
  const fix = allEdits([document.replaceValue(entry, value2)]);
  context2.report(fix ? { ...entryRange(entry), message: message2, fix } : { ...entryRange(entry), message: message2, hint: `Set \`flash_attn: ${value2}\`.` });
}

// packages/rules/src/shared/sdpa-backends.ts
function runsSdpaBackend(target, member) {
  switch (member) {
    case "FLASH_ATTENTION":
      return target.gpu.features.flashAttention2;
    case "CUDNN_ATTENTION":
      return meets(target, "sdpaCudnn");
    case "EFFICIENT_ATTENTION":
      return meets(target, "sdpaMemoryEfficient");
    case "MATH":
      return true;
    default:
      return false;
  }
}
var EFFICIENT = {
  member: "EFFICIENT_ATTENTION",
  keyword: "enable_mem_efficient",
  setter: "enable_mem_efficient_sdp",
  label: "memory-efficient"
};
var MATH = { member: "MATH", keyword: "enable_math", setter: "enable_math_sdp", label: "math" };
function sdpaFallback(target) {
  return runsSdpaBackend(target, "EFFICIENT_ATTENTION") ? EFFICIENT : MATH;
}
function sdpaFallbacks(target) {
  return runsSdpaBackend(target, "EFFICIENT_ATTENTION") ? [EFFICIENT, MATH] : [MATH];
}

// packages/rules/src/attention/flash-attn-package.ts
var SDPA_NAME = "torch.nn.functional.scaled_dot_product_attention";
var SDPA = `\`${SDPA_NAME}\``;
var LAYOUT = "flash_attn takes (batch, seqlen, heads, dim) and SDPA (batch, heads, seqlen, dim), so transpose(1, 2) on the way in and out";
var DENSE_CALL = `\`${SDPA_NAME}(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), dropout_p=..., is_causal=causal, scale=softmax_scale).transpose(1, 2)\``;
var FLASH_FUNCTIONS = {
  flash_attn_func: `Use ${DENSE_CALL}: ${LAYOUT}.`,
  flash_attn_qkvpacked_func: `Split the packed (batch, seqlen, 3, heads, dim) tensor with \`q, k, v = qkv.unbind(dim=2)\`, then use ${DENSE_CALL}: ${LAYOUT}.`,
  flash_attn_kvpacked_func: `Split the packed (batch, seqlen, 2, heads, dim) tensor with \`k, v = kv.unbind(dim=2)\`, then use ${DENSE_CALL}: ${LAYOUT}.`,
  flash_attn_varlen_func: `${SDPA} has no variable-length form: pad the packed sequences to (batch, heads, seqlen, dim) and pass a boolean \`attn_mask\` (or loop over the sequences).`,
  flash_attn_varlen_qkvpacked_func: `${SDPA} has no variable-length form: unpack qkv, pad the sequences to (batch, heads, seqlen, dim) and pass a boolean \`attn_mask\`.`,
  flash_attn_varlen_kvpacked_func: `${SDPA} has no variable-length form: unpack kv, pad the sequences to (batch, heads, seqlen, dim) and pass a boolean \`attn_mask\`.`,
  flash_attn_with_kvcache: `Keep the KV cache in (batch, heads, seqlen, dim) layout, append the new keys and values with \`torch.cat\`, and call ${SDPA} on the cache.`
};
var PURE_PYTORCH_MODULES = /* @__PURE__ */ new Set(["flash_attn.bert_padding"]);
var PACKAGE_CHECK = /\bis_flash_attn\w*_available\b|\bis_flash_attn_greater_or_equal\w*|find_spec\(\s*["']flash_attn["']/;
var IMPORT_ERRORS = /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/;
var flashAttnPackage = defineRule({
  id: "flash-attn-package",
  title: "The flash-attn package on a GPU before Ampere",
  category: "attention",
  severity: "error",
  fixable: "never",
  lacks: "flashAttention2",
  triggers: ["flash_attn"],
  // Python findings are imports of flash_attn and calls whose qualified name starts with it: both need the module's
  // name where a dotted name starts, not a setting such as `model_args.flash_attn` or a string.
  mayMatch: (scan) => scan.hasLeadingName("flash_attn"),
  checks: {
    shell: {
      triggers: ["flash-attn", "flash_attn"],
      run(context2) {
        for (const command of context2.document.commands()) {
          const words2 = [command.name, ...command.args].map((w) => w.value);
          const pip = words2.findIndex((w) => /(^|\/)pip3?$/.test(w) || w === "pip");
          if (pip === -1 || words2[pip + 1] !== "install" || context2.document.guardOf(command.node)) continue;
          for (const word of [command.name, ...command.args].slice(pip + 2)) {
            if (!/^flash[-_]attn\b/i.test(word.value)) continue;
            context2.report({
              start: word.start,
              end: word.end,
              severity: "warning",
              message: `${why2(context2.target)} Installing it only costs time: pip often builds it from source, which takes long and needs nvcc.`,
              hint: 'Drop flash-attn from this install for this GPU; transformers uses PyTorch SDPA (`attn_implementation="sdpa"`) without it.'
            });
          }
        }
      }
    },
    requirements: {
      triggers: ["flash-attn", "flash_attn"],
      run(context2) {
        for (const requirement of context2.document.find("flash-attn")) {
          context2.report({
            start: requirement.start,
            end: requirement.end,
            severity: "warning",
            message: `${why2(context2.target)} Installing it only costs time: pip builds it from source when no wheel matches, which takes long and needs nvcc.`,
            hint: 'Drop flash-attn from the requirements for this GPU; transformers uses PyTorch SDPA (`attn_implementation="sdpa"`) without it.'
          });
        }
      }
    },
    python: {
      run(context2) {
        const { source } = context2;
        for (const statement of source.imports.statements) checkImport(context2, statement);
        const seen = /* @__PURE__ */ new Set();
        for (const name of callableNames(source.imports)) {
          for (const node of source.occurrences(name)) {
            const found = flashAttnCall(node, source.imports);
            if (!found || seen.has(found.call.startIndex)) continue;
            seen.add(found.call.startIndex);
            checkCall(context2, found.call, found.name);
          }
        }
      }
    }
  }
});
function why2(target) {
  return `flash-attn's kernels need an Ampere or newer GPU (compute capability ${requiredCapability("flashAttention2")}): on ${gpuLabel(target)} its attention calls raise "FlashAttention only supports Ampere GPUs or newer."`;
}
function sdpaNote(target) {
  return `PyTorch's ${SDPA} computes the same attention and runs there through its ${sdpaFallback(target).label} kernel`;
}
function flashAttnModules(statement) {
  const modules = [];
  if (statement.type === "import_statement") {
    for (const child of namedChildrenOf(statement)) {
      const name = child.type === "aliased_import" ? child.childForFieldName("name") : child;
      if (name?.type === "dotted_name") modules.push(name.text.replace(/\s+/g, ""));
    }
  } else {
    const module = statement.childForFieldName("module_name");
    if (module?.type === "dotted_name") modules.push(module.text.replace(/\s+/g, ""));
  }
  return modules.filter((m) => m === "flash_attn" || m.startsWith("flash_attn."));
}
function checkImport(context2, statement) {
  const modules = flashAttnModules(statement);
  if (modules.length === 0 || modules.every((m) => PURE_PYTORCH_MODULES.has(m))) return;
  if (isOptionalImport(statement) || context2.source.guards.guardOf(statement)) return;
  const { target } = context2;
  context2.report({
    start: statement.startIndex,
    end: statement.endIndex,
    severity: "warning",
    message: `${why2(target)}; ${sdpaNote(target)}.`,
    hint: `Replace the flash_attn calls with ${SDPA} (mind the layout: ${LAYOUT}), then drop this import and flash-attn from the requirements.`
  });
}
function isOptionalImport(statement) {
  let child = statement;
  for (const parent of ancestors(statement)) {
    if (parent.type === "try_statement" && parent.childForFieldName("body")?.startIndex === child.startIndex && catchesImportError(parent)) return true;
    if (parent.type === "if_statement" || parent.type === "elif_clause") {
      const condition = parent.childForFieldName("condition");
      if (condition && !within(child, condition) && PACKAGE_CHECK.test(condition.text)) return true;
    }
    child = parent;
  }
  return false;
}
function catchesImportError(tryStatement) {
  return namedChildrenOf(tryStatement).some((clause) => {
    if (clause.type !== "except_clause") return false;
    const caught = clause.childForFieldName("value");
    return !caught || IMPORT_ERRORS.test(caught.text);
  });
}
function within(node, container) {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}
function callableNames(imports) {
  const names = new Set(Object.keys(FLASH_FUNCTIONS));
  for (const [local, target] of imports.bindings) {
    if (target.startsWith("flash_attn.") && target.split(".").pop() in FLASH_FUNCTIONS) names.add(local);
  }
  return names;
}
function flashAttnCall(node, imports) {
  const found = callNamedAt(node);
  const qualified = found && imports.qualifiedName(found.callee);
  const name = qualified?.split(".").pop();
  return found && qualified?.startsWith("flash_attn.") && name && name in FLASH_FUNCTIONS ? { call: found.call, name } : null;
}
function checkCall(context2, call, name) {
  const { source, target } = context2;
  if (source.guards.guardOf(call)) return;
  const fn = call.childForFieldName("function");
  const bindings = bindingStatements(source.imports, rootName(fn));
  const optional = bindings.length > 0 && bindings.every(isOptionalImport);
  context2.report({
    start: call.startIndex,
    end: call.endIndex,
    ...optional ? { severity: "info" } : {},
    message: optional ? `${why2(target)}; the import is optional, but that only checks that flash-attn is installed, not that the GPU can run it.` : `${why2(target)}; ${sdpaNote(target)}.`,
    hint: optional ? `Call flash_attn only when \`torch.cuda.get_device_capability()[0] >= ${minimumCapability("flashAttention2").major}\`, and take the SDPA path otherwise. ${FLASH_FUNCTIONS[name]}` : FLASH_FUNCTIONS[name]
  });
}
function rootName(expression) {
  let node = expression;
  while (node.type === "attribute") node = node.childForFieldName("object");
  return node.text;
}
function bindingStatements(imports, local) {
  return imports.statements.filter((statement) => {
    const module = statement.childForFieldName("module_name");
    return namedChildrenOf(statement).some((child) => {
      if (statement.type === "import_from_statement" && child.startIndex === module?.startIndex) return false;
      if (child.type === "aliased_import") return child.childForFieldName("alias")?.text === local;
      return child.type === "dotted_name" && child.text.split(".")[0].trim() === local;
    });
  });
}

// packages/rules/src/shared/statement-edits.ts
function removeLinesEdit(text, start, end) {
  const lineStart3 = text.lastIndexOf("\n", start - 1) + 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart3, start))) return null;
  const rest = /^[ \t]*(#[^\r\n]*)?(\r?\n|\r|$)/.exec(text.slice(end));
  if (!rest) return null;
  return { start: lineStart3, end: end + rest[0].length, text: "" };
}
function blockStatements(block) {
  return namedChildrenOf(block).filter((child) => child.type !== "comment");
}
function removeStatementEdit(text, statement, alsoDeleted) {
  const block = statement.parent;
  if (block?.type === "block") {
    const statements = blockStatements(block);
    const last = statements.at(-1);
    const emptiesBlock = statements.every((other) => other.startIndex === statement.startIndex || alsoDeleted(other));
    if (emptiesBlock && last?.startIndex === statement.startIndex) return { start: statement.startIndex, end: statement.endIndex, text: "pass" };
  }
  return removeLinesEdit(text, statement.startIndex, statement.endIndex);
}

// packages/rules/src/attention/sdpa-flash-only.ts
var SDP_KERNEL_FLAGS = ["enable_flash", "enable_math", "enable_mem_efficient", "enable_cudnn"];
var SETTERS = {
  enable_flash_sdp: "enable_flash",
  enable_mem_efficient_sdp: "enable_mem_efficient",
  enable_math_sdp: "enable_math",
  enable_cudnn_sdp: "enable_cudnn"
};
var sdpaFlashOnly = defineRule({
  id: "sdpa-flash-only",
  title: "PyTorch SDPA restricted to the flash kernel on a GPU before Ampere",
  category: "attention",
  severity: "error",
  fixable: "sometimes",
  lacks: "flashAttention2",
  triggers: ["FLASH_ATTENTION", "sdp_kernel", "enable_mem_efficient_sdp", "enable_math_sdp"],
  checks: {
    python: {
      run(context2) {
        const { source, target } = context2;
        const seen = /* @__PURE__ */ new Set();
        for (const node of source.occurrences("FLASH_ATTENTION")) {
          const call = node.type === "identifier" ? sdpaKernelCallOf(node, source.imports) : null;
          if (!call || seen.has(call.startIndex)) continue;
          seen.add(call.startIndex);
          if (!source.guards.guardOf(call)) checkSdpaKernel(context2, call);
        }
        for (const node of source.occurrences("sdp_kernel")) {
          const call = callAt(node, source.imports, "torch.backends.cuda.sdp_kernel");
          if (call && !source.guards.guardOf(call)) checkSdpKernel(context2, call);
        }
        const fallback = sdpaFallback(target);
        for (const node of source.occurrences(fallback.setter)) {
          const call = callAt(node, source.imports, `torch.backends.cuda.${fallback.setter}`);
          if (call && isFalse(switchValue(call)) && !source.guards.guardOf(call)) checkGlobalSwitch(context2, call);
        }
      }
    }
  }
});
function noKernel(context2) {
  return `PyTorch's flash attention kernel needs compute capability ${requiredCapability("flashAttention2")}, so on ${gpuLabel(context2.target)} this leaves SDPA no kernel and it raises "No available kernel. Aborting execution."`;
}
function callAt(node, imports, qualified) {
  const found = callNamedAt(node);
  return found && imports.qualifiedName(found.callee) === qualified ? found.call : null;
}
function backendMember(node, imports) {
  if (node.type !== "attribute") return null;
  const name = imports.qualifiedName(node);
  const match = name && /^torch\.[\w.]*SDPBackend\.(\w+)$/.exec(name);
  return match ? match[1] : null;
}
function sdpaKernelCallOf(name, imports) {
  const member = name.parent;
  if (member?.type !== "attribute" || backendMember(member, imports) !== "FLASH_ATTENTION") return null;
  let argument = member;
  if (argument.parent?.type === "list" || argument.parent?.type === "tuple") argument = argument.parent;
  let holder = argument.parent;
  let positional2 = true;
  if (holder?.type === "keyword_argument") {
    if (holder.childForFieldName("name")?.text !== "backends") return null;
    holder = holder.parent;
    positional2 = false;
  }
  const call = holder?.type === "argument_list" ? holder.parent : null;
  if (!call || positional2 && argumentsOf(call)[0]?.startIndex !== argument.startIndex) return null;
  const fn = call.type === "call" ? call.childForFieldName("function") : null;
  return fn && imports.qualifiedName(fn) === "torch.nn.attention.sdpa_kernel" ? call : null;
}
function backendsArgument(call) {
  const keyword = keywordArgument(call, "backends");
  if (keyword) return keywordValue(keyword);
  const first = argumentsOf(call)[0];
  return first && first.type !== "keyword_argument" ? first : null;
}
function checkSdpaKernel(context2, call) {
  const { source, target } = context2;
  const argument = backendsArgument(call);
  if (!argument) return;
  const fallback = sdpaFallback(target);
  const range = { start: call.startIndex, end: call.endIndex };
  const message2 = `${noKernel(context2)}; adding the ${fallback.label} backend, which runs there (same attention, flash still preferred where it exists).`;
  if (argument.type === "attribute") {
    const prefix2 = argument.childForFieldName("object").text;
    context2.report({ ...range, message: message2, fix: [{ start: argument.startIndex, end: argument.endIndex, text: `[${argument.text}, ${prefix2}.${fallback.member}]` }] });
    return;
  }
  const elements = namedChildrenOf(argument).filter((child) => child.type !== "comment");
  const members = elements.map((element) => backendMember(element, source.imports));
  if (members.some((member) => member !== null && runsSdpaBackend(target, member))) return;
  if (members.some((member) => member === null)) {
    context2.report({
      ...range,
      message: `${noKernel(context2)} unless the other backends listed here include one that runs there.`,
      hint: `Make sure the list holds \`SDPBackend.${fallback.member}\`.`
    });
    return;
  }
  const last = elements.at(-1);
  const prefix = last.childForFieldName("object").text;
  context2.report({ ...range, message: message2, fix: [{ start: last.endIndex, end: last.endIndex, text: `, ${prefix}.${fallback.member}` }] });
}
function checkSdpKernel(context2, call) {
  const args = argumentsOf(call);
  const splat = hasSplat(call);
  const valueOf = (flag2) => {
    const keyword = keywordArgument(call, flag2);
    if (keyword) return keywordValue(keyword);
    const positional2 = args[SDP_KERNEL_FLAGS.indexOf(flag2)];
    return positional2 && positional2.type !== "keyword_argument" && !positional2.type.endsWith("splat") ? positional2 : void 0;
  };
  const state = (flag2) => {
    const value3 = valueOf(flag2);
    if (value3 === void 0) return splat ? "unknown" : "on";
    return isTrue(value3) ? "on" : isFalse(value3) ? "off" : "unknown";
  };
  if (state("enable_flash") === "off") return;
  const fallbacks = sdpaFallbacks(context2.target);
  const states = fallbacks.map((fallback) => state(fallback.keyword));
  if (states.includes("on") || !states.includes("off")) return;
  const range = { start: call.startIndex, end: call.endIndex };
  if (states.includes("unknown")) {
    context2.report({
      ...range,
      message: `${noKernel(context2)} when the computed flags here are False too.`,
      hint: `Pass \`${fallbacks[0].keyword}=True\`.`
    });
    return;
  }
  const value2 = valueOf(fallbacks[0].keyword);
  context2.report({
    ...range,
    message: `${noKernel(context2)}; enabling the ${fallbacks[0].label} backend, which runs there (same attention, flash still preferred where it exists).`,
    fix: [{ start: value2.startIndex, end: value2.endIndex, text: "True" }]
  });
}
function switchValue(call) {
  const keyword = keywordArgument(call, "enabled");
  if (keyword) return keywordValue(keyword);
  const first = argumentsOf(call)[0];
  return first && first.type !== "keyword_argument" ? first : null;
}
function switchStatement(statement, imports) {
  const call = statement.type === "expression_statement" ? statement.namedChildren[0] : null;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const name = fn && imports.qualifiedName(fn);
  const setter = name?.startsWith("torch.backends.cuda.") ? name.slice("torch.backends.cuda.".length) : null;
  const flag2 = setter ? SETTERS[setter] : void 0;
  const value2 = flag2 ? switchValue(call) : null;
  if (!flag2 || !(isTrue(value2) || isFalse(value2))) return null;
  return { flag: flag2, value: isTrue(value2) };
}
function checkGlobalSwitch(context2, call) {
  const { source, target } = context2;
  const statement = call.parent;
  const block = statement?.parent;
  if (statement?.type !== "expression_statement" || !block) return;
  const [fallback, ...others] = sdpaFallbacks(target);
  const finalState = /* @__PURE__ */ new Map();
  for (const sibling of blockStatements(block)) {
    const found = switchStatement(sibling, source.imports);
    if (found) finalState.set(found.flag, { value: found.value, statement: sibling });
  }
  if (finalState.get(fallback.keyword)?.statement.startIndex !== statement.startIndex) return;
  if (finalState.get("enable_flash")?.value === false) return;
  const range = { start: call.startIndex, end: call.endIndex };
  if (others.every((other) => finalState.get(other.keyword)?.value === false)) {
    const value2 = switchValue(call);
    context2.report({
      ...range,
      message: `${noKernel(context2)}; enabling the ${fallback.label} backend, which runs there (same attention, flash still preferred where it exists).`,
      fix: [{ start: value2.startIndex, end: value2.endIndex, text: "True" }]
    });
    return;
  }
  const fileSwitches = fileSwitchCalls(context2);
  if (others.some((other) => fileSwitches.some((s) => s.flag === other.keyword && !s.value))) {
    context2.report({
      ...range,
      message: `${noKernel(context2)} when this runs together with the \`${others.map((o) => o.setter).join("`, `")}(False)\` elsewhere in this file.`,
      hint: `Keep \`torch.backends.cuda.${fallback.setter}(True)\` on this GPU.`
    });
    return;
  }
  if (fileSwitches.some((s) => s.flag === "enable_flash" && s.value)) {
    context2.report({
      ...range,
      severity: "info",
      message: `This asks SDPA for the flash kernel, which needs compute capability ${requiredCapability("flashAttention2")}: on ${gpuLabel(target)} SDPA falls back to the math kernel, which is slower and holds the whole attention matrix in memory.`,
      hint: `Keep \`torch.backends.cuda.${fallback.setter}(True)\` so SDPA uses the ${fallback.label} kernel on this GPU.`
    });
  }
}
function fileSwitchCalls(context2) {
  const found = [];
  for (const statement of context2.source.root.descendantsOfType("expression_statement")) {
    const one = statement && switchStatement(statement, context2.source.imports);
    if (one) found.push(one);
  }
  return found;
}

// packages/rules/src/attention/xformers-attention.ts
var METHOD = "enable_xformers_memory_efficient_attention";
var AXOLOTL_KEY = "xformers_attention";
var xformersAttention = defineRule({
  id: "xformers-attention",
  title: "xformers attention turned on where PyTorch's SDPA already does the job",
  category: "attention",
  severity: "info",
  fixable: "never",
  lacks: "bf16",
  triggers: [METHOD],
  checks: {
    python: {
      run(context2) {
        const { source } = context2;
        for (const node of source.occurrences(METHOD)) {
          const call = methodCall(node);
          if (!call || source.guards.guardOf(call) || underXformersTest(call)) continue;
          report(context2, { start: call.startIndex, end: call.endIndex }, `\`${call.text.replace(/\s+/g, " ")}\``, "Drop the call: diffusers attends with PyTorch's SDPA by default since torch 2.0, with no extra package.");
        }
      }
    },
    shell: {
      run(context2) {
        for (const launch of pythonLaunches(context2.document)) {
          const use = lastUse(launch.args, METHOD);
          if (!use || flagBoolean(use) !== true) continue;
          report(context2, useRange(use), `\`${useText(context2.document, use)}\``, "Leave the flag out: the diffusers training scripts then attend with PyTorch's SDPA (the default since torch 2.0), with no extra package.");
        }
      }
    },
    config: {
      triggers: [AXOLOTL_KEY],
      run(context2) {
        const { document } = context2;
        if (document.kind !== "axolotl") return;
        const entry = document.get([AXOLOTL_KEY]);
        if (entry?.value !== true) return;
        report(context2, entryRange(entry), `\`${entryText(document, entry)}\``, "Use `sdp_attention: true` instead (PyTorch's SDPA, no extra package).");
      }
    }
  }
});
function methodCall(name) {
  const attribute = name.parent;
  if (name.type !== "identifier" || attribute?.type !== "attribute" || attribute.childForFieldName("attribute")?.startIndex !== name.startIndex) return null;
  const call = attribute.parent;
  return call?.type === "call" && call.childForFieldName("function")?.startIndex === attribute.startIndex ? call : null;
}
function underXformersTest(call) {
  for (let node = closestAncestor(call, "if_statement"); node; node = closestAncestor(node, "if_statement")) {
    if (/xformers/i.test(node.childForFieldName("condition")?.text ?? "")) return true;
  }
  return false;
}
function report(context2, range, what2, hint2) {
  context2.report({
    ...range,
    message: `${what2} needs the xformers package, whose wheels are built for one torch version ("xFormers was built for: PyTorch ... you have ..." otherwise) and whose bf16 kernels need compute capability ${requiredCapability("bf16")}, which ${gpuLabel(context2.target)} lacks; PyTorch's own SDPA covers this GPU.`,
    hint: hint2
  });
}

// packages/rules/src/compile/torch-compile-no-triton.ts
var TRAINER_KEYWORDS = ["torch_compile", "torch_compile_mode", "torch_compile_backend", "torchdynamo"];
var EAGER_HINT = 'Run the model eagerly (drop `torch.compile`), or pass `backend="aot_eager"`, which needs no Triton.';
var torchCompileNoTriton = defineRule({
  id: "torch-compile-no-triton",
  title: "torch.compile with the Inductor backend on a GPU without Triton",
  category: "compile",
  severity: "error",
  fixable: "sometimes",
  lacks: "triton",
  triggers: ["compile"],
  checks: {
    config: { needsOneOf: kindMarkers("torchtune"), run: checkTorchtuneCompile },
    python: {
      run(context2) {
        const { source } = context2;
        const seen = /* @__PURE__ */ new Set();
        for (const node of source.occurrences("compile")) {
          const reference = torchCompileReference(node, source.imports);
          if (!reference || seen.has(reference.startIndex)) continue;
          seen.add(reference.startIndex);
          if (!source.guards.guardOf(reference)) checkReference(context2, reference);
        }
        for (const word of TRAINER_KEYWORDS) {
          for (const node of source.occurrences(word)) {
            if (node.type !== "identifier") continue;
            const found = trainingArgumentsKeyword(node, source.imports);
            if (found) checkTrainerKeyword(context2, found.argument, found.call);
          }
        }
      }
    }
  }
});
function why3(context2, subject = "`torch.compile` compiles with") {
  return `${subject} Inductor, whose Triton kernels need compute capability ${requiredCapability("triton")}: on ${gpuLabel(context2.target)} the first compiled call fails ("too old to be supported by the triton GPU compiler")`;
}
function torchCompileReference(node, imports) {
  if (node.type !== "identifier") return null;
  const parent = node.parent;
  let reference = node;
  if (parent?.type === "attribute") {
    if (parent.childForFieldName("attribute")?.startIndex !== node.startIndex) return null;
    reference = parent;
  } else if (parent?.type !== "call" && parent?.type !== "decorator" && parent?.type !== "argument_list") {
    if (parent?.type !== "assignment" || parent.childForFieldName("right")?.startIndex !== node.startIndex) return null;
  }
  if (closestAncestor(reference, "import_from_statement")) return null;
  return imports.qualifiedName(reference) === "torch.compile" ? reference : null;
}
function compileVerdict(call) {
  if (hasSplat(call)) return { kind: "hint", why: "its `**kwargs` may choose another backend" };
  const backend = keywordArgument(call, "backend");
  if (backend) {
    const name = stringValue(keywordValue(backend));
    if (name === null) return { kind: "hint", why: "its backend is computed (this applies when it is Inductor)" };
    if (name !== "inductor") return { kind: "silent" };
  }
  const disable = keywordArgument(call, "disable");
  if (disable) {
    const value2 = keywordValue(disable);
    if (isTrue(value2)) return { kind: "silent" };
    if (!isFalse(value2)) return { kind: "hint", why: "its `disable=` is computed (this applies when it is False)" };
  }
  return { kind: "fails" };
}
function checkReference(context2, reference) {
  const { source } = context2;
  const parent = reference.parent;
  const range = { start: reference.startIndex, end: reference.endIndex };
  const hint2 = (note) => context2.report({ ...range, message: `${why3(context2)}; ${note}, so it was not rewritten.`, hint: EAGER_HINT });
  if (parent.type === "decorator") {
    fixOrHint(context2, reference, removeLinesEdit(source.text, parent.startIndex, parent.endIndex), "the decorator is removed");
    return;
  }
  if (parent.type !== "call" || parent.childForFieldName("function")?.startIndex !== reference.startIndex) {
    hint2("it is passed around rather than called here");
    return;
  }
  const call = parent;
  const verdict = compileVerdict(call);
  if (verdict.kind === "silent") return;
  if (verdict.kind === "hint") return hint2(verdict.why);
  const positional2 = argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");
  if (call.parent?.type === "decorator") {
    if (positional2.length > 0) return hint2("the decorator passes positional arguments");
    fixOrHint(context2, reference, removeLinesEdit(source.text, call.parent.startIndex, call.parent.endIndex), "the decorator is removed");
    return;
  }
  const assignment = call.parent;
  const statement = assignment?.parent;
  if (assignment?.type !== "assignment" || assignment.childForFieldName("right")?.startIndex !== call.startIndex || statement?.type !== "expression_statement") {
    return hint2("its result is used in place");
  }
  if (positional2.length !== 1) return hint2("it does not take exactly one model or function");
  if (source.text.includes("_orig_mod")) return hint2("this file uses the compiled wrapper's `_orig_mod`, which an eager model lacks");
  const model = positional2[0];
  const left = assignment.childForFieldName("left");
  if (sameExpression(left, model)) {
    const edit = removeStatementEdit(source.text, statement, (other) => isSelfCompile(other, context2));
    fixOrHint(context2, reference, edit, "the statement is removed");
  } else {
    context2.report({
      ...range,
      message: `${why3(context2)}; assigning the model itself, which runs eagerly (same results, no compilation).`,
      fix: [{ start: call.startIndex, end: call.endIndex, text: model.text }]
    });
  }
}
function fixOrHint(context2, reference, edit, what2) {
  const range = { start: reference.startIndex, end: reference.endIndex };
  if (edit) {
    context2.report({ ...range, message: `${why3(context2)}; ${what2}, so it runs eagerly (same results, no compilation).`, fix: [edit] });
  } else {
    context2.report({ ...range, message: `${why3(context2)}; other code shares its line, so it was not rewritten.`, hint: EAGER_HINT });
  }
}
function isSelfCompile(statement, context2) {
  const assignment = statement.type === "expression_statement" ? statement.namedChildren[0] : null;
  const call = assignment?.type === "assignment" ? assignment.childForFieldName("right") : null;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  if (!call || !fn || context2.source.imports.qualifiedName(fn) !== "torch.compile") return false;
  if (context2.source.guards.guardOf(fn) || compileVerdict(call).kind !== "fails") return false;
  const positional2 = argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");
  return positional2.length === 1 && sameExpression(assignment.childForFieldName("left"), positional2[0]);
}
function sameExpression(a, b) {
  return a.text.replace(/\s+/g, "") === b.text.replace(/\s+/g, "");
}
function checkTrainerKeyword(context2, argument, call) {
  const { source } = context2;
  if (source.guards.guardOf(argument)) return;
  const name = argument.childForFieldName("name").text;
  const value2 = keywordValue(argument);
  const backendArgument = keywordArgument(call, "torch_compile_backend") ?? keywordArgument(call, "torchdynamo");
  const backendValue = backendArgument && keywordValue(backendArgument);
  const backend = !backendValue || backendValue.type === "none" ? "inductor" : stringValue(backendValue);
  if (backend !== null && backend !== "inductor") return;
  const isBackendKeyword = name === "torch_compile_backend" || name === "torchdynamo";
  if (backend === null && !isBackendKeyword) return;
  let enables;
  if (name === "torch_compile") enables = isTrue(value2) ? "yes" : isFalse(value2) ? "no" : "maybe";
  else if (value2?.type === "none") enables = "no";
  else if (isBackendKeyword) enables = backend === null ? "maybe" : "yes";
  else enables = stringValue(value2) !== null ? "yes" : "maybe";
  if (enables === "no") return;
  const range = { start: argument.startIndex, end: argument.endIndex };
  const what2 = `\`${argument.text.replace(/\s+/g, "")}\` makes the Trainer compile the model with`;
  if (enables === "maybe") {
    context2.report({
      ...range,
      message: `${why3(context2, what2)}; the value is computed, so it was not rewritten.`,
      hint: "Leave `torch_compile`, `torch_compile_mode` and `torch_compile_backend` unset on this GPU."
    });
    return;
  }
  context2.report({ ...range, message: `${why3(context2, what2)}; removed, so training runs eagerly.`, fix: [removeArgumentEdit(source.text, argument)] });
}
function checkTorchtuneCompile(context2) {
  const { document } = context2;
  if (document.kind !== "torchtune") return;
  const entry = document.get(["compile"]);
  if (!entry || entry.value !== true) return;
  const edit = document.replaceValue(entry, false);
  const what2 = `\`${entryText(document, entry)}\` makes the torchtune recipe compile the model and loss with`;
  const range = entryRange(entry);
  if (!edit) {
    context2.report({ ...range, message: `${why3(context2, what2)}; not rewritten here.`, hint: "Set `compile: False` on this GPU." });
    return;
  }
  context2.report({
    ...range,
    message: `${why3(context2, what2)} (unless \`TORCH_COMPILE_BACKEND\` names another backend); set to False, so the recipe runs eagerly (same results, no compilation).`,
    fix: [edit]
  });
}

// packages/rules/src/shared/list-edits.ts
function removeListElementsEdits(text, list, remove) {
  const elements = namedChildrenOf(list).filter((child) => child.type !== "comment");
  const removed = elements.map((element) => remove.some((r) => r.startIndex === element.startIndex && r.endIndex === element.endIndex));
  if (!removed.includes(false)) throw new Error("removeListElementsEdits must keep one element");
  const edits = [];
  for (let first = 0; first < elements.length; first++) {
    if (!removed[first]) continue;
    let last = first;
    while (removed[last + 1]) last++;
    const run = elements.slice(first, last + 1);
    if (run.every((element) => aloneOnItsLines(text, element))) {
      edits.push(...run.map((element) => removeArgumentEdit(text, element)));
    } else if (last + 1 < elements.length) {
      edits.push({ start: elements[first].startIndex, end: elements[last + 1].startIndex, text: "" });
    } else {
      edits.push({ start: elements[first - 1].endIndex, end: elements[last].endIndex, text: "" });
    }
    first = last;
  }
  return edits;
}
function aloneOnItsLines(text, element) {
  const lineStart3 = Math.max(text.lastIndexOf("\n", element.startIndex - 1), text.lastIndexOf("\r", element.startIndex - 1)) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart3, element.startIndex)) && /^[ \t]*,?[ \t]*(#[^\r\n]*)?(\r|\n|$)/.test(text.slice(element.endIndex));
}

// packages/rules/src/shared/triton-kernels.ts
var DTYPE_BYTES = { float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, uint8: 1 };
var BLOCK_KEY = /^(?:[A-Z0-9]+_)*?(?:BLOCK|TILE)(?:_?SIZE)?_?([MNK])$/;
function blockDimension(key) {
  const match = BLOCK_KEY.exec(key.toUpperCase());
  return match ? match[1].toLowerCase() : null;
}
function readTritonFile(source) {
  const { imports } = source;
  if (!imports.importsModule("triton")) return { lists: [], launches: [] };
  const lists = /* @__PURE__ */ new Map();
  const launches = [];
  for (const decorated of source.root.descendantsOfType("decorated_definition")) {
    const definition = decorated?.childForFieldName("definition");
    if (!decorated || definition?.type !== "function_definition") continue;
    const decorators = namedChildrenOf(decorated).filter((child) => child.type === "decorator");
    const expressions = decorators.map((d) => unparenthesize(namedChildrenOf(d).find((c) => c.type !== "comment")));
    if (!expressions.some((e) => decoratorName(e, imports) === "triton.jit")) continue;
    const kernel = readKernel(definition, imports);
    if (!kernel) continue;
    const autotune = expressions.find((e) => e.type === "call" && decoratorName(e, imports) === "triton.autotune");
    if (!autotune) {
      launches.push(...readLaunches(source, kernel));
      continue;
    }
    const found = configList(source, autotune);
    if (!found) continue;
    const known = lists.get(found.list.startIndex);
    if (known) known.kernels.push(kernel);
    else {
      const entries = namedChildrenOf(found.list).filter((c) => c.type !== "comment").map((e) => readEntry(e, imports));
      lists.set(found.list.startIndex, { list: found.list, entries, kernels: [kernel], users: found.users });
    }
  }
  const complete = [...lists.values()].filter((list) => list.kernels.length === list.users);
  return { lists: complete.map(({ users: _, ...list }) => list), launches };
}
function decoratorName(expression, imports) {
  const callee = expression.type === "call" ? expression.childForFieldName("function") : expression;
  return callee ? imports.qualifiedName(callee) : null;
}
function readKernel(definition, imports) {
  const dots = definition.descendantsOfType("call").filter((call) => !!call && qualifiedCallee(call, imports) === "triton.language.dot");
  if (dots.length === 0) return null;
  const name = definition.childForFieldName("name").text;
  return { name, definition, operandBytes: operandBytes(dots, definition, imports) };
}
function qualifiedCallee(call, imports) {
  const fn = call.childForFieldName("function");
  return fn ? imports.qualifiedName(fn) : null;
}
function operandBytes(dots, kernel, imports) {
  const sides = [/* @__PURE__ */ new Set(), /* @__PURE__ */ new Set()];
  for (const dot of dots) {
    const a2 = argumentValue(dot, 0, ["input", "a"]);
    const b2 = argumentValue(dot, 1, ["other", "b"]);
    sides[0].add(a2 ? expressionBytes(a2, kernel, imports, 0) : null);
    sides[1].add(b2 ? expressionBytes(b2, kernel, imports, 0) : null);
  }
  const [a, b] = sides.map((side) => side.size === 1 ? [...side][0] : null);
  return a && b ? { a, b } : null;
}
function argumentValue(call, index, names) {
  const positional2 = argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");
  if (positional2[index]) return positional2[index];
  const keyword = names.map((name) => keywordArgument(call, name)).find((argument) => argument !== null);
  return keyword ? keywordValue(keyword) : null;
}
function expressionBytes(expression, kernel, imports, depth) {
  const node = unparenthesize(expression);
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "to") return dtypeBytes(argumentValue(node, 0, ["dtype"]), imports);
    if (fn && imports.qualifiedName(fn) === "triton.language.cast") return dtypeBytes(argumentValue(node, 1, ["dtype"]), imports);
    return null;
  }
  if (node.type !== "identifier" || depth > 3) return null;
  const sizes = /* @__PURE__ */ new Set();
  for (const assignment of kernel.descendantsOfType("assignment")) {
    const left = assignment?.childForFieldName("left");
    const right = assignment?.childForFieldName("right");
    if (left?.type !== "identifier" || left.text !== node.text) continue;
    sizes.add(right ? expressionBytes(right, kernel, imports, depth + 1) : null);
  }
  return sizes.size === 1 ? [...sizes][0] : null;
}
function dtypeBytes(node, imports) {
  const name = node ? imports.qualifiedName(unparenthesize(node)) : null;
  if (!name?.startsWith("triton.language.")) return null;
  const dtype = name.slice("triton.language.".length);
  return DTYPE_BYTES[dtype] ?? (dtype.startsWith("float8") ? 1 : null);
}
function configList(source, autotune) {
  if (hasSplat(autotune) || keywordArgument(autotune, "prune_configs_by")) return null;
  const argument = keywordArgument(autotune, "configs");
  const value2 = argument ? keywordValue(argument) : argumentsOf(autotune).find((arg) => arg.type !== "keyword_argument");
  if (!value2) return null;
  const node = unparenthesize(value2);
  if (node.type === "list") return { list: node, users: 1 };
  return node.type === "identifier" ? moduleList(source, node.text) : null;
}
function moduleList(source, name) {
  let list = null;
  let users = 0;
  for (const use of source.occurrences(name)) {
    if (use.type !== "identifier") continue;
    const parent = use.parent;
    if (isAutotuneConfigs(use, source.imports)) {
      users++;
      continue;
    }
    const assignment = parent?.type === "assignment" && parent.childForFieldName("left")?.startIndex === use.startIndex ? parent : null;
    const right = assignment?.childForFieldName("right");
    if (!assignment || list || right?.type !== "list" || assignment.parent?.parent?.type !== "module") return null;
    list = right;
  }
  return list && { list, users };
}
function isAutotuneConfigs(use, imports) {
  const parent = use.parent;
  const keyword = parent?.type === "keyword_argument" ? parent : null;
  if (keyword && keyword.childForFieldName("name")?.text !== "configs") return false;
  const call = (keyword ?? use).parent?.parent;
  if (call?.type !== "call" || qualifiedCallee(call, imports) !== "triton.autotune") return false;
  return keyword !== null || argumentsOf(call).find((arg) => arg.type !== "keyword_argument")?.startIndex === use.startIndex;
}
function readEntry(element, imports) {
  const unknown2 = { kind: "unknown", node: element };
  if (element.type !== "call" || hasSplat(element)) return unknown2;
  const name = qualifiedCallee(element, imports);
  if (name !== "triton.Config" && name !== "triton.runtime.Config" && name !== "triton.runtime.autotuner.Config") return unknown2;
  const kwargs = argumentValue(element, 0, ["kwargs"]);
  if (kwargs?.type !== "dictionary") return unknown2;
  const blocks = /* @__PURE__ */ new Map();
  for (const pair of namedChildrenOf(kwargs)) {
    if (pair.type === "comment") continue;
    if (pair.type !== "pair") return unknown2;
    const key = stringValue(pair.childForFieldName("key"));
    if (key === null) return unknown2;
    const dimension = blockDimension(key);
    if (!dimension) continue;
    if (blocks.has(dimension)) return unknown2;
    blocks.set(dimension, { key, value: pair.childForFieldName("value") });
  }
  const params = metaParameters(element, blocks, argumentValue(element, 2, ["num_stages"]));
  return params ? { kind: "config", params } : unknown2;
}
function readLaunches(source, kernel) {
  const launches = [];
  for (const use of source.occurrences(kernel.name)) {
    const subscript = use.parent;
    if (use.type !== "identifier" || subscript?.type !== "subscript" || subscript.childForFieldName("value")?.startIndex !== use.startIndex) continue;
    const call = subscript.parent;
    if (call?.type !== "call" || call.childForFieldName("function")?.startIndex !== subscript.startIndex || hasSplat(call)) continue;
    const blocks = /* @__PURE__ */ new Map();
    let ambiguous = false;
    for (const argument of keywordArguments(call)) {
      const key = argument.childForFieldName("name").text;
      const dimension = blockDimension(key);
      if (!dimension) continue;
      ambiguous ||= blocks.has(dimension);
      blocks.set(dimension, { key, value: keywordValue(argument) });
    }
    const stages = keywordArgument(call, "num_stages");
    const params = ambiguous ? null : metaParameters(call, blocks, stages ? keywordValue(stages) : null);
    if (params) launches.push({ kernel, params });
  }
  return launches;
}
function metaParameters(node, blocks, stagesNode) {
  const [m, n, k] = ["m", "n", "k"].map((d) => blocks.get(d));
  if (!m || !n || !k) return null;
  const sizes = [m, n, k].map((entry) => integerValue(entry.value));
  if (sizes.some((size3) => size3 === null || size3 <= 0)) return null;
  const numStages = stagesNode ? integerValue(stagesNode) : null;
  if (stagesNode && (numStages === null || numStages < 1)) return null;
  return { node, m: sizes[0], n: sizes[1], k: sizes[2], keys: [m.key, n.key, k.key], numStages };
}
function integerValue(node) {
  const value2 = node ? unparenthesize(node) : null;
  if (value2?.type !== "integer") return null;
  const number = Number(value2.text.replace(/_/g, ""));
  return Number.isSafeInteger(number) ? number : null;
}

// packages/rules/src/memory/triton-shared-memory.ts
var tritonSharedMemory = defineRule({
  id: "triton-shared-memory",
  title: "Triton kernel configs that need more shared memory than the GPU gives one block",
  category: "memory",
  severity: "warning",
  fixable: "sometimes",
  appliesWhen: `the target runs Triton (compute capability ${requiredCapability("triton")} or newer); it decides from the target's shared memory per block (T4 64 KiB, V100 96 KiB, A100 163 KiB)`,
  appliesTo: (target) => target.gpu.features.triton,
  triggers: ["triton"],
  // It reads only `@triton.jit` kernels that call `tl.dot`: a file of elementwise kernels, or one that only
  // imports Triton, has no tiles to size.
  mayMatch: (scan) => scan.inCode("jit") && scan.inCode("dot"),
  checks: {
    python: {
      run(context2) {
        const { source } = context2;
        const file = readTritonFile(source);
        for (const list of file.lists) if (!source.guards.guardOf(list.list)) checkList(context2, list);
        for (const launch of file.launches) if (!source.guards.guardOf(launch.params.node)) checkLaunch(context2, launch);
      }
    }
  }
});
function checkList(context2, list) {
  const operands = operandsOf(list.kernels);
  const sized = list.entries.flatMap((entry) => entry.kind === "config" ? [size(entry.params, "config", context2.target, operands)] : []);
  const unknown2 = list.entries.length - sized.length;
  const over = sized.filter((s) => s.verdict === "over");
  const older = sized.filter((s) => s.verdict === "older-triton");
  const fits = sized.filter((s) => s.verdict === "fits");
  const kernels = list.kernels.map((k) => `\`${k.name}\``).join(", ");
  const limit = limitClause(context2.target);
  if (over.length > 0) {
    const first = over[0].params.node;
    const range = { start: first.startIndex, end: first.endIndex };
    const what2 = `${over.length} of ${list.entries.length} autotune configs of ${kernels} ${over.length === 1 ? "needs" : "need"} more shared memory than ${limit}: ${over.map((s) => needs(s, operands, "low")).join("; ")} (${fewestCopies(context2.target)}; ${operandsClause(operands)})`;
    if (fits.length > 0 && !operands.assumed) {
      context2.report({
        ...range,
        message: `${what2}. Triton raises OutOfResources for ${over.length === 1 ? "it" : "them"}, which the autotuner catches only after compiling ${over.length === 1 ? "it" : "each"}; removed, ${count(list.entries.length - over.length, "config")} left${keptClause([...older, ...fits], operands)}.`,
        fix: removeListElementsEdits(context2.source.text, list.list, over.map((s) => s.params.node))
      });
      return;
    }
    const noneRuns = fits.length === 0 && older.length === 0 && unknown2 === 0;
    const notRemoved = over.length === 1 ? "it was not removed" : "they were not removed";
    const [why5, action] = noneRuns ? [`no config fits${operands.assumed ? " with 2-byte operands" : ""}, so the autotuned launch fails with OutOfResources`, "Add a config that fits"] : fits.length === 0 ? [`no other config is known to fit, so ${notRemoved}`, "Give the list a config that fits, then remove these"] : [`the kernel does not show its operand dtypes, so ${notRemoved}`, "Remove them if the operands are 2 bytes or wider (fp16, bf16, fp32), or shrink them"];
    context2.report({
      ...range,
      message: `${what2}; ${why5}.`,
      hint: `${action}: for example, ${suggestion(over[0], operands, context2.target)}.`,
      ...noneRuns && !operands.assumed ? { severity: "error" } : {}
    });
    return;
  }
  if (older.length > 0 && fits.length === 0 && unknown2 === 0) {
    const first = older[0].params.node;
    context2.report({
      start: first.startIndex,
      end: first.endIndex,
      message: `No autotune config of ${kernels} fits in the shared memory ${limit} with Triton 2.x, which keeps num_stages copies of the tiles: ${older.map((s) => needs(s, operands, "high")).join("; ")} (${operandsClause(operands)}). Triton 3.x needs ${older.map((s) => s.low.bytes).join(", ")} B (${fewestCopies(context2.target)}), so this fails only with Triton 2.x (PyTorch 2.3 and older).`,
      hint: `If the project runs Triton 2.x, add a config that fits: for example, ${suggestion(older[0], operands, context2.target)}.`,
      severity: "info"
    });
  }
}
function keptClause(kept, operands) {
  if (kept.length === 0) return "";
  const each = kept.map((s) => `${needs(s, operands, "low")}${s.verdict === "older-triton" ? ` (Triton 2.x: ${s.high.bytes} B, over the limit)` : ""}`);
  return `: ${each.join("; ")}`;
}
function checkLaunch(context2, launch) {
  const operands = operandsOf([launch.kernel]);
  const sizing = size(launch.params, "launch", context2.target, operands);
  if (sizing.verdict === "fits") return;
  const { node } = launch.params;
  const launched = `\`${launch.kernel.name}\` is launched with ${describe2(launch.params)}`;
  const limit = limitClause(context2.target);
  if (sizing.verdict === "over") {
    context2.report({
      start: node.startIndex,
      end: node.endIndex,
      message: `${launched} and needs ${needs(sizing, operands, "low", false)} of shared memory (${fewestCopies(context2.target)}; ${operandsClause(operands)}), more than ${limit}: the launch fails with OutOfResources.`,
      hint: `Launch it with smaller tiles: for example, ${suggestion(sizing, operands, context2.target)}.`,
      severity: "error"
    });
    return;
  }
  context2.report({
    start: node.startIndex,
    end: node.endIndex,
    message: `${launched}; with Triton 2.x, which keeps num_stages copies of the tiles, it needs ${needs(sizing, operands, "high", false)} of shared memory (${operandsClause(operands)}), more than ${limit}. Triton 3.x needs ${sizing.low.bytes} B (${fewestCopies(context2.target)}), so this fails only with Triton 2.x (PyTorch 2.3 and older).`,
    hint: `If the project runs Triton 2.x, launch it with fewer stages or smaller tiles: for example, ${suggestion(sizing, operands, context2.target)}.`,
    severity: "info"
  });
}
function operandsOf(kernels) {
  const [first] = kernels;
  const same = kernels.every((k) => k.operandBytes && k.operandBytes.a === first.operandBytes?.a && k.operandBytes.b === first.operandBytes?.b);
  return same && first.operandBytes ? { ...first.operandBytes, assumed: false } : { a: 2, b: 2, assumed: true };
}
function size(params, kind, target, operands) {
  const stages = params.numStages ?? (kind === "config" ? 2 : 3);
  const tile = params.m * params.k * operands.a + params.k * params.n * operands.b;
  const lowCopies = pipelines(target) ? Math.max(1, stages - 1) : 1;
  const low = { copies: lowCopies, bytes: lowCopies * tile };
  const high = { copies: stages, bytes: stages * tile };
  const limit = target.gpu.maxSharedMemoryPerBlock;
  const verdict = low.bytes > limit ? "over" : high.bytes > limit ? "older-triton" : "fits";
  return { params, low, high, verdict };
}
function pipelines(target) {
  return meets(target, "tritonPipelining");
}
function fewestCopies(target) {
  return pipelines(target) ? "Triton 3.x keeps num_stages - 1 copies of the tiles" : `Triton 3.x keeps one copy of the tiles, as it does not pipeline loops below compute capability ${requiredCapability("tritonPipelining")}`;
}
function limitClause(target) {
  const limit = target.gpu.maxSharedMemoryPerBlock;
  return `${gpuLabel(target)} gives one block (${limit} B, ${limit / 1024} KiB)`;
}
function operandsClause(operands) {
  if (operands.assumed) return "2-byte fp16/bf16 operands assumed, as the kernel does not show their dtype";
  const name = (bytes2) => ({ 1: "1-byte", 2: "2-byte", 4: "4-byte", 8: "8-byte" })[bytes2] ?? `${bytes2}-byte`;
  return operands.a === operands.b ? `${name(operands.a)} operands, from the kernel's casts` : `${name(operands.a)} A and ${name(operands.b)} B operands, from the kernel's casts`;
}
function count(n, noun) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
function describe2(params) {
  const [m, n, k] = params.keys;
  const stages = params.numStages === null ? "num_stages unset" : `num_stages=${params.numStages}`;
  return `${m}=${params.m}, ${n}=${params.n}, ${k}=${params.k}, ${stages}`;
}
function needs(sizing, operands, which, named = true) {
  const { params } = sizing;
  const { copies, bytes: bytes2 } = sizing[which];
  const tiles = operands.a === operands.b ? `(${params.m}x${params.k} + ${params.k}x${params.n}) x ${operands.a} B` : `(${params.m}x${params.k} x ${operands.a} B + ${params.k}x${params.n} x ${operands.b} B)`;
  const formula = `${copies} x ${tiles} = ${bytes2} B`;
  return named ? `\`${describe2(params)}\` needs ${formula}` : formula;
}
function suggestion(sizing, operands, target) {
  const limit = target.gpu.maxSharedMemoryPerBlock;
  const { params } = sizing;
  const [, , kKey] = params.keys;
  const tile = (k) => params.m * k * operands.a + k * params.n * operands.b;
  if (sizing.verdict === "older-triton") {
    const stages = Math.floor((limit - 1) / tile(params.k));
    if (stages >= 1) return `num_stages=${stages} needs ${stages * tile(params.k)} B with Triton 2.x`;
  }
  const copies = sizing.verdict === "over" ? sizing.low.copies : sizing.high.copies;
  for (let k = params.k / 2; k >= 16 && Number.isInteger(k); k /= 2) {
    if (copies * tile(k) < limit) return `${kKey}=${k} needs ${copies * tile(k)} B`;
  }
  return `lower ${params.keys[0]} or ${params.keys[1]} (each copy holds ${params.keys[0]} x ${kKey} + ${kKey} x ${params.keys[1]} elements), or num_stages`;
}

// packages/rules/src/cuda/evaluate.ts
var TYPE_BYTES = new Map([
  ...["char", "signed char", "unsigned char", "bool", "int8_t", "uint8_t", "__nv_fp8_e4m3", "__nv_fp8_e5m2"].map((t) => [t, 1]),
  ...["short", "unsigned short", "int16_t", "uint16_t", "half", "__half", "__nv_bfloat16", "nv_bfloat16", "at::Half", "c10::Half", "at::BFloat16", "c10::BFloat16"].map((t) => [t, 2]),
  ...["int", "unsigned", "unsigned int", "signed", "signed int", "int32_t", "uint32_t", "float", "half2", "__half2", "__nv_bfloat162", "nv_bfloat162"].map((t) => [t, 4]),
  ...["long long", "unsigned long long", "int64_t", "uint64_t", "size_t", "double", "float2", "int2", "uint2"].map((t) => [t, 8]),
  ...["float3", "int3", "uint3"].map((t) => [t, 12]),
  ...["float4", "int4", "uint4", "double2"].map((t) => [t, 16])
]);
var INTEGER_TYPES = /* @__PURE__ */ new Set(["char", "short", "int", "unsigned", "signed", "long", "size_t", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t"]);
function typeName(tokens) {
  return tokens.map((t) => t.text).join(" ").replace(/\s*::\s*/g, "::").replace(/^(?:::)?std::/, "");
}
function typeBytes(tokens) {
  return TYPE_BYTES.get(typeName(tokens)) ?? null;
}
var Unknown = class extends Error {
};
function evaluate2(tokens, resolve3) {
  if (tokens.length === 0) return null;
  try {
    const parser = new ExpressionParser(tokens, resolve3);
    const value2 = parser.conditional();
    return parser.done() ? value2 : null;
  } catch (error) {
    if (error instanceof Unknown) return null;
    throw error;
  }
}
function integerLiteral2(text) {
  const body = text.replaceAll("'", "").replace(/(?:[uU](?:ll|LL|[lLzZ])?|(?:ll|LL|[lLzZ])[uU]?)$/, "");
  const match = /^(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0([0-7]*)|([1-9]\d*))$/.exec(body);
  if (!match) return null;
  const [, hex, binary, octal, decimal] = match;
  const value2 = hex !== void 0 ? parseInt(hex, 16) : binary !== void 0 ? parseInt(binary, 2) : octal !== void 0 ? octal === "" ? 0 : parseInt(octal, 8) : Number(decimal);
  return Number.isSafeInteger(value2) ? value2 : null;
}
var BINARY_LEVELS = [["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", ">", "<=", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];
var ExpressionParser = class {
  constructor(tokens, resolve3) {
    this.tokens = tokens;
    this.resolve = resolve3;
  }
  tokens;
  resolve;
  pos = 0;
  done() {
    return this.pos === this.tokens.length;
  }
  conditional() {
    const condition = this.binary(0);
    if (!this.accept("?")) return condition;
    const then = this.conditional();
    this.expect(":");
    const otherwise = this.conditional();
    return condition !== 0 ? then : otherwise;
  }
  binary(level) {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (; ; ) {
      const op = this.peek()?.text;
      if (op === void 0 || !BINARY_LEVELS[level].includes(op)) return left;
      this.pos++;
      left = apply(op, left, this.binary(level + 1));
    }
  }
  unary() {
    const token = this.peek();
    if (!token) throw new Unknown();
    if (token.text === "+" || token.text === "-" || token.text === "~" || token.text === "!") {
      this.pos++;
      const value2 = this.unary();
      return token.text === "+" ? value2 : token.text === "-" ? -value2 : token.text === "~" ? ~int32(value2) : Number(value2 === 0);
    }
    if (token.text === "sizeof") {
      this.pos++;
      this.expect("(");
      const type = this.until(")");
      const bytes2 = typeBytes(type);
      if (bytes2 === null) throw new Unknown();
      return bytes2;
    }
    if (token.text === "(") {
      const close = this.matching(this.pos);
      const inner = this.tokens.slice(this.pos + 1, close);
      if (isIntegerType(inner)) {
        this.pos = close + 1;
        return this.unary();
      }
    }
    return this.primary();
  }
  primary() {
    const token = this.tokens[this.pos++];
    if (!token) throw new Unknown();
    if (token.kind === "number") {
      const value3 = integerLiteral2(token.text);
      if (value3 === null) throw new Unknown();
      return value3;
    }
    if (token.text === "(") {
      const value3 = this.conditional();
      this.expect(")");
      return value3;
    }
    if (token.text === "static_cast") {
      this.expect("<");
      if (!isIntegerType(this.until(">"))) throw new Unknown();
      this.expect("(");
      const value3 = this.conditional();
      this.expect(")");
      return value3;
    }
    if (token.text === "true" || token.text === "false") return Number(token.text === "true");
    const next = this.peek()?.text;
    if (token.kind !== "identifier" || next === "(" || next === "::" || next === "." || next === "->") throw new Unknown();
    const value2 = this.resolve(token.text);
    if (value2 === null) throw new Unknown();
    return value2;
  }
  peek() {
    return this.tokens[this.pos];
  }
  accept(text) {
    if (this.peek()?.text !== text) return false;
    this.pos++;
    return true;
  }
  expect(text) {
    if (!this.accept(text)) throw new Unknown();
  }
  /** The tokens up to the next `close` (consumed), for type names, which hold no brackets. */
  until(close) {
    const start = this.pos;
    while (this.peek() && this.peek().text !== close) this.pos++;
    const inner = this.tokens.slice(start, this.pos);
    this.expect(close);
    return inner;
  }
  matching(open) {
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      const text = this.tokens[i].text;
      if (text === "(") depth++;
      else if (text === ")" && --depth === 0) return i;
    }
    throw new Unknown();
  }
};
function isIntegerType(tokens) {
  return tokens.length > 0 && tokens.every((t) => INTEGER_TYPES.has(t.text) || t.text === "std" || t.text === "::") && tokens.some((t) => INTEGER_TYPES.has(t.text));
}
function apply(op, a, b) {
  switch (op) {
    case "||":
      return Number(a !== 0 || b !== 0);
    case "&&":
      return Number(a !== 0 && b !== 0);
    case "|":
      return int32(a) | int32(b);
    case "^":
      return int32(a) ^ int32(b);
    case "&":
      return int32(a) & int32(b);
    case "==":
      return Number(a === b);
    case "!=":
      return Number(a !== b);
    case "<":
      return Number(a < b);
    case ">":
      return Number(a > b);
    case "<=":
      return Number(a <= b);
    case ">=":
      return Number(a >= b);
    case "<<":
      return b < 0 || b > 52 ? unknown() : checked(a * 2 ** b);
    case ">>":
      return b < 0 || b > 52 ? unknown() : Math.floor(a / 2 ** b);
    case "+":
      return checked(a + b);
    case "-":
      return checked(a - b);
    case "*":
      return checked(a * b);
    case "/":
      return b === 0 ? unknown() : Math.trunc(a / b);
    case "%":
      return b === 0 ? unknown() : a % b;
  }
  return unknown();
}
function checked(value2) {
  if (!Number.isSafeInteger(value2)) throw new Unknown();
  return value2;
}
function int32(value2) {
  if (value2 < -(2 ** 31) || value2 >= 2 ** 31) throw new Unknown();
  return value2;
}
function unknown() {
  throw new Unknown();
}

// packages/rules/src/cuda/constants.ts
var ASSIGNMENTS = /* @__PURE__ */ new Set(["=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^="]);
var Constants = class {
  definitions = /* @__PURE__ */ new Map();
  poisoned = /* @__PURE__ */ new Set();
  cache = /* @__PURE__ */ new Map();
  constructor(lexed, isConditional) {
    const define = (definition) => {
      if (isConditional(definition.name.start)) this.poisoned.add(definition.name.text);
      const list = this.definitions.get(definition.name.text) ?? [];
      list.push(definition);
      this.definitions.set(definition.name.text, list);
    };
    for (const directive of lexed.directives) readDirective(directive.name, directive.tokens, define, this.poisoned);
    const consumed = readDeclarations(lexed.tokens, define);
    poisonAssigned(lexed.tokens, consumed, this.poisoned);
    poisonTemplateParameters(lexed.tokens, this.poisoned);
    poisonFunctionParameters(lexed.tokens, this.poisoned);
  }
  /** The first definition of a name, for messages; undefined for names that are not defined. */
  definitionOf(name) {
    return this.definitions.get(name)?.[0];
  }
  /**
   * The value of an expression, or null when any part is unknown. `overrides` gives some constants other values,
   * to try a change ("with BK = 16, ...").
   */
  evaluate(tokens, overrides = /* @__PURE__ */ new Map()) {
    return this.evaluateWith(tokens, overrides, /* @__PURE__ */ new Set());
  }
  /** The value of a constant, or null when the name is not one. */
  valueOf(name) {
    return this.nameValue(name, /* @__PURE__ */ new Map(), /* @__PURE__ */ new Set())?.value ?? null;
  }
  /** True when a constant's value is a plain number: one of the knobs a size is built from. */
  isLeaf(name) {
    const evaluation = this.nameValue(name, /* @__PURE__ */ new Map(), /* @__PURE__ */ new Set());
    return evaluation !== null && evaluation.names.length === 1;
  }
  evaluateWith(tokens, overrides, visiting) {
    const names = [];
    const value2 = evaluate2(tokens, (name) => {
      const resolved = this.nameValue(name, overrides, visiting);
      if (resolved) {
        for (const used of resolved.names) if (!names.includes(used)) names.push(used);
      }
      return resolved?.value ?? null;
    });
    return value2 === null ? null : { value: value2, names };
  }
  nameValue(name, overrides, visiting) {
    const override = overrides.get(name);
    if (override !== void 0) return { value: override, names: [name] };
    const cacheable = overrides.size === 0;
    if (cacheable && this.cache.has(name)) return this.cache.get(name);
    const definitions = this.definitions.get(name);
    if (!definitions || this.poisoned.has(name) || visiting.has(name)) return null;
    visiting.add(name);
    const values = definitions.map((d) => this.evaluateWith(d.value, overrides, visiting));
    visiting.delete(name);
    const [first] = values;
    const agreed = first && values.every((v) => v !== null && v.value === first.value) ? { value: first.value, names: [name, ...first.names.filter((n) => n !== name)] } : null;
    if (cacheable) this.cache.set(name, agreed);
    return agreed;
  }
};
function readDirective(name, tokens, define, poisoned) {
  const [macro, next] = tokens;
  if (macro?.kind !== "identifier") return;
  if (name === "undef") poisoned.add(macro.text);
  if (name !== "define") return;
  if (next?.text === "(" && next.start === macro.end) poisoned.add(macro.text);
  else define({ name: macro, value: tokens.slice(1) });
}
var NOT_DECLARATIONS = /* @__PURE__ */ new Set([
  "return",
  "case",
  "goto",
  "throw",
  "using",
  "typedef",
  "else",
  "do",
  "delete",
  "new",
  "co_return",
  "co_yield",
  "namespace",
  "struct",
  "class",
  "enum",
  "union",
  "template",
  "typename",
  "public",
  "private",
  "protected",
  "friend",
  "operator",
  "asm"
]);
function readDeclarations(tokens, define) {
  const consumed = /* @__PURE__ */ new Set();
  let parens = 0;
  tokens.forEach((token, k) => {
    if (token.text === "(") parens++;
    else if (token.text === ")") parens = Math.max(0, parens - 1);
    if (parens > 0 || token.kind !== "identifier") return;
    const qualified = token.text === "const" || token.text === "constexpr";
    const statementStart = k === 0 || [";", "{", "}"].includes(tokens[k - 1].text);
    if (!qualified && !statementStart) return;
    let j = qualified ? k + 1 : k;
    while (tokens[j]?.kind === "identifier" || tokens[j]?.text === "::") j++;
    const words2 = tokens.slice(k, j - 1);
    if (!qualified && (words2.length === 0 || words2.some((w) => NOT_DECLARATIONS.has(w.text)))) return;
    for (; ; ) {
      const name = tokens[j - 1];
      if (j - 1 <= k || name?.kind !== "identifier" || tokens[j - 2]?.text === "::" || consumed.has(j)) return;
      const declarator = readInitializer(tokens, j);
      if (!declarator) return;
      consumed.add(j);
      define({ name, value: declarator.value });
      if (tokens[declarator.end]?.text !== ",") return;
      j = declarator.end + 2;
    }
  });
  return consumed;
}
function readInitializer(tokens, at) {
  const opener = tokens[at]?.text;
  if (opener !== "=" && opener !== "{") return null;
  let depth = 0;
  for (let i = at + 1; i < tokens.length; i++) {
    const text = tokens[i].text;
    if (opener === "{" && depth === 0 && text === "}") {
      const after = tokens[i + 1]?.text;
      return after === ";" || after === "," ? { value: tokens.slice(at + 1, i), end: i + 1 } : null;
    }
    if (opener === "=" && depth === 0 && (text === ";" || text === ",")) return { value: tokens.slice(at + 1, i), end: i };
    if (text === "(" || text === "[" || text === "{") depth++;
    else if (text === ")" || text === "]" || text === "}") {
      if (depth === 0) return null;
      depth--;
    }
  }
  return null;
}
function poisonAssigned(tokens, consumed, poisoned) {
  tokens.forEach((token, k) => {
    const before = tokens[k - 1];
    const after = tokens[k + 1];
    if (ASSIGNMENTS.has(token.text) && !consumed.has(k) && before?.kind === "identifier") poisoned.add(before.text);
    if (token.text === "&" && after?.kind === "identifier") poisoned.add(after.text);
    if (token.text === "++" || token.text === "--") {
      if (before?.kind === "identifier") poisoned.add(before.text);
      if (after?.kind === "identifier") poisoned.add(after.text);
    }
  });
}
function poisonTemplateParameters(tokens, poisoned) {
  tokens.forEach((token, k) => {
    if (token.text !== "template" || tokens[k + 1]?.text !== "<") return;
    let angles = 0;
    let parens = 0;
    let parameter = [];
    for (let i = k + 1; i < tokens.length; i++) {
      const text = tokens[i].text;
      if (text === "(") parens++;
      else if (text === ")") parens--;
      if (parens === 0 && (text === "<" || text === ">" || text === ">>")) {
        angles += text === "<" ? 1 : text === ">" ? -1 : -2;
        if (angles <= 0) return poisonParameter(parameter, poisoned);
        if (angles === 1 && text === "<") continue;
      }
      if (angles === 1 && parens === 0 && text === ",") {
        poisonParameter(parameter, poisoned);
        parameter = [];
      } else {
        parameter.push(tokens[i]);
      }
    }
  });
}
var CONTROL = /* @__PURE__ */ new Set(["if", "for", "while", "switch", "catch", "sizeof", "return"]);
function poisonFunctionParameters(tokens, poisoned) {
  const opens = [];
  tokens.forEach((token, k) => {
    if (token.text === "(") opens.push(k);
    if (token.text !== ")") return;
    const open = opens.pop();
    const before = open === void 0 ? void 0 : tokens[open - 1];
    const named = before?.text === "]" || before?.kind === "identifier" && !CONTROL.has(before.text);
    if (open === void 0 || !named || !isBodyAfter(tokens, k + 1)) return;
    let parameter = [];
    let depth = 0;
    for (let i = open + 1; i < k; i++) {
      const text = tokens[i].text;
      if (text === "(" || text === "[" || text === "<") depth++;
      else if (text === ")" || text === "]" || text === ">") depth--;
      if (text === "," && depth === 0) {
        poisonParameter(parameter, poisoned);
        parameter = [];
      } else {
        parameter.push(tokens[i]);
      }
    }
    poisonParameter(parameter, poisoned);
  });
}
function isBodyAfter(tokens, at) {
  let i = at;
  while (["const", "noexcept", "override", "mutable", "final"].includes(tokens[i]?.text ?? "")) i++;
  return tokens[i]?.text === "{";
}
function poisonParameter(parameter, poisoned) {
  const equals = parameter.findIndex((t) => t.text === "=");
  const declared = (equals === -1 ? parameter : parameter.slice(0, equals)).filter((t) => t.kind === "identifier");
  const name = declared.length > 1 ? declared[declared.length - 1] : void 0;
  if (name) poisoned.add(name.text);
}

// packages/rules/src/cuda/lexer.ts
var PUNCTUATORS = ["<<<", ">>>", "<<=", ">>=", "...", "::", "->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="];
var IDENTIFIER = /[A-Za-z_$][\w$]*/y;
var NUMBER = /\.?\d(?:[eEpP][+-]|[\w.'])*/y;
var STRING_PREFIX = /^(?:L|u8|u|U)?R?$/;
function lexCuda(text) {
  const directives = [];
  const tokens = lexRange(text, 0, text.length, directives);
  return { tokens, directives, conditionalRanges: conditionalRanges(directives, text.length) };
}
function lexRange(text, from, to, directives) {
  const tokens = [];
  let i = from;
  let lineStart3 = true;
  while (i < to) {
    const c = text[i];
    if (c === "\n") {
      lineStart3 = true;
      i++;
    } else if (c === " " || c === "	" || c === "\r" || c === "\f" || c === "\v" || c === "\\") {
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      i = lineEnd(text, i, to);
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close === -1 || close + 2 > to ? to : close + 2;
    } else if (c === "#" && lineStart3 && directives) {
      const end = directiveEnd(text, i, to);
      const body = lexRange(text, i + 1, end);
      const named = body[0]?.kind === "identifier" && body[0].text !== "" ? body.shift() : null;
      directives.push({ name: named?.text ?? "", tokens: body, start: i, end, tokenIndex: tokens.length });
      i = end;
    } else {
      lineStart3 = false;
      const token = readToken(text, i, to);
      tokens.push(token);
      i = token.end;
    }
  }
  return tokens;
}
function readToken(text, i, to) {
  IDENTIFIER.lastIndex = i;
  const word = IDENTIFIER.exec(text);
  if (word) {
    const after = i + word[0].length;
    const quote2 = text[after];
    if ((quote2 === '"' || quote2 === "'") && STRING_PREFIX.test(word[0])) return literal(text, i, after, to, word[0].endsWith("R"));
    return { kind: "identifier", text: word[0], start: i, end: after };
  }
  NUMBER.lastIndex = i;
  const number = NUMBER.exec(text);
  if (number) return { kind: "number", text: number[0], start: i, end: i + number[0].length };
  if (text[i] === '"' || text[i] === "'") return literal(text, i, i, to, false);
  const punct = PUNCTUATORS.find((p) => text.startsWith(p, i)) ?? text[i];
  return { kind: "punct", text: punct, start: i, end: i + punct.length };
}
function literal(text, start, quote2, to, raw) {
  const q = text[quote2];
  let end;
  if (raw && q === '"') {
    const open = text.indexOf("(", quote2);
    const delimiter = open === -1 ? "" : text.slice(quote2 + 1, open);
    const close = open === -1 ? -1 : text.indexOf(`)${delimiter}"`, open);
    end = close === -1 ? to : close + delimiter.length + 2;
  } else {
    end = quote2 + 1;
    while (end < to && text[end] !== q && text[end] !== "\n") end += text[end] === "\\" ? 2 : 1;
    end = Math.min(to, end + 1);
  }
  return { kind: "string", text: text.slice(start, end), start, end };
}
function lineEnd(text, i, to) {
  const newline = text.indexOf("\n", i);
  return newline === -1 || newline > to ? to : newline;
}
function directiveEnd(text, i, to) {
  let j = i;
  while (j < to) {
    if (text[j] === "/" && text[j + 1] === "*") {
      const close = text.indexOf("*/", j + 2);
      j = close === -1 ? to : close + 2;
    } else if (text[j] === "/" && text[j + 1] === "/") {
      return lineEnd(text, j, to);
    } else if (text[j] === "\n" && !/\\\r?$/.test(text.slice(Math.max(i, j - 2), j))) {
      return j;
    } else {
      j++;
    }
  }
  return to;
}
function conditionalRanges(directives, length) {
  const ranges = [];
  const open = [];
  directives.forEach((directive, index) => {
    if (directive.name === "if" || directive.name === "ifdef" || directive.name === "ifndef") {
      open.push({ start: directive.start, guard: isIncludeGuard(directive, directives[index + 1]) });
    } else if (directive.name === "endif") {
      const opened = open.pop();
      if (opened && !opened.guard) ranges.push({ start: opened.start, end: directive.end });
    }
  });
  for (const opened of open) if (!opened.guard) ranges.push({ start: opened.start, end: length });
  return ranges;
}
function isIncludeGuard(directive, next) {
  const name = directive.tokens[0]?.text;
  return directive.name === "ifndef" && next?.name === "define" && next.tokenIndex === directive.tokenIndex && next.tokens.length === 1 && next.tokens[0].text === name;
}

// packages/rules/src/cuda/source.ts
var DEVICE_QUERIES = /* @__PURE__ */ new Set([
  "cudaDevAttrMaxSharedMemoryPerBlockOptin",
  "cudaDevAttrMaxSharedMemoryPerBlock",
  "cudaDevAttrMaxSharedMemoryPerMultiprocessor",
  "cudaDevAttrComputeCapabilityMajor",
  "sharedMemPerBlockOptin",
  "sharedMemPerBlock",
  "sharedMemPerMultiprocessor",
  "cudaOccupancyAvailableDynamicSMemPerBlock",
  "CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN",
  "CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK",
  "CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR",
  "CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR"
]);
var ATTRIBUTES = /* @__PURE__ */ new Set(["__launch_bounds__", "__attribute__", "__declspec", "alignas", "__align__", "__maxnreg__", "__cluster_dims__"]);
var QUALIFIERS = /* @__PURE__ */ new Set(["static", "volatile", "const", "__shared__", "__device__"]);
var CudaSource = class {
  constructor(text) {
    this.text = text;
    const lexed = lexCuda(text);
    this.tokens = lexed.tokens;
    this.directives = lexed.directives;
    this.conditionalRanges = lexed.conditionalRanges;
    this.constants = new Constants(lexed, (offset) => this.isConditional(offset));
  }
  text;
  tokens;
  directives;
  constants;
  conditionalRanges;
  kernelList;
  /** True inside an `#if`/`#ifdef`/`#ifndef` block (include guards excepted): compiled only in some builds. */
  isConditional(offset) {
    return this.conditionalRanges.some((range) => offset >= range.start && offset < range.end);
  }
  get kernels() {
    return this.kernelList ??= readKernels(this);
  }
  /** The first name in the code that asks the device for its shared memory or compute capability, if any. */
  get deviceQuery() {
    for (const [k, token] of this.tokens.entries()) {
      if (DEVICE_QUERIES.has(token.text)) return token.text;
      const before = this.tokens[k - 1]?.text;
      if (token.text === "major" && (before === "." || before === "->")) return `${before}major`;
    }
    return null;
  }
  /** Static shared memory of a kernel, with constants given other values by `overrides`. */
  staticShared(kernel, overrides) {
    let bytes2 = 0;
    let complete = true;
    for (const array of kernel.shared) {
      const size3 = this.arrayBytes(array, overrides);
      if (size3 === null) complete = false;
      else bytes2 += size3;
    }
    return { bytes: bytes2, complete };
  }
  arrayBytes(array, overrides) {
    if (array.elementBytes === null || array.dimensions === null) return null;
    let size3 = array.elementBytes;
    for (const dimension of array.dimensions) {
      const length = this.constants.evaluate(dimension, overrides)?.value;
      if (length === void 0 || length < 0) return null;
      size3 *= length;
    }
    return size3;
  }
  /** The index of the bracket closing the one at `open`: `(`, `[`, `{` or `<<<`; -1 when unclosed. */
  closing(open) {
    const pairs = { "(": ")", "[": "]", "{": "}", "<<<": ">>>" };
    const close = pairs[this.tokens[open]?.text ?? ""];
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      const text = this.tokens[i].text;
      if (text === "(" || text === "[" || text === "{" || text === "<<<") depth++;
      else if (text === ")" || text === "]" || text === "}" || text === ">>>") {
        depth--;
        if (depth === 0) return text === close ? i : -1;
      }
    }
    return -1;
  }
  /** The tokens between the brackets at `open` and `close`, split at top-level commas. */
  arguments(open, close) {
    const args = [[]];
    let depth = 0;
    for (let i = open + 1; i < close; i++) {
      const token = this.tokens[i];
      if (token.text === "(" || token.text === "[" || token.text === "{") depth++;
      else if (token.text === ")" || token.text === "]" || token.text === "}") depth--;
      if (token.text === "," && depth === 0) args.push([]);
      else args[args.length - 1].push(token);
    }
    return args.length === 1 && args[0].length === 0 ? [] : args;
  }
};
function readKernels(source) {
  const { tokens } = source;
  const kernels = [];
  tokens.forEach((token, k) => {
    if (token.text !== "__global__") return;
    let j = k + 1;
    for (; j < tokens.length && tokens[j].text !== ";" && tokens[j].text !== "{"; j++) {
      if (tokens[j].kind !== "identifier" || tokens[j + 1]?.text !== "(") continue;
      if (!ATTRIBUTES.has(tokens[j].text)) break;
      j = source.closing(j + 1);
      if (j === -1) return;
    }
    const nameToken = tokens[j];
    const parameters = source.closing(j + 1);
    if (nameToken?.kind !== "identifier" || parameters === -1) return;
    let open = parameters + 1;
    while (open < tokens.length && tokens[open].text !== "{" && tokens[open].text !== ";") open++;
    if (tokens[open]?.text !== "{") return;
    const close = source.closing(open);
    if (close === -1) return;
    kernels.push({ name: nameToken.text, nameToken, shared: readShared(source, open, close) });
  });
  return kernels;
}
function readShared(source, open, close) {
  const { tokens } = source;
  const arrays = [];
  for (let i = open + 1; i < close; i++) {
    if (tokens[i].text !== "__shared__" || source.isConditional(tokens[i].start)) continue;
    let start = i;
    while (start > open + 1 && ![";", "{", "}"].includes(tokens[start - 1].text)) start--;
    let end = i;
    while (end < close && tokens[end].text !== ";") end++;
    const statement = tokens.slice(start, end);
    if (statement.some((t) => t.text === "extern")) continue;
    arrays.push(...declarators(withoutQualifiers(statement)));
    i = end;
  }
  return arrays;
}
function withoutQualifiers(statement) {
  const kept = [];
  for (let i = 0; i < statement.length; i++) {
    const text = statement[i].text;
    if ((text === "__align__" || text === "alignas") && statement[i + 1]?.text === "(") {
      while (i < statement.length && statement[i].text !== ")") i++;
    } else if (!QUALIFIERS.has(text)) {
      kept.push(statement[i]);
    }
  }
  return kept;
}
function declarators(tokens) {
  const first = tokens.findIndex((t, i) => t.kind === "identifier" && i > 0 && (i === tokens.length - 1 || ["[", ",", "="].includes(tokens[i + 1].text)));
  if (first === -1) return tokens[0] ? [{ name: tokens[0], elementBytes: null, dimensions: null }] : [];
  const type = tokens.slice(0, first);
  const elementBytes = type.every((t) => t.kind === "identifier" || t.text === "::") ? typeBytes(type) : null;
  const arrays = [];
  let rest = tokens.slice(first);
  while (rest.length > 0) {
    const name = rest[0];
    const dimensions = [];
    let i = 1;
    for (; rest[i]?.text === "["; i++) {
      const dimension = [];
      let depth = 0;
      for (i++; i < rest.length && !(depth === 0 && rest[i].text === "]"); i++) {
        if (rest[i].text === "[") depth++;
        else if (rest[i].text === "]") depth--;
        dimension.push(rest[i]);
      }
      dimensions.push(dimension);
    }
    const plain = name.kind === "identifier" && (i === rest.length || rest[i].text === ",");
    arrays.push({ name, elementBytes, dimensions: plain ? dimensions : null });
    const comma = rest.findIndex((t, k) => k >= i && t.text === ",");
    rest = comma === -1 ? [] : rest.slice(comma + 1);
  }
  return arrays;
}

// packages/rules/src/cuda/load-inline.ts
var LOAD_INLINE = "torch.utils.cpp_extension.load_inline";
function inlineCudaSources(source) {
  const found = [];
  for (const word of source.occurrences("load_inline")) {
    const named = callNamedAt(word);
    if (!named || source.imports.qualifiedName(named.callee) !== LOAD_INLINE) continue;
    const value2 = argumentFor2(named.call, "cuda_sources", 2);
    const strings = value2 && stringsOf(source, value2);
    const decoded = strings?.map(decodeString);
    if (!decoded || decoded.length === 0 || decoded.some((d) => d === null)) continue;
    found.push(joined(named.call, decoded));
  }
  return found;
}
function joined(call, parts) {
  let text = "";
  const offsets = [];
  parts.forEach((part, i) => {
    if (i > 0) {
      text += "\n";
      offsets.push(parts[i - 1].end);
    }
    text += part.text;
    offsets.push(...part.offsets);
  });
  const at = (offset) => offsets[offset] ?? parts[parts.length - 1].end;
  return { call, cuda: new CudaSource(text), toPython: (start, end) => ({ start: at(start), end: end > start ? at(end - 1) + 1 : at(start) }) };
}
function stringsOf(source, value2) {
  if (value2.type === "list" || value2.type === "tuple") {
    const items = namedChildrenOf(value2).filter((c) => c.type !== "comment").map((item) => literalOf(source, item));
    return items.every((item) => item !== null) ? items : null;
  }
  const literal2 = literalOf(source, value2);
  return literal2 ? [literal2] : null;
}
function literalOf(source, node) {
  if (node.type === "string" || node.type === "concatenated_string") return node;
  return node.type === "identifier" ? assignedOnce(source, node.text) : null;
}
function assignedOnce(source, name) {
  const assignments = source.root.descendantsOfType(["assignment", "augmented_assignment"]).filter((a) => a?.childForFieldName("left")?.text === name);
  const right = assignments.length === 1 && assignments[0].type === "assignment" ? assignments[0].childForFieldName("right") : null;
  return right && (right.type === "string" || right.type === "concatenated_string") ? right : null;
}
function decodeString(node) {
  const pieces = node.type === "concatenated_string" ? namedChildrenOf(node).filter((c) => c.type === "string") : [node];
  const result = { text: "", offsets: [], end: node.endIndex };
  for (const piece of pieces) {
    const prefix = /^[a-zA-Z]*/.exec(piece.children[0]?.text ?? "")[0].toLowerCase();
    if (prefix.includes("f") || prefix.includes("b")) return null;
    const content = plainStringContent(piece);
    const empty = namedChildrenOf(piece).every((c) => c.type === "string_start" || c.type === "string_end");
    if (!content && !empty) return null;
    if (content) decodeInto(result, content.text, content.startIndex, prefix.includes("r"));
    result.end = content ? content.endIndex : piece.startIndex;
  }
  return result;
}
var SIMPLE_ESCAPES = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "	", v: "\v" };
function decodeInto(into, content, base, raw) {
  const emit = (text, at) => {
    into.text += text;
    for (let k = 0; k < text.length; k++) into.offsets.push(base + at);
  };
  for (let i = 0; i < content.length; ) {
    const c = content[i];
    if (raw || c !== "\\") {
      emit(c, i++);
      continue;
    }
    const next = content[i + 1] ?? "";
    const escape = /^(?:\r?\n|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\})/.exec(content.slice(i + 1));
    if (SIMPLE_ESCAPES[next] !== void 0) {
      emit(SIMPLE_ESCAPES[next], i);
      i += 2;
    } else if (escape && /^\r?\n$/.test(escape[0])) {
      i += 1 + escape[0].length;
    } else if (escape && !escape[0].startsWith("N") && codePoint(escape[0]) <= 1114111) {
      emit(String.fromCodePoint(codePoint(escape[0])), i);
      i += 1 + escape[0].length;
    } else {
      emit(c, i++);
    }
  }
}
function codePoint(escape) {
  return /^[0-7]/.test(escape) ? parseInt(escape, 8) : parseInt(escape.slice(1), 16);
}

// packages/rules/src/cuda/shared-memory.ts
var SET_ATTRIBUTE = /* @__PURE__ */ new Set(["cudaFuncSetAttribute", "cuFuncSetAttribute"]);
var MAX_DYNAMIC = /* @__PURE__ */ new Set(["cudaFuncAttributeMaxDynamicSharedMemorySize", "CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES"]);
function sharedMemoryRequests(source) {
  const requests = [];
  const { tokens } = source;
  tokens.forEach((token, k) => {
    if (SET_ATTRIBUTE.has(token.text) && tokens[k + 1]?.text === "(") {
      const close = source.closing(k + 1);
      const args = close === -1 ? [] : source.arguments(k + 1, close);
      const attribute = args.at(-2);
      if (args.length < 3 || attribute?.length !== 1 || !MAX_DYNAMIC.has(attribute[0].text)) return;
      const kernelName = namedKernel(source, args.slice(0, -2).flat());
      requests.push({ kind: "attribute", start: token.start, end: tokens[close].end, kernelName, kernels: kernelsNamed(source, kernelName), bytes: args.at(-1) });
    } else if (token.text === "<<<") {
      const close = source.closing(k);
      const args = close === -1 ? [] : source.arguments(k, close);
      if (args.length < 3) return;
      const name = launchedName(tokens, k);
      requests.push({
        kind: "launch",
        start: name?.start ?? token.start,
        end: tokens[close].end,
        kernelName: name?.text ?? null,
        kernels: kernelsNamed(source, name?.text ?? null),
        bytes: args[2]
      });
    }
  });
  return requests;
}
function namedKernel(source, argument) {
  const names = new Set(argument.filter((t) => t.kind === "identifier" && source.kernels.some((k) => k.name === t.text)).map((t) => t.text));
  return names.size === 1 ? [...names][0] : null;
}
function kernelsNamed(source, name) {
  return name === null ? [] : source.kernels.filter((k) => k.name === name);
}
function launchedName(tokens, launch) {
  let i = launch - 1;
  if (tokens[i]?.text === ">" || tokens[i]?.text === ">>") {
    let depth = 0;
    for (; i >= 0; i--) {
      const text = tokens[i].text;
      depth += text === ">" ? 1 : text === ">>" ? 2 : text === "<" ? -1 : 0;
      if (depth <= 0) break;
    }
    i--;
  }
  const name = tokens[i];
  return name?.kind === "identifier" ? name : null;
}

// packages/rules/src/memory/cuda-shared-memory.ts
var CUDA_TRIGGERS = ["MaxDynamicSharedMemorySize", "MAX_DYNAMIC_SHARED_SIZE_BYTES", "<<<"];
var cudaSharedMemory = defineRule({
  id: "cuda-shared-memory",
  title: "CUDA kernels that ask for more shared memory per block than the GPU gives",
  category: "memory",
  severity: "warning",
  fixable: "never",
  appliesWhen: "on every target; it decides from the target's shared memory per block with the opt-in attribute (K80 and P100 48 KiB, T4 64 KiB, V100 96 KiB, A100 163 KiB)",
  appliesTo: () => true,
  triggers: ["load_inline", ...CUDA_TRIGGERS],
  // It reads CUDA sources, which sit in triple-quoted strings.
  triggerScope: "text",
  checks: {
    cuda: {
      triggers: CUDA_TRIGGERS,
      run(context2) {
        checkSource(context2.document, context2.target, (finding) => context2.report(finding));
      }
    },
    python: {
      triggers: ["load_inline"],
      run(context2) {
        for (const inline of inlineCudaSources(context2.source)) {
          if (context2.source.guards.guardOf(inline.call)) continue;
          checkSource(inline.cuda, context2.target, (finding) => context2.report({ ...finding, ...inline.toPython(finding.start, finding.end) }));
        }
      }
    }
  }
});
function checkSource(cuda, target, report8) {
  if (cuda.deviceQuery !== null) return;
  const limit = target.gpu.maxSharedMemoryPerBlock;
  const over = sharedMemoryRequests(cuda).filter((request) => !cuda.isConditional(request.start)).map((request) => size2(cuda, request)).filter((sized) => sized !== null && sized.total > limit);
  const reported = new Set(over.filter((s) => s.request.kind === "attribute").map((s) => s.request.kernelName));
  for (const sized of over) {
    if (sized.request.kind === "launch" && sized.request.kernelName !== null && reported.has(sized.request.kernelName)) continue;
    report8({ start: sized.request.start, end: sized.request.end, message: message(cuda, sized, target), hint: hint(cuda, sized, target) });
  }
}
function size2(cuda, request) {
  const dynamic = cuda.constants.evaluate(request.bytes);
  if (dynamic === null) return null;
  const statics = request.kernels.map((kernel) => cuda.staticShared(kernel)).sort((a, b) => a.bytes - b.bytes);
  const fewest = statics[0];
  const exact2 = fewest !== void 0 && fewest.complete && statics.length === 1;
  const staticShared = { bytes: fewest?.bytes ?? 0, complete: exact2 };
  return { request, dynamic, static: staticShared, total: dynamic.value + staticShared.bytes };
}
function message(cuda, sized, target) {
  const { request, dynamic } = sized;
  const kernel = request.kernelName === null ? "the kernel" : `\`${request.kernelName}\``;
  const atLeast = sized.static.complete ? "" : "at least ";
  const statics = sized.static.bytes > 0 ? `, plus ${atLeast}${sized.static.bytes} B of static \`__shared__\` arrays in ${kernel}: ${atLeast}${sized.total} B in all` : "";
  const asked = `${bytes(dynamic.value)} of dynamic shared memory${origin(cuda, request, dynamic)}${statics}`;
  const max = target.gpu.maxSharedMemoryPerBlock;
  const limit = `more than ${gpuLabel(target)} gives one block (${max} B, ${max / 1024} KiB)`;
  if (request.kind === "attribute") {
    const call = /^\w+/.exec(cuda.text.slice(request.start))[0];
    return `\`${call}\` lets ${kernel} use ${asked}, ${limit}: the call fails with cudaErrorInvalidValue ("invalid argument"), and so does a launch that asks for that much.`;
  }
  return `${kernel} is launched with ${asked}, ${limit}: the launch fails with cudaErrorInvalidValue ("invalid argument").`;
}
function origin(cuda, request, dynamic) {
  const [only] = request.bytes;
  if (request.bytes.length === 1 && only.kind === "number") return "";
  const definition = request.bytes.length === 1 ? cuda.constants.definitionOf(only.text) : void 0;
  const shown = definition ? `\`${only.text}\` = \`${written(cuda, definition.value)}\`` : `\`${written(cuda, request.bytes)}\``;
  const knobs = knobsOf(cuda, request, dynamic);
  return ` (${shown}${knobs.length > 0 ? `, from ${knobs.map((k) => `\`${k}\` = ${cuda.constants.valueOf(k)}`).join(", ")}` : ""})`;
}
function written(cuda, tokens) {
  const text = cuda.text.slice(tokens[0].start, tokens[tokens.length - 1].end).replace(/\s+/g, " ");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
function knobsOf(cuda, request, dynamic) {
  const itself = request.bytes.length === 1 ? request.bytes[0].text : null;
  return dynamic.names.filter((name) => name !== itself && cuda.constants.isLeaf(name));
}
function hint(cuda, sized, target) {
  const limit = target.gpu.maxSharedMemoryPerBlock;
  const kernel = sized.request.kernelName === null ? "the kernel" : `\`${sized.request.kernelName}\``;
  const atRunTime = "or pick the configuration at run time from `cudaDeviceGetAttribute(&max, cudaDevAttrMaxSharedMemoryPerBlockOptin, device)`";
  const knobs = knobsOf(cuda, sized.request, sized.dynamic);
  if (knobs.length === 0) return `Make ${kernel} need at most ${limit} B on this GPU (smaller tiles, fewer pipeline stages), ${atRunTime}.`;
  const change = example(cuda, sized, knobs, limit);
  const names = knobs.map((k) => `\`${k}\``).join(", ");
  const instance = change ? `: for example, \`${change.name}\` = ${change.value} needs ${change.total} B` : "";
  return `Lower what the size is computed from (${names}) until ${kernel} needs at most ${limit} B on this GPU${instance}; ${atRunTime}.`;
}
function example(cuda, sized, knobs, limit) {
  if (!sized.static.complete) return null;
  const kernel = sized.request.kernels[0];
  let best = null;
  for (const name of knobs) {
    const original = cuda.constants.valueOf(name);
    const halve = original >= 8 && Number.isInteger(Math.log2(original));
    if (!halve && original > 16) continue;
    for (let value2 = halve ? original / 2 : original - 1; value2 >= 1 && Number.isInteger(value2); value2 = halve ? value2 / 2 : value2 - 1) {
      const overrides = /* @__PURE__ */ new Map([[name, value2]]);
      const dynamic = cuda.constants.evaluate(sized.request.bytes, overrides)?.value;
      const staticShared = cuda.staticShared(kernel, overrides);
      if (dynamic === void 0 || !staticShared.complete) break;
      const total = dynamic + staticShared.bytes;
      if (total > limit) continue;
      if (!best || value2 / original > best.kept) best = { name, value: value2, total, kept: value2 / original };
      break;
    }
  }
  return best;
}
function bytes(n) {
  return `${n} B (${Math.round(n / 1024 * 10) / 10} KiB)`;
}

// packages/rules/src/shared/dataloader.ts
var DATALOADERS = /* @__PURE__ */ new Set(["torch.utils.data.DataLoader", "torch.utils.data.dataloader.DataLoader"]);
function* dataLoaderCalls(source) {
  for (const { call, callee } of source.callsNamed(dataLoaderNames(source.imports))) if (isDataLoader(callee, source.imports)) yield call;
}
function dataLoaderNames(imports) {
  return ["DataLoader", ...[...imports.bindings].filter(([local, target]) => local !== "DataLoader" && DATALOADERS.has(target)).map(([local]) => local)];
}
function isDataLoader(callee, imports) {
  if (DATALOADERS.has(imports.qualifiedName(callee) ?? "")) return true;
  return callee.text === "DataLoader" && !imports.bindings.has("DataLoader") && imports.wildcardModules.includes("torch.utils.data");
}

// packages/rules/src/memory/batch-size-estimate.ts
var GiB3 = 1024 ** 3;
var ACTIVATION_BYTES = 34;
var CHECKPOINTED_BYTES = 2;
var WIDTH_DEPTH_FLOOR = 0.8;
var ADAM_32BIT = /^adamw_(torch|hf|torch_fused|apex_fused)$/;
function trainedModelOf(context2, id) {
  const size3 = sizeOf(context2, id);
  if (!size3) return null;
  const config = context2.project.modelConfig(id);
  const exact2 = config?.hidden_size && config.num_hidden_layers ? config.hidden_size * config.num_hidden_layers : void 0;
  return {
    label: modelLabel(id, size3),
    parameters: size3.parameters,
    widthDepth: exact2 ?? WIDTH_DEPTH_FLOOR * Math.sqrt(size3.parameters)
  };
}
function planBatch(target, model, run) {
  const memory = target.gpu.memoryGiB;
  const states = fullFineTuneGiB(model.parameters);
  const base = { model, states, memory, gpu: `one ${target.gpu.name} (${formatGiBValue(memory)} GiB)` };
  if (states > memory) {
    const each = states / target.count;
    return { ...base, verdict: "states", ...target.count > 1 && each <= memory ? { sharded: { gpus: target.count, each } } : {} };
  }
  if (!run) return null;
  const { batch, tokens, checkpointing } = run;
  const perSample = (bytes2) => tokens * model.widthDepth * bytes2 / GiB3;
  const sample = perSample(checkpointing ? CHECKPOINTED_BYTES : ACTIVATION_BYTES);
  const need = (size3, each = sample) => states + size3 * each;
  if (need(batch) <= memory) return null;
  const numbers = { ...base, run, sample, need: need(batch) };
  const factor = reductions(batch).find((f) => need(batch / f) <= memory);
  if (factor !== void 0) return { ...numbers, verdict: "reduce", factor, smaller: batch / factor, smallerNeed: need(batch / factor) };
  const checkpointed = perSample(CHECKPOINTED_BYTES);
  const withCheckpointing = checkpointing ? void 0 : [1, ...reductions(batch)].find((f) => need(batch / f, checkpointed) <= memory);
  return {
    ...numbers,
    verdict: "one-sample",
    ...withCheckpointing === void 0 ? {} : { checkpointed: { factor: withCheckpointing, need: need(batch / withCheckpointing, checkpointed) } }
  };
}
function reductions(batch) {
  const factors = [];
  for (let f = 2; f <= batch && batch % f === 0; f *= 2) factors.push(f);
  if (factors.at(-1) !== batch && batch > 1) factors.push(batch);
  return factors;
}
function globalBatch(batch, steps, gpus) {
  return gpus > 1 ? `${batch} x ${steps} x ${gpus} GPUs = ${batch * steps * gpus}` : `${batch} x ${steps} = ${batch * steps}`;
}

// packages/rules/src/memory/batch-size-adapters.ts
var PRE_QUANTIZED = /(?:^|[-_.])(?:awq|gptq|aqlm|gguf|exl2|hqq|fp8|int4|int8|w4a16|w8a8|mlx)(?=$|[-_.])/i;
var BNB_4BIT = /(?:^|[-_.])(?:bnb-)?4bit(?=$|[-_.])/i;
function adapterModelOf(context2, id, weights, adapters) {
  const size3 = sizeOf(context2, id);
  const name = id.split("/").pop();
  if (!size3 || PRE_QUANTIZED.test(name)) return null;
  if (BNB_4BIT.test(name) && weights.high !== "int4") weights = { low: "int4", high: "int4", label: "4-bit (a bitsandbytes 4-bit checkpoint)" };
  const config = context2.project.modelConfig(id) ?? shapeFromModelId(id);
  return { id, label: modelLabel(id, size3), shape: shapeOf(size3.parameters, config), weights, adapters };
}
function estimateAdapters(model, run, weights = model.weights) {
  const at = (dtype) => estimateMemory({
    model: model.shape,
    weights: dtype,
    training: "adapters",
    adapters: model.adapters,
    checkpointing: run.checkpointing,
    ...run.batch && run.tokens ? { batch: run.batch, tokens: run.tokens } : {},
    ...run.batch && run.generationTokens ? { generation: { sequences: run.batch, tokens: run.generationTokens } } : {}
  });
  const low = at(weights.low);
  const high = weights.high === weights.low ? low : at(weights.high);
  return { low: low.lowGiB, gib: high.gib, high: high.highGiB, estimate: high };
}
function planAdapterBatch(target, model, run) {
  const memory = target.gpu.memoryGiB * (run.spread ? target.count : 1);
  const gpu2 = run.spread && target.count > 1 ? `the ${target.count} x ${target.gpu.name} (${formatGiBValue(memory)} GiB together)` : `one ${target.gpu.name} (${formatGiBValue(target.gpu.memoryGiB)} GiB)`;
  const known = run.batch !== null && run.tokens !== null;
  const generation = run.generationTokens ? { generationTokens: run.generationTokens } : {};
  const numbers = estimateAdapters(model, known ? { batch: run.batch, tokens: run.tokens, checkpointing: run.checkpointing, ...generation } : { checkpointing: run.checkpointing });
  const base = { model, run, numbers, memory, gpu: gpu2 };
  if (numbers.high <= memory) return null;
  if (!known) return numbers.low > memory ? { ...base, verdict: "cannot", alternatives: alternatives(target, model, run, memory) } : null;
  const batch = run.batch;
  const at = (size3, checkpointing = run.checkpointing) => estimateAdapters(model, { batch: size3, tokens: run.tokens, checkpointing, ...generation });
  if (numbers.low <= memory) {
    const half = batch > 1 && batch % 2 === 0 ? at(batch / 2) : void 0;
    return { ...base, verdict: "maybe", ...half ? { half } : {} };
  }
  const factors = reductions2(batch);
  const factor = factors.find((f) => at(batch / f).high <= memory) ?? factors.find((f) => at(batch / f).gib <= memory);
  if (factor !== void 0) return { ...base, verdict: "reduce", factor, smaller: batch / factor, smallerNumbers: at(batch / factor) };
  if (!run.checkpointing) {
    for (const factor2 of [1, ...reductions2(batch)]) {
      const smallerNumbers = at(batch / factor2, true);
      if (smallerNumbers.gib <= memory) return { ...base, verdict: "checkpointing", factor: factor2, smallerNumbers };
    }
  }
  return { ...base, verdict: "cannot", best: at(1, true), alternatives: alternatives(target, model, run, memory) };
}
function reductions2(batch) {
  const factors = [];
  for (let f = 2; f <= batch && batch % f === 0; f *= 2) factors.push(f);
  if (factors.at(-1) !== batch && batch > 1) factors.push(batch);
  return factors;
}
var FOUR_BIT = "{4-bit}";
var SEQUENCES = [4096, 2048, 1024, 512, 256];
var SIZES = [7e10, 32e9, 14e9, 8e9, 7e9, 3e9, 15e8, 1e9, 5e8];
function alternatives(target, model, run, memory) {
  const tokens = run.tokens ?? 512;
  const found = [];
  const fits = (m, t, dtype2) => {
    const numbers = estimateAdapters(m, { batch: 1, tokens: t, checkpointing: true }, dtype2 ? { low: dtype2, high: dtype2 } : m.weights);
    return numbers.gib <= memory ? numbers : void 0;
  };
  const int4 = model.weights.high !== "int4" ? fits(model, tokens, "int4") : void 0;
  if (int4) found.push(`the same model in 4-bit (${FOUR_BIT}): ~${formatGiBValue(int4.gib)} GiB`);
  const dtype = model.weights.high === "int4" || int4 ? "int4" : void 0;
  for (const t of SEQUENCES.filter((t2) => t2 < tokens)) {
    const shorter = fits(model, t, dtype);
    if (shorter) {
      found.push(`${t}-token sequences${dtype && model.weights.high !== "int4" ? " in 4-bit" : ""}: ~${formatGiBValue(shorter.gib)} GiB`);
      break;
    }
  }
  for (const parameters of SIZES.filter((p) => p < model.shape.parameters * 0.9)) {
    const smaller = fits({ ...model, shape: { parameters } }, tokens, "int4");
    if (smaller) {
      found.push(`a model of ~${formatParameters(parameters)} parameters in 4-bit: ~${formatGiBValue(smaller.gib)} GiB`);
      break;
    }
  }
  if (target.count > 1 && !run.spread && run.spreadable) {
    const spread = estimateAdapters(model, { batch: 1, tokens, checkpointing: true });
    if (spread.gib <= memory * target.count) {
      found.push(`spreading the model over the ${target.count} GPUs with \`device_map="auto"\` in one process (~${formatGiBValue(spread.gib)} GiB of their ${formatGiBValue(memory * target.count)}; slower, one GPU works at a time)`);
    }
  }
  return found;
}
function amount(numbers) {
  return `~${formatGiBValue(numbers.gib)} GiB (${formatGiBValue(numbers.low)}-${formatGiBValue(numbers.high)})`;
}
function findingMemory(plan, numbers = plan.numbers) {
  return { label: plan.model.label, estimateGiB: round2(numbers.gib), lowGiB: round2(numbers.low), highGiB: round2(numbers.high), availableGiB: plan.memory };
}
var round2 = (value2) => Math.round(value2 * 10) / 10;
function what(plan, spelling) {
  const { model, run } = plan;
  const kind = model.weights.high === "int4" ? "QLoRA" : "LoRA";
  const rank = model.adapters.rank ? `rank ${model.adapters.rank} ` : "";
  const shape2 = run.batch !== null && run.tokens !== null ? `, batch ${run.batch} x ${run.tokens} tokens (${spelling.sequence})` : "";
  const checkpointing = run.tokens !== null ? `, gradient checkpointing ${run.checkpointing ? "on" : "off"}` : "";
  const rollouts = run.generationTokens ? `, GRPO rollouts with a KV cache of ${run.generationTokens} tokens each` : "";
  return `${kind} (${rank}adapters) on ${model.label} in ${model.weights.label}${shape2}${checkpointing}${rollouts}`;
}
function breakdown(numbers) {
  return `(${describeComponents(numbers.estimate)})`;
}
function reduceFinding(plan, spelling, steps, gpus) {
  const { numbers, run, smaller, smallerNumbers, factor } = plan;
  return {
    message: `${what(plan, spelling)} needs ${amount(numbers)} ${breakdown(numbers)}, more than ${plan.gpu} even at the low bound. Batch ${smaller} needs ~${formatGiBValue(smallerNumbers.gib)} GiB; ${spelling.accumulation} ${steps} -> ${steps * factor} keeps the global batch: ${globalBatch(run.batch, steps, gpus)} -> ${globalBatch(smaller, steps * factor, gpus)}.`,
    // The picture shows the run as the fix leaves it: the message has the numbers before it.
    memory: { ...findingMemory(plan, smallerNumbers), label: `${plan.model.label}, batch ${smaller} (the fix)` }
  };
}
function reduceHintFinding(plan, spelling, instead) {
  const { numbers, smaller, smallerNumbers } = plan;
  return {
    message: `${what(plan, spelling)} needs ${amount(numbers)} ${breakdown(numbers)}, more than ${plan.gpu} even at the low bound; batch ${smaller} needs ~${formatGiBValue(smallerNumbers.gib)} GiB.`,
    hint: `Set \`${spelling.set(spelling.batch, smaller)}\` and ${instead}: the global batch stays the same.`,
    memory: findingMemory(plan)
  };
}
function maybeFinding(plan, spelling) {
  const { numbers, run, half } = plan;
  const steps = [
    half ? `halve \`${spelling.batch}\` to ${run.batch / 2} and double \`${spelling.accumulation}\` (~${formatGiBValue(half.gib)} GiB, same global batch)` : void 0,
    `shorten the sequences (${spelling.sequence})`,
    run.checkpointing ? void 0 : `set ${spelling.checkpointing}`,
    `use the paged 8-bit optimizer (${spelling.optimizer8bit})`
  ].filter(Boolean);
  return {
    message: `${what(plan, spelling)} needs ${amount(numbers)} ${breakdown(numbers)}: it may not fit ${plan.gpu}.`,
    hint: `If it runs out of memory: ${steps.join(", ")}.`,
    memory: findingMemory(plan)
  };
}
function checkpointingFinding(plan, spelling) {
  const { numbers, run, factor, smallerNumbers } = plan;
  const batch = factor === 1 ? `batch ${run.batch}` : `batch ${run.batch / factor} with \`${spelling.accumulation}\` x ${factor}`;
  return {
    message: `${what(plan, spelling)} needs ${amount(numbers)} ${breakdown(numbers)}, more than ${plan.gpu} even at the low bound, at any batch without gradient checkpointing.`,
    hint: `Set ${spelling.checkpointing} (each layer then keeps only its input; ~20% slower steps): ${batch} then needs ~${formatGiBValue(smallerNumbers.gib)} GiB.`,
    memory: findingMemory(plan, smallerNumbers)
  };
}
function cannotFitFinding(plan, spelling) {
  const { numbers, best } = plan;
  const even = best ? `; even batch 1 with gradient checkpointing needs ~${formatGiBValue(best.gib)} GiB (at least ${formatGiBValue(best.low)})` : " before any activation";
  const alternatives2 = plan.alternatives.map((text) => text.replace(FOUR_BIT, spelling.fourBit));
  const fits = alternatives2.length > 0 ? `What would fit, at batch 1 with gradient checkpointing: ${alternatives2.join("; ")}.` : "Pick a much smaller model, or a GPU with more memory.";
  return {
    message: `This run cannot fit: ${what(plan, spelling)} needs ${amount(numbers)} ${breakdown(numbers)}, more than ${plan.gpu}${even}.`,
    hint: fits,
    severity: "error",
    memory: findingMemory(plan, best ?? numbers)
  };
}

// packages/rules/src/memory/batch-size-messages.ts
function statesFinding({ model, states, gpu: gpu2, sharded }, spelling) {
  return {
    message: `Full fine-tuning ${model.label} with Adam keeps ~${formatGiBValue(states)} GiB of weights, gradients and optimizer states (~16 bytes per parameter) on each GPU, more than ${gpu2} before any activation: no batch size or gradient checkpointing makes that fit.`,
    hint: `Train ${spelling.lora}, or ${spelling.qlora}, or pick a smaller model` + (sharded ? `; or shard the states over the ${sharded.gpus} GPUs with DeepSpeed ZeRO-3 or FSDP (~${formatGiBValue(sharded.each)} GiB each).` : ".")
  };
}
function why4({ model, states, sample, need, gpu: gpu2, run }, spelling) {
  return `Full fine-tuning ${model.label} with Adam keeps ~${formatGiBValue(states)} GiB of weights, gradients and optimizer states, and its activations take at least ~${formatGiBValue(sample)} GiB per sample of ${run.tokens} tokens (${spelling.sequence}${run.checkpointing ? ", gradient checkpointing on" : ""}): per-device batch ${run.batch} needs ~${formatGiBValue(need)} GiB, more than ${gpu2}.`;
}
function oneSampleFinding(plan, spelling) {
  const { run, checkpointed } = plan;
  const shorter = `shorten the sequences (${spelling.sequence}), or train ${spelling.lora} instead of the full model`;
  const batch = (f) => f === 1 ? `batch ${run.batch}` : `batch ${run.batch / f}, with \`${spelling.accumulation}\` x ${f},`;
  return {
    message: `${why4(plan, spelling)} Even one sample a step does not fit.`,
    hint: checkpointed ? `Set ${spelling.checkpointing} (each layer then keeps only its input; transformers' docs put the cost at ~20% slower steps): ${batch(checkpointed.factor)} then needs ~${formatGiBValue(checkpointed.need)} GiB. Or ${shorter}.` : `${shorter[0].toUpperCase()}${shorter.slice(1)}.`
  };
}
function reduceMessage(plan, spelling) {
  return `${why4(plan, spelling)} Batch ${plan.smaller} needs ~${formatGiBValue(plan.smallerNeed)} GiB`;
}
function accumulationKept(plan, steps, gpus, change = `gradient_accumulation_steps ${steps} -> ${steps * plan.factor}`) {
  return `; ${change} keeps the global batch: ${globalBatch(plan.run.batch, steps, gpus)} -> ${globalBatch(plan.smaller, steps * plan.factor, gpus)}.`;
}
function reduceHint(plan, spelling, accumulation2) {
  const checkpointing = checkpointingHint(plan, spelling);
  return `Set \`${spelling.set(spelling.batch, plan.smaller)}\` and ${accumulation2}: the global batch stays the same.` + (checkpointing ? ` ${checkpointing}` : "");
}
function multiplyAccumulation(plan, spelling, whyNot) {
  return `multiply \`${spelling.accumulation}\` (${whyNot}) by ${plan.factor}`;
}
function checkpointingHint(plan, spelling) {
  return plan.run.checkpointing ? void 0 : `${spelling.checkpointing} would keep ~1/17 of the activations (transformers' docs: ~20% slower steps) and let a larger per-device batch fit.`;
}

// packages/rules/src/memory/batch-size-config.ts
var ACCUMULATION = "gradient_accumulation_steps";
var LAYOUTS = {
  // Axolotl's schema (utils/schemas/training.py, config.py): adapter unset trains all weights.
  axolotl: {
    model: "base_model",
    batch: "micro_batch_size",
    sequence: ["sequence_len"],
    optimizer: "optimizer",
    notFull: ["adapter", "load_in_4bit", "load_in_8bit", "gptq", "unfrozen_parameters", "deepspeed", "fsdp", "fsdp_config", "auto_find_batch_size"],
    trainsAll: () => true,
    checkpointing: (document) => {
      const value2 = document.get(["gradient_checkpointing"])?.value;
      if (isOn(document, "activation_offloading") || value2 === "offload" || value2 === "offload_disk") return null;
      return value2 === true;
    },
    spelling: {
      lora: "LoRA adapters (`adapter: lora`)",
      qlora: "QLoRA on a 4-bit base (`adapter: qlora` with `load_in_4bit: true`)"
    }
  },
  // LLaMA-Factory's hparams: finetuning_type defaults to lora; gradient checkpointing is on unless disabled.
  "llama-factory": {
    model: "model_name_or_path",
    batch: "per_device_train_batch_size",
    sequence: ["cutoff_len"],
    optimizer: "optim",
    notFull: [
      "quantization_bit",
      "deepspeed",
      "fsdp",
      "use_galore",
      "use_apollo",
      "use_badam",
      "use_adam_mini",
      "use_muon",
      "use_llama_pro",
      "pure_bf16",
      "auto_find_batch_size"
    ],
    trainsAll: (document) => document.get(["finetuning_type"])?.value === "full",
    checkpointing: (document) => document.get(["disable_gradient_checkpointing"])?.value !== true || document.get(["gradient_checkpointing"])?.value === true,
    spelling: {
      checkpointing: "`disable_gradient_checkpointing: false`",
      lora: "LoRA adapters (`finetuning_type: lora`)",
      qlora: "QLoRA on a 4-bit base (`finetuning_type: lora` with `quantization_bit: 4`)"
    }
  },
  // TrainingArguments as HfArgumentParser reads them; TRL's ModelConfig adds the model and its peft switches.
  "training-arguments": {
    model: "model_name_or_path",
    batch: "per_device_train_batch_size",
    sequence: ["max_seq_length", "max_length"],
    optimizer: "optim",
    notFull: ["use_peft", "load_in_4bit", "load_in_8bit", "deepspeed", "fsdp", "auto_find_batch_size"],
    trainsAll: () => true,
    checkpointing: (document) => document.get(["gradient_checkpointing"])?.value === true,
    spelling: { lora: "LoRA adapters (peft)", qlora: "QLoRA on a 4-bit base" }
  }
};
function checkBatchConfig(context2) {
  const { document, target } = context2;
  const layout = LAYOUTS[document.kind];
  const batchEntry = layout && document.get([layout.batch]);
  if (!layout || !batchEntry) return;
  if (!fullFineTuneWithAdam(document, layout)) {
    checkAdapterConfig(context2, layout, batchEntry);
    return;
  }
  const modelEntry = document.get([layout.model]);
  const model = typeof modelEntry?.value === "string" && modelEntry.value ? trainedModelOf(context2, modelEntry.value) : null;
  if (!modelEntry || !model) return;
  const batch = positiveInteger(batchEntry.value);
  const sequence = layout.sequence.map((key) => ({ key, tokens: positiveInteger(document.get([key])?.value) })).find((s) => s.tokens !== null);
  const checkpointing = layout.checkpointing(document);
  const run = batch !== null && sequence && checkpointing !== null ? { batch, tokens: sequence.tokens, checkpointing } : null;
  const plan = planBatch(target, model, run);
  if (!plan) return;
  const spelling = spellingOf(document, layout, sequence?.key ?? "");
  const range = entryRange(batchEntry);
  switch (plan.verdict) {
    case "states":
      context2.report({ ...entryRange(modelEntry), severity: "error", ...statesFinding(plan, spelling) });
      return;
    case "one-sample":
      context2.report({ ...range, ...oneSampleFinding(plan, spelling) });
      return;
    case "reduce":
      reportReduce(context2, plan, batchEntry, spelling);
  }
}
function reportReduce(context2, plan, batchEntry, spelling) {
  const { document, target } = context2;
  const range = entryRange(batchEntry);
  const kept = accumulation(document, plan, batchEntry, spelling);
  const fix = "steps" in kept ? allEdits([document.replaceValue(batchEntry, plan.smaller), ...kept.edits]) : void 0;
  if (!fix || !("steps" in kept)) {
    const instead = "instead" in kept ? kept.instead : multiplyAccumulation(plan, spelling, "written in a form the tool does not rewrite");
    context2.report({ ...range, message: `${reduceMessage(plan, spelling)}.`, hint: reduceHint(plan, spelling, instead) });
    return;
  }
  const checkpointing = checkpointingHint(plan, spelling);
  context2.report({
    ...range,
    message: reduceMessage(plan, spelling) + accumulationKept(plan, kept.steps, target.count, kept.change),
    fix,
    ...checkpointing ? { hint: checkpointing } : {}
  });
}
function accumulation(document, plan, batchEntry, spelling) {
  const key = document.key([ACCUMULATION]);
  const entry = document.get([ACCUMULATION]);
  if (key) {
    const steps = positiveInteger(entry?.value);
    if (!entry || key.holds !== "scalar" || steps === null) return { instead: multiplyAccumulation(plan, spelling, "not a number here, so not rewritten") };
    return { steps, edits: [document.replaceValue(entry, steps * plan.factor)] };
  }
  if (document.kind === "axolotl" && isOn(document, "batch_size")) {
    const total = positiveInteger(document.get(["batch_size"])?.value);
    const perStep = total === null ? 0 : plan.run.batch * Math.floor(total / plan.run.batch);
    if (total === null || perStep === 0) return { instead: multiplyAccumulation(plan, spelling, "derived by Axolotl from `batch_size`, not rewritten here") };
    if (perStep !== total) {
      return { instead: `set \`${spelling.set("batch_size", perStep)}\` (the samples per step Axolotl derives from \`batch_size: ${total}\` now, which the new batch divides)` };
    }
    const steps = total / plan.run.batch;
    const change = `\`${spelling.set("batch_size", total)}\` stays, so Axolotl's gradient_accumulation_steps (batch_size / micro_batch_size) ${steps} -> ${steps * plan.factor}`;
    return { steps, edits: [], change };
  }
  const added = addedBelow(document, batchEntry, ACCUMULATION, plan.factor);
  if (!added) return { instead: `add \`${spelling.set(ACCUMULATION, plan.factor)}\` (absent here, meaning 1; the tool adds a key only below one that has its own line)` };
  return { steps: 1, edits: [added] };
}
function fullFineTuneWithAdam(document, layout) {
  if (document.get(["do_train"])?.value === false || !layout.trainsAll(document)) return false;
  if (layout.notFull.some((key) => isOn(document, key))) return false;
  const optimizer = document.get([layout.optimizer])?.value;
  return optimizer === void 0 || optimizer === null || typeof optimizer === "string" && ADAM_32BIT.test(optimizer);
}
function isOn(document, key) {
  const found = document.key([key]);
  if (!found) return false;
  if (found.holds !== "scalar") return true;
  const value2 = document.get([key])?.value;
  return value2 !== void 0 && value2 !== null && value2 !== false && value2 !== "" && value2 !== 0;
}
function positiveInteger(value2) {
  return typeof value2 === "number" && Number.isInteger(value2) && value2 > 0 ? value2 : null;
}
function spellingOf(document, layout, sequence) {
  const set = (key, value2) => document.format === "json" ? `"${key}": ${value2}` : `${key}: ${value2}`;
  return {
    ...layout.spelling,
    checkpointing: layout.spelling.checkpointing ?? `\`${set("gradient_checkpointing", true)}\``,
    set,
    batch: layout.batch,
    accumulation: ACCUMULATION,
    sequence: `\`${sequence}\``,
    fourBit: FOUR_BIT2[document.kind] ?? "QLoRA",
    optimizer8bit: `\`${document.format === "json" ? `"${layout.optimizer}": "paged_adamw_8bit"` : `${layout.optimizer}: paged_adamw_8bit`}\``
  };
}
var OPEN_WEIGHTS = { low: "float16", high: "float32", label: "its default dtype (float32 or the checkpoint's)" };
var quantizedWeights = (bits) => ({ low: bits === 4 ? "int4" : "int8", high: bits === 4 ? "int4" : "int8", label: `${bits}-bit (bitsandbytes)` });
var halfWeights = (dtype, label2) => ({ low: dtype, high: dtype, label: label2 });
var FOUR_BIT2 = {
  axolotl: "`adapter: qlora` with `load_in_4bit: true`",
  "llama-factory": "`quantization_bit: 4`",
  "training-arguments": "`load_in_4bit: true`"
};
function adapterConfigOf(document) {
  const get = (key) => document.get([key])?.value;
  const int = (key) => positiveInteger(get(key)) ?? void 0;
  const list = (key) => {
    const value2 = get(key);
    if (typeof value2 === "string") return value2 === "all" || value2 === "all-linear" ? "all-linear" : value2.split(",").map((s) => s.trim()).filter(Boolean);
    return Array.isArray(value2) && value2.every((v) => typeof v === "string") ? value2 : void 0;
  };
  const spec = (rank, targets) => ({ ...rank ? { rank } : {}, ...targets ? { targetModules: targets } : {} });
  const sequence = (key, fallback) => {
    const tokens = int(key) ?? fallback;
    return tokens ? { sequence: { key, tokens } } : {};
  };
  switch (document.kind) {
    case "axolotl": {
      const adapter = get("adapter");
      if (adapter !== "lora" && adapter !== "qlora") return null;
      const bits = adapter === "qlora" || get("load_in_4bit") === true ? 4 : get("load_in_8bit") === true ? 8 : void 0;
      const half = get("bf16") === true || get("bf16") === "auto" || get("fp16") === true;
      const targets = get("lora_target_linear") === true ? "all-linear" : list("lora_target_modules");
      return {
        weights: bits ? quantizedWeights(bits) : half ? halfWeights("float16", "16-bit (`bf16`/`fp16`)") : OPEN_WEIGHTS,
        adapters: spec(int("lora_r"), targets),
        checkpointing: get("gradient_checkpointing") === true,
        ...sequence("sequence_len", 2048)
      };
    }
    case "llama-factory": {
      const type = get("finetuning_type") ?? "lora";
      if (type !== "lora") return null;
      const bits = get("quantization_bit") === 4 ? 4 : get("quantization_bit") === 8 ? 8 : void 0;
      if (get("quantization_bit") !== void 0 && !bits) return null;
      return {
        // LLaMA-Factory loads in the checkpoint's 16-bit dtype (infer_dtype) unless told otherwise.
        weights: bits ? quantizedWeights(bits) : halfWeights("float16", "16-bit (the checkpoint's dtype)"),
        adapters: spec(int("lora_rank"), list("lora_target")),
        checkpointing: get("disable_gradient_checkpointing") !== true,
        ...sequence("cutoff_len", 2048)
      };
    }
    case "training-arguments": {
      if (get("use_peft") !== true) return null;
      const bits = get("load_in_4bit") === true ? 4 : get("load_in_8bit") === true ? 8 : void 0;
      const dtype = get("torch_dtype") ?? get("dtype");
      const half = dtype === "float16" || dtype === "bfloat16" || dtype === "auto";
      return {
        weights: bits ? quantizedWeights(bits) : half ? halfWeights("float16", `16-bit (\`${dtype}\`)`) : OPEN_WEIGHTS,
        // TRL's ModelConfig: lora_r defaults to 16.
        adapters: spec(int("lora_r") ?? 16, list("lora_target_modules")),
        checkpointing: get("gradient_checkpointing") === true,
        ...int("max_seq_length") ? sequence("max_seq_length") : sequence("max_length")
      };
    }
    default:
      return null;
  }
}
function checkAdapterConfig(context2, layout, batchEntry) {
  const { document, target } = context2;
  if (document.get(["do_train"])?.value === false) return;
  if (["deepspeed", "fsdp", "fsdp_config", "auto_find_batch_size", "gptq", "use_kt"].some((key2) => isOn(document, key2))) return;
  const optimizer = document.get([layout.optimizer])?.value;
  if (optimizer !== void 0 && optimizer !== null && !(typeof optimizer === "string" && ADAM_32BIT.test(optimizer))) return;
  const config = adapterConfigOf(document);
  const modelEntry = document.get([layout.model]);
  if (!config || !modelEntry || typeof modelEntry.value !== "string" || !modelEntry.value) return;
  const model = adapterModelOf(context2, modelEntry.value, config.weights, config.adapters);
  if (!model) return;
  const batch = positiveInteger(batchEntry.value);
  const plan = planAdapterBatch(target, model, { batch, tokens: config.sequence?.tokens ?? null, checkpointing: config.checkpointing, spread: false });
  if (!plan) return;
  const key = config.sequence?.key ?? "";
  const written2 = !!config.sequence && document.get([key]) !== void 0;
  const spelling = { ...spellingOf(document, layout, key), ...written2 || !config.sequence ? {} : { sequence: `\`${key}\` (default ${config.sequence.tokens})` } };
  const range = entryRange(batchEntry);
  const report8 = (finding, at = range) => context2.report({ ...at, ...finding });
  switch (plan.verdict) {
    case "maybe":
      report8(maybeFinding(plan, spelling));
      return;
    case "checkpointing":
      report8(checkpointingFinding(plan, spelling));
      return;
    case "cannot":
      report8(cannotFitFinding(plan, spelling), entryRange(modelEntry));
      return;
    case "reduce": {
      const kept = accumulation(document, { factor: plan.factor, run: { batch: plan.run.batch } }, batchEntry, spelling);
      const fix = "steps" in kept ? allEdits([document.replaceValue(batchEntry, plan.smaller), ...kept.edits]) : void 0;
      if (!fix || !("steps" in kept)) {
        const instead = "instead" in kept ? kept.instead : multiplyAccumulation(plan, spelling, "written in a form the tool does not rewrite");
        report8(reduceHintFinding(plan, spelling, instead));
        return;
      }
      context2.report({ ...range, ...reduceFinding(plan, spelling, kept.steps, target.count), fix });
    }
  }
}

// packages/rules/src/memory/batch-size.ts
var batchSize = defineRule({
  id: "batch-size",
  title: "A per-device training batch that does not fit the GPU's memory",
  category: "memory",
  severity: "warning",
  fixable: "sometimes",
  appliesWhen: "every target: it compares a training memory estimate with the memory of one of its GPUs",
  appliesTo: () => true,
  triggers: ["per_device_train_batch_size", "DataLoader"],
  // Both checks size the one model the file loads with `from_pretrained`: without that call there is no finding.
  // A DataLoader alone is common; only one in a file that also builds Adam can be a finding.
  // A training script may load its model in a module it imports (adapter runs): then the batch alone is enough.
  mayMatch: (scan) => scan.inCode("per_device_train_batch_size") || scan.inCode("from_pretrained") && scan.inCode("Adam"),
  checks: {
    config: { run: checkBatchConfig, triggers: ["per_device_train_batch_size", "micro_batch_size"] },
    python: {
      run(context2) {
        const { source } = context2;
        let trainer = false;
        for (const node of source.occurrences("per_device_train_batch_size")) {
          if (node.type !== "identifier") continue;
          const found = trainingArgumentsKeyword(node, source.imports);
          if (!found) continue;
          trainer = true;
          checkBatch(context2, found.argument, found.call);
        }
        if (!trainer) for (const call of dataLoaderCalls(source)) checkLoaderBatch(context2, call);
      }
    }
  }
});
var PYTHON_SPELLING = {
  set: (key, value2) => `${key}=${value2}`,
  batch: "per_device_train_batch_size",
  accumulation: "gradient_accumulation_steps",
  checkpointing: "`gradient_checkpointing=True`",
  lora: "LoRA adapters (peft)",
  qlora: "QLoRA on a 4-bit base",
  optimizer8bit: '`optim="paged_adamw_8bit"`',
  fourBit: "QLoRA, `BitsAndBytesConfig(load_in_4bit=True)`"
};
function checkBatch(context2, argument, call) {
  const { source, target } = context2;
  if (source.guards.guardOf(call) || hasSplat(call)) return;
  if (!fullFineTune(source) || source.occurrences("from_pretrained").next().done) {
    checkAdapterBatch(context2, argument, call);
    return;
  }
  if (!fullFineTuneWithAdam2(source, call)) return;
  const model = trainedModel(context2);
  if (!model) return;
  const batch = integerLiteral(keywordValue(argument));
  const sequence = sequenceLength(source, call);
  const run = batch !== null && sequence ? { batch, tokens: sequence.tokens, checkpointing: isTrue(flag(call, "gradient_checkpointing")) } : null;
  const plan = planBatch(target, model, run);
  if (!plan) return;
  const spelling = { ...PYTHON_SPELLING, sequence: sequence?.where ?? "" };
  const range = { start: argument.startIndex, end: argument.endIndex };
  switch (plan.verdict) {
    case "states": {
      const callee = call.childForFieldName("function");
      context2.report({ start: callee.startIndex, end: callee.endIndex, severity: "error", ...statesFinding(plan, spelling) });
      return;
    }
    case "one-sample":
      context2.report({ ...range, ...oneSampleFinding(plan, spelling) });
      return;
    case "reduce": {
      const accumulation2 = accumulationOf(call);
      if (accumulation2.steps === null) {
        context2.report({ ...range, message: `${reduceMessage(plan, spelling)}.`, hint: reduceHint(plan, spelling, multiplyAccumulation(plan, spelling, "computed here, so not rewritten")) });
        return;
      }
      const hint2 = checkpointingHint(plan, spelling);
      context2.report({
        ...range,
        message: reduceMessage(plan, spelling) + accumulationKept(plan, accumulation2.steps, target.count),
        fix: accumulationEdits(source.text, argument, plan.smaller, accumulation2.steps * plan.factor, accumulation2.value),
        ...hint2 ? { hint: hint2 } : {}
      });
    }
  }
}
var SMALL_STATE_OPTIMIZERS = /8bit|paged|adafactor|sgd|lion|galore/i;
function checkAdapterBatch(context2, argument, call) {
  const { source, target } = context2;
  if (["deepspeed", "fsdp"].some((name) => keywordArgument(call, name)) || isTrue(flag(call, "auto_find_batch_size"))) return;
  if (SMALL_STATE_OPTIMIZERS.test(stringValue(flag(call, "optim")) ?? "")) return;
  const modules = runModules(context2);
  const load = modelLoadOf(context2, modules);
  const adapterModules = trainsAdapters([source]) ? [source, ...load && load.source !== source ? [load.source] : []] : load && trainsAdapters([load.source]) ? [load.source] : [];
  if (!load || adapterModules.length === 0) return;
  const adapters = adaptersOf(context2, adapterModules);
  const model = adapterModelOf(context2, load.modelId, load.weights, { ...adapters.rank ? { rank: adapters.rank } : {}, ...adapters.targetModules ? { targetModules: adapters.targetModules } : {} });
  if (!model) return;
  const batch = integerLiteral(keywordValue(argument));
  const grpo = calleeName(call) === "GRPOConfig";
  const rollout = grpo ? (integerOrConstant(source, flag(call, "max_prompt_length")) ?? 512) + (integerOrConstant(source, flag(call, "max_completion_length")) ?? 256) : void 0;
  const sequence = grpo ? { tokens: rollout, where: "`max_prompt_length` + `max_completion_length`" } : sequenceLength(source, call) ?? importedSequence(context2, call);
  const checkpointing = isTrue(flag(call, "gradient_checkpointing")) || adapters.checkpointing;
  const deviceMap = keywordArgument(load.call, "device_map");
  const spread = !!deviceMap && stringValue(keywordValue(deviceMap)) === "auto";
  const plan = planAdapterBatch(target, model, { batch, tokens: sequence?.tokens ?? null, checkpointing, spread, spreadable: true, ...rollout ? { generationTokens: rollout } : {} });
  if (!plan) return;
  const spelling = { ...PYTHON_SPELLING, sequence: sequence?.where ?? "" };
  const range = { start: argument.startIndex, end: argument.endIndex };
  const report8 = (finding, at = range) => context2.report({ ...at, ...finding });
  switch (plan.verdict) {
    case "maybe":
      report8(maybeFinding(plan, spelling));
      return;
    case "checkpointing":
      report8(checkpointingFinding(plan, spelling));
      return;
    case "cannot": {
      const callee = call.childForFieldName("function");
      report8(cannotFitFinding(plan, spelling), { start: callee.startIndex, end: callee.endIndex });
      return;
    }
    case "reduce": {
      const accumulation2 = accumulationOf(call);
      if (accumulation2.steps === null) {
        report8(reduceHintFinding(plan, spelling, `multiply \`${spelling.accumulation}\` (computed here, so not rewritten) by ${plan.factor}`));
        return;
      }
      if (grpo) {
        const why5 = "not rewritten for GRPO: the batch of generations must stay a multiple of `num_generations`, which TRL versions count differently";
        report8(reduceHintFinding(plan, spelling, multiplyAccumulation({ factor: plan.factor }, spelling, why5)));
        return;
      }
      context2.report({
        ...range,
        ...reduceFinding(plan, spelling, accumulation2.steps, target.count),
        fix: accumulationEdits(source.text, argument, plan.smaller, accumulation2.steps * plan.factor, accumulation2.value)
      });
    }
  }
}
function importedSequence(context2, call) {
  for (const name of ["max_seq_length", "max_length"]) {
    const tokens = importedInteger(context2, context2.source, flag(call, name));
    if (tokens) return { tokens, where: `\`${name}\`` };
  }
  return null;
}
function flag(call, name) {
  const argument = keywordArgument(call, name);
  return argument && keywordValue(argument);
}
var LOADER_SPELLING = {
  ...PYTHON_SPELLING,
  batch: "batch_size",
  accumulation: "accumulation steps",
  checkpointing: "`model.gradient_checkpointing_enable()`"
};
function checkLoaderBatch(context2, call) {
  const { source, target } = context2;
  if (!isTrue(flag(call, "shuffle")) || source.guards.guardOf(call) || hasSplat(call) || !loopTrainsWithAdam(source)) return;
  const value2 = argumentFor2(call, "batch_size", 1);
  const batch = integerOrConstant(source, value2);
  const model = trainedModel(context2);
  const sequence = sequenceLength(source, null);
  if (!value2 || batch === null || !model || !sequence) return;
  const checkpointing = !source.occurrences("gradient_checkpointing_enable").next().done;
  const plan = planBatch(target, model, { batch, tokens: sequence.tokens, checkpointing });
  if (!plan || plan.verdict === "states") return;
  const spelling = { ...LOADER_SPELLING, sequence: sequence.where };
  const range = { start: value2.startIndex, end: value2.endIndex };
  if (plan.verdict === "one-sample") {
    context2.report({ ...range, ...oneSampleFinding(plan, spelling) });
    return;
  }
  const steps = plan.factor;
  const accumulate = `accumulate gradients over ${steps} batches (backward on \`loss / ${steps}\` each batch, \`optimizer.step()\` and \`optimizer.zero_grad()\` every ${steps})`;
  const kept = accumulationKept(plan, 1, 1, `accumulating gradients over ${steps} batches`);
  context2.report({ ...range, message: reduceMessage(plan, spelling) + kept, hint: reduceHint(plan, spelling, accumulate) });
}
var TORCH_ADAM = /* @__PURE__ */ new Set(["torch.optim.Adam", "torch.optim.AdamW", "torch.optim.adam.Adam", "torch.optim.adamw.AdamW"]);
var OTHER_OPTIMIZER_WORDS = ["SGD", "Adafactor", "AdamW8bit", "Adam8bit", "PagedAdamW", "PagedAdamW8bit", "Lion", "bitsandbytes", "deepspeed", "FullyShardedDataParallel", "ZeroRedundancyOptimizer"];
function loopTrainsWithAdam(source) {
  if (!fullFineTune(source) || OTHER_OPTIMIZER_WORDS.some((word) => !source.occurrences(word).next().done)) return false;
  for (const name of ["Adam", "AdamW"]) {
    for (const node of source.occurrences(name)) {
      const found = callNamedAt(node);
      if (found && TORCH_ADAM.has(source.imports.qualifiedName(found.callee) ?? "")) return true;
    }
  }
  return false;
}
function fullFineTuneWithAdam2(source, call) {
  if (!fullFineTune(source)) return false;
  if (["deepspeed", "fsdp"].some((name) => keywordArgument(call, name)) || isTrue(flag(call, "auto_find_batch_size"))) return false;
  const optimizer = keywordArgument(call, "optim");
  return !optimizer || ADAM_32BIT.test(stringValue(keywordValue(optimizer)) ?? "");
}
function trainedModel(context2) {
  const { source } = context2;
  if (!source.occurrences("from_config").next().done) return null;
  const ids = /* @__PURE__ */ new Set();
  for (const node of source.occurrences("from_pretrained")) {
    const found = callNamedAt(node);
    if (!found) continue;
    const id = modelIdOf(context2, found.call);
    if (id === void 0) return null;
    ids.add(id);
  }
  if (ids.size !== 1) return null;
  return trainedModelOf(context2, [...ids][0]);
}
function sequenceLength(source, call) {
  for (const name of ["max_seq_length", "max_length"]) {
    const tokens = call && integerOrConstant(source, flag(call, name));
    if (tokens) return { tokens, where: `\`${name}\`` };
  }
  let longest = 0;
  for (const node of source.occurrences("truncation")) {
    const argument = node.parent;
    const tokenizerCall = argument?.type === "keyword_argument" ? callOfArgument(argument) : null;
    const tokens = tokenizerCall && isTrue(keywordValue(argument)) ? integerOrConstant(source, flag(tokenizerCall, "max_length")) : null;
    if (tokens && tokens > longest) longest = tokens;
  }
  return longest ? { tokens: longest, where: "the tokenizer's `max_length`" } : null;
}
function accumulationOf(call) {
  const value2 = flag(call, "gradient_accumulation_steps");
  if (!keywordArgument(call, "gradient_accumulation_steps")) return { steps: 1, value: null };
  return { steps: integerLiteral(value2), value: value2 };
}
function accumulationEdits(text, argument, batch, steps, accumulation2) {
  const value2 = keywordValue(argument);
  const batchEdit = { start: value2.startIndex, end: value2.endIndex, text: String(batch) };
  if (accumulation2) return [batchEdit, { start: accumulation2.startIndex, end: accumulation2.endIndex, text: String(steps) }];
  const added = `gradient_accumulation_steps=${steps}`;
  const lineStart3 = Math.max(text.lastIndexOf("\n", argument.startIndex - 1), text.lastIndexOf("\r", argument.startIndex - 1)) + 1;
  const indent = text.slice(lineStart3, argument.startIndex);
  if (!/^[ \t]*$/.test(indent)) return [{ ...batchEdit, text: `${batch}, ${added}` }];
  const newline = /\r\n|\r|\n/.exec(text.slice(argument.endIndex))?.[0] ?? "\n";
  const comma = argument.nextSibling?.type === ",";
  if (!comma) return [{ ...batchEdit, text: `${batch},${newline}${indent}${added}` }];
  const lineEnd3 = argument.endIndex + /^[^\r\n]*/.exec(text.slice(argument.endIndex))[0].length;
  return [batchEdit, { start: lineEnd3, end: lineEnd3, text: `${newline}${indent}${added},` }];
}

// packages/rules/src/memory/dataloader-workers.ts
var SMALL_SHM_PLATFORMS = /* @__PURE__ */ new Set(["kaggle-t4x2", "kaggle-p100"]);
var SHM_BATCH_LIMIT = 16;
var PREFETCH = 2;
var dataloaderWorkers = defineRule({
  id: "dataloader-workers",
  title: "DataLoader workers beyond the platform's CPUs, or with large batches over a small /dev/shm",
  category: "memory",
  severity: "warning",
  fixable: "sometimes",
  appliesWhen: "the target names a hosted platform (kaggle-t4x2, kaggle-p100, colab-t4), whose CPU count is known",
  runsOnTpu: true,
  appliesTo: (target) => target.platform !== void 0,
  triggers: ["DataLoader", "dataloader_num_workers"],
  checks: {
    config: { triggers: ["num_workers"], run: checkConfig },
    python: {
      run(context2) {
        const { source } = context2;
        for (const call of dataLoaderCalls(source)) {
          const workers = argumentFor2(call, "num_workers", 5);
          const batch = argumentFor2(call, "batch_size", 1);
          checkWorkers(context2, call, workers, { size: integerOrConstant(source, batch), what: "batch_size" });
        }
        for (const node of source.occurrences("dataloader_num_workers")) {
          if (node.type !== "identifier") continue;
          const found = trainingArgumentsKeyword(node, source.imports);
          if (found) checkWorkers(context2, found.call, keywordValue(found.argument), largestTrainerBatch(context2, found.call));
        }
      }
    }
  }
});
function checkWorkers(context2, call, value2, batch) {
  const workers = integerLiteral(value2);
  if (!value2 || workers === null || context2.source.guards.guardOf(call)) return;
  const range = { start: value2.startIndex, end: value2.endIndex };
  reportWorkers(context2, range, workers, batch, (cpus) => ({ ...range, text: String(cpus) }));
}
function reportWorkers(context2, range, workers, batch, edit, setting = "", zero = "`num_workers=0`") {
  const platform = context2.target.platform;
  if (!platform) return;
  const { cpus } = platform;
  if (workers > cpus) {
    const fix = edit(cpus);
    const message2 = `${setting}${workers} DataLoader workers on ${platform.name}, which has ${cpus} CPUs: the extra worker processes only wait for a CPU, and PyTorch warns "This DataLoader will create ${workers} worker processes in total. Our suggested max number of worker in current system is ${cpus}, ..." because so many can make loading slow or freeze it.`;
    if (fix) context2.report({ ...range, message: `${message2} Using ${cpus}, one worker per CPU.`, fix: [fix] });
    else context2.report({ ...range, message: message2, hint: `Use ${cpus} workers, one per CPU.` });
  }
  const running = Math.min(workers, cpus);
  if (running > 0 && batch.size !== null && batch.size > SHM_BATCH_LIMIT && hasSmallShm(platform)) {
    context2.report({
      ...range,
      message: `Each DataLoader worker hands its batches to the training process through /dev/shm, which ${platform.name}'s container keeps small (${platform.shmGiB === void 0 ? "Kaggle/docker-python#377" : `${platform.shmGiB} GiB`}): ${running} workers x ${PREFETCH} prefetched batches x ${batch.size} samples (${batch.what}) can fill it, and loading stops with "RuntimeError: DataLoader worker (pid N) is killed by signal: Bus error. It is possible that dataloader's workers are out of shared memory. Please try to raise your shared memory limit." or "RuntimeError: unable to write to file </torch_...>: No space left on device (28)".`,
      hint: `If it does: use fewer workers (${running > 2 ? `${Math.floor(running / 2)} or 1` : "1"}), ${zero} to debug (batches then load in the main process, without /dev/shm), or a smaller batch (${SHM_BATCH_LIMIT} or less, with gradient accumulation to keep the effective batch).`
    });
  }
}
function largestTrainerBatch(context2, call) {
  let best = { size: null, what: "per_device_train_batch_size" };
  for (const what2 of ["per_device_train_batch_size", "per_device_eval_batch_size"]) {
    const argument = keywordArgument(call, what2);
    const size3 = argument && integerOrConstant(context2.source, keywordValue(argument));
    if (size3 && size3 > (best.size ?? 0)) best = { size: size3, what: what2 };
  }
  return best;
}
function hasSmallShm(platform) {
  return platform.shmGiB !== void 0 || SMALL_SHM_PLATFORMS.has(platform.id);
}
var CONFIG_BATCH_KEYS = ["per_device_train_batch_size", "per_device_eval_batch_size", "micro_batch_size"];
function checkConfig(context2) {
  const { document } = context2;
  for (const entry of document.entries()) {
    const key = entry.path[entry.path.length - 1];
    if (key !== "num_workers" && key !== "dataloader_num_workers") continue;
    const workers = typeof entry.value === "number" && Number.isInteger(entry.value) ? entry.value : null;
    const parent = entry.path.slice(0, -1);
    if (workers === null || key === "num_workers" && !isDataNode(document, parent)) continue;
    const batch = configBatch(document, parent);
    const setting = `\`${document.text.slice(entry.keyStart ?? entry.valueStart, entry.valueEnd)}\`: `;
    reportWorkers(context2, { start: entry.keyStart ?? entry.valueStart, end: entry.valueEnd }, workers, batch, (cpus) => document.replaceValue(entry, cpus), setting, `\`${document.format === "json" ? `"${key}": 0` : `${key}: 0`}\``);
  }
}
var DATA_SEGMENT = /data|loader/i;
function isDataNode(document, path) {
  const target = document.get([...path, "_target_"])?.value ?? document.get([...path, "class_path"])?.value;
  if (typeof target === "string") return /DataLoader|DataModule|\.data\b|dataset/i.test(target) && !/\bray\b/.test(target);
  if (path.some((part) => typeof part === "string" && DATA_SEGMENT.test(part))) return true;
  return document.keysOf(path).includes("batch_size");
}
function configBatch(document, path) {
  const sizes = [["batch_size", document.get([...path, "batch_size"])], ...CONFIG_BATCH_KEYS.map((key) => [key, document.get([key])])];
  let best = { size: null, what: "batch_size" };
  for (const [what2, entry] of sizes) {
    const size3 = typeof entry?.value === "number" && Number.isInteger(entry.value) ? entry.value : null;
    if (size3 !== null && size3 > (best.size ?? 0)) best = { size: size3, what: what2 };
  }
  return best;
}

// packages/rules/src/memory/insert-keyword.ts
function appendArgumentEdits(text, call, argument) {
  const last = argumentsOf(call).at(-1);
  if (!last) return null;
  const comma = nextToken(last)?.type === "," ? nextToken(last) : null;
  const lineStart3 = lineStartOf2(text, last.startIndex);
  const indent = text.slice(lineStart3, last.startIndex);
  if (!/^[ \t]*$/.test(indent)) {
    return [{ start: last.endIndex, end: last.endIndex, text: `, ${argument}` }];
  }
  const after = comma ?? last;
  const rest = /^[ \t]*(#[^\r\n]*)?(?=\r\n|\r|\n|$)/.exec(text.slice(after.endIndex));
  const newline = /\r\n|\r|\n/.exec(text.slice(after.endIndex))?.[0] ?? "\n";
  if (!rest) {
    return comma ? [{ start: comma.endIndex, end: comma.endIndex, text: ` ${argument},` }] : [{ start: last.endIndex, end: last.endIndex, text: `,${newline}${indent}${argument}` }];
  }
  const lineEnd3 = after.endIndex + rest[0].length;
  if (comma) return [{ start: lineEnd3, end: lineEnd3, text: `${newline}${indent}${argument},` }];
  const line = `${newline}${indent}${argument}`;
  if (lineEnd3 === last.endIndex) return [{ start: lineEnd3, end: lineEnd3, text: `,${line}` }];
  return [
    { start: last.endIndex, end: last.endIndex, text: "," },
    { start: lineEnd3, end: lineEnd3, text: line }
  ];
}
function nextToken(node) {
  const tokens = node.parent ? childrenOf(node.parent) : [];
  const index = tokens.findIndex((t) => t.startIndex === node.startIndex && t.endIndex === node.endIndex);
  return tokens.slice(index + 1).find((t) => t.type !== "comment") ?? null;
}
function lineStartOf2(text, offset) {
  return Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
}

// packages/rules/src/memory/model-moves.ts
var PASS_THROUGH = /* @__PURE__ */ new Set(["eval", "train"]);
var TORCH_DTYPE = /^torch\.(float|half|bfloat|double|int|uint|long|short|bool|complex|cfloat)\w*$/;
function modelMoves(source, load) {
  const moves = { removals: [], removed: [], uncertain: [], redirects: [], looseInputs: [] };
  const { steps, top } = chainAbove(source, load);
  const valueIsModel = collectChain(source, steps, moves);
  const handedOver = handedToDevice(top);
  if (handedOver) moves.uncertain.push(handedOver);
  const statement = top.parent?.type === "assignment" && sameNode(top.parent.childForFieldName("right"), top) ? top.parent.parent : null;
  const target = top.parent?.childForFieldName("left");
  if (statement?.type !== "expression_statement" || !target || !isName(target)) return moves;
  new NameTracker(source, statement, compact(target.text), valueIsModel, moves).run();
  return moves;
}
var NameTracker = class {
  constructor(source, statement, name, valueIsModel, moves) {
    this.source = source;
    this.statement = statement;
    this.name = name;
    this.valueIsModel = valueIsModel;
    this.moves = moves;
    this.scope = codeScope(source, statement);
    this.identifier = !name.includes(".");
  }
  source;
  statement;
  name;
  valueIsModel;
  moves;
  handled = /* @__PURE__ */ new Set();
  removedStatements = /* @__PURE__ */ new Map();
  modelCalls = [];
  stop = null;
  mentions;
  /** The function, class or module the load runs in. */
  scope;
  identifier;
  run() {
    this.followBlock();
    for (const [, statement] of this.removedStatements) {
      const edit = removeStatementEdit(this.source.text, statement, (other) => this.removedStatements.has(other.startIndex));
      this.moves.removals.push(edit ?? removeBetweenSemicolons(this.source.text, statement));
    }
    this.checkOtherMoves();
    new InputRedirects(this.source, this.name, this.statement, this.scope, this.modelCalls, this.moves).run();
  }
  /** The statements after the load in its block, until the name is bound to something else. */
  followBlock() {
    const block = this.statement.parent;
    const following = (block.type === "block" ? blockStatements(block) : block.namedChildren.filter(isStatement)).filter(
      (st) => st.startIndex > this.statement.startIndex
    );
    for (const st of following) {
      const assigned = assignmentTo(st, this.name);
      if (assigned) {
        const right = unparenthesize(assigned.childForFieldName("right"));
        const chain = this.selfChain(right);
        if (chain && this.valueIsModel && chain.steps.every((s) => s.kind === "move" || s.kind === "pass")) {
          this.handled.add(chain.base.startIndex);
          this.takeChain(st, chain.steps, chain.steps.every((s) => s.kind === "move"));
          continue;
        }
        this.stop = { at: st.startIndex, wraps: this.mentionsIn(right).length > 0 };
        return;
      }
      const nested = this.nestedAssignment(st);
      const before = (node) => !nested || node.startIndex < nested.startIndex;
      for (const mention of this.mentionsIn(st).filter(before)) {
        if (codeScope(this.source, mention) !== this.scope) continue;
        const { steps, top } = chainAbove(this.source, mention);
        if (isToOrCuda(steps)) {
          const own = top.parent?.type === "expression_statement" && steps.every((s) => s.kind === "move") ? top.parent : null;
          if (this.valueIsModel) this.takeChain(own ?? st, steps, !!own);
          this.handled.add(mention.startIndex);
          if (!this.valueIsModel) this.moves.uncertain.push(top);
        }
        const call = modelCallAt(mention);
        if (call) this.modelCalls.push(call);
      }
      if (nested) {
        this.stop = { at: nested.startIndex, wraps: true };
        return;
      }
    }
  }
  /** Takes out the moves of a chain on the model: the whole statement when it only moves the model. */
  takeChain(statement, steps, wholeStatement) {
    const before = this.moves.uncertain.length;
    const edits = chainEdits(steps, this.moves);
    if (this.moves.uncertain.length > before) return;
    this.moves.removed.push(...steps.filter((s) => s.kind === "move").map((s) => this.source.text.slice(s.objectEnd, s.call.endIndex)));
    if (wholeStatement) this.removedStatements.set(statement.startIndex, statement);
    else this.moves.removals.push(...edits);
  }
  /** `model.to(device).eval()` on the right of `model = ...`: the steps on the name itself. */
  selfChain(right) {
    let base = right;
    while (base.type === "call" && base.childForFieldName("function")?.type === "attribute") {
      base = base.childForFieldName("function").childForFieldName("object");
    }
    if (!isName(base) || compact(base.text) !== this.name) return null;
    const { steps, top } = chainAbove(this.source, base);
    return sameNode(top, right) ? { steps, base } : null;
  }
  /** Moves of the name elsewhere in the file that the code after the load did not account for. */
  checkOtherMoves() {
    for (const mention of this.mentionsIn(this.source.root)) {
      if (this.handled.has(mention.startIndex)) continue;
      const { steps, top } = chainAbove(this.source, mention);
      const handedOver = handedToDevice(mention);
      if (!isToOrCuda(steps) && !handedOver) continue;
      if (codeScope(this.source, mention) === this.scope) {
        if (mention.startIndex < this.statement.startIndex) continue;
        if (this.stop && !this.stop.wraps && mention.startIndex > this.stop.at) continue;
        this.moves.uncertain.push(handedOver ?? top);
      } else if (!this.identifier || this.sees(mention)) {
        this.moves.uncertain.push(handedOver ?? top);
      }
    }
  }
  /**
   * Whether a mention in another scope can be the model: it reads the load's binding (a closure, or module code
   * seen from a function), or a parameter of that name in code nested where the load is, since the model is usually
   * what is passed (`def evaluate(model): model.to(device)`).
   */
  sees(mention) {
    const bindings = this.source.semantic.resolve(mention);
    if (bindings.some((b) => b.statement.startIndex === this.statement.startIndex)) return true;
    const owner = bindings[0]?.scope;
    if (!owner || !bindings.every((b) => b.kind === "parameter")) return false;
    for (let scope = owner; scope; scope = scope.parent) if (scope === this.scope) return true;
    return false;
  }
  nestedAssignment(statement) {
    const assigns = (a) => !!a && compact(a.childForFieldName("left")?.text ?? "") === this.name && codeScope(this.source, a) === this.scope;
    return statement.descendantsOfType("assignment").find(assigns) ?? null;
  }
  /** The name's occurrences under a node: identifiers, or the attribute chains (`self.model`) it names. */
  mentionsIn(node) {
    return this.allMentions().filter((m) => m.startIndex >= node.startIndex && m.endIndex <= node.endIndex);
  }
  allMentions() {
    if (this.mentions) return this.mentions;
    const last = this.name.split(".").pop();
    const found = [];
    for (const occurrence of this.source.occurrences(last)) {
      if (occurrence.type !== "identifier") continue;
      const parent = occurrence.parent;
      const isAttributeName = parent?.type === "attribute" && sameNode(parent.childForFieldName("attribute"), occurrence);
      if (this.identifier && !isAttributeName) found.push(occurrence);
      else if (!this.identifier && isAttributeName && compact(parent.text) === this.name) found.push(parent);
    }
    return this.mentions = found;
  }
};
var InputRedirects = class {
  constructor(source, name, load, scope, modelCalls, moves) {
    this.source = source;
    this.name = name;
    this.load = load;
    this.scope = scope;
    this.modelCalls = modelCalls;
    this.moves = moves;
  }
  source;
  name;
  load;
  scope;
  modelCalls;
  moves;
  done = /* @__PURE__ */ new Set();
  run() {
    if (this.modelCalls.length === 0) return;
    for (const call of this.modelCalls) {
      for (const argument of argumentsOf(call)) {
        const value2 = argument.type === "keyword_argument" ? keywordValue(argument) : argument.type.endsWith("splat") ? argument.namedChildren[0] : argument;
        if (value2) this.redirectValue(value2);
      }
    }
    for (const move of cudaMovesIn(this.source, this.scope.node, this.scope)) {
      const receiver2 = compact(move.childForFieldName("function").childForFieldName("object").text);
      const removed = this.moves.removals.some((edit) => edit.start < move.endIndex && move.endIndex <= edit.end);
      if (move.startIndex > this.load.endIndex && !this.done.has(move.startIndex) && receiver2 !== this.name && !removed) this.moves.looseInputs.push(move);
    }
  }
  redirectValue(value2) {
    let base = unparenthesize(value2);
    while (base.type === "attribute" || base.type === "subscript") base = base.childForFieldName(base.type === "attribute" ? "object" : "value");
    if (cudaMove(base)) this.redirect(base);
    else if (base.type === "identifier") {
      const value3 = this.definition(base);
      if (value3) for (const move of cudaMovesIn(this.source, value3, this.scope)) this.redirect(move);
    }
  }
  /** The value of the last plain assignment to a name before its use, after the load, in its block or one around it. */
  definition(name) {
    const use = statementOf2(name);
    let found;
    for (const binding of this.source.semantic.resolve(name)) {
      if (binding.node.startIndex < this.load.endIndex || binding.node.startIndex > name.startIndex) continue;
      const { statement } = binding;
      found = binding.value && statement.parent && use && encloses2(statement.parent, use) ? binding.value : void 0;
    }
    return found;
  }
  redirect(move) {
    if (this.done.has(move.startIndex)) return;
    this.done.add(move.startIndex);
    const fn = move.childForFieldName("function");
    const method = fn.childForFieldName("attribute");
    const device = `${this.name}.device`;
    if (method.text === "to") {
      const target = argumentsOf(move)[0];
      this.moves.redirects.push({ start: target.startIndex, end: target.endIndex, text: device });
    } else {
      this.moves.redirects.push({ start: method.startIndex, end: move.endIndex, text: `to(${device})` });
    }
  }
};
function cudaMove(node) {
  if (node.type !== "call") return false;
  const fn = node.childForFieldName("function");
  const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : null;
  const args = argumentsOf(node);
  if (args.some((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text !== "non_blocking")) return false;
  const positional2 = args.filter((a) => a.type !== "keyword_argument");
  if (method === "to") return positional2.length === 1 && /^cuda(:0)?$/.test(stringValue(positional2[0]) ?? "");
  if (method === "cuda") return positional2.length === 0 || positional2.length === 1 && positional2[0].text === "0";
  return false;
}
function cudaMovesIn(source, node, scope) {
  return node.descendantsOfType("call").filter((call) => !!call && cudaMove(call) && codeScope(source, call) === scope);
}
function chainAbove(source, node) {
  const steps = [];
  let current = node;
  for (; ; ) {
    const attribute = current.parent;
    if (attribute?.type !== "attribute" || !sameNode(attribute.childForFieldName("object"), current)) break;
    const call = attribute.parent;
    if (call?.type !== "call" || !sameNode(call.childForFieldName("function"), attribute)) break;
    steps.push({ call, kind: stepKind(source, call, attribute.childForFieldName("attribute").text), objectEnd: current.endIndex });
    current = call;
  }
  return { steps, top: current };
}
function collectChain(source, steps, moves) {
  const before = moves.uncertain.length;
  const edits = chainEdits(steps, moves);
  if (moves.uncertain.length === before) {
    moves.removals.push(...edits);
    moves.removed.push(...steps.filter((s) => s.kind === "move").map((s) => source.text.slice(s.objectEnd, s.call.endIndex)));
  }
  return steps.every((s) => s.kind !== "other");
}
function chainEdits(steps, moves) {
  const edits = [];
  let known = true;
  for (const step of steps) {
    if (step.kind === "other") known = false;
    else if (step.kind === "uncertain-move" || step.kind === "move" && !known) moves.uncertain.push(step.call);
    else if (step.kind === "move") edits.push({ start: step.objectEnd, end: step.call.endIndex, text: "" });
  }
  return edits;
}
function isToOrCuda(steps) {
  return steps.some((s) => s.kind === "move" || s.kind === "uncertain-move");
}
function stepKind(source, call, method) {
  if (PASS_THROUGH.has(method)) return "pass";
  if (method !== "to" && method !== "cuda") return "other";
  const args = argumentsOf(call);
  if (args.some((a) => a.type.endsWith("splat"))) return "uncertain-move";
  const positional2 = args.filter((a) => a.type !== "keyword_argument");
  const keywords = new Map(keywordArguments(call).map((k) => [k.childForFieldName("name")?.text ?? "", keywordValue(k)]));
  keywords.delete("non_blocking");
  const deviceKeyword = keywords.get("device");
  keywords.delete("device");
  const cast = positional2.length === 1 && keywords.size === 0 && isDtype(source, positional2[0]) || positional2.length === 0 && keywords.size === 1 && keywords.has("dtype");
  if (method === "to" && !deviceKeyword && cast) return "other";
  if (keywords.size > 0 || positional2.length > 1 || positional2.length === 1 && deviceKeyword) return "uncertain-move";
  const device = deviceKeyword ?? positional2[0];
  if (!device) return method === "cuda" ? "move" : "uncertain-move";
  return deviceLike(source, device) ? "move" : "uncertain-move";
}
function deviceLike(source, node) {
  const value2 = unparenthesize(node);
  const literal2 = stringValue(value2);
  if (literal2 !== null) return /^cuda(:\d+)?$/.test(literal2);
  if (value2.type === "integer") return true;
  if (value2.type === "call") {
    const fn = value2.childForFieldName("function");
    if (!fn || source.imports.qualifiedName(fn) !== "torch.device") return false;
    const first = argumentsOf(value2)[0];
    const text = first ? stringValue(first) : null;
    return text === null || /^cuda/.test(text);
  }
  if (value2.type === "identifier") {
    const assigned = resolveName(source, value2);
    if (assigned && (stringValue(assigned) !== null || assigned.type === "call")) return deviceLike(source, assigned);
  }
  if (value2.type !== "identifier" && value2.type !== "attribute") return false;
  const last = value2.type === "identifier" ? value2.text : value2.childForFieldName("attribute").text;
  return /device/i.test(last);
}
function isDtype(source, node) {
  const name = node.type === "attribute" || node.type === "identifier" ? source.imports.qualifiedName(node) : null;
  return !!name && TORCH_DTYPE.test(name);
}
function handedToDevice(node) {
  const argument = node.parent?.type === "keyword_argument" && sameNode(node.parent.childForFieldName("value"), node) ? node.parent : node;
  const call = argument.parent?.type === "argument_list" ? argument.parent.parent : null;
  return call?.type === "call" && keywordArguments(call).some((k) => k.childForFieldName("name")?.text === "device") ? call : null;
}
function modelCallAt(mention) {
  const parent = mention.parent;
  if (parent?.type === "call" && sameNode(parent.childForFieldName("function"), mention)) return parent;
  if (parent?.type === "attribute" && sameNode(parent.childForFieldName("object"), mention) && parent.childForFieldName("attribute")?.text === "generate") {
    const call = parent.parent;
    if (call?.type === "call" && sameNode(call.childForFieldName("function"), parent)) return call;
  }
  return null;
}
function removeBetweenSemicolons(text, statement) {
  const after = /^[ \t]*;[ \t]*/.exec(text.slice(statement.endIndex));
  if (after) return { start: statement.startIndex, end: statement.endIndex + after[0].length, text: "" };
  const before = /[ \t]*;[ \t]*$/.exec(text.slice(0, statement.startIndex));
  if (before) return { start: statement.startIndex - before[0].length, end: statement.endIndex, text: "" };
  return { start: statement.startIndex, end: statement.endIndex, text: "pass" };
}
function assignmentTo(statement, name) {
  if (statement.type !== "expression_statement") return null;
  const assignment = statement.namedChildren[0];
  if (assignment?.type !== "assignment" || compact(assignment.childForFieldName("left")?.text ?? "") !== name) return null;
  return assignment.childForFieldName("right") ? assignment : null;
}
function statementOf2(node) {
  for (let current = node; current; current = current.parent) {
    if (current.parent?.type === "block" || current.parent?.type === "module") return current;
  }
  return null;
}
function encloses2(block, statement) {
  return block.startIndex <= statement.startIndex && statement.endIndex <= block.endIndex;
}
function codeScope(source, node) {
  let scope = source.semantic.scopeOf(node);
  while (scope.kind === "comprehension" && scope.parent) scope = scope.parent;
  return scope;
}
function isName(node) {
  return node.type === "identifier" || node.type === "attribute" && isName(node.childForFieldName("object"));
}
function isStatement(node) {
  return !!node && node.type !== "comment";
}
function compact(text) {
  return text.replace(/\s/g, "");
}

// packages/rules/src/memory/device-map-auto.ts
var MEMORY_CHECK_NAMES = /* @__PURE__ */ new Set([...HARDWARE_CHECK_NAMES, "device_count", "mem_get_info", "total_memory"]);
var PLACEMENT_KEYWORDS = ["device_map", "tp_plan"];
var SHARDING_WORDS = ["deepspeed", "fsdp", "FullyShardedDataParallel", "DistributedDataParallel"];
var DISPATCH_WARNING = "You shouldn't move a model that is dispatched using accelerate hooks.";
var deviceMapAuto = defineRule({
  id: "device-map-auto",
  title: "A model too big for one GPU loaded without device_map, on a target whose GPUs together hold it",
  category: "memory",
  severity: "warning",
  fixable: "sometimes",
  appliesWhen: "every target: it compares the model's estimated inference memory with one GPU and with all of the target's GPUs",
  appliesTo: () => true,
  triggers: ["from_pretrained"],
  // It reports only transformers models (the word is in code: an import or a dotted name) whose model id is a
  // string literal of the file, or a name assigned one, with a size it knows. Most files that load models name
  // them through arguments and variables, so checking every literal's size without parsing rules them out.
  // Diffusion pipeline ids are sized for whole-pipeline loads (bf16-dtype); this rule reads transformers models only.
  // A load needs a model class in code (`AutoModelForCausalLM`, not `AutoTokenizer`), and a file that names a
  // sharding framework outside its comments has nothing reported (see run).
  mayMatch(scan, project) {
    if (!scan.inCode("transformers") || SHARDING_WORDS.some((word) => !scan.codeWordOffsets(word).next().done)) return false;
    if (!namesModelClass(scan)) return false;
    for (const value2 of scan.strings()) if (!DIFFUSION_PIPELINE.test(value2) && sizeOf({ project }, value2)) return true;
    return false;
  },
  checks: {
    python: {
      run(context2) {
        const { source } = context2;
        if (SHARDING_WORDS.some((word) => [...source.occurrences(word)].some((node) => node.type !== "comment"))) return;
        let guards;
        for (const node of source.occurrences("from_pretrained")) {
          const found = callNamedAt(node);
          if (!found || found.callee.type !== "attribute") continue;
          const { call } = found;
          if (!isTransformersModel(found.callee.childForFieldName("object"), source.imports)) continue;
          if (PLACEMENT_KEYWORDS.some((k) => keywordArgument(call, k)) || hasSplat(call)) continue;
          guards ??= new GuardFinder(source.root, MEMORY_CHECK_NAMES, source.text);
          if (!guards.guardOf(call)) checkLoad(context2, call);
        }
      }
    }
  }
});
var DIFFUSION_PIPELINE = /stable-diffusion|sdxl|flux\.1/i;
var MODEL_CLASS = /(Model|For[A-Z]\w*)$/;
var MODEL_CLASS_WORDS = /\b\w*(?:Model|For[A-Z]\w*)\b/g;
function namesModelClass(scan) {
  for (const match of scan.text.matchAll(MODEL_CLASS_WORDS)) if (!scan.inProse(match.index)) return true;
  return false;
}
function isTransformersModel(receiver2, imports) {
  const name = imports.qualifiedName(receiver2);
  if (!name) return false;
  const fromTransformers = name.startsWith("transformers.") || !name.includes(".") && !imports.bindings.has(name) && imports.wildcardModules.includes("transformers");
  const className = name.split(".").pop();
  return fromTransformers && !/^(TF|Flax)/.test(className) && MODEL_CLASS.test(className);
}
function needOf(context2, modelId, parameters, training) {
  if (!training) return (dtype) => inferenceGiB(parameters, dtype);
  const shape2 = shapeOf(parameters, context2.project.modelConfig(modelId) ?? shapeFromModelId(modelId));
  const adapters = training === "adapters" ? adaptersOf(context2, [context2.source]) : void 0;
  return (dtype) => estimateMemory({
    model: shape2,
    weights: dtype,
    training,
    ...adapters ? { adapters: { ...adapters.rank ? { rank: adapters.rank } : {}, ...adapters.targetModules ? { targetModules: adapters.targetModules } : {} } } : {}
  }).gib;
}
function checkLoad(context2, call) {
  const { source, target } = context2;
  const modelId = modelIdOf(context2, call);
  const size3 = modelId ? sizeOf(context2, modelId) : void 0;
  const weights = loadWeightsOf(source, call);
  if (!modelId || !size3 || !weights) return;
  const training = trainsAdapters([source]) ? "adapters" : fullFineTuneWithTrainer(source) ? "full" : "";
  const need = needOf(context2, modelId, size3.parameters, training);
  const estimate = { modelId, parameters: size3.parameters, weights, low: need(weights.low), high: need(weights.high), need, training };
  if (estimate.high <= availableGiB(target, false)) return;
  const range = { start: call.startIndex, end: call.endIndex };
  const memory = (spread) => ({
    memory: { label: `${modelId} (${formatParameters(size3.parameters)} parameters)`, estimateGiB: round3(estimate.high), lowGiB: round3(estimate.low), highGiB: round3(estimate.high), availableGiB: availableGiB(target, spread) }
  });
  if (estimate.high > availableGiB(target, true) || target.count === 1) {
    context2.report({ ...range, message: `${needs2(estimate)}, more than ${allGpus(target)}.`, hint: tooBigHint(target, estimate), ...memory(target.count > 1) });
    return;
  }
  const message2 = `${needs2(estimate)}, more than one ${target.gpu.name}'s ${formatGiB(target.gpu.memoryGiB)} GiB but within ${allGpus(target)}`;
  const moves = modelMoves(source, call);
  const insert = appendArgumentEdits(source.text, call, 'device_map="auto"');
  const edits = insert && [...insert, ...moves.removals, ...moves.redirects];
  if (moves.uncertain.length > 0 || !edits || overlapping(edits)) {
    context2.report({ ...range, message: `${message2}.`, hint: uncertainHint(source.text, moves), ...memory(true) });
    return;
  }
  const hint2 = looseInputsHint(moves);
  context2.report({
    ...range,
    message: `${message2}; adding device_map="auto" so accelerate spreads its layers over the GPUs` + (moves.removed.length > 0 ? `, and taking out ${quoteAll(moves.removed)}: a model spread over GPUs must not be moved back onto one` : "") + (moves.redirects.length > 0 ? `; its inputs now go to the model's device` : "") + ".",
    ...hint2 ? { hint: hint2 } : {},
    fix: edits,
    ...memory(true)
  });
}
function looseInputsHint(moves) {
  const loose = moves.looseInputs.map((move) => `\`${move.text}\``);
  if (loose.length === 0) return void 0;
  const one = loose.length === 1;
  return `If ${loose.slice(0, 2).join(", ")} ${one ? "feeds" : "feed"} this model, send ${one ? "it" : "them"} to \`model.device\` instead of a fixed GPU.`;
}
var round3 = (value2) => Math.round(value2 * 10) / 10;
var TRAINING_TEXT = {
  adapters: " to train LoRA adapters on it (frozen weights, adapter states and CUDA context, before activations)",
  full: " to fully fine-tune it (~16 bytes per parameter for weights, gradients and Adam states, before activations)"
};
function needs2(estimate) {
  const { low, high } = estimate;
  const amount2 = formatGiBValue(low) === formatGiBValue(high) ? formatGiBValue(high) : `${formatGiBValue(low)}-${formatGiBValue(high)}`;
  const what2 = estimate.training ? TRAINING_TEXT[estimate.training] : "";
  return `${estimate.modelId} (${formatParameters(estimate.parameters)} parameters) needs ~${amount2} GiB${what2 ? "" : " in"} ${what2 ? `with its weights in ${estimate.weights.label}${what2}` : estimate.weights.label}`;
}
function allGpus(target) {
  const each = `${formatGiB(target.gpu.memoryGiB)} GiB`;
  return target.count > 1 ? `the ${target.count} x ${each} of the target` : `the ${target.gpu.name}'s ${each}`;
}
function tooBigHint(target, estimate) {
  const all = availableGiB(target, true);
  const spread = (gib) => target.count > 1 && gib > availableGiB(target, false) ? ' and device_map="auto"' : "";
  const offload = 'or let accelerate offload the layers that do not fit to the CPU with device_map="auto" (slow)';
  if (estimate.training === "full") {
    const qlora = estimateMemory({ model: { parameters: estimate.parameters }, weights: "int4", training: "adapters" }).gib;
    return `Train LoRA adapters instead (QLoRA on 4-bit weights needs ~${formatGiBValue(qlora)} GiB before activations), shard the states with DeepSpeed ZeRO-3 or FSDP, or pick a smaller model.`;
  }
  const fp16 = estimate.need("float16");
  if (estimate.weights.high === "float32" && fp16 <= all) {
    return `In float16 it needs ~${formatGiBValue(fp16)} GiB: load it with torch_dtype=torch.float16${spread(fp16)}.`;
  }
  const int4 = estimate.need("int4");
  if (estimate.weights.high !== "int4" && int4 <= all) {
    const compute = target.gpu.features.bf16 ? "torch.bfloat16" : "torch.float16";
    return `In 4 bits it needs ~${formatGiBValue(int4)} GiB: quantization_config=BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=${compute})${spread(int4)}; or pick a smaller model, ${offload}.`;
  }
  const even = estimate.weights.high === "int4" ? "Even in 4 bits" : `Even in 4 bits (~${formatGiBValue(int4)} GiB)`;
  return `${even} it does not fit: pick a smaller model, ${offload}.`;
}
function uncertainHint(text, moves) {
  const where = moves.uncertain.map((node) => `\`${text.slice(node.startIndex, node.endIndex)}\``);
  const which = where.length > 0 ? ` (${[...new Set(where)].slice(0, 3).join(", ")} may move this model)` : "";
  return `Load it with device_map="auto" and remove the moves of this model to one device${which}: accelerate warns "${DISPATCH_WARNING}" and moving it back onto one GPU runs out of memory.`;
}
function quoteAll(texts) {
  const unique = [...new Set(texts.map((t) => `\`${t.trim()}\``))];
  return unique.length <= 2 ? unique.join(" and ") : `${unique.slice(0, 2).join(", ")} and ${unique.length - 2} more`;
}
function overlapping(edits) {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  return sorted.some((edit, i) => {
    const previous = sorted[i - 1];
    if (!previous) return false;
    const bothInsertions = edit.start === edit.end && previous.start === previous.end;
    return edit.start < previous.end || bothInsertions && edit.start === previous.start;
  });
}

// packages/rules/src/shared/dtype-owners.ts
var owningCalls;
function isOwningCall(key) {
  owningCalls ??= new Set(allRules.flatMap((rule) => rule.ownsDtypeOf ?? []));
  return owningCalls.has(key) || owningCalls.has(key.split(".").pop());
}
function callOfArgumentValue(expression) {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression" || node.parent?.type === "conditional_expression") node = node.parent;
  const holder = node.parent?.type === "keyword_argument" ? node.parent.parent : node.parent;
  if (holder?.type !== "argument_list") return null;
  return holder.parent?.type === "call" ? holder.parent : null;
}
function callKey(call, imports) {
  const fn = call.childForFieldName("function");
  const name = fn && imports.qualifiedName(fn);
  if (!name) return null;
  const parts = name.split(".");
  return parts.length >= 2 ? parts.slice(-2).join(".") : name;
}
var OTHER_DEVICE_MODULES = ["intel_extension_for_pytorch."];
function isOwnedByAnotherRule(expression, imports) {
  const call = callOfArgumentValue(expression);
  const key = call && callKey(call, imports);
  if (!key) return false;
  if (isOwningCall(key)) return true;
  const callee = call.childForFieldName("function");
  const name = (callee && imports.qualifiedName(callee)) ?? "";
  return OTHER_DEVICE_MODULES.some((module) => name.startsWith(module)) || placedOnCpu(call);
}
function placedOnCpu(call) {
  return ["device_map", "device"].some((name) => {
    const argument = keywordArgument(call, name);
    return argument !== null && stringValue(keywordValue(argument)) === "cpu";
  });
}
var POLICY_CALLS = /* @__PURE__ */ new Set(["MixedPrecision", "MixedPrecisionPolicy"]);
var STATE_DTYPE_NAMES = /^(?:momentum|variance|compensation_buffer|state|optim_state|optimizer_state|exp_avg|exp_avg_sq)_dtype$/;
function isNamedPolicy(expression, imports) {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const holder = node.parent;
  if (holder?.type === "keyword_argument" || holder?.type === "default_parameter" || holder?.type === "typed_default_parameter") {
    const name = holder.childForFieldName("name")?.text ?? "";
    if (STATE_DTYPE_NAMES.test(name)) return true;
  }
  const call = callOfArgumentValue(expression);
  const key = call && callKey(call, imports);
  return !!key && POLICY_CALLS.has(key.split(".").pop());
}

// packages/rules/src/shared/vllm-engine.ts
var ENGINE_ARGS = /* @__PURE__ */ new Set(["EngineArgs", "AsyncEngineArgs"]);
function isVllmEngineCall(call, imports) {
  const fn = call.childForFieldName("function");
  const key = callKey(call, imports);
  if (!fn || !key || !imports.qualifiedName(fn)?.startsWith("vllm.")) return false;
  return key === "vllm.LLM" || ENGINE_ARGS.has(key.split(".").pop());
}
function vllmEngineCalls(source) {
  const classes = ["LLM", ...ENGINE_ARGS];
  const names = new Set(classes);
  for (const [local, target] of source.imports.bindings) if (classes.includes(target.split(".").pop())) names.add(local);
  const calls = [...source.callsNamed(names)].map(({ call }) => call).filter((call) => isVllmEngineCall(call, source.imports));
  return calls.sort((a, b) => a.startIndex - b.startIndex);
}
function mayCallVllmEngine(scan) {
  return scan.hasLeadingName("vllm") && ["LLM", ...ENGINE_ARGS].some((name) => scan.hasCodeName(name));
}
function splatCallsOf(source, holder) {
  const assignment = holder.parent;
  const target = assignment?.type === "assignment" && assignment.childForFieldName("right")?.startIndex === holder.startIndex ? assignment.childForFieldName("left") : null;
  const binding = target?.type === "identifier" ? source.semantic.bindingOf(target) : void 0;
  if (!binding) return [];
  const calls = [];
  for (const reference of source.semantic.referencesOf(binding)) {
    const splat = reference.parent;
    const call = splat?.type === "dictionary_splat" && splat.parent?.type === "argument_list" ? splat.parent.parent : null;
    if (call?.type === "call") calls.push(call);
  }
  return calls;
}
function dtypeHolderOf(value2, imports) {
  let node = value2;
  while (node.parent?.type === "parenthesized_expression" || node.parent?.type === "conditional_expression") node = node.parent;
  const holder = node.parent;
  if (holder?.type === "pair" && holder.childForFieldName("value")?.startIndex === node.startIndex) {
    return stringValue(holder.childForFieldName("key")) === "dtype" && holder.parent?.type === "dictionary" ? holder.parent : null;
  }
  if (holder?.type === "keyword_argument" && holder.childForFieldName("name")?.text === "dtype") {
    const call = callOfArgument(holder);
    const fn = call?.childForFieldName("function");
    return call && fn?.type === "identifier" && fn.text === "dict" && !imports.bindings.has("dict") ? call : null;
  }
  return null;
}
function vllmEngineOfKwargs(source, holder) {
  const calls = splatCallsOf(source, holder);
  return calls.length > 0 && calls.every((call) => isVllmEngineCall(call, source.imports)) ? calls[0] : void 0;
}
function vllmEngineReached(source, value2) {
  const holder = dtypeHolderOf(value2, source.imports);
  if (holder) return vllmEngineOfKwargs(source, holder);
  return wrapperEngine(source, value2);
}
function wrapperEngine(source, value2) {
  let node = value2;
  while (node.parent?.type === "parenthesized_expression" || node.parent?.type === "conditional_expression") node = node.parent;
  const parameter = node.parent;
  if (parameter?.type !== "default_parameter" && parameter?.type !== "typed_default_parameter" || parameter.childForFieldName("value")?.startIndex !== node.startIndex) return void 0;
  const name = parameter.childForFieldName("name");
  const binding = name?.type === "identifier" ? source.semantic.bindingOf(name) : void 0;
  const references = binding ? source.semantic.referencesOf(binding) : [];
  if (references.length === 0) return void 0;
  let engine;
  for (const reference of references) {
    const argument = reference.parent;
    if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.text !== "dtype" || argument.childForFieldName("value")?.startIndex !== reference.startIndex) return void 0;
    const call = callOfArgument(argument);
    if (!call || !isVllmEngineCall(call, source.imports)) return void 0;
    engine ??= call;
  }
  return engine;
}
function vllmServer(command) {
  const known = (word) => word && !word.dynamic ? word.value : void 0;
  if (programName(command.name) === "vllm" && command.args[0]?.value === "serve") {
    const args = command.args.slice(1);
    const positional2 = args[0] && !looksLikeOption(args[0]) ? args[0] : void 0;
    return { args, model: known(lastUse(args, "model")?.value ?? positional2) };
  }
  const launch = pythonLaunch(command);
  if (launch?.entry.kind !== "module" || !launch.entry.name.startsWith("vllm.entrypoints.")) return void 0;
  return { args: launch.args, model: known(lastUse(launch.args, "model")?.value) };
}
function modelName(call) {
  const keyword = keywordArgument(call, "model");
  if (keyword) return stringValue(keywordValue(keyword));
  const first = argumentsOf(call)[0];
  return first && first.type !== "keyword_argument" ? stringValue(first) : null;
}

// packages/rules/src/memory/vllm-memory.ts
var GiB4 = 1024 ** 3;
var WEIGHT_SHARE = 0.6;
var DEFAULT_UTILIZATION = 0.9;
var SUGGESTED_UTILIZATION = 0.95;
var SUGGESTED_MODEL_LEN = 4096;
var QUANTIZED_ID = /awq|gptq|gguf|bnb|[-_.](?:int|w)?[48]bit|[-_.]int[48]|[-_.]fp8|[-_.]nf4|exl2|marlin/i;
var KV_ERROR = "`ValueError: The model's max seq len (...) is larger than the maximum number of tokens that can be stored in KV cache (...). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.`";
var PYTHON2 = {
  tensorParallel: (size3) => `tensor_parallel_size=${size3}`,
  enforceEager: "enforce_eager=True",
  maxModelLen: `max_model_len=${SUGGESTED_MODEL_LEN}`,
  utilization: `gpu_memory_utilization=${SUGGESTED_UTILIZATION}`,
  quantization: 'quantization="awq"'
};
var SHELL = {
  tensorParallel: (size3) => `--tensor-parallel-size ${size3}`,
  enforceEager: "--enforce-eager",
  maxModelLen: `--max-model-len ${SUGGESTED_MODEL_LEN}`,
  utilization: `--gpu-memory-utilization ${SUGGESTED_UTILIZATION}`,
  quantization: "--quantization awq"
};
var vllmMemory = defineRule({
  id: "vllm-memory",
  title: "vLLM model whose 16-bit weights fill most of the GPU, without the memory settings",
  category: "memory",
  severity: "warning",
  fixable: "never",
  appliesWhen: `vLLM runs there (compute capability ${requiredCapability("vllm")} or newer) and the model's 16-bit weights take over 60% of one GPU's memory`,
  appliesTo: (target) => meets(target, "vllm"),
  triggers: ["vllm"],
  // Python findings are on vLLM engine calls; files that only name vLLM (settings, an optional backend) have none.
  mayMatch: mayCallVllmEngine,
  checks: {
    python: {
      run(context2) {
        const { source } = context2;
        for (const call of vllmEngineCalls(source)) {
          if (source.guards.guardOf(call)) continue;
          const settings = pythonSettings(context2, call);
          const fn = call.childForFieldName("function");
          if (settings) check(context2, settings, PYTHON2, { start: fn.startIndex, end: fn.endIndex });
        }
      }
    },
    shell: {
      run(context2) {
        const { document } = context2;
        for (const command of document.commands()) {
          const server = vllmServer(command);
          if (!server || document.guardOf(command.node)) continue;
          const settings = shellSettings(server.args, server.model);
          if (settings) check(context2, settings, SHELL, { start: command.name.start, end: command.name.end });
        }
      }
    }
  }
});
function pythonSettings(context2, call) {
  const args = argumentsOf(call);
  if (args.some((argument) => argument.type === "dictionary_splat" || argument.type === "list_splat")) return void 0;
  const value2 = (name) => {
    const keyword = keywordArgument(call, name);
    return keyword ? keywordValue(keyword) : null;
  };
  const modelNode = value2("model") ?? args.find((argument) => argument.type !== "keyword_argument") ?? null;
  const model = modelNode ? context2.source.semantic.stringConstant(modelNode) : void 0;
  const dtype = stringValue(value2("dtype"))?.toLowerCase();
  const quantization = value2("quantization");
  const tensorParallel = value2("tensor_parallel_size");
  const eager = value2("enforce_eager");
  const utilization = value2("gpu_memory_utilization");
  const utilizationValue = utilization?.type === "float" ? Number(utilization.text) : void 0;
  return {
    model: typeof model === "string" ? model : void 0,
    bytes: dtype === "float32" || dtype === "float" ? 4 : 2,
    quantized: !!quantization && quantization.type !== "none",
    tensorParallel: tensorParallel ? integerOrConstant(context2.source, tensorParallel) : 1,
    tensorParallelSet: !!tensorParallel,
    enforceEager: !!eager && !isFalse(eager),
    maxModelLen: !!value2("max_model_len"),
    utilization: utilizationValue,
    utilizationSet: !!utilization
  };
}
function shellSettings(args, model) {
  const known = (field) => {
    const use = lastUse(args, field);
    return use?.value && !use.value.dynamic ? use.value.value : void 0;
  };
  const tensorParallel = flagUses(args, ["--tensor-parallel-size", "--tensor_parallel_size", "-tp"]).at(-1);
  const tensorParallelValue = tensorParallel?.value && !tensorParallel.value.dynamic && /^\d+$/.test(tensorParallel.value.value) ? Number(tensorParallel.value.value) : null;
  const dtype = known("dtype")?.toLowerCase();
  const utilization = lastUse(args, "gpu_memory_utilization");
  const utilizationValue = known("gpu_memory_utilization");
  return {
    model,
    bytes: dtype === "float32" || dtype === "float" ? 4 : 2,
    quantized: !!lastUse(args, "quantization") || flagUses(args, "-q").length > 0,
    tensorParallel: tensorParallel ? tensorParallelValue : 1,
    tensorParallelSet: !!tensorParallel,
    enforceEager: !!lastUse(args, "enforce_eager"),
    maxModelLen: !!lastUse(args, "max_model_len"),
    utilization: utilizationValue && /^\d*\.\d+$/.test(utilizationValue) ? Number(utilizationValue) : void 0,
    utilizationSet: !!utilization
  };
}
function check(context2, settings, spell, range) {
  const { target } = context2;
  const { model } = settings;
  if (!model || settings.quantized || QUANTIZED_ID.test(model) || settings.tensorParallel === null) return;
  const size3 = sizeOf(context2, model);
  if (!size3) return;
  const memory = target.gpu.memoryGiB;
  const weights = size3.parameters * bytesPerParameter(settings.bytes === 4 ? "float32" : "float16") / GiB4;
  const perGpu = weights / settings.tensorParallel;
  if (perGpu <= WEIGHT_SHARE * memory) return;
  const dtype = settings.bytes === 4 ? "float32" : "float16";
  const what2 = `${modelLabel(model, size3)} takes ~${formatGiBValue(weights)} GiB in ${dtype}`;
  const split = settings.tensorParallel > 1 ? ` (~${formatGiBValue(perGpu)} GiB per GPU over ${settings.tensorParallel})` : "";
  const gpu2 = `the ${formatGiBValue(memory)} GiB of the ${gpuLabel(target)}`;
  const utilization = settings.utilization ?? DEFAULT_UTILIZATION;
  const parallel = !settings.tensorParallelSet && target.count > 1 ? target.count : void 0;
  const after = weights / (parallel ?? settings.tensorParallel);
  const most = Math.max(utilization, SUGGESTED_UTILIZATION) * memory;
  if (after > most) {
    const spread = parallel ? ` even split with \`${spell.tensorParallel(parallel)}\` (~${formatGiBValue(after)} GiB per GPU)` : "";
    context2.report({
      ...range,
      severity: "error",
      message: `${what2}${split}, more than vLLM can use of ${gpu2}${spread}: loading stops with CUDA out of memory or "No available memory for the cache blocks".`,
      hint: `Use a 4-bit checkpoint of this model (AWQ or GPTQ, \`${spell.quantization}\`) or a smaller model${parallel ? `, with \`${spell.tensorParallel(parallel)}\`` : ""}.`
    });
    return;
  }
  const knobs = [];
  if (parallel) knobs.push(spell.tensorParallel(parallel));
  if (after > WEIGHT_SHARE * memory) {
    if (!settings.enforceEager) knobs.push(spell.enforceEager);
    if (!settings.maxModelLen) knobs.push(spell.maxModelLen);
    if (!settings.utilizationSet) knobs.push(spell.utilization);
  }
  if (knobs.length === 0) return;
  const budget = utilization * memory;
  const over = `${what2}${split}, more than the ~${formatGiBValue(budget)} GiB vLLM takes of ${gpu2} at \`gpu_memory_utilization\` ${utilization}: loading stops with CUDA out of memory or "No available memory for the cache blocks"`;
  const why5 = perGpu > budget ? over : `${what2}${split}, ${Math.round(perGpu / memory * 100)}% of ${gpu2}; at \`gpu_memory_utilization\` ${utilization} that leaves ~${formatGiBValue(budget - perGpu)} GiB for activations, CUDA graphs (1-3 GiB) and the KV cache, too little for the model's default context: the engine stops with ${KV_ERROR} or runs out of memory`;
  const because = [];
  if (parallel) because.push(`tensor parallelism splits the weights over the ${target.count} GPUs (~${formatGiBValue(after)} GiB each)`);
  if (knobs.includes(spell.enforceEager)) because.push("eager mode skips the CUDA graphs");
  if (knobs.includes(spell.maxModelLen)) because.push("a shorter context needs a smaller KV cache");
  if (knobs.includes(spell.utilization)) because.push("vLLM may take more of a GPU that runs nothing else");
  context2.report({
    ...range,
    message: `${why5}.`,
    hint: `Pass ${knobs.map((knob) => `\`${knob}\``).join(", ")}: ${because.join("; ")}.`
  });
}

// packages/rules/src/parallel/gpu-count.ts
function shrinkFor(processes2, target) {
  return processes2 > target.count ? { from: processes2, to: target.count } : void 0;
}
function scaledSteps(steps, { from, to }) {
  return steps * from % to === 0 ? steps * from / to : void 0;
}
function gpusLabel(target) {
  return target.count === 1 ? `one ${target.gpu.name}` : `${target.count} x ${target.gpu.name}`;
}
function processes(count2) {
  return `${count2} ${count2 === 1 ? "process" : "processes"}`;
}
function globalBatchKept(shrink, steps, newSteps, perDevice) {
  if (perDevice === void 0) {
    return `the global batch stays the same (per-device batch x ${shrink.from} x ${steps} = per-device batch x ${shrink.to} x ${newSteps})`;
  }
  return `the global batch stays ${perDevice} x ${shrink.from} x ${steps} = ${perDevice * shrink.from * steps} (now ${perDevice} x ${shrink.to} x ${newSteps})`;
}
function factorText({ from, to }) {
  const factor = from / to;
  return Number.isInteger(factor) ? `${factor}` : factor.toFixed(2).replace(/0$/, "");
}
function globalBatchShrinks(shrink, perDevice) {
  const times = factorText(shrink);
  const numbers = perDevice === void 0 ? "" : ` (${perDevice} x ${shrink.from} = ${perDevice * shrink.from} samples per step become ${perDevice * shrink.to})`;
  return `the global batch shrinks ${times}-fold${numbers}`;
}
function visibleDevices(value2, target) {
  if (!/^\s*\d+(\s*,\s*\d+)*\s*$/.test(value2)) return void 0;
  const ids = value2.split(",").map((id) => Number(id.trim()));
  const missing = ids.findIndex((id) => id >= target.count);
  if (missing === -1) return void 0;
  return { ids, visible: missing, replacement: firstIds(Math.min(ids.length, target.count)) };
}
function firstIds(count2) {
  return Array.from({ length: count2 }, (_, i) => i).join(",");
}
function visibleDevicesWhy(ids, visible, target) {
  const shows = visible === 0 ? "no GPU at all" : visible === 1 ? "1 GPU" : `${visible} GPUs`;
  return `names ${ids.length === 1 ? "GPU" : "GPUs"} ${ids.join(",")}, but ${gpusLabel(target)} ${target.count === 1 ? "has only id 0" : `has ids 0-${target.count - 1}`}; CUDA hides every id from the first missing one on, so this shows ${shows}${visible === Math.min(ids.length, target.count) ? ", as many as the rewrite keeps" : ""}`;
}

// packages/rules/src/parallel/launcher-gpu-count.ts
var COUNT_OPTIONS = {
  torchrun: { processes: "nproc_per_node", machines: "nnodes" },
  "accelerate launch": { processes: "num_processes", machines: "num_machines" },
  deepspeed: { processes: "num_gpus", machines: "num_nodes" },
  // torchtune's `tune run` passes torchrun's own options to torchrun.
  "tune run": { processes: "nproc_per_node", machines: "nnodes" },
  python: void 0
};
var LAUNCHER_WORDS = ["torchrun", "nproc_per_node", "nproc-per-node", "num_processes", "num_gpus"];
var FRAMEWORK_TRIGGERS = ["gpus", "devices"];
var ACCUMULATION2 = "gradient_accumulation_steps";
var VISIBLE = "CUDA_VISIBLE_DEVICES";
var launcherGpuCount = defineRule({
  id: "launcher-gpu-count",
  title: "Launchers and device lists written for more GPUs than the target has",
  category: "parallel",
  severity: "error",
  fixable: "sometimes",
  appliesWhen: "every target: it compares the processes a launch starts, and the GPU ids it names, with the target's GPU count",
  appliesTo: () => true,
  triggers: ["nproc_per_node", "nproc-per-node", "num_processes", "num-processes", "num_gpus", "num-gpus", VISIBLE, "train_batch_size", "--include", ...FRAMEWORK_TRIGGERS],
  checks: {
    shell: {
      run(context2) {
        const wrapped = wrappedLaunches(context2.document);
        const checkWrapped = (inner) => wrapped.forEach(({ launch, words: words2 }) => launch ? checkLaunch2(inner, launch, /* @__PURE__ */ new Set()) : frameworkFlags(inner, words2));
        if (isBatchScript(context2)) {
          const findings = collected(context2, (inner) => (checkScript(inner), checkWrapped(inner)));
          clusterNote(context2, spotsOf(context2.document, findings.sort((a, b) => a.start - b.start)), "This is a Slurm batch script (`#SBATCH` headers)");
          return;
        }
        checkScript(context2);
        if (wrapped.length > 0) clusterNote(context2, spotsOf(context2.document, collected(context2, checkWrapped)), submitters(wrapped));
      }
    },
    config: {
      triggers: ["num_processes", "gpu_ids", "train_batch_size", ...LAUNCHER_WORDS],
      run(context2) {
        if (context2.document.kind === "accelerate") checkAccelerateConfig(context2);
        if (context2.document.kind === "deepspeed") checkDeepSpeedBatch(context2);
        checkJobSpec(context2);
      }
    },
    python: {
      triggers: [VISIBLE],
      run(context2) {
        for (const node of context2.source.occurrences(VISIBLE)) {
          if (node.type === "string_content") checkEnvironAssignment(context2, node);
        }
      }
    }
  }
});
function countOf(document, value2) {
  if (!value2) return void 0;
  const variable = value2.dynamic ? /^\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})$/.exec(value2.value) : null;
  const name = variable ? variable[1] ?? variable[2] : void 0;
  if (name !== void 0) {
    const constant = document.constant(name);
    const range = constant && /^\d+$/.test(constant.value) ? rangeOf2(constant, 0, constant.value.length) : void 0;
    return range && { value: Number(constant.value), ...range, variable: name };
  }
  return !value2.dynamic && /^\d+$/.test(value2.value) ? { value: Number(value2.value), start: value2.valueStart, end: value2.valueEnd } : void 0;
}
function launchProcesses(document, launch, target) {
  const options = COUNT_OPTIONS[launch.launcher];
  if (!options) return 1;
  if (launch.launcher === "deepspeed") {
    const include = lastUse(launch.options, "include")?.value;
    const ids = include && !include.dynamic ? /^localhost:(\d+(?:,\d+)*)$/.exec(include.value) : null;
    if (ids) return Math.min(ids[1].split(",").length, target.count);
  }
  const use = lastUse(launch.options, options.processes);
  if (!use) {
    if (launch.launcher === "deepspeed") return target.count;
    if (launch.launcher === "accelerate launch") return lastUse(launch.options, "config_file") ? void 0 : target.count;
    return 1;
  }
  if (use.value && followsMachine(use.value)) return target.count;
  const count2 = countOf(document, use.value);
  return count2 && Math.min(count2.value, target.count);
}
function replaceWord(word, text) {
  const range = rangeOf2(word, 0, word.value.length);
  return range && { ...range, text };
}
var replaceCount = (count2, value2) => ({ start: count2.start, end: count2.end, text: String(value2) });
function checkScript(context2) {
  const { document } = context2;
  const paired = /* @__PURE__ */ new Set();
  for (const launch of pythonLaunches(document)) checkLaunch2(context2, launch, paired);
  for (const assignment of document.assignments()) {
    if (assignment.name !== VISIBLE || paired.has(assignment.value.start) || document.guardOf(assignment.node)) continue;
    checkVisibleDevices(context2, assignment.value);
  }
  checkFrameworkFlags(context2);
}
function visibleFor(document, launch) {
  const own = launch.command.env.find((entry) => entry.name === VISIBLE)?.value;
  if (own) return own;
  const constant = document.constant(VISIBLE);
  return constant && constant.end <= launch.command.node.startIndex ? constant : void 0;
}
function followsMachine(value2) {
  return /^(gpu|auto)$/.test(value2.value) || /nvidia-smi|device_count/.test(value2.value);
}
function checkLaunch2(context2, launch, paired) {
  const { document, target } = context2;
  const options = COUNT_OPTIONS[launch.launcher];
  if (!options) return;
  if (launch.launcher === "deepspeed" && checkDeepSpeedInclude(context2, launch)) return;
  const use = lastUse(launch.options, options.processes);
  const count2 = countOf(document, use?.value);
  const shrink = count2 && shrinkFor(count2.value, target);
  const visible = visibleFor(document, launch);
  const devices = visible && !visible.dynamic ? visibleDevices(visible.value, target) : void 0;
  const visibleText = visible && `\`${VISIBLE}=${visible.value}\``;
  const shared = visible !== void 0 && paired.has(visible.start);
  if (!use || !count2 || !shrink) {
    if (!use?.value || count2 || followsMachine(use.value) || !visible || !devices || shared) return;
    paired.add(visible.start);
    context2.report({
      start: visible.start,
      end: visible.end,
      message: `${visibleText} ${visibleDevicesWhy(devices.ids, devices.visible, target)}; the launch's \`${useText(document, use)}\` is not a number the script fixes, and the two must change together.`,
      hint: `Set ${VISIBLE} to ${devices.replacement} and ${flagNames(options.processes)[0]} to at most ${target.count}, together.`
    });
    return;
  }
  if (visible && !shared) paired.add(visible.start);
  const range = { start: use.word.start, end: use.value.word.end };
  const written2 = `\`${useText(document, use)}\`${count2.variable ? ` (${count2.variable}=${count2.value})` : ""}`;
  const why5 = `${written2} starts ${processes(count2.value)}, one per GPU, but the target is ${gpusLabel(target)}: the ranks without a GPU stop with "CUDA error: invalid device ordinal"`;
  const flag2 = flagNames(options.processes)[0];
  const machines = lastUse(launch.options, options.machines)?.value;
  if (machines && machines.value !== "1" && machines.value !== "1:1") {
    const alsoVisible2 = visible && !shared ? ` and ${VISIBLE} to ${devices?.replacement ?? firstIds(target.count)}` : "";
    context2.report({ ...range, message: `${why5}, on ${machines.value} machines.`, hint: `This is a multi-machine launch; on one machine set ${flag2} to ${target.count}${alsoVisible2} and the machine count to 1.` });
    return;
  }
  if (visible?.dynamic && !shared) {
    context2.report({
      ...range,
      message: `${why5}. It runs with ${visibleText}, a list the script does not fix, and the two must change together.`,
      hint: `Set ${flag2} to ${shrink.to} and ${VISIBLE} to ${firstIds(shrink.to)}, together, and multiply ${ACCUMULATION2} by ${factorText(shrink)}.`
    });
    return;
  }
  const edits = [replaceCount(count2, shrink.to)];
  const notes = [];
  if (devices && !shared) {
    edits.push(replaceWord(visible, devices.replacement));
    notes.push(`${visibleText} -> ${devices.replacement} with it`);
  }
  if (launch.launcher === "accelerate launch") edits.push(...accelerateOptionEdits(context2, launch, shrink, notes));
  const batch = accumulationEdits2(context2, launch, shrink, count2);
  edits.push(...batch.edits);
  const fix = allEdits(edits);
  const set = `set to ${shrink.to}${count2.variable ? ` (in \`${count2.variable}=\`)` : ""}`;
  const message2 = `${why5}. ${capitalize(set)}${notes.map((note) => `; ${note}`).join("")}: ${batch.note}.`;
  const alsoVisible = devices && !shared ? ` and ${VISIBLE} to ${devices.replacement}` : "";
  context2.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: `Set it to ${shrink.to}${alsoVisible}, and multiply ${ACCUMULATION2} by ${factorText(shrink)}.` });
}
function checkDeepSpeedInclude(context2, launch) {
  const { document, target } = context2;
  const use = lastUse(launch.options, "include");
  const parts = use?.value && !use.value.dynamic ? /^(localhost:)(\d+(?:,\d+)*)$/.exec(use.value.value) : null;
  if (!use || !parts) return false;
  const devices = visibleDevices(parts[2], target);
  if (!devices) return true;
  const shrink = shrinkFor(devices.ids.length, target);
  const start = use.value.valueStart + parts[1].length;
  const edits = [{ start, end: use.value.valueEnd, text: devices.replacement }];
  const count2 = { value: devices.ids.length, start, end: use.value.valueEnd };
  const batch = shrink ? accumulationEdits2(context2, launch, shrink, count2) : void 0;
  edits.push(...batch?.edits ?? []);
  const fix = allEdits(edits);
  const range = useRange(use);
  const message2 = `\`${useText(document, use)}\` ${visibleDevicesWhy(devices.ids, devices.visible, target)}, and DeepSpeed starts one process per listed GPU. Set to localhost:${devices.replacement}${batch ? `: ${batch.note}` : ""}.`;
  context2.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: `Set it to localhost:${devices.replacement}.` });
  return true;
}
function accelerateOptionEdits(context2, launch, shrink, notes) {
  const { document, target } = context2;
  const edits = [];
  const multi = lastUse(launch.options, "multi_gpu");
  if (multi && shrink.to === 1 && !multi.value) {
    edits.push(removeFlagEdit(document.text, multi));
    notes.push("`--multi_gpu` removed (one process)");
  }
  const ids = lastUse(launch.options, "gpu_ids")?.value;
  const devices = ids && !ids.dynamic ? visibleDevices(ids.value, target) : void 0;
  if (ids && devices) {
    edits.push({ start: ids.valueStart, end: ids.valueEnd, text: devices.replacement });
    notes.push(`\`--gpu_ids\` ${ids.value} -> ${devices.replacement}`);
  }
  return edits;
}
function accumulationEdits2(context2, launch, shrink, count2) {
  const { document } = context2;
  const perDeviceUse = lastUse(launch.args, "per_device_train_batch_size");
  const perDevice = countOf(document, perDeviceUse?.value)?.value;
  if (launch.launcher === "tune run") return recipeAccumulation(launch, shrink);
  const use = lastUse(launch.args, ACCUMULATION2) ?? (launch.launcher === "accelerate launch" ? lastUse(launch.options, ACCUMULATION2) : void 0);
  if (use) {
    const steps = countOf(document, use.value);
    if (!steps) {
      const follows = count2.variable !== void 0 && use.value?.word.value.includes(count2.variable);
      return { edits: [], note: follows ? `\`${useText(document, use)}\` is computed from ${count2.variable}, so it follows` : `${globalBatchShrinks(shrink, perDevice)} unless \`${useText(document, use)}\` grows ${factorText(shrink)}-fold` };
    }
    const scaled2 = scaledSteps(steps.value, shrink);
    if (scaled2 === void 0) return { edits: [], note: `${globalBatchShrinks(shrink, perDevice)}; ${ACCUMULATION2} ${steps.value} cannot grow ${factorText(shrink)}-fold to a whole number` };
    return { edits: [replaceCount(steps, scaled2)], note: `${ACCUMULATION2} ${steps.value} -> ${scaled2}${steps.variable ? ` (in \`${steps.variable}=\`)` : ""}, so ${globalBatchKept(shrink, steps.value, scaled2, perDevice)}` };
  }
  const scaled = scaledSteps(1, shrink);
  const deepspeed = flagUses(launch.args, flagNames("deepspeed")).at(-1);
  if (perDeviceUse?.value && scaled !== void 0 && !deepspeed) {
    const name = perDeviceUse.name.slice(2).includes("-") ? "--gradient-accumulation-steps" : `--${ACCUMULATION2}`;
    const edit = { start: perDeviceUse.value.word.end, end: perDeviceUse.value.word.end, text: ` ${name} ${scaled}` };
    return { edits: [edit], note: `\`${name} ${scaled}\` added after the per-device batch, so ${globalBatchKept(shrink, 1, scaled, perDevice)}` };
  }
  const where = deepspeed?.value ? `the ${ACCUMULATION2} of ${deepspeed.value.value} (the DeepSpeed config it passes)` : `the script's ${ACCUMULATION2}`;
  return { edits: [], note: `${globalBatchShrinks(shrink, perDevice)} unless ${where} grows ${factorText(shrink)}-fold` };
}
function recipeAccumulation(launch, shrink) {
  const word = launch.args.filter((arg) => !arg.dynamic && new RegExp(`^${ACCUMULATION2}=\\d+$`).test(arg.value)).at(-1);
  if (!word) return { edits: [], note: `${globalBatchShrinks(shrink)} unless the recipe config's ${ACCUMULATION2} grows ${factorText(shrink)}-fold (\`${ACCUMULATION2}=N\` after the config)` };
  const steps = Number(word.value.slice(ACCUMULATION2.length + 1));
  const batch = launch.args.filter((arg) => !arg.dynamic && /^batch_size=\d+$/.test(arg.value)).at(-1);
  const perDevice = batch ? Number(batch.value.slice("batch_size=".length)) : void 0;
  const scaled = scaledSteps(steps, shrink);
  const range = rangeOf2(word, ACCUMULATION2.length + 1, word.value.length);
  if (scaled === void 0 || !range) return { edits: [], note: `${globalBatchShrinks(shrink)}; ${ACCUMULATION2} ${steps} cannot grow ${factorText(shrink)}-fold to a whole number` };
  return { edits: [{ ...range, text: String(scaled) }], note: `\`${ACCUMULATION2}=${steps}\` -> ${scaled}, so ${globalBatchKept(shrink, steps, scaled, perDevice)}` };
}
function checkVisibleDevices(context2, word) {
  const { target } = context2;
  const devices = word.dynamic ? void 0 : visibleDevices(word.value, target);
  if (!devices) return;
  const edit = replaceWord(word, devices.replacement);
  const message2 = `\`${VISIBLE}=${word.value}\` ${visibleDevicesWhy(devices.ids, devices.visible, target)}. Set to ${devices.replacement}.`;
  const finding = { start: word.start, end: word.end, message: message2, ...visibleDevicesSeverity(devices, target) };
  context2.report(edit ? { ...finding, fix: [edit] } : { ...finding, hint: `Set it to ${devices.replacement}.` });
}
function checkEnvironAssignment(context2, content) {
  const { source, target } = context2;
  const key = content.parent;
  const subscript = key?.parent;
  const assignment = subscript?.parent;
  if (subscript?.type !== "subscript" || assignment?.type !== "assignment" || assignment.childForFieldName("left")?.startIndex !== subscript.startIndex) return;
  if (stringValue(key) !== VISIBLE || source.imports.qualifiedName(subscript.childForFieldName("value")) !== "os.environ") return;
  const value2 = assignment.childForFieldName("right");
  const text = value2 ? stringValue(value2) : null;
  const devices = text === null ? void 0 : visibleDevices(text, target);
  if (!value2 || !devices || source.guards.guardOf(assignment)) return;
  const inner = value2.namedChildren.find((child) => child?.type === "string_content");
  const message2 = `\`${VISIBLE}\` = "${text}" ${visibleDevicesWhy(devices.ids, devices.visible, target)}. Set to "${devices.replacement}".`;
  const finding = { start: value2.startIndex, end: value2.endIndex, message: message2, ...visibleDevicesSeverity(devices, target) };
  context2.report(inner ? { ...finding, fix: [{ start: inner.startIndex, end: inner.endIndex, text: devices.replacement }] } : { ...finding, hint: `Set it to "${devices.replacement}".` });
}
function checkAccelerateConfig(context2) {
  const { document, target } = context2;
  const entry = document.get(["num_processes"]);
  const shrink = typeof entry?.value === "number" && Number.isInteger(entry.value) ? shrinkFor(entry.value, target) : void 0;
  if (!entry || !shrink) return;
  const machines = document.get(["num_machines"])?.value;
  const why5 = `\`${entryText(document, entry)}\` starts ${processes(shrink.from)}, one per GPU, but the target is ${gpusLabel(target)}: the ranks without a GPU stop with "CUDA error: invalid device ordinal"`;
  if (typeof machines === "number" && machines > 1) {
    context2.report({ ...entryRange(entry), message: `${why5}, on ${machines} machines.`, hint: `On one machine set num_processes to ${target.count} and num_machines to 1.` });
    return;
  }
  const parallel = parallelismSizes(document);
  if (parallel.total > 1) {
    const sizes = parallel.sizes.map(([key, size3]) => `${key} ${size3}`).join(" x ");
    context2.report({
      ...entryRange(entry),
      message: `${why5}. Its parallelism_config splits the run ${sizes} = ${parallel.total} ways, and accelerate stops with "ParallelismConfig total_size (${parallel.total}) does not match num_processes (${shrink.to})" when the sizes do not multiply to num_processes.`,
      hint: `Set num_processes to ${shrink.to} and the parallelism_config sizes so that they multiply to ${shrink.to}${shrink.to === 1 ? " (all 1)" : ""}.`
    });
    return;
  }
  const edits = [document.replaceValue(entry, shrink.to)];
  const notes = [];
  const distributed = document.get(["distributed_type"]);
  if (shrink.to === 1 && distributed?.value === "MULTI_GPU") {
    edits.push(document.replaceValue(distributed, "NO"));
    notes.push("`distributed_type: MULTI_GPU` -> NO (one process)");
  }
  const ids = document.get(["gpu_ids"]);
  const devices = typeof ids?.value === "string" || typeof ids?.value === "number" ? visibleDevices(String(ids.value), target) : void 0;
  if (ids && devices) {
    edits.push(document.replaceValue(ids, shrink.to === 1 ? "0" : devices.replacement));
    notes.push(`\`gpu_ids\` ${String(ids.value)} -> ${devices.replacement}`);
  }
  const steps = document.get(["deepspeed_config", ACCUMULATION2]);
  let note = `${globalBatchShrinks(shrink)} unless the training script's ${ACCUMULATION2} grows ${factorText(shrink)}-fold`;
  if (typeof steps?.value === "number" && Number.isInteger(steps.value)) {
    const scaled = scaledSteps(steps.value, shrink);
    if (scaled !== void 0) {
      note = `${globalBatchShrinks(shrink)} unless gradient accumulation grows ${factorText(shrink)}-fold (${steps.value} -> ${scaled}). \`deepspeed_config.${ACCUMULATION2}: ${steps.value}\` is left as written: a Hugging Face Trainer script stops with "Please correct the following DeepSpeed config values that mismatch TrainingArguments values" unless it equals the script's own ${ACCUMULATION2}, so raise both together`;
    }
  }
  const fix = allEdits(edits);
  const message2 = `${why5}. Set to ${shrink.to}${notes.map((n) => `; ${n}`).join("")}: ${note}.`;
  context2.report(fix ? { ...entryRange(entry), message: message2, fix } : { ...entryRange(entry), message: message2, hint: `Set num_processes to ${shrink.to}.` });
}
function parallelismSizes(document) {
  const sizes = [];
  for (const key of document.keysOf(["parallelism_config"])) {
    const value2 = document.get(["parallelism_config", key])?.value;
    if (key.endsWith("_size") && typeof value2 === "number" && Number.isInteger(value2) && value2 > 1) sizes.push([key.replace(/^parallelism_config_/, ""), value2]);
  }
  return { sizes, total: sizes.reduce((product2, [, size3]) => product2 * size3, 1) };
}
function checkDeepSpeedBatch(context2) {
  const { document, target } = context2;
  const [batch, micro, steps] = ["train_batch_size", "train_micro_batch_size_per_gpu", ACCUMULATION2].map((key) => document.get([key]));
  const numbers = [batch, micro, steps].map((entry) => typeof entry?.value === "number" && Number.isInteger(entry.value) && entry.value > 0 ? entry.value : void 0);
  const [total, perGpu, accumulation2] = numbers;
  if (!batch || !micro || !steps || total === void 0 || perGpu === void 0 || accumulation2 === void 0) return;
  const world = total / (perGpu * accumulation2);
  const shrink = Number.isInteger(world) ? shrinkFor(world, target) : void 0;
  if (!shrink) return;
  const why5 = `\`train_batch_size: ${total}\` = ${perGpu} per GPU x ${accumulation2} steps x ${world} GPUs, but the target is ${gpusLabel(target)}: DeepSpeed stops with "Check batch related parameters. train_batch_size is not equal to micro_batch_per_gpu * gradient_acc_step * world_size"`;
  const scaled = scaledSteps(accumulation2, shrink);
  const edit = scaled === void 0 ? void 0 : document.replaceValue(steps, scaled);
  const range = entryRange(steps);
  if (!edit || scaled === void 0) {
    context2.report({ ...range, message: `${why5}.`, hint: `Make train_batch_size = ${perGpu} x ${ACCUMULATION2} x ${target.count}.` });
    return;
  }
  context2.report({ ...range, message: `${why5}. ${ACCUMULATION2} ${accumulation2} -> ${scaled}, so ${globalBatchKept(shrink, accumulation2, scaled, perGpu)}.`, fix: [edit] });
}
function visibleDevicesSeverity(devices, target) {
  return devices.visible === Math.min(devices.ids.length, target.count) ? { severity: "info" } : {};
}
function capitalize(text) {
  return text[0].toUpperCase() + text.slice(1);
}
function isBatchScript(context2) {
  return /\.(slurm|sbatch)$/.test(context2.path ?? "") || /^#SBATCH\s/m.test(context2.document.text);
}
function collected(context2, check3) {
  const findings = [];
  check3(Object.create(context2, { report: { value: (finding) => findings.push(finding) } }));
  return findings;
}
var SUBMITTERS = /* @__PURE__ */ new Set(["srun", "sbatch"]);
var LAUNCHER_PROGRAMS = /* @__PURE__ */ new Set(["torchrun", "deepspeed", "accelerate", "tune"]);
function wrappedLaunches(document) {
  const found = [];
  for (const command of document.commands()) {
    if (document.guardOf(command.node)) continue;
    const words2 = command.args;
    const submitter = SUBMITTERS.has(command.name.value);
    const from = submitter ? 0 : words2.findIndex((word) => word.value === "--") + 1;
    const builder = words2.slice(0, from).find((word) => word.value.endsWith(".py"));
    if (!submitter && (from === 0 || !builder)) continue;
    const wrapper = submitter ? command.name.value : builder.value.replace(/^.*\//, "");
    let launch;
    for (let i = from; i < words2.length && !launch; i++) {
      const candidate = pythonLaunch({ ...command, env: [], name: words2[i], args: words2.slice(i + 1) });
      if (candidate && COUNT_OPTIONS[candidate.launcher]) launch = candidate;
    }
    if (launch || !submitter) found.push({ wrapper, command, words: words2.slice(from), launch });
  }
  return found;
}
function submitters(wrapped) {
  const names = [...new Set(wrapped.map(({ wrapper }) => `\`${wrapper}\``))];
  return names.length === 1 ? `${names[0]} submits its command to a cluster` : `${names.join(" and ")} submit their commands to a cluster`;
}
function spotsOf(document, findings) {
  return findings.map(({ start, end }) => ({ start, end, text: document.text.slice(start, end).replace(/\\\r?\n\s*/g, "") }));
}
function clusterNote(context2, spots, where) {
  const first = spots[0];
  if (!first) return;
  const more = spots.length > 1 ? ` and ${spots.length - 1} more setting${spots.length > 2 ? "s" : ""}` : "";
  context2.report({
    start: first.start,
    end: first.end,
    severity: "info",
    message: `${where}: the command runs on the GPUs the cluster gives the job, not on the target (${gpusLabel(context2.target)}), so \`${first.text}\`${more} written for more GPUs ${spots.length > 1 ? "are" : "is"} left as written.`,
    hint: `To run it on the target, run the launch command itself (without the submitter); there this rule sets its GPU count.`
  });
}
var SPEC_COUNT = /--(nproc[-_]per[-_]node|num[-_]processes|num[-_]gpus)(?:=|[\s"',[\]-]+)(\d+)/g;
function checkJobSpec(context2) {
  const { document, target } = context2;
  const top = new Set(document.keysOf([]));
  const api = String(document.get(["apiVersion"])?.value ?? "");
  const kind = String(document.get(["kind"])?.value ?? "");
  const kubernetes = top.has("apiVersion") && top.has("kind") && (/^(batch\/|kubeflow\.org\/|jobset\.)/.test(api) || /Job$/.test(kind));
  const beaker = !kubernetes && top.has("tasks") && /\b(command|arguments)\s*:/.test(document.text);
  if (!kubernetes && !beaker || !/\b(torchrun|accelerate|deepspeed|tune)\b/.test(document.text)) return;
  const spots = [];
  for (const match of document.text.matchAll(SPEC_COUNT)) {
    if (Number(match[2]) > target.count) spots.push({ start: match.index, end: match.index + match[0].length, text: `--${match[1]} ${match[2]}` });
  }
  clusterNote(context2, spots, kubernetes ? `This is a Kubernetes ${kind || "job"} spec` : "This is a Beaker experiment spec");
}
var OVERRIDE_COUNT = /^\+{0,2}((?:\w[\w-]*\.)+(?:devices|gpus|n_gpus_per_node|num_gpus|num_gpus_per_node|gpus_per_node))=(\d+)$/;
var FRAMEWORK_FLAG = /^--((?:trainer\.)?(?:num[-_]gpus|gpus|devices|n[-_]gpus[-_]per[-_]node|num[-_]gpus[-_]per[-_]node|(?:actor|critic|ref|reward|vllm)[-_]num[-_]gpus[-_]per[-_]node))$/;
function checkFrameworkFlags(context2) {
  const { document } = context2;
  const wrapped = new Set(wrappedLaunches(document).map(({ command }) => command.node.startIndex));
  for (const command of document.commands()) {
    if (wrapped.has(command.node.startIndex) || SUBMITTERS.has(command.name.value) || ["echo", "printf"].includes(command.name.value) || document.guardOf(command.node)) continue;
    const launch = pythonLaunch(command);
    if (!launch && LAUNCHER_PROGRAMS.has(command.name.value)) continue;
    const all = launch ? launch.args : command.args;
    frameworkFlags(context2, all.slice(all.findIndex((word) => word.value === "--") + 1));
  }
}
function frameworkFlags(context2, words2) {
  const { document, target } = context2;
  for (let i = 0; i < words2.length; i++) {
    const word = words2[i];
    if (word.dynamic) continue;
    const override = OVERRIDE_COUNT.exec(word.value);
    const [name, value2, end] = override ? [override[1], override[2], word.end] : flagCount(word, words2[i + 1]);
    if (!name || value2 === void 0 || Number(value2) <= target.count) continue;
    context2.report({
      start: word.start,
      end,
      severity: "warning",
      message: `\`${document.text.slice(word.start, end).replace(/\\\r?\n\s*/g, "")}\` asks for ${value2} GPUs, but the target is ${gpusLabel(target)}; what \`${name}\` counts, and which settings divide by it (parallel sizes, batch sizes), is the program's own, so it is not rewritten.`,
      hint: `Set ${name} to ${target.count} if it is the number of GPUs per machine, and scale the gradient accumulation so that the global batch stays the same.`
    });
  }
}
function flagCount(word, next) {
  const [flag2, joined2] = word.value.split(/=(.*)/s, 2);
  const match = FRAMEWORK_FLAG.exec(flag2);
  if (!match) return [];
  if (joined2 !== void 0) return /^\d+$/.test(joined2) ? [flag2, joined2, word.end] : [];
  return next && !next.dynamic && /^\d+$/.test(next.value) ? [flag2, next.value, next.end] : [];
}

// packages/rules/src/shared/launched-script.ts
var DATACLASS_PARSERS = ["HfArgumentParser", "TrlParser", "TrainingArguments", "Seq2SeqTrainingArguments", "SFTConfig", "DPOConfig", "GRPOConfig"];
function scriptTakesFlag(context2, launch, flag2) {
  const source = launchedScript(context2, launch)?.source;
  if (!source) return void 0;
  if (DATACLASS_PARSERS.some((name) => !source.occurrences(name).next().done)) return true;
  const options = source.semantic.argparseOptions();
  if (options.length === 0) return void 0;
  return options.some((option) => option.flags.includes(flag2));
}
function launchedScript(context2, launch) {
  if (launch.entry.kind !== "script" || !context2.project.pythonSource || launch.entry.name.includes("$")) return void 0;
  const folder = (context2.path ?? "").split("/").slice(0, -1).join("/");
  for (const path of [joinPath(folder, launch.entry.name), joinPath("", launch.entry.name)]) {
    const source = path === void 0 ? void 0 : context2.project.pythonSource(path);
    if (source) return { path, source };
  }
  return void 0;
}
function joinPath(folder, name) {
  if (name.startsWith("/")) return void 0;
  const parts = [];
  for (const part of [...folder.split("/"), ...name.split("/")]) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return void 0;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

// packages/rules/src/shared/spreading-device-maps.ts
var SPREADING = /* @__PURE__ */ new Set(["auto", "balanced", "balanced_low_0", "sequential"]);
function spreadingLoads(source) {
  const loads = [];
  for (const node of source.occurrences("device_map")) {
    const keyword = node.parent;
    if (keyword?.type !== "keyword_argument" || keyword.childForFieldName("name")?.startIndex !== node.startIndex) continue;
    const call = keyword.parent?.parent;
    const valueNode = keywordValue(keyword);
    const value2 = valueNode ? source.semantic.stringConstant(valueNode) : void 0;
    if (call?.type === "call" && value2 !== void 0 && SPREADING.has(value2)) loads.push({ call, keyword, value: value2 });
  }
  return loads;
}

// packages/rules/src/parallel/device-map-ddp.ts
var DISTRIBUTED_AWARE = /\b(?:LOCAL_RANK|local_rank|process_index|local_process_index|WORLD_SIZE|world_size)\b/;
var TRAINER_ERROR = "You can't train a model that has been loaded with `device_map='auto'` in any distributed mode.";
var deviceMapDdp = defineRule({
  id: "device-map-ddp",
  title: 'A script that loads a model with device_map="auto", launched with one process per GPU',
  category: "parallel",
  severity: "error",
  fixable: "never",
  appliesWhen: "targets with more than one GPU: there a launch starts several processes, each of which spreads its own copy of the model over all the GPUs",
  appliesTo: (target) => target.count > 1,
  triggers: ["torchrun", "torch.distributed", "accelerate", "deepspeed"],
  checks: {
    shell: {
      run(context2) {
        for (const launch of pythonLaunches(context2.document)) {
          if (launch.launcher === "python" || launch.launcher === "tune run") continue;
          const count2 = launchProcesses(context2.document, launch, context2.target);
          if (count2 === void 0 || count2 < 2) continue;
          const script = launchedScript(context2, launch);
          if (!script) continue;
          if (DISTRIBUTED_AWARE.test(script.source.text)) continue;
          const load = spreadingLoads(script.source)[0];
          if (load) report2(context2, launch, count2, script, load);
        }
      }
    }
  }
});
var TRAINERS = ["Trainer", "Seq2SeqTrainer", "SFTTrainer", "DPOTrainer", "ORPOTrainer", "KTOTrainer", "GRPOTrainer", "RewardTrainer"];
function trains(source) {
  return TRAINERS.some((name) => [...source.occurrences(name)].some((node) => node.type === "identifier"));
}
function fitOf(context2, launch, script, call) {
  const python = { ...context2, path: script.path, source: script.source };
  const modelId = launchedModelId(launch, call) ?? modelIdOf(python, call);
  const size3 = modelId ? sizeOf(context2, modelId) : void 0;
  const weights = loadWeightsOf(script.source, call);
  if (!modelId || !size3 || !weights) return void 0;
  const label2 = `${modelId} (${formatParameters(size3.parameters)} parameters)`;
  const one = availableGiB(context2.target, false);
  if (fullFineTuneWithTrainer(script.source)) {
    const gib2 = fullFineTuneGiB(size3.parameters);
    return { label: label2, gib: `~${formatGiBValue(gib2)} GiB or more to fine-tune fully (weights, gradients and Adam's state)`, fits: gib2 <= one };
  }
  const [low, high] = [inferenceGiB(size3.parameters, weights.low), inferenceGiB(size3.parameters, weights.high)];
  if (low <= one && high > one) return void 0;
  const gib = formatGiBValue(low) === formatGiBValue(high) ? formatGiBValue(high) : `${formatGiBValue(low)}-${formatGiBValue(high)}`;
  return { label: label2, gib: `~${gib} GiB in ${weights.label}`, fits: high <= one };
}
function launchedModelId(launch, call) {
  const first = argumentsOf(call).find((node) => node.type !== "keyword_argument");
  const named = first ?? (keywordArgument(call, "pretrained_model_name_or_path") && keywordValue(keywordArgument(call, "pretrained_model_name_or_path")));
  const field = named?.type === "attribute" ? named.childForFieldName("attribute")?.text : named?.type === "identifier" ? named.text : void 0;
  const value2 = field ? lastUse(launch.args, field)?.value : void 0;
  return value2 && !value2.dynamic ? value2.value : void 0;
}
function report2(context2, launch, count2, script, load) {
  const { target } = context2;
  const line = script.source.text.slice(0, load.keyword.startIndex).split("\n").length;
  const written2 = `device_map=${script.source.text.slice(keywordValue(load.keyword).startIndex, keywordValue(load.keyword).endIndex)}`;
  const ddp = `keep the ${count2} processes (DDP) and load one whole copy per process with \`device_map={"": PartialState().process_index}\` (\`from accelerate import PartialState\`) or \`device_map={"": int(os.environ["LOCAL_RANK"])}\``;
  const single = `run it as one process (\`python ${launch.entry.name}\`), where device_map="${load.value}" splits its layers over the ${target.count} GPUs`;
  const fit = fitOf(context2, launch, script, load.call);
  const oneGpu = `one ${target.gpu.name}'s ${formatGiB(target.gpu.memoryGiB)} GiB`;
  const hint2 = !fit ? `Pick one: for a model that fits one GPU, ${ddp}; for one that does not, ${single}.` : fit.fits ? `${fit.label} needs ${fit.gib}, within ${oneGpu}: ${ddp}.` : `${fit.label} needs ${fit.gib}, more than ${oneGpu}: ${single}.`;
  context2.report({
    start: launch.entry.word.start,
    end: launch.entry.word.end,
    message: `\`${script.path}\` loads its model with \`${written2}\` (line ${line}), and this launch starts ${count2} processes: each spreads its own copy over ${target.count === 2 ? "both" : `all ${target.count}`} GPUs, ` + (trains(script.source) ? `and the Trainer stops: "${TRAINER_ERROR}"` : "so every GPU holds a part of each copy and the processes compete for its memory."),
    hint: hint2
  });
}

// packages/rules/src/parallel/unsloth-single-gpu.ts
var VISIBLE2 = "CUDA_VISIBLE_DEVICES";
var ENV_MAGIC = /^[ \t]*%(?:env|set_env)[ \t]+CUDA_VISIBLE_DEVICES\b/m;
var SAFE_MODULES = /* @__PURE__ */ new Set([
  "os",
  "sys",
  "re",
  "json",
  "math",
  "random",
  "time",
  "warnings",
  "gc",
  "typing",
  "dataclasses",
  "pathlib",
  "glob",
  "itertools",
  "functools",
  "collections",
  "logging",
  "subprocess",
  "shutil",
  "argparse",
  "copy",
  "datetime",
  "io",
  "pickle",
  "string",
  "textwrap",
  "uuid",
  "csv",
  "platform",
  "contextlib",
  "enum",
  "abc",
  "inspect",
  "tempfile",
  "zipfile",
  "pprint",
  "importlib",
  "hashlib",
  "base64",
  "shlex",
  "signal",
  "socket",
  "threading",
  "traceback",
  "urllib",
  "sqlite3",
  "numpy",
  "pandas",
  "PIL",
  "requests",
  "tqdm",
  "yaml"
]);
var unslothSingleGpu = defineRule({
  id: "unsloth-single-gpu",
  title: "Unsloth with two or more GPUs visible, where it trains on one",
  category: "parallel",
  severity: "error",
  fixable: "sometimes",
  appliesWhen: "targets with more than one GPU (Kaggle's two T4s): Unsloth's open-source release trains on one",
  appliesTo: (target) => target.count > 1,
  triggers: ["unsloth"],
  checks: {
    python: {
      run(context2) {
        const { source } = context2;
        const first = source.imports.statements.find((statement) => modulesOf(statement).some((m) => m === "unsloth" || m.startsWith("unsloth.")));
        if (!first) return;
        const visible = [...source.occurrences(VISIBLE2)].filter((node) => node.type !== "comment");
        if (visible.some((node) => node.startIndex < first.startIndex)) return;
        const magic = context2.notebookCode === void 0 ? null : ENV_MAGIC.exec(context2.notebookCode);
        if (magic && magic.index < first.startIndex) return;
        check2(context2, first, visible[0]);
      }
    }
  }
});
function modulesOf(statement) {
  if (statement.type === "import_from_statement") {
    const module = statement.childForFieldName("module_name");
    return [module?.type === "relative_import" ? "." : module?.text.replace(/\s+/g, "") ?? ""];
  }
  return statement.namedChildren.flatMap((child) => {
    const name = child?.type === "aliased_import" ? child.childForFieldName("name") : child;
    return name?.type === "dotted_name" ? [name.text.replace(/\s+/g, "")] : [];
  });
}
var isSafe = (statement) => modulesOf(statement).every((module) => SAFE_MODULES.has(module.split(".")[0]));
function topLevel(node) {
  let at = node;
  while (at.parent && at.parent.type !== "module") at = at.parent;
  return at;
}
function check2(context2, first, later) {
  const { source, target } = context2;
  const notebook = (context2.path ?? "").endsWith(".ipynb");
  const range = { start: first.startIndex, end: first.endIndex };
  const why5 = `Unsloth trains on one GPU and the target has ${gpusLabel(target)}: with both visible, a model placed over them fails with "Expected all tensors to be on the same device" (unsloth#431, on Kaggle's two T4s)`;
  const line = notebook ? `os.environ["${VISIBLE2}"] = "0"` : `os.environ.setdefault("${VISIBLE2}", "0")`;
  if (later) {
    context2.report({
      ...range,
      message: `${why5}; ${VISIBLE2} is set only after this import, when torch may already see every GPU.`,
      hint: `Move the ${VISIBLE2} assignment above the first import of torch or Unsloth.`
    });
    return;
  }
  const library = !notebook && (first.parent?.type !== "module" || !runsAsScript(source));
  const insert = library ? void 0 : insertionPoint(source, first, notebook);
  const hint2 = `Put \`import os\` and \`${line}\` at the top of the ${notebook ? "notebook's first code cell" : library ? "script you run with Unsloth" : "script"}, before torch or Unsloth is imported, so that only the first GPU is visible.`;
  if (!insert) {
    context2.report({ ...range, ...library ? { severity: "warning" } : {}, message: `${why5}.`, hint: hint2 });
    return;
  }
  const text = `${insert.needsOs ? "import os\n" : ""}${line}
`;
  context2.report({
    ...range,
    message: `${why5}; setting ${VISIBLE2}=0 before the first import of torch or Unsloth, so that only the first GPU is visible.`,
    fix: [{ start: insert.at, end: insert.at, text }]
  });
}
function insertionPoint(source, first, notebook) {
  const unsloth = topLevel(first);
  const earlier = source.imports.statements.filter((statement2) => statement2.startIndex <= first.startIndex && !isSafe(statement2));
  const statement = topLevel(earlier[0] ?? first);
  if (statement.startIndex > unsloth.startIndex) return void 0;
  if (/^(function_definition|class_definition|decorated_definition)$/.test(statement.type)) return void 0;
  const root = statement.parent;
  const before = root.namedChildren.filter((child) => !!child && child.endIndex <= statement.startIndex);
  if (!notebook) {
    if (!IMPORT.test(statement.type)) return void 0;
    const plain = before.every(
      (child, i) => child.type === "comment" || child.type === "future_import_statement" || IMPORT.test(child.type) && isSafe(child) || i === 0 && child.type === "expression_statement" && child.namedChildren[0]?.type === "string"
    );
    if (!plain) return void 0;
  }
  const os = before.find((child) => child.type === "import_statement" && modulesOf(child).includes("os") && !/\bas\b/.test(child.text));
  if (os && source.text[os.endIndex] === "\n") return { at: os.endIndex + 1, needsOs: false };
  const at = statement.startIndex;
  if (at > 0 && source.text[at - 1] !== "\n") return void 0;
  return { at, needsOs: !os };
}
var IMPORT = /^import(_from)?_statement$/;
function runsAsScript(source) {
  return MAIN_GUARD.test(source.text) || TOP_LEVEL_LOAD.test(source.text);
}
var MAIN_GUARD = /^if\s+__name__\s*==\s*["']__main__["']\s*:/m;
var TOP_LEVEL_LOAD = /^\w[\w, ]*=\s*[\w.]*\.from_pretrained\(/m;

// packages/rules/src/parallel/notebook-data-parallel.ts
var TRAINERS2 = ["Trainer", "Seq2SeqTrainer", "SFTTrainer", "DPOTrainer", "ORPOTrainer", "KTOTrainer", "GRPOTrainer", "RewardTrainer", "PPOTrainer"];
var DECIDED = ["CUDA_VISIBLE_DEVICES", "notebook_launcher"];
var ENV_MAGIC2 = /^[ \t]*%(?:env|set_env)[ \t]+CUDA_VISIBLE_DEVICES\b/m;
var LAUNCH_LINE = /^[ \t]*!.*\b(?:torchrun|accelerate[ \t]+launch|deepspeed|torch\.distributed\.(?:run|launch))\b/m;
var notebookDataParallel = defineRule({
  id: "notebook-data-parallel",
  title: "A Hugging Face Trainer run inside a notebook that sees two or more GPUs, where it falls back to DataParallel",
  category: "parallel",
  severity: "warning",
  fixable: "never",
  appliesWhen: "targets with more than one GPU (Kaggle's two T4s), in notebooks: one kernel process sees every GPU",
  appliesTo: (target) => target.count > 1,
  triggers: TRAINERS2,
  checks: {
    python: {
      run(context2) {
        if (!(context2.path ?? "").endsWith(".ipynb")) return;
        const { source } = context2;
        if (DECIDED.some((word) => [...source.occurrences(word)].some((node) => node.type !== "comment"))) return;
        if (source.imports.importsModule("unsloth")) return;
        if (context2.notebookCode !== void 0 && (ENV_MAGIC2.test(context2.notebookCode) || LAUNCH_LINE.test(context2.notebookCode))) return;
        if (spreadingLoads(source).length > 0) return;
        for (const name of TRAINERS2) {
          for (const node of source.occurrences(name)) {
            const found = callNamedAt(node);
            if (!found) continue;
            const qualified = source.imports.qualifiedName(found.callee);
            if (!qualified || !/^(transformers|trl)(\.|$)/.test(qualified) || qualified.split(".").pop() !== name) continue;
            report3(context2, found.call);
            return;
          }
        }
      }
    }
  }
});
function report3(context2, call) {
  const { target } = context2;
  const callee = call.childForFieldName("function");
  const all = target.count === 2 ? "both" : `all ${target.count}`;
  context2.report({
    start: callee.startIndex,
    end: callee.endIndex,
    message: `\`${callee.text}\` runs in one process that sees ${gpusLabel(target)} (the notebook's kernel): the Trainer then wraps the model in torch.nn.DataParallel, which drives ${all} GPUs from one process, copies the model to each at every step and gathers the outputs on GPU 0 (slower than one process per GPU, and GPU 0 fills first).`,
    hint: `To train on one GPU, put \`import os\` and \`os.environ["CUDA_VISIBLE_DEVICES"] = "0"\` in the first code cell, before torch is imported. To use ${all}, run the training as ${target.count} processes: wrap it in a function and call \`notebook_launcher(train, num_processes=${target.count})\` (\`from accelerate import notebook_launcher\`), or write it to a script and run \`!accelerate launch --num_processes ${target.count} train.py\`.`
  });
}

// packages/rules/src/platform/notebook-shell-cd.ts
var PLAIN_PATH = /^[\w./~+-]+$/;
var notebookShellCd = defineRule({
  id: "notebook-shell-cd",
  title: "`!cd dir` in a notebook, which changes the directory of a subshell that exits at once",
  category: "platform",
  severity: "warning",
  fixable: "sometimes",
  appliesWhen: "every target: IPython runs each `!` line in a shell of its own, on every platform",
  runsOnTpu: true,
  appliesTo: () => true,
  triggers: ["cd"],
  checks: {
    shell: {
      run(context2) {
        const { document } = context2;
        const bang = document.notebookBang;
        const commands = document.commands();
        const command = commands.length === 1 ? commands[0] : void 0;
        if (bang === void 0 || command?.name.value !== "cd" || command.node.parent?.type !== "program" || command.args.length > 1) return;
        const target = command.args[0];
        const written2 = document.text.slice(command.node.startIndex, command.node.endIndex);
        const message2 = `\`!${written2}\` runs \`cd\` in a shell that exits at the end of the line: the notebook's directory, and every later \`!\` line and Python call, stay where they were. IPython's \`%cd\` changes the notebook's own directory.`;
        const range = { start: command.node.startIndex, end: command.node.endIndex };
        if (target && (target.dynamic || !PLAIN_PATH.test(document.text.slice(target.start, target.end)))) {
          context2.report({ ...range, message: message2, hint: `Write \`%cd ${target.value}\` (check how IPython expands it), or join the commands that need the directory on one line: \`!${written2} && ...\`.` });
          return;
        }
        context2.report({ ...range, message: message2, fix: [{ start: bang, end: bang + 1, text: "%" }] });
      }
    }
  }
});

// packages/rules/src/platform/capability-assert.ts
var BF16_CHECKS = /* @__PURE__ */ new Set(["is_bf16_supported", "is_bfloat16_supported", "is_torch_bf16_gpu_available", "is_torch_bf16_available"]);
var capabilityAssert = defineRule({
  id: "capability-assert",
  title: "An assert or raise on the GPU's compute capability that fails on the target",
  category: "platform",
  severity: "error",
  fixable: "never",
  appliesWhen: "an assert or raise in the code requires a compute capability the target does not have",
  appliesTo: () => true,
  // A stop on a derived name (`major, _ = get_device_capability()`) still needs the check's name in the file.
  triggers: [...HARDWARE_CHECK_NAMES],
  mayMatch: (scan) => scan.inCode("assert") || scan.inCode("raise"),
  checks: {
    python: {
      run(context2) {
        const seen = /* @__PURE__ */ new Set();
        for (const keyword of ["assert", "raise"]) {
          for (const node of context2.source.occurrences(keyword)) {
            const stop = stoppingStatement(node);
            if (!stop || seen.has(stop.statement.startIndex)) continue;
            seen.add(stop.statement.startIndex);
            checkStop(context2, stop.statement, stop.condition, stop.failsWhen, stop.body);
          }
        }
      }
    }
  }
});
function stoppingStatement(keyword) {
  const statement = keyword.type === "assert_statement" || keyword.type === "raise_statement" ? keyword : keyword.parent;
  if (statement?.type === "assert_statement") {
    const [condition2] = namedChildrenOf(statement);
    return condition2 ? { statement, condition: condition2, failsWhen: false, body: statement } : null;
  }
  if (statement?.type !== "raise_statement") return null;
  const block = statement.parent;
  const owner = block?.parent;
  if (block?.type !== "block" || owner?.type !== "if_statement" || owner.childForFieldName("consequence")?.startIndex !== block.startIndex) return null;
  const condition = owner.childForFieldName("condition");
  return condition ? { statement: owner, condition, failsWhen: true, body: block } : null;
}
var KERNEL_CONTRACT = /\b(?:kernels?|wheels?|binar(?:y|ies)|sglang|sgl[-_]kernel|fp8|fa3|flash[-_ ]?attention[-_ ]?3|flash[-_ ]?attn[-_ ]?3|hopper|marlin|machete|cutlass)\b/i;
var REWRITTEN_USES = /bf16|bfloat16|flash[-_ ]?attention(?![-_ ]?3)|flash[-_ ]?attn(?![-_ ]?3)|\bfa2\b/i;
function kernelContract(body, condition) {
  const text = body.descendantsOfType("string").filter((string) => !!string && (string.startIndex >= condition.endIndex || string.endIndex <= condition.startIndex)).map((string) => string.text).join(" ");
  return KERNEL_CONTRACT.test(text) && !REWRITTEN_USES.test(text);
}
function checkStop(context2, statement, condition, failsWhen, body) {
  const check3 = context2.source.guards.hardwareCheckIn(condition);
  if (!check3) return;
  const cc2 = context2.target.gpu.computeCapability;
  const outcome = evaluate3(condition, cc2, context2);
  if (outcome.value !== failsWhen) return;
  const what2 = statement.type === "assert_statement" ? "This assert" : "This check raises and";
  const where = gpuLabel(context2.target);
  const emulation = outcome.bf16Check ? " With PyTorch 2.3 or newer `is_bf16_supported()` counts emulated bf16 and passes instead, so the bf16 code after it runs emulated and slow." : "";
  const hint2 = kernelContract(body, condition) ? `Keep the check unless the code after it changes: its message says kernels or a package it needs are built for newer GPUs only, so without it the run fails inside them instead. On this GPU run that step with a library or backend that supports compute capability ${formatComputeCapability(context2.target.gpu.computeCapability)}.` : void 0;
  context2.report({
    start: statement.startIndex,
    end: condition.endIndex,
    message: `${what2} requires ${outcome.requirement}: on ${where} it stops the run here.${emulation}`,
    hint: hint2 ?? `Drop the check, or turn it into a branch that picks float16 (or float32) below compute capability ${requiredCapability("bf16")}; the code after it is what must run on this GPU (gpu-compat rewrites its bf16 and FlashAttention uses).`
  });
}
function evaluate3(condition, cc2, context2) {
  const node = unparenthesize(condition);
  const unknown2 = { value: void 0, requirement: "", bf16Check: false };
  switch (node.type) {
    case "not_operator": {
      const inner = node.childForFieldName("argument");
      const result = inner ? evaluate3(inner, cc2, context2) : unknown2;
      return { ...result, value: result.value === void 0 ? void 0 : !result.value };
    }
    case "boolean_operator": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      const sides = [left, right].map((side) => side ? evaluate3(side, cc2, context2) : unknown2);
      const known = sides.find((side) => side.value !== void 0);
      const and = node.childForFieldName("operator")?.type === "and";
      const decisive = sides.find((side) => side.value === !and);
      if (decisive) return decisive;
      if (sides.every((side) => side.value !== void 0)) return known;
      return unknown2;
    }
    case "call": {
      const callee = node.childForFieldName("function");
      const name = callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : callee?.text;
      if (name && BF16_CHECKS.has(name)) return { value: context2.target.gpu.features.bf16, requirement: `native bf16 (compute capability ${requiredCapability("bf16")} or newer)`, bf16Check: true };
      return unknown2;
    }
    case "identifier":
    case "attribute":
      return unknown2;
    case "comparison_operator":
      return compareCapability(node, cc2, context2) ?? unknown2;
    default:
      return unknown2;
  }
}
function compareCapability(comparison, cc2, context2) {
  const parts = comparisonParts(comparison);
  if (!parts) return void 0;
  const { left, right, operator } = parts;
  const guards = context2.source.guards;
  const literalRight = capabilityLiteral(right);
  const literalLeft = capabilityLiteral(left);
  let hardwareOnLeft;
  if (literalRight && guards.hardwareCheckIn(left)) hardwareOnLeft = true;
  else if (literalLeft && guards.hardwareCheckIn(right)) hardwareOnLeft = false;
  else return void 0;
  const literal2 = hardwareOnLeft ? literalRight : literalLeft;
  const actual = literal2.scale === "major" ? cc2.major : literal2.scale === "code" ? cc2.major * 10 + cc2.minor : cc2.major + cc2.minor / 10;
  const [a, b] = hardwareOnLeft ? [actual, literal2.value] : [literal2.value, actual];
  const value2 = compare(a, operator, b);
  if (value2 === void 0) return void 0;
  const minimum = literal2.scale === "major" ? `${literal2.value}.0` : literal2.scale === "code" ? `${Math.floor(literal2.value / 10)}.${literal2.value % 10}` : literal2.value.toFixed(1);
  const strict = hardwareOnLeft && operator === ">" || !hardwareOnLeft && operator === "<";
  const requirement = strict ? `a compute capability above ${minimum}` : `compute capability ${minimum} or newer`;
  return { value: value2, requirement: `${requirement} (the target has ${formatComputeCapability(cc2)})`, bf16Check: false };
}
function capabilityLiteral(node) {
  const value2 = unparenthesize(node);
  if (value2.type === "integer") {
    const n = Number(value2.text);
    return n < 10 ? { value: n, scale: "major" } : { value: n, scale: "code" };
  }
  if (value2.type === "float") return { value: Number(value2.text), scale: "full" };
  if (value2.type === "tuple") {
    const parts = namedChildrenOf(value2);
    if (parts.length === 2 && parts.every((p) => p.type === "integer")) return { value: Number(parts[0].text) + Number(parts[1].text) / 10, scale: "full" };
  }
  return void 0;
}
function compare(a, operator, b) {
  switch (operator) {
    case ">=":
      return a >= b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case "<":
      return a < b;
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    default:
      return void 0;
  }
}

// packages/rules/src/shared/docker-images.ts
var DOCKERFILE = /(?:^|\/)(?:dockerfile(?:[._-][\w.-]+)?|[\w.-]+\.dockerfile)$/i;
function isDockerfile(path) {
  return path !== void 0 && DOCKERFILE.test(path);
}
function cudaBaseImages(document) {
  const images = [];
  for (const command of document.commands()) {
    if (command.name.value !== "FROM") continue;
    const word = command.args.find((arg) => !arg.value.startsWith("--"));
    if (!word) continue;
    const image = resolveArgs(document, word.value, command.node.startIndex);
    if (image === void 0) continue;
    const cuda = /^(?:[\w.-]+\/)?nvidia\/cuda:(\d+)\.(\d+)/.exec(image);
    if (cuda) {
      images.push({ image, start: word.start, end: word.end, cuda: [Number(cuda[1]), Number(cuda[2])] });
      continue;
    }
    const torch = /^(?:docker\.io\/)?pytorch\/pytorch:(\d+(?:\.\d+)*)-cuda(\d+)\.(\d+)/.exec(image);
    if (torch) images.push({ image, start: word.start, end: word.end, cuda: [Number(torch[2]), Number(torch[3])], torch: torch[1].split(".").map(Number) });
  }
  return images;
}
function resolveArgs(document, image, before) {
  let unknown2 = false;
  const resolved = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced, plain) => {
    const name = braced ?? plain;
    const assignment = document.assignments().filter((a) => a.name === name && a.scope === "script" && a.node.startIndex < before && !a.value.dynamic).at(-1);
    if (!assignment) unknown2 = true;
    return assignment?.value.value ?? "";
  });
  return unknown2 ? void 0 : resolved;
}

// packages/rules/src/platform/torch-wheel-arch.ts
function firstReleaseWithout(target) {
  return meets(target, "torch28Wheels") ? [2, 11] : [2, 8];
}
var OLD_CUDA_BUILD = /cu1(?:1\d|2[0-6])\b/;
var IMPORTS_TORCH = /(?:^|")[ \t]*(?:import[ \t]+torch\b|from[ \t]+torch\b)/m;
var INSTALL_FILES = [".py", ".ipynb", ".sh", ".txt", ".toml", ".cfg", ".yml", ".yaml", ".md", "Dockerfile"];
function preinstalledTorch(target) {
  return target.platform?.id.startsWith("kaggle-") ?? false;
}
var torchWheelArch = defineRule({
  id: "torch-wheel-arch",
  title: "PyTorch from wheels without kernels for the GPU",
  category: "platform",
  severity: "error",
  fixable: "never",
  lacks: "currentTorchWheels",
  triggers: ["install_requires", "torch"],
  checks: {
    shell: {
      triggers: ["pytorch/pytorch"],
      run(context2) {
        if (isDockerfile(context2.path)) checkPytorchImages(context2);
      }
    },
    requirements: {
      triggers: ["torch"],
      run(context2) {
        const { document } = context2;
        if (OLD_CUDA_BUILD.test(document.text)) return;
        for (const requirement of document.find("torch")) {
          const written2 = document.text.slice(requirement.start, requirement.end);
          if (report4(context2, requirement.start, requirement.end, requirement.specifier, written2)) continue;
          if (allowsNewest(requirement.specifier, firstReleaseWithout(context2.target)) && isProjectAnchor(context2, "requirements")) {
            reportUnpinned(context2, requirement.start, requirement.end, written2);
          }
        }
      }
    },
    python: {
      run(context2) {
        for (const node of context2.source.occurrences("install_requires")) checkSetupCall(context2, node);
        if (preinstalledTorch(context2.target) && isProjectAnchor(context2, "python")) checkFirstImport(context2);
      }
    }
  }
});
function checkPytorchImages(context2) {
  const first = firstReleaseWithout(context2.target);
  for (const image of cudaBaseImages(context2.document)) {
    if (!image.torch || compare2(image.torch, first) < 0 || compare2(image.cuda, [12, 8]) < 0) continue;
    context2.report({
      start: image.start,
      end: image.end,
      message: `\`${image.image}\` carries PyTorch ${image.torch.join(".")} built for CUDA ${image.cuda.join(".")}, which has no kernels for ${gpuLabel(context2.target)}: every CUDA call fails with "no kernel image is available for execution on the device".`,
      hint: meets(context2.target, "torchCu126Wheels") ? `Use a \`-cuda12.6-\` tag of the same release if there is one, or a release before ${first.join(".")}; or install the CUDA 12.6 build in the image: \`RUN pip install torch torchvision torchaudio --index-url https://download.pytorch.org/whl/cu126\`.` : installHint(context2.target)
    });
  }
}
function checkSetupCall(context2, name) {
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return;
  const call = argument.parent?.parent;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const callee = fn && context2.source.imports.qualifiedName(fn);
  if (!callee || !/(^|\.)setup$/.test(callee)) return;
  const list = keywordValue(argument);
  if (list?.type !== "list") return;
  for (const item of namedChildrenOf(list)) {
    const value2 = stringValue(item);
    if (value2 === null || OLD_CUDA_BUILD.test(value2)) continue;
    const match = /^\s*([A-Za-z0-9._-]+)\s*(.*)$/.exec(value2);
    if (match && normalizeProjectName(match[1]) === "torch") report4(context2, item.startIndex, item.endIndex, match[2].split(";")[0], value2.trim());
  }
}
function isProjectAnchor(context2, kind) {
  const { project, path } = context2;
  const older = olderInstall(firstReleaseWithout(context2.target));
  if (!project.dependencyFile || !project.firstFileMatching) {
    const text = textOf(context2);
    return (kind === "requirements" || IMPORTS_TORCH.test(text)) && !older.test(text);
  }
  const dependencyFile = project.dependencyFile("torch");
  const anchor = kind === "requirements" ? dependencyFile : dependencyFile === void 0 ? project.firstFileMatching(IMPORTS_TORCH, [".ipynb"]) ?? project.firstFileMatching(IMPORTS_TORCH, [".py"]) : void 0;
  if (anchor === void 0 || anchor !== path) return false;
  return project.firstFileMatching(older, INSTALL_FILES) === void 0;
}
function textOf(context2) {
  if ("source" in context2) return context2.source.text;
  return "document" in context2 ? context2.document.text : "";
}
function olderInstall(first) {
  const minors = Array.from({ length: first[1] }, (_, i) => String(i)).join("|");
  return new RegExp(`download\\.pytorch\\.org/whl/cu1(?:1\\d|2[0-6])\\b|\\btorch\\s*(?:==|<=)\\s*(?:1\\.|2\\.(?:${minors})\\b)|\\btorch\\s*<\\s*${first[0]}\\.${first[1]}\\b`);
}
function checkFirstImport(context2) {
  const statement = context2.source.imports.statements.find((node) => /^(?:import\s+torch\b|from\s+torch\b)/.test(node.text));
  if (!statement) return;
  reportUnpinned(context2, statement.startIndex, statement.endIndex);
}
function report4(context2, start, end, specifier, requirement) {
  const first = firstReleaseWithout(context2.target);
  const floor = lowestAllowedVersion(specifier);
  if (!floor || compare2(floor, first) < 0) return false;
  context2.report({
    start,
    end,
    message: `\`${requirement}\` installs PyTorch ${first.join(".")}+ from PyPI, whose CUDA wheels have no kernels for ${gpuLabel(context2.target)}: every CUDA call fails with "no kernel image is available for execution on the device".`,
    hint: installHint(context2.target)
  });
  return true;
}
function reportUnpinned(context2, start, end, requirement) {
  const { target } = context2;
  const first = firstReleaseWithout(target).join(".");
  const gpu2 = gpuLabel(target);
  const fails = `every CUDA call fails with "no kernel image is available for execution on the device"`;
  const platform = preinstalledTorch(target) ? target.platform.name : void 0;
  const message2 = platform ? requirement ? `\`${requirement}\` is met by the PyTorch that ${platform} comes with, so pip keeps it, and that build (CUDA 12.8) has no kernels for ${gpu2}: ${fails}.` : `Nothing in this project installs PyTorch, and the build that ${platform} comes with (CUDA 12.8) has no kernels for ${gpu2}: ${fails}.` : `\`${requirement}\` lets pip install the newest PyTorch, and its default CUDA wheels (${first} and later) have no kernels for ${gpu2}: ${fails}.`;
  context2.report({ start, end, message: message2, hint: installHint(target), ...platform ? {} : { severity: "warning" } });
}
function installHint(target) {
  const cc2 = formatComputeCapability(target);
  const first = firstReleaseWithout(target).join(".");
  if (!meets(target, "torchCu126Wheels")) {
    return `Compute capability ${cc2} needs a much older PyTorch build; check the PyTorch CUDA support matrix for the last release that includes it.`;
  }
  const install = "pip install torch torchvision torchaudio --index-url https://download.pytorch.org/whl/cu126";
  if (preinstalledTorch(target)) {
    return `In the notebook's first cell, before anything imports torch (internet on), install PyTorch's CUDA 12.6 build, which keeps compute capability ${cc2}: \`!${install}\`; or pin \`torch<${first}\`.`;
  }
  return `Install PyTorch's CUDA 12.6 build, which keeps compute capability ${cc2}: \`${install}\`; or pin \`torch<${first}\`.`;
}
function allowsNewest(specifier, first) {
  for (const clause of specifier.split(",")) {
    const match = /^\s*(===|==|<=|<|~=)\s*v?(\d+(?:\.\d+)*)(\.\*)?/.exec(clause);
    if (!match) continue;
    const version = match[2].split(".").map(Number);
    const [op] = [match[1]];
    if (op === "<" && compare2(version, first) <= 0) return false;
    if ((op === "<=" || op === "==" || op === "===") && compare2(version, first) < 0) return false;
    if (op === "~=" && version.length > 1 && compare2([...version.slice(0, -2), version.at(-2) + 1], first) <= 0) return false;
  }
  return true;
}
function lowestAllowedVersion(specifier) {
  let floor;
  for (const clause of specifier.split(",")) {
    const match = /^\s*(===|==|>=|~=|>)\s*v?(\d+(?:\.\d+)*)/.exec(clause);
    if (!match) continue;
    const version = match[2].split(".").map(Number);
    if (!floor || compare2(version, floor) > 0) floor = version;
  }
  return floor;
}
function compare2(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// packages/rules/src/platform/cuda-arch-list.ts
var ARCH_LIST = "TORCH_CUDA_ARCH_LIST";
var cudaArchList = defineRule({
  id: "cuda-arch-list",
  title: "CUDA code built without the GPU's architecture",
  category: "platform",
  severity: "error",
  fixable: "sometimes",
  appliesWhen: "every target: what is built or installed must include the target's architecture",
  appliesTo: () => true,
  triggers: [ARCH_LIST, "FROM"],
  checks: {
    shell: {
      run(context2) {
        for (const assignment of context2.document.assignments()) {
          if (assignment.name === ARCH_LIST && !context2.document.guardOf(assignment.node)) checkArchList(context2, assignment.value);
        }
        if (isDockerfile(context2.path)) checkBaseImages(context2);
      }
    }
  }
});
function checkArchList(context2, value2) {
  const archs = parseArchList(value2);
  if (!archs || archs.length === 0 || archs.some((arch) => runsOn(arch, context2.target))) return;
  const { target } = context2;
  const cc2 = formatComputeCapability(target);
  const written2 = value2.value;
  const message2 = `\`${ARCH_LIST}="${written2}"\` builds CUDA extensions only for compute capability ${archs.map(label).join(", ")}, and none of those kernels runs on ${gpuLabel(target)}: the extensions fail there with "no kernel image is available for execution on the device".`;
  const insert = insertion(value2, archs, target);
  const fixed = `${written2.slice(0, insert.at - value2.valueStart)}${insert.text}${written2.slice(insert.at - value2.valueStart)}`;
  const certain = archs.some((arch) => !arch.ptx && below2(arch, target)) && verbatim(value2);
  if (certain) {
    context2.report({ start: value2.start, end: value2.end, message: `${message2} Adding ${cc2}.`, fix: [{ start: insert.at, end: insert.at, text: insert.text }] });
    return;
  }
  context2.report({
    start: value2.start,
    end: value2.end,
    message: message2,
    hint: `Add ${cc2} to the list (\`${ARCH_LIST}="${fixed}"\`) if the extensions build for it; kernels written for compute capability ${requiredCapability("flashAttention2")} and newer (FlashAttention-2, FP8) do not, and need another code path on this GPU.${baseBuildsFor(context2) ? "" : toolkitNote(target)}`
  });
}
function baseBuildsFor(context2) {
  if (!isDockerfile(context2.path)) return false;
  const toolkits = cudaBaseImages(context2.document).map((image) => image.cuda[0]);
  return toolkits.length > 0 && toolkits.every((toolkit) => !toolkitDropped(toolkit, context2.target));
}
function toolkitDropped(toolkit, target) {
  return toolkit >= 13 ? !meets(target, "cuda13Toolkit") : toolkit === 12 ? !meets(target, "cuda12Toolkit") : false;
}
function toolkitNote(target) {
  if (!meets(target, "cuda12Toolkit")) return ` Building for compute capability ${formatComputeCapability(target)} needs CUDA 11.x: CUDA 12 dropped Kepler.`;
  if (!meets(target, "cuda13Toolkit")) return ` Building for compute capability ${formatComputeCapability(target)} needs CUDA 12.x: CUDA 13 dropped it.`;
  return "";
}
function checkBaseImages(context2) {
  const { target } = context2;
  for (const image of cudaBaseImages(context2.document)) {
    if (image.torch) continue;
    if (!toolkitDropped(image.cuda[0], target)) continue;
    const instead = meets(target, "cuda12Toolkit") ? "a CUDA 12 tag (12.9 is the last toolkit that builds for it)" : "a CUDA 11.x tag (11.8 is the last toolkit that builds for Kepler)";
    context2.report({
      start: image.start,
      end: image.end,
      severity: "warning",
      message: `\`${image.image}\` carries CUDA ${image.cuda.join(".")}, whose compiler and libraries dropped ${gpuLabel(target)}: code built or run in this image gets no kernels for it.`,
      hint: `Base the image on ${instead}, with the same variant (devel, runtime, cudnn) and OS.`
    });
  }
}
function parseArchList(value2) {
  if (value2.dynamic) return void 0;
  const archs = [];
  const pattern = /[^;\s]+/g;
  for (const match of value2.value.matchAll(pattern)) {
    const entry = /^(\d+)\.(\d+)(\+PTX)?$/i.exec(match[0]);
    if (!entry) return void 0;
    const start = value2.valueStart + match.index;
    archs.push({ major: Number(entry[1]), minor: Number(entry[2]), ptx: entry[3] !== void 0, start, end: start + match[0].length });
  }
  return archs;
}
function runsOn(arch, target) {
  const { major, minor } = target.gpu.computeCapability;
  if (arch.major === major && arch.minor <= minor) return true;
  return arch.ptx && !above(arch, target);
}
function below2(arch, target) {
  const { major, minor } = target.gpu.computeCapability;
  return arch.major < major || arch.major === major && arch.minor < minor;
}
function above(arch, target) {
  const { major, minor } = target.gpu.computeCapability;
  return arch.major > major || arch.major === major && arch.minor > minor;
}
function label(arch) {
  return `${arch.major}.${arch.minor}${arch.ptx ? "+PTX" : ""}`;
}
function insertion(value2, archs, target) {
  const cc2 = formatComputeCapability(target);
  const separator = /;/.test(value2.value) ? ";" : " ";
  const next = archs.find((arch) => above(arch, target));
  return next ? { at: next.start, text: `${cc2}${separator}` } : { at: archs.at(-1).end, text: `${separator}${cc2}` };
}
function verbatim(value2) {
  return value2.parts.every((part) => part.verbatim);
}

// packages/rules/src/platform/tpu-cuda-code.ts
var MESSAGES2 = messageTemplates({
  cudaMethod: '`{{code}}` moves to a CUDA device, and a TPU has none: it fails with "Torch not compiled with CUDA enabled" (or, with a CUDA build of torch, finds no NVIDIA driver).',
  cudaString: "`{{code}}` names a CUDA device, and a TPU has none: PyTorch reaches the TPU as the XLA device.",
  cudaAmp: "`{{code}}` is CUDA mixed precision; on a TPU, mixed precision is bf16 autocast on the XLA device, which needs no loss scaling.",
  cudaLibrary: "{{library}} runs CUDA kernels ({{why}}), so it does not run on a TPU.",
  cudaSource: "This CUDA source builds kernels for NVIDIA GPUs only: nothing in it runs on a TPU."
});
var CUDA_LIBRARIES = {
  bitsandbytes: { project: "bitsandbytes", why: "its 4/8-bit kernels have no TPU backend", instead: "Load the model in bf16 (native on a TPU) instead of 4/8-bit; `BitsAndBytesConfig` and 8-bit optimizers have no TPU path." },
  flash_attn: { project: "flash-attn", why: "FlashAttention's kernels are written in CUDA", instead: 'Use PyTorch SDPA (`attn_implementation="sdpa"` or `"eager"`), which torch_xla lowers for the TPU; torch_xla also ships a Pallas flash attention (`torch_xla.experimental.custom_kernel.flash_attention`).' },
  xformers: { project: "xformers", why: "its attention kernels are CUDA and Triton", instead: "Use PyTorch SDPA (`torch.nn.functional.scaled_dot_product_attention`), which torch_xla lowers for the TPU." },
  triton: { project: "triton", why: "Triton compiles for NVIDIA and AMD GPUs", instead: "Keep the PyTorch reference path of the kernel, which XLA compiles for the TPU (or write it in Pallas)." }
};
var DEVICE_HINT = "On a TPU use the XLA device: `import torch_xla` and `device = torch_xla.device()` (older torch_xla: `torch_xla.core.xla_model.xla_device()`), then `.to(device)`.";
var AMP_HINT = 'Use `torch.autocast("xla", dtype=torch.bfloat16)` and drop the GradScaler (PyTorch/XLA AMP docs).';
var tpuCudaCode = defineRule({
  id: "tpu-cuda-code",
  title: "CUDA-only code on a TPU target",
  category: "platform",
  severity: "warning",
  fixable: "never",
  messages: MESSAGES2.templates,
  runsOnTpu: true,
  appliesWhen: "the target is not a CUDA GPU (kaggle-tpu-v3-8)",
  appliesTo: (target) => !isCudaTarget(target),
  triggers: ["cuda", "BitsAndBytesConfig", ...Object.keys(CUDA_LIBRARIES)],
  checks: {
    python: {
      run(context2) {
        if (context2.source.imports.statements.some((statement) => /\btorch_xla\b/.test(statement.text))) return;
        checkImports(context2);
        const seen = /* @__PURE__ */ new Set();
        for (const node of context2.source.occurrences("cuda")) checkCuda(context2, node, seen);
        for (const node of context2.source.occurrences("BitsAndBytesConfig")) checkBnbConfig(context2, node);
      }
    },
    requirements: {
      triggers: Object.values(CUDA_LIBRARIES).map((library) => library.project),
      run(context2) {
        for (const library of Object.values(CUDA_LIBRARIES)) {
          for (const requirement of context2.document.find(library.project)) {
            context2.report({ start: requirement.start, end: requirement.end, ...MESSAGES2.render("cudaLibrary", { library: `\`${library.project}\``, why: library.why }), hint: library.instead });
          }
        }
      }
    },
    cuda: {
      triggers: ["__global__"],
      run(context2) {
        const at = context2.document.text.indexOf("__global__");
        if (at < 0) return;
        context2.report({ start: at, end: at + "__global__".length, ...MESSAGES2.render("cudaSource", {}), hint: "Keep or write a PyTorch implementation of what these kernels compute (XLA compiles it for the TPU), or port them to Pallas." });
      }
    }
  }
});
function checkImports(context2) {
  for (const statement of context2.source.imports.statements) {
    const module = /^(?:from\s+([\w.]+)|import\s+([\w.]+))/.exec(statement.text);
    const root = (module?.[1] ?? module?.[2])?.split(".")[0];
    const library = root === void 0 ? void 0 : CUDA_LIBRARIES[root];
    if (!library) continue;
    context2.report({ start: statement.startIndex, end: statement.endIndex, ...MESSAGES2.render("cudaLibrary", { library: `\`${root}\``, why: library.why }), hint: library.instead });
  }
}
function checkBnbConfig(context2, node) {
  const found = callNamedAt(node);
  if (!found) return;
  const library = CUDA_LIBRARIES["bitsandbytes"];
  context2.report({ start: found.call.startIndex, end: found.call.endIndex, ...MESSAGES2.render("cudaLibrary", { library: "`BitsAndBytesConfig` (bitsandbytes)", why: library.why }), hint: library.instead });
}
function checkCuda(context2, node, seen) {
  const { source } = context2;
  if (node.type === "identifier") {
    const attribute = node.parent?.type === "attribute" ? node.parent : null;
    const qualified = attribute ? source.imports.qualifiedName(attribute) : null;
    let outer = attribute;
    while (outer?.parent?.type === "attribute") outer = outer.parent;
    const outerName = outer ? source.imports.qualifiedName(outer) : null;
    if (outer && outerName?.startsWith("torch.cuda.amp.") && !seen.has(outer.startIndex)) {
      seen.add(outer.startIndex);
      context2.report({ start: outer.startIndex, end: outer.endIndex, ...MESSAGES2.render("cudaAmp", { code: outer.text }), hint: AMP_HINT });
      return;
    }
    if (qualified === "torch.cuda") return;
    const found = callNamedAt(node);
    if (found && attribute && found.callee.startIndex === attribute.startIndex) {
      context2.report({ start: attribute.startIndex, end: found.call.endIndex, ...MESSAGES2.render("cudaMethod", { code: `${attribute.childForFieldName("object")?.text ?? ""}.cuda()` }), hint: DEVICE_HINT });
    }
    return;
  }
  const string = node.type === "string" ? node : closestAncestor(node, "string");
  if (!string || seen.has(string.startIndex)) return;
  const value2 = stringValue(string);
  if (value2 === null || !/^cuda(?::\d+)?$/.test(value2)) return;
  seen.add(string.startIndex);
  if (!passedAsDevice(string)) return;
  const call = closestAncestor(string, "call");
  const callee = call?.childForFieldName("function");
  const calleeName2 = callee ? source.imports.qualifiedName(callee) : null;
  if (calleeName2 === "torch.autocast" || calleeName2 === "torch.amp.autocast") {
    context2.report({ start: string.startIndex, end: string.endIndex, ...MESSAGES2.render("cudaAmp", { code: `${callee.text}(${string.text}, ...)` }), hint: AMP_HINT });
    return;
  }
  context2.report({ start: string.startIndex, end: string.endIndex, ...MESSAGES2.render("cudaString", { code: string.text }), hint: DEVICE_HINT });
}
function passedAsDevice(string) {
  const parent = string.parent;
  if (!parent) return false;
  if (parent.type === "argument_list") return true;
  if (parent.type === "keyword_argument") return parent.childForFieldName("value")?.startIndex === string.startIndex;
  if (parent.type === "assignment") return /device/i.test(parent.childForFieldName("left")?.text ?? "");
  return false;
}

// packages/rules/src/platform/kaggle-input-write.ts
var INPUT = "/kaggle/input";
var WORKING = "/kaggle/working";
function underInput(path) {
  return path === INPUT || path.startsWith(`${INPUT}/`);
}
var OUTPUT_KEYWORDS = /* @__PURE__ */ new Set(["output_dir"]);
var OUTPUT_CONFIG_KEYS = ["output_dir", "out_dir"];
var WRITE_MODE = /[wax+]/;
var kaggleInputWrite = defineRule({
  id: "kaggle-input-write",
  title: "Writes under /kaggle/input, which Kaggle mounts read-only",
  category: "platform",
  severity: "error",
  fixable: "never",
  appliesWhen: "the target is a Kaggle platform (kaggle-t4x2, kaggle-p100), where /kaggle/input is read-only",
  runsOnTpu: true,
  appliesTo: (target) => isKaggle(target.platform?.id),
  triggers: [INPUT],
  checks: {
    python: {
      run(context2) {
        for (const node of context2.source.occurrences(INPUT)) checkPythonString(context2, node);
      }
    },
    shell: {
      run(context2) {
        const { document } = context2;
        for (const command of flagCommands(document)) {
          const use = lastUse(command.args, "output_dir");
          const value2 = use?.value;
          if (!use || !value2 || value2.dynamic || !underInput(value2.value)) continue;
          report5(context2, useRange(use), `\`${useText(document, use)}\``, value2.value);
        }
      }
    },
    config: {
      run(context2) {
        const { document } = context2;
        for (const key of OUTPUT_CONFIG_KEYS) {
          const entry = document.get([key]);
          if (!entry || typeof entry.value !== "string" || !underInput(entry.value)) continue;
          const start = entry.keyStart ?? entry.valueStart;
          report5(context2, { start, end: entry.valueEnd }, `\`${document.text.slice(start, entry.valueEnd)}\``, entry.value);
        }
      }
    }
  }
});
function isKaggle(platform) {
  return platform?.startsWith("kaggle-") ?? false;
}
function checkPythonString(context2, node) {
  const { source } = context2;
  const string = node.type === "string" ? node : node.parent?.type === "string" ? node.parent : null;
  const first = (string ? namedChildrenOf(string) : []).find((child) => child.type !== "string_start");
  if (!string || first?.type !== "string_content" || first.startIndex !== node.startIndex) return;
  const path = stringValue(string) ?? string.text;
  const holder = string.parent;
  const argument = holder?.type === "keyword_argument" ? holder : null;
  const call = callOfArgument(argument ?? string);
  if (!call || source.guards.guardOf(call)) return;
  const fn = call.childForFieldName("function");
  const callee = fn ? source.imports.qualifiedName(fn) : null;
  const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : void 0;
  const name = argument?.childForFieldName("name")?.text;
  const position = argument ? -1 : positionalIndex(call, string);
  let what2;
  if (name !== void 0 && OUTPUT_KEYWORDS.has(name)) what2 = `\`${name}=\``;
  else if (method === "save_pretrained" && (position === 0 || name === "save_directory")) what2 = "`save_pretrained(...)`";
  else if (callee === "torch.save" && (position === 1 || name === "f")) what2 = "`torch.save(...)`";
  else if ((callee === "open" || callee === "io.open" || callee === "builtins.open") && (position === 0 || name === "file")) {
    const mode = keywordArgument(call, "mode");
    const modeNode = mode ? keywordValue(mode) : argumentsOf(call)[1] ?? null;
    const modeText = stringValue(modeNode);
    if (modeText !== null && WRITE_MODE.test(modeText)) what2 = `\`open(..., "${modeText}")\``;
  }
  if (what2) report5(context2, { start: string.startIndex, end: string.endIndex }, what2, path);
}
function positionalIndex(call, node) {
  return argumentsOf(call).findIndex((argument) => argument.startIndex === node.startIndex && argument.endIndex === node.endIndex);
}
function report5(context2, range, what2, path) {
  const platform = context2.target.platform?.name ?? "Kaggle";
  const suggested = path.replace(INPUT, WORKING);
  context2.report({
    ...range,
    message: `${what2} writes to \`${path}\`, but on ${platform}, /kaggle/input holds the attached datasets and models read-only: the write fails with "OSError: [Errno 30] Read-only file system" (naming the path, or the first directory of it that had to be created).`,
    hint: `Write under /kaggle/working, the notebook's writable directory that Kaggle saves as its output: \`${suggested}\` (or /tmp for scratch files that need not be kept). Reading from /kaggle/input is fine.`
  });
}

// packages/rules/src/platform/kaggle-checkpoint-size.ts
var FEW_SAVES = 3;
var WEIGHT_COPIES_WITH_ADAM = 3;
var kaggleCheckpointSize = defineRule({
  id: "kaggle-checkpoint-size",
  title: "Full fine-tune checkpoints without save_total_limit that outgrow the output Kaggle saves",
  category: "platform",
  severity: "warning",
  fixable: "never",
  appliesWhen: "the target's platform saves a bounded output directory (kaggle-t4x2, kaggle-p100: 20 GB of /kaggle/working)",
  runsOnTpu: true,
  appliesTo: (target) => target.platform?.savedOutput !== void 0,
  triggers: ["save_steps", "save_strategy"],
  // The size comes from the model the file loads: without `from_pretrained` there is nothing to count.
  mayMatch: (scan) => scan.inCode("from_pretrained"),
  checks: {
    python: {
      run(context2) {
        for (const call of trainingArgumentsCallsWith(context2.source, ["save_steps", "save_strategy"])) checkCall2(context2, call);
      }
    }
  }
});
function checkCall2(context2, call) {
  const { source, target } = context2;
  const saved = target.platform?.savedOutput;
  if (!saved || source.guards.guardOf(call) || hasSplat(call) || keywordArgument(call, "save_total_limit")) return;
  if (["deepspeed", "fsdp"].some((name) => keywordArgument(call, name))) return;
  const optimizer = keywordArgument(call, "optim");
  if (optimizer && !ADAM_32BIT.test(stringValue(keywordValue(optimizer)) ?? "")) return;
  if (!fullFineTune(source)) return;
  const outputDir = keywordArgument(call, "output_dir");
  const dir = outputDir ? stringValue(keywordValue(outputDir)) : null;
  if (dir?.startsWith("/") && dir !== saved.path && !dir.startsWith(`${saved.path}/`)) return;
  const saves = savesOf(call);
  if (saves === void 0) return;
  const model = trainedModel2(context2);
  if (!model) return;
  const onlyModel = isTrue(value(call, "save_only_model"));
  const copies = onlyModel ? 1 : WEIGHT_COPIES_WITH_ADAM;
  const checkpointGB = model.parameters * bytesPerParameter(model.dtype) * copies / 1e9;
  const count2 = saves.count ?? FEW_SAVES;
  if (checkpointGB * count2 <= saved.gb) return;
  const keep = Math.floor(saved.gb / checkpointGB) - 1;
  const bytes2 = bytesPerParameter(model.dtype);
  const held = onlyModel ? "the weights (`save_only_model=True`)" : "the weights and Adam's two moments (optimizer.pt, kept in the weights' dtype)";
  const perParameter = onlyModel ? `${bytes2} bytes/parameter` : `${copies} x ${bytes2} = ${copies * bytes2} bytes/parameter`;
  const size3 = model.exact ? `in ${model.dtype}, ${perParameter}, ~${gb(checkpointGB)} GB` : `at least ${perParameter} with 16-bit weights, ~${gb(checkpointGB)} GB (twice that in float32, which transformers 4 loads when no dtype is given)`;
  const when = saves.count === void 0 ? `after ${FEW_SAVES} saves (${saves.basis})` : `over the run's ${saves.count} saves (${saves.basis})`;
  const weightsOnlyGB = model.parameters * bytes2 / 1e9;
  const keepWeights = Math.floor(saved.gb / weightsOnlyGB) - 1;
  const elsewhere = `save the checkpoints outside ${saved.path} (\`output_dir="/tmp/checkpoints"\`, not kept after the session) and copy the final model to ${saved.path} if it fits`;
  context2.report({
    start: saves.node.startIndex,
    end: saves.node.endIndex,
    message: `Every checkpoint of this full fine-tune is kept (no \`save_total_limit\`): each checkpoint of ${model.label} holds ${held}: ${size3}. ${when[0].toUpperCase()}${when.slice(1)} they take ~${gb(checkpointGB * count2)} GB, more than the ${saved.gb} GB of ${saved.path} that ${target.platform.name} saves.`,
    hint: keep >= 1 ? `Keep the newest ${keep === 1 ? "checkpoint" : `${keep} checkpoints`}: \`save_total_limit=${keep}\` (the Trainer writes the next one before it deletes the oldest, so ${keep + 1} are on disk at a time; with \`load_best_model_at_end=True\` the best one is kept as well), or save less often.` : (keep < 0 ? `Even one checkpoint is more than ${saved.gb} GB: ` : `Two checkpoints do not fit in ${saved.gb} GB, and the Trainer writes the next one before it deletes the oldest: `) + elsewhere + (onlyModel || keepWeights < 1 ? "." : `, or \`save_only_model=True, save_total_limit=${keepWeights}\` (weights only, ~${gb(weightsOnlyGB)} GB each; the run cannot resume its optimizer from them).`)
  });
}
function savesOf(call) {
  const strategyArgument = keywordArgument(call, "save_strategy");
  const strategy = strategyArgument ? stringValue(keywordValue(strategyArgument)) : "steps";
  const stepsArgument = keywordArgument(call, "save_steps");
  if (strategy === "epoch") {
    const epochs = integerLiteral(value(call, "num_train_epochs"));
    return epochs ? { count: epochs, basis: `\`save_strategy="epoch"\`, ${epochs} epochs`, node: strategyArgument } : { basis: `\`save_strategy="epoch"\``, node: strategyArgument };
  }
  if (strategy !== "steps" || !stepsArgument) return void 0;
  const steps = integerLiteral(keywordValue(stepsArgument));
  if (!steps) return void 0;
  const maxSteps = integerLiteral(value(call, "max_steps"));
  return maxSteps ? { count: Math.floor(maxSteps / steps), basis: `\`max_steps=${maxSteps}\` / \`save_steps=${steps}\``, node: stepsArgument } : { basis: `every ${steps} steps`, node: stepsArgument };
}
function value(call, name) {
  const argument = keywordArgument(call, name);
  return argument ? keywordValue(argument) : null;
}
function trainedModel2(context2) {
  const { source } = context2;
  if (!source.occurrences("from_config").next().done) return void 0;
  const ids = /* @__PURE__ */ new Set();
  let dtype;
  let exact2 = false;
  for (const node of source.occurrences("from_pretrained")) {
    const found = callNamedAt(node);
    if (!found) continue;
    const id2 = modelIdOf(context2, found.call);
    const weights = loadWeightsOf(source, found.call);
    if (id2 === void 0 || !weights) return void 0;
    ids.add(id2);
    if (!dtype || bytesPerParameter(weights.low) > bytesPerParameter(dtype)) dtype = weights.low;
    if (weights.low === weights.high && weights.low === dtype) exact2 = true;
  }
  if (ids.size !== 1) return void 0;
  const id = [...ids][0];
  const size3 = sizeOf(context2, id);
  if (!size3 || !dtype || bytesPerParameter(dtype) < 2) return void 0;
  return { label: modelLabel(id, size3), parameters: size3.parameters, dtype, exact: exact2 };
}
function gb(value2) {
  return value2 >= 10 ? value2.toFixed(0) : value2.toFixed(1);
}

// packages/rules/src/platform/session-time-limit.ts
var LONG_STEPS = 5e3;
var LONG_EPOCHS = 10;
var sessionTimeLimit = defineRule({
  id: "session-time-limit",
  title: "Long Trainer runs that save nothing, or never resume, on a platform whose sessions end after 12 h",
  category: "platform",
  severity: "warning",
  fixable: "never",
  appliesWhen: "the target's platform ends GPU sessions after a fixed time (kaggle-t4x2, kaggle-p100, colab-t4: 12 h)",
  appliesTo: (target) => target.platform?.sessionHours !== void 0,
  triggers: ["max_steps", "num_train_epochs"],
  checks: {
    config: { needsOneOf: TRAINER_CONFIG_MARKERS, triggers: ["max_steps", "num_train_epochs", "num_epochs"], run: checkConfig2 },
    python: {
      run(context2) {
        for (const call of trainingArgumentsCallsWith(context2.source, ["max_steps", "num_train_epochs"])) checkCall3(context2, call);
      }
    }
  }
});
function checkCall3(context2, call) {
  const { source } = context2;
  if (source.guards.guardOf(call) || hasSplat(call)) return;
  const length = callLength(call);
  if (!length) return;
  const strategy = keywordArgument(call, "save_strategy");
  const strategyValue = strategy ? keywordValue(strategy) : null;
  const savesNothing = !!strategyValue && (stringValue(strategyValue)?.toLowerCase() === "no" || /\.NO$/.test(strategyValue.text));
  if (savesNothing) {
    report6(context2, length, "nothing", `\`${strategy.text.replace(/\s+/g, "")}\``);
    return;
  }
  const trains2 = source.text.includes(".train(");
  if (!trains2 || !source.occurrences("resume_from_checkpoint").next().done || length.steps === void 0) return;
  report6(context2, length, "no-resume");
}
function callLength(call) {
  const maxSteps = keywordArgument(call, "max_steps");
  const steps = integerLiteral(maxSteps && keywordValue(maxSteps));
  if (maxSteps && steps !== null && steps > 0) {
    return steps >= LONG_STEPS ? { range: { start: maxSteps.startIndex, end: maxSteps.endIndex }, text: maxSteps.text.replace(/\s+/g, ""), steps } : void 0;
  }
  const epochsArgument = keywordArgument(call, "num_train_epochs");
  const epochs = numberLiteral(epochsArgument && keywordValue(epochsArgument));
  if (!epochsArgument || epochs === null || epochs < LONG_EPOCHS) return void 0;
  return { range: { start: epochsArgument.startIndex, end: epochsArgument.endIndex }, text: epochsArgument.text.replace(/\s+/g, ""), epochs };
}
function numberLiteral(node) {
  if (!node || node.type !== "integer" && node.type !== "float") return null;
  const value2 = Number(node.text.replace(/_/g, ""));
  return Number.isFinite(value2) ? value2 : null;
}
function checkConfig2(context2) {
  const { document } = context2;
  if (!TRAINER_CONFIGS.has(document.kind)) return;
  const strategy = document.get(["save_strategy"]);
  if (!strategy || String(strategy.value).toLowerCase() !== "no") return;
  const stepsEntry = document.get(["max_steps"]);
  const steps = typeof stepsEntry?.value === "number" && Number.isInteger(stepsEntry.value) && stepsEntry.value > 0 ? stepsEntry.value : null;
  let length;
  if (stepsEntry && steps !== null) {
    if (steps >= LONG_STEPS) length = { range: entryRange(stepsEntry), text: entryText(document, stepsEntry), steps };
  } else {
    const epochsEntry = document.get(["num_train_epochs"]) ?? document.get(["num_epochs"]);
    const epochs = typeof epochsEntry?.value === "number" ? epochsEntry.value : null;
    if (epochsEntry && epochs !== null && epochs >= LONG_EPOCHS) length = { range: entryRange(epochsEntry), text: entryText(document, epochsEntry), epochs };
  }
  const saveSteps = document.format === "json" ? '`"save_strategy": "steps"` with `"save_steps"`' : "`save_strategy: steps` with `save_steps`";
  if (length) report6(context2, length, "nothing", `\`${entryText(document, strategy)}\``, saveSteps);
}
function report6(context2, length, saves, strategy = "", saveSteps = '`save_strategy="steps"` with `save_steps`') {
  const platform = context2.target.platform;
  const hours = platform.sessionHours;
  const budget = length.steps === void 0 ? "" : ` To finish within one session, each of the ${length.steps} steps must take under ${secondsPerStep(hours, length.steps)} s.`;
  const end = `${platform.name} ends a GPU session after ${hours} h`;
  const resume = resumeAdvice(platform);
  if (saves === "nothing") {
    context2.report({
      ...length.range,
      message: `\`${length.text}\` with ${strategy} saves no checkpoint: ${end}, and a run cut off there loses all its training.${budget}`,
      hint: `If the run may take longer, save checkpoints (${saveSteps}, and \`save_total_limit\` to bound the disk) ${resume}; or shorten the run.`
    });
    return;
  }
  const severity = "info";
  context2.report({
    ...length.range,
    severity,
    message: `\`${length.text}\`: ${end}, and this file never resumes a run (\`trainer.train()\` without \`resume_from_checkpoint\`), so a run cut off there starts again from the first step.${budget}`,
    hint: `If the run may take longer, keep its checkpoints ${resume}.`
  });
}
function secondsPerStep(hours, steps) {
  const seconds = hours * 3600 / steps;
  return seconds >= 10 ? seconds.toFixed(0) : seconds.toFixed(1);
}
function resumeAdvice(platform) {
  if (platform.savedOutput) {
    const { path, gb: gb2 } = platform.savedOutput;
    return `in ${path} (relative \`output_dir\`s land there; Kaggle saves up to ${gb2} GB of it as the notebook's output), then in the next session add that output as an input and resume from it: \`trainer.train(resume_from_checkpoint="/kaggle/input/<output>/checkpoint-<step>")\``;
  }
  return "on storage that outlives the session (an `output_dir` on Google Drive, mounted with `drive.mount`; the VM's own disk is erased when the session ends), and resume in the next session with `trainer.train(resume_from_checkpoint=True)`, which picks the last checkpoint in `output_dir`";
}

// packages/rules/src/platform/host-ram-load.ts
var RAM_SHARE = 0.8;
var NOT_WEIGHTS = /Tokenizer|Processor|Config|FeatureExtractor|ImageProcessor|GenerationConfig/;
var hostRamLoad = defineRule({
  id: "host-ram-load",
  title: "Model loads that put more weights in the platform's host RAM than it has",
  category: "platform",
  severity: "warning",
  fixable: "never",
  appliesWhen: "the target names a hosted platform, whose RAM is known (colab-t4: 12.7 GB; kaggle-t4x2, kaggle-p100: 29 GB)",
  appliesTo: (target) => target.platform !== void 0,
  triggers: ["from_pretrained"],
  checks: {
    python: {
      run(context2) {
        for (const node of context2.source.occurrences("from_pretrained")) {
          const found = callNamedAt(node);
          if (found) checkLoad2(context2, found.call, found.callee);
        }
      }
    }
  }
});
function checkLoad2(context2, call, callee) {
  const { source, target } = context2;
  const platform = target.platform;
  const receiver2 = callee.type === "attribute" ? callee.childForFieldName("object")?.text ?? "" : "";
  if (!receiver2 || NOT_WEIGHTS.test(receiver2) || hasSplat(call) || source.guards.guardOf(call)) return;
  const object = callee.childForFieldName("object");
  const qualified = (object && source.imports.qualifiedName(object)) ?? receiver2;
  if (qualified.startsWith("unsloth") || /^Fast[A-Z]\w*Model$/.test(receiver2)) return;
  const deviceMap = keywordArgument(call, "device_map");
  const cpuMap = deviceMap && onCpu(keywordValue(deviceMap));
  if (deviceMap && !cpuMap) return;
  const weights = loadWeightsOf(source, call);
  if (!weights || bytesPerParameter(weights.low) < 2) return;
  const id = modelIdOf(context2, call);
  const size3 = id === void 0 ? void 0 : sizeOf(context2, id);
  if (!id || !size3) return;
  const gb2 = size3.parameters * bytesPerParameter(weights.low) / 1e9;
  const limit = platform.ramGiB * RAM_SHARE;
  if (gb2 <= limit) return;
  const merges = !source.occurrences("merge_and_unload").next().done;
  const where = deviceMap ? `\`device_map=${keywordValue(deviceMap).text}\` keeps every weight in host RAM` : "Without `device_map`, `from_pretrained` loads every weight into host RAM first";
  const takes = weights.low === weights.high ? `takes ~${gb2.toFixed(0)} GB in ${weights.low}` : `takes at least ~${gb2.toFixed(0)} GB (in 16-bit; with no dtype given, transformers 4 loads float32, twice that)`;
  context2.report({
    start: call.startIndex,
    end: call.endIndex,
    message: `${where}: ${modelLabel(id, size3)} ${takes}, more than the ~${limit.toFixed(0)} GB of ${platform.name}'s ${platform.ramGiB} GB RAM a load can use, ` + (platform.id.startsWith("colab") ? `so the session dies ("Your session crashed after using all available RAM").` : "so the kernel or process is killed when memory runs out.") + (merges ? " Merging adapters into it (`merge_and_unload()`) works on those weights in RAM too." : ""),
    hint: `Load the weights straight to the GPU: \`device_map="auto"\` (one tensor at a time; weights that do not fit the GPU go to CPU RAM, so the model must fit the GPU), or \`load_in_4bit\`/\`BitsAndBytesConfig(load_in_4bit=True)\` with \`device_map\`${merges ? "; merge adapters on a machine with more RAM, or on the GPU with the base loaded there in 16-bit if it fits" : ""}.`
  });
}
function onCpu(value2) {
  if (!value2) return false;
  if (value2.type === "dictionary") {
    const members = namedChildrenOf(value2).filter((child) => child.type !== "comment");
    return members.length > 0 && members.every((pair) => pair.type === "pair" && stringValue(pair.childForFieldName("value")) === "cpu");
  }
  return stringValue(value2) === "cpu";
}

// packages/rules/src/suppression/unused-suppression.ts
var unusedSuppression = defineRule({
  id: "unused-suppression",
  title: "Suppression comments that suppress nothing, or name a rule that does not exist",
  category: "suppression",
  severity: "info",
  fixable: "never",
  appliesWhen: "every target: a suppression counts as unused when none of the rules it names found anything on its line for this target",
  appliesTo: () => true,
  triggers: ["gpu-compat"],
  // Its literal is in comments.
  triggerScope: "text",
  reportedByEngine: true,
  // The kinds of file whose suppression comments the engine reads; it reports the findings, so no check runs.
  checks: { python: {}, shell: {}, config: {}, cuda: {} }
});

// packages/rules/src/shared/dtype-tests.ts
function onlyTestsOf(scan, word) {
  for (const at of scan.codeWordOffsets(word)) {
    const end = at + word.length;
    const tested = scan.inPlainString(at, end) ? !mayBeValueString(scan, at, end) : isComparedName(scan, at, end);
    if (!tested) return false;
  }
  return true;
}
function mayReadPrecisionFlag(scan, except) {
  const { text } = scan;
  for (const match of text.matchAll(SWITCH_PART)) {
    let start = match.index;
    let end = start + match[0].length;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
    const name = text.slice(start, end);
    if (name === except || !isPrecisionFlagName(name) || scan.inProse(start) || scan.inPlainString(start, end)) continue;
    const next = text[spacesAfter(text, end)];
    if (next !== "(" && next !== ".") return true;
  }
  return false;
}
var SWITCH_PART = /bf16|bfloat16|fp16|half|amp|mixed_precision/gi;
function mayBeValueString(scan, at, end) {
  const { text } = scan;
  const quote2 = text[at - 1];
  if (quote2 !== '"' && quote2 !== "'" || text[end] !== quote2) return false;
  let i = at - 1;
  while (i > 0 && text[i - 1] === quote2) i--;
  for (let letters = 0; letters < 2 && i > 0 && /[a-z]/i.test(text[i - 1]); letters++) i--;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  const before = i - 1;
  if (before < 0) return false;
  if (scan.inProse(before) || text[before] === "\\" || text[before] === ":") return true;
  return text[before] === "=" && !isOneOf("=!<>", text[before - 1]);
}
function isComparedName(scan, at, end) {
  const { text } = scan;
  const start = chainStart(text, at);
  if (start === null) return false;
  if (comparisonBefore(text, start) && endsOperand(scan, end)) return true;
  const after = comparisonAfter(text, end);
  if (after && opensLeftOperand(text, start) && !(after === "in" && text[spacesBefore(text, start) - 1] === ",")) return true;
  return isComparedItem(scan, start, end);
}
function isComparedItem(scan, start, end) {
  const { text } = scan;
  const open = openingBracket(scan, start);
  const close = closingBracket(scan, end);
  if (open === null || close === null || CLOSER[text[open]] !== text[close]) return false;
  return comparisonBefore(text, open) && endsOperand(scan, close + 1);
}
var CLOSER = { "(": ")", "[": "]", "{": "}" };
function openingBracket(scan, itemStart) {
  const { text } = scan;
  let i = itemStart;
  for (; ; ) {
    const before = whitespaceBefore(text, i) - 1;
    if (before < 0 || scan.inProse(before)) return null;
    if (CLOSER[text[before]] !== void 0) return before;
    if (text[before] !== ",") return null;
    const itemEnd = whitespaceBefore(text, before);
    const previous = chainStart(text, itemEnd);
    if (previous === null) return null;
    i = previous;
  }
}
function closingBracket(scan, itemEnd) {
  const { text } = scan;
  let i = itemEnd;
  for (; ; ) {
    let after = whitespaceAfter(text, i);
    if (after >= text.length || scan.inProse(after)) return null;
    if (isOneOf(")]}", text[after])) return after;
    if (text[after] !== ",") return null;
    after = whitespaceAfter(text, after + 1);
    if (isOneOf(")]}", text[after])) return after;
    const next = chainEnd(text, after);
    if (next === null) return null;
    i = next;
  }
}
function chainStart(text, end) {
  let i = end;
  while (i > 0 && (isWordChar(text.charCodeAt(i - 1)) || text[i - 1] === ".")) i--;
  return i < end && isNameStart(text.charCodeAt(i)) ? i : null;
}
function chainEnd(text, start) {
  if (!isNameStart(text.charCodeAt(start))) return null;
  let i = start;
  while (i < text.length && (isWordChar(text.charCodeAt(i)) || text[i] === ".")) i++;
  return text[i - 1] === "." ? null : i;
}
function comparisonBefore(text, at) {
  const i = spacesBefore(text, at);
  if ((text.startsWith("==", i - 2) || text.startsWith("!=", i - 2)) && !isOneOf("=!<>", text[i - 3])) return true;
  const word = wordBefore(text, i);
  if (word === "is") return true;
  const j = spacesBefore(text, i - word.length);
  if (word === "not") return wordBefore(text, j) === "is";
  if (word !== "in") return false;
  return wordBefore(text, j) === "not" || isMembershipTest(text, i - word.length);
}
function isMembershipTest(text, inAt) {
  let lineStart3 = inAt;
  while (lineStart3 > 0 && text[lineStart3 - 1] !== "\n" && text[lineStart3 - 1] !== "\r") lineStart3--;
  const line = text.slice(lineStart3, inAt);
  const anchor = [...line.matchAll(MEMBERSHIP_ANCHOR)].at(-1);
  if (!anchor) return false;
  const between = line.slice(anchor.index + anchor[0].length);
  return !/[()[\]{}]|\bfor\b/.test(between);
}
var MEMBERSHIP_ANCHOR = /\b(?:if|elif|while|and|or|not|assert|return)\b|(?<![=!<>])=(?!=)/g;
function comparisonAfter(text, at) {
  const i = spacesAfter(text, at);
  if (text.startsWith("==", i) || text.startsWith("!=", i)) return text.slice(i, i + 2);
  const word = wordAt(text, i);
  if (word === "is" || word === "in") return word;
  return word === "not" && wordAt(text, spacesAfter(text, i + word.length)) === "in" ? "not in" : "";
}
function opensLeftOperand(text, at) {
  const i = spacesBefore(text, at);
  const c = text[i - 1];
  if (isOneOf("([{,:", c)) return true;
  if (c === "=") return true;
  if (c === ">" || c === "<") return false;
  if (text.startsWith("!=", i - 2)) return true;
  return LOOSER_KEYWORDS.has(wordBefore(text, i));
}
var LOOSER_KEYWORDS = /* @__PURE__ */ new Set(["if", "elif", "while", "and", "or", "not", "return", "assert", "else", "is", "in"]);
function endsOperand(scan, at) {
  const { text } = scan;
  let i = spacesAfter(text, at);
  if (i >= text.length || followsOnLine(text, i)) return true;
  if (!isOneOf("#\r\n", text[i])) return false;
  for (; ; ) {
    i = whitespaceAfter(text, i);
    if (text[i] !== "#" || !scan.inProse(i)) break;
    while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
  }
  return i >= text.length || isOneOf(")]}", text[i]) || isNameStart(text.charCodeAt(i));
}
function followsOnLine(text, i) {
  if (isOneOf(")]},:;", text[i])) return true;
  if (text.startsWith("==", i) || text.startsWith("!=", i)) return true;
  return FOLLOWING_KEYWORDS.has(wordAt(text, i));
}
var FOLLOWING_KEYWORDS = /* @__PURE__ */ new Set(["and", "or", "if", "else", "for", "in", "not", "is"]);
function wordBefore(text, end) {
  let start = end;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end);
}
function wordAt(text, start) {
  if (start > 0 && isWordChar(text.charCodeAt(start - 1))) return "";
  let end = start;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  return text.slice(start, end);
}
function spacesBefore(text, at) {
  let i = at;
  while (i > 0 && (text[i - 1] === " " || text[i - 1] === "	")) i--;
  return i;
}
function spacesAfter(text, at) {
  let i = at;
  while (i < text.length && (text[i] === " " || text[i] === "	")) i++;
  return i;
}
function whitespaceBefore(text, at) {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}
function whitespaceAfter(text, at) {
  let i = at;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}
function isOneOf(chars, c) {
  return c !== void 0 && c !== "" && chars.includes(c);
}
function quotedInCode(scan, value2) {
  return scan.inCode(`"${value2}"`) || scan.inCode(`'${value2}'`);
}
function maySetTrue(scan, name) {
  const { text } = scan;
  for (const at of scan.codeWordOffsets(name)) {
    let i = whitespaceAfter(text, at + name.length);
    if (isOneOf("#\\", text[i])) return true;
    if (text[i] !== "=" || text[i + 1] === "=") continue;
    i = whitespaceAfter(text, i + 1);
    if (isOneOf("#\\", text[i]) || wordAt(text, i) === "True") return true;
  }
  return false;
}

// packages/rules/src/shared/training-step.ts
var NO_GRAD = /* @__PURE__ */ new Set(["torch.no_grad", "torch.inference_mode", "torch.autograd.no_grad", "torch.autograd.grad_mode.no_grad", "torch.autograd.grad_mode.inference_mode"]);
var CLIP_CALLS = /* @__PURE__ */ new Set(["clip_grad_norm_", "clip_grad_value_", "clip_grad_norm"]);
var LOOPS = /* @__PURE__ */ new Set(["for_statement", "while_statement"]);
var NESTED_SCOPES = /* @__PURE__ */ new Set(["function_definition", "class_definition", "lambda"]);
function trainingContext(region, source) {
  const { imports } = source;
  if (runsWithoutGradients(region, imports)) return { kind: "inference" };
  const scope = closestScope(region) ?? source.root;
  const calls = ownCalls(scope);
  const backward = calls.filter((call) => methodName(call) === "backward");
  const steps = calls.filter((call) => methodName(call) === "step");
  if (calls.some((call) => isGradScalerCall(call, imports) || isScalerScaleCall(call))) return { kind: "scaled" };
  if (backward.length === 0) {
    if (ancestorOfType(region, "class_definition")) {
      return { kind: "unclear", why: "this is model code: the loop that trains it, and so the GradScaler, is elsewhere" };
    }
    if (fileTrains(source)) return { kind: "unclear", why: "no backward pass is in this function, but this file trains, so gradients may flow through it" };
    return { kind: "inference" };
  }
  if (ownIdentifiers(scope).some((id) => /scaler/i.test(id.text))) {
    return { kind: "unclear", why: "a name containing `scaler` is already used here; check whether it scales this loss" };
  }
  const notSimple = (why5) => ({ kind: "unclear", why: `${why5}, so the GradScaler is not added automatically` });
  if (backward.length !== 1) return notSimple("this function calls backward more than once");
  const backwardCall = backward[0];
  const loss = receiver(backwardCall);
  if (loss?.type !== "identifier" || positionalArguments(backwardCall).length > 0) {
    return notSimple("the backward pass is not a plain `loss.backward()`");
  }
  const loop = outermostLoop(backwardCall, scope);
  if (!loop) return notSimple("the step is not inside a loop of this function (a scaler created here would restart every step)");
  const optimizerSteps = steps.filter((call) => /opt/i.test(receiver(call)?.text.split(".").pop() ?? ""));
  if (optimizerSteps.length !== 1) return notSimple(optimizerSteps.length === 0 ? "no `optimizer.step()` was found next to the backward pass" : "several optimizers step here");
  const stepCall = optimizerSteps[0];
  const optimizer = receiver(stepCall);
  const stepStatement = stepCall.parent;
  if (optimizer?.type !== "identifier" || argumentsOf(stepCall).length > 0 || !isInside2(stepCall, loop) || stepCall.startIndex < backwardCall.endIndex || stepStatement?.type !== "expression_statement" || !standsAlone(source.text, stepStatement)) {
    return notSimple("the optimizer step is not a plain `optimizer.step()` statement after the backward pass in the same loop");
  }
  const clips = calls.filter((call) => CLIP_CALLS.has(methodName(call) ?? functionName(call) ?? ""));
  let clipStatement = null;
  if (clips.length > 1) return notSimple("gradients are clipped more than once");
  if (clips.length === 1) {
    clipStatement = statementOf3(clips[0]);
    if (!clipStatement || !sameNode(clipStatement.parent, stepStatement.parent) || clipStatement.startIndex < backwardCall.endIndex || clipStatement.endIndex > stepStatement.startIndex || indentOf2(source.text, clipStatement) === null) {
      return notSimple("gradients are clipped away from the optimizer step");
    }
  }
  const regionStatement = statementOf3(region);
  if (!regionStatement) return notSimple("the autocast region is not a statement of this function");
  let anchor = loop;
  if (isInside2(loop, regionStatement)) anchor = regionStatement;
  else if (!isInside2(regionStatement, loop) && regionStatement.startIndex > loop.startIndex) {
    return notSimple("the autocast region comes after the training loop");
  }
  if (indentOf2(source.text, anchor) === null) return notSimple("the training loop does not start its own line");
  const scalerName = ["scaler", "grad_scaler"].find((name) => !nameTaken(source, anchor, name));
  if (!scalerName) return notSimple("the names `scaler` and `grad_scaler` are both taken here");
  return { kind: "simple", step: { anchor, loss, stepCall, stepStatement, optimizer: optimizer.text, clipStatement, scalerName } };
}
function callsPlainBackward(source) {
  for (const name of source.occurrences("backward")) {
    const call = calledThrough(name);
    if (!call) continue;
    const fn = call.childForFieldName("function");
    if (source.imports.qualifiedName(fn) === "torch.autograd.backward") return true;
    const object = fn.type === "attribute" ? fn.childForFieldName("object") : null;
    if (object && object.type !== "call" && positionalArguments(call).length === 0) return true;
  }
  return false;
}
function runsWithoutGradients(node, imports) {
  for (const ancestor of ancestors(node)) {
    if (ancestor.type === "with_statement") {
      const clause = namedChildrenOf(ancestor).find((child) => child.type === "with_clause");
      for (const item of clause ? namedChildrenOf(clause) : []) {
        const value2 = item.childForFieldName("value") ?? item.namedChildren[0];
        const call = value2?.type === "as_pattern" ? value2.namedChildren[0] : value2;
        if (call?.type === "call" && NO_GRAD.has(imports.qualifiedName(call.childForFieldName("function")) ?? "")) return true;
      }
    }
    if (ancestor.type === "function_definition") {
      const decorated = ancestor.parent?.type === "decorated_definition" ? ancestor.parent : null;
      for (const decorator of decorated ? namedChildrenOf(decorated).filter((c) => c.type === "decorator") : []) {
        const expression = decorator.namedChildren[0];
        const fn = expression?.type === "call" ? expression.childForFieldName("function") : expression;
        if (fn && NO_GRAD.has(imports.qualifiedName(fn) ?? "")) return true;
      }
      return false;
    }
  }
  return false;
}
function fileTrains(source) {
  for (const name of source.occurrences("backward")) if (calledThrough(name)) return true;
  for (const name of source.occurrences("training_step")) if (name.parent?.type === "function_definition") return true;
  return ["lightning", "pytorch_lightning", "lightning_fabric"].some((m) => source.imports.importsModule(m));
}
function calledThrough(name) {
  if (name.type !== "identifier") return null;
  const fn = name.parent?.type === "attribute" && name.parent.childForFieldName("attribute")?.startIndex === name.startIndex ? name.parent : name;
  const call = fn.parent;
  return call?.type === "call" && call.childForFieldName("function")?.startIndex === fn.startIndex ? call : null;
}
function closestScope(node) {
  for (const ancestor of ancestors(node)) if (ancestor.type === "function_definition") return ancestor;
  return null;
}
function ancestorOfType(node, type) {
  for (const ancestor of ancestors(node)) if (ancestor.type === type) return ancestor;
  return null;
}
function* ownNodes(scope) {
  const stack = [...childrenOf(scope)].reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (NESTED_SCOPES.has(node.type)) continue;
    yield node;
    stack.push(...[...childrenOf(node)].reverse());
  }
}
function ownCalls(scope) {
  return [...ownNodes(scope)].filter((node) => node.type === "call");
}
function ownIdentifiers(scope) {
  return [...ownNodes(scope)].filter((node) => node.type === "identifier");
}
function methodName(call) {
  const fn = call.childForFieldName("function");
  return fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text ?? null : null;
}
function functionName(call) {
  const fn = call.childForFieldName("function");
  return fn?.type === "identifier" ? fn.text : null;
}
function receiver(call) {
  const fn = call.childForFieldName("function");
  return fn?.type === "attribute" ? fn.childForFieldName("object") : null;
}
function positionalArguments(call) {
  return argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");
}
function isGradScalerCall(call, imports) {
  const fn = call.childForFieldName("function");
  return (fn ? imports.qualifiedName(fn) : null)?.split(".").pop() === "GradScaler";
}
function isScalerScaleCall(call) {
  const object = methodName(call) === "scale" ? receiver(call) : null;
  return !!object && /scaler/i.test(object.text.split(".").pop() ?? "");
}
function outermostLoop(node, scope) {
  let loop = null;
  for (const ancestor of ancestors(node)) {
    if (sameNode(ancestor, scope)) break;
    if (LOOPS.has(ancestor.type)) loop = ancestor;
  }
  return loop;
}
function statementOf3(node) {
  for (let current = node; current; current = current.parent) {
    if (current.parent?.type === "block" || current.parent?.type === "module") return current;
  }
  return null;
}
function isInside2(node, container) {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}
function nameTaken(source, at, name) {
  const { semantic } = source;
  const scope = semantic.scopeOf(at);
  return semantic.bindingsOf(name, scope).length > 0 || semantic.referencesOf(name, scope).length > 0;
}
function indentOf2(text, node) {
  const start = lineStart2(text, node.startIndex);
  const before = text.slice(start, node.startIndex);
  return /^[ \t]*$/.test(before) ? before : null;
}
function lineStart2(text, index) {
  return Math.max(text.lastIndexOf("\n", index - 1), text.lastIndexOf("\r", index - 1)) + 1;
}
function lineEnd2(text, index) {
  const match = /\r\n|\n|\r/.exec(text.slice(index));
  return match ? { at: index + match.index, eol: match[0] } : { at: text.length, eol: "" };
}
function standsAlone(text, statement) {
  const { at } = lineEnd2(text, statement.endIndex);
  return indentOf2(text, statement) !== null && /^[ \t]*(#.*)?$/.test(text.slice(statement.endIndex, at));
}

// packages/rules/src/precision/accelerate-bf16.ts
var MIXED_PRECISION_CALLS = /* @__PURE__ */ new Map([
  ["Accelerator", null],
  ["notebook_launcher", null],
  ["write_basic_config", 0]
]);
var accelerateBf16 = defineRule({
  id: "accelerate-bf16",
  title: "bf16 mixed precision in Hugging Face accelerate on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bf16"],
  // Its Python findings are a `"bf16"` string given to a call from accelerate, whose import names the package.
  mayMatch: (scan) => scan.inCode("accelerate") && quotedInCode(scan, "bf16"),
  checks: {
    shell: {
      run(context2) {
        for (const launch of pythonLaunches(context2.document)) {
          const own = launch.launcher === "accelerate launch" ? lastUse(launch.options, "mixed_precision") : void 0;
          if (own) checkShellMode(context2, own, "launch");
          const scripts = lastUse(launch.args, "mixed_precision");
          if (scripts) checkShellMode(context2, scripts, "script");
        }
      }
    },
    config: {
      needsOneOf: kindMarkers("accelerate"),
      run(context2) {
        const { document, target } = context2;
        const entry = document.kind === "accelerate" ? document.get(["mixed_precision"]) : void 0;
        if (entry?.value !== "bf16") return;
        const why5 = `\`${entryText(document, entry)}\` makes \`accelerate launch\` stop with "bf16 mixed precision requires PyTorch >= 1.10 and a supported device." or, in newer versions, train with emulated bf16: ${noBf16Reason(target)}`;
        const choice = mixedPrecisionFor(target, context2.precision, document.text);
        const fp32 = choice.mode === "fp32";
        const mode = fp32 ? "no" : "fp16";
        const fix = allEdits([document.replaceValue(entry, mode)]);
        const message2 = fp32 ? `${why5}. ${choice.float32Because} mixed precision is turned off ("no") and training runs in float32.` : `${why5}; using "fp16" mixed precision (float16 autocast, loss scaled in \`accelerator.backward\`; the weights keep the dtype they were loaded in) on its fp16 tensor cores (${FP16_RISK}).`;
        context2.report(fix ? { ...entryRange(entry), message: message2, fix } : { ...entryRange(entry), message: message2, hint: `Set \`mixed_precision\` to ${mode}.` });
      }
    },
    python: {
      run(context2) {
        for (const node of context2.source.occurrences("bf16")) {
          if (node.type !== "string_content" || !node.parent || stringValue(node.parent) !== "bf16") continue;
          if (mixedPrecisionCall(context2, node.parent)) checkValue(context2, node.parent);
        }
      }
    }
  }
});
function mixedPrecisionCall(context2, string) {
  const holder = string.parent;
  const isKeyword = holder?.type === "keyword_argument" && holder.childForFieldName("value")?.startIndex === string.startIndex;
  if (isKeyword && holder.childForFieldName("name")?.text !== "mixed_precision") return null;
  const list = isKeyword ? holder.parent : holder;
  const call = list?.type === "argument_list" ? list.parent : null;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const name = fn ? context2.source.imports.qualifiedName(fn) : null;
  if (!call || !name?.startsWith("accelerate.")) return null;
  const position = MIXED_PRECISION_CALLS.get(name.split(".").pop());
  if (position === void 0) return null;
  if (!isKeyword) {
    const index = argumentsOf(call).findIndex((arg) => arg.startIndex === string.startIndex);
    if (position === null || index !== position) return null;
  }
  return call;
}
function checkValue(context2, string) {
  const { source, target } = context2;
  const content = plainStringContent(string);
  if (!content || source.guards.guardOf(string)) return;
  const range = { start: string.startIndex, end: string.endIndex };
  const why5 = `accelerate's bf16 mode stops with "bf16 mixed precision requires PyTorch >= 1.10 and a supported device." or, in newer versions, trains with emulated bf16: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context2.precision, source.text);
  if (choice.mode === "fp32") {
    context2.report({ ...range, message: `${why5}. ${choice.float32Because} mixed precision is turned off ("no") and training runs in float32.`, fix: [{ start: content.startIndex, end: content.endIndex, text: "no" }] });
    return;
  }
  if (callsPlainBackward(source)) {
    context2.report({
      ...range,
      message: `${why5}.`,
      hint: 'Use `mixed_precision="fp16"` on this GPU after replacing `loss.backward()` with `accelerator.backward(loss)` (fp16 needs the loss scaled there), or `"no"` for float32. Not rewritten: this file calls `.backward()` itself.'
    });
    return;
  }
  context2.report({
    ...range,
    message: `${why5}; using "fp16" mixed precision (float16 autocast, loss scaled in \`accelerator.backward\`; the weights keep the dtype they were loaded in) on its fp16 tensor cores (${FP16_RISK}).`,
    fix: [{ start: content.startIndex, end: content.endIndex, text: "fp16" }]
  });
}
function checkShellMode(context2, use, to) {
  const { document, target } = context2;
  if (!use.value || use.value.dynamic || use.value.value !== "bf16") return;
  const written2 = useText(document, use);
  const via = to === "launch" ? "makes `accelerate launch`" : "is handed to `Accelerator(mixed_precision=...)` by training scripts built on accelerate, which makes accelerate";
  const why5 = `\`${written2}\` ${via} stop with "bf16 mixed precision requires PyTorch >= 1.10 and a supported device." or, in newer versions, train with emulated bf16: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context2.precision, document.text);
  const fp32 = choice.mode === "fp32";
  const message2 = fp32 ? `${why5}. ${choice.float32Because} mixed precision is turned off ("no") and training runs in float32.` : `${why5}; using "fp16" mixed precision (float16 autocast, loss scaled in \`accelerator.backward\`; the weights keep the dtype they were loaded in) on its fp16 tensor cores (${FP16_RISK}).`;
  context2.report({ ...useRange(use), message: message2, fix: [valueEdit(use.value, fp32 ? "no" : "fp16")] });
}

// packages/rules/src/shared/torch-family.ts
var TORCH_FAMILY = ["torch", "transformers", "accelerate", "peft", "trl", "vllm", "unsloth", "diffusers", "lightning", "pytorch_lightning", "deepspeed", "bitsandbytes"];
var OTHER_FRAMEWORKS = ["jax", "flax", "tensorflow", "keras", "ml_dtypes", "paddle", "mindspore"];
function speaksTorch(imports) {
  return TORCH_FAMILY.some((m) => imports.importsModule(m)) && !OTHER_FRAMEWORKS.some((m) => imports.importsModule(m));
}
function torchLocalName(imports) {
  for (const [local, target] of imports.bindings) if (target === "torch") return local;
  return null;
}

// packages/rules/src/precision/autocast-bf16.ts
var TORCH_AUTOCAST = { device: 0, dtype: 1, enabled: 2 };
var CUDA_AMP_AUTOCAST = { device: null, dtype: 1, enabled: 0 };
var AUTOCAST_CALLS = /* @__PURE__ */ new Map([
  ["torch.autocast", TORCH_AUTOCAST],
  ["torch.amp.autocast", TORCH_AUTOCAST],
  ["torch.amp.autocast_mode.autocast", TORCH_AUTOCAST],
  ["torch.cuda.amp.autocast", CUDA_AMP_AUTOCAST],
  ["torch.cuda.amp.autocast_mode.autocast", CUDA_AMP_AUTOCAST]
]);
var autocastBf16 = defineRule({
  id: "autocast-bf16",
  title: "bf16 autocast on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  ownsDtypeOf: ["autocast"],
  lacks: "bf16",
  triggers: ["bfloat16"],
  // Each finding is the dtype of an autocast call, whose name ends in `autocast` (or is imported under that name),
  // and a dtype that is only tested is no call's dtype.
  mayMatch: (scan) => scan.inCode("autocast") && !onlyTestsOf(scan, "bfloat16"),
  checks: {
    python: {
      run(context2) {
        const { imports } = context2.source;
        for (const node of context2.source.occurrences("bfloat16")) {
          if (node.type !== "identifier") continue;
          const parent = node.parent;
          if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.startIndex === node.startIndex) {
            if (imports.qualifiedName(parent) === "torch.bfloat16") checkDtype(context2, parent);
          } else if (closestAncestor(node, "import_from_statement")) {
            const aliased = node.parent?.parent?.type === "aliased_import" ? node.parent.parent : null;
            const local = aliased?.childForFieldName("alias")?.text;
            if (local) {
              for (const use of context2.source.occurrences(local)) if (isTorchBf16Name(context2, use)) checkDtype(context2, use);
            }
          } else if (isTorchBf16Name(context2, node)) {
            checkDtype(context2, node);
          }
        }
      }
    }
  }
});
function isTorchBf16Name(context2, node) {
  return node.type === "identifier" && node.parent?.type !== "attribute" && context2.source.imports.qualifiedName(node) === "torch.bfloat16" && !closestAncestor(node, "import_from_statement");
}
function autocastOf(context2, expression) {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const holder = node.parent;
  const isKeyword = holder?.type === "keyword_argument" && holder.childForFieldName("value")?.startIndex === node.startIndex;
  if (isKeyword ? holder.childForFieldName("name")?.text !== "dtype" : holder?.type !== "argument_list") return null;
  const argument = isKeyword ? holder : node;
  const call = argument.parent?.parent;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const signature = fn ? AUTOCAST_CALLS.get(context2.source.imports.qualifiedName(fn) ?? "") : void 0;
  if (!call || !signature) return null;
  if (!isKeyword && positional(call).findIndex((arg) => arg.startIndex === node.startIndex) !== signature.dtype) return null;
  return { call, argument, signature };
}
function checkDtype(context2, expression) {
  const { source, target } = context2;
  const found = autocastOf(context2, expression);
  if (!found) return;
  const { call, argument, signature } = found;
  if (signature.device !== null) {
    const keyword = keywordArgument(call, "device_type");
    const device = keyword ? keywordValue(keyword) : positional(call)[signature.device];
    if (!device) return;
    const literal2 = stringValue(device);
    if (literal2 !== null && literal2 !== "cuda") return;
  }
  const enabled = enabledArgument(call, signature);
  if (enabled && isFalse(enabled.value) || source.guards.guardOf(argument)) return;
  const range = { start: argument.startIndex, end: argument.endIndex };
  const why5 = `bf16 autocast stops with "Current CUDA Device does not support bfloat16. Please switch dtype to float16." or, in newer PyTorch, runs emulated: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context2.precision, source.text);
  if (choice.mode === "fp32") {
    const fp16Too = choice.float32Because;
    if (enabled || hasSplat(call)) {
      context2.report({ ...range, message: `${why5}.`, hint: "Turn autocast off on this GPU: make `enabled` False here and drop the bf16 `dtype` (this call already sets `enabled`, or may through `**kwargs`, so it is not rewritten)." });
      return;
    }
    context2.report({ ...range, message: `${why5}. ${fp16Too} autocast is turned off (\`enabled=False\`) and this code runs in float32.`, fix: [{ ...range, text: "enabled=False" }] });
    return;
  }
  const dtypeEdit = float16Edit(context2, expression);
  const scaling = trainingContext(call, source);
  const scalerHint = `Use \`torch.float16\` here with a GradScaler around the training step (\`scaler.scale(loss).backward()\`, \`scaler.step(optimizer)\`, \`scaler.update()\`), or \`enabled=False\` to train in float32`;
  if (!dtypeEdit) {
    context2.report({ ...range, message: `${why5}.`, hint: `${scalerHint} (this file does not import \`torch\` itself, so the dtype is not rewritten).` });
    return;
  }
  switch (scaling.kind) {
    case "inference":
      context2.report({ ...range, message: `${why5}; using float16 autocast on its fp16 tensor cores (no gradients are computed here, so no GradScaler is needed).`, fix: [dtypeEdit] });
      return;
    case "scaled":
      context2.report({ ...range, message: `${why5}; using float16 autocast on its fp16 tensor cores, with the GradScaler this code already has (check that it is enabled).`, fix: [dtypeEdit] });
      return;
    case "unclear":
      context2.report({ ...range, message: `${why5}; float16 autocast needs a GradScaler when training, and ${scaling.why}.`, hint: `${scalerHint}.` });
      return;
    case "simple": {
      const { step } = scaling;
      context2.report({
        ...range,
        message: `${why5}; using float16 autocast on its fp16 tensor cores, with a GradScaler (\`${step.scalerName}\`) that scales \`${step.loss.text}\` and steps \`${step.optimizer}\`, so small fp16 gradients do not underflow.`,
        fix: [dtypeEdit, ...scalerEdits(context2, call, step)]
      });
    }
  }
}
function float16Edit(context2, expression) {
  if (expression.type === "attribute") {
    const name = expression.childForFieldName("attribute");
    return { start: name.startIndex, end: name.endIndex, text: "float16" };
  }
  const torch = torchLocalName(context2.source.imports);
  return torch ? { start: expression.startIndex, end: expression.endIndex, text: `${torch}.float16` } : null;
}
function scalerEdits(context2, call, step) {
  const { text, imports } = context2.source;
  const torch = torchLocalName(imports) ?? "torch";
  const name = step.scalerName;
  const quote2 = quoteOf(call);
  const constructor = imports.qualifiedName(call.childForFieldName("function"))?.startsWith("torch.cuda.amp.") ? `${torch}.cuda.amp.GradScaler()` : `${torch}.amp.GradScaler(${quote2}cuda${quote2})`;
  const { eol } = lineEnd2(text, step.anchor.startIndex);
  const newline = eol || "\n";
  const anchorIndent = indentOf2(text, step.anchor);
  const stepIndent = indentOf2(text, step.stepStatement);
  const stepLineEnd = lineEnd2(text, step.stepStatement.endIndex).at;
  const edits = [
    { start: lineStart2(text, step.anchor.startIndex), end: lineStart2(text, step.anchor.startIndex), text: `${anchorIndent}${name} = ${constructor}${newline}` },
    { start: step.loss.startIndex, end: step.loss.endIndex, text: `${name}.scale(${step.loss.text})` },
    { start: step.stepCall.startIndex, end: step.stepCall.endIndex, text: `${name}.step(${step.optimizer})` },
    { start: stepLineEnd, end: stepLineEnd, text: `${newline}${stepIndent}${name}.update()` }
  ];
  if (step.clipStatement) {
    const at = lineStart2(text, step.clipStatement.startIndex);
    edits.push({ start: at, end: at, text: `${indentOf2(text, step.clipStatement)}${name}.unscale_(${step.optimizer})${newline}` });
  }
  return edits;
}
function quoteOf(call) {
  const keyword = keywordArgument(call, "device_type");
  const device = keyword ? keywordValue(keyword) : positional(call)[0];
  const start = device?.type === "string" ? device.children[0]?.text : void 0;
  return start === "'" ? "'" : '"';
}
function positional(call) {
  return argumentsOf(call).filter((arg) => arg.type !== "keyword_argument" && arg.type !== "list_splat" && arg.type !== "dictionary_splat");
}
function enabledArgument(call, signature) {
  const keyword = keywordArgument(call, "enabled");
  if (keyword) return { value: keywordValue(keyword) };
  const value2 = positional(call)[signature.enabled];
  return value2 ? { value: value2 } : null;
}

// packages/rules/src/shared/precision-switches.ts
var PrecisionSwitches = class _PrecisionSwitches {
  static bySource = /* @__PURE__ */ new WeakMap();
  uses = /* @__PURE__ */ new Map();
  static of(source) {
    let found = _PrecisionSwitches.bySource.get(source);
    if (!found) _PrecisionSwitches.bySource.set(source, found = new _PrecisionSwitches());
    return found;
  }
  /** Counts a use that a precision switch guards, for the switch's report; other guards are not switches. */
  note(guard, use) {
    if (guard.kind !== "flag" || !guard.setting) return;
    const key = guard.setting.text.replace(/\s+/g, "");
    const entry = this.uses.get(key);
    if (entry) entry.count++;
    else this.uses.set(key, { setting: guard.setting, first: use, count: 1 });
  }
  /** Reports each switch once, and forgets them: a later check of the same text counts afresh. */
  report(context2) {
    const { semantic } = context2.source;
    const uses = [...this.uses];
    this.uses.clear();
    for (const [name, { setting, first, count: count2 }] of uses) {
      const value2 = semantic.constantValue(setting);
      const where = count2 === 1 ? "here" : `in ${count2} places of this file`;
      const reason = noBf16Reason(context2.target);
      if (value2 === void 0) {
        context2.report({
          start: first.startIndex,
          end: first.endIndex,
          severity: "info",
          message: `This bfloat16 is chosen by \`${name}\` (${where}), a precision switch set where the run is launched or configured, but ${reason}.`,
          hint: `Leave this code as it is and turn \`${name.split(".").pop()}\` off where it is set on this GPU: gpu-compat rewrites \`--bf16\` in launch scripts and \`bf16: true\` in the configs it reads.`
        });
        continue;
      }
      const defaultNode = value2 === true || value2 === "bf16" || value2 === "bfloat16" ? definitionOf(context2, setting) : void 0;
      if (!defaultNode) continue;
      context2.report({
        start: defaultNode.startIndex,
        end: defaultNode.endIndex,
        message: `\`${name}\` defaults to ${JSON.stringify(value2)} here, which picks bfloat16 ${count2 === 1 ? "once" : `in ${count2} places`} in this file, but ${reason}.`,
        hint: `Turn the default off on this GPU (fp16 mixed precision or float32, whichever the script offers), or pass the switch off at launch. Not rewritten: the other branch is the script author's.`
      });
    }
  }
};
function definitionOf(context2, setting) {
  const { semantic } = context2.source;
  if (setting.type === "attribute") {
    const name = setting.childForFieldName("attribute")?.text ?? "";
    const option = semantic.argumentOption(name);
    if (option) return option.default ?? option.call;
    return semantic.dataclassField(name)?.default;
  }
  const bindings = semantic.resolve(setting);
  return bindings.length === 1 ? bindings[0].value : void 0;
}

// packages/rules/src/shared/dtype-use.ts
var QUERY_CALLS = /* @__PURE__ */ new Set(["finfo", "iinfo", "isinstance", "issubclass", "is_floating_point", "promote_types", "can_cast"]);
function dtypeUse(expression) {
  let node = expression;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    switch (parent.type) {
      case "parenthesized_expression":
      case "conditional_expression":
      case "boolean_operator":
        continue;
      // The branch is used the way the whole expression is.
      case "keyword_argument":
      case "default_parameter":
      case "typed_default_parameter":
      case "return_statement":
        return "request";
      case "assignment":
        return parent.childForFieldName("right")?.startIndex === node.startIndex ? "request" : "test";
      case "pair": {
        if (parent.childForFieldName("value")?.startIndex !== node.startIndex) return "test";
        const key = stringValue(parent.childForFieldName("key"));
        return key !== null && BF16_CHOICE_STRINGS.has(key) ? "test" : "request";
      }
      case "argument_list": {
        const call = parent.parent;
        const callee = call?.type === "call" ? calleeName(call) : null;
        return callee && QUERY_CALLS.has(callee) ? "test" : "request";
      }
      case "comparison_operator":
      case "subscript":
      case "attribute":
      case "assert_statement":
        return "test";
      case "list":
      case "tuple":
      case "set":
        return insideComparison(parent) || spellsBf16Choice(parent) ? "test" : "ambiguous";
      default:
        return "ambiguous";
    }
  }
  return "ambiguous";
}
function insideComparison(node) {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === "comparison_operator") return true;
    if (parent.type !== "parenthesized_expression" && parent.type !== "tuple" && parent.type !== "list") return false;
  }
  return false;
}
function spellsBf16Choice(collection) {
  return collection.namedChildren.some((item) => item?.type === "string" && BF16_CHOICE_STRINGS.has(stringValue(item) ?? ""));
}

// packages/rules/src/shared/torchtune.ts
function torchtuneModel(document) {
  const component2 = document.get(["model", "_component_"])?.value;
  if (typeof component2 !== "string" || !component2.startsWith("torchtune.")) return void 0;
  const builder = component2.split(".").pop();
  const trains2 = builder.startsWith("qlora_") ? "qlora" : builder.startsWith("lora_") ? "lora" : "full";
  const fromBuilder = parametersFromModelId(builderAsModelId(builder));
  if (fromBuilder) return { component: component2, trains: trains2, parameters: fromBuilder.parameters, sizedBy: `the builder's name, \`${builder}\`` };
  const dir = document.get(["checkpointer", "checkpoint_dir"])?.value;
  const base = typeof dir === "string" ? dir.replace(/\/+$/, "").split("/").pop() : void 0;
  const fromDir = base && !base.includes("$") ? parametersFromModelId(base) : void 0;
  return fromDir ? { component: component2, trains: trains2, parameters: fromDir.parameters, sizedBy: `its checkpoint directory, \`${base}\`` } : { component: component2, trains: trains2 };
}
function builderAsModelId(builder) {
  const fraction = /_([01])_(\d)b(?=_|$)/.exec(builder);
  if (fraction && (fraction[1] === "0" || /qwen/.test(builder))) {
    return `${builder.slice(0, fraction.index)}-${fraction[1]}.${fraction[2]}b${builder.slice(fraction.index + fraction[0].length)}`;
  }
  return builder;
}
function torchtuneTrains(document) {
  return document.key(["optimizer"]) !== void 0;
}
function float32Fit(context2, model, training, document) {
  if (model.parameters === void 0) return void 0;
  let bytes2 = 4;
  let what2 = training ? "its frozen float32 weights" : "its float32 weights";
  if (training && model.trains === "qlora") {
    bytes2 = 0.5;
    what2 = "its 4-bit base weights";
  } else if (training && model.trains === "full") {
    const optimizer = document.get(["optimizer", "_component_"])?.value;
    const eightBit = typeof optimizer === "string" && /8bit/i.test(optimizer);
    const inBackward = document.get(["optimizer_in_bwd"])?.value === true;
    bytes2 = 4 + (inBackward ? 0 : 4) + (eightBit ? 2 : 8);
    what2 = `float32 weights${inBackward ? "" : ", gradients"} and the optimizer's ${eightBit ? "8-bit " : ""}moments (${bytes2} bytes a parameter)`;
  }
  const needGiB = model.parameters * bytes2 / 2 ** 30;
  const available = availableGiB(context2.target, false);
  const label2 = `${formatParameters(model.parameters)} parameters (from ${model.sizedBy})`;
  const fits = needGiB <= available;
  const why5 = `the model has ~${label2}; ${what2} take ~${formatGiBValue(needGiB)} GiB, ${fits ? "within" : "more than"} the ${formatGiBValue(available)} GiB of one ${context2.target.gpu.name}`;
  return { fits, why: why5 };
}

// packages/rules/src/shared/kernel-code.ts
var LOW_PRECISION_DTYPES = ["float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float4_e2m1fn_x2"];
var INT4_KERNELS = ["_convert_weight_to_int4pack", "_weight_int4pack_mm"];
var FLASH_ATTN_CALL = /\bflash_attn_(?:\w*func|with_kvcache)\s*\(/;
function kernelCodeReason(source) {
  if (source.imports.importsModule("triton")) return "this file imports Triton, and its kernels expect the dtypes they were written for";
  const lowPrecision = LOW_PRECISION_DTYPES.find((name) => !source.occurrences(name).next().done);
  if (lowPrecision) return `this file handles ${lowPrecision} tensors, code written for FP8/FP4 GPUs whose kernels expect the dtypes they were written for`;
  const int4 = INT4_KERNELS.find((name) => !source.occurrences(name).next().done);
  if (int4) return `this file packs weights for PyTorch's int4 kernels (\`${int4}\`), which take bf16 or fp16 weights, never float32`;
  return void 0;
}
var SAVE_CALLS = ["save_pretrained", "push_to_hub", "save_model", "save_file"];
var RUN_WORDS = ["backward", "Trainer", "optimizer", "generate", "pipeline", "train_dataset"];
function exportUtilityReason(source) {
  const inCode = (word) => [...source.occurrences(word)].some((node) => node.type === "identifier");
  if (!SAVE_CALLS.some(inCode) || RUN_WORDS.some(inCode)) return void 0;
  return "this file saves a model without training or running it, so its dtype is the one the checkpoint is saved in";
}
var CAST_METHODS = /* @__PURE__ */ new Set(["to", "type", "bfloat16"]);
function modelCodeCastReason(source, offset) {
  const node = source.root.descendantForIndex(offset);
  let call = null;
  for (let current = node; current && !call; current = current.parent) {
    if (current.type === "call") call = current;
    if (current.type.endsWith("_statement") || current.type === "block") break;
  }
  const method = call?.childForFieldName("function");
  if (method?.type !== "attribute" || !CAST_METHODS.has(method.childForFieldName("attribute")?.text ?? "")) return void 0;
  for (let current = call.parent; current; current = current.parent) {
    if (current.type === "function_definition") {
      const owner = current.parent?.type === "decorated_definition" ? current.parent.parent : current.parent;
      if (owner?.type === "block" && owner.parent?.type === "class_definition") {
        return "this cast is inside a method of a model class, which assumes the module runs in bf16; make it follow the module's dtype (`x.to(self.dtype)` or a weight's dtype) instead";
      }
      return void 0;
    }
  }
  return void 0;
}
function kernelFunctionReason(source, offset) {
  for (let node = source.root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === "function_definition" && FLASH_ATTN_CALL.test(node.text)) {
      return "this function calls flash-attn's kernels, which take fp16 or bf16 tensors only; on this GPU use its non-flash path (PyTorch SDPA) instead";
    }
  }
  return void 0;
}
var BF16_FUNCTION_NAME = /(?:^|_|[a-z](?=[A-Z]))(?:bf16|bfloat16)(?:$|_|[A-Z])/i;
function bf16FunctionReason(source, offset) {
  for (let node = source.root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type !== "function_definition") continue;
    const name = node.childForFieldName("name")?.text ?? "";
    if (!BF16_FUNCTION_NAME.test(name)) continue;
    return `\`${name}\` is named for bf16, so bf16 is its purpose and running it is the choice: leave it, and turn bf16 off where its callers are told to (the launch flag or config), or skip it on this GPU`;
  }
  return void 0;
}
function hintOnlyContext(context2, why5) {
  return Object.assign(Object.create(context2), {
    report(finding) {
      const reason = finding.fix ? why5(finding) : void 0;
      if (!reason) return context2.report(finding);
      const { fix: _dropped, rewrite, ...rest } = finding;
      const instead = rewrite ? ` If it reaches ordinary PyTorch code, use ${rewrite.instead} there by hand.` : "";
      context2.report({ ...rest, message: rewrite?.message ?? finding.message, hint: `Not rewritten: ${reason}.${instead}${finding.hint ? ` ${finding.hint}` : ""}` });
    }
  });
}

// packages/rules/src/precision/bf16-dtype.ts
var DTYPE_KEYWORDS = /* @__PURE__ */ new Set(["torch_dtype", "dtype"]);
var OTHER_DEVICE_FILE_MODULES = ["habana_frameworks", "optimum.habana", "torch_npu", "torch_xla"];
var bf16Dtype = defineRule({
  id: "bf16-dtype",
  title: "bfloat16 tensors and models on a GPU without bf16",
  category: "precision",
  severity: "warning",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bfloat16"],
  // A file whose every bfloat16 is a test (`dtype in (torch.float16, torch.bfloat16)`, most of PEFT's tuner layers)
  // has nothing to rewrite, unless a precision switch may guard one of those tests: its note is reported.
  mayMatch: (scan) => !onlyTestsOf(scan, "bfloat16") || mayReadPrecisionFlag(scan, "bfloat16"),
  checks: {
    shell: {
      triggers: ["bfloat16", "prior_generation_precision"],
      run(context2) {
        for (const launch of pythonLaunches(context2.document)) checkShellDtype(context2, launch);
      }
    },
    config: {
      triggers: ["bfloat16", "bf16"],
      needsOneOf: kindMarkers("training-arguments", "llama-factory", "torchtune"),
      run(context2) {
        if (context2.document.kind === "torchtune") checkTorchtuneDtype(context2);
        else checkConfigDtypes(context2);
      }
    },
    python: {
      run(original) {
        if (OTHER_DEVICE_FILE_MODULES.some((module) => original.source.imports.importsModule(module))) return;
        let fileReason;
        const why5 = (finding) => (fileReason ??= kernelCodeReason(original.source) ?? exportUtilityReason(original.source) ?? null) ?? kernelFunctionReason(original.source, finding.start) ?? bf16FunctionReason(original.source, finding.start) ?? modelCodeCastReason(original.source, finding.start);
        const context2 = hintOnlyContext(original, why5);
        for (const node of context2.source.occurrences("bfloat16")) {
          if (node.type === "identifier") checkIdentifier(context2, node);
          else if (node.type === "string_content") checkDtypeString(context2, node);
        }
        PrecisionSwitches.of(context2.source).report(context2);
      }
    }
  }
});
function checkIdentifier(context2, name) {
  const { source } = context2;
  const parent = name.parent;
  if (!parent) return;
  if (parent.type === "attribute" && parent.childForFieldName("attribute")?.startIndex === name.startIndex) {
    const call = parent.parent;
    const dtype = dtypeReplacement(context2.precision);
    if (source.imports.qualifiedName(parent) === "torch.bfloat16") {
      reportDtypeExpression(context2, parent, name, { text: dtype, label: dtype }, void 0, () => modelLoadChoice(context2, parent));
    } else if (call?.type === "call" && call.childForFieldName("function")?.startIndex === parent.startIndex && hasNoArguments(call)) {
      const method = dtype === "float16" ? "half" : "float";
      reportDtypeExpression(context2, call, name, { text: method, label: `\`.${method}()\`` }, "`.bfloat16()` casts to bfloat16");
    }
    return;
  }
  if (isImportedName(name)) {
    checkFromImport(context2, name);
    return;
  }
  if (isValueIdentifier(name) && !source.imports.bindings.has("bfloat16") && source.imports.wildcardModules.includes("torch")) {
    const dtype = dtypeReplacement(context2.precision);
    reportDtypeExpression(context2, name, name, { text: dtype, label: dtype });
  }
}
function reportDtypeExpression(context2, expression, replace, fallback, what2 = "this requests bfloat16", loadChoice) {
  const { imports } = context2.source;
  if (leftToGuard(context2, expression) || isOwnedByAnotherRule(expression, imports) || isNamedPolicy(expression, imports)) return;
  if (vllmEngineReached(context2.source, expression)) return;
  const use = dtypeUse(expression);
  if (use === "test" || defaultEveryCallerOverrides(context2, expression)) return;
  const load = loadChoice?.();
  const reason = noBf16Reason(context2.target);
  const range = { start: expression.startIndex, end: expression.endIndex };
  if (use === "request" && load) {
    context2.report(loadFinding(range, `${capitalize2(what2)}, but ${reason}`, load, [{ start: replace.startIndex, end: replace.endIndex, text: load.dtype }]));
  } else if (use === "request") {
    context2.report({ ...range, ...rewriteMessage(`${capitalize2(what2)}, but ${reason}`, fallback.label), fix: [{ start: replace.startIndex, end: replace.endIndex, text: fallback.text }] });
  } else {
    context2.report({
      ...range,
      message: `${capitalize2(what2)}, but ${reason}.`,
      hint: "If this dtype reaches a model or tensor, use float32 (or float16 with a GradScaler) on this GPU."
    });
  }
}
function checkDtypeString(context2, content) {
  const string = content.parent;
  if (!string || stringValue(string) !== "bfloat16") return;
  const holder = string.parent;
  let keyword = null;
  if (holder?.type === "keyword_argument" && holder.childForFieldName("value")?.startIndex === string.startIndex) {
    keyword = holder.childForFieldName("name")?.text ?? null;
  } else if (holder?.type === "pair" && holder.childForFieldName("value")?.startIndex === string.startIndex) {
    keyword = stringValue(holder.childForFieldName("key"));
  }
  if (!keyword || !DTYPE_KEYWORDS.has(keyword)) return;
  if (keyword === "dtype" && !speaksTorch(context2.source.imports)) return;
  if (leftToGuard(context2, string) || isOwnedByAnotherRule(string, context2.source.imports)) return;
  if (vllmEngineReached(context2.source, string)) return;
  const load = modelLoadChoice(context2, string) ?? { dtype: dtypeReplacement(context2.precision), note: "" };
  const asks = `\`${keyword}="bfloat16"\` asks for bfloat16 weights, but ${noBf16Reason(context2.target)}`;
  context2.report(loadFinding({ start: string.startIndex, end: string.endIndex }, asks, load, [{ start: content.startIndex, end: content.endIndex, text: load.dtype }]));
}
function loadFinding(range, asks, load, fix, fallbackHint) {
  const note = load.note ? ` ${load.note}` : "";
  const memory = load.memory ? { memory: load.memory } : {};
  if (load.hintOnly) return { ...range, message: `${asks}.${note}`, hint: load.hint, ...memory };
  const hint2 = load.hint ?? (fix ? void 0 : fallbackHint);
  return { ...range, ...rewriteMessage(asks, load.dtype, note), ...hint2 ? { hint: hint2 } : {}, ...fix ? { fix } : {}, ...memory };
}
function modelLoadChoice(context2, value2) {
  const holder = value2.parent;
  const fed = loadsFedBy(context2, value2);
  if (fed) return fed;
  const kwargsChoice = (id) => dtypeForModel(context2, id, false, fullFineTuneWithTrainer(context2.source));
  if (holder?.type === "keyword_argument") {
    const keyword = holder.childForFieldName("name")?.text ?? "";
    if (!DTYPE_KEYWORDS.has(keyword)) return void 0;
    const call = callOfArgument(holder);
    if (call && isModelLoadCall(call)) return loadDtypeFor(context2, call);
    if (call && keyword === "dtype" && isToCall(call)) return castFollowingLoads(context2);
    if (keyword !== "torch_dtype" || !call) return void 0;
    const named = MODEL_ID_KEYS.map((key) => keywordArgument(call, key)).find(Boolean);
    return kwargsChoice(named ? context2.source.semantic.stringConstant(keywordValue(named)) : splatLoadId(context2, call));
  }
  if (holder?.type === "argument_list" && holder.parent?.type === "call" && isToCall(holder.parent)) return castFollowingLoads(context2);
  if (holder?.type === "pair" && stringValue(holder.childForFieldName("key")) === "torch_dtype" && holder.parent) {
    const dictionary = holder.parent;
    const sibling = namedChildrenOf(dictionary).find((pair) => pair.type === "pair" && MODEL_ID_KEYS.includes(stringValue(pair.childForFieldName("key")) ?? ""));
    const modelValue = sibling?.childForFieldName("value");
    return kwargsChoice(modelValue ? context2.source.semantic.stringConstant(modelValue) : splatLoadId(context2, dictionary));
  }
  if (holder?.type === "pair" && stringValue(holder.childForFieldName("key")) === "dtype" && holder.parent) {
    if (splatLoads(context2, holder.parent).length > 0) return kwargsChoice(splatLoadId(context2, holder.parent));
    return {
      dtype: "float32",
      note: "",
      hintOnly: true,
      hint: 'The file does not show what reads this `dtype`: set it for this GPU where it is used ("half" for vLLM, float16 or float32 for a model load, by its size).'
    };
  }
  return void 0;
}
function splatLoadId(context2, kwargs) {
  const ids = new Set(splatLoads(context2, kwargs).map((call) => modelIdOf(context2, call)));
  return ids.size === 1 ? [...ids][0] : void 0;
}
function splatLoads(context2, kwargs) {
  return splatCallsOf(context2.source, kwargs).filter(isModelLoadCall);
}
function loadsFedBy(context2, value2) {
  let node = value2;
  while (node.parent?.type === "parenthesized_expression" || node.parent?.type === "conditional_expression") node = node.parent;
  const assignment = node.parent;
  if (assignment?.type !== "assignment" || assignment.childForFieldName("right")?.startIndex !== node.startIndex) return void 0;
  const target = assignment.childForFieldName("left");
  if (target?.type !== "identifier") return void 0;
  for (const mention of context2.source.occurrences(target.text)) {
    if (mention.type !== "identifier" || mention.startIndex === target.startIndex || !isValueIdentifier(mention)) continue;
    if (!loadDtypeArgument(mention)) return void 0;
  }
  const binding = context2.source.semantic.bindingOf(target);
  const references = binding ? context2.source.semantic.referencesOf(binding) : [];
  if (references.length === 0) return void 0;
  const choices = [];
  for (const reference of references) {
    const call = loadDtypeArgument(reference);
    if (!call) return void 0;
    choices.push(loadDtypeFor(context2, call));
  }
  const uncertain = choices.find((choice) => choice.hintOnly);
  if (uncertain) return uncertain;
  return choices.every((choice) => choice.dtype === choices[0].dtype) ? choices[0] : { ...choices[0], hintOnly: true, hint: "The loads this dtype feeds need different dtypes on this GPU; set each load's dtype by hand." };
}
function lowerFirst(text) {
  return /^(?:It|With) /.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
function isToCall(call) {
  const fn = call.childForFieldName("function");
  return fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "to";
}
var castChoices = /* @__PURE__ */ new WeakMap();
function castFollowingLoads(context2) {
  const { source } = context2;
  const key = `${context2.target.name}/${context2.target.count}/${context2.precision}`;
  let perTarget = castChoices.get(source);
  if (!perTarget) castChoices.set(source, perTarget = /* @__PURE__ */ new Map());
  const cached = perTarget.get(key);
  if (cached !== void 0) return cached ?? void 0;
  const choices = [];
  for (const call of modelLoadCalls(source)) {
    const dtype = [...DTYPE_KEYWORDS].map((key2) => keywordArgument(call, key2)).find(Boolean);
    const value2 = dtype && keywordValue(dtype);
    if (!value2 || !(source.imports.qualifiedName(value2) === "torch.bfloat16" || stringValue(value2) === "bfloat16")) continue;
    choices.push(loadDtypeFor(context2, call));
  }
  const same = choices.length > 0 && choices.every((choice2) => !choice2.hintOnly && choice2.dtype === choices[0].dtype);
  const choice = choices.length === 0 ? null : same ? { dtype: choices[0].dtype, note: `Casts here follow the file's bfloat16 model load, which becomes ${choices[0].dtype}, so tensors meet the weights in their dtype.` } : {
    dtype: "float32",
    note: "",
    hintOnly: true,
    hint: 'Cast to the model\'s dtype (`dtype=model.dtype`) once you choose the dtype of the bfloat16 model load in this file (see its finding): inputs in another dtype than the weights stop with "Input type and bias type should be the same".'
  };
  perTarget.set(key, choice);
  return choice ?? void 0;
}
function loadDtypeArgument(name) {
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("value")?.startIndex !== name.startIndex) return null;
  if (!DTYPE_KEYWORDS.has(argument.childForFieldName("name")?.text ?? "")) return null;
  const call = callOfArgument(argument);
  return call && isModelLoadCall(call) ? call : null;
}
function checkFromImport(context2, name) {
  const { source } = context2;
  const module = closestAncestor(name, "import_from_statement")?.childForFieldName("module_name");
  if (!module || module.text.replace(/\s/g, "") !== "torch") return;
  const aliased = name.parent?.parent?.type === "aliased_import" ? name.parent.parent : null;
  const local = aliased?.childForFieldName("alias")?.text ?? "bfloat16";
  const uses = [...source.occurrences(local)].filter((node) => node.type === "identifier" && isValueIdentifier(node) && !isImportedName(node));
  const unguarded = uses.filter((use) => !leftToGuard(context2, use));
  const kinds = unguarded.map((use) => isOwnedByAnotherRule(use, source.imports) ? "owned" : dtypeUse(use));
  if (unguarded.length === 0) return;
  const reason = noBf16Reason(context2.target);
  const dtype = dtypeReplacement(context2.precision);
  if (unguarded.length === uses.length && kinds.every((kind) => kind === "request")) {
    const edits = [{ start: name.startIndex, end: name.endIndex, text: dtype }];
    if (!aliased) for (const use of uses) edits.push({ start: use.startIndex, end: use.endIndex, text: dtype });
    context2.report({
      start: name.startIndex,
      end: name.endIndex,
      ...rewriteMessage(`\`${local}\` is torch.bfloat16 (used ${uses.length === 1 ? "once" : `${uses.length} times`}), but ${reason}`, dtype, "", "importing"),
      fix: edits
    });
    return;
  }
  const torch = torchLocalName(source.imports);
  unguarded.forEach((use, i) => {
    const kind = kinds[i];
    if (kind === "test" || kind === "owned") return;
    const range = { start: use.startIndex, end: use.endIndex };
    const what2 = `\`${local}\` is torch.bfloat16, but ${reason}`;
    if (kind === "request" && torch) {
      context2.report({ ...range, ...rewriteMessage(what2, `${torch}.${dtype}`), fix: [{ ...range, text: `${torch}.${dtype}` }] });
    } else {
      context2.report({
        ...range,
        message: `${what2}.`,
        hint: `Use torch.${dtype} here on this GPU (the import also serves guarded or comparison code, so it is not renamed).`
      });
    }
  });
}
function defaultEveryCallerOverrides(context2, expression) {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const holder = node.parent;
  if (holder?.type !== "default_parameter" && holder?.type !== "typed_default_parameter") return false;
  const name = holder.childForFieldName("name");
  const parameter = name && context2.source.semantic.bindingOf(name);
  return !!parameter && parameter.kind === "parameter" && parameterPassing(context2, parameter).passing === "all";
}
function leftToGuard(context2, node) {
  const guard = context2.source.guards.guardOf(node);
  if (guard) PrecisionSwitches.of(context2.source).note(guard, node);
  return guard !== null;
}
function isImportedName(node) {
  return closestAncestor(node, "import_from_statement") !== null || closestAncestor(node, "import_statement") !== null;
}
function isValueIdentifier(node) {
  const parent = node.parent;
  if (!parent) return false;
  const at = (field) => parent.childForFieldName(field)?.startIndex === node.startIndex;
  if (parent.type === "attribute" && at("attribute")) return false;
  if (parent.type === "keyword_argument" && at("name")) return false;
  if ((parent.type === "assignment" || parent.type === "augmented_assignment") && at("left")) return false;
  if (parent.type === "parameters" || parent.type === "default_parameter" || parent.type === "typed_parameter") return !at("name") && parent.type !== "parameters";
  if (parent.type === "function_definition" || parent.type === "class_definition") return false;
  return true;
}
function hasNoArguments(call) {
  const args = call.childForFieldName("arguments");
  return !!args && args.type === "argument_list" && args.namedChildren.length === 0;
}
function capitalize2(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
var CONFIG_DTYPE_KEYS = {
  "training-arguments": /* @__PURE__ */ new Set(["torch_dtype", "dtype"]),
  "llama-factory": /* @__PURE__ */ new Set(["infer_dtype"])
};
function checkConfigDtypes(context2) {
  const { document } = context2;
  const keys = CONFIG_DTYPE_KEYS[document.kind];
  if (!keys) return;
  const model = document.get(["model_name_or_path"])?.value;
  for (const entry of document.entries()) {
    const key = entry.path[entry.path.length - 1];
    if (typeof key !== "string" || !keys.has(key) || entry.value !== "bfloat16") continue;
    const load = dtypeForModel(context2, typeof model === "string" ? model : void 0, false, configTrainsFully(document));
    const asks = `\`${entryText(document, entry)}\` in this ${CONFIG_LABEL[document.kind]} asks for bfloat16 weights, but ${noBf16Reason(context2.target)}`;
    const fix = load.hintOnly ? void 0 : allEdits([document.replaceValue(entry, load.dtype)]);
    const own = key === "dtype" && entry.path.length === 1 && load.hintOnly && load.hint;
    const mixed = own ? mixedPrecisionFor(context2.target, context2.precision, document.text) : void 0;
    const mixedChoice = mixed?.mode === "fp16" ? 'set "float16" (fp16 autocast over float32 weights)' : `${lowerFirst(mixed?.float32Because ?? "")} set "float32"`;
    const hinted = own ? { ...load, hint: `${load.hint} A top-level \`dtype\` means what the training script makes of it: TRL's ModelConfig loads the weights in it, but where the script turns it into accelerate's \`mixed_precision\` instead, ${mixedChoice}.` } : load;
    context2.report(loadFinding(entryRange(entry), asks, hinted, fix, `Set \`${key}\` to ${load.dtype}.`));
  }
}
function checkTorchtuneDtype(context2) {
  const { document } = context2;
  const entry = document.get(["dtype"]);
  if (!entry || entry.value !== "bf16") return;
  const training = torchtuneTrains(document);
  const model = torchtuneModel(document);
  const fit = model && float32Fit(context2, model, training, document);
  const refused = `torchtune's \`training.get_dtype\` stops with "bf16 precision was requested but not available on this hardware. Please use fp32 precision instead."`;
  const asks = `\`${entryText(document, entry)}\` makes this torchtune recipe ${training ? "train" : "run"} the model in bfloat16, but ${noBf16Reason(context2.target)}, and ${refused}`;
  const fp16 = training ? ' Its training recipes support only fp32 and bf16 (fp16 raises "fp16 precision is not supported in this recipe").' : "";
  const edit = fit?.fits && context2.precision !== "fp16" ? document.replaceValue(entry, "fp32") : void 0;
  if (edit) {
    context2.report({ ...entryRange(entry), message: `${asks}.${fp16} Using fp32: ${fit.why}.`, fix: [edit] });
    return;
  }
  const hint2 = !fit ? `Set \`dtype: fp32\` if the model fits one ${context2.target.gpu.name} in float32 (its size is not known here: fp32 takes twice the memory of bf16)${training ? ", or train a QLoRA config (`qlora_*` builder) of the model" : ", or `dtype: fp16`"}.` : `Not rewritten: ${fit.why}. ${training ? `Train a QLoRA config (a \`qlora_*\` builder) or a smaller model with \`dtype: fp32\`, or use a GPU with bf16 (compute capability ${requiredCapability("bf16")} or newer).` : "Use `dtype: fp16` (half the memory, may overflow for some models) or a smaller model."}`;
  context2.report({ ...entryRange(entry), message: `${asks}.${fp16}`, hint: hint2 });
}
var NOT_FULL_KEYS = ["use_peft", "load_in_4bit", "load_in_8bit", "lora_r", "peft_config", "deepspeed", "fsdp"];
function configTrainsFully(document) {
  if (document.kind !== "training-arguments") return false;
  const on = (key) => {
    const value2 = document.get([key])?.value;
    return value2 !== void 0 && value2 !== null && value2 !== false && value2 !== "" && value2 !== "false";
  };
  return !NOT_FULL_KEYS.some(on);
}
function launchTrainsFully(launch) {
  const on = (name) => {
    const use = lastUse(launch.args, name);
    return !!use && flagBoolean(use) !== false;
  };
  const trains2 = ["output_dir", "do_train", "bf16", "fp16", "learning_rate", "per_device_train_batch_size"].some((name) => lastUse(launch.args, name));
  return trains2 && !NOT_FULL_KEYS.some(on);
}
function checkShellDtype(context2, launch) {
  const use = lastUse(launch.args, "torch_dtype");
  if (use?.value && !use.value.dynamic && use.value.value === "bfloat16") {
    const model = lastUse(launch.args, "model_name_or_path")?.value;
    const load = dtypeForModel(context2, model && !model.dynamic ? model.value : void 0, false, launchTrainsFully(launch));
    const asks = `\`${useText(context2.document, use)}\` asks the script for bfloat16 weights, but ${noBf16Reason(context2.target)}`;
    context2.report(loadFinding(useRange(use), asks, load, [valueEdit(use.value, load.dtype)]));
  }
  checkPriorPrecision(context2, launch);
}
var PRIOR_PRECISION = { float32: "fp32", float16: "fp16" };
function checkPriorPrecision(context2, launch) {
  const use = lastUse(launch.args, "prior_generation_precision");
  if (!use?.value || use.value.dynamic || use.value.value !== "bf16") return;
  const model = lastUse(launch.args, "pretrained_model_name_or_path")?.value;
  const load = dtypeForModel(context2, model && !model.dynamic ? model.value : void 0, false);
  const value2 = PRIOR_PRECISION[load.dtype];
  if (load.hintOnly) {
    const message2 = `\`${useText(context2.document, use)}\` loads the pipeline that generates the class images in bfloat16, but ${noBf16Reason(context2.target)}.`;
    context2.report({ ...useRange(use), message: message2, hint: load.hint.replace(/float32/g, "fp32").replace(/float16/g, "fp16") });
    return;
  }
  const asks = `\`${useText(context2.document, use)}\` loads the pipeline that generates the class images in bfloat16, but ${noBf16Reason(context2.target)}`;
  context2.report({ ...useRange(use), ...rewriteMessage(asks, value2, load.note ? ` ${load.note}` : ""), ...load.hint ? { hint: load.hint.replace("use float16", "use fp16") } : {}, fix: [valueEdit(use.value, value2)] });
}

// packages/rules/src/precision/bf16-emulation-check.ts
var PTXAS_BF16_ERROR = `"Feature '.bf16' requires .target sm_80"`;
var EMULATED = "On {{gpu}} this check can return True: PyTorch 2.3+ counts emulated bf16 as supported (`including_emulation` defaults to True)";
var MESSAGES3 = messageTemplates({
  guardsCode: `${EMULATED}, so code it guards runs as if bf16 were native.`,
  choosesBf16: `${EMULATED}, so the bf16 it chooses runs emulated, 10-50x slower (and \`torch.compile\` fails in ptxas with {{ptxasError}}); asking for native bf16 makes it choose the other precision here (PyTorch 2.3+).`
});
var bf16EmulationCheck = defineRule({
  id: "bf16-emulation-check",
  title: "torch.cuda.is_bf16_supported() counts emulated bf16 as support",
  category: "precision",
  severity: "info",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["is_bf16_supported"],
  messages: MESSAGES3.templates,
  checks: {
    python: {
      run(context2) {
        for (const node of context2.source.occurrences("is_bf16_supported")) {
          if (node.type === "identifier") checkCall4(context2, node);
        }
      }
    }
  }
});
var PRECISION_NAME = /bf16|bfloat16|fp16|float16|half|dtype|precision|amp/i;
var BF16_TEXT = /bf16|bfloat16/i;
function checkCall4(context2, name) {
  const found = callNamedAt(name);
  if (!found || context2.source.imports.qualifiedName(found.callee) !== "torch.cuda.is_bf16_supported") return;
  const { call } = found;
  if (keywordArgument(call, "including_emulation")) return;
  const range = { start: call.startIndex, end: call.endIndex };
  const gpu2 = gpuLabel(context2.target);
  const pin = context2.project.requirementPin?.("torch");
  if (pin !== void 0 && pinnedBelow(pin, [2, 3])) return;
  if (!selectsBf16(call)) {
    context2.report({ ...range, ...MESSAGES3.render("guardsCode", { gpu: gpu2 }), hint: `Pass \`including_emulation=False\` to ask for native bf16 (compute capability ${requiredCapability("bf16")} or newer).` });
    return;
  }
  context2.report({
    ...range,
    severity: "warning",
    ...MESSAGES3.render("choosesBf16", { gpu: gpu2, ptxasError: PTXAS_BF16_ERROR }),
    fix: emulationOffEdits(context2.source.text, call)
  });
}
function selectsBf16(call) {
  let node = call;
  while (node.parent && ["not_operator", "boolean_operator", "parenthesized_expression"].includes(node.parent.type)) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case "conditional_expression":
      return sameNode(parent.namedChildren[1], node) && BF16_TEXT.test(parent.text);
    case "if_statement":
    case "elif_clause":
      return sameNode(parent.childForFieldName("condition"), node) && BF16_TEXT.test(parent.text);
    case "keyword_argument":
      return PRECISION_NAME.test(parent.childForFieldName("name")?.text ?? "");
    case "assignment":
      return sameNode(parent.childForFieldName("right"), node) && PRECISION_NAME.test(parent.childForFieldName("left")?.text ?? "");
    case "return_statement": {
      let fn = parent.parent;
      while (fn && fn.type !== "function_definition") fn = fn.parent;
      return PRECISION_NAME.test(fn?.childForFieldName("name")?.text ?? "");
    }
    default:
      return false;
  }
}
function emulationOffEdits(text, call) {
  const keyword = "including_emulation=False";
  const list = call.childForFieldName("arguments");
  return appendArgumentEdits(text, call, keyword) ?? [{ start: list.startIndex + 1, end: list.endIndex - 1, text: keyword }];
}
function pinnedBelow(spec, floor) {
  const parse2 = (version) => version.split(".").map((part) => Number.parseInt(part, 10) || 0);
  const compare3 = (a, length = Math.max(a.length, floor.length)) => {
    for (let i = 0; i < length; i++) if ((a[i] ?? 0) !== (floor[i] ?? 0)) return (a[i] ?? 0) < (floor[i] ?? 0) ? -1 : 1;
    return 0;
  };
  return spec.split(",").some((clause) => {
    const match = /^(==|<=|<|~=)\s*([\d.*]+)/.exec(clause.trim());
    if (!match) return false;
    const version = parse2(match[2]);
    switch (match[1]) {
      case "<":
        return compare3(version) <= 0;
      case "~=": {
        const prefix = version.slice(0, -1);
        return compare3(prefix, prefix.length) < 0;
      }
      default:
        return compare3(version) < 0;
    }
  });
}

// packages/rules/src/shared/library-dtype.ts
function* keywordArgumentsNamed(source, name) {
  for (const node of source.occurrences(name)) {
    const argument = node.parent;
    if (node.type !== "identifier" || argument?.type !== "keyword_argument") continue;
    if (argument.childForFieldName("name")?.startIndex !== node.startIndex) continue;
    const call = callOfArgument(argument);
    const value2 = argument.childForFieldName("value");
    if (call && value2) yield { argument, call, value: value2 };
  }
}
function bf16Leaves(value2, imports, options = {}) {
  const node = unparenthesize(value2);
  if (node.type === "conditional_expression") {
    const [whenTrue, , whenFalse] = namedChildrenOf(node);
    return [whenTrue, whenFalse].flatMap((branch) => branch ? bf16Leaves(branch, imports, options) : []);
  }
  if (node.type === "string") {
    const text = stringValue(node);
    if (text === null) return [];
    return (options.ignoreCase ? text.toLowerCase() : text) === "bfloat16" ? [{ node, kind: "string" }] : [];
  }
  return isTorchBfloat16(node, imports) ? [{ node, kind: "torch" }] : [];
}
function isTorchBfloat16(node, imports) {
  if (imports.qualifiedName(node) === "torch.bfloat16") return true;
  return node.type === "identifier" && node.text === "bfloat16" && !imports.bindings.has("bfloat16") && imports.wildcardModules.includes("torch");
}
function torchDtypeEdit(leaf, dtype, imports) {
  if (leaf.type === "attribute") {
    const name = leaf.childForFieldName("attribute");
    return name ? { start: name.startIndex, end: name.endIndex, text: dtype } : null;
  }
  if (leaf.text === "bfloat16" && !imports.bindings.has("bfloat16")) return { start: leaf.startIndex, end: leaf.endIndex, text: dtype };
  const torch = torchLocalName(imports);
  return torch ? { start: leaf.startIndex, end: leaf.endIndex, text: `${torch}.${dtype}` } : null;
}
function stringContentEdit(leaf, text) {
  const content = plainStringContent(leaf);
  return content ? { start: content.startIndex, end: content.endIndex, text } : null;
}

// packages/rules/src/precision/bnb-bf16-compute.ts
var COMPUTE = "bnb_4bit_compute_dtype";
var STORAGE = "bnb_4bit_quant_storage";
var bnbBf16Compute = defineRule({
  id: "bnb-bf16-compute",
  title: "bfloat16 compute or storage dtype in BitsAndBytesConfig on a GPU without bf16",
  category: "precision",
  severity: "warning",
  fixable: "sometimes",
  ownsDtypeOf: ["BitsAndBytesConfig"],
  lacks: "bf16",
  triggers: [COMPUTE, STORAGE],
  checks: {
    python: {
      run(context2) {
        const { imports, guards } = context2.source;
        for (const keyword of [COMPUTE, STORAGE]) {
          for (const { call, value: value2 } of keywordArgumentsNamed(context2.source, keyword)) {
            if (callKey(call, imports)?.split(".").pop() !== "BitsAndBytesConfig") continue;
            for (const leaf of bf16Leaves(value2, imports)) {
              if (guards.guardOf(leaf.node)) continue;
              if (!meets(context2.target, "bitsandbytes")) reportUnsupported(context2, leaf.node);
              else if (keyword === COMPUTE) reportComputeDtype(context2, leaf);
              else reportStorageDtype(context2, leaf.node);
            }
          }
        }
      }
    }
  }
});
function reportComputeDtype(context2, leaf) {
  const { target, source } = context2;
  const choice = mixedPrecisionFor(target, context2.precision, source.text);
  const { mode } = choice;
  const dtype = mode === "fp16" ? "float16" : "float32";
  const why5 = `\`${COMPUTE}=bfloat16\` makes every 4-bit layer dequantize and multiply in bf16, but ${noBf16Reason(target)}`;
  let because = `using ${dtype}, as --precision ${mode} asks`;
  if (context2.precision === "auto") {
    because = choice.family ? `using float32: ${choice.family.name} models overflow float16 (inf/NaN; ${choice.family.source})` : target.gpu.features.fp16TensorCores ? "using float16, the compute dtype bitsandbytes' 4-bit kernels run on its fp16 tensor cores" : "using float32, the project's compute dtype on GPUs without fp16 tensor cores";
  }
  const edit = leaf.kind === "string" ? stringContentEdit(leaf.node, dtype) : torchDtypeEdit(leaf.node, dtype, source.imports);
  const range = { start: leaf.node.startIndex, end: leaf.node.endIndex };
  if (edit) context2.report({ ...range, message: `${why5}; ${because}.`, fix: [edit] });
  else context2.report({ ...range, message: `${why5}.`, hint: `Pass \`torch.${dtype}\` here (no name in this file is bound to torch, so it is not rewritten).` });
}
function reportStorageDtype(context2, leaf) {
  context2.report({
    start: leaf.startIndex,
    end: leaf.endIndex,
    severity: "info",
    message: `\`${STORAGE}=bfloat16\` only sets the container dtype of the packed 4-bit weights; no math runs in it, so it works on ${gpuLabel(context2.target)}.`,
    hint: "Keep it equal to the dtype the model's other weights load in (`torch_dtype`): FSDP shards only layers of one dtype. If `torch_dtype` changes from bfloat16 for this GPU, set this to the same dtype."
  });
}
function reportUnsupported(context2, leaf) {
  context2.report({
    start: leaf.startIndex,
    end: leaf.endIndex,
    severity: "error",
    message: `bitsandbytes' 4-bit quantization needs compute capability ${requiredCapability("bitsandbytes")} or newer, so ${gpuLabel(context2.target)} cannot run this config with any dtype.`,
    hint: "Load the model without `BitsAndBytesConfig` on this GPU: float32 weights, or float16 when the model only fits in 16 bits."
  });
}

// packages/rules/src/precision/bnb-int8-matmul.ts
var BNB_MIN_CC = requiredCapability("bitsandbytes");
var KEY = "load_in_8bit";
var bnbInt8Matmul = defineRule({
  id: "bnb-int8-matmul",
  title: "bitsandbytes 8-bit loading (LLM.int8()) on a GPU older than Turing",
  category: "precision",
  severity: "warning",
  fixable: "never",
  appliesWhen: `the target's compute capability is below ${requiredCapability("bitsandbytesInt8Matmul")}, which LLM.int8() needs (V100, P100, K80)`,
  appliesTo: (target) => !meets(target, "bitsandbytesInt8Matmul"),
  triggers: [KEY],
  checks: {
    python: {
      run(context2) {
        const { source } = context2;
        for (const node of source.occurrences(KEY)) {
          const value2 = int8Value(node);
          if (!value2 || !isTrue(value2) || source.guards.guardOf(value2)) continue;
          const call = node.parent?.type === "keyword_argument" ? callOfArgument(node.parent) : null;
          const inConfig = !!call && (source.imports.qualifiedName(call.childForFieldName("function"))?.endsWith("BitsAndBytesConfig") ?? false);
          report7(context2, { start: node.startIndex, end: value2.endIndex }, `\`${KEY}=True\``, fourBitPython(context2, inConfig));
        }
      }
    },
    config: {
      triggers: [KEY, "quantization_bit"],
      run(context2) {
        const { document } = context2;
        if (document.kind === "axolotl" || document.kind === "training-arguments") {
          const entry = document.get([KEY]);
          if (entry?.value !== true) return;
          const suggestion2 = document.kind === "axolotl" ? "`load_in_4bit: true` with `adapter: qlora` (Axolotl's QLoRA, NF4 weights)" : "`load_in_4bit: true` (TRL's `bnb_4bit_quant_type` defaults to `nf4`)";
          report7(context2, entryRange(entry), `\`${entryText(document, entry)}\``, `Quantize to 4 bits instead, which bitsandbytes runs from compute capability ${BNB_MIN_CC}: ${suggestion2}.`);
        } else if (document.kind === "llama-factory") {
          const entry = document.get(["quantization_bit"]);
          const method = document.get(["quantization_method"])?.value;
          if (entry?.value !== 8 || method !== void 0 && method !== "bitsandbytes" && method !== "bnb") return;
          report7(context2, entryRange(entry), `\`${entryText(document, entry)}\``, `Use \`quantization_bit: 4\` instead (NF4 by LLaMA-Factory's default \`quantization_type: nf4\`), which bitsandbytes runs from compute capability ${BNB_MIN_CC}.`);
        }
      }
    },
    shell: {
      run(context2) {
        for (const launch of pythonLaunches(context2.document)) {
          const use = lastUse(launch.args, KEY);
          if (!use || flagBoolean(use) !== true) continue;
          report7(context2, useRange(use), `\`${useText(context2.document, use)}\``, `Pass \`--load_in_4bit\` instead where the script has it (TRL's scripts and most QLoRA scripts do): 4-bit NF4, which bitsandbytes runs from compute capability ${BNB_MIN_CC}.`);
        }
      }
    }
  }
});
function int8Value(node) {
  const holder = node.parent;
  if (node.type === "identifier" && holder?.type === "keyword_argument" && holder.childForFieldName("name")?.startIndex === node.startIndex) {
    return holder.childForFieldName("value");
  }
  const pair = holder?.parent;
  if (node.type === "string_content" && pair?.type === "pair" && pair.childForFieldName("key")?.startIndex === holder.startIndex && stringValue(holder) === KEY) {
    return pair.childForFieldName("value");
  }
  return null;
}
function fourBitPython(context2, inConfig) {
  const dtype = computeDtype(context2.target, context2.precision);
  const config = `BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.${dtype})`;
  const written2 = inConfig ? `\`${config}\`` : `\`quantization_config=${config}\``;
  return `Load in 4 bits instead, which bitsandbytes runs from compute capability ${BNB_MIN_CC}: ${written2} (half the weight memory of 8 bits).`;
}
function computeDtype(target, precision) {
  return mixedPrecisionMode(target, precision) === "fp16" ? "float16" : "float32";
}
function report7(context2, range, what2, fourBitHint) {
  const { target } = context2;
  if (!meets(target, "bitsandbytes")) {
    context2.report({
      ...range,
      severity: "error",
      message: `${what2} needs bitsandbytes, which supports compute capability ${BNB_MIN_CC} and newer and ships no Kepler binaries since 0.39.1, so ${gpuLabel(target)} cannot load this model in 8 (or 4) bits.`,
      hint: "Load the model without bitsandbytes on this GPU: float16 weights when the model fits in 16 bits, else a smaller model."
    });
    return;
  }
  context2.report({
    ...range,
    message: `${what2} runs bitsandbytes' LLM.int8() matrix multiplication, which needs compute capability ${requiredCapability("bitsandbytesInt8Matmul")} (Turing) or newer; on ${gpuLabel(target)} bitsandbytes stops with "Your GPU does not support Int8 Matmul!" or, in other releases, falls back to a slow 8-bit matmul.`,
    hint: fourBitHint
  });
}

// packages/rules/src/precision/deepspeed-bf16.ts
var deepspeedBf16 = defineRule({
  id: "deepspeed-bf16",
  title: "bf16 mixed precision in a DeepSpeed config on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bf16", "bfloat16"],
  checks: {
    config: {
      // It reads the block's `enabled`.
      needsOneOf: ["enabled"],
      run(context2) {
        const { document } = context2;
        if (document.kind !== "deepspeed") return;
        const block = document.key(["bf16"]) ? "bf16" : "bfloat16";
        const enabled = document.get([block, "enabled"]);
        if (enabled?.value === true) checkBlock(context2, block, enabled);
      }
    }
  }
});
function checkBlock(context2, block, enabled) {
  const { document, target } = context2;
  const blockKey = document.key([block]);
  const range = { start: blockKey.keyStart, end: entryRange(enabled).end };
  const why5 = `DeepSpeed's bf16 mode (\`${block}.enabled\` is true): ${noBf16Reason(target)}`;
  const report8 = (message2, edits, hint2) => {
    const fix = allEdits(edits);
    context2.report(fix ? { ...range, message: message2, fix } : { ...range, message: `${why5}.`, hint: hint2 });
  };
  const choice = mixedPrecisionFor(target, context2.precision, document.text);
  if (choice.mode === "fp32") {
    const fp16Too = target.gpu.features.fp16TensorCores || context2.precision !== "auto" ? choice.float32Because : `DeepSpeed refuses fp16 below compute capability ${requiredCapability("fp16TensorCores")} too, so`;
    report8(`${why5}. ${fp16Too} bf16 is disabled and training runs in float32.`, [document.replaceValue(enabled, false)], `Set \`${block}.enabled\` to false.`);
    return;
  }
  const fp16 = document.key(["fp16"]);
  if (!fp16) {
    if (document.keysOf([block]).every((key) => key === "enabled")) {
      report8(
        `${why5}; renamed to an fp16 block: fp16 mixed precision with dynamic loss scaling (\`loss_scale\` 0 is DeepSpeed's default) on its fp16 tensor cores (${FP16_RISK}).`,
        [document.renameKey(blockKey, "fp16")],
        `Rename the \`${block}\` block to \`fp16\`.`
      );
    } else {
      context2.report({
        ...range,
        message: `${why5}.`,
        hint: `Replace the \`${block}\` block with \`"fp16": {"enabled": true}\` (dynamic loss scaling by default); its other keys (${document.keysOf([block]).filter((key) => key !== "enabled").join(", ")}) exist only for bf16.`
      });
    }
    return;
  }
  const fp16Enabled = fp16.holds === "mapping" ? document.get(["fp16", "enabled"]) : void 0;
  const off = document.replaceValue(enabled, false);
  if (fp16Enabled?.value === true) {
    report8(`${why5}; the fp16 block is already enabled, so bf16 is disabled (DeepSpeed refuses both at once).`, [off], `Set \`${block}.enabled\` to false.`);
  } else if (fp16Enabled?.value === false) {
    report8(`${why5}; the fp16 block is enabled instead: fp16 mixed precision with its loss scaling settings, on its fp16 tensor cores.`, [off, document.replaceValue(fp16Enabled, true)], `Set \`${block}.enabled\` to false and \`fp16.enabled\` to true.`);
  } else if (fp16Enabled?.value === "auto") {
    report8(
      `${why5}; bf16 is disabled and the fp16 block stays "auto": the Hugging Face Trainer turns it on from \`fp16=True\` (what trainer-bf16 writes on this GPU).`,
      [off],
      `Set \`${block}.enabled\` to false.`
    );
  } else {
    context2.report({ ...range, message: `${why5}.`, hint: `Set \`${block}.enabled\` to false and \`fp16.enabled\` to true.` });
  }
}

// packages/rules/src/precision/fp8.ts
var FP8_DTYPES = ["float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e8m0fnu"];
var TE_CONTEXTS = ["fp8_autocast", "fp8_model_init", "autocast", "quantized_model_init"];
var FP8_CALLS = {
  "torch._scaled_mm": "`torch._scaled_mm` multiplies in FP8",
  "torchao.float8.convert_to_float8_training": "`convert_to_float8_training` swaps the linear layers for FP8 ones"
};
function mixedPrecisionFor2(context2) {
  if (context2.target.gpu.features.bf16 && context2.precision === "auto") return "bf16";
  return mixedPrecisionMode(context2.target, context2.precision) === "fp16" ? "fp16" : "no";
}
function redesign(context2) {
  const mode = mixedPrecisionFor2(context2);
  const run = mode === "no" ? "float32" : `${mode} mixed precision`;
  return `There is no drop-in replacement (FP8 recipes need redesign, not a switch): run in ${run} on this GPU, or keep weights stored in float8 and upcast them before each matmul.`;
}
var fp8 = defineRule({
  id: "fp8",
  title: "FP8 compute on a GPU before Ada/Hopper",
  category: "precision",
  severity: "error",
  fixable: "never",
  lacks: "fp8",
  triggers: ["float8", "fp8", "_scaled_mm", "transformer_engine"],
  mayMatch: mayReportFp8,
  checks: {
    python: {
      run(context2) {
        const { source } = context2;
        for (const dtype of FP8_DTYPES) {
          for (const node of source.occurrences(dtype)) {
            const reference = referenceAt(node);
            if (reference && source.imports.qualifiedName(reference) === `torch.${dtype}`) checkDtype2(context2, reference);
          }
        }
        for (const name of [...TE_CONTEXTS, "_scaled_mm", "convert_to_float8_training"]) {
          for (const node of source.occurrences(name)) {
            const reference = referenceAt(node);
            const call = reference && calledAt(reference);
            if (call) checkCall5(context2, call, source.imports.qualifiedName(reference) ?? "");
          }
        }
        for (const node of source.occurrences("mixed_precision")) checkMixedPrecision(context2, node);
      }
    }
  }
});
function mayReportFp8(scan) {
  if (FP8_DTYPES.some((dtype) => scan.hasCodeName(dtype))) return true;
  if (scan.hasCodeName("_scaled_mm") || scan.hasCodeName("convert_to_float8_training")) return true;
  if (scan.hasLeadingName("transformer_engine") && TE_CONTEXTS.some((name) => scan.hasCodeName(name))) return true;
  return scan.hasCodeName("mixed_precision") && (scan.inCode('"fp8"') || scan.inCode("'fp8'"));
}
var TRANSFORMER_ENGINE_FP8_ERROR = '"Device compute capability 8.9 or higher required for FP8 execution."';
var SCALED_MM_ERROR = '"torch._scaled_mm is only supported on CUDA devices with compute capability >= 9.0 or 8.9"';
var SCALED_MM_ERROR_TAIL = '"only supported on CUDA devices with compute capability >= 9.0 or 8.9"';
function needs89(target) {
  return `FP8 matmuls need FP8 tensor cores (compute capability ${requiredCapability("fp8")}: L4, RTX 40xx, H100), which ${gpuLabel(target)} lacks`;
}
function referenceAt(node) {
  if (node.type !== "identifier") return null;
  const parent = node.parent;
  if (parent?.type === "attribute") return parent.childForFieldName("attribute")?.startIndex === node.startIndex ? parent : null;
  if (closestAncestor(node, "import_from_statement") || closestAncestor(node, "import_statement")) return null;
  if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.startIndex === node.startIndex) return null;
  if (parent?.type === "function_definition" || parent?.type === "parameters") return null;
  return node;
}
function isStorageOnly(reference) {
  const argument = reference.parent;
  return argument?.type === "keyword_argument" && argument.childForFieldName("name")?.text === "storage_dtype";
}
function calledAt(reference) {
  const call = reference.parent;
  return call?.type === "call" && call.childForFieldName("function")?.startIndex === reference.startIndex ? call : null;
}
function checkDtype2(context2, reference) {
  const { source, target } = context2;
  if (dtypeUse(reference) !== "request" || isStorageOnly(reference) || source.guards.guardOf(reference)) return;
  context2.report({
    start: reference.startIndex,
    end: reference.endIndex,
    severity: "warning",
    message: `${needs89(target)}: float8 tensors can be stored and cast there, but \`torch._scaled_mm\` and the FP8 layers built on it raise ${SCALED_MM_ERROR_TAIL}.`,
    hint: redesign(context2)
  });
}
function checkCall5(context2, call, name) {
  const { source, target } = context2;
  let what2 = FP8_CALLS[name];
  if (!what2) {
    const parts = name.split(".");
    const last = parts.at(-1);
    if (parts[0] !== "transformer_engine" || !TE_CONTEXTS.includes(last)) return;
    const enabled = keywordArgument(call, "enabled");
    const value2 = enabled && keywordValue(enabled);
    if (value2 && (isFalse(value2) || source.guards.checkIn(value2))) return;
    what2 = `Transformer Engine's \`${last}\` runs its layers in FP8`;
  }
  if (source.guards.guardOf(call)) return;
  context2.report({
    start: call.startIndex,
    end: call.endIndex,
    message: `${what2}, and ${needs89(target)}: it raises ${TRANSFORMER_ENGINE_FP8_ERROR} (Transformer Engine) or ${SCALED_MM_ERROR} (PyTorch).`,
    hint: redesign(context2)
  });
}
function checkMixedPrecision(context2, name) {
  const { source, target } = context2;
  const argument = name.parent;
  if (name.type !== "identifier" || argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return;
  if (stringValue(keywordValue(argument)) !== "fp8" || source.guards.guardOf(argument)) return;
  context2.report({
    start: argument.startIndex,
    end: argument.endIndex,
    message: `\`mixed_precision="fp8"\` trains through Transformer Engine, torchao or MS-AMP FP8 layers, and ${needs89(target)}: Transformer Engine raises ${TRANSFORMER_ENGINE_FP8_ERROR}`,
    hint: `Use \`mixed_precision="${mixedPrecisionFor2(context2)}"\` on this GPU; FP8 recipes (scaling, amax history) need redesign, not a switch.`
  });
}

// packages/rules/src/precision/lightning-bf16.ts
var LIGHTNING_MODULES = ["lightning", "pytorch_lightning", "lightning_fabric"];
var LIGHTNING_CLASSES = /* @__PURE__ */ new Set(["Trainer", "Fabric"]);
var REPLACEMENTS = {
  "bf16": { fp16: "16", fp32: "32" },
  "bf16-mixed": { fp16: "16-mixed", fp32: "32-true" }
};
var LIGHTNING_TRAINER_KEYS = ["accelerator", "devices", "max_epochs", "min_epochs", "strategy", "accumulate_grad_batches", "gradient_clip_val", "check_val_every_n_epoch", "log_every_n_steps", "num_nodes", "limit_train_batches", "enable_checkpointing"];
var BF16_PRECISIONS = [...Object.keys(REPLACEMENTS), "bf16-true"];
var lightningBf16 = defineRule({
  id: "lightning-bf16",
  title: "bf16 precision in a Lightning Trainer or Fabric on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bf16"],
  // Its Python findings are a bf16 precision string passed as `precision=` to a Trainer or Fabric from a Lightning
  // module, each of which the file names.
  mayMatch: (scan) => scan.inCode("lightning") && scan.inCode("precision") && (scan.inCode("Trainer") || scan.inCode("Fabric")) && BF16_PRECISIONS.some((value2) => quotedInCode(scan, value2)),
  checks: {
    // A Lightning node in a Hydra or LightningCLI config has a `_target_` or one of the Lightning-only keys.
    config: { run: checkConfig3, needsOneOf: [...kindMarkers("litgpt"), "_target_", ...LIGHTNING_TRAINER_KEYS] },
    shell: { run: checkLitgptCommands },
    python: {
      run(context2) {
        for (const node of context2.source.occurrences("bf16")) {
          const string = node.type === "string_content" ? node.parent : null;
          const value2 = string ? stringValue(string) : null;
          if (string && value2 && (value2 in REPLACEMENTS || value2 === "bf16-true") && isLightningPrecision(context2, string)) checkPrecision(context2, string, value2);
        }
      }
    }
  }
});
function isLightningPrecision(context2, string) {
  const { imports } = context2.source;
  const argument = string.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("value")?.startIndex !== string.startIndex) return false;
  if (argument.childForFieldName("name")?.text !== "precision") return false;
  const call = argument.parent?.parent;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const name = fn && imports.qualifiedName(fn);
  if (!call || !name || !LIGHTNING_CLASSES.has(name.split(".").pop())) return false;
  const fromLightning = LIGHTNING_MODULES.some((m) => name.startsWith(`${m}.`));
  const starImported = !name.includes(".") && !imports.bindings.has(name) && imports.wildcardModules.some((m) => LIGHTNING_MODULES.includes(m.split(".")[0]));
  if (!fromLightning && !starImported) return false;
  const accelerator = keywordArgument(call, "accelerator");
  return stringValue(accelerator && keywordValue(accelerator)) !== "cpu";
}
function checkPrecision(context2, string, value2) {
  const content = plainStringContent(string);
  if (!content || context2.source.guards.guardOf(string)) return;
  const decision = decide(value2, context2, context2.source.text, callsPlainBackward(context2.source));
  const { replacement, ...finding } = decision;
  const fix = replacement === void 0 ? {} : { fix: [{ start: content.startIndex, end: content.endIndex, text: replacement }] };
  context2.report({ start: string.startIndex, end: string.endIndex, ...finding, ...fix });
}
function checkConfig3(context2) {
  const { document } = context2;
  const entries = document.kind === "litgpt" ? [document.get(["precision"])] : document.entries().filter((e) => e.path[e.path.length - 1] === "precision" && isLightningNode(context2, e.path.slice(0, -1)));
  for (const entry of entries) {
    const value2 = typeof entry?.value === "string" ? entry.value : void 0;
    if (!entry || !value2 || !(value2 in REPLACEMENTS || value2 === "bf16-true")) continue;
    const { replacement, ...finding } = decide(value2, context2, document.text, false);
    const edit = replacement === void 0 ? void 0 : document.replaceValue(entry, replacement);
    context2.report({ ...entryRange(entry), ...finding, ...edit ? { fix: [edit] } : {} });
  }
}
var LIGHTNING_TARGET = /^(lightning\.pytorch|pytorch_lightning|lightning)(\.trainer(\.trainer)?)?\.Trainer$|^(lightning|lightning\.fabric|lightning_fabric)(\.fabric)?\.Fabric$/;
function isLightningNode(context2, path) {
  const { document } = context2;
  const keys = document.keysOf(path);
  const accelerator = document.get([...path, "accelerator"])?.value;
  if (accelerator === "cpu") return false;
  const target = document.get([...path, "_target_"])?.value;
  if (typeof target === "string") return LIGHTNING_TARGET.test(target);
  const trainerGroup = path.length === 0 && /(^|\/)trainer\/[^/]+$/.test(context2.path ?? "");
  const trainerKey = path.length > 0 && path[path.length - 1] === "trainer";
  return (trainerKey || trainerGroup) && keys.some((key) => LIGHTNING_TRAINER_KEYS.includes(key));
}
function checkLitgptCommands(context2) {
  const { document } = context2;
  for (const command of document.commands()) {
    if (programName(command.name) !== "litgpt" || document.guardOf(command.node)) continue;
    const use = lastUse(command.args.slice(1), "precision");
    const value2 = use?.value && !use.value.dynamic ? use.value.value : void 0;
    if (!use?.value || !value2 || !(value2 in REPLACEMENTS || value2 === "bf16-true")) continue;
    const { replacement, ...finding } = decide(value2, context2, document.text, false);
    const message2 = `\`${useText(document, use)}\`: ${finding.message}`;
    context2.report({ ...useRange(use), ...finding, message: message2, ...replacement === void 0 ? {} : { fix: [valueEdit(use.value, replacement)] } });
  }
}
function decide(value2, context2, text, plainBackward) {
  const { target } = context2;
  const how = value2 === "bf16-true" ? "keeps the weights and every computation in bfloat16" : 'runs torch autocast in bfloat16, which stops with "Current CUDA Device does not support bfloat16. Please switch dtype to float16." or, in newer PyTorch, runs emulated';
  const why5 = `Lightning's \`${value2}\` precision ${how}: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context2.precision, text);
  const replacement = REPLACEMENTS[value2];
  if (!replacement) {
    if (choice.mode === "fp32") {
      return {
        message: `${why5}.`,
        hint: `${choice.float32Because} the run should use float32: "32-true" if the model fits with float32 weights (twice the memory of "bf16-true"), or a smaller model or quantized base otherwise. Not rewritten: the memory doubles.`
      };
    }
    return {
      message: `${why5}.`,
      hint: 'Use "16-mixed" (float16 autocast with loss scaling) or "32-true" on this GPU if the model fits with float32 weights; "16-true" halves memory like "bf16-true" but trains in pure float16 without loss scaling, which often diverges. Not rewritten: each choice changes memory or stability.'
    };
  }
  if (choice.mode === "fp32") {
    return { message: `${why5}. ${choice.float32Because} it trains in float32 ("${replacement.fp32}").`, replacement: replacement.fp32 };
  }
  if (plainBackward) {
    return {
      message: `${why5}.`,
      hint: `Use "${replacement.fp16}" on this GPU once the loss goes through Lightning's backward (\`self.manual_backward(loss)\` or \`fabric.backward(loss)\`), or "${replacement.fp32}" for float32. Not rewritten: this file calls \`.backward()\` itself, which would skip fp16 loss scaling.`
    };
  }
  return { message: `${why5}; using "${replacement.fp16}" (fp16 mixed precision: float16 autocast with loss scaling, the weights in the dtype they were loaded in) on its fp16 tensor cores.`, replacement: replacement.fp16 };
}

// packages/rules/src/precision/remote-code-kwargs.ts
var DTYPE_FLAGS = { float16: "fp16", float32: "fp32" };
var remoteCodeKwargs = defineRule({
  id: "remote-code-kwargs",
  title: "bf16=True or use_flash_attn=True passed to a trust_remote_code model load (Qwen-1 style) on a GPU without them",
  category: "precision",
  severity: "warning",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["trust_remote_code"],
  // Its findings are `bf16=` and `use_flash_attn=` keywords: a remote-code load without them has nothing to report.
  mayMatch: (scan) => scan.inCode("bf16") || scan.inCode("use_flash_attn"),
  checks: {
    python: {
      run(context2) {
        for (const name of ["bf16", "use_flash_attn"]) {
          for (const { argument, call, value: value2 } of keywordArgumentsNamed(context2.source, name)) {
            if (!isTrue(value2) || !isRemoteCodeLoad(call) || context2.source.guards.guardOf(argument)) continue;
            if (name === "bf16") reportBf16(context2, call, argument);
            else reportFlashAttn(context2, value2);
          }
        }
      }
    }
  }
});
var NOT_A_MODEL = /(?:Tokenizer(?:Fast)?|Processor|Config|GenerationConfig)$/;
function isRemoteCodeLoad(call) {
  const trust = keywordArgument(call, "trust_remote_code");
  const fn = call.childForFieldName("function");
  const owner = fn?.type === "attribute" ? fn.childForFieldName("object")?.text ?? "" : "";
  return isModelLoadCall(call) && !NOT_A_MODEL.test(owner) && !!trust && isTrue(keywordValue(trust));
}
function reportBf16(context2, call, argument) {
  const name = argument.childForFieldName("name");
  const range = { start: argument.startIndex, end: argument.endIndex };
  const asks = `\`bf16=True\` makes this remote-code model load its weights in bfloat16, but ${noBf16Reason(context2.target)}`;
  const load = loadDtypeFor(context2, call);
  const flag2 = DTYPE_FLAGS[load.dtype];
  const note = load.note ? ` ${load.note}` : "";
  if (load.hintOnly) {
    context2.report({ ...range, message: `${asks}.${note}`, hint: `${load.hint} The model's config takes \`fp16=True\` or \`fp32=True\` instead.` });
  } else if (keywordArgument(call, "fp16") || keywordArgument(call, "fp32")) {
    context2.report({ ...range, message: `${asks}.${note}`, hint: `Set \`${flag2}=True\` and drop \`bf16=True\` (the call already passes another precision flag, which is left to you).` });
  } else {
    context2.report({ ...range, ...rewriteMessage(asks, `${flag2}=True (${load.dtype})`, note), fix: [{ start: name.startIndex, end: name.endIndex, text: flag2 }] });
  }
}
function reportFlashAttn(context2, value2) {
  context2.report({
    start: value2.startIndex,
    end: value2.endIndex,
    message: `\`use_flash_attn=True\` makes this remote-code model call the flash-attn package, whose FlashAttention-2 kernels need compute capability ${requiredCapability("flashAttention2")} ("FlashAttention only supports Ampere GPUs or newer."), which ${gpuLabel(context2.target)} lacks; using False, the model's own attention.`,
    fix: [{ start: value2.startIndex, end: value2.endIndex, text: "False" }]
  });
}

// packages/rules/src/precision/tf32.ts
var tf32 = defineRule({
  id: "tf32",
  title: "TF32 requested on a GPU before Ampere",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  lacks: "tf32",
  triggers: ["tf32", "set_float32_matmul_precision"],
  checks: {
    config: {
      run(context2) {
        const { document, target } = context2;
        const entry = TRAINER_CONFIGS.has(document.kind) ? document.get(["tf32"]) : void 0;
        if (entry?.value !== true) return;
        const fix = allEdits([document.replaceValue(entry, false)]);
        const message2 = `\`${entryText(document, entry)}\` ${asTrainingArgument(document, "tf32=True")}, which raises a ValueError on ${gpuLabel(target)}: TF32 needs an Ampere or newer GPU (compute capability ${requiredCapability("tf32")}); set to false.`;
        context2.report(fix ? { ...entryRange(entry), message: message2, fix } : { ...entryRange(entry), message: message2, hint: "Set `tf32` to false." });
      }
    },
    shell: {
      run(context2) {
        const { document, target } = context2;
        for (const launch of pythonLaunches(document)) {
          const use = lastUse(launch.args, "tf32");
          if (!use?.value || flagBoolean(use) !== true) continue;
          const message2 = `\`${useText(document, use)}\` is \`TrainingArguments(tf32=True)\` to a Hugging Face script (HfArgumentParser), which raises a ValueError on ${gpuLabel(target)}: TF32 needs an Ampere or newer GPU (compute capability ${requiredCapability("tf32")}); ${turnedOff(use)}.`;
          context2.report({ ...useRange(use), message: message2, fix: [valueEdit(use.value, falseLike(use.value.value))] });
        }
      }
    },
    python: {
      run(context2) {
        for (const node of context2.source.occurrences("tf32")) {
          if (node.type === "identifier") {
            const found = trainingArgumentsKeyword(node, context2.source.imports);
            if (found) checkTrainerTf32(context2, found.argument);
          }
        }
        for (const node of context2.source.occurrences("allow_tf32")) {
          if (node.type === "identifier") checkAllowTf32(context2, node);
        }
        for (const node of context2.source.occurrences("set_float32_matmul_precision")) {
          if (node.type === "identifier") checkMatmulPrecision(context2, node);
        }
      }
    }
  }
});
function checkTrainerTf32(context2, argument) {
  const { source, target } = context2;
  if (!isTrue(keywordValue(argument)) || source.guards.guardOf(argument)) return;
  context2.report({
    start: argument.startIndex,
    end: argument.endIndex,
    message: `\`tf32=True\` makes transformers raise a ValueError on ${gpuLabel(target)}: TF32 needs an Ampere or newer GPU (compute capability ${requiredCapability("tf32")}); removed.`,
    fix: [removeArgumentEdit(source.text, argument)]
  });
}
function checkAllowTf32(context2, name) {
  const { source, target } = context2;
  const attribute = name.parent;
  if (attribute?.type !== "attribute" || attribute.childForFieldName("attribute")?.startIndex !== name.startIndex) return;
  if (!source.imports.qualifiedName(attribute)?.startsWith("torch.backends.")) return;
  const assignment = attribute.parent;
  if (assignment?.type !== "assignment" || assignment.childForFieldName("left")?.startIndex !== attribute.startIndex) return;
  if (!isTrue(assignment.childForFieldName("right")) || source.guards.guardOf(assignment)) return;
  const statement = closestAncestor(assignment, "expression_statement") ?? assignment;
  context2.report({
    start: statement.startIndex,
    end: statement.endIndex,
    severity: "info",
    message: `TF32 matmuls need compute capability ${requiredCapability("tf32")}; on ${gpuLabel(target)} this setting has no effect, so float32 matmuls run at full float32 cost.`,
    hint: "Nothing breaks; expect float32 speed. Keep it for Ampere runs, or remove it to make that explicit."
  });
}
function checkMatmulPrecision(context2, name) {
  const { source, target } = context2;
  const found = callNamedAt(name);
  if (!found || source.imports.qualifiedName(found.callee) !== "torch.set_float32_matmul_precision") return;
  const { call } = found;
  const keyword = keywordArgument(call, "precision");
  const first = argumentsOf(call)[0];
  const precision = stringValue(keyword ? keywordValue(keyword) : first && first.type !== "keyword_argument" ? first : null);
  if (precision !== "high" && precision !== "medium" || source.guards.guardOf(call)) return;
  const statement = closestAncestor(call, "expression_statement") ?? call;
  context2.report({
    start: statement.startIndex,
    end: statement.endIndex,
    severity: "info",
    message: `\`set_float32_matmul_precision("${precision}")\` asks for ${precision === "high" ? "TF32" : "bfloat16"} matmuls, which need compute capability ${requiredCapability(precision === "high" ? "tf32" : "bf16")}; on ${gpuLabel(target)} PyTorch computes float32 matmuls as with "highest", at full float32 cost.`,
    hint: "Nothing breaks; expect float32 speed. Keep it for Ampere runs, or remove it to make that explicit."
  });
}

// packages/rules/src/precision/trainer-bf16.ts
var FLAGS = [
  { bf16: "bf16", fp16: "fp16", what: "fp16 mixed precision (float16 autocast with loss scaling; the weights keep the dtype they were loaded in, which must be float32 for full fine-tuning)" },
  { bf16: "bf16_full_eval", fp16: "fp16_full_eval", what: "float16 evaluation" }
];
var trainerBf16 = defineRule({
  id: "trainer-bf16",
  title: "bf16 mixed precision in TrainingArguments on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bf16"],
  // Its Python findings are `bf16=True` (or `bf16_full_eval=True`) keywords of a call whose name, or the import
  // that binds it, spells a TrainingArguments class: a flag read (`if args.bf16:`) is no such keyword.
  mayMatch: (scan) => FLAGS.some((flag2) => maySetTrue(scan, flag2.bf16)) && [...TRAINING_ARGUMENTS_CLASSES].some((name) => scan.inCode(name)),
  checks: {
    config: {
      // `base_model` as a key: an Axolotl config that sets no precision at all (checkAxolotlDefault). Spelled with
      // what may follow a key, so that `base_model_name_or_path` (every PEFT adapter_config.json) is no trigger.
      triggers: ["bf16", "bfloat16", "base_model:", "base_model ", "base_model	", 'base_model"', "base_model'"],
      needsOneOf: TRAINER_CONFIG_MARKERS,
      run(context2) {
        if (!TRAINER_CONFIGS.has(context2.document.kind)) return;
        for (const flag2 of FLAGS) {
          if (flag2.bf16 === "bf16_full_eval" && context2.document.kind === "axolotl") continue;
          const entry = context2.document.get([flag2.bf16]);
          if (entry?.value === true) checkConfigFlag(context2, entry, flag2);
        }
        const auto = context2.document.kind === "axolotl" ? context2.document.get(["bf16"]) : void 0;
        if (auto?.value === "auto") checkAxolotlAuto(context2, auto);
        if (context2.document.kind === "axolotl") checkAxolotlDefault(context2);
        hintPureBf16(context2);
      }
    },
    shell: {
      run(context2) {
        for (const launch of pythonLaunches(context2.document)) {
          for (const flag2 of FLAGS) checkShellFlag(context2, launch, flag2);
        }
      }
    },
    python: {
      run(context2) {
        for (const flag2 of FLAGS) {
          for (const node of context2.source.occurrences(flag2.bf16)) {
            if (node.type !== "identifier") continue;
            const found = trainingArgumentsKeyword(node, context2.source.imports);
            if (found) checkBf16Argument(context2, found.argument, found.call, flag2);
          }
        }
      }
    }
  }
});
function checkBf16Argument(context2, argument, call, flag2) {
  const { source, target } = context2;
  if (!isTrue(keywordValue(argument)) || source.guards.guardOf(argument)) return;
  const range = { start: argument.startIndex, end: argument.endIndex };
  const why5 = `\`${flag2.bf16}=True\` either stops transformers with "Your setup doesn't support bf16/gpu" or, in newer versions, trains with emulated bf16: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context2.precision, source.text);
  if (choice.mode === "fp32") {
    context2.report({
      ...range,
      message: `${why5}. ${choice.float32Because} ${flag2.bf16 === "bf16" ? "training" : "evaluation"} runs in float32.`,
      fix: [removeArgumentEdit(source.text, argument)]
    });
    return;
  }
  const fp16 = keywordArgument(call, flag2.fp16);
  const fp16Value = fp16 && keywordValue(fp16);
  if (!fp16) {
    const name = argument.childForFieldName("name");
    context2.report({ ...range, message: `${why5}; using ${flag2.what} on its fp16 tensor cores (${FP16_RISK}).`, fix: [{ start: name.startIndex, end: name.endIndex, text: flag2.fp16 }] });
  } else if (isTrue(fp16Value)) {
    context2.report({ ...range, message: `${why5}; \`${flag2.fp16}=True\` is already set, so \`${flag2.bf16}=True\` is removed.`, fix: [removeArgumentEdit(source.text, argument)] });
  } else if (isFalse(fp16Value) && fp16Value) {
    context2.report({
      ...range,
      message: `${why5}; using ${flag2.what} on its fp16 tensor cores (${FP16_RISK}).`,
      fix: [removeArgumentEdit(source.text, argument), { start: fp16Value.startIndex, end: fp16Value.endIndex, text: "True" }]
    });
  } else {
    context2.report({ ...range, message: `${why5}.`, hint: `Set \`${flag2.bf16}=False\` and \`${flag2.fp16}=True\` for this GPU (\`${flag2.fp16}\` is computed here, so it is not rewritten).` });
  }
}
function checkConfigFlag(context2, entry, flag2) {
  const { document, target } = context2;
  const range = entryRange(entry);
  const written2 = entryText(document, entry);
  const why5 = `\`${written2}\` ${asTrainingArgument(document, `${flag2.bf16}=True`)}, which either stops with "Your setup doesn't support bf16/gpu" or, in newer versions, trains with emulated bf16: ${noBf16Reason(target)}`;
  const hint2 = (edits) => context2.report({ ...range, message: `${why5}.`, hint: edits });
  const choice = mixedPrecisionFor(target, context2.precision, document.text);
  if (choice.mode === "fp32") {
    const fix = allEdits([document.replaceValue(entry, false)]);
    const message2 = `${why5}. ${choice.float32Because} ${flag2.bf16 === "bf16" ? "training" : "evaluation"} runs in float32.`;
    context2.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: `Set \`${flag2.bf16}\` to false.` });
    return;
  }
  const using = `${why5}; using ${flag2.what} on its fp16 tensor cores (${FP16_RISK}).`;
  if (!document.key([flag2.fp16])) {
    const fix = allEdits([document.renameKey(entry, flag2.fp16)]);
    if (fix) context2.report({ ...range, message: using, fix });
    else hint2(`Replace \`${flag2.bf16}\` with \`${flag2.fp16}\` for this GPU.`);
    return;
  }
  const fp16 = document.get([flag2.fp16]);
  if (fp16?.value === true) {
    const fix = allEdits([removeOrSet(document, entry, false)]);
    const message2 = `${why5}; \`${flag2.fp16}\` is already true, so \`${flag2.bf16}\` is removed.`;
    if (fix) context2.report({ ...range, message: message2, fix });
    else hint2(`Remove \`${flag2.bf16}\`: \`${flag2.fp16}\` is already true.`);
  } else if (fp16 && (fp16.value === false || fp16.value === null)) {
    const fix = allEdits([document.replaceValue(fp16, true), removeOrSet(document, entry, false)]);
    if (fix) context2.report({ ...range, message: using, fix });
    else hint2(`Set \`${flag2.bf16}\` to false and \`${flag2.fp16}\` to true for this GPU.`);
  } else {
    hint2(`Set \`${flag2.bf16}\` to false and \`${flag2.fp16}\` to true for this GPU (\`${flag2.fp16}\` holds something the tool does not rewrite).`);
  }
}
function checkAxolotlAuto(context2, entry) {
  const { document, target } = context2;
  const fp16 = document.get(["fp16"]);
  if (fp16?.value === true) return;
  const range = entryRange(entry);
  const why5 = `\`${entryText(document, entry)}\` makes Axolotl ask \`torch.cuda.is_bf16_supported()\`, which counts emulated bf16 as support in PyTorch 2.3+, so it most likely trains in emulated bf16 (10-50x slower): ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context2.precision, document.text);
  if (choice.mode === "fp32") {
    const fix2 = allEdits([document.replaceValue(entry, false)]);
    const message3 = `${why5}. ${choice.float32Because} training runs in float32: \`bf16: false\`.`;
    context2.report(fix2 ? { ...range, message: message3, fix: fix2 } : { ...range, message: message3, hint: "Set `bf16: false`." });
    return;
  }
  const message2 = `${why5}; choosing fp16 mixed precision explicitly (${FP16_RISK}).`;
  const edits = fp16 ? [document.replaceValue(fp16, true), document.replaceValue(entry, false)] : [document.renameKey(entry, "fp16"), document.replaceValue(entry, true)];
  const fix = allEdits(edits);
  context2.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: "Set `bf16: false` and `fp16: true`." });
}
var AXOLOTL_PRECISION_KEYS = ["bf16", "fp16", "bfloat16", "float16", "fp8", "float32"];
function checkAxolotlDefault(context2) {
  const { document, target } = context2;
  if (AXOLOTL_PRECISION_KEYS.some((key) => document.key([key]))) return;
  const base = document.get(["base_model"]);
  if (!base) return;
  const range = entryRange(base);
  const why5 = `This Axolotl config sets no precision, so Axolotl uses its default \`bf16: auto\`, which asks \`torch.cuda.is_bf16_supported()\`: in PyTorch 2.3+ that counts emulated bf16 as support, so it most likely trains in emulated bf16 (10-50x slower): ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context2.precision, document.text);
  const hint2 = choice.mode === "fp32" ? `${choice.float32Because} train in float32: add \`bf16: false\`.` : `Add \`fp16: true\` to choose fp16 mixed precision (${FP16_RISK}).`;
  context2.report({ ...range, severity: "warning", message: `${why5}.`, hint: hint2 });
}
function hintPureBf16(context2) {
  const { document, target } = context2;
  const fp16 = mixedPrecisionFor(target, context2.precision, document.text).mode === "fp16";
  const instead = fp16 ? "use `fp16: true` (fp16 mixed precision) instead" : "train in float32 instead (no 16-bit switch)";
  const settings = document.kind === "axolotl" ? [
    { path: "bfloat16", value: true, what: "loads the weights in bf16 and trains without mixed precision" },
    { path: "bf16", value: "full", what: "evaluates the whole model in bf16" }
  ] : document.kind === "llama-factory" ? [{ path: "pure_bf16", value: true, what: "trains the weights in pure bf16, without mixed precision" }] : [];
  for (const setting of settings) {
    const entry = document.get([setting.path]);
    if (entry?.value !== setting.value) continue;
    context2.report({
      ...entryRange(entry),
      message: `\`${entryText(document, entry)}\` ${setting.what}, but ${noBf16Reason(target)}.`,
      hint: `Remove \`${setting.path}\` and ${instead}.`
    });
  }
}
function checkShellFlag(context2, launch, flag2) {
  const { document, target } = context2;
  const use = lastUse(launch.args, flag2.bf16);
  if (!use || flagBoolean(use) !== true) return;
  const range = useRange(use);
  const written2 = useText(document, use);
  const why5 = `\`${written2}\` is \`TrainingArguments(${flag2.bf16}=True)\` to a Hugging Face script (HfArgumentParser), which either stops with "Your setup doesn't support bf16/gpu" or, in newer versions of transformers, trains with emulated bf16: ${noBf16Reason(target)}`;
  const off = turnOffEdit(document.text, use);
  const report8 = (message2, fix, hint2) => {
    const edits = allEdits(fix);
    context2.report(edits ? { ...range, message: message2, fix: edits } : { ...range, message: message2, hint: hint2 });
  };
  const choice = mixedPrecisionFor(target, context2.precision, document.text);
  if (choice.mode === "fp32") {
    const runs = `${flag2.bf16 === "bf16" ? "training" : "evaluation"} runs in float32`;
    report8(`${why5}. ${choice.float32Because} ${runs}: ${turnedOff(use)}.`, [off], `Remove \`${written2}\`.`);
    return;
  }
  const using = `${why5}; using ${flag2.what} on its fp16 tensor cores (${FP16_RISK}).`;
  const fp16 = lastUse(launch.args, flag2.fp16);
  if (!fp16 && scriptTakesFlag(context2, launch, `--${flag2.fp16}`) === false) {
    const name = launch.entry.name;
    const own = `\`${written2}\` turns on bf16 in \`${name}\` (its own argparse option), but ${noBf16Reason(target)}`;
    report8(`${own}. \`${name}\` has no \`--${flag2.fp16}\` option, so it runs without bf16 instead: ${turnedOff(use)}.`, [off], `Remove \`${written2}\`; \`${name}\` has no \`--${flag2.fp16}\` option.`);
    return;
  }
  if (!fp16) {
    context2.report({ ...range, message: using, fix: [{ start: use.nameStart, end: use.nameEnd, text: use.name.replace("bf16", "fp16") }] });
    return;
  }
  const fp16Text = useText(document, fp16);
  const fp16On = flagBoolean(fp16);
  if (fp16On === true) {
    report8(`${why5}; \`${fp16Text}\` is already there, so \`${use.name}\` is ${turnedOff(use)}.`, [off], `Remove \`${written2}\`: \`${fp16Text}\` is already there.`);
  } else if (fp16On === false && fp16.value) {
    report8(using, [off, valueEdit(fp16.value, use.value?.value ?? "True")], `Remove \`${written2}\` and set \`${fp16.name}\` to True.`);
  } else {
    context2.report({
      ...range,
      message: `${why5}.`,
      hint: `Remove \`${written2}\` and pass \`${fp16.name} True\` for this GPU (\`${fp16Text}\` is decided when the script runs, so it is not rewritten).`
    });
  }
}

// packages/rules/src/precision/unsloth-bf16.ts
var LOADERS = new Set(["FastLanguageModel", "FastModel", "FastVisionModel", "FastTextModel"].map((c) => `${c}.from_pretrained`));
var unslothBf16 = defineRule({
  id: "unsloth-bf16",
  title: "Unsloth model loaded in bfloat16 on a GPU without bf16",
  category: "precision",
  severity: "warning",
  fixable: "sometimes",
  ownsDtypeOf: ["FastLanguageModel.from_pretrained", "FastModel.from_pretrained", "FastVisionModel.from_pretrained", "FastTextModel.from_pretrained"],
  lacks: "bf16",
  triggers: ["unsloth"],
  // A finding is a `dtype=` keyword of a loader imported from unsloth, whose value is torch.bfloat16 or "bfloat16"
  // itself (or a branch of a conditional): files that pass Unsloth their settings as a dict or a variable
  // (LLaMA-Factory's loaders) have nothing to report.
  mayMatch: (scan) => scan.hasLeadingName("unsloth") && scan.hasCodeName("dtype") && scan.inCode("bfloat16"),
  checks: {
    python: {
      run(context2) {
        const { imports, guards } = context2.source;
        for (const { call, value: value2 } of keywordArgumentsNamed(context2.source, "dtype")) {
          if (!isUnslothLoader(call, imports)) continue;
          for (const leaf of bf16Leaves(value2, imports)) {
            if (!guards.guardOf(leaf.node)) checkLeaf(context2, leaf);
          }
        }
      }
    }
  }
});
function isUnslothLoader(call, imports) {
  const fn = call.childForFieldName("function");
  const key = callKey(call, imports);
  return !!fn && !!key && LOADERS.has(key) && !!imports.qualifiedName(fn)?.startsWith("unsloth.");
}
function checkLeaf(context2, leaf) {
  const { target } = context2;
  const range = { start: leaf.node.startIndex, end: leaf.node.endIndex };
  if (!meets(target, "unsloth")) {
    context2.report({
      ...range,
      message: `Unsloth's stated minimum is compute capability ${requiredCapability("unsloth")}, so it may not run on ${gpuLabel(target)} at all; bfloat16 is the smaller problem there.`,
      hint: "If Unsloth runs on this GPU at all, pass `dtype=None` so it picks the dtype itself; otherwise fine-tune with transformers and peft directly, in float32."
    });
    return;
  }
  const why5 = leaf.kind === "torch" ? `Unsloth does not load bfloat16 on ${gpuLabel(target)}: it warns "Device does not support bfloat16. Will change to float16." and loads float16` : `\`dtype="bfloat16"\` asks Unsloth for bfloat16, which ${gpuLabel(target)} has no tensor cores for`;
  if (context2.precision === "fp32") {
    const torch = torchLocalName(context2.source.imports);
    if (torch) context2.report({ ...range, message: `${why5}; using float32, as --precision fp32 asks.`, fix: [{ ...range, text: `${torch}.float32` }] });
    else context2.report({ ...range, message: `${why5}.`, hint: "Pass `dtype=torch.float32` here, as --precision fp32 asks." });
    return;
  }
  context2.report({
    ...range,
    message: `${why5}; using \`dtype=None\`, which lets Unsloth pick the dtype itself (float16 on this GPU, bfloat16 on Ampere or newer).`,
    fix: [{ ...range, text: "None" }]
  });
}

// packages/rules/src/precision/vllm-bf16.ts
var NO_FLOAT16_MODELS = /(?<![a-z0-9])gemma-?[23](?=$|[-_./n])|glm-?4|plamo-?2/i;
var VLLM_ERROR = '"Bfloat16 is only supported on GPUs with compute capability of at least 8.0"';
var vllmBf16 = defineRule({
  id: "vllm-bf16",
  title: "vLLM engine asked for bfloat16 on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  // `vllm.LLM` by its module (langchain has an `LLM` too), the engine-argument classes by name.
  ownsDtypeOf: ["vllm.LLM", "EngineArgs", "AsyncEngineArgs"],
  lacks: "bf16",
  triggers: ["vllm"],
  // Each Python finding is a bfloat16 (in any case: vLLM lower-cases dtype strings) that reaches an engine call.
  mayMatch: (scan) => /bfloat16/i.test(scan.text) && mayCallVllmEngine(scan),
  checks: {
    shell: {
      run(context2) {
        const { document } = context2;
        for (const command of document.commands()) {
          const server = vllmServer(command);
          if (!server || document.guardOf(command.node)) continue;
          const use = lastUse(server.args, "dtype");
          if (!use?.value || use.value.dynamic || use.value.value !== "bfloat16") continue;
          const choice = vllmChoice(context2, server.model, (dtype) => `\`--dtype ${dtype}\``);
          const message2 = `\`${useText(document, use)}\`: ${choice.message}`;
          const range = useRange(use);
          context2.report("dtype" in choice ? { ...range, message: message2, fix: [valueEdit(use.value, choice.dtype)] } : { ...range, message: message2, hint: choice.hint });
        }
      }
    },
    python: {
      run(context2) {
        const { source } = context2;
        for (const node of source.occurrences("dtype")) {
          const found = dtypeSetting(source, node);
          if (!found) continue;
          for (const leaf of bf16Leaves(found.value, source.imports, { ignoreCase: true })) {
            if (!source.guards.guardOf(leaf.node)) checkLeaf2(context2, found.model, leaf);
          }
        }
      }
    }
  }
});
function dtypeSetting(source, node) {
  const holder = node.parent;
  if (!holder) return void 0;
  if (node.type === "identifier" && holder.type === "keyword_argument" && holder.childForFieldName("name")?.startIndex === node.startIndex) {
    const call = callOfArgument(holder);
    const value2 = holder.childForFieldName("value");
    if (!call || !value2) return void 0;
    if (isVllmEngineCall(call, source.imports)) return { value: value2, model: modelName(call) };
    const engine = dtypeHolderOf(value2, source.imports) && vllmEngineOfKwargs(source, call);
    return engine ? { value: value2, model: kwargsModel(call) ?? modelName(engine) } : void 0;
  }
  const pair = holder.parent;
  if (node.type === "string_content" && pair?.type === "pair" && pair.childForFieldName("key")?.startIndex === holder.startIndex) {
    const value2 = pair.childForFieldName("value");
    const engine = value2 && pair.parent && dtypeHolderOf(value2, source.imports) && vllmEngineOfKwargs(source, pair.parent);
    return value2 && engine ? { value: value2, model: kwargsModel(pair.parent) ?? modelName(engine) } : void 0;
  }
  if (node.type === "identifier" && (holder.type === "default_parameter" || holder.type === "typed_default_parameter")) {
    const value2 = holder.childForFieldName("value");
    const engine = value2 && vllmEngineReached(source, value2);
    return value2 && engine ? { value: value2, model: modelName(engine) } : void 0;
  }
  return void 0;
}
function kwargsModel(holder) {
  if (holder.type === "call") return modelName(holder);
  const pair = namedChildrenOf(holder).find((child) => child.type === "pair" && stringValue(child.childForFieldName("key")) === "model");
  const value2 = pair?.childForFieldName("value");
  return value2 ? stringValue(value2) : null;
}
function checkLeaf2(context2, model, leaf) {
  const range = { start: leaf.node.startIndex, end: leaf.node.endIndex };
  const choice = vllmChoice(context2, model, (dtype) => `\`dtype="${dtype}"\``);
  if (!("dtype" in choice)) {
    context2.report({ ...range, message: choice.message, hint: choice.hint });
    return;
  }
  const edit = leaf.kind === "string" && stringContentEdit(leaf.node, choice.dtype) || { ...range, text: `"${choice.dtype}"` };
  context2.report({ ...range, message: choice.message, fix: [edit] });
}
function vllmChoice(context2, model, spell) {
  const { target } = context2;
  if (!meets(target, "vllm")) {
    return {
      message: `vLLM needs compute capability ${requiredCapability("vllm")} or newer, so ${gpuLabel(target)} cannot run this engine with any dtype.`,
      hint: "Generate with transformers on this GPU instead (`model.generate`, float32 weights or float16 when the model only fits in 16 bits)."
    };
  }
  const why5 = `vLLM refuses bfloat16 on ${gpuLabel(target)} with ${VLLM_ERROR}`;
  if (model && NO_FLOAT16_MODELS.test(model)) {
    return {
      message: `${why5}, and it refuses float16 for ${model} too (numerical instability).`,
      hint: `Use ${spell("float32")} for this model on this GPU (twice the memory of 16-bit weights), or a model that runs in float16.`
    };
  }
  const dtype = context2.precision === "fp32" ? "float32" : "half";
  const because = dtype === "half" ? `using ${spell("half")}, as that error suggests` : `using ${spell("float32")}, as --precision fp32 asks`;
  return { message: `${why5}; ${because}.`, dtype };
}

// packages/rules/src/registry.ts
var allRules = [
  bf16Dtype,
  bf16EmulationCheck,
  capabilityAssert,
  trainerBf16,
  autocastBf16,
  accelerateBf16,
  deepspeedBf16,
  lightningBf16,
  bnbBf16Compute,
  bnbInt8Matmul,
  vllmBf16,
  unslothBf16,
  remoteCodeKwargs,
  tf32,
  fp8,
  flashAttention2,
  torchWheelArch,
  cudaArchList,
  tpuCudaCode,
  flashAttnPackage,
  sdpaFlashOnly,
  xformersAttention,
  torchCompileNoTriton,
  tritonSharedMemory,
  cudaSharedMemory,
  batchSize,
  dataloaderWorkers,
  deviceMapAuto,
  launcherGpuCount,
  notebookShellCd,
  vllmMemory,
  kaggleInputWrite,
  kaggleCheckpointSize,
  deviceMapDdp,
  unslothSingleGpu,
  notebookDataParallel,
  sessionTimeLimit,
  hostRamLoad,
  unusedSuppression
];
function findRule(id) {
  return allRules.find((rule) => rule.id === id);
}
function triggersFor(rule, kind) {
  return rule.checks[kind]?.triggers ?? rule.triggers;
}

// packages/engine/src/parsers.ts
async function loadParsers(backend, { fewFiles = false } = {}) {
  const options = { ...backend ? { backend } : {}, fewFiles };
  return { python: await loadPythonParser(options), shell: await loadShellParser(options) };
}

// packages/engine/src/breather.ts
import { setFlagsFromString as setFlagsFromString2 } from "node:v8";
import { runInNewContext } from "node:vm";
var YIELD_EVERY_CHARS = 256 * 1024;
var COLLECT_AFTER_GROWTH_BYTES = 16 * 1024 * 1024;
var Breather = class {
  sinceYield = 0;
  /** The RSS at the first yield after the last collection; undefined until that yield. */
  rssAfterCollection;
  /** After processing `chars` characters: resolves at once, or after one turn of the event loop. */
  processed(chars) {
    this.sinceYield += chars;
    if (this.sinceYield < YIELD_EVERY_CHARS) return void 0;
    this.sinceYield = 0;
    this.collectIfGrown();
    return new Promise((resume) => setImmediate(resume));
  }
  collectIfGrown() {
    const rss = process.memoryUsage.rss();
    if (this.rssAfterCollection === void 0) this.rssAfterCollection = rss;
    else if (rss - this.rssAfterCollection >= COLLECT_AFTER_GROWTH_BYTES) {
      fullCollection()?.();
      this.rssAfterCollection = void 0;
    }
  }
};
var collect;
function fullCollection() {
  if (collect === void 0) {
    try {
      setFlagsFromString2("--expose-gc");
      const gc = runInNewContext("gc");
      collect = typeof gc === "function" ? gc : null;
    } catch {
      collect = null;
    } finally {
      setFlagsFromString2("--no-expose-gc");
    }
  }
  return collect ?? void 0;
}

// packages/engine/src/literal-finder.ts
var LiteralFinder = class {
  constructor(literals) {
    this.literals = literals;
  }
  literals;
  // Each built on first use: a browser (the playground) has texts only, and no Buffer.
  inBytes;
  inText;
  find(bytes2) {
    this.inBytes ??= new Matcher(this.literals, (literal2) => Buffer.from(literal2, "utf8").toString("latin1"));
    return this.inBytes.find(bytes2.toString("latin1"));
  }
  findInText(text) {
    return (this.inText ??= new Matcher(this.literals, (literal2) => literal2)).find(text);
  }
};
var Matcher = class {
  pattern;
  /** The spellings each spelling's match may hide. */
  hidden = /* @__PURE__ */ new Map();
  literalOf = /* @__PURE__ */ new Map();
  constructor(literals, spell) {
    const unique = [...new Set(literals)].filter((literal2) => literal2.length > 0);
    for (const literal2 of unique) this.literalOf.set(spell(literal2), literal2);
    const keys = [...this.literalOf.keys()].sort((a, b) => b.length - a.length);
    for (const match of keys) this.hidden.set(match, keys.filter((other) => other !== match && overlaps2(match, other)));
    this.pattern = keys.length > 0 ? new RegExp(keys.map(escapeRegExp).join("|"), "g") : void 0;
  }
  find(text) {
    const found = /* @__PURE__ */ new Set();
    if (!this.pattern) return found;
    const matched = /* @__PURE__ */ new Set();
    this.pattern.lastIndex = 0;
    for (let match = this.pattern.exec(text); match; match = this.pattern.exec(text)) matched.add(match[0]);
    for (const key of matched) {
      found.add(this.literalOf.get(key));
      for (const other of this.hidden.get(key)) if (!matched.has(other) && text.includes(other)) found.add(this.literalOf.get(other));
    }
    return found;
  }
};
function overlaps2(match, other) {
  if (match.includes(other)) return true;
  for (let k = 1; k < match.length; k++) if (other.startsWith(match.slice(k))) return true;
  return false;
}
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// packages/engine/src/suppressions.ts
var SUPPRESSION = /(?:#|\/\/)[ \t]*gpu-compat:[ \t]*ignore(-file)?(?:\[([^\]\r\n]*)\])?/g;
var UNUSED_SUPPRESSION = "unused-suppression";
function readSuppressions(text, lines) {
  const found = [];
  const codeStarts = firstCodeLine(text);
  for (const match of text.matchAll(SUPPRESSION)) {
    const line = lines.position(match.index).line;
    const scope = match[1] ? "file" : "line";
    const ids = match[2] === void 0 ? null : match[2].split(",").map((id) => id.trim()).filter(Boolean);
    found.push({ scope, line, ids, start: match.index, end: match.index + match[0].length, misplaced: scope === "file" && line >= codeStarts, used: /* @__PURE__ */ new Set() });
  }
  return found;
}
function firstCodeLine(text) {
  const lines = text.split(/\r\n|\r|\n/);
  const index = lines.findIndex((line) => !/^\s*((#|\/\/).*)?$/.test(line));
  return index === -1 ? lines.length + 1 : index + 1;
}
function covers(suppression, ruleId) {
  return suppression.ids === null || suppression.ids.includes(ruleId);
}
function applySuppressions(text, lineIndex, findings, rulesRun) {
  if (!text.includes("gpu-compat")) return findings;
  const lines = lineIndex();
  const suppressions = readSuppressions(text, lines);
  if (suppressions.length === 0) return findings;
  const kept = findings.filter((finding) => {
    const line = lines.position(finding.start).line;
    const by = suppressions.find((s) => !s.misplaced && (s.scope === "file" || s.line === line) && covers(s, finding.rule.id));
    by?.used.add(finding.rule.id);
    return !by;
  });
  const reporter = rulesRun.find((rule) => rule.id === UNUSED_SUPPRESSION);
  if (!reporter) return kept;
  const ran = new Set(rulesRun.map((rule) => rule.id));
  const unused = suppressions.flatMap((s) => {
    const message2 = unusedMessage(s, text.slice(s.start, s.end), ran);
    const hint2 = s.misplaced ? "Move it above the first line of code." : "Remove the comment, or correct the rule ids in it.";
    return message2 ? [{ start: s.start, end: s.end, message: message2, hint: hint2, rule: reporter }] : [];
  });
  return [...kept, ...unused];
}
function unusedMessage(s, comment, ran) {
  const written2 = `\`${comment}\``;
  if (s.misplaced) return `${written2} is below the file's first line of code, where a file-level suppression counts for nothing.`;
  if (s.ids === null) {
    return s.used.size === 0 ? `${written2} suppresses nothing: no rule found anything ${s.scope === "file" ? "in this file" : "on this line"} for this target.` : void 0;
  }
  const unknown2 = s.ids.filter((id) => !findRule(id));
  if (unknown2.length > 0) return `${written2} names ${unknown2.map((id) => `\`${id}\``).join(", ")}, which ${unknown2.length === 1 ? "is not a gpu-compat rule" : "are not gpu-compat rules"} (\`gpu-compat rules\` lists them).`;
  const idle = s.ids.filter((id) => ran.has(id) && !s.used.has(id));
  if (idle.length === 0 || idle.length < s.ids.length) return void 0;
  return `${written2} suppresses nothing: ${idle.map((id) => `\`${id}\``).join(", ")} found nothing ${s.scope === "file" ? "in this file" : "on this line"} for this target.`;
}

// packages/engine/src/adapters.ts
function describeOpenError({ error, at }) {
  if (!at) return error;
  return at.cell === void 0 ? `${error} at line ${at.line}, column ${at.column}` : `${error} in cell ${at.cell}, line ${at.line}, column ${at.column}`;
}
function runChecks(kind, rules, text, lines, base, fields) {
  const found = [];
  const ran = rules.filter((rule) => rule.checks[kind]);
  const present = triggerFinder(kind, ran).findInText(text);
  for (const rule of ran) {
    const run = rule.checks[kind]?.run;
    if (!run || !triggersFor(rule, kind).some((literal2) => present.has(literal2))) continue;
    const report8 = (finding) => found.push({ ...finding, rule });
    run({ ...base, ...fields, report: report8 });
  }
  return applySuppressions(text, lines, found, ran).sort((a, b) => a.start - b.start || a.end - b.end);
}
var triggerFinders = /* @__PURE__ */ new Map();
function triggerFinder(kind, rules) {
  const key = `${kind}:${rules.map((rule) => rule.id).join(",")}`;
  let finder = triggerFinders.get(key);
  if (!finder) triggerFinders.set(key, finder = new LiteralFinder(rules.flatMap((rule) => triggersFor(rule, kind))));
  return finder;
}
var plainLocate = (_text, lines, offset) => lines.position(offset);
function treeAdapter(parser, kind, makeDocument, embedded = (text) => text) {
  return {
    open(fileText) {
      const text = embedded(fileText);
      const tree = parser.parse(text);
      if (tree.root.hasError) {
        const bad = firstError(tree.root);
        tree.dispose();
        return { error: "syntax error", ...bad ? { at: new LineIndex(text).position(bad.startIndex) } : {} };
      }
      const fields = makeDocument(text, tree.root);
      let lines;
      const linesOf = () => lines ??= new LineIndex(text);
      return {
        document: {
          run: (rules, base) => runChecks(kind, rules, text, linesOf, base, fields),
          dispose: () => tree.dispose()
        }
      };
    },
    locate: plainLocate
  };
}
function pythonAdapter(parser) {
  return treeAdapter(parser, "python", (text, root) => ({ source: new PythonSource(text, root) }));
}
function shellAdapter(parser, options = {}) {
  const { embedded } = options;
  return treeAdapter(
    parser,
    "shell",
    (text, root) => ({ document: new ShellSource(text, root, options.notebookBang) }),
    (text) => scriptView(embedded ? embedded(text) : text)
  );
}
function markdownAdapter(parser) {
  return embeddedScriptAdapter(parser, markdownScript);
}
function dockerfileAdapter(parser) {
  return embeddedScriptAdapter(parser, dockerfileScript);
}
function embeddedScriptAdapter(parser, script) {
  const parses = (part) => {
    const tree = parser.parse(scriptView(part));
    const ok = !tree.root.hasError;
    tree.dispose();
    return ok;
  };
  const views = [(text) => script(text), (text) => script(text, parses), (text) => script(text, () => false)];
  const readers = views.map((embedded) => shellAdapter(parser, { embedded }));
  return {
    // The first reader that opens; the last, all blank, always does.
    open(text) {
      let opened = readers[0].open(text);
      for (const reader of readers.slice(1)) if ("error" in opened) opened = reader.open(text);
      return opened;
    },
    locate: plainLocate
  };
}
function requirementsAdapter(format) {
  return {
    open(text) {
      let document;
      try {
        document = new RequirementsSource(text, format);
      } catch (error) {
        return { error: `not valid TOML: ${error.message.split("\n")[0]}` };
      }
      return {
        document: {
          run: (rules, base) => runChecks("requirements", rules, text, () => document.lines, base, { document }),
          dispose() {
          }
        }
      };
    },
    locate: plainLocate
  };
}
function configAdapter(parse2) {
  let last;
  const read = (text) => last?.text === text ? last.parsed : (last = { text, parsed: parse2(text) }).parsed;
  return {
    keyPath(text, offset) {
      const parsed = read(text);
      const path = "error" in parsed ? void 0 : parsed.pathAt(offset);
      return path && path.length > 0 ? formatPath(path) : void 0;
    },
    open(text) {
      const parsed = read(text);
      if ("error" in parsed) return { error: parsed.error, ...parsed.offset === void 0 ? {} : { at: new LineIndex(text).position(parsed.offset) } };
      const document = parsed;
      let lines;
      return {
        document: {
          run: (rules, base) => runChecks("config", rules, text, () => lines ??= new LineIndex(text), base, { document }),
          dispose() {
          }
        }
      };
    },
    locate: plainLocate
  };
}
function cudaAdapter() {
  return {
    open(text) {
      const document = new CudaSource(text);
      let lines;
      return {
        document: {
          run: (rules, base) => runChecks("cuda", rules, text, () => lines ??= new LineIndex(text), base, { document }),
          dispose() {
          }
        }
      };
    },
    locate: plainLocate
  };
}
function firstError(node) {
  if (node.type === "ERROR" || node.isMissing) return node;
  for (const child of node.children) {
    if (child?.hasError || child?.isMissing) return firstError(child);
  }
  return null;
}

// packages/engine/src/notebook-adapter.ts
function notebookAdapter(parsers2) {
  const parser = parsers2.python;
  const shell = parsers2.shell;
  const cache = /* @__PURE__ */ new Map();
  const read = (text, known) => {
    let parsed = cache.get(text);
    if (!parsed) {
      if (cache.size >= 4) cache.delete(cache.keys().next().value);
      cache.set(text, parsed = known?.notebook ? { notebook: notebookFromCells(text, known.notebook) } : parseNotebook(text));
    }
    return parsed;
  };
  return {
    open(text, known) {
      const parsed = read(text, known);
      if ("error" in parsed) {
        const at = parsed.offset === void 0 ? {} : { at: new LineIndex(text).position(parsed.offset) };
        return { error: `not a valid notebook: ${parsed.error}`, ...at };
      }
      const { notebook } = parsed;
      const broken = notebook.cells.find((cell) => cell.problem);
      if (broken) return { error: `syntax error in cell ${broken.number}: ${broken.problem}` };
      const tree = parser.parse(notebook.python);
      if (tree.root.hasError) {
        const bad = firstError(tree.root);
        const at = bad ? notebook.locate(bad.startIndex) : void 0;
        tree.dispose();
        return at ? { error: "syntax error", at } : { error: "syntax error in a code cell" };
      }
      const source = new PythonSource(notebook.python, tree.root);
      return {
        document: {
          run: (rules, base) => [
            ...runChecks("python", rules, notebook.python, () => source.lines, base, { source, notebookCode: notebook.code }).flatMap((finding) => inNotebook(notebook, finding)),
            ...notebook.shell.flatMap((snippet) => shellFindings(shell, notebook, snippet, rules, base))
          ].sort((a, b) => a.start - b.start || a.end - b.end),
          dispose: () => tree.dispose()
        }
      };
    },
    locate(text, lines, offset) {
      const parsed = read(text);
      if (!("error" in parsed)) {
        const at = parsed.notebook.fromNotebookOffset(offset);
        const position = at === void 0 ? void 0 : parsed.notebook.locate(at);
        if (position) return position;
      }
      return lines.position(offset);
    },
    lineText(text, offset) {
      const parsed = read(text);
      if ("error" in parsed) return void 0;
      const at = parsed.notebook.fromNotebookOffset(offset);
      return at === void 0 ? void 0 : parsed.notebook.lineText(at);
    }
  };
}
function shellFindings(parser, notebook, snippet, rules, base) {
  if (!rules.some((rule) => rule.checks.shell?.run)) return [];
  const bang = snippet.bangAt === void 0 ? {} : { notebookBang: snippet.bangAt - snippet.start };
  const opened = shellAdapter(parser, bang).open(snippet.text);
  if ("error" in opened) return [];
  try {
    const shift = (r) => ({ ...r, start: r.start + snippet.start, end: r.end + snippet.start });
    return opened.document.run(rules, base).flatMap((finding) => inNotebook(notebook, { ...shift(finding), ...finding.fix ? { fix: finding.fix.map(shift) } : {} }, { start: snippet.bangAt ?? snippet.start, end: snippet.end }));
  } finally {
    opened.document.dispose();
  }
}
function inNotebook(notebook, finding, within2) {
  const range = notebook.toNotebookRange(finding.start, finding.end);
  if (!range) return [];
  const { fix, ...rest } = finding;
  if (!fix) return [{ ...rest, ...range }];
  const edits = fix.map((edit) => notebook.toNotebookEdit(edit, within2 ? { within: within2 } : {}));
  if (edits.every((edit) => edit !== void 0)) return [{ ...rest, ...range, fix: edits }];
  const byHand = `gpu-compat cannot make this edit inside the notebook (it touches IPython syntax or crosses cells); make it by hand: ${describeEdits(notebook.code, fix)}.`;
  return [{ ...rest, ...range, hint: rest.hint ? `${rest.hint} ${byHand}` : byHand }];
}
function describeEdits(text, edits) {
  const quote2 = (s) => `\`${s.length > 60 ? `${s.slice(0, 57)}...` : s}\``.replace(/\n/g, "\\n");
  return edits.map(({ start, end, text: replacement }) => {
    if (start === end) return `insert ${quote2(replacement)}`;
    const old = text.slice(start, end);
    return replacement === "" ? `remove ${quote2(old)}` : `replace ${quote2(old)} with ${quote2(replacement)}`;
  }).join("; ");
}

// packages/engine/src/kinds.ts
var NOT_CONFIG_JSON = /^(package(-lock)?|composer|jsconfig|tsconfig(\..*)?|tokenizer(_config)?|special_tokens_map|added_tokens|vocab)\.json$/;
var NOT_CONFIG_DIRS = /(^|\/)\.(vscode|devcontainer|idea)\//;
var DOCS_MARKDOWN = /(^|\/)docs\/(.*\/)?[^/]*\.md$/;
var DOCKERFILE2 = /^(?:dockerfile(?:[._-][\w.-]+)?|[\w.-]+\.dockerfile)$/i;
var NOT_DOCKERFILE = /\.(?:md|rst|txt|dockerignore|orig|bak)$/i;
function kindOfPath(path) {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name.endsWith(".py") || name.endsWith(".pyi")) return "python";
  if (name.endsWith(".ipynb")) return "notebook";
  if (name.endsWith(".sh") || name.endsWith(".bash") || name.endsWith(".slurm") || name.endsWith(".sbatch")) return "shell";
  if (name === "Makefile" || name === "makefile" || name === "GNUmakefile" || name.endsWith(".mk")) return "makefile";
  if (DOCKERFILE2.test(name) && !NOT_DOCKERFILE.test(name)) return "dockerfile";
  if (/^requirements.*\.txt$/.test(name)) return "requirements.txt";
  if (name === "pyproject.toml") return "pyproject.toml";
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "yaml";
  if (name.endsWith(".json") && !NOT_CONFIG_JSON.test(name) && !NOT_CONFIG_DIRS.test(path)) return "json";
  if (name.endsWith(".cu") || name.endsWith(".cuh")) return "cuda";
  if (/^readme\.md$/i.test(name) || DOCS_MARKDOWN.test(path)) return "markdown";
  return null;
}
function adapterFor(kind, parsers2) {
  switch (kind) {
    case "python":
      return pythonAdapter(parsers2.python);
    case "notebook":
      return notebookAdapter(parsers2);
    case "shell":
      return shellAdapter(parsers2.shell);
    case "makefile":
      return shellAdapter(parsers2.shell, { embedded: makefileScript });
    case "dockerfile":
      return dockerfileAdapter(parsers2.shell);
    case "markdown":
      return markdownAdapter(parsers2.shell);
    case "requirements.txt":
    case "pyproject.toml":
      return requirementsAdapter(kind);
    case "yaml":
    case "json":
      return configAdapter((text) => parseConfig(text, kind));
    case "cuda":
      return cudaAdapter();
  }
}

// packages/engine/src/hint-only.ts
var DEFAULT_HINT_ONLY = [
  ...["**/tests/**", "**/test/**", "**/test_*.py", "**/*_test.py", "**/conftest.py"].map((pattern) => ({ pattern, why: "it is a test, written to check the code as it is" })),
  ...["**/benchmarks/**", "**/benchmark_*.py", "**/benchmarking_*.py"].map((pattern) => ({ pattern, why: "it is a benchmark, which measures the configuration it was written for" })),
  ...["**/convert*.py", "**/*_convert*.py", "**/conversion/**", "**/merge_*.py", "**/*_merge*.py", "**/export_*.py", "**/*_export.py"].map((pattern) => ({
    pattern,
    why: "it is a checkpoint conversion, merge or export utility, which decides how a model is saved, not how it runs here"
  }))
];
function demoteToHint(finding, why5, text) {
  if (!finding.fix) return { ...finding, severity: "info" };
  const { fix, rewrite, ...rest } = finding;
  const hint2 = `Not rewritten: ${why5}. The fix would ${describeEdits2(fix, text)}.${finding.hint ? ` ${finding.hint}` : ""}`;
  return { ...rest, message: rewrite?.message ?? finding.message, hint: hint2, severity: "info" };
}
function describeEdits2(edits, text) {
  const parts = edits.slice(0, 2).map((edit) => {
    const before = quote(text.slice(edit.start, edit.end));
    if (edit.text === "") return `remove ${before}`;
    if (edit.start === edit.end) return `insert ${quote(edit.text)}`;
    return `change ${before} to ${quote(edit.text)}`;
  });
  const more = edits.length > 2 ? ` (and ${edits.length - 2} more edits)` : "";
  return parts.join(" and ") + more;
}
function quote(code) {
  const line = code.trim().replace(/\s+/g, " ");
  return `\`${line.length > 60 ? `${line.slice(0, 57)}...` : line}\``;
}

// packages/engine/src/process.ts
var NO_PROJECT_FACTS = { modelConfig: () => void 0, importersOf: () => [] };
var DEFAULT_MAX_PASSES = 8;
function processDocument(adapter, path, text, options) {
  const diagnostics = [];
  const opened = adapter.open(text, options.known);
  if ("error" in opened) {
    diagnostics.push({ path, kind: "syntax-error", message: `${opened.error}; the file was not checked or changed.`, ...opened.at ? { start: opened.at } : {} });
    return { path, findings: [], diagnostics };
  }
  try {
    const found = runRules(opened.document, path, text, options);
    const originalLines = found.length > 0 ? new LineIndex(text) : void 0;
    const tracked = found.map((raw) => ({
      raw,
      start: raw.start,
      applied: false,
      blocked: false,
      original: true,
      text,
      lines: originalLines
    }));
    const fixMode = options.mode === "fix";
    if (!fixMode && !options.fixes?.inCheck) return { path, findings: tracked.map((t) => toFinding(adapter, t, path, false)), diagnostics };
    const fixed = fixPasses(adapter, path, text, tracked, options, diagnostics);
    return {
      path,
      findings: tracked.map((t) => toFinding(adapter, t, path, fixMode)),
      ...fixed !== void 0 && fixed !== text ? { fixed } : {},
      diagnostics
    };
  } finally {
    opened.document.dispose();
  }
}
function runRules(document, path, text, options) {
  const found = document.run(options.rules, { path, target: options.target, precision: options.precision ?? "auto", project: options.project ?? NO_PROJECT_FACTS });
  const { hintOnly } = options;
  return hintOnly === void 0 ? found : found.map((finding) => demoteToHint(finding, hintOnly, text));
}
function fixPasses(adapter, path, text, tracked, options, diagnostics) {
  const maxPasses = options.maxPasses ?? DEFAULT_MAX_PASSES;
  let current = text;
  const allowed = (raw) => !!raw.fix && (options.fixes?.unsafe === true || raw.unsafeFix === void 0);
  let pending = tracked.filter((t) => allowed(t.raw));
  for (let pass = 1; pending.length > 0; pass++) {
    if (pass > maxPasses) {
      diagnostics.push({ path, kind: "unsettled", message: `fixes did not settle after ${maxPasses} passes; the file was left unchanged.` });
      for (const t of tracked) t.applied = false;
      return void 0;
    }
    const groups = pending.map((t) => ({ tracked: t, edits: t.raw.fix })).sort((a, b) => a.tracked.start - b.tracked.start);
    let { taken } = selectEditGroups(groups);
    let next = applyEdits(current, taken.flatMap((g) => g.edits));
    let opened = adapter.open(next);
    if ("error" in opened) {
      const kept = [];
      for (const group of taken) {
        const attempt = adapter.open(applyEdits(current, [...kept, group].flatMap((g) => g.edits)));
        if ("error" in attempt) {
          group.tracked.blocked = true;
          const at = adapter.locate(group.tracked.text, group.tracked.lines, group.tracked.start);
          const where = at.cell !== void 0 ? `cell ${at.cell}, line ${at.line}` : `line ${at.line}`;
          diagnostics.push({ path, kind: "invalid-fix", message: `the ${group.tracked.raw.rule.id} fix at ${where} would break the file (${describeOpenError(attempt)}); it was not applied.` });
        } else {
          kept.push(group);
          attempt.document.dispose();
        }
      }
      taken = kept;
      next = applyEdits(current, taken.flatMap((g) => g.edits));
      opened = adapter.open(next);
      if ("error" in opened) throw new Error(`edits that each keep ${path} valid broke it together: ${opened.error}`);
    }
    const edits = taken.flatMap((g) => g.edits).sort((a, b) => a.start - b.start);
    for (const group of taken) group.tracked.applied = true;
    for (const t of tracked) if (!t.applied) t.start = mapOffset(t.start, edits);
    current = next;
    try {
      pending = rematch(runRules(opened.document, path, current, options).filter(allowed), tracked, current);
    } finally {
      opened.document.dispose();
    }
  }
  return current;
}
function rematch(found, tracked, text) {
  const pending = [];
  let lines;
  for (const raw of found) {
    if (!raw.fix) continue;
    let entry = tracked.find((t) => !t.applied && t.raw.rule.id === raw.rule.id && t.start === raw.start);
    if (!entry) {
      entry = { raw, start: raw.start, applied: false, blocked: false, original: false, text, lines: lines ??= new LineIndex(text) };
      tracked.push(entry);
    }
    entry.raw = entry.original ? { ...entry.raw, fix: raw.fix } : raw;
    if (!entry.blocked) pending.push(entry);
  }
  return pending;
}
function toFinding(adapter, t, path, fixMode) {
  const { raw, lines, text } = t;
  const startOffset = t.original ? raw.start : t.start;
  const start = adapter.locate(text, lines, startOffset);
  const end = adapter.locate(text, lines, startOffset + (raw.end - raw.start));
  const keyPath = adapter.keyPath?.(text, startOffset);
  return {
    rule: raw.rule.id,
    path,
    start,
    end,
    severity: raw.severity ?? raw.rule.severity,
    message: raw.message,
    ...raw.hint ? { hint: raw.hint } : {},
    fixable: !!raw.fix,
    ...raw.fix && raw.unsafeFix ? { unsafeFix: raw.unsafeFix } : {},
    ...fixMode ? { applied: t.applied } : {},
    ...raw.memory ? { memory: raw.memory } : {},
    sourceLine: adapter.lineText?.(text, startOffset) ?? lines.lineText(lines.position(startOffset).line),
    ...keyPath ? { keyPath } : {},
    ...!fixMode && raw.fix ? { edits: raw.fix.map((edit) => ({ start: adapter.locate(text, lines, edit.start), end: adapter.locate(text, lines, edit.end), content: edit.text })) } : {}
  };
}
function mapOffset(offset, edits) {
  let delta = 0;
  for (const edit of edits) {
    if (edit.end <= offset) delta += edit.text.length - (edit.end - edit.start);
    else if (edit.start < offset) return edit.start + delta;
  }
  return offset + delta;
}

// packages/engine/src/job.ts
function processJob(job, context2) {
  try {
    const { ignore: ignore2, hintOnly, known } = job;
    const rules = ignore2 ? context2.rules.filter((rule) => !ignore2.includes(rule.id)) : context2.rules;
    const { target, mode, precision, project, fixes } = context2;
    return processDocument(adapterFor(job.kind, context2.parsers), job.path, job.text, { target, rules, mode, precision, project, ...fixes ? { fixes } : {}, ...hintOnly ? { hintOnly } : {}, ...known ? { known } : {} });
  } catch (error) {
    return { failed: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

// packages/engine/src/project-facts.ts
import { existsSync, readdirSync as readdirSync2, readFileSync as readFileSync2 } from "node:fs";
import { dirname as dirname2, relative as relative2, resolve as resolve2, sep as sep2 } from "node:path";

// packages/engine/src/discover.ts
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore from "ignore";
import picomatch from "picomatch";
var DEFAULT_EXCLUDED_DIRS = /* @__PURE__ */ new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  ".venv",
  "venv",
  ".env",
  "env",
  "__pycache__",
  "site-packages",
  "dist-packages",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".ipynb_checkpoints",
  "build",
  "dist",
  ".eggs"
]);
function excludeMatcher(exclude) {
  if (exclude.length === 0) return () => false;
  const byPath = picomatch([...exclude], { dot: true, basename: false });
  const byName = picomatch(exclude.filter((g) => !g.includes("/")), { dot: true });
  return (path, name) => byPath(path) || byName(name);
}
function discoverFiles(root, options = {}) {
  const files = [];
  const problems = [];
  const isExcluded = excludeMatcher(options.exclude ?? []);
  const rootStat = statSync(root);
  if (rootStat.isFile()) {
    const name = root.split(sep).pop();
    const kind = kindOfPath(toPosix(resolve(root)));
    if (kind && lstatSync(root).isSymbolicLink() && !resolveLinkInside(root, realpathSync(dirname(root)))) {
      problems.push({ path: name, message: `a symbolic link to ${realpathSync(root)}, outside ${dirname(root)}: not followed, so that nothing outside the given folder is rewritten` });
    } else if (kind) files.push({ absolute: root, path: name, kind });
    return { files, problems };
  }
  const realRoot = realpathSync(root);
  const rootName2 = basename(resolve(root));
  const seen = /* @__PURE__ */ new Set();
  const useGitignore = options.gitignore !== false;
  const skipDir = (absolute, path, name, layers) => DEFAULT_EXCLUDED_DIRS.has(name) || name.endsWith(".egg-info") || isExcluded(path, name) || ignoredBy(layers, path, true) || isVirtualenv(absolute);
  const addFile = (target, path, name, layers, real) => {
    const kind = kindOfPath(`${rootName2}/${path}`);
    if (!kind || isExcluded(path, name) || ignoredBy(layers, path, false)) return;
    if (seen.has(real)) return;
    seen.add(real);
    files.push({ absolute: target, path, kind });
  };
  const visit2 = (absolute, path, name, type, layers, realDir) => {
    const entry = follow(absolute, type, realRoot);
    if (entry?.isDir) {
      if (!skipDir(absolute, path, name, layers)) walk(absolute, layers);
    } else if (entry?.isFile) {
      addFile(entry.target, path, name, layers, type.isSymbolicLink() ? entry.target : join(realDir, name));
    }
  };
  const walk = (dir, layers) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: toPosix(relative(root, dir)) || ".", message: `cannot list directory: ${error.message}` });
      return;
    }
    const here = toPosix(relative(root, dir));
    if (useGitignore && entries.some((e) => e.name === ".gitignore" && e.isFile())) {
      const layer = gitignoreLayer(dir, here);
      if (layer) layers = [...layers, layer];
    }
    entries.sort((a, b) => compareNames(a.name, b.name));
    const realDir = safeRealpath(dir);
    for (const entry of entries) visit2(join(dir, entry.name), here ? `${here}/${entry.name}` : entry.name, entry.name, entry, layers, realDir);
  };
  if (!options.only) {
    walk(root, []);
    return { files, problems };
  }
  const layersByDir = /* @__PURE__ */ new Map();
  const layersIn = (here) => {
    let layers = layersByDir.get(here);
    if (!layers) {
      const parent = here === "" ? [] : layersIn(here.slice(0, Math.max(0, here.lastIndexOf("/"))));
      const own = useGitignore ? gitignoreLayer(join(root, here), here) : void 0;
      layersByDir.set(here, layers = own ? [...parent, own] : parent);
    }
    return layers;
  };
  const visitListed = (absolute) => {
    const path = toPosix(relative(root, absolute));
    if (path === "") return walk(root, []);
    if (path === ".." || path.startsWith("../") || isAbsolute(path)) {
      problems.push({ path: absolute, message: "not inside the checked root; skipped" });
      return;
    }
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (skipDir(join(root, dir), dir, parts[i - 1], layersIn(parts.slice(0, i - 1).join("/")))) return;
    }
    let stat;
    try {
      stat = lstatSync(absolute);
    } catch (error) {
      problems.push({ path, message: `cannot read: ${error.message}` });
      return;
    }
    if (stat.isSymbolicLink() && kindOfPath(`${rootName2}/${path}`) && !follow(absolute, stat, realRoot)) {
      problems.push({ path, message: `a symbolic link to ${safeRealpath(absolute)}, outside ${root}: not followed, so that nothing outside the given folder is rewritten` });
      return;
    }
    visit2(absolute, path, parts[parts.length - 1], stat, layersIn(parts.slice(0, -1).join("/")), safeRealpath(dirname(absolute)));
  };
  for (const path of options.only) visitListed(path);
  files.sort((a, b) => compareNames(a.path, b.path));
  return { files, problems };
}
function follow(absolute, type, realRoot) {
  if (!type.isSymbolicLink()) return { target: absolute, isDir: type.isDirectory(), isFile: type.isFile() };
  const resolved = resolveLinkInside(absolute, realRoot);
  return resolved ? { target: resolved.real, isDir: false, isFile: resolved.isFile } : null;
}
function gitignoreLayer(dir, here) {
  try {
    return { base: here, rules: ignore().add(readFileSync(join(dir, ".gitignore"), "utf8")) };
  } catch {
    return void 0;
  }
}
function compareNames(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function ignoredBy(layers, path, isDir) {
  for (const layer of layers) {
    const rel = layer.base ? path.slice(layer.base.length + 1) : path;
    if (layer.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}
function isVirtualenv(dir) {
  try {
    return lstatSync(join(dir, "pyvenv.cfg")).isFile();
  } catch {
    return false;
  }
}
function resolveLinkInside(link, realRoot) {
  try {
    const real = realpathSync(link);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return null;
    return { real, isFile: statSync(real).isFile() };
  } catch {
    return null;
  }
}
function safeRealpath(path) {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
function toPosix(path) {
  return sep === "/" ? path : path.split(sep).join("/");
}

// packages/engine/src/project-facts.ts
function createProjectFacts(root, python, files) {
  const configs = /* @__PURE__ */ new Map();
  let listing = files;
  const listed = () => listing ??= discoverFiles(root).files.map(({ path, absolute }) => ({ path, absolute }));
  const importers = new ImporterIndex(root, python, () => pythonFilesOf(listed()));
  let pins;
  const searches = /* @__PURE__ */ new Map();
  let sorted;
  return {
    modelConfig(modelPath) {
      const dir = resolve2(root, modelPath);
      if (dir !== root && !dir.startsWith(root + sep2)) return void 0;
      if (!configs.has(dir)) configs.set(dir, readConfig(resolve2(dir, "config.json")));
      return configs.get(dir);
    },
    importersOf: (modulePath, name) => importers.of(modulePath, name),
    pythonSource: (path) => importers.source(path),
    requirementPin: (name) => (pins ??= readPins(root)).get(name.toLowerCase())?.specifier || void 0,
    dependencyFile: (name) => (pins ??= readPins(root)).get(name.toLowerCase())?.file,
    firstFileMatching(pattern, extensions) {
      const key = `${pattern.source}\0${pattern.flags}\0${extensions.join(",")}`;
      if (!searches.has(key)) {
        sorted ??= [...listed()].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
        const file = sorted.find((f) => extensions.some((extension) => f.path.endsWith(extension)) && pattern.test(readOrEmpty(f.absolute)));
        searches.set(key, file?.path);
      }
      return searches.get(key);
    }
  };
}
var DEPENDENCY_FILES = /^(?:requirements[\w.-]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|environment\.ya?ml)$/;
function readPins(root) {
  const pins = /* @__PURE__ */ new Map();
  let names;
  try {
    names = readdirSync2(root).filter((name) => DEPENDENCY_FILES.test(name)).sort();
  } catch {
    return pins;
  }
  for (const name of names) {
    let text;
    try {
      text = readFileSync2(resolve2(root, name), "utf8");
    } catch {
      continue;
    }
    for (const match of text.matchAll(/(?:^|["'\s,[])([A-Za-z][\w.-]*)(?:\[[\w,\s]*\])?\s*((?:[<>=!~]=?\s*[\w.*+]+\s*,?\s*)+)/gm)) {
      const key = match[1].toLowerCase();
      if (!pins.has(key)) pins.set(key, { specifier: match[2].replace(/\s+/g, "").replace(/,$/, ""), file: name });
    }
    if (/requirements[\w.-]*\.txt$/.test(name)) {
      for (const match of text.matchAll(/^[ \t]*([A-Za-z][\w.-]*)(?:\[[\w,\s]*\])?[ \t]*(?:[;#].*)?$/gm)) {
        const key = match[1].toLowerCase();
        if (!pins.has(key)) pins.set(key, { specifier: "", file: name });
      }
    }
  }
  return pins;
}
function readConfig(path) {
  if (!existsSync(path)) return void 0;
  try {
    const parsed = JSON.parse(readFileSync2(path, "utf8"));
    return parsed && typeof parsed === "object" ? parsed : void 0;
  } catch {
    return void 0;
  }
}
var ImporterIndex = class {
  constructor(root, python, pythonFiles) {
    this.root = root;
    this.python = python;
    this.pythonFiles = pythonFiles;
  }
  root;
  python;
  pythonFiles;
  indexed;
  answers = /* @__PURE__ */ new Map();
  parsed = /* @__PURE__ */ new Map();
  of(modulePath, name) {
    const key = `${modulePath}\0${name}`;
    let answer = this.answers.get(key);
    if (!answer) this.answers.set(key, answer = this.find(modulePath, name));
    return answer;
  }
  /**
   * A file of the project by its root-relative path, parsed; undefined outside the root or when it does not parse.
   * A script the repo does not hold may be one a notebook in its folder writes (`%%writefile train.py`, then
   * `!torchrun ... train.py`): that cell's text stands for it.
   */
  source(path) {
    const parser = this.python?.();
    const absolute = resolve2(this.root, path);
    if (!parser || !path.endsWith(".py") || !absolute.startsWith(this.root + sep2)) return void 0;
    const file = { path: relative2(this.root, absolute).split(sep2).join("/"), absolute };
    if (!existsSync(absolute)) return this.written(file, parser);
    return this.parse(file, parser, () => true);
  }
  /** The script a `%%writefile` cell of a notebook beside it writes, parsed. */
  written(file, parser) {
    const known = this.parsed.get(file.path);
    if (known !== void 0) return known ?? void 0;
    const text = writtenByNotebook(this.root, file.absolute);
    const tree = text === void 0 ? void 0 : parser.parse(text);
    const source = !tree ? null : tree.root.hasError ? (tree.dispose(), null) : new PythonSource(text, tree.root);
    this.parsed.set(file.path, source);
    return source ?? void 0;
  }
  find(modulePath, name) {
    const parser = this.python?.();
    if (!parser || !modulePath.endsWith(".py")) return [];
    const modules = moduleNames(modulePath);
    const stem = modules.at(-1).split(".").pop();
    const found = [];
    for (const file of this.projectFiles()) {
      if (file.path === modulePath || !importsFrom(file.imports, stem, name)) continue;
      const source = this.parse(file, parser, (text) => text.includes(name));
      if (!source) continue;
      const targets = new Set([...modules, ...relativeModules(file.path, modulePath)].map((module) => `${module}.${name}`));
      const calls = callsOf(source, name, targets);
      if (calls.length > 0) found.push({ path: file.path, source, calls });
    }
    return found;
  }
  /** The project's Python files, each with its import statements, read on the first question. */
  projectFiles() {
    return this.indexed ??= this.pythonFiles().map((file) => ({ ...file, imports: importLines(readOrEmpty(file.absolute)) }));
  }
  /** The file parsed, when its text is `wanted`; parsed files are kept (their trees with them: few are ever asked). */
  parse(file, parser, wanted) {
    const known = this.parsed.get(file.path);
    if (known !== void 0) return known ?? void 0;
    let text;
    try {
      text = readFileSync2(file.absolute, "utf8");
    } catch {
      this.parsed.set(file.path, null);
      return void 0;
    }
    if (!wanted(text)) return void 0;
    const tree = parser.parse(text);
    const source = tree.root.hasError ? (tree.dispose(), null) : new PythonSource(text, tree.root);
    this.parsed.set(file.path, source);
    return source ?? void 0;
  }
};
var WRITEFILE = /^%%(?:writefile|file)([ \t]+-a)?[ \t]+(?:\.\/)?(\S+)[ \t]*\r?\n/;
function writtenByNotebook(root, absolute) {
  for (let folder = dirname2(absolute); folder === root || folder.startsWith(root + sep2); folder = dirname2(folder)) {
    const text = writtenIn(folder, relative2(folder, absolute).split(sep2).join("/"));
    if (text !== void 0 || folder === root) return text;
  }
  return void 0;
}
function writtenIn(folder, name) {
  let found;
  let entries;
  try {
    entries = readdirSync2(folder).filter((entry) => entry.endsWith(".ipynb")).sort();
  } catch {
    return void 0;
  }
  for (const entry of entries) {
    let cells;
    try {
      cells = JSON.parse(readFileSync2(resolve2(folder, entry), "utf8")).cells;
    } catch {
      continue;
    }
    if (!Array.isArray(cells)) continue;
    for (const cell of cells) {
      if (cell?.cell_type !== "code") continue;
      const text = Array.isArray(cell.source) ? cell.source.join("") : typeof cell.source === "string" ? cell.source : "";
      const match = WRITEFILE.exec(text);
      if (match?.[2] === name) found = (match[1] ? found ?? "" : "") + text.slice(match[0].length);
    }
  }
  return found;
}
function readOrEmpty(path) {
  try {
    return readFileSync2(path, "utf8");
  } catch {
    return "";
  }
}
var IMPORT_LINE = /[ \t]*(?:from[ \t]+[\w.]+[ \t]+import[ \t]*(?:\([^)]*\)?)?[^\n]*|import[ \t]+[^\n]*)/y;
function importLines(text) {
  const lines = [];
  let done = 0;
  for (let at = text.indexOf("import"); at !== -1; at = text.indexOf("import", done)) {
    const lineStart3 = text.lastIndexOf("\n", at) + 1;
    const lineEnd3 = text.indexOf("\n", at);
    let next = lineEnd3 === -1 ? text.length : lineEnd3 + 1;
    if (lineStart3 >= done) {
      IMPORT_LINE.lastIndex = lineStart3;
      const match = IMPORT_LINE.exec(text);
      if (match) {
        lines.push(match[0]);
        next = Math.max(next, IMPORT_LINE.lastIndex);
      }
    }
    done = next;
  }
  return lines.join("\n");
}
function pythonFilesOf(files) {
  return files.filter((file) => file.path.endsWith(".py")).map(({ path, absolute }) => ({ path, absolute }));
}
function importsFrom(text, stem, name) {
  const escape = (word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const [module, fn] = [escape(stem), escape(name)];
  return new RegExp(`^[ \\t]*(?:from[ \\t]+[\\w.]*\\b${module}[ \\t]+import[ \\t]*(?:\\([^)]*\\b${fn}\\b|[^\\n]*\\b${fn}\\b)|import[ \\t]+[^\\n]*\\b${module}\\b)`, "m").test(text);
}
function moduleNames(path) {
  const parts = path.replace(/\.py$/, "").split("/");
  if (parts.at(-1) === "__init__") parts.pop();
  return parts.map((_, i) => parts.slice(i).join(".")).filter(Boolean);
}
function relativeModules(importer, module) {
  const from = importer.split("/").slice(0, -1);
  const to = module.replace(/\.py$/, "").split("/");
  if (to.at(-1) === "__init__") to.pop();
  let shared = 0;
  while (shared < from.length && from[shared] === to[shared]) shared++;
  const dots = ".".repeat(from.length - shared + 1);
  return [`${dots}${to.slice(shared).join(".")}`];
}
function callsOf(source, name, targets) {
  const relative3 = relativeBindings(source);
  const locals = /* @__PURE__ */ new Set([name]);
  for (const [local, qualified] of [...relative3, ...source.imports.bindings]) if (targets.has(qualified)) locals.add(local);
  const calls = [];
  for (const local of locals) {
    for (const occurrence of source.occurrences(local)) {
      const found = callNamedAt(occurrence);
      if (!found) continue;
      const qualified = found.callee.type === "identifier" ? relative3.get(found.callee.text) ?? source.imports.qualifiedName(found.callee) : source.imports.qualifiedName(found.callee);
      if (qualified && targets.has(qualified)) calls.push(found.call);
    }
  }
  return calls;
}
function relativeBindings(source) {
  const bindings = /* @__PURE__ */ new Map();
  for (const statement of source.imports.statements) {
    const module = statement.childForFieldName("module_name");
    if (statement.type !== "import_from_statement" || module?.type !== "relative_import") continue;
    const base = module.text.replace(/\s+/g, "");
    for (const child of statement.namedChildren) {
      if (!child || child.startIndex === module.startIndex) continue;
      const imported = child.type === "aliased_import" ? child.childForFieldName("name") : child;
      const local = child.type === "aliased_import" ? child.childForFieldName("alias") : child;
      if (imported?.type === "dotted_name" && local) bindings.set(local.text, `${base}${base.endsWith(".") ? "" : "."}${imported.text}`);
    }
  }
  return bindings;
}

// packages/engine/src/worker.ts
var setup = workerData;
var parsers = await loadParsers(setup.backend);
var context = {
  target: setup.target,
  rules: setup.ruleIds.map((id) => findRule(id)).filter((rule) => rule !== void 0),
  mode: setup.mode,
  precision: setup.precision,
  ...setup.fixes ? { fixes: setup.fixes } : {},
  project: createProjectFacts(setup.root, () => parsers.python, setup.projectFiles),
  parsers
};
var queue = [];
var breather = new Breather();
var draining = false;
parentPort.on("message", (request) => {
  queue.push(request);
  if (!draining) void drain();
});
async function drain() {
  draining = true;
  for (let request = queue.shift(); request; request = queue.shift()) {
    const result = processJob(request, context);
    parentPort.postMessage("failed" in result ? { id: request.id, failed: result.failed } : { id: request.id, outcome: result });
    await breather.processed(request.text.length);
  }
  draining = false;
}
