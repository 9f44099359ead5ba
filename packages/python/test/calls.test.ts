import {
  applyEdits,
  argumentsOf,
  callOfArgument,
  calleeName,
  hasSplat,
  isFalse,
  isTrue,
  keywordArgument,
  keywordArguments,
  keywordValue,
  removeArgumentEdit,
  sameNode,
} from "@gpu-compat/python";
import { describe, expect, it } from "vitest";
import { BACKENDS, firstOfType, nodeAt, useParser } from "./support.js";

describe.each(BACKENDS)("calls (%s backend)", (backend) => {
  const p = useParser(backend);
  const firstCall = (text: string) => firstOfType(p.parse(text), "call");

  describe("keywordArgument / keywordArguments / argumentsOf", () => {
    it("finds a keyword argument by name", () => {
      const call = firstCall("torch.zeros(3, dtype=torch.bfloat16, device='cuda')\n");
      const arg = keywordArgument(call, "dtype");
      expect(arg?.type).toBe("keyword_argument");
      expect(arg?.text).toBe("dtype=torch.bfloat16");
      expect(keywordArgument(call, "device")?.text).toBe("device='cuda'");
    });

    it("gives null for a missing keyword and does not match positional arguments", () => {
      const call = firstCall("f(dtype, x=1)\n");
      expect(keywordArgument(call, "dtype")).toBeNull();
      expect(keywordArgument(call, "y")).toBeNull();
    });

    it("lists arguments without comments and keywords without positionals", () => {
      const call = firstCall("f(\n    a,  # first\n    b=1,\n    # about c\n    c=2,\n)\n");
      expect(argumentsOf(call).map((a) => a.text)).toEqual(["a", "b=1", "c=2"]);
      expect(keywordArguments(call).map((a) => a.text)).toEqual(["b=1", "c=2"]);
    });

    it("only looks at the call's own arguments, not nested calls", () => {
      const call = firstCall("f(g(dtype=1), x=2)\n");
      expect(keywordArgument(call, "dtype")).toBeNull();
      expect(keywordArgument(call, "x")?.text).toBe("x=2");
    });
  });

  describe("keywordValue", () => {
    it("gives the value node", () => {
      const value = keywordValue(keywordArgument(firstCall("f(dtype=torch.bfloat16)\n"), "dtype")!);
      expect(value?.type).toBe("attribute");
      expect(value?.text).toBe("torch.bfloat16");
    });

    it("unwraps redundant parentheses", () => {
      const value = keywordValue(keywordArgument(firstCall("f(dtype=((torch.bfloat16)))\n"), "dtype")!);
      expect(value?.type).toBe("attribute");
      expect(value?.text).toBe("torch.bfloat16");
    });

    it("unwraps parentheses that hold a comment before the value", () => {
      const value = keywordValue(keywordArgument(firstCall("f(dtype=(  # Ampere only\n    torch.bfloat16))\n"), "dtype")!);
      expect(value?.type).toBe("attribute");
      expect(value?.text).toBe("torch.bfloat16");
    });

    it("keeps a tuple (not a parenthesized expression)", () => {
      const value = keywordValue(keywordArgument(firstCall("f(shape=(1, 2))\n"), "shape")!);
      expect(value?.type).toBe("tuple");
    });
  });

  describe("hasSplat", () => {
    it("is true with **kwargs or *args", () => {
      expect(hasSplat(firstCall("f(a, **kwargs)\n"))).toBe(true);
      expect(hasSplat(firstCall("f(*args, b=1)\n"))).toBe(true);
    });

    it("is false with plain arguments, and for splats in nested calls", () => {
      expect(hasSplat(firstCall("f(a, b=1)\n"))).toBe(false);
      expect(hasSplat(firstCall("f()\n"))).toBe(false);
      expect(hasSplat(firstCall("f(g(**kw), x=[*y])\n"))).toBe(false);
    });
  });

  describe("calleeName", () => {
    it("gives the name of a plain or dotted callee", () => {
      expect(calleeName(firstCall("f(1)\n"))).toBe("f");
      expect(calleeName(firstCall("transformers.training_args.TrainingArguments(bf16=True)\n"))).toBe("TrainingArguments");
    });

    it("gives null for a callee that is a call or a subscript", () => {
      expect(calleeName(firstCall("make()(1)\n"))).toBeNull();
      expect(calleeName(firstCall("handlers[0](1)\n"))).toBeNull();
    });
  });

  describe("callOfArgument", () => {
    it("gives the call of a keyword or positional argument", () => {
      const text = "x = torch.zeros(3, dtype=torch.bfloat16)\n";
      const root = p.parse(text);
      const call = firstOfType(root, "call");
      expect(sameNode(callOfArgument(nodeAt(root, text, "dtype=torch.bfloat16")), call)).toBe(true);
      expect(sameNode(callOfArgument(nodeAt(root, text, "3")), call)).toBe(true);
    });

    it("gives null for a node that is not an argument", () => {
      const text = "x = torch.zeros(3)\n";
      const root = p.parse(text);
      expect(callOfArgument(nodeAt(root, text, "torch.zeros"))).toBeNull();
      expect(callOfArgument(nodeAt(root, text, "x"))).toBeNull();
    });

    it("gives null for class bases, whose argument list is not a call's", () => {
      const text = "class A(Base, metaclass=Meta):\n    pass\n";
      const root = p.parse(text);
      expect(callOfArgument(nodeAt(root, text, "metaclass=Meta"))).toBeNull();
    });
  });

  describe("isTrue / isFalse", () => {
    const valueOf = (text: string) => keywordValue(keywordArgument(firstCall(text), "x")!);

    it("recognises the True and False literals", () => {
      expect(isTrue(valueOf("f(x=True)\n"))).toBe(true);
      expect(isFalse(valueOf("f(x=True)\n"))).toBe(false);
      expect(isFalse(valueOf("f(x=False)\n"))).toBe(true);
      expect(isTrue(valueOf("f(x=False)\n"))).toBe(false);
      expect(isTrue(valueOf("f(x=(True))\n"))).toBe(true);
    });

    it("rejects other values and null", () => {
      for (const text of ["f(x=1)\n", 'f(x="True")\n', "f(x=true)\n", "f(x=not False)\n"]) {
        expect(isTrue(valueOf(text))).toBe(false);
        expect(isFalse(valueOf(text))).toBe(false);
      }
      expect(isTrue(null)).toBe(false);
      expect(isFalse(null)).toBe(false);
    });
  });

  describe("removeArgumentEdit", () => {
    /** Removes keyword `name` from the first call that has it and returns the edited text. */
    const remove = (text: string, name: string): string => {
      const root = p.parse(text);
      expect(root.hasError).toBe(false);
      const call = root.descendantsOfType("call").find((c) => c && keywordArgument(c, name));
      if (!call) throw new Error(`no call with ${name}=`);
      const out = applyEdits(text, [removeArgumentEdit(text, keywordArgument(call, name)!)]);
      expect(p.parse(out).hasError, `result does not parse:\n${out}`).toBe(false);
      return out;
    };

    it("removes a middle inline argument with its comma and space", () => {
      expect(remove("f(a, b=1, c=2)\n", "b")).toBe("f(a, c=2)\n");
    });

    it("removes a middle inline argument before a positional one", () => {
      // Not valid Python (positional after keyword), but tree-sitter accepts it and the edit is the same.
      expect(remove("f(a, b=1, c)\n", "b")).toBe("f(a, c)\n");
    });

    it("removes the first argument", () => {
      expect(remove("f(b=1, c=2)\n", "b")).toBe("f(c=2)\n");
    });

    it("removes the last argument with the comma before it", () => {
      expect(remove("f(a, b=1)\n", "b")).toBe("f(a)\n");
    });

    it("removes the only argument", () => {
      expect(remove("f(b=1)\n", "b")).toBe("f()\n");
      expect(remove("f(b=1,)\n", "b")).toBe("f()\n");
    });

    it("removes an argument spanning several lines", () => {
      expect(remove("f(a, b=g(\n    1,\n    2), c=3)\n", "b")).toBe("f(a, c=3)\n");
    });

    it("removes the whole line of an argument alone on its line", () => {
      const text = "model = load(\n    path,\n    torch_dtype=torch.bfloat16,\n    device_map='auto',\n)\n";
      expect(remove(text, "torch_dtype")).toBe("model = load(\n    path,\n    device_map='auto',\n)\n");
    });

    it("removes the whole line in a CRLF file, keeping the other line endings", () => {
      const text = "model = load(\r\n    path,\r\n    torch_dtype=torch.bfloat16,\r\n    device_map='auto',\r\n)\r\n";
      expect(remove(text, "torch_dtype")).toBe("model = load(\r\n    path,\r\n    device_map='auto',\r\n)\r\n");
    });

    it("removes the trailing comment with an argument alone on its line", () => {
      const text = "args = TrainingArguments(\n    output_dir='out',\n    bf16=True,  # needs Ampere\n    seed=1,\n)\n";
      expect(remove(text, "bf16")).toBe("args = TrainingArguments(\n    output_dir='out',\n    seed=1,\n)\n");
    });

    it("removes the trailing comment of a last argument without a trailing comma", () => {
      const text = "args = TrainingArguments(\n    output_dir='out',\n    bf16=True  # needs Ampere\n)\n";
      expect(remove(text, "bf16")).toBe("args = TrainingArguments(\n    output_dir='out',\n)\n");
    });

    it("removes the line of a last argument without a trailing comma, leaving a valid trailing comma", () => {
      const text = "args = TrainingArguments(\n    output_dir='out',\n    bf16=True\n)\n";
      expect(remove(text, "bf16")).toBe("args = TrainingArguments(\n    output_dir='out',\n)\n");
    });

    it("removes a last argument on its own line that the closing parenthesis follows", () => {
      const text = "args = TrainingArguments(\n    output_dir='out',\n    bf16=True)\n";
      expect(remove(text, "bf16")).toBe("args = TrainingArguments(\n    output_dir='out')\n");
    });

    it("removes the only argument on its own line", () => {
      expect(remove("f(\n    b=1,\n)\n", "b")).toBe("f(\n)\n");
    });

    it("keeps the line break when the next argument starts on a later line", () => {
      expect(remove("f(b=1,\n  c=2)\n", "b")).toBe("f(\n  c=2)\n");
    });

    it("keeps a comment line above the argument and other arguments' comments", () => {
      const text = "f(\n    a,  # keep me\n    # about b\n    b=1,\n    c=2,  # and me\n)\n";
      expect(remove(text, "b")).toBe("f(\n    a,  # keep me\n    # about b\n    c=2,  # and me\n)\n");
    });

    it("only removes the argument, not a neighbour sharing its line", () => {
      expect(remove("f(\n    a,\n    b=1, c=2,\n)\n", "b")).toBe("f(\n    a,\n    c=2,\n)\n");
    });

    it("removes an argument of a call nested in an indented block", () => {
      const text = "def f():\n    x = g(\n        a,\n        b=1,\n    )\n";
      expect(remove(text, "b")).toBe("def f():\n    x = g(\n        a,\n    )\n");
    });

    it("removes a keyword after a splat", () => {
      expect(remove("f(a, *args, b=1)\n", "b")).toBe("f(a, *args)\n");
    });
  });
});
