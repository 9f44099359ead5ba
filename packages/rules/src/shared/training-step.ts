import { ancestors, argumentsOf, childrenOf, namedChildrenOf, sameNode, type ImportMap, type PythonSource, type SyntaxNode } from "@gpu-compat/python";

/**
 * What kind of code an fp16 autocast region sits in, which decides whether turning bf16 autocast into fp16 needs a
 * GradScaler (fp16 gradients underflow without one; bf16 gradients do not):
 * - "inference": no gradients are computed there, so float16 autocast alone is right;
 * - "scaled": a GradScaler already scales the loss of this code;
 * - "simple": one hand-written step (`loss.backward()` ... `optimizer.step()`) in a loop of the same function,
 *   which the rule can wrap in a GradScaler;
 * - "unclear": gradients may flow, and the rule cannot add the scaler with certainty (`why` says why).
 */
export type TrainingContext =
  | { kind: "inference" }
  | { kind: "scaled" }
  | { kind: "simple"; step: SimpleStep }
  | { kind: "unclear"; why: string };

export interface SimpleStep {
  /** The statement the scaler is created before: the outermost training loop, or the region around it. */
  anchor: SyntaxNode;
  /** `loss` in `loss.backward()`. */
  loss: SyntaxNode;
  /** The `optimizer.step()` call and its statement (alone on its line). */
  stepCall: SyntaxNode;
  stepStatement: SyntaxNode;
  optimizer: string;
  /** A `clip_grad_norm_(...)` statement between backward and step, which needs the gradients unscaled first. */
  clipStatement: SyntaxNode | null;
  /** A name for the new scaler that nothing in the file uses. */
  scalerName: string;
}

/** Calls and decorators that turn gradient tracking off. */
const NO_GRAD = new Set(["torch.no_grad", "torch.inference_mode", "torch.autograd.no_grad", "torch.autograd.grad_mode.no_grad", "torch.autograd.grad_mode.inference_mode"]);
const CLIP_CALLS = new Set(["clip_grad_norm_", "clip_grad_value_", "clip_grad_norm"]);
const LOOPS = new Set(["for_statement", "while_statement"]);
const NESTED_SCOPES = new Set(["function_definition", "class_definition", "lambda"]);

export function trainingContext(region: SyntaxNode, source: PythonSource): TrainingContext {
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

  const notSimple = (why: string): TrainingContext => ({ kind: "unclear", why: `${why}, so the GradScaler is not added automatically` });
  if (backward.length !== 1) return notSimple("this function calls backward more than once");
  const backwardCall = backward[0]!;
  const loss = receiver(backwardCall);
  if (loss?.type !== "identifier" || positionalArguments(backwardCall).length > 0) {
    return notSimple("the backward pass is not a plain `loss.backward()`");
  }
  const loop = outermostLoop(backwardCall, scope);
  if (!loop) return notSimple("the step is not inside a loop of this function (a scaler created here would restart every step)");

  const optimizerSteps = steps.filter((call) => /opt/i.test(receiver(call)?.text.split(".").pop() ?? ""));
  if (optimizerSteps.length !== 1) return notSimple(optimizerSteps.length === 0 ? "no `optimizer.step()` was found next to the backward pass" : "several optimizers step here");
  const stepCall = optimizerSteps[0]!;
  const optimizer = receiver(stepCall);
  const stepStatement = stepCall.parent;
  if (
    optimizer?.type !== "identifier" ||
    argumentsOf(stepCall).length > 0 ||
    !isInside(stepCall, loop) ||
    stepCall.startIndex < backwardCall.endIndex ||
    stepStatement?.type !== "expression_statement" ||
    !standsAlone(source.text, stepStatement)
  ) {
    return notSimple("the optimizer step is not a plain `optimizer.step()` statement after the backward pass in the same loop");
  }

  const clips = calls.filter((call) => CLIP_CALLS.has(methodName(call) ?? functionName(call) ?? ""));
  let clipStatement: SyntaxNode | null = null;
  if (clips.length > 1) return notSimple("gradients are clipped more than once");
  if (clips.length === 1) {
    clipStatement = statementOf(clips[0]!);
    // GradScaler.unscale_ may run once per step, right before the clip: so the clip must sit with the step.
    if (
      !clipStatement ||
      !sameNode(clipStatement.parent, stepStatement.parent) ||
      clipStatement.startIndex < backwardCall.endIndex ||
      clipStatement.endIndex > stepStatement.startIndex ||
      indentOf(source.text, clipStatement) === null
    ) {
      return notSimple("gradients are clipped away from the optimizer step");
    }
  }

  const regionStatement = statementOf(region);
  if (!regionStatement) return notSimple("the autocast region is not a statement of this function");
  let anchor = loop;
  if (isInside(loop, regionStatement)) anchor = regionStatement;
  else if (!isInside(regionStatement, loop) && regionStatement.startIndex > loop.startIndex) {
    return notSimple("the autocast region comes after the training loop");
  }
  if (indentOf(source.text, anchor) === null) return notSimple("the training loop does not start its own line");

  const scalerName = ["scaler", "grad_scaler"].find((name) => !nameTaken(source, anchor, name));
  if (!scalerName) return notSimple("the names `scaler` and `grad_scaler` are both taken here");
  return { kind: "simple", step: { anchor, loss, stepCall, stepStatement, optimizer: optimizer.text, clipStatement, scalerName } };
}

/**
 * True when the file calls `x.backward()` (or `torch.autograd.backward`) on a loss directly, instead of through a
 * framework's `accelerator.backward(loss)` / `fabric.backward(loss)` / `self.manual_backward(loss)`. Frameworks
 * scale the loss only in their own backward, so a plain one bypasses their fp16 GradScaler.
 */
export function callsPlainBackward(source: PythonSource): boolean {
  for (const name of source.occurrences("backward")) {
    const call = calledThrough(name);
    if (!call) continue;
    const fn = call.childForFieldName("function")!;
    if (source.imports.qualifiedName(fn) === "torch.autograd.backward") return true;
    const object = fn.type === "attribute" ? fn.childForFieldName("object") : null;
    // `scaler.scale(loss).backward()` is scaled already; `accelerator.backward(loss)` passes the loss.
    if (object && object.type !== "call" && positionalArguments(call).length === 0) return true;
  }
  return false;
}

/** Under `with torch.no_grad():`/`torch.inference_mode()`, or in a function decorated with them. */
export function runsWithoutGradients(node: SyntaxNode, imports: ImportMap): boolean {
  for (const ancestor of ancestors(node)) {
    if (ancestor.type === "with_statement") {
      const clause = namedChildrenOf(ancestor).find((child) => child.type === "with_clause");
      for (const item of clause ? namedChildrenOf(clause) : []) {
        const value = item.childForFieldName("value") ?? item.namedChildren[0];
        const call = value?.type === "as_pattern" ? value.namedChildren[0] : value;
        if (call?.type === "call" && NO_GRAD.has(imports.qualifiedName(call.childForFieldName("function")!) ?? "")) return true;
      }
    }
    if (ancestor.type === "function_definition") {
      const decorated = ancestor.parent?.type === "decorated_definition" ? ancestor.parent : null;
      for (const decorator of decorated ? namedChildrenOf(decorated).filter((c) => c.type === "decorator") : []) {
        const expression = decorator.namedChildren[0];
        const fn = expression?.type === "call" ? expression.childForFieldName("function") : expression;
        if (fn && NO_GRAD.has(imports.qualifiedName(fn) ?? "")) return true;
      }
      return false; // A function defined under `no_grad` may be called anywhere.
    }
  }
  return false;
}

/** Any sign in the file that it trains: a backward call, a Lightning `training_step`, a Lightning import. */
function fileTrains(source: PythonSource): boolean {
  for (const name of source.occurrences("backward")) if (calledThrough(name)) return true;
  for (const name of source.occurrences("training_step")) if (name.parent?.type === "function_definition") return true;
  return ["lightning", "pytorch_lightning", "lightning_fabric"].some((m) => source.imports.importsModule(m));
}

/** The call whose callee ends in this identifier (`x.backward(...)`, `backward(...)`). */
function calledThrough(name: SyntaxNode): SyntaxNode | null {
  if (name.type !== "identifier") return null;
  const fn = name.parent?.type === "attribute" && name.parent.childForFieldName("attribute")?.startIndex === name.startIndex ? name.parent : name;
  const call = fn.parent;
  return call?.type === "call" && call.childForFieldName("function")?.startIndex === fn.startIndex ? call : null;
}

function closestScope(node: SyntaxNode): SyntaxNode | null {
  for (const ancestor of ancestors(node)) if (ancestor.type === "function_definition") return ancestor;
  return null;
}

function ancestorOfType(node: SyntaxNode, type: string): SyntaxNode | null {
  for (const ancestor of ancestors(node)) if (ancestor.type === type) return ancestor;
  return null;
}

/** Nodes of a scope, without descending into nested functions, classes and lambdas. */
function* ownNodes(scope: SyntaxNode): Generator<SyntaxNode> {
  const stack = [...childrenOf(scope)].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (NESTED_SCOPES.has(node.type)) continue;
    yield node;
    stack.push(...[...childrenOf(node)].reverse());
  }
}

function ownCalls(scope: SyntaxNode): SyntaxNode[] {
  return [...ownNodes(scope)].filter((node) => node.type === "call");
}

function ownIdentifiers(scope: SyntaxNode): SyntaxNode[] {
  return [...ownNodes(scope)].filter((node) => node.type === "identifier");
}

/** "backward" for `x.backward()`. */
function methodName(call: SyntaxNode): string | null {
  const fn = call.childForFieldName("function");
  return fn?.type === "attribute" ? (fn.childForFieldName("attribute")?.text ?? null) : null;
}

function functionName(call: SyntaxNode): string | null {
  const fn = call.childForFieldName("function");
  return fn?.type === "identifier" ? fn.text : null;
}

function receiver(call: SyntaxNode): SyntaxNode | null {
  const fn = call.childForFieldName("function");
  return fn?.type === "attribute" ? fn.childForFieldName("object") : null;
}

function positionalArguments(call: SyntaxNode): SyntaxNode[] {
  return argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");
}

function isGradScalerCall(call: SyntaxNode, imports: ImportMap): boolean {
  const fn = call.childForFieldName("function");
  return (fn ? imports.qualifiedName(fn) : null)?.split(".").pop() === "GradScaler";
}

/** `scaler.scale(loss)`, `self.grad_scaler.scale(loss)`. */
function isScalerScaleCall(call: SyntaxNode): boolean {
  const object = methodName(call) === "scale" ? receiver(call) : null;
  return !!object && /scaler/i.test(object.text.split(".").pop() ?? "");
}

function outermostLoop(node: SyntaxNode, scope: SyntaxNode): SyntaxNode | null {
  let loop: SyntaxNode | null = null;
  for (const ancestor of ancestors(node)) {
    if (sameNode(ancestor, scope)) break;
    if (LOOPS.has(ancestor.type)) loop = ancestor;
  }
  return loop;
}

/** The statement (a direct child of a block or the module) that holds the node. */
function statementOf(node: SyntaxNode): SyntaxNode | null {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.parent?.type === "block" || current.parent?.type === "module") return current;
  }
  return null;
}

function isInside(node: SyntaxNode, container: SyntaxNode): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** Whether a new variable made before `at` clashes: the code there sees a binding of the name, or reads it. */
function nameTaken(source: PythonSource, at: SyntaxNode, name: string): boolean {
  const { semantic } = source;
  const scope = semantic.scopeOf(at);
  return semantic.bindingsOf(name, scope).length > 0 || semantic.referencesOf(name, scope).length > 0;
}

/** The whitespace before the node on its line, or null when something else precedes it there. */
export function indentOf(text: string, node: SyntaxNode): string | null {
  const start = lineStart(text, node.startIndex);
  const before = text.slice(start, node.startIndex);
  return /^[ \t]*$/.test(before) ? before : null;
}

export function lineStart(text: string, index: number): number {
  return Math.max(text.lastIndexOf("\n", index - 1), text.lastIndexOf("\r", index - 1)) + 1;
}

/** Where the line holding `index` ends, and the line break that ends it ("" at the end of the file). */
export function lineEnd(text: string, index: number): { at: number; eol: string } {
  const match = /\r\n|\n|\r/.exec(text.slice(index));
  return match ? { at: index + match.index, eol: match[0] } : { at: text.length, eol: "" };
}

/** The statement starts its line, and only a comment follows it there (no `;` and a second statement). */
function standsAlone(text: string, statement: SyntaxNode): boolean {
  const { at } = lineEnd(text, statement.endIndex);
  return indentOf(text, statement) !== null && /^[ \t]*(#.*)?$/.test(text.slice(statement.endIndex, at));
}
