import { GuardFinder, HARDWARE_CHECK_NAMES, PythonSource } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";
import { BACKENDS, nodeAt, useParser } from "./support.js";

interface GuardCase {
  name: string;
  code: string;
  /** The check name guardOf should report for the first `bfloat16`, or null when the code is not guarded. */
  guard: string | null;
  /** The guard's condition text, where worth pinning. */
  condition?: string;
}

const guarded: GuardCase[] = [
  {
    name: "in a branch taken on the bf16 choice (`== \"bf16\"`)",
    code: 'if accelerator.mixed_precision == "fp16":\n    pass\nelif accelerator.mixed_precision == "bf16":\n    dtype = torch.bfloat16\n',
    guard: '"bf16"',
    condition: 'accelerator.mixed_precision == "bf16"',
  },
  {
    name: "in a branch taken when a dtype already is bf16",
    code: 'y = pool(x.float()).to(torch.bfloat16) if x.device.type == "cpu" and x.dtype == torch.bfloat16 else pool(x)\n',
    guard: "bfloat16",
  },
  {
    name: "in a conditional expression on the choice (`in (...)`)",
    code: 'dtype = torch.bfloat16 if args.precision in ("bf16-mixed", "bf16-true") else torch.float16\n',
    guard: '"bf16-mixed"',
  },
  {
    name: "in a branch taken when the choice is in a class's list of bf16 spellings",
    code: 'def to_dtype(p):\n    if p in Registry.BF16:\n        return torch.bfloat16\n\nclass Registry:\n    BF16 = [\n        "brain-float", "bf16",\n    ]\n',
    guard: '"bf16"',
  },
  {
    name: "in a branch taken when the choice is not in a constant list of other spellings",
    code: 'NAMES = ("fp16", "half")\nNOT_BF16 = ("bf16-mixed",)\ndtype = torch.float16 if p in NAMES else torch.bfloat16 if p in NOT_BF16 else None\n',
    guard: '"bf16-mixed"',
  },
  {
    name: "inside `if torch.cuda.is_bf16_supported():`",
    code: "if torch.cuda.is_bf16_supported():\n    dtype = torch.bfloat16\n",
    guard: "is_bf16_supported",
    condition: "torch.cuda.is_bf16_supported()",
  },
  {
    name: "in the else branch of the check",
    code: "if torch.cuda.is_bf16_supported():\n    dtype = None\nelse:\n    dtype = torch.bfloat16\n",
    guard: "is_bf16_supported",
  },
  {
    name: "in an elif whose condition is the check",
    code: "if args.cpu:\n    pass\nelif torch.cuda.is_bf16_supported():\n    dtype = torch.bfloat16\n",
    guard: "is_bf16_supported",
    condition: "torch.cuda.is_bf16_supported()",
  },
  {
    name: "in an elif after an if that checks",
    code: "if torch.cuda.is_bf16_supported():\n    pass\nelif args.fast:\n    dtype = torch.bfloat16\n",
    guard: "is_bf16_supported",
  },
  {
    name: "in the if body when a later elif checks",
    code: "if args.cpu:\n    dtype = torch.bfloat16\nelif torch.cuda.is_bf16_supported():\n    pass\n",
    guard: "is_bf16_supported",
  },
  {
    name: "in the else of an elif chain where an elif checks",
    code: "if args.cpu:\n    pass\nelif is_torch_bf16_gpu_available():\n    pass\nelse:\n    dtype = torch.bfloat16\n",
    guard: "is_torch_bf16_gpu_available",
  },
  {
    name: "in the true branch of a conditional expression",
    code: "dtype = torch.bfloat16 if torch.cuda.get_device_capability()[0] >= 8 else torch.float16\n",
    guard: "get_device_capability",
    condition: "torch.cuda.get_device_capability()[0] >= 8",
  },
  {
    name: "in the false branch of a conditional expression",
    code: "dtype = torch.float16 if torch.cuda.get_device_capability()[0] >= 8 else torch.bfloat16\n",
    guard: "get_device_capability",
  },
  {
    name: "after `and` on the check",
    code: "x = is_bf16_supported() and torch.bfloat16\n",
    guard: "is_bf16_supported",
    condition: "is_bf16_supported()",
  },
  {
    name: "in a condition that also makes the check",
    code: "if torch.cuda.is_bf16_supported() and dtype == torch.bfloat16:\n    pass\n",
    guard: "is_bf16_supported",
  },
  {
    name: "in a while loop on the check",
    code: "while torch.cuda.is_bf16_supported():\n    dtype = torch.bfloat16\n",
    guard: "is_bf16_supported",
  },
  {
    name: "under a variable assigned from the check",
    code: "ok = torch.cuda.is_bf16_supported()\nif ok:\n    dtype = torch.bfloat16\n",
    guard: "ok",
    condition: "ok",
  },
  {
    name: "under a variable with a type annotation assigned from the check",
    code: "ok: bool = torch.cuda.is_bf16_supported()\nif ok:\n    dtype = torch.bfloat16\n",
    guard: "ok",
  },
  {
    name: "under a variable one assignment removed from the check",
    code: "ok = torch.cuda.is_bf16_supported()\nuse_bf16 = ok and args.bf16\nif use_bf16:\n    dtype = torch.bfloat16\n",
    guard: "use_bf16",
  },
  {
    name: "under a variable assigned from the check later in the file (second round)",
    code: "def train():\n    if use_bf16:\n        dtype = torch.bfloat16\n\nuse_bf16 = ok and args.bf16\nok = torch.cuda.is_bf16_supported()\n",
    guard: "use_bf16",
  },
  {
    name: "under a name unpacked from get_device_capability",
    code: "cap, minor = torch.cuda.get_device_capability()\nif cap >= 8:\n    dtype = torch.bfloat16\n",
    guard: "cap",
    condition: "cap >= 8",
  },
  {
    name: "under `major` unpacked from get_device_capability",
    code: "major, minor = torch.cuda.get_device_capability()\nif major >= 8:\n    dtype = torch.bfloat16\n",
    guard: "major",
  },
  {
    name: "under an attribute assigned from the check",
    code:
      "class Trainer:\n    def __init__(self):\n        self.use_bf16 = is_bfloat16_supported()\n\n" +
      "    def dtype(self):\n        if self.use_bf16:\n            return torch.bfloat16\n",
    guard: "use_bf16",
    condition: "self.use_bf16",
  },
  {
    name: "after `if not check: return` earlier in the function",
    code: "def f():\n    if not torch.cuda.is_bf16_supported():\n        return\n    dtype = torch.bfloat16\n",
    guard: "is_bf16_supported",
    condition: "not torch.cuda.is_bf16_supported()",
  },
  {
    name: "nested in a loop after `if not check: return` earlier in the function",
    code:
      "def f(layers):\n    if not torch.cuda.is_bf16_supported():\n        print('no bf16')\n        return\n" +
      "    for layer in layers:\n        layer.to(torch.bfloat16)\n",
    guard: "is_bf16_supported",
  },
  {
    name: "after an assert on the bf16 choice (OpenRLHF's 4-bit path)",
    code: 'if load_in_4bit:\n    assert param_dtype == "bf16", "we only support bf16"\n    config = BitsAndBytesConfig(bnb_4bit_compute_dtype=torch.bfloat16)\n',
    guard: '"bf16"',
  },
  {
    name: "in the fallthrough of a function that maps precision names to dtypes",
    code: 'def get_dtype(dtype):\n    if dtype == "float32":\n        return torch.float32\n    if dtype == "float16":\n        return torch.float16\n    return torch.bfloat16\n',
    guard: '"float16"',
  },
  // A user's precision setting read as a switch: the branch runs only on that choice.
  { name: "under `if args.bf16:`", code: "if args.bf16:\n    dtype = torch.bfloat16\n", guard: "args.bf16", condition: "args.bf16" },
  {
    name: "in a ternary on the TrainingArguments flag",
    code: "compute_dtype = torch.float16 if args.fp16 else (torch.bfloat16 if args.bf16 else torch.float32)\n",
    guard: "args.bf16",
  },
  { name: "under FSDP's pure_bf16 switch", code: "if fsdp_config.pure_bf16 and not train_config.quantization:\n    model.to(torch.bfloat16)\n", guard: "fsdp_config.pure_bf16" },
  { name: "under a bare use_amp name", code: "dtype = torch.bfloat16 if use_amp else torch.float32\n", guard: "use_amp" },
  // Code for other devices.
  { name: "under `if device == \"cpu\":`", code: 'if device == "cpu":\n    dtype = torch.bfloat16\n', guard: 'device == "cpu"' },
  { name: "in the else of `device != \"cpu\"`", code: 'if args.device != "cpu":\n    pass\nelse:\n    dtype = torch.bfloat16\n', guard: 'args.device != "cpu"' },
  { name: "under a check for Intel's XPU joined with and", code: "if x == 1 and (is_ipex_available() and torch.xpu.is_available()):\n    dtype = torch.bfloat16\n", guard: "x == 1 and (is_ipex_available() and torch.xpu.is_available())" },
  { name: "in the else of `torch.cuda.is_available()`", code: "dtype = torch.float16 if torch.cuda.is_available() else torch.bfloat16\n", guard: "torch.cuda.is_available()" },
  { name: "in an elif on Apple's MPS", code: 'if device.type == "cuda":\n    pass\nelif torch.backends.mps.is_available():\n    dtype = torch.bfloat16\n', guard: "torch.backends.mps.is_available()" },
  { name: "in the else after an elif that tests for the GPU", code: 'if device.type == "xla":\n    pass\nelif torch.cuda.is_available():\n    pass\nelse:\n    dtype = torch.bfloat16\n', guard: "torch.cuda.is_available()" },
  { name: "under a device tuple test", code: 'if args.device in ("cpu", "mps"):\n    dtype = torch.bfloat16\n', guard: 'args.device in ("cpu", "mps")' },
  { name: "under a substring test on the device", code: 'if "cpu" in str(device):\n    dtype = torch.bfloat16\n', guard: '"cpu" in str(device)' },
];

const unguarded: GuardCase[] = [
  {
    name: "after an assert on the device properties earlier in the function (it stops the run, skips nothing)",
    code: "def f():\n    assert torch.cuda.get_device_properties(0).major >= 8\n    dtype = torch.bfloat16\n",
    guard: null,
  },
  {
    name: "after an early return on something that is no precision name",
    code: 'def f(mode):\n    if mode == "eval":\n        return None\n    return torch.bfloat16\n',
    guard: null,
  },
  { name: "after an assert on a choice that is not bf16", code: 'assert param_dtype == "fp16"\ndtype = torch.bfloat16\n', guard: null },
  { name: "after an assert at module level", code: "assert torch.cuda.is_bf16_supported(), 'needs Ampere'\ndtype = torch.bfloat16\n", guard: null },
  {
    name: "after `if not check: raise` earlier in the function",
    code: "def f(layers):\n    if not torch.cuda.is_bf16_supported():\n        raise RuntimeError('needs bf16')\n    layers.to(torch.bfloat16)\n",
    guard: null,
  },
  {
    name: "under a variable of another function that has the name of one assigned from the check",
    code: "def probe():\n    ok = torch.cuda.is_bf16_supported()\n    return ok\n\ndef train(ok):\n    if ok:\n        dtype = torch.bfloat16\n",
    guard: null,
  },
  {
    name: "under `major` of a version, while another function unpacks `major` from the capability",
    code: "def cap():\n    major, _ = torch.cuda.get_device_capability()\n    return major\n\ndef f():\n    major = version.parse(torch.__version__).major\n    if major >= 2:\n        dtype = torch.bfloat16\n",
    guard: null,
  },
  { name: "under a call whose name looks like a flag", code: "if use_amp():\n    dtype = torch.bfloat16\n", guard: null },
  { name: "in the GPU branch of `device == \"cpu\"`", code: 'if device == "cpu":\n    pass\nelse:\n    dtype = torch.bfloat16\n', guard: null },
  { name: "in the consequence of `torch.cuda.is_available()`", code: "dtype = torch.bfloat16 if torch.cuda.is_available() else torch.float32\n", guard: null },
  { name: "under `or` with a device test (the other side may hold on the GPU)", code: 'if device == "cpu" or args.fast:\n    dtype = torch.bfloat16\n', guard: null },
  { name: "under a comparison with a device that is the GPU", code: 'if device == "cuda":\n    dtype = torch.bfloat16\n', guard: null },
  { name: "under `if torch.cuda.is_available():`", code: "if torch.cuda.is_available():\n    dtype = torch.bfloat16\n", guard: null },
  {
    name: "under a variable whose line only mentions the check in a comment",
    code: "msg = describe()  # see is_bf16_supported\nif msg:\n    dtype = torch.bfloat16\n",
    guard: null,
  },
  { name: "unconditional code", code: "import torch\ndtype = torch.bfloat16\n", guard: null },
  {
    name: "before the assert that checks",
    code: "def f():\n    dtype = torch.bfloat16\n    assert torch.cuda.is_bf16_supported()\n",
    guard: null,
  },
  {
    name: "after an if on the check that has ended",
    code: "if torch.cuda.is_bf16_supported():\n    print('bf16')\ndtype = torch.bfloat16\n",
    guard: null,
  },
  {
    name: "after `if not check:` that does not exit",
    code: "if not torch.cuda.is_bf16_supported():\n    print('slow')\ndtype = torch.bfloat16\n",
    guard: null,
  },
  {
    name: "in a different function than the assert",
    code: "def f():\n    assert torch.cuda.get_device_properties(0).major >= 8\n\ndef g():\n    dtype = torch.bfloat16\n",
    guard: null,
  },
  {
    name: "after a function whose body exits early",
    code: "def f():\n    if not torch.cuda.is_bf16_supported():\n        return\n\ndtype = torch.bfloat16\n",
    guard: null,
  },
  {
    name: "in the else of a for loop",
    code: "for i in range(3):\n    pass\nelse:\n    dtype = torch.bfloat16\n",
    guard: null,
  },
  {
    name: "in an if condition next to, but not guarded by, the check",
    code: "if torch.bfloat16 == torch.cuda.is_bf16_supported():\n    pass\n",
    guard: null,
  },
  {
    name: "after an early exit on the bf16 choice (it is no hardware check)",
    code: 'if args.mixed_precision == "bf16" and on_mps:\n    raise ValueError("no bf16 on MPS")\ndtype = torch.bfloat16\n',
    guard: null,
  },
  {
    name: "under a comparison with a string that is no bf16 choice",
    code: 'if args.mixed_precision == "fp16":\n    dtype = torch.bfloat16\n',
    guard: null,
  },
  {
    name: "under membership in a list of other spellings, or in a parameter",
    code: 'NAMES = ["fp16", "half"]\ndef f(p, names):\n    if p in NAMES or p in names:\n        return torch.bfloat16\n',
    guard: null,
  },
  {
    name: "in an else chain where no branch checks",
    code: "if args.cpu:\n    pass\nelif args.fast:\n    pass\nelse:\n    dtype = torch.bfloat16\n",
    guard: null,
  },
];

describe.each(BACKENDS)("GuardFinder (%s backend)", (backend) => {
  const p = useParser(backend);

  const guardOfMarker = (code: string) => {
    const source = p.source(code);
    expect(source.root.hasError).toBe(false);
    const [marker] = source.occurrences("bfloat16");
    expect(marker?.type).toBe("identifier");
    return source.guards.guardOf(marker!);
  };

  it.each(guarded)("guards code $name", ({ code, guard, condition }) => {
    const found = guardOfMarker(code);
    expect(found?.name).toBe(guard);
    if (condition !== undefined) expect(found?.condition.text).toBe(condition);
  });

  it.each(unguarded)("does not guard code $name", ({ code }) => {
    expect(guardOfMarker(code)).toBeNull();
  });

  it("does not count the condition of a conditional expression as guarded", () => {
    const code = "dtype = fast_value if torch.cuda.get_device_capability()[0] >= 8 else safe_value\n";
    const source = p.source(code);
    const inCondition = nodeAt(source.root, code, "get_device_capability");
    expect(source.guards.guardOf(inCondition)).toBeNull();
    // ...while the branches are.
    expect(source.guards.guardOf(nodeAt(source.root, code, "fast_value"))?.name).toBe("get_device_capability");
    expect(source.guards.guardOf(nodeAt(source.root, code, "safe_value"))?.name).toBe("get_device_capability");
  });

  it("does not count the check itself as guarded by its own if", () => {
    const code = "if torch.cuda.is_bf16_supported():\n    pass\n";
    const source = p.source(code);
    expect(source.guards.guardOf(nodeAt(source.root, code, "is_bf16_supported"))).toBeNull();
  });

  it("checkIn finds a check name in a condition, or nothing", () => {
    const code = "a = torch.cuda.get_device_capability()[0] >= 8\nb = torch.cuda.is_available()\n";
    const root = p.parse(code);
    const finder = new GuardFinder(root);
    const guard = finder.checkIn(nodeAt(root, code, "torch.cuda.get_device_capability()[0] >= 8"));
    expect(guard?.name).toBe("get_device_capability");
    expect(guard?.condition.text).toBe("torch.cuda.get_device_capability()[0] >= 8");
    expect(finder.checkIn(nodeAt(root, code, "torch.cuda.is_available()"))).toBeNull();
  });

  it("uses the check names it is given instead of the defaults", () => {
    const code = "if my_probe():\n    dtype = torch.bfloat16\nif torch.cuda.is_bf16_supported():\n    dtype = torch.bfloat16\n";
    const source = p.source(code);
    const finder = new GuardFinder(source.root, new Set(["my_probe"]));
    const [first, second] = [...source.occurrences("bfloat16")];
    expect(finder.guardOf(first!)?.name).toBe("my_probe");
    expect(finder.guardOf(second!)).toBeNull();
  });

  it("exports the default check names", () => {
    for (const name of ["is_bf16_supported", "is_bfloat16_supported", "get_device_capability", "get_device_properties"]) {
      expect(HARDWARE_CHECK_NAMES.has(name)).toBe(true);
    }
    // `major` is learned where it comes from a check; `version.parse(...).major` is no hardware check.
    expect(HARDWARE_CHECK_NAMES.has("major")).toBe(false);
    expect(HARDWARE_CHECK_NAMES.has("is_available")).toBe(false);
  });

  it("is reachable, cached, from PythonSource", () => {
    const source = new PythonSource("x = 1\n", p.parse("x = 1\n"));
    expect(source.guards).toBeInstanceOf(GuardFinder);
    expect(source.guards).toBe(source.guards);
  });
});
