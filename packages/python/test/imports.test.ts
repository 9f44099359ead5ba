import { ImportMap } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";
import { BACKENDS, useParser } from "./support.js";

describe.each(BACKENDS)("ImportMap (%s backend)", (backend) => {
  const p = useParser(backend);
  const mapOf = (text: string) => ImportMap.fromTree(p.parse(text));
  /** The qualified name of the expression on the last line of `text`, resolved with the imports above it. */
  const qualified = (text: string) => {
    const root = p.parse(text);
    const map = ImportMap.fromTree(root);
    const last = root.namedChildren.at(-1)!;
    expect(last.type).toBe("expression_statement");
    return map.qualifiedName(last.namedChildren[0]!);
  };

  it("binds `import torch` to torch", () => {
    expect([...mapOf("import torch\n").bindings]).toEqual([["torch", "torch"]]);
  });

  it("binds the alias of `import torch as T`", () => {
    const map = mapOf("import torch as T\n");
    expect(map.bindings.get("T")).toBe("torch");
    expect(map.bindings.has("torch")).toBe(false);
  });

  it("binds the alias of `import torch.nn as nn` to the submodule", () => {
    const map = mapOf("import torch.nn as nn\n");
    expect([...map.bindings]).toEqual([["nn", "torch.nn"]]);
  });

  it("binds the top package for `import torch.nn`", () => {
    expect([...mapOf("import torch.nn\n").bindings]).toEqual([["torch", "torch"]]);
  });

  it("binds every name of `import a, b as c`", () => {
    const map = mapOf("import os, numpy as np\n");
    expect(map.bindings.get("os")).toBe("os");
    expect(map.bindings.get("np")).toBe("numpy");
  });

  it("binds `from torch import bfloat16 as bf`", () => {
    expect([...mapOf("from torch import bfloat16 as bf\n").bindings]).toEqual([["bf", "torch.bfloat16"]]);
  });

  it("binds each name of `from torch import nn, float16`", () => {
    const map = mapOf("from torch import nn, float16\n");
    expect(Object.fromEntries(map.bindings)).toEqual({ nn: "torch.nn", float16: "torch.float16" });
  });

  it("binds names from a parenthesized, commented import list", () => {
    const map = mapOf("from torch.cuda import (\n    amp,  # mixed precision\n    Stream as S,\n)\n");
    expect(Object.fromEntries(map.bindings)).toEqual({ amp: "torch.cuda.amp", S: "torch.cuda.Stream" });
  });

  it("binds `from transformers import TrainingArguments as TA`", () => {
    expect(mapOf("from transformers import TrainingArguments as TA\n").bindings.get("TA")).toBe("transformers.TrainingArguments");
  });

  it("ignores relative imports but still lists their statements", () => {
    const map = mapOf("from . import torch\nfrom .models import bfloat16\nfrom ..pkg import thing as t\n");
    expect(map.bindings.size).toBe(0);
    expect(map.wildcardModules).toEqual([]);
    expect(map.statements).toHaveLength(3);
  });

  it("records `from torch import *` as a wildcard module, not a binding", () => {
    const map = mapOf("from torch import *\n");
    expect(map.wildcardModules).toEqual(["torch"]);
    expect(map.bindings.size).toBe(0);
    expect(map.importsModule("torch")).toBe(true);
  });

  it("finds imports inside functions and classes", () => {
    const map = mapOf("def f():\n    import torch as T\n    from peft import LoraConfig\n\nclass C:\n    import deepspeed as ds\n");
    expect(Object.fromEntries(map.bindings)).toEqual({ T: "torch", LoraConfig: "peft.LoraConfig", ds: "deepspeed" });
    expect(map.statements.map((s) => s.type)).toEqual(["import_statement", "import_from_statement", "import_statement"]);
  });

  it("normalises spaces in dotted names", () => {
    expect(mapOf("import torch . cuda as tc\n").bindings.get("tc")).toBe("torch.cuda");
  });

  it("resolves an aliased attribute chain to its qualified name", () => {
    expect(qualified("import torch as T\nT.cuda.amp.autocast\n")).toBe("torch.cuda.amp.autocast");
  });

  it("resolves a name imported with `from` in an attribute chain", () => {
    expect(qualified("from torch.cuda import amp\namp.autocast\n")).toBe("torch.cuda.amp.autocast");
  });

  it("leaves an unbound name as itself", () => {
    expect(qualified("import torch\nmodel.half\n")).toBe("model.half");
    expect(qualified("import torch\nbfloat16\n")).toBe("bfloat16");
  });

  it("gives null for a call expression and for chains through calls or subscripts", () => {
    expect(qualified("import torch as T\nT.cuda.amp.autocast()\n")).toBeNull();
    expect(qualified("import torch as T\nT.cuda.get_device_properties(0).major\n")).toBeNull();
    expect(qualified("import torch as T\nT.x[0].y\n")).toBeNull();
  });

  it("resolveName maps bound names and passes others through", () => {
    const map = mapOf("import torch as T\n");
    expect(map.resolveName("T")).toBe("torch");
    expect(map.resolveName("np")).toBe("np");
  });

  it("importsModule matches the module and its submodules only", () => {
    const map = mapOf("import torch.nn as nn\nimport torchvision\n");
    expect(map.importsModule("torch")).toBe(true);
    expect(map.importsModule("torch.nn")).toBe(true);
    expect(map.importsModule("torchvision")).toBe(true);
    expect(map.importsModule("torch.cuda")).toBe(false);
    expect(map.importsModule("transformers")).toBe(false);
    expect(mapOf("import torchvision\n").importsModule("torch")).toBe(false);
  });

  it("importsModule sees submodules of wildcard imports", () => {
    const map = mapOf("from torch.cuda.amp import *\n");
    expect(map.importsModule("torch")).toBe(true);
    expect(map.importsModule("torch.cuda.amp")).toBe(true);
    expect(map.importsModule("transformers")).toBe(false);
  });

  it("is empty for a file without imports", () => {
    const map = mapOf("x = 1\n");
    expect(map.bindings.size).toBe(0);
    expect(map.statements).toEqual([]);
  });
});
