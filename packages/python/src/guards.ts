import { otherDeviceWhen } from "./device-branches.js";
import type { Binding, SemanticModel } from "./semantic/index.js";
import { namedChildrenOf, sameNode, type SyntaxNode } from "./node.js";
import { stringValue } from "./strings.js";
import { wordOffsets } from "./words.js";

/**
 * Names whose presence in a condition means the code already asks the hardware what it can do. Variables
 * assigned from them (`major, _ = get_device_capability()`, `props = get_device_properties(0)`) are learned per
 * file, so `major` itself is not listed: `version.parse(torch.__version__).major` is no hardware check.
 */
export const HARDWARE_CHECK_NAMES: ReadonlySet<string> = new Set([
  "is_bf16_supported",
  "is_bfloat16_supported",
  "is_torch_bf16_gpu_available",
  "is_torch_bf16_available",
  "is_torch_tf32_available",
  "get_device_capability",
  "get_device_properties",
  "compute_capability",
  "cuda_capability",
]);

/**
 * Strings a condition compares a setting with when it asks whether the user chose bf16
 * (`accelerator.mixed_precision == "bf16"`, `args.precision in ("bf16-mixed", "bf16-true")`, and the dtype itself:
 * `dtype == torch.bfloat16`): code in such a branch runs only on that choice, which the rules rewrite where it is
 * made (a launch flag, an accelerate or Lightning config, the dtype's own assignment), so the branch is left to it,
 * as code under a hardware check is.
 */
export const BF16_CHOICE_STRINGS: ReadonlySet<string> = new Set(["bf16", "bfloat16", "bf16-mixed", "bf16-true", "bf16_mixed"]);

/**
 * Names of a user's precision setting (`args.bf16`, `training_args.fp16`, `fsdp_config.pure_bf16`, `use_amp`,
 * `cfg.mixed_precision`): a branch on one runs only on that choice, which the rules rewrite where it is made (the
 * launch flag, the config key, the argparse default), so the branch is left to it.
 */
const PRECISION_FLAG = /^(?:(?:use|pure|enable|is|do|with|train|run|full)_)?(?:bf16|bfloat16|fp16|half|amp|mixed_precision)(?:_(?:mixed|training|enabled|full_eval|mode))?$/i;

/** Whether a name (the last part of `args.bf16`) is spelled like a precision switch a guard reads as a flag. */
export function isPrecisionFlagName(name: string): boolean {
  return PRECISION_FLAG.test(name);
}

/** Where a guard sits relative to the guarded code, for the messages of rules that report guards. */
export interface Guard {
  /** The condition expression that tests the hardware. */
  condition: SyntaxNode;
  /** The name in it that made it a guard, or the quoted string of a choice (`"bf16"`). */
  name: string;
  /**
   * What it tests: the hardware ("hardware"), a user's precision choice compared with a value ("choice"), a
   * precision switch read as a flag ("flag", with `setting` the expression read), or another device ("device").
   */
  kind: "hardware" | "choice" | "flag" | "device";
  setting?: SyntaxNode;
}

/**
 * Finds guards in one file. Variables assigned from a hardware check (`use_bf16 = torch.cuda.is_bf16_supported()`,
 * `major, minor = torch.cuda.get_device_capability()`) count as checks themselves.
 */
export class GuardFinder {
  /** Check names, and names learned by spelling: attributes (`self.use_bf16`), and variables without a model. */
  private readonly names: Set<string>;
  /** With a semantic model: the variables assigned from a check, and their names (to look them up quickly). */
  private readonly derived = new Set<Binding>();
  private readonly derivedNames = new Set<string>();
  private readonly blockGuards = new Map<string, { start: number; guard: Guard }[]>();
  /**
   * The guard found from a node's parent up, by node: rules ask about many nodes of one function, and their
   * walks share everything above the first common ancestor. The binding hands out one object per live node, so a
   * miss (a node object made again) only costs the walk.
   */
  private readonly guardAbove = new WeakMap<SyntaxNode, Guard | null>();
  /** Names the text assigns a bracketed collection that spells a choice string (see membershipIn). */
  private choiceListNames?: ReadonlySet<string>;
  private readonly text: string;

  constructor(
    root: SyntaxNode,
    checkNames: ReadonlySet<string> = HARDWARE_CHECK_NAMES,
    text: string = root.text,
    /** Strings a comparison in a condition may test a setting against to make it a guard; none by default. */
    private readonly choiceStrings: ReadonlySet<string> = new Set(),
    /** Resolves variables assigned from a check by scope (`ok` in one function is not `ok` in another). */
    private readonly semantic?: SemanticModel,
  ) {
    this.text = text;
    this.names = new Set(checkNames);
    this.learnDerivedNames(root, text);
  }

  /** The hardware check (or the choice) a condition tests, if any. */
  checkIn(condition: SyntaxNode): Guard | null {
    return this.hardwareCheckIn(condition) ?? (this.choiceStrings.size > 0 ? (this.choiceIn(condition) ?? flagIn(condition)) : null);
  }

  /** The hardware check a condition tests, if any: a check name or a name assigned from one. */
  hardwareCheckIn(condition: SyntaxNode): Guard | null {
    const ids = condition.type === "identifier" ? [condition] : condition.descendantsOfType("identifier");
    for (const id of ids) {
      if (id && this.isCheck(id)) return { condition, name: id.text, kind: "hardware" };
    }
    return null;
  }

  /** A check name, an attribute named like one assigned from a check, or a variable assigned from one. */
  private isCheck(id: SyntaxNode): boolean {
    if (this.names.has(id.text)) return true;
    return this.derivedNames.has(id.text) && this.semantic!.resolve(id).some((binding) => this.derived.has(binding));
  }

  /**
   * `x == "bf16"`, `x != "bf16"`, `x in ("bf16", "fp16")`, `dtype == torch.bfloat16`: a comparison with one of the
   * choice strings, or with a name spelled like one.
   */
  private choiceIn(condition: SyntaxNode): Guard | null {
    return comparedWith(condition, this.choiceStrings, ["string", "identifier"]) ?? this.membershipIn(condition);
  }

  /**
   * `precision in DtypeRegistry.BFLOAT_LIST`, `name not in BF16_NAMES`: membership in a collection of names bound
   * elsewhere in the file, one of them a choice string.
   */
  private membershipIn(condition: SyntaxNode): Guard | null {
    if (!this.semantic) return null;
    const listed = (this.choiceListNames ??= choiceListNames(this.text, this.choiceStrings));
    if (listed.size === 0) return null;
    const comparisons = condition.type === "comparison_operator" ? [condition] : condition.descendantsOfType("comparison_operator");
    for (const comparison of comparisons) {
      const operands = comparison ? namedChildrenOf(comparison).filter((child) => child.type !== "comment") : [];
      const operator = comparison?.childForFieldName("operators")?.text.replace(/\s+/g, " ");
      const collection = operands[1];
      if (operands.length !== 2 || (operator !== "in" && operator !== "not in") || !collection) continue;
      const name = collection.type === "identifier" ? collection.text : collection.type === "attribute" ? collection.childForFieldName("attribute")?.text : undefined;
      if (name === undefined || !listed.has(name)) continue;
      const named = this.semantic.stringItems(collection)?.find((item) => this.choiceStrings.has(item));
      if (named) return { condition, name: JSON.stringify(named), kind: "choice" };
    }
    return null;
  }

  /** The guard that protects `node`: an enclosing if/elif/while/ternary/and-or on a hardware check, or an
   * earlier `assert check` / `if not check: return|raise` in an enclosing block. */
  guardOf(node: SyntaxNode): Guard | null {
    const walked: SyntaxNode[] = [];
    let found: Guard | null = null;
    for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
      const known = this.guardAbove.get(child);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(child);
      found = this.guardFromParent(parent, child) ?? otherDeviceBranch(parent, child) ?? this.guardFromEarlierStatements(child);
      if (found) break;
    }
    // Every node walked has the same guard above it: the one found, or none.
    for (const child of walked) this.guardAbove.set(child, found);
    return found;
  }

  private guardFromParent(parent: SyntaxNode, child: SyntaxNode): Guard | null {
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
        // `a if condition else b`: the condition is the middle operand (comments are named children too).
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

  private checkInElifs(ifStatement: SyntaxNode): Guard | null {
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
  private guardFromEarlierStatements(statement: SyntaxNode): Guard | null {
    const block = statement.parent;
    if (block?.type !== "block" && block?.type !== "module") return null;
    // The guarding statements of each block are found once: rules ask about many nodes of one long block.
    const key = `${block.startIndex}:${block.endIndex}:${block.type}`;
    let guards = this.blockGuards.get(key);
    if (!guards) this.blockGuards.set(key, (guards = this.guardingStatements(block)));
    let found: Guard | null = null;
    for (const entry of guards) {
      if (entry.start >= statement.startIndex) break;
      found = entry.guard;
    }
    return found;
  }

  /** The statements of a block that guard what follows them, in order. */
  private guardingStatements(block: SyntaxNode): { start: number; guard: Guard }[] {
    const guards: { start: number; guard: Guard }[] = [];
    for (const sibling of namedChildrenOf(block)) {
      if (sibling.type === "assert_statement") {
        // `assert param_dtype == "bf16"`: what follows runs only on that choice, which is made (and rewritten) elsewhere.
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
  private learnDerivedNames(root: SyntaxNode, text: string): void {
    let frontier = [...this.names];
    for (let round = 0; round < 2 && frontier.length > 0; round++) {
      const learned = new Set<string>();
      for (const name of frontier) {
        for (const at of wordOffsets(text, name)) {
          const node = root.descendantForIndex(at, at + name.length);
          if (node?.type !== "identifier" || !this.isCheck(node)) continue; // A mention in a string or comment checks nothing.
          for (const assignment of assignmentsOfValue(node)) {
            for (const target of assignedTargets(assignment.childForFieldName("left"))) this.learn(target, learned);
          }
        }
      }
      frontier = [...learned];
    }
  }

  /** A variable by its binding when there is a model; an attribute (`self.use_bf16`), or any name without one, by its spelling. */
  private learn(target: SyntaxNode, learned: Set<string>): void {
    const binding = target.type === "identifier" ? this.semantic?.bindingOf(target) : undefined;
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
}

/**
 * The assignments whose right-hand side contains `node`, innermost first, within its statement:
 * `a = b = check()` gives the `b` assignment, then the `a` one.
 */
function assignmentsOfValue(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  let child = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    // A reading handed over as a dict entry or keyword argument is payload for another function (a request body,
    // a log record): `response = session.post(url, json={"uuid": uuid})` reads no hardware.
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

/** `x`, `self.use_bf16` or each plain target of `major, minor`; never targets inside a subscript. */
function assignedTargets(left: SyntaxNode | null): SyntaxNode[] {
  if (!left) return [];
  if (left.type === "identifier" || left.type === "attribute") return [left];
  if (left.type === "pattern_list" || left.type === "tuple_pattern" || left.type === "list_pattern") {
    return namedChildrenOf(left).flatMap((part) => assignedTargets(part));
  }
  return [];
}

function isInside(node: SyntaxNode, container: SyntaxNode): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** Precision names a setting is compared with besides bf16 ones: what is left after them is the bf16 choice. */
const OTHER_PRECISION_STRINGS: ReadonlySet<string> = new Set(["fp32", "float32", "fp16", "float16", "half", "float", "no", "32", "16", "16-mixed", "32-true", "16-true"]);

/**
 * `if dtype == "float16": return torch.float16` before `return torch.bfloat16`: a function mapping a precision name
 * to its dtype, whose fallthrough is the bf16 choice. A choice table written as code, left to where the name is set.
 */
function otherChoiceIn(condition: SyntaxNode): Guard | null {
  return comparedWith(condition, OTHER_PRECISION_STRINGS, ["string"]);
}

/** A comparison in the condition with one of `values`: a string, or (with "identifier") a name spelled like one. */
function comparedWith(condition: SyntaxNode, values: ReadonlySet<string>, operandTypes: string[]): Guard | null {
  const comparisons = condition.type === "comparison_operator" ? [condition] : condition.descendantsOfType("comparison_operator");
  for (const comparison of comparisons) {
    for (const operand of comparison?.descendantsOfType(operandTypes) ?? []) {
      if (!operand) continue;
      const value = operand.type === "string" ? stringValue(operand) : operand.text;
      if (value !== null && values.has(value)) return { condition, name: operand.type === "string" ? JSON.stringify(value) : value, kind: "choice" };
    }
  }
  return null;
}

function returnsEarly(ifStatement: SyntaxNode): boolean {
  const body = ifStatement.childForFieldName("consequence");
  return body ? namedChildrenOf(body).at(-1)?.type === "return_statement" : false;
}

/**
 * `args.bf16`, `use_amp`, `not cfg.pure_bf16`: a condition that reads a precision setting as a switch. A setting
 * compared with a value (`mixed_precision == "fp16"`) is a choice only for the values choiceIn knows.
 */
function flagIn(condition: SyntaxNode): Guard | null {
  const names = condition.type === "identifier" || condition.type === "attribute" ? [condition] : condition.descendantsOfType(["identifier", "attribute"]);
  for (const name of names) {
    // Whole chains only (`args.bf16`, not its parts), and not operands of a comparison.
    if (!name || name.parent?.type === "attribute" || name.parent?.type === "comparison_operator") continue;
    const last = name.type === "attribute" ? name.childForFieldName("attribute")?.text : name.text;
    // A name read as a value, not a call's callee (`enable_amp()` computes something).
    const isCallee = name.parent?.type === "call" && name.parent.childForFieldName("function")?.startIndex === name.startIndex;
    if (last && isPrecisionFlagName(last) && !isCallee) return { condition, name: name.text, kind: "flag", setting: name };
  }
  return null;
}

/**
 * The branch of an if/elif/else or conditional expression that runs only on another device (`if device ==
 * "cpu":`, the else of `if torch.cuda.is_available():`); `child` is the parent's child on the way to the code.
 */
function otherDeviceBranch(parent: SyntaxNode, child: SyntaxNode): Guard | null {
  const when = (condition: SyntaxNode | null, taken: "true" | "false"): Guard | null =>
    condition && otherDeviceWhen(condition) === taken ? { condition, name: condition.text, kind: "device" } : null;
  switch (parent.type) {
    case "if_statement":
    case "elif_clause": {
      const condition = parent.childForFieldName("condition");
      if (!condition || isInside(child, condition)) return null;
      if (sameNode(parent.childForFieldName("consequence"), child)) return when(condition, "true");
      // An elif or else clause runs when this condition and every elif before the clause failed.
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

/**
 * The names assigned a list, tuple or set literal that holds one of the choice strings (`BFLOAT_LIST = ["bf16",
 * ...]`), read from the text: a lexical first cut, so that `x in y` is resolved only where `y` may be such a list.
 */
function choiceListNames(text: string, choiceStrings: ReadonlySet<string>): ReadonlySet<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(COLLECTION_ASSIGNMENT)) {
    for (const item of match[2]!.matchAll(QUOTED_WORD)) {
      if (choiceStrings.has(item[1]!)) names.add(match[1]!);
    }
  }
  return names;
}

/** `NAME = [`, `(` or `{` (or `NAME: T = [`), and what follows up to the first closing bracket. */
const COLLECTION_ASSIGNMENT = /\b([A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*[[({]([^\])}]*)/g;
const QUOTED_WORD = /["']([\w-]+)["']/g;
