import { argumentsOf, calleeName, keywordArgument, keywordValue } from "../calls.js";
import { namedChildrenOf, unparenthesize, type SyntaxNode } from "../node.js";
import type { ArgparseOption } from "./arguments.js";
import { evaluate, literalValue, sameConstant, type Constant } from "./constants.js";
import type { DataclassField } from "./dataclasses.js";
import type { SemanticModel } from "./index.js";
import type { Binding } from "./scopes.js";

/** HfArgumentParser's methods that return one instance per dataclass it was given. */
const DATACLASS_PARSES = new Set(["parse_args_into_dataclasses", "parse_yaml_file", "parse_json_file", "parse_dict"]);

/**
 * The value a settings object's attribute has when the program is run without arguments: `args.model_name`
 * after `args = parser.parse_args()` is that option's default, `model_args.x` after HfArgumentParser's
 * `parse_args_into_dataclasses()` is the default of the dataclass field, `config.x` after `config = Config(...)`
 * the keyword passed or the field's default. An object the file does not show being made (a parameter: scripts
 * pass `args` around) reads the one option or dataclass field of that name in the file.
 */
export function settingValue(model: SemanticModel, attribute: SyntaxNode, depth: number): Constant | undefined {
  const object = unparenthesize(attribute.childForFieldName("object")!);
  const name = attribute.childForFieldName("attribute")?.text;
  if (object.type !== "identifier" || !name) return undefined;
  // Every source below ends at an option with a default or a field of that name: without one (a required
  // `--model_name_or_path`), the value is unknown and no scopes need building.
  const options = model.argparseOptions().filter((option) => option.dest === name);
  const defaulted = options.some(
    (option) => (option.default !== undefined && literalValue(option.default) !== null) || option.action === "store_true" || option.action === "store_false",
  );
  // (An option without a default reads as argparse's None, whatever object holds it.)
  if (!defaulted && !model.dataclasses().some((info) => info.fields.has(name))) return options.length > 0 ? null : undefined;
  const bindings = model.resolve(object);
  if (bindings.length === 0) return anySetting(model, name, depth);
  return sameConstant(bindings.map((b) => (b.kind !== "parameter" ? madeSetting(model, b, name, depth) : isInstance(b) ? undefined : anySetting(model, name, depth))));
}

/** `self` and `cls` are the object a method runs on, not settings passed in. */
function isInstance(parameter: Binding): boolean {
  return parameter.name === "self" || parameter.name === "cls";
}

export function optionValue(model: SemanticModel, option: ArgparseOption, depth: number): Constant | undefined {
  if (option.default) return evaluate(model, option.default, depth);
  return option.action === "store_true" ? false : option.action === "store_false" ? true : null;
}

export function fieldValue(model: SemanticModel, field: DataclassField | undefined, depth: number): Constant | undefined {
  return field?.default ? evaluate(model, field.default, depth) : undefined;
}

/** The one argparse option or dataclass field of this name in the file (not one of each). */
function anySetting(model: SemanticModel, name: string, depth: number): Constant | undefined {
  const option = model.argumentOption(name);
  const field = model.dataclassField(name);
  if (option && field) return undefined;
  return option ? optionValue(model, option, depth) : fieldValue(model, field, depth);
}

function madeSetting(model: SemanticModel, binding: Binding, name: string, depth: number): Constant | undefined {
  let right = binding.kind === "assignment" ? binding.site.childForFieldName("right") : null;
  while (right?.type === "assignment") right = right.childForFieldName("right");
  const call = right ? unparenthesize(right) : null;
  if (call?.type !== "call") return undefined;
  const fn = call.childForFieldName("function")!;
  const method = fn.type === "attribute" ? fn.childForFieldName("attribute")!.text : null;
  if ((method === "parse_args" && binding.value) || (method === "parse_known_args" && binding.position === 0)) {
    const option = model.argumentOption(name);
    return option ? optionValue(model, option, depth) : undefined;
  }
  if (method && DATACLASS_PARSES.has(method)) {
    const classes = parserClasses(model, fn.childForFieldName("object")!);
    if (!classes) return fieldValue(model, model.dataclassField(name), depth);
    const className = binding.position === undefined ? undefined : classes[binding.position];
    return className ? fieldValue(model, model.dataclassField(name, className), depth) : undefined;
  }
  return instanceSetting(model, call, name, depth);
}

/** `Config(lr=1e-3).lr` is 1e-3, `Config().lr` the field's default, when Config is a dataclass of the file. */
function instanceSetting(model: SemanticModel, call: SyntaxNode, name: string, depth: number): Constant | undefined {
  const fn = call.childForFieldName("function")!;
  const classes = fn.type === "identifier" ? model.resolve(fn) : [];
  const field = classes.length > 0 && classes.every((b) => b.kind === "class") ? model.dataclassField(name, fn.text) : undefined;
  if (!field) return undefined;
  const keyword = keywordArgument(call, name);
  if (keyword) return evaluate(model, keywordValue(keyword) ?? keyword, depth);
  // A positional or splatted argument may set it.
  return argumentsOf(call).every((a) => a.type === "keyword_argument") ? fieldValue(model, field, depth) : undefined;
}

/** The class names an `HfArgumentParser((A, B))` that `parser` names was made with; undefined when unknown. */
function parserClasses(model: SemanticModel, parser: SyntaxNode): string[] | undefined {
  if (parser.type !== "identifier") return undefined;
  const lists = model.resolve(parser).map((binding) => {
    const value = binding.value ? unparenthesize(binding.value) : undefined;
    if (value?.type !== "call" || calleeName(value) !== "HfArgumentParser") return undefined;
    const first = argumentsOf(value)[0];
    if (first?.type === "identifier") return [first.text];
    if (first?.type !== "tuple" && first?.type !== "list") return undefined;
    return namedChildrenOf(first).map((element) => (element.type === "identifier" ? element.text : ""));
  });
  const first = lists[0];
  return first && lists.every((list) => list?.join() === first.join()) ? first : undefined;
}
