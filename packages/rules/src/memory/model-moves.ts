import {
  argumentsOf,
  keywordArguments,
  keywordValue,
  sameNode,
  stringValue,
  unparenthesize,
  type PythonSource,
  type Scope,
  type SyntaxNode,
  type TextEdit,
} from "@gpu-compat/python";
import { resolveName } from "../model-size/index.js";
import { blockStatements, removeStatementEdit } from "../shared/statement-edits.js";

/** Where a loaded model is moved to one device, and where its inputs are, as far as the file shows. */
export interface ModelMoves {
  /** Edits that take out the model's `.to("cuda")` / `.to(device)` / `.cuda()`. */
  removals: TextEdit[];
  /** The source text of each move taken out, for the message. */
  removed: string[];
  /** Moves that may move this model but cannot be taken out with certainty. */
  uncertain: SyntaxNode[];
  /** Edits sending the model's inputs to `<model>.device` instead of a hard-coded "cuda". */
  redirects: TextEdit[];
  /** Tensors moved to a hard-coded "cuda" near the model's calls that the file does not show reaching them. */
  looseInputs: SyntaxNode[];
}

type StepKind = "move" | "uncertain-move" | "pass" | "other";

/** One method call in a chain on the model: `.to("cuda")`, `.eval()`. */
interface Step {
  call: SyntaxNode;
  kind: StepKind;
  /** Where the part to delete starts: the end of the expression the method is called on. */
  objectEnd: number;
}

/** Methods of nn.Module that return the module itself without moving or casting it. */
const PASS_THROUGH = new Set(["eval", "train"]);
const TORCH_DTYPE = /^torch\.(float|half|bfloat|double|int|uint|long|short|bool|complex|cfloat)\w*$/;

/**
 * The moves of the model a load call returns: on the same expression (`from_pretrained(...).to("cuda")`) and,
 * when the load is assigned to a name (`model`, `self.model`), on that name in the statements that follow it in
 * the same block, through reassignments to itself (`model = model.to(device)`). Any other move that may reach the
 * model (after a reassignment in a branch, in another function that sees the name, with a dtype) is uncertain.
 */
export function modelMoves(source: PythonSource, load: SyntaxNode): ModelMoves {
  const moves: ModelMoves = { removals: [], removed: [], uncertain: [], redirects: [], looseInputs: [] };
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

/** Follows one name through the code after the load. */
class NameTracker {
  private readonly handled = new Set<number>();
  private readonly removedStatements = new Map<number, SyntaxNode>();
  private readonly modelCalls: SyntaxNode[] = [];
  private stop: { at: number; wraps: boolean } | null = null;
  private mentions?: SyntaxNode[];
  /** The function, class or module the load runs in. */
  private readonly scope: Scope;
  private readonly identifier: boolean;

  constructor(
    private readonly source: PythonSource,
    private readonly statement: SyntaxNode,
    private readonly name: string,
    private readonly valueIsModel: boolean,
    private readonly moves: ModelMoves,
  ) {
    this.scope = codeScope(source, statement);
    this.identifier = !name.includes(".");
  }

  run(): void {
    this.followBlock();
    for (const [, statement] of this.removedStatements) {
      const edit = removeStatementEdit(this.source.text, statement, (other) => this.removedStatements.has(other.startIndex));
      this.moves.removals.push(edit ?? removeBetweenSemicolons(this.source.text, statement));
    }
    this.checkOtherMoves();
    new InputRedirects(this.source, this.name, this.statement, this.scope, this.modelCalls, this.moves).run();
  }

  /** The statements after the load in its block, until the name is bound to something else. */
  private followBlock(): void {
    const block = this.statement.parent!;
    const following = (block.type === "block" ? blockStatements(block) : block.namedChildren.filter(isStatement)).filter(
      (st) => st.startIndex > this.statement.startIndex,
    );
    for (const st of following) {
      const assigned = assignmentTo(st, this.name);
      if (assigned) {
        const right = unparenthesize(assigned.childForFieldName("right")!);
        const chain = this.selfChain(right);
        if (chain && this.valueIsModel && chain.steps.every((s) => s.kind === "move" || s.kind === "pass")) {
          this.handled.add(chain.base.startIndex);
          this.takeChain(st, chain.steps, chain.steps.every((s) => s.kind === "move"));
          continue;
        }
        this.stop = { at: st.startIndex, wraps: this.mentionsIn(right).length > 0 };
        return;
      }
      // An assignment inside a branch or loop may or may not run: the moves after it are uncertain.
      const nested = this.nestedAssignment(st);
      const before = (node: SyntaxNode) => !nested || node.startIndex < nested.startIndex;
      for (const mention of this.mentionsIn(st).filter(before)) {
        if (codeScope(this.source, mention) !== this.scope) continue;
        const { steps, top } = chainAbove(this.source, mention);
        if (isToOrCuda(steps)) {
          // `model.to(device)` as a statement of its own goes whole; inside an expression only the call goes.
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
  private takeChain(statement: SyntaxNode, steps: Step[], wholeStatement: boolean): void {
    const before = this.moves.uncertain.length;
    const edits = chainEdits(steps, this.moves);
    if (this.moves.uncertain.length > before) return;
    this.moves.removed.push(...steps.filter((s) => s.kind === "move").map((s) => this.source.text.slice(s.objectEnd, s.call.endIndex)));
    if (wholeStatement) this.removedStatements.set(statement.startIndex, statement);
    else this.moves.removals.push(...edits);
  }

  /** `model.to(device).eval()` on the right of `model = ...`: the steps on the name itself. */
  private selfChain(right: SyntaxNode): { steps: Step[]; base: SyntaxNode } | null {
    let base = right;
    while (base.type === "call" && base.childForFieldName("function")?.type === "attribute") {
      base = base.childForFieldName("function")!.childForFieldName("object")!;
    }
    if (!isName(base) || compact(base.text) !== this.name) return null;
    const { steps, top } = chainAbove(this.source, base);
    return sameNode(top, right) ? { steps, base } : null;
  }

  /** Moves of the name elsewhere in the file that the code after the load did not account for. */
  private checkOtherMoves(): void {
    for (const mention of this.mentionsIn(this.source.root)) {
      if (this.handled.has(mention.startIndex)) continue;
      const { steps, top } = chainAbove(this.source, mention);
      const handedOver = handedToDevice(mention);
      if (!isToOrCuda(steps) && !handedOver) continue;
      if (codeScope(this.source, mention) === this.scope) {
        if (mention.startIndex < this.statement.startIndex) continue; // Code before the load.
        if (this.stop && !this.stop.wraps && mention.startIndex > this.stop.at) continue; // Another object by then.
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
  private sees(mention: SyntaxNode): boolean {
    const bindings = this.source.semantic.resolve(mention);
    if (bindings.some((b) => b.statement.startIndex === this.statement.startIndex)) return true;
    const owner = bindings[0]?.scope;
    if (!owner || !bindings.every((b) => b.kind === "parameter")) return false;
    for (let scope: Scope | null = owner; scope; scope = scope.parent) if (scope === this.scope) return true;
    return false;
  }

  private nestedAssignment(statement: SyntaxNode): SyntaxNode | null {
    const assigns = (a: SyntaxNode | null) => !!a && compact(a.childForFieldName("left")?.text ?? "") === this.name && codeScope(this.source, a) === this.scope;
    return statement.descendantsOfType("assignment").find(assigns) ?? null;
  }

  /** The name's occurrences under a node: identifiers, or the attribute chains (`self.model`) it names. */
  private mentionsIn(node: SyntaxNode): SyntaxNode[] {
    return this.allMentions().filter((m) => m.startIndex >= node.startIndex && m.endIndex <= node.endIndex);
  }

  private allMentions(): SyntaxNode[] {
    if (this.mentions) return this.mentions;
    const last = this.name.split(".").pop()!;
    const found: SyntaxNode[] = [];
    for (const occurrence of this.source.occurrences(last)) {
      if (occurrence.type !== "identifier") continue;
      const parent = occurrence.parent;
      const isAttributeName = parent?.type === "attribute" && sameNode(parent.childForFieldName("attribute"), occurrence);
      if (this.identifier && !isAttributeName) found.push(occurrence);
      else if (!this.identifier && isAttributeName && compact(parent!.text) === this.name) found.push(parent!);
    }
    return (this.mentions = found);
  }
}

/** Sends the tensors passed to the model's calls to `model.device` when they are moved to a hard-coded "cuda". */
class InputRedirects {
  private readonly done = new Set<number>();

  constructor(
    private readonly source: PythonSource,
    private readonly name: string,
    private readonly load: SyntaxNode,
    private readonly scope: Scope,
    private readonly modelCalls: SyntaxNode[],
    private readonly moves: ModelMoves,
  ) {}

  run(): void {
    if (this.modelCalls.length === 0) return;
    for (const call of this.modelCalls) {
      for (const argument of argumentsOf(call)) {
        const value = argument.type === "keyword_argument" ? keywordValue(argument) : argument.type.endsWith("splat") ? argument.namedChildren[0] : argument;
        if (value) this.redirectValue(value);
      }
    }
    // Other hard-coded moves in the model's scope after the load: not shown to reach the model, so only a hint.
    for (const move of cudaMovesIn(this.source, this.scope.node, this.scope)) {
      const receiver = compact(move.childForFieldName("function")!.childForFieldName("object")!.text);
      const removed = this.moves.removals.some((edit) => edit.start < move.endIndex && move.endIndex <= edit.end);
      if (move.startIndex > this.load.endIndex && !this.done.has(move.startIndex) && receiver !== this.name && !removed) this.moves.looseInputs.push(move);
    }
  }

  private redirectValue(value: SyntaxNode): void {
    let base = unparenthesize(value);
    while (base.type === "attribute" || base.type === "subscript") base = base.childForFieldName(base.type === "attribute" ? "object" : "value")!;
    if (cudaMove(base)) this.redirect(base);
    else if (base.type === "identifier") {
      const value = this.definition(base);
      if (value) for (const move of cudaMovesIn(this.source, value, this.scope)) this.redirect(move);
    }
  }

  /** The value of the last plain assignment to a name before its use, after the load, in its block or one around it. */
  private definition(name: SyntaxNode): SyntaxNode | undefined {
    const use = statementOf(name);
    let found: SyntaxNode | undefined;
    for (const binding of this.source.semantic.resolve(name)) {
      if (binding.node.startIndex < this.load.endIndex || binding.node.startIndex > name.startIndex) continue;
      const { statement } = binding;
      // Assigned in a branch the use may not follow, or not plainly: unknown.
      found = binding.value && statement.parent && use && encloses(statement.parent, use) ? binding.value : undefined;
    }
    return found;
  }

  private redirect(move: SyntaxNode): void {
    if (this.done.has(move.startIndex)) return;
    this.done.add(move.startIndex);
    const fn = move.childForFieldName("function")!;
    const method = fn.childForFieldName("attribute")!;
    const device = `${this.name}.device`;
    if (method.text === "to") {
      const target = argumentsOf(move)[0]!;
      this.moves.redirects.push({ start: target.startIndex, end: target.endIndex, text: device });
    } else {
      this.moves.redirects.push({ start: method.startIndex, end: move.endIndex, text: `to(${device})` });
    }
  }
}

/** `x.to("cuda")`, `x.to("cuda:0")`, `x.cuda()`, `x.cuda(0)`: a tensor sent to the first GPU by a literal. */
function cudaMove(node: SyntaxNode): boolean {
  if (node.type !== "call") return false;
  const fn = node.childForFieldName("function");
  const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : null;
  const args = argumentsOf(node);
  if (args.some((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text !== "non_blocking")) return false;
  const positional = args.filter((a) => a.type !== "keyword_argument");
  if (method === "to") return positional.length === 1 && /^cuda(:0)?$/.test(stringValue(positional[0]!) ?? "");
  if (method === "cuda") return positional.length === 0 || (positional.length === 1 && positional[0]!.text === "0");
  return false;
}

/** The hard-coded moves under a node that run in the given scope (not in a function defined there). */
function cudaMovesIn(source: PythonSource, node: SyntaxNode, scope: Scope): SyntaxNode[] {
  return node.descendantsOfType("call").filter((call): call is SyntaxNode => !!call && cudaMove(call) && codeScope(source, call) === scope);
}

/** The method calls chained on an expression (`x.to("cuda").eval()`), innermost first, and the outermost node. */
function chainAbove(source: PythonSource, node: SyntaxNode): { steps: Step[]; top: SyntaxNode } {
  const steps: Step[] = [];
  let current = node;
  for (;;) {
    const attribute = current.parent;
    if (attribute?.type !== "attribute" || !sameNode(attribute.childForFieldName("object"), current)) break;
    const call = attribute.parent;
    if (call?.type !== "call" || !sameNode(call.childForFieldName("function"), attribute)) break;
    steps.push({ call, kind: stepKind(source, call, attribute.childForFieldName("attribute")!.text), objectEnd: current.endIndex });
    current = call;
  }
  return { steps, top: current };
}

/**
 * The edits that delete a chain's moves (`.to("cuda")`, `.cuda()`); moves it cannot delete (with a dtype, to the
 * CPU, after a method that may return something else) go to `uncertain`. Returns whether the chain's value is
 * still the model.
 */
function collectChain(source: PythonSource, steps: Step[], moves: ModelMoves): boolean {
  const before = moves.uncertain.length;
  const edits = chainEdits(steps, moves);
  if (moves.uncertain.length === before) {
    moves.removals.push(...edits);
    moves.removed.push(...steps.filter((s) => s.kind === "move").map((s) => source.text.slice(s.objectEnd, s.call.endIndex)));
  }
  return steps.every((s) => s.kind !== "other");
}

function chainEdits(steps: Step[], moves: ModelMoves): TextEdit[] {
  const edits: TextEdit[] = [];
  let known = true;
  for (const step of steps) {
    if (step.kind === "other") known = false;
    else if (step.kind === "uncertain-move" || (step.kind === "move" && !known)) moves.uncertain.push(step.call);
    else if (step.kind === "move") edits.push({ start: step.objectEnd, end: step.call.endIndex, text: "" });
  }
  return edits;
}

function isToOrCuda(steps: Step[]): boolean {
  return steps.some((s) => s.kind === "move" || s.kind === "uncertain-move");
}

function stepKind(source: PythonSource, call: SyntaxNode, method: string): StepKind {
  if (PASS_THROUGH.has(method)) return "pass";
  if (method !== "to" && method !== "cuda") return "other";
  const args = argumentsOf(call);
  if (args.some((a) => a.type.endsWith("splat"))) return "uncertain-move";
  const positional = args.filter((a) => a.type !== "keyword_argument");
  const keywords = new Map(keywordArguments(call).map((k) => [k.childForFieldName("name")?.text ?? "", keywordValue(k)]));
  keywords.delete("non_blocking");
  const deviceKeyword = keywords.get("device");
  keywords.delete("device");
  // `.to(torch.float16)`, `.to(dtype=torch.float16)`: a cast, which returns the model without moving it.
  const cast =
    (positional.length === 1 && keywords.size === 0 && isDtype(source, positional[0]!)) || (positional.length === 0 && keywords.size === 1 && keywords.has("dtype"));
  if (method === "to" && !deviceKeyword && cast) return "other";
  if (keywords.size > 0 || positional.length > 1 || (positional.length === 1 && deviceKeyword)) return "uncertain-move";
  const device = deviceKeyword ?? positional[0];
  if (!device) return method === "cuda" ? "move" : "uncertain-move";
  return deviceLike(source, device) ? "move" : "uncertain-move";
}

/**
 * A GPU device: `"cuda"`, `"cuda:1"`, `0`, `torch.device(...)` (not of a literal "cpu"), or a name that says
 * device (`device`, `self.device`, `args.device`) unless the file assigns it once something else ("cpu").
 */
function deviceLike(source: PythonSource, node: SyntaxNode): boolean {
  const value = unparenthesize(node);
  const literal = stringValue(value);
  if (literal !== null) return /^cuda(:\d+)?$/.test(literal);
  if (value.type === "integer") return true;
  if (value.type === "call") {
    const fn = value.childForFieldName("function");
    if (!fn || source.imports.qualifiedName(fn) !== "torch.device") return false;
    const first = argumentsOf(value)[0];
    const text = first ? stringValue(first) : null;
    return text === null || /^cuda/.test(text);
  }
  if (value.type === "identifier") {
    const assigned = resolveName(source, value);
    if (assigned && (stringValue(assigned) !== null || assigned.type === "call")) return deviceLike(source, assigned);
  }
  if (value.type !== "identifier" && value.type !== "attribute") return false;
  const last = value.type === "identifier" ? value.text : value.childForFieldName("attribute")!.text;
  return /device/i.test(last);
}

function isDtype(source: PythonSource, node: SyntaxNode): boolean {
  const name = node.type === "attribute" || node.type === "identifier" ? source.imports.qualifiedName(node) : null;
  return !!name && TORCH_DTYPE.test(name);
}

/**
 * The call a model is passed to when that call also takes a `device` (`pipeline(model=model, device=0)`), which
 * moves it; transformers' pipeline refuses that for a model loaded with accelerate.
 */
function handedToDevice(node: SyntaxNode): SyntaxNode | null {
  const argument = node.parent?.type === "keyword_argument" && sameNode(node.parent.childForFieldName("value"), node) ? node.parent : node;
  const call = argument.parent?.type === "argument_list" ? argument.parent.parent : null;
  return call?.type === "call" && keywordArguments(call).some((k) => k.childForFieldName("name")?.text === "device") ? call : null;
}

function modelCallAt(mention: SyntaxNode): SyntaxNode | null {
  const parent = mention.parent;
  if (parent?.type === "call" && sameNode(parent.childForFieldName("function"), mention)) return parent;
  if (parent?.type === "attribute" && sameNode(parent.childForFieldName("object"), mention) && parent.childForFieldName("attribute")?.text === "generate") {
    const call = parent.parent;
    if (call?.type === "call" && sameNode(call.childForFieldName("function"), parent)) return call;
  }
  return null;
}

/** `model.cuda(); model.eval()` -> `model.eval()`: the statement and its `;`, or `pass` when neither side has one. */
function removeBetweenSemicolons(text: string, statement: SyntaxNode): TextEdit {
  const after = /^[ \t]*;[ \t]*/.exec(text.slice(statement.endIndex));
  if (after) return { start: statement.startIndex, end: statement.endIndex + after[0].length, text: "" };
  const before = /[ \t]*;[ \t]*$/.exec(text.slice(0, statement.startIndex));
  if (before) return { start: statement.startIndex - before[0].length, end: statement.endIndex, text: "" };
  return { start: statement.startIndex, end: statement.endIndex, text: "pass" };
}

/** `name = ...` as a statement of its own. */
function assignmentTo(statement: SyntaxNode, name: string): SyntaxNode | null {
  if (statement.type !== "expression_statement") return null;
  const assignment = statement.namedChildren[0];
  if (assignment?.type !== "assignment" || compact(assignment.childForFieldName("left")?.text ?? "") !== name) return null;
  return assignment.childForFieldName("right") ? assignment : null;
}

function statementOf(node: SyntaxNode): SyntaxNode | null {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.parent?.type === "block" || current.parent?.type === "module") return current;
  }
  return null;
}

/** Whether a block (or the module) holds the statement, directly or inside one of its statements. */
function encloses(block: SyntaxNode, statement: SyntaxNode): boolean {
  return block.startIndex <= statement.startIndex && statement.endIndex <= block.endIndex;
}

/** The function, class or module whose code runs a node: a comprehension runs in the code around it. */
function codeScope(source: PythonSource, node: SyntaxNode): Scope {
  let scope = source.semantic.scopeOf(node);
  while (scope.kind === "comprehension" && scope.parent) scope = scope.parent;
  return scope;
}

function isName(node: SyntaxNode): boolean {
  return node.type === "identifier" || (node.type === "attribute" && isName(node.childForFieldName("object")!));
}

function isStatement(node: SyntaxNode | null): node is SyntaxNode {
  return !!node && node.type !== "comment";
}

function compact(text: string): string {
  return text.replace(/\s/g, "");
}
