// packages/cli/src/main.ts
import { Command, CommanderError, Option } from "commander";

// packages/cli/src/exit-codes.ts
var EXIT_OK = 0;
var EXIT_FINDINGS = 1;
var EXIT_USAGE = 2;
var EXIT_INTERRUPTED = 130;
var EXIT_TERMINATED = 143;
var UsageError = class extends Error {
};

// packages/report/src/diff.ts
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";

// packages/report/src/order.ts
function compareStrings(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function byPath(a, b) {
  return compareStrings(a.path, b.path);
}
function compareFindings(a, b) {
  return compareStrings(a.path, b.path) || (a.start.cell ?? 0) - (b.start.cell ?? 0) || a.start.line - b.start.line || a.start.column - b.start.column || a.end.line - b.end.line || a.end.column - b.end.column || compareStrings(a.rule, b.rule);
}
function sortedFiles(result) {
  return [...result.files].sort(byPath);
}
function sortedFindings(findings) {
  return [...findings].sort(compareFindings);
}
function allFindings(result) {
  return sortedFindings(result.files.flatMap((file) => file.findings));
}
function sortedDiagnostics(result) {
  return [...result.diagnostics].sort(
    (a, b) => byPath(a, b) || compareStrings(a.kind, b.kind) || compareStrings(a.message, b.message)
  );
}
function sortedSkipped(result) {
  return [...result.skipped].sort(byPath);
}

// packages/report/src/diff.ts
function unifiedDiff(file, context = 3) {
  const { original, fixed } = file;
  if (original === void 0 || fixed === void 0 || original === fixed) return "";
  return createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, original, fixed, void 0, void 0, {
    context,
    headerOptions: FILE_HEADERS_ONLY
  });
}
function formatPatch(result, context = 3) {
  return [...result.files].sort(byPath).map((file) => unifiedDiff(file, context)).join("");
}
function isChanged(file) {
  return file.original !== void 0 && file.fixed !== void 0 && file.original !== file.fixed;
}

// packages/report/src/markdown-util.ts
function code(text) {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}
function cell(text) {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}
function tableRow(cells) {
  return `| ${cells.join(" | ")} |`;
}
function table(header3, rows, align) {
  const rule = header3.map((_, i) => align?.[i] === "right" ? "---:" : "---");
  return [tableRow(header3.map(cell)), tableRow(rule), ...rows.map((row) => tableRow(row.map(cell)))];
}
function fence(language, body) {
  const longest = Math.max(0, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(Math.max(3, longest + 1));
  return [`${ticks}${language}`, body.replace(/\n$/, ""), ticks];
}
function indentContinuation(text, indent) {
  return text.replace(/\r?\n/g, `
${indent}`);
}

// packages/rules/src/docs.generated.ts
var docsVersion = "0.1.0";
var ruleDocs = {
  "accelerate-bf16": '# accelerate-bf16\n\n**bf16 mixed precision in Hugging Face accelerate on a GPU without bf16** \xB7 precision \xB7 error \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\n`Accelerator(mixed_precision="bf16")` asks accelerate for bfloat16 autocast. accelerate checks\n`is_bf16_available()`, which asks `torch.cuda.is_bf16_supported()`, and stops in `Accelerator.__init__` (and in\n`accelerate launch`) when the answer is no:\n\n```\nValueError: bf16 mixed precision requires PyTorch >= 1.10 and a supported device.\n```\n\nReported on a V100 (huggingface/accelerate#1693) and on Colab\'s T4 and V100 with kohya\'s trainer\n(Linaqruf/kohya-trainer#246, where the maintainer answers "T4 and V100 doesn\'t support that precision, please use\nFP16 or FP32 (no)"); the same check fires on Apple GPUs (huggingface/accelerate#3064). With newer PyTorch,\n`is_bf16_supported()` counts emulation as support (see `bf16-emulation-check`), so the check passes on a T4 and\ntraining runs with bf16 emulated through float32, slower than fp16 on its tensor cores.\n\n## What it rewrites\nFollowing the project\'s precision policy (`docs/gpu-facts.md`), the string `"bf16"` passed as\n`mixed_precision` to `accelerate.Accelerator(...)`, `accelerate.notebook_launcher(...)` and\n`accelerate.utils.write_basic_config(...)` (also positionally: `write_basic_config("bf16")`), through any import\nalias, becomes:\n\n| target | `"bf16"` becomes |\n| --- | --- |\n| GPUs with fp16 tensor cores (T4, V100) | `"fp16"`: autocast in float16 with fp32 master weights; accelerate creates the GradScaler itself |\n| GPUs without them (P100, P4, K80), or `--precision fp32` | `"no"`: float32 training |\n\nOnly the string\'s content changes; its quotes, the other arguments and their comments stay.\n\n**Models that overflow float16.** Models trained in bf16 whose activations overflow float16 (inf/NaN losses)\ntrain in float32 instead of fp16 on every target: T5/Flan-T5/mT5/ByT5 (transformers#5651, #9295), Gemma-2/3/4\n(transformers#36822, #39972; unsloth#5055), gpt-oss, Qwen3-MoE/Qwen3.5 and GLM-4 (the lists vLLM\'s\n`_FLOAT16_NOT_SUPPORTED_MODELS` and Unsloth\'s `FORCE_FLOAT32` keep). The family is told from the model ids the file\nnames (a `from_pretrained` literal, `base_model:`, `--model_name_or_path`); one such id is enough, since float32\nis right for every model. Where no id tells the family, the fp16 rewrite says the risk in one clause: if the loss\nturns inf/NaN, the model overflows float16, and float32 is the way out.\n\n## When it stays silent\n- `"no"`, `"fp16"`, `"fp8"`, computed values (`mixed_precision=args.mixed_precision`,\n  `os.environ.get("MIXED_PRECISION", "bf16")`): the tool cannot know what they become.\n- Guarded code: `"bf16" if torch.cuda.is_bf16_supported() else "fp16"`, or an `Accelerator` built under a\n  capability check.\n- Other classes named `Accelerator` (`from mylib import Accelerator`), dicts such as `{"mixed_precision": "bf16"}`,\n  argparse `choices`, help texts, comments and log messages. `accelerate launch --mixed_precision bf16` in shell\n  scripts and accelerate\'s own config file are read too (see "In shell scripts" and "In config files").\n- Targets with bf16.\n\n## Hints instead of fixes\nOn a T4 or V100, when the file calls `.backward()` on a loss itself (`loss.backward()`, `(loss / n).backward()`,\n`torch.autograd.backward`) instead of `accelerator.backward(loss)`. accelerate\'s fp16 mode scales the loss only\ninside `accelerator.backward`, while the optimizer it wraps always calls `GradScaler.step`, which divides the\ngradients by the scale before stepping: with an unscaled loss every update would shrink by the scale factor\n(65536 at the start). The hint says to switch to `accelerator.backward(loss)` first, or to use `"no"`.\nOn a P100 or K80, `"no"` is safe either way and is applied.\n\n## In config files\nThe config `accelerate config` writes (`default_config.yaml`, or JSON), recognised by its top-level\n`compute_environment` or `distributed_type` keys, sets `mixed_precision: bf16` for every `accelerate launch`.\nIt gets the same policy:\n\n| target | `mixed_precision: bf16` becomes |\n| --- | --- |\n| T4, V100 | `mixed_precision: fp16` |\n| P100, P4, K80, or `--precision fp32` | `mixed_precision: \'no\'` |\n\n`no` is written quoted in YAML, as accelerate writes it itself (`downcast_bf16: \'no\'`): PyYAML reads a bare `no`\nas the boolean false. The old value\'s quotes are kept otherwise, and a trailing comment stays. `fp16`, `no`,\n`fp8` and `mixed_precision` in files that are not accelerate configs stay as they are. A DeepSpeed config that\nthe accelerate config points to must agree with it (accelerate stops with "`--mixed_precision` arg cannot be set\nto `bf16` when `fp16` is set in the DeepSpeed config file.", huggingface/transformers#39849); `deepspeed-bf16`\nrewrites that file with the same policy.\n\nThe config cannot show whether the launched script calls `loss.backward()` itself (the case the Python check\nhints at): run the Python rules over the script too, or check that it uses `accelerator.backward(loss)` (the\nTrainer does).\n\n## In shell scripts\n`accelerate launch --mixed_precision bf16 train.py` (also `--mixed_precision=bf16`, `--mixed-precision`, quoted)\noverrides the accelerate config for that run, and stops the same way. accelerate\'s launcher takes both the\nunderscore and the dash spelling. The launcher\'s option before the script is rewritten with the same policy:\n\n| target | `--mixed_precision bf16` becomes |\n| --- | --- |\n| T4, V100 | `--mixed_precision fp16` |\n| P100, P4, K80, or `--precision fp32` | `--mixed_precision no` |\n\nTraining scripts built on accelerate take a `--mixed_precision` of their own with accelerate\'s values\n(`no`/`fp16`/`bf16`) and pass it to `Accelerator(mixed_precision=args.mixed_precision)`: diffusers\' training\nexamples, kohya\'s sd-scripts (where it stops with the error above: bitsandbytes-foundation/bitsandbytes#674\non Colab, bmaltais/kohya_ss#523). The same flag after the script of any Python\nlaunch (see `trainer-bf16`\'s "In shell scripts" for which commands count) gets the same rewrite. The value keeps\nits quotes. As with the config file, the script cannot be seen from the command line: check that it calls\n`accelerator.backward(loss)` (the Python check hints when it does not). Stays silent: `fp16`, `no`, `fp8`,\nvalues from variables, `accelerate config`, comments and `echo` texts.\n\n## Fix safety\n`"fp16"` is accelerate\'s standard mixed precision before bf16 existed: `accelerator.backward(loss)` scales the\nloss, the prepared optimizer unscales, skips steps whose gradients overflow and updates the scale, and\n`accelerator.clip_grad_norm_` unscales before clipping. `"no"` trains in float32, exactly, at float32 speed. A\nmodel whose activations exceed float16\'s range (65504) can still overflow in the fp16 forward pass, where bf16\nwould not; the GradScaler skips those steps rather than corrupting the weights.\n\n## Hardware fact\nbf16 needs compute capability 8.0; fp16 tensor cores exist from Volta (7.0) (NVIDIA CUDA C Programming Guide,\n"Compute Capabilities"). accelerate\'s `Accelerator.__init__` and `accelerate launch` raise the error above when\n`torch.cuda.is_bf16_supported()` is False. See `docs/gpu-facts.md`.\n',
  "autocast-bf16": '# autocast-bf16\n\n**bf16 autocast on a GPU without bf16** \xB7 precision \xB7 error \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\n`torch.autocast("cuda", dtype=torch.bfloat16)` (and `torch.amp.autocast`, `torch.cuda.amp.autocast(dtype=...)`)\nruns the matmuls and convolutions of its block in bfloat16. Before Ampere, PyTorch either refuses when the block\nis entered:\n\n```\nRuntimeError: Current CUDA Device does not support bfloat16. Please switch dtype to float16.\n```\n\n(reported on a V100 in karpathy/nanoGPT#277, on a P100 in weipu-zhang/STORM#4, on a Turing Quadro RTX 8000, the\nT4\'s architecture, in openvla/openvla#103), or, since `torch.cuda.is_bf16_supported()` counts emulation as support\n(see `bf16-emulation-check`), it runs the block with bf16 emulated through float32: slower than float16 on the\nT4\'s tensor cores, and bf16 convolutions can fail for lack of cuDNN engines.\n\n`bf16-dtype` leaves autocast\'s dtype to this rule, because float32 is the wrong answer there: autocast exists to\nrun 16-bit math.\n\n## What it rewrites\nFollowing the project\'s precision policy (`docs/gpu-facts.md`):\n\n| target | `dtype=torch.bfloat16` in autocast becomes |\n| --- | --- |\n| GPUs with fp16 tensor cores (T4, V100) | `torch.float16` (only the `bfloat16` name changes: `T.bfloat16` becomes `T.float16`), plus a GradScaler when the block is trained (below) |\n| GPUs without them (P100, P4, K80), or `--precision fp32` | `enabled=False`: the block runs in float32 |\n\nSpellings: `torch.autocast("cuda", dtype=...)`, `torch.autocast(device_type="cuda", dtype=...)`,\n`torch.amp.autocast(...)`, `torch.cuda.amp.autocast(dtype=...)`, a positional dtype\n(`torch.autocast("cuda", torch.bfloat16)`), and the aliases `import torch as T`, `from torch import autocast`,\n`from torch.cuda.amp import autocast`, `from torch import bfloat16 as bf` (the use `bf` becomes `torch.float16`;\nthe import stays, `bf16-dtype` owns it). The autocast may be a `with` item, an assigned context manager or a\ndecorator.\n\n**float16 needs a GradScaler when it trains.** bf16 has float32\'s exponent range, so bf16 autocast trains without\nloss scaling; float16 does not. The PyTorch AMP docs: "Gradient values with small magnitudes may not be\nrepresentable in `torch.float16`. These values will flush to zero ("underflow"), so the update for the\ncorresponding parameters will be lost." So, on a T4 or V100, the rule looks at the function holding the autocast\n(or the module, for top-level code):\n\n| what it finds | the fix |\n| --- | --- |\n| no gradients: the block is under `torch.no_grad()`/`torch.inference_mode()` (a `with` or a decorator), or the file never trains (no `.backward(` call, no Lightning `training_step`, no Lightning import) and the block is not in a class | the dtype only |\n| a GradScaler already there (`GradScaler(...)` or `<...scaler>.scale(...)` in the function) | the dtype only |\n| one plain step in a loop of the function: exactly one `loss.backward()` on a name, exactly one `optimizer.step()` (a name containing `opt`) after it, as a statement on its own line, in the same loop | the dtype and the scaler, in **one** fix (applied together or not at all) |\n| anything else | a hint (below) |\n\nThe scaler fix, written in the file\'s own spelling of torch, indentation and line endings:\n\n```python\nscaler = torch.amp.GradScaler("cuda")        # once, before the outermost training loop (or the with around it)\nfor batch in loader:\n    with torch.autocast("cuda", dtype=torch.float16):\n        loss = model(**batch).loss\n    scaler.scale(loss).backward()            # was: loss.backward()\n    scaler.unscale_(optimizer)               # only when gradients are clipped: clip the true gradients\n    clip_grad_norm_(model.parameters(), 1.0)\n    scaler.step(optimizer)                   # was: optimizer.step()\n    scaler.update()\n```\n\nWhere the file spells autocast `torch.cuda.amp.autocast`, the scaler is `torch.cuda.amp.GradScaler()`: that API\nexists in every PyTorch that has `torch.cuda.amp.autocast`, while `torch.amp.GradScaler("cuda")` needs PyTorch 2.3\n(newer releases warn "`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use\n`torch.amp.GradScaler(\'cuda\', args...)` instead.", Linesight-RL/linesight#51, after pytorch/pytorch#126527; a\nwarning, not an error). If `scaler` is already a name in the file\n(say, scikit-learn\'s `StandardScaler`), the new one is called `grad_scaler`.\n\n**Models that overflow float16.** Models trained in bf16 whose activations overflow float16 (inf/NaN losses)\ntrain in float32 instead of fp16 on every target: T5/Flan-T5/mT5/ByT5 (transformers#5651, #9295), Gemma-2/3/4\n(transformers#36822, #39972; unsloth#5055), gpt-oss, Qwen3-MoE/Qwen3.5 and GLM-4 (the lists vLLM\'s\n`_FLOAT16_NOT_SUPPORTED_MODELS` and Unsloth\'s `FORCE_FLOAT32` keep). The family is told from the model ids the file\nnames (a `from_pretrained` literal, `base_model:`, `--model_name_or_path`); one such id is enough, since float32\nis right for every model. Where no id tells the family, the fp16 rewrite says the risk in one clause: if the loss\nturns inf/NaN, the model overflows float16, and float32 is the way out.\n\n## When it stays silent\n- Guarded code: `dtype=torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16`, an autocast under a\n  capability check, or under a variable assigned from one.\n- CPU autocast: `torch.autocast("cpu", ...)`, `device_type="cpu"`, `torch.cpu.amp.autocast` (bf16 is the CPU\n  autocast dtype), and other device literals (`"mps"`, `"xpu"`). A device given as a variable is taken to be the\n  GPU this run targets: on a CPU the float16 or disabled autocast still runs.\n- `enabled=False` (autocast is off), `dtype=torch.float16`, a computed dtype (`dtype=ptdtype`).\n- `dtype="bfloat16"`: autocast does not take dtype strings, so that is a bug for the author, not a bf16 request.\n- Other functions called `autocast` (`from mylib.amp import autocast`), other libraries\' bfloat16\n  (`jnp.bfloat16`), comments, docstrings, log messages and help texts.\n- Targets with bf16.\n\n## Hints instead of fixes\n- On a T4 or V100, when the block may train but the step is not the simple one above: `accelerator.backward(loss)`\n  or `fabric.backward(loss)`, `(loss / n).backward()`, several backward calls or optimizers, the step in another\n  function, a per-step function without a loop (a scaler created there would restart at every step), model code\n  in a class (its training loop is elsewhere), a function without backward in a file that trains, or a name\n  containing `scaler` that may or may not be a GradScaler. The hint gives the three scaler lines. A float16 dtype\n  without the scaler would be a silent quality regression, so there is no half fix.\n- On a P100 or K80, when the call already passes `enabled` (or `**kwargs`): the rule does not overrule it.\n- When a bare imported `bfloat16` is used and the file does not import `torch` to spell `torch.float16`.\n\n## Fix safety\nfloat16 autocast with a GradScaler is the mixed-precision recipe PyTorch documented before bf16 existed: weights\nstay float32, autocast keeps reductions and losses in float32, and the scaler skips the steps whose gradients\noverflow. The scaler is created once, before the outermost loop of the step, so its scale carries over between\nsteps; `scaler.update()` goes right after `scaler.step()`, inside the same block, so gradient accumulation\n(`if (i + 1) % accum == 0: optimizer.step()`) keeps working. Gradient clipping is only accepted in the block of the\nstep, where one `scaler.unscale_(optimizer)` per step is right. `enabled=False` runs the same code in float32,\nexactly, at float32 speed. Remaining risk: activations beyond float16\'s range (65504) overflow to inf in float16\nwhere bf16 would not; the scaler catches that in gradients, not in a forward pass.\n\n## Hardware fact\nbf16 needs compute capability 8.0; fp16 tensor cores exist from Volta (7.0) (NVIDIA CUDA C Programming Guide,\n"Compute Capabilities"). PyTorch\'s `torch/amp/autocast_mode.py` raises the error above when\n`torch.cuda.is_bf16_supported()` is False. See `docs/gpu-facts.md`.\n',
  "batch-size": "# batch-size\n\n**A per-device training batch that does not fit the GPU's memory** \xB7 memory \xB7 warning (error when the model alone does not fit) \xB7 fix: sometimes\n\nRuns on every target: it compares a training memory estimate with the memory of one of the target's GPUs (each\ndata-parallel process holds a full copy of the model, so two T4s are two times 15 GiB, not 30).\n\n## Why\nA repo written for an 80 GB A100 or H100 picks `per_device_train_batch_size` to fill that GPU. On a 15 GiB T4, a\n16 GiB P100 or an 11.4 GiB K80 the first training step stops with\n\n```\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 28.87 GiB. GPU 0 has a total capacity of 15.83 GiB of which 4.00 GiB is free. ...\n```\n\n(lllyasviel/FramePack#608 on a T4; older PyTorch: `RuntimeError: CUDA out of memory. Tried to allocate 844.00 MiB\n(GPU 0; 14.76 GiB total capacity; ...)`, xinge008/Cylinder3D#109, fixed there by a smaller batch). Memory in training\nhas two parts (docs/gpu-facts.md, \"Memory rules of thumb\"):\n\n- **States**: full fine-tuning with Adam in mixed precision keeps ~16 bytes per parameter: the weights, their\n  gradients and Adam's two fp32 moments. This does not depend on the batch.\n- **Activations**: what each layer keeps for the backward pass, which grows with batch x sequence length x hidden\n  size x layers.\n\nHalving the batch and doubling `gradient_accumulation_steps` halves the activations and keeps the effective batch;\nit does nothing for the states. So the rule first asks whether the states fit at all.\n\n## What it rewrites\nFor `TrainingArguments(...)` and its subclasses (`Seq2SeqTrainingArguments`, TRL's `SFTConfig`, `DPOConfig`, ...)\nwith a literal `per_device_train_batch_size=B`, when the file fully fine-tunes a model whose size it can tell (Axolotl,\nLLaMA-Factory and TrainingArguments configs: see \"In config files\"):\n\n1. **States alone exceed one GPU** (16 bytes x parameters > its memory): a hint, never an edit. No batch size and\n   no gradient checkpointing helps; the way out is LoRA/QLoRA or a smaller model, or, on several GPUs, sharding the\n   states with DeepSpeed ZeRO-3 or FSDP (suggested when a 1/N share fits). Example: Mistral-7B is ~104 GiB of\n   states, more than even an 80 GB A100.\n2. **States fit, activations of B samples do not**: the batch is divided by the smallest power of two (or by B\n   itself, down to 1) that makes the estimate fit, and `gradient_accumulation_steps` is multiplied by the same\n   factor (added after the batch argument when absent, meaning 1). The message gives the numbers and the global\n   batch before and after (`128 x 2 = 256 -> 8 x 32 = 256`, with `x 2 GPUs` on two GPUs), which is unchanged.\n   When `gradient_checkpointing=True` is not set, the finding also suggests it.\n\n| example (`fix-halve`: Qwen2.5-0.5B, 1024 tokens) | states | per sample | B=128, GA=2 becomes |\n| --- | --- | --- | --- |\n| T4 / T4 x2 (15 GiB), P100 (15.9 GiB) | ~7.5 GiB | >= ~0.58 GiB | B=8, GA=32 (~12 GiB) |\n| K80 (11.4 GiB) | | | B=4, GA=64 (~9.8 GiB) |\n| A100 80GB (79.2 GiB) | | | B=64, GA=4 (~45 GiB) |\n\n### The estimate, and why it is on the low side\n- **Model**: the one model id the file's `from_pretrained(...)` calls name (a literal or a module constant;\n  tokenizers name the same id). Parameters come from the repo's `config.json` for that path, the table of known\n  models, or the size in the name (`0.5B`), through the shared model-size module. Several different ids, or one\n  that is computed, means unknown: nothing is reported.\n- **Tokens per sample**: the call's `max_seq_length` / `max_length` (TRL), else the longest literal `max_length` of\n  a truncating tokenizer call in the file. The Trainer pads a batch to its longest sample (TRL's \"Reducing Memory\n  Usage\" guide), so this is the batch that has to fit: the first batch of long samples is the one that fails.\n- **Activations**: 34 bytes per token per unit of hidden size x layers, in 16-bit, from Korthikanti et al., \"Reducing\n  Activation Recomputation in Large Transformer Models\" (arXiv:2205.05198: `sbh(34 + 5as/h)` bytes per layer),\n  leaving out the attention-score term `5as/h`, which SDPA and FlashAttention never store. With\n  `gradient_checkpointing=True`, 2 bytes (each layer keeps its 16-bit input). Hidden size x layers comes from\n  `config.json` when there is one; otherwise it is taken as 0.8 x sqrt(parameters), the smallest ratio among GPT-2\n  (124M: 768 x 12), BERT-base, Qwen2.5-0.5B (896 x 24), Llama-3.2-1B (2048 x 16), Llama 2/3 7-8B, Mistral-7B,\n  Gemma-2-2B and Phi-2.\n- Left out, so the real need is higher: the logits (sequence x vocabulary, in fp32 for the loss: ~0.6 GiB per\n  sample or more for Qwen2.5's 151,936-token vocabulary at 1024 tokens), fp32 activations on P100/K80 (training in fp32 there doubles them), the CUDA\n  context and allocator slack.\n\nA batch is only rewritten when this low estimate already exceeds the GPU, so a rewrite is never a guess that the\nold batch was too big. The new batch is the largest that fits **by the same low estimate**: it may still be too big,\nwhich is why the message says \"at least\" and suggests gradient checkpointing.\n\n## When it stays silent\n- The model is unknown: `from_pretrained(args.model)`, `from_pretrained(sys.argv[1])`, different ids in one file, a\n  model built `from_config` (trained from scratch), or no `from_pretrained` in the file.\n- It is not a full fine-tune with fp32 Adam: the file imports `peft` or `unsloth`, mentions `load_in_4bit`,\n  `load_in_8bit`, `BitsAndBytesConfig`, `peft_config` or `requires_grad` (frozen layers); the call sets\n  `deepspeed=` or `fsdp=` (sharded states), or an `optim=` other than `adamw_torch`, `adamw_hf`, `adamw_torch_fused`,\n  `adamw_apex_fused` (Adafactor, 8-bit Adam: smaller states). LoRA/QLoRA estimates belong to the model-size module\n  and will come with it.\n- `auto_find_batch_size=True`: the Trainer halves the batch itself on out-of-memory errors.\n- No sequence length in the file (the activations are unknown) while the states fit; a computed\n  `per_device_train_batch_size`; calls with `**kwargs`; calls under a hardware check; comments and strings.\n- The estimate fits.\n\n## Hints instead of fixes\n- States larger than one GPU (above).\n- `gradient_accumulation_steps` computed (`cli.accumulation`): the hint gives the new batch and the factor.\n- Even one sample does not fit: the hint says whether `gradient_checkpointing=True` would make it fit and with which\n  batch, or else to shorten the sequences or train LoRA adapters. Adding `gradient_checkpointing=True` is never an\n  edit: every step gets ~20% slower (transformers' \"Gradient checkpointing\" guide), and a model class without\n  checkpointing support stops with `ValueError: AlbertForMaskedLM does not support gradient checkpointing.`\n  (huggingface/transformers#17464).\n\n- **A hand-written training loop**: a PyTorch `DataLoader(..., batch_size=B, shuffle=True)` (by keyword or\n  position, a literal or a module constant) in a file that loads one pretrained model and builds PyTorch's\n  `torch.optim.Adam`/`AdamW`, with no Trainer arguments, adapters or quantization, gets the same estimate (gradient\n  checkpointing on when the file calls `gradient_checkpointing_enable()`). A batch that does not fit gets a hint\n  with the new batch and the number of batches to accumulate over (`loss / N` each batch, `optimizer.step()` every\n  N): the accumulation is code in the loop, which the rule does not rewrite. Loaders without `shuffle=True`\n  (evaluation: no activations are kept for a backward pass), files with another optimizer (SGD, Adafactor, 8-bit\n  Adam from bitsandbytes, DeepSpeed, FSDP, ZeroRedundancyOptimizer) and files whose Trainer sets the batch stay\n  silent. States that do not fit are the model's problem, not the loader's: no finding on the loader.\n\n## In config files\nTraining configs fix the same numbers, and get the same estimate and the same decision (one shared function: the\nstates first, then the activations of the batch, then the smallest reduction that fits):\n\n| config | model | per-device batch | tokens per sample | gradient checkpointing |\n| --- | --- | --- | --- | --- |\n| Axolotl YAML | `base_model` | `micro_batch_size` | `sequence_len` | `gradient_checkpointing: true` (default off) |\n| LLaMA-Factory YAML | `model_name_or_path` | `per_device_train_batch_size` | `cutoff_len` | on unless `disable_gradient_checkpointing: true` |\n| TrainingArguments JSON/YAML (TRL, alignment-handbook recipes) | `model_name_or_path` | `per_device_train_batch_size` | `max_seq_length`, `max_length` | `gradient_checkpointing: true` |\n\nLLaMA-Factory turns gradient checkpointing on for every model that supports it unless\n`disable_gradient_checkpointing: true` (`prepare_model_for_training` in its `model/model_utils/checkpointing.py`;\na user who added `gradient_checkpointing: true` saw no change in memory, hiyouga/LlamaFactory#6232), so its\nconfigs are estimated with 2 bytes per token per unit of hidden size x layers, and the hint suggests\n`disable_gradient_checkpointing: false` where a config turned it off.\n\nThe rewrite is the Python one: the batch divided by the factor, `gradient_accumulation_steps` multiplied by it, both\nwith `replaceValue`, so quotes, comments and layout stay. The finding sits on the batch key; when the states alone\ndo not fit it sits on the model key and is an error with a hint (LoRA in the config's own terms:\n`adapter: lora` / `adapter: qlora` with `load_in_4bit: true` for Axolotl, `finetuning_type: lora` /\n`quantization_bit: 4` for LLaMA-Factory).\n\n- **No `gradient_accumulation_steps`** (meaning 1): the key is added with the factor on the line below the batch\n  (after its comment), in YAML when the batch is a top-level key at the start of its line, in JSON when the member\n  has its own line (`,` and the new member after a last member). The edited text is parsed again and the key is\n  only added when it loads as the same document plus that key; any other layout (one-line JSON, flow mappings)\n  gets a hint with the numbers.\n- **Axolotl with `batch_size`** instead of an accumulation: Axolotl refuses both keys (\"please set only one of\n  gradient_accumulation_steps or batch_size\", axolotl-ai-cloud/axolotl#123, now `check_gas_bsz` in\n  `utils/schemas/validation.py`) and derives the accumulation as `batch_size // micro_batch_size`\n  (`normalize_config`). When `batch_size` is a multiple of the batch, only `micro_batch_size` changes and the\n  derived accumulation grows by the factor; otherwise the hint names the `batch_size` that keeps the samples per step.\n- A `gradient_accumulation_steps` that is not a number (`\"4\"`, a list) gets a hint.\n\nIt stays silent, as in Python, when the config is not a full fine-tune with fp32 Adam states on each GPU:\n\n- Axolotl: `adapter` set (`lora`, `qlora`, ...), `load_in_4bit`/`load_in_8bit`, `gptq`, `unfrozen_parameters`\n  (partly frozen), `deepspeed`, `fsdp`, `fsdp_config`, `auto_find_batch_size`, or an `optimizer` other than the\n  32-bit AdamW ones (Axolotl's default is `adamw_torch_fused`). Offloaded activations (`activation_offloading`,\n  `gradient_checkpointing: offload`) leave only the states check.\n- LLaMA-Factory: `finetuning_type` other than `full` (the default is `lora`, so an absent key is silent too),\n  `quantization_bit`, `deepspeed`, `fsdp`, GaLore/APOLLO/BAdam/Adam-mini/Muon/LLaMA Pro, `pure_bf16`,\n  `auto_find_batch_size`, an `optim` other than 32-bit AdamW.\n- TrainingArguments: no `model_name_or_path` (a plain TrainingArguments file names no model: nothing), `use_peft`,\n  `load_in_4bit`/`load_in_8bit` (TRL's `ModelConfig`), `deepspeed`, a non-empty `fsdp`, `auto_find_batch_size`,\n  another `optim`.\n- Every config: `do_train: false`; a model whose size it cannot tell; no batch key or no sequence length (the\n  framework's default length is not assumed); a batch that is not a number (`auto`).\n\nThe rule reads each file alone. A TrainingArguments recipe is often launched with an accelerate config that shards\nthe states with DeepSpeed ZeRO-3 or FSDP (`accelerate launch --config_file ... train.py recipe.yaml`), which the\nrecipe does not say; the estimate then counts all the states on each GPU, as it does for a Python file whose launcher\nit cannot see. That makes the states finding (a hint) and the new batch too cautious there, never too large: the\nglobal batch stays the same either way.\n\n## Fix safety\nGradient accumulation runs B/f samples f times before each optimizer step, so the optimizer sees the same global\nbatch and the same number of optimizer steps per epoch; the learning-rate schedule is unchanged. For token-level\nlosses, transformers' Trainer divides by the number of tokens across the whole accumulated batch since the fix in\nhuggingface/transformers#34191 (4.46), for models whose loss accepts it; before that, and for models that do not\n(huggingface/transformers#37766), each micro-batch's mean is averaged, which weighs tokens of short and long\nmicro-batches slightly differently than one large batch did. Layers that normalise over the batch (BatchNorm, rare\nin transformers) see smaller batches, and steps take longer, since each micro-batch uses the GPU less. Comments on the batch line stay there; an added\n`gradient_accumulation_steps` gets its own line when the batch argument has one.\n\n## Hardware fact\nUsable memory per GPU: T4 15 GiB, P100 15.9 GiB, V100 15.8/31.7 GiB, K80 11.4 GiB per die, A100 39.4/79.2 GiB\n(`packages/targets/src/gpus.ts`, from `docs/gpu-facts.md` \"Profiles\"). Data-parallel training\n(`torchrun`, or the Trainer's DataParallel on two visible GPUs) keeps a full copy of the states on every GPU.\n",
  "bf16-dtype": '# bf16-dtype\n\n**bfloat16 tensors and models on a GPU without bf16** \xB7 precision \xB7 warning \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0 (K80, P100, P4, V100, T4).\n\n## Why\nbfloat16 tensor-core math arrived with Ampere (compute capability 8.0). On a T4 (7.5), a V100 (7.0) or a P100\n(6.0) PyTorch either emulates bf16 matmuls through float32, which is slow, or a kernel refuses the dtype\noutright. Code written on an A100 asks for bf16 everywhere; on these GPUs float32 is the dtype that is both\ncorrect and supported by every kernel.\n\n## What it rewrites\nEvery place that *requests* torch\'s bfloat16, in any spelling, becomes float32:\n\n| before | after |\n| --- | --- |\n| `torch.bfloat16` (also through `import torch as T`) | `torch.float32` |\n| `from torch import bfloat16 as bf` (every use of `bf` requests it) | `from torch import float32 as bf` |\n| `torch_dtype="bfloat16"`, `dtype="bfloat16"` (and the same keys in a dict) | `"float32"` |\n| `model.bfloat16()` | `model.float()` |\n| `.to(torch.bfloat16)`, `.to(dtype=torch.bfloat16)`, `torch.set_default_dtype(torch.bfloat16)` | `torch.float32` in place |\n\nA request is an argument, a keyword value, an assignment, a default parameter, a return value or a dict value\n(except in a table keyed by the precision choice, `{"bf16": torch.bfloat16}`: see "When it stays silent").\n\n### Model loads are fit-aware\nThe dtype of a model load (`from_pretrained(..., torch_dtype=...)`, `pipeline(..., torch_dtype=...)`) follows the\nproject\'s precision policy (`--precision auto`, the default): float32 when the model\'s weights fit the target in\nfloat32, float16 when they do not, with the numbers in the message ("Qwen/Qwen2.5-7B-Instruct (7B parameters,\nfrom its name) needs ~31 GiB in float32, more than the 15 GiB of the Tesla T4, so float16 (~16 GiB)"). The\nsize comes from a `config.json` in the repo (`from_pretrained("./checkpoints/base")`), else from the model id\n(`7B`, `350m`) or a table of well-known models (`gpt2`, `Mixtral-8x7B`); the id may be a literal or a name\nassigned one string literal in the file. With `device_map="auto"` the memory of all the target\'s GPUs counts.\nKwargs collected for a load count as the load: `torch_dtype` in a dict or a `dict(...)` call\n(`model_kwargs = dict(torch_dtype=torch.bfloat16)` then `from_pretrained("gpt2", **model_kwargs)`, TRL\'s\n`model_init_kwargs`), with the model named beside it (`pretrained_model_name_or_path`) or by the loads that take\nthe kwargs; so does a dtype variable used only by loads (`load_dtype = torch.bfloat16 if\ntorch.cuda.is_available() else torch.float32`, then `from_pretrained(..., dtype=load_dtype)`). The size may also\ncome through the file: a constant, a notebook cell, an argparse default\n(`--model_name_or_path` with `default="gpt2"`), a dataclass field default or an `os.environ.get` default. Diffusion\npipelines (Stable Diffusion 1.x/2.x/XL, FLUX.1) are sized whole: UNet or transformer, text encoders and VAE.\nMemory is estimated as weights x 1.2 (CUDA context, activations, allocator slack). `--precision fp32` or\n`--precision fp16` forces every rewrite to that dtype.\n\nTwo loads get a hint instead of an edit, because no dtype is certain there:\n- The model\'s size is unknown (`from_pretrained(path, ...)` with `path` from the command line): float32 would not\n  fit a large model, float16 would lose range on a small one. The hint gives both and the break-even size ("float32\n  fits the 15 GiB of the Tesla T4 up to ~3.36B parameters, float16 up to ~6.71B").\n- A full fine-tune (no peft, no 4/8-bit weights: a file with a TrainingArguments-like call, a TRL or\n  alignment-handbook recipe, a training command with `--output_dir`/`--bf16`/`--do_train`) whose float32 weights do\n  not fit: full fine-tuning needs float32 trainable weights. Under fp16 mixed precision (`fp16=True`, which\n  `trainer-bf16` makes of `bf16=True`) float16 ones stop with `ValueError: Attempting to unscale FP16 gradients.`\n  (huggingface/transformers#30100); without it (`bf16: false` on a P100) they train in pure float16, which loses\n  most updates. The hint names LoRA/QLoRA, an 8-bit optimizer or a smaller model. When the float32 weights fit, they are what the load gets; adapters on frozen weights take float16.\n\n**Models that overflow float16.** A model load never picks float16 for a family trained in bf16 that overflows it\n(T5, Gemma-2/3/4, gpt-oss, Qwen3-MoE/Qwen3.5, GLM-4; told from the id, or from the `model_type` of a config.json\nin the repo): float32 where it fits, else a hint to load it in 4-bit or pick a smaller model. Sources:\ntransformers#9295 (T5), transformers#36822 (Gemma), vLLM\'s `_FLOAT16_NOT_SUPPORTED_MODELS`, Unsloth\'s\n`FORCE_FLOAT32`.\n\n## When it stays silent\n- Guarded code: under an `if`, `elif`, `while`, conditional expression or `and`/`or` that checks the hardware\n  (`torch.cuda.is_bf16_supported()`, `torch.cuda.get_device_capability()`, `.major >= 8`, Unsloth\'s\n  `is_bfloat16_supported()`, or a variable assigned from such a check), and code after an early `return` on such\n  a check. An `assert` or a `raise` on the check guards nothing: it stops the run on this GPU, so the code after\n  it is rewritten and `capability-assert` reports the stop.\n- Branches taken on the user\'s precision choice: under a condition that compares a setting with `"bf16"`,\n  `"bfloat16"`, `"bf16-mixed"`, `"bf16-true"` (`elif accelerator.mixed_precision == "bf16": weight_dtype =\n  torch.bfloat16`, the pattern of every diffusers training script; `torch.bfloat16 if args.dtype == "bf16" else\n  torch.float32`, and membership in a list of bf16\'s spellings kept in the file: `elif precision in\n  DtypeRegistry.BFLOAT_LIST:` with `BFLOAT_LIST = ["bf16", "bfloat16", torch.bfloat16]` on a class, or a module\n  constant; such a list is itself left alone). The choice is made elsewhere, and rewritten there: `--mixed_precision bf16` in a launch script,\n  `mixed_precision: bf16` in an accelerate config (`accelerate-bf16`, `launcher` flags). An early exit on the choice\n  (`if args.mixed_precision == "bf16" and on_mps: raise ...`) guards nothing after it. The same holds for tables\n  from the choice to its dtype (`{"fp16": torch.float16, "bf16": torch.bfloat16}[args.dtype]`: "bf16" keeps\n  meaning bf16), for the same table written as code (`if dtype == "float16": return torch.float16` ... `return\ntorch.bfloat16`: the fallthrough after early returns on other precision names is the bf16 choice) and for branches\ntaken when a tensor already is bf16 (`if x.dtype == torch.bfloat16: ...\n  .to(torch.bfloat16)`). On the diffusers repo these and Intel\'s extension (below) leave 177 of 427 findings out.\n  A user\'s precision switch read as a flag is a choice too: `torch.bfloat16 if args.bf16 else torch.float32`,\n  `if training_args.bf16:`, `if fsdp_config.pure_bf16:`, `compute_dtype = torch.float16 if args.fp16 else\n  (torch.bfloat16 if args.bf16 else torch.float32)` (names like `bf16`, `fp16`, `use_bf16`, `pure_bf16`, `use_amp`,\n  `mixed_precision`, read as a value). The flag is set where the run is launched (`--bf16` in a launch script,\n  which `trainer-bf16` rewrites) or in a config, and the branches follow it; rewriting one branch would only make\n  the dtype disagree with the rest of the run. The switch itself is reported once per file, where it is decided:\n  a default in the file that turns it on (`add_argument("--bf16", default=True)`, a dataclass field, a constant)\n  gets a warning at that default; a switch set outside the file (the command line, a config) gets one info note at\n  its first use, naming how many places it picks bf16; a switch that is off by default (`action="store_true"`)\n  says nothing, since a launch that turns it on is rewritten where it is written.\n- Files for another device: a file that imports Habana\'s Gaudi stack (`habana_frameworks`, `optimum.habana`),\n  Ascend\'s `torch_npu` or `torch_xla` (TPUs).\n- Other devices: branches that run only on another device (`if device == "cpu":`, `if args.device in ("cpu",\n  "mps"):`, `if is_ipex_available() and torch.xpu.is_available():`, `torch.npu.is_available()`, the `else` of `if\n  torch.cuda.is_available():` or of `device != "cpu"`), Intel\'s extension (`ipex.optimize(model, dtype=torch.bfloat16)`: bf16 on Intel CPUs and XPUs), and\n  calls that place their result on the CPU (`from_pretrained(..., device_map="cpu", torch_dtype=torch.bfloat16)` in a\n  conversion script, `torch.zeros(..., dtype=torch.bfloat16, device="cpu")`).\n- Named precision policies and optimizer state dtypes: FSDP\'s `bfSixteen = MixedPrecision(param_dtype=torch.bfloat16,\n  ...)` and FSDP2\'s `MixedPrecisionPolicy(...)` (defined beside `fpSixteen` and chosen elsewhere, where the choice is\n  what changes), `momentum_dtype=` / `variance_dtype=` of an optimizer such as AnyPrecisionAdamW (bf16 stores state\n  correctly on any GPU).\n- Tests of a dtype: `x.dtype == torch.bfloat16`, `dtype in (torch.float16, torch.bfloat16)`, dict keys,\n  `torch.finfo(torch.bfloat16)`, `torch.bfloat16.itemsize`.\n- Other libraries\' bfloat16 (`np.bfloat16`, `jnp.bfloat16`, `tf.bfloat16`, `ml_dtypes`), and `dtype="bfloat16"`\n  in a file that imports JAX or TensorFlow.\n- Strings that are not a dtype argument: docstrings, comments, log messages, help texts, `choices=[...]`.\n- `torch_dtype="auto"` and anything else that lets the library decide.\n- Tests and checkpoint conversion, merge and export utilities (`tests/`, `test_*.py`, `convert*.py`, `merge_*.py`,\n  ...: the `hint-only` setting in the README): reported as info with what the rewrite would have been, never fixed.\n- Targets with bf16 (A100, A10G, L4, H100, ...).\n\n## Hints instead of fixes\nA `"dtype": "bfloat16"` entry of a dict the file does not pass to a model load (vLLM engine kwargs, a config read\nelsewhere) gets a hint: what reads it decides the right value ("half" for vLLM, float16 or float32 for a load).\n\nA bfloat16 inside a list, tuple or set that is not compared (`SUPPORTED = [torch.float16, torch.bfloat16]`), and\nan imported alias that is also used in guarded or comparison code, get a hint: the rewrite would be a guess.\n\nKernel code gets hints only: a file that imports Triton, or that handles FP8/FP4 tensors (`torch.float8_e4m3fn`,\n`float8_e5m2`, `float4_e2m1fn_x2`: quantization and dequantization code written for Ada, Hopper or Blackwell).\nIts dtypes feed kernels that expect what they were written for (a Marlin, FP8 or Triton GEMM takes fp16 or bf16,\nnever fp32), so float32 there can break the kernel instead of fixing the run. The hint says what the rewrite would\nhave been. On the axolotl repo this turns 170 of 505 rewrites (its kernel libraries and their tests) into hints.\nThe same holds for files that pack weights for PyTorch\'s int4 kernels (`_convert_weight_to_int4pack`,\n`_weight_int4pack_mm`: gpt-fast and torchao style weight-only quantization, which takes bf16 weights and scales), and\nfor functions that call flash-attn\'s kernels (`flash_attn_func`, `flash_attn_varlen_func`, ...), which take fp16 or\nbf16 only: the hint says to use the non-flash path (PyTorch SDPA) on this GPU.\n\nTwo more kinds of code get hints only:\n- Casts inside a method of a class (`return out.to(torch.bfloat16)` in a module\'s `forward`, `image.bfloat16()` in a\n  pipeline step): they assume the model runs in bf16, and float32 there would disagree with a model loaded in\n  float16. The hint says to follow the module\'s dtype (`x.to(self.dtype)`).\n- Files that save a model without training or running it (`save_pretrained`, `push_to_hub`, safetensors\'\n  `save_file`, and no `backward`, `Trainer`, optimizer, `generate` or `pipeline`): TRL\'s tiny-model generators and\n  conversion scripts not named `convert*.py`. Their dtype is the one the checkpoint is saved in.\n\n## In config files\nThe user\'s own training configs name the model dtype too, and get the same fit-aware choice, with the model from\nthe config\'s top-level `model_name_or_path`:\n\n| config | key | becomes |\n| --- | --- | --- |\n| TrainingArguments / TRL / alignment-handbook recipes | `torch_dtype: bfloat16`, `dtype: bfloat16` (TRL\'s `ModelConfig`), at any depth (`model_init_kwargs`) | `float32`, or `float16` when the model does not fit in float32 |\n| LLaMA-Factory | `infer_dtype: bfloat16` | the same |\n\nTraining processes each hold a whole copy of the model, so the fit is judged against one GPU. The value keeps\nits quotes (`\'bfloat16\'` becomes `\'float32\'`).\n\nNever edited: a model\'s `config.json` (its `torch_dtype` records how the checkpoint was saved; it is a downloaded\nsnapshot, and the dtype a load uses is decided by the code that loads it, which the Python check reads). Not\nread: Axolotl\'s `torch_dtype`, which Axolotl overwrites from its `bf16`/`fp16`/`bfloat16`/`float16` switches\n(`resolve_dtype` in axolotl\'s utils/config; `trainer-bf16` rewrites those).\n\nA training config that gets float16 weights trains adapters (LoRA, QLoRA: `use_peft: true`) fine. A full\nfine-tune whose float32 weights do not fit gets the hint above instead (float16 weights stop fp16 mixed precision\nwith `ValueError: Attempting to unscale FP16 gradients.`, huggingface/transformers#30100).\n\n### torchtune recipe configs\nA torchtune config (`tune run RECIPE --config FILE`: a `checkpointer` mapping beside a `model` or `tokenizer`\nmapping, each with its `_component_`) sets the dtype of the whole run with its top-level `dtype`. Its recipes read\nit through `torchtune.training.get_dtype`, which raises `RuntimeError: bf16 precision was requested but not\navailable on this hardware. Please use fp32 precision instead.` when `verify_bf16_support()` (which asks\n`torch.cuda.is_bf16_supported()` and NCCL >= 2.10) is false; the training recipes refuse fp16 (`ValueError: fp16\nprecision is not supported in this recipe. Please use fp32 or bf16.` in `lora_finetune_single_device.py`, "full fp16\ntraining is not supported with this recipe" in the distributed ones; their docstrings: "Full fp32 and bf16 training\nare supported ... Mixed precision training and fp16 precision are currently not supported"; pytorch/torchtune at\nbd2a0fc, `torchtune/training/precision.py`, `recipes/*.py`). So `dtype: bf16` becomes `dtype: fp32`, the one\nchoice, when the float32 run fits one GPU by a lower bound:\n\n| the `model._component_` builder | bytes a parameter counted |\n| --- | --- |\n| `lora_*` | 4 (frozen float32 weights) |\n| `qlora_*` | 0.5 (the NF4 base) |\n| any other (full fine-tune) | 16 (float32 weights, gradients, the optimizer\'s two moments); 10 with an 8-bit optimizer (`bitsandbytes.optim.PagedAdamW8bit`), 4 less with `optimizer_in_bwd: True` (no gradients kept) |\n| a config with no `optimizer` (generation, evaluation) | 4 |\n\nThe size comes from the builder\'s name (`lora_llama3_2_1b`: 1B; torchtune writes `qwen2_5_0_5b` for 0.5B and\n`llama3_1_8b` for Llama 3.1 8B, and the tool reads them so), else from `checkpointer.checkpoint_dir`\n(`/tmp/Llama-3.2-1B-Instruct/`). When the bound is over the GPU\'s memory (`llama3_1_8b` full: ~119 GiB), or the size\nis unknown (`phi3_mini`, `${MODEL_DIR}`), the finding is a hint naming fp32, a QLoRA builder or a smaller model.\nOnly the top-level `dtype` is read; `dtype:` inside a component\'s arguments is that component\'s own business.\n\n## In shell scripts\n`--torch_dtype bfloat16` (also `--torch_dtype=bfloat16`, `--torch-dtype`, quoted) in the arguments of a Python\nscript (transformers\' example scripts, TRL\'s `ModelConfig`) gets the same fit-aware choice as a training config,\nwith the model read from the same command\'s `--model_name_or_path` when it is written out (not `$MODEL`):\n`float32` when the model fits one GPU in float32, `float16` when it does not, a hint when its size is unknown or\nthe command fully fine-tunes (`--bf16` without `--use_peft`/`--load_in_4bit`) a model whose float32 weights do not\nfit. The value keeps its quotes. Which commands count is described in `trainer-bf16`\'s "In shell\nscripts". Not read: `--dtype`, which names different things in different programs (vLLM\'s is `vllm-bf16`\'s);\n`--torch_dtype auto`, values from variables, comments and `echo` texts.\n\n`--prior_generation_precision bf16` (diffusers\' DreamBooth scripts, whose choices are `no`, `fp32`, `fp16`, `bf16`:\nthe precision of the pipeline that generates the class images for prior preservation) gets the same choice,\nspelled `fp32` or `fp16`, with the model from `--pretrained_model_name_or_path`. The scripts pick the dtype with\n`elif args.prior_generation_precision == "bf16":`, a branch this rule leaves alone in Python: the flag is where the\nchoice is made.\n\n## Fix safety\nfloat32 is supported by every kernel on every GPU, and it holds every bf16 value exactly, so the program\ncomputes the same thing with more precision. The cost is memory: float32 weights take twice the bytes of bf16,\nwhich is why model loads that would not fit get float16. float16 has a narrower range than bf16 (max 65504):\ninference is almost always fine; training in float16 needs loss scaling, which the mixed-precision rules add.\n\n## Hardware fact\nbf16 needs compute capability 8.0 (NVIDIA CUDA C Programming Guide, "Compute Capabilities"; PyTorch\'s\n`torch.cuda.is_bf16_supported()` checks `major >= 8` for native support). See `docs/gpu-facts.md`.\n',
  "bf16-emulation-check": "# bf16-emulation-check\n\n**torch.cuda.is_bf16_supported() counts emulated bf16 as support** \xB7 precision \xB7 info (warning where its answer picks the precision) \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\nCode that already asks `torch.cuda.is_bf16_supported()` before choosing bfloat16 looks hardware-aware, and\ngpu-compat leaves the code it guards alone. But in current PyTorch the function takes\n`including_emulation: bool = True`: when the GPU has no native bf16 it still answers True if a bf16 tensor can be\ncreated on it, which software emulation allows on a T4 or V100. The guarded bf16 branch then runs, with bf16\nmatmuls emulated through float32 and no bf16 convolution engines in cuDNN before compute capability 8.0\n(pytorch/pytorch#148322 describes the emulation; huggingface/diffusers#14129 switched a check to\n`including_emulation=False` after bf16 convolutions failed on such GPUs; MakazhanAlpamys/Soup#387 shows a Colab T4\nanswering True).\n\n## What it rewrites\nWhere the check's answer picks the precision, it is a bf16 choice made by a check that counts emulation, so on a\nT4 or V100 it picks emulated bf16: 10-50x slower than fp16 on the tensor cores (a Kaggle log shows 117-125 s/step\nagainst 2-8 s/step expected), and with `torch.compile` ptxas stops with \"Feature '.bf16' requires .target sm_80 or\nhigher\" (pytorch/pytorch#118122). The check is rewritten to ask for native bf16, so the code's own other branch\n(fp16 or fp32) runs on the target, and the finding is a warning:\n\n| the check | becomes |\n| --- | --- |\n| `torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16` | `... is_bf16_supported(including_emulation=False) ...` |\n| `if torch.cuda.is_bf16_supported():` with bf16 in a branch | the same |\n| `TrainingArguments(bf16=torch.cuda.is_bf16_supported(), fp16=not torch.cuda.is_bf16_supported())` | both calls (a keyword named for a precision: `bf16`, `fp16`, `dtype`, `precision`, `half`, `amp`) |\n| `use_bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()` | the same (an assignment to such a name) |\n| `def use_bf16(): return torch.cuda.is_bf16_supported()` | the same (a function named for a precision) |\n\n`including_emulation=False` reduces the check to \"CUDA 11+ and compute capability 8.0 or newer\" (PyTorch's\n`torch/cuda/__init__.py`); it is the change huggingface/diffusers#14129 made after bf16 convolutions failed on\nsuch GPUs. The keyword exists since PyTorch 2.3, the release that started counting emulation: before it the check\nanswered False on these GPUs (pytorch/pytorch#124996 shows 2.2.2 answering False on a V100). So when the\nproject's dependency files (requirements*.txt, pyproject.toml, setup.py, setup.cfg, environment.yml at the root)\npin torch below 2.3 (`torch==2.1.2`, `torch<2.3`), the check is a real hardware guard there and nothing is\nreported.\n\nElsewhere (a check whose answer is printed, or assigned to a name that says nothing about precision) it is\nreported as info, with the hint to pass `including_emulation=False`.\n\n## When it stays silent\n- Calls that already pass `including_emulation=` (either value).\n- Projects that pin torch below 2.3 (above).\n- Other functions named `is_bf16_supported` (`torch.xpu.is_bf16_supported`, a local helper), Unsloth's\n  `is_bfloat16_supported()` (it checks the compute capability), comments and strings.\n- Targets with bf16.\n\n## Fix safety\nThe keyword only changes the answer where bf16 would be emulated: on an Ampere or newer GPU both spellings answer\nTrue, so the rewritten code runs as before there. On the target, the code's own non-bf16 branch runs, which its\nauthor wrote for GPUs without bf16. The other rules then see a real hardware guard and leave the guarded code\nalone. A project on PyTorch older than 2.3 without a pin in its dependency files would stop with \"unexpected\nkeyword argument 'including_emulation'\"; pin torch there, or drop the keyword.\n\n## Hardware fact\nNative bf16 needs compute capability 8.0 (CUDA C Programming Guide, \"Compute Capabilities\"); PyTorch's\n`torch/cuda/__init__.py` checks `major >= 8` only when `including_emulation=False`.\n",
  "bnb-bf16-compute": '# bnb-bf16-compute\n\n**bfloat16 compute or storage dtype in BitsAndBytesConfig on a GPU without bf16** \xB7 precision \xB7 warning (storage: info) \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\n`BitsAndBytesConfig(bnb_4bit_compute_dtype=torch.bfloat16)` is the QLoRA recipe written for Ampere: every 4-bit\nlayer dequantizes its weights to the compute dtype and multiplies in it. Nothing raises on a T4, which is why\nthis goes unnoticed: the bf16 matmuls run emulated and slow. bitsandbytes\' own kernel dispatch says why float16\nis the dtype for these GPUs (`bitsandbytes/backends/cuda/ops.py`, `_gemm_4bit_use_custom_cuda`):\n\n```\n# fp32 has no MMA kernel; pre-sm75 has no MMA kernel; sm75 has fp16 MMA only.\n```\n\nand its FSDP-QLoRA guide recommends bfloat16 compute only "if available on your hardware"\n(bitsandbytes docs, `fsdp_qlora.md`). float16 compute is what QLoRA on a T4 uses: Unsloth resolves its dtype to\nfloat16 on GPUs without bf16 and passes that dtype on as the bitsandbytes compute dtype (`unsloth/models/vision.py`,\n`bnb_compute_dtype = dtype`).\n\nfloat32 is not the answer on a T4 either: with float16 inputs, bitsandbytes warns\n\n```\nInput type into Linear4bit is torch.float16, but bnb_4bit_compute_dtype=torch.float32 (default). This will lead to slow inference or training speed.\n```\n\n(`bitsandbytes/nn/modules.py`; older releases spelled it `bnb_4bit_compute_type`, fixed in\nbitsandbytes-foundation/bitsandbytes#832; seen in practice in h2oai/h2ogpt#682, where float16 compute took 4-bit\ngeneration from 5 to 16 tokens/s). That is why `bf16-dtype`, which turns bfloat16 into float32, leaves this call to this rule.\n\n## What it rewrites\nKeyword arguments of `BitsAndBytesConfig(...)` (transformers\' or diffusers\', also through\n`from transformers import BitsAndBytesConfig as BNB` or `transformers.BitsAndBytesConfig`), with `torch.bfloat16`\nin any spelling (`T.bfloat16`, `from torch import bfloat16 as bf`) or the string `"bfloat16"`:\n\n| before | T4, V100 (fp16 tensor cores) | P100 | K80 |\n| --- | --- | --- | --- |\n| `bnb_4bit_compute_dtype=torch.bfloat16` | `torch.float16` | `torch.float32` | hint |\n| `bnb_4bit_compute_dtype="bfloat16"` | `"float16"` | `"float32"` | hint |\n| `bnb_4bit_quant_storage=torch.bfloat16` | hint | hint | hint |\n\nThe compute dtype follows the project\'s precision policy for mixed precision (`docs/gpu-facts.md`):\nfloat16 where fp16 tensor cores exist, float32 on the P100, which has none (fp16 was measured slower there).\n`--precision fp32` gives float32 and `--precision fp16` float16 on every target. An alias such as `bf` becomes\n`torch.float16` (the import stays); each branch of `a if flag else b` is rewritten on its own.\n\n**Models that overflow float16.** Models trained in bf16 whose activations overflow float16 (inf/NaN losses)\ntrain in float32 instead of fp16 on every target: T5/Flan-T5/mT5/ByT5 (transformers#5651, #9295), Gemma-2/3/4\n(transformers#36822, #39972; unsloth#5055), gpt-oss, Qwen3-MoE/Qwen3.5 and GLM-4 (the lists vLLM\'s\n`_FLOAT16_NOT_SUPPORTED_MODELS` and Unsloth\'s `FORCE_FLOAT32` keep). The family is told from the model ids the file\nnames (a `from_pretrained` literal, `base_model:`, `--model_name_or_path`); one such id is enough, since float32\nis right for every model. Where no id tells the family, the fp16 rewrite says the risk in one clause: if the loss\nturns inf/NaN, the model overflows float16, and float32 is the way out.\n\n## When it stays silent\n- Guarded code: `torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16`, a config built under\n  `if major >= 8:`, Unsloth\'s `is_bfloat16_supported()` and variables assigned from such checks.\n- Other dtypes (`torch.float16`, `torch.uint8`), computed values (`bnb_4bit_compute_dtype=compute_dtype`), and\n  other settings: `load_in_8bit`, `llm_int8_*`, `bnb_4bit_quant_type`.\n- The keywords in other calls or dicts (`dict(bnb_4bit_compute_dtype=...)`, a `quantization_config` dict): a dict\n  value is `bf16-dtype`\'s, which makes it float32 (correct, if slower).\n- Comments, docstrings, log messages, argparse help texts.\n- Targets with bf16.\n\n## Hints instead of fixes\n- `bnb_4bit_quant_storage=torch.bfloat16` only sets the container dtype the packed 4-bit weights are stored in;\n  no arithmetic runs in it, so bf16 storage works on a T4 as it is. What matters is that it equals the dtype of the\n  model\'s other weights: the bitsandbytes FSDP-QLoRA guide says it "is very **important** the `quant_storage` data\n  type matches the data types used throughout the model because FSDP can only wrap layers and modules that have\n  the *same floating data type*", and "You should set the `torch_dtype` parameter to match\n  `bnb_4bit_quant_storage`". The right value is therefore whatever `torch_dtype` becomes on this GPU, which\n  another rule (`bf16-dtype`, fit-aware) decides, so this rule does not guess: it says to keep the two equal.\n- An alias of `torch.bfloat16` in a file that binds no name to `torch` (`from torch import bfloat16 as bf` only):\n  the hint names the dtype to pass.\n- K80 (compute capability 3.7): bitsandbytes supports "NVIDIA GPUs with Compute Capability 6.0+", NF4/FP4\n  quantization included (bitsandbytes installation docs), so no dtype makes this config run there; the hint says\n  to load the model without 4-bit quantization.\n\n## Fix safety\nfloat16 compute keeps the 4-bit weights and the LoRA adapters as they are; only the dtype the dequantized\nweights and activations meet in changes. float16 has less range than bfloat16: with Trainer `fp16=True` the loss\nscaler handles gradients, but a model whose activations exceed 65504 can overflow. The QLoRA author\nrecommends float32 compute when bf16 is missing, noting "we found float16 to not always be stable"\n(artidoro/qlora#71); `--precision fp32` gives exactly that, at float32 speed. On the P100 the rewrite is float32,\nwhich is exact.\n\n## Hardware fact\nbf16 tensor cores need compute capability 8.0; the T4 (7.5) and V100 (7.0) have fp16 tensor cores, the P100 (6.0)\nhas none (NVIDIA CUDA C Programming Guide, "Compute Capabilities"). bitsandbytes\' 4-bit GEMM uses tensor cores\n(MMA) on sm75 for float16 only (bitsandbytes source above). See `docs/gpu-facts.md`.\n',
  "bnb-int8-matmul": '# bnb-int8-matmul\n\n**bitsandbytes 8-bit loading (LLM.int8()) on a GPU older than Turing** \xB7 precision \xB7 warning (error on K80) \xB7 fix: never\n\nRuns when the target\'s compute capability is below 7.5: V100 (7.0), P100 (6.0), K80 (3.7).\n\n## Why\n`load_in_8bit=True` quantizes the linear layers with bitsandbytes\' LLM.int8(), whose int8 matrix multiplication\nneeds Turing or newer. The bitsandbytes installation guide (v0.48 and v0.50) lists:\n\n| Feature | CC Required |\n| --- | --- |\n| LLM.int8() | 7.5+ |\n| 8-bit optimizers/quantization | 6.0+ |\n| NF4/FP4 quantization | 6.0+ |\n\nand "bitsandbytes is currently supported on NVIDIA GPUs with Compute Capability 6.0+". Older releases stop on a\nV100 or P100 with "Your GPU does not support Int8 Matmul!" (bitsandbytes#97); others warn "Compute capability < 7.5\ndetected! Only slow 8-bit matmul is supported for your GPU!" (huggingface/peft#79 on a V100 32GB) and run slowly.\nOlder guides (v0.43-v0.44) add that "bitsandbytes >= 0.39.1 no longer includes Kepler binaries in pip\ninstallations", so a K80 has no bitsandbytes at all without a build from source.\n\n4-bit NF4 (`BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4")`) runs from compute capability 6.0,\nso on a V100 or P100 it is the quantization that works, with half the weight memory of 8 bits.\n\n## What it rewrites\nNothing: switching 8 bits to 4 changes the model\'s numerics (and the adapters a LoRA run trains on top), which is\nthe author\'s choice. It reports, with a hint:\n\n| where | what | hint on V100 / P100 |\n| --- | --- | --- |\n| Python | `from_pretrained(..., load_in_8bit=True)`, `{"load_in_8bit": True}` kwargs | `quantization_config=BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.float16)` |\n| Python | `BitsAndBytesConfig(load_in_8bit=True, ...)` | `BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", ...)` |\n| Axolotl YAML | `load_in_8bit: true` | `load_in_4bit: true` with `adapter: qlora` |\n| TrainingArguments / TRL `ModelConfig` YAML or JSON | `load_in_8bit: true` | `load_in_4bit: true` (TRL\'s `bnb_4bit_quant_type` defaults to `nf4`) |\n| LLaMA-Factory YAML | `quantization_bit: 8` (bitsandbytes, the default method) | `quantization_bit: 4` (`quantization_type` defaults to `nf4`) |\n| shell | `python ... --load_in_8bit`, `--load_in_8bit True` | `--load_in_4bit` |\n\nThe compute dtype in the hint follows the project\'s precision policy: float16 on the V100 (fp16 tensor cores),\nfloat32 on the P100 (`--precision` overrides it). On a K80 the hint is to load without bitsandbytes (float16 weights\nwhen the model fits, else a smaller model); that finding is an error.\n\n## When it stays silent\n- `load_in_8bit=False`, computed values (`load_in_8bit=args.load_in_8bit`), argparse definitions and help texts,\n  comments and strings.\n- Code under a capability check (`if torch.cuda.get_device_capability() >= (7, 5):`).\n- LLaMA-Factory `quantization_bit: 8` with `quantization_method: hqq` or `eetq` (their own kernels); 4-bit configs.\n- Shell flags that are false, computed (`--load_in_8bit "$EIGHT"`), or in `echo`; commands under a hardware check.\n- T4 (7.5) and newer.\n\n## Fix safety\nNo edit is made. NF4 keeps the weights in 4 bits and computes in the compute dtype; QLoRA (Dettmers et al., 2023)\nreports it matching 16-bit LoRA fine-tuning quality, but outputs are not bit-identical to an 8-bit run, and LoRA\nadapters trained on an 8-bit base should be re-checked on a 4-bit one.\n\n## Hardware fact\nLLM.int8() needs compute capability 7.5; bitsandbytes\' NF4/FP4 and 8-bit optimizers need 6.0; no Kepler binaries\nsince 0.39.1 (bitsandbytes installation docs, v0.43 to v0.50). See `docs/gpu-facts.md`, "bitsandbytes".\n',
  "capability-assert": '# capability-assert\n\n**An assert or raise on the GPU\'s compute capability that fails on the target** \xB7 platform \xB7 error \xB7 fix: never\n\nRuns when an assert or raise in the code requires a compute capability the target does not have.\n\n## Why\nCode written on an A100 often stops early where bf16 or FlashAttention is missing:\n\n```python\nassert torch.cuda.get_device_capability()[0] >= 8, "needs an Ampere GPU"\nif not torch.cuda.is_bf16_supported():\n    raise RuntimeError("bf16 is required")\n```\n\nSuch a check does not guard the code after it the way an `if` branch or an early `return` does: it ends the run on\nthe target. On a T4 (7.5) or V100 (7.0) the first line raises `AssertionError` before anything trains. So\ngpu-compat treats the code after it as unguarded, rewrites its bf16 and FlashAttention uses for the target, and\nreports the check itself as an error: it is the one line that still stops the run.\n\nWith PyTorch 2.3 or newer `torch.cuda.is_bf16_supported()` counts emulated bf16 (its `including_emulation`\ndefaults to True), so an assert on it passes on a T4 and the bf16 code after it runs emulated and slow; with older\nPyTorch it fails. Either way the code after it needs the rewrite.\n\n## What it rewrites\nNothing. It reports the `assert` or the `if ...: raise` as an error, with the capability the condition asks for\nand the target\'s ("requires compute capability 8.0 or newer (the target has 7.5)"). The hint says to drop the check\nor turn it into a branch that picks float16 or float32 below compute capability 8.0.\n\nIt evaluates the condition on the target\'s compute capability: `get_device_capability()[0] >= 8`, `major >= 8`\n(a name unpacked from `get_device_capability()`), `props.major >= 8`, `cc >= 80`, `capability >= (8, 0)`,\n`>= 8.0`, through `not`, `and` and `or`. A whole number below 10 is read as the major version, 10 or more as\nmajor x 10 + minor. The native-bf16 checks (`is_bf16_supported()`, `is_torch_bf16_gpu_available()`, Unsloth\'s\n`is_bfloat16_supported()`) count as failing on targets without bf16.\n\n## When it stays silent\n- Checks the target passes: `assert get_device_capability()[0] >= 7` on a T4, everything on an A100 or H100.\n- `if not check: return`, `if`/`else` branches and conditional expressions: they pick what runs, and gpu-compat\n  leaves the code they guard alone (see `bf16-dtype`).\n- Conditions it cannot evaluate: `assert major >= args.min_major`, version checks (`torch.__version__`), checks\n  that are not about the GPU (`assert torch.cuda.is_available()`).\n- Comments and strings.\n\n## Fix safety\nNo fix: whether the check can go, or should become a branch with a fallback, is the author\'s call. Removing it\nalone can leave code that still needs bf16 or FlashAttention; the other rules report and rewrite that code.\n\n## Hardware fact\nbf16 tensor cores and FlashAttention-2 need compute capability 8.0 (Ampere); a T4 is 7.5, a V100 7.0, a P100 6.0\n(NVIDIA CUDA C Programming Guide, "Compute Capabilities"). PyTorch\'s `torch.cuda.is_bf16_supported(including_emulation=True)`\nanswers True on GPUs that can only emulate bf16 (pytorch/pytorch#148322). See `docs/gpu-facts.md`.\n',
  "cuda-shared-memory": "# cuda-shared-memory\n\n**CUDA kernels that ask for more shared memory per block than the GPU gives** \xB7 memory \xB7 warning \xB7 fix: never\n\nRuns on every target and decides from the target's shared memory per block with the opt-in attribute: 48 KiB\n(49152 B) on a K80 or P100, 64 KiB (65536 B) on a T4, 96 KiB (98304 B) on a V100, 163 KiB (166912 B) on an A100.\nIt reads `.cu` and `.cuh` files, and the CUDA sources a Python file passes to\n`torch.utils.cpp_extension.load_inline`.\n\n## Why\nA block may use more than 48 KiB of shared memory only as dynamic shared memory (`extern __shared__`), after the\nkernel opts in with `cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes)`. The CUDA\nRuntime API documents that \"the sum of this value and the function attribute sharedSizeBytes\" (the kernel's static\n`__shared__` arrays) \"cannot exceed the device attribute cudaDevAttrMaxSharedMemoryPerBlockOptin\", and that an\nincorrect value returns `cudaErrorInvalidValue`, whose text is \"invalid argument\". Kernels tuned on an A100\n(163 KiB) or an H100 (227 KiB) often ask for more than a T4 or P100 has, and then fail at run time:\n\n```\nRuntimeError: CUDA error: invalid argument\n```\n\n(Vahe1994/AQLM#25 on an RTX 2080 Ti, compute capability 7.5 like the T4 and with the same 64 KiB: the first failing\ncall was `cudaFuncSetAttribute(Code2x8MatVec, cudaFuncAttributeMaxDynamicSharedMemorySize, shared)` with\n`shared = 16 * (2 * 256 * 8 + 32 * 9)`, 70144 B. pytorch/pytorch#162328: \"When the requested shared memory is more\nthan what is supported, `CUDA Invalid arguments` will be thrown\"; pytorch/ao#942 traces wrong results of an FP6\nkernel on a T4 to shared memory sized for an A100.) A launch `kernel<<<grid, block, bytes>>>` whose dynamic bytes\nplus the kernel's static arrays exceed what the kernel may use fails the same way:\n`CUDA_ERROR_INVALID_VALUE: invalid argument` for a 98304 B launch without the opt-in (cupy/cupy#2118), and for\nexactly 48 KiB of dynamic memory once the kernel has any static shared memory (NVIDIA/numba-cuda-mlir#143).\n\n### The estimate\n`dynamic bytes + static bytes of the kernel`, compared with the target's limit (equal fits):\n\n- The dynamic bytes are the size argument of the opt-in call or the third launch argument, when the source computes\n  it from integer literals (`98304`, `0x18000`, `96u`), `sizeof` of built-in types (`float` 4, `half`/`__half`/\n  `__nv_bfloat16` 2, `float4` 16, `size_t` 8, ...), casts to integer types, C operators, and named constants of the\n  same source: object-like `#define NAME expr`, `const`/`constexpr` declarations with an initializer\n  (`constexpr int BM = 128;`, `const size_t smem = STAGES * (BM * BK + BK * BN) * sizeof(half);`), and variables\n  declared with a value that nothing else in the source assigns, increments or takes the address of\n  (`int shared = 16 * (2 * 256 * 8 + 32 * 9);`, the pattern of Vahe1994/AQLM#25; a function that takes it by\n  non-const reference and changes it is not seen).\n- The static bytes are the kernel's `__shared__` variables with a built-in element type and constant dimensions\n  (`__shared__ float tile[TILE][TILE + 1], row[TILE];`), when the call or launch names a `__global__` function defined\n  in the same source. Variables of other types (`T`, `typename BlockReduce::TempStorage`) or with computed\n  dimensions count 0, and the message says \"at least\". A kernel defined elsewhere counts 0. The estimate errs low.\n\nMessages give the bytes, the expression (`SMEM_BYTES` = `STAGES * (BM * BK + BK * BN) * sizeof(half)`) and the\nconstants at its leaves (`STAGES` = 3, `BM` = 128, ...), the static bytes, the total and the target's limit.\n\n## What it rewrites\nNothing: every finding is a hint. Which tile size or pipeline depth to give up is a choice about the kernel's\nspeed and its assumptions (warp layout, unrolling), not a mechanical change.\n\n| finding | on the target | hint |\n| --- | --- | --- |\n| `cudaFuncSetAttribute(k, cudaFuncAttributeMaxDynamicSharedMemorySize, N)` (also `cuFuncSetAttribute(f, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, N)`) with N plus `k`'s static shared memory above the limit | every target whose limit it exceeds (an A100 only above 163 KiB) | lower the constants N is computed from, with a concrete value that fits when the kernel's static memory is known, or size it at run time from `cudaDevAttrMaxSharedMemoryPerBlockOptin` |\n| `k<<<grid, block, N>>>` (also `k<T, 64><<<...>>>`) with N plus `k`'s static shared memory above the limit | the same | the same |\n\nExample on a T4: `constexpr size_t SMEM_BYTES = STAGES * (BM * BK + BK * BN) * sizeof(half);` with `STAGES` = 3,\n`BM` = `BN` = 128 and `BK` = 64 is 98304 B, over 65536 B; the hint names the four constants and gives\n\"`STAGES` = 2 needs 65536 B\". The concrete value halves a power-of-two constant of at least 8 (a tile size) or\nlowers one of at most 16 by one (a stage count), one constant at a time, and keeps the one that changes least; other\nconstants get no suggested value. A size written out in full (`int smem_bytes = sizeof(int4) * (2 * 256 * 8 + 32 * 9);`)\ngets the plain hint to make the kernel fit. On an A100 these files get nothing.\n\nWhen the opt-in call of a kernel is reported, its launches in the same source are not reported again: they fail for\nthe same reason.\n\n## In Python: `load_inline`\n`torch.utils.cpp_extension.load_inline(name, cpp_sources, cuda_sources=...)` (also the third positional argument,\nand through `import torch.utils.cpp_extension as ext`) compiles CUDA text written in the Python file. The rule reads\n`cuda_sources` when it is a string literal (raw or not, implicitly concatenated or not), a list or tuple of them, or\na name the module assigns one string literal exactly once; list items are joined with newlines, as PyTorch does\n(`load_inline` in `torch/utils/cpp_extension.py` writes `'\\n'.join(cuda_sources)` to `cuda.cu`).\nFindings point at the call or launch inside the string, on its line in the Python file; escapes (`\\n`, `\\\"`, line\ncontinuations) are decoded and do not shift positions.\n\n## When it stays silent\n- Sizes it cannot compute: variables assigned, incremented or passed by address anywhere (`smem += pad;`,\n  `cudaDeviceGetAttribute(&smem, ...)`), declared in a `for (...)` or with different values, function parameters,\n  template parameters (`template <int BLOCK_M>`), `sizeof(T)`, `sizeof(long)` (4 or 8 bytes depending on the\n  platform), calls, member or qualified names (`Traits::kSmemSize`, `cfg.smem`), floats, function-like macros,\n  constants defined twice with different values or `#undef`-ined.\n- Constants defined inside `#if`/`#ifdef`/`#ifndef` blocks (`#ifndef STAGES` / `#define STAGES 4`): another branch or\n  a `-D` flag may give them other values. Calls and launches inside such blocks (`#if __CUDA_ARCH__ >= 900`) too.\n  Include guards (`#ifndef X_H` / `#define X_H`) are not conditions.\n- A source that asks the device what it may use anywhere: `cudaDevAttrMaxSharedMemoryPerBlockOptin`,\n  `sharedMemPerBlockOptin`, `sharedMemPerMultiprocessor`, `cudaOccupancyAvailableDynamicSMemPerBlock`, the driver\n  API's `CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN`, or the compute capability (`prop.major`,\n  `cudaDevAttrComputeCapabilityMajor`). It is taken to size its requests from the answer.\n- A `load_inline` call under a hardware check in Python (`if torch.cuda.get_device_capability()[0] >= 8:`), CUDA in\n  f-strings or built at run time (`open(...).read()`, `.format(...)`), and other libraries' `load_inline`.\n- Comments and string literals in the CUDA source.\n- Static `__shared__` arrays alone: the compiler caps them at 48 KiB on every GPU (\"ptxas error : Entry function\n  '...' uses too much shared data (0xc400 bytes, 0xc000 max)\", ggml-org/llama.cpp#16081), and every target gives at\n  least 48 KiB, so they never fail on one target but not on another. `__shared__` variables at namespace scope and\n  in `__device__` functions are not counted.\n- Other launch paths: `cudaLaunchKernel`, `cudaLaunchKernelEx` with `dynamicSmemBytes`, CUTLASS/CuTe launchers,\n  kernels and their launches split across files (the opt-in call in one file, the kernel in another counts the\n  kernel's static memory as 0).\n\nSuppress a finding with `// gpu-compat: ignore[cuda-shared-memory]` at the end of its line, or for the whole file\nwith `// gpu-compat: ignore-file[cuda-shared-memory]` among the comment lines that open it. In a `load_inline`\nstring, the same comment goes on the line of the call or launch inside the string.\n\n## Fix safety\nNo fix is made. A smaller tile or fewer stages changes the kernel's indexing assumptions and speed, and the opt-in\nsize is often tied to a launch configuration elsewhere; the hint says which constants to change and by how much.\n\n## Hardware fact\nMaximum shared memory per block with the opt-in attribute: 48 KB on Kepler and Pascal, 96 KB on Volta, 64 KB on\nTuring, 163 KB on the A100, 99 KB on compute capability 8.6/8.9, 227 KB on the H100 (CUDA C Programming Guide,\n\"Compute Capabilities\"; `docs/gpu-facts.md`). Static shared memory is limited to 48 KB per block on every GPU; more needs\ndynamic shared memory and `cudaFuncAttributeMaxDynamicSharedMemorySize`, and that attribute plus the kernel's static\nshared memory cannot exceed `cudaDevAttrMaxSharedMemoryPerBlockOptin` (CUDA Runtime API, `cudaFuncSetAttribute`).\n",
  "dataloader-workers": "# dataloader-workers\n\n**DataLoader workers beyond the platform's CPUs, or with large batches over a small /dev/shm** \xB7 memory \xB7 warning \xB7 fix: sometimes\n\nRuns when the target names a hosted platform (`kaggle-t4x2`, `kaggle-p100`, `colab-t4`): only there is the CPU\ncount known (and, on Kaggle, that `/dev/shm` is small). Plain GPU targets (`t4`, `t4x2`, `p100`) say nothing about\nthe host.\n\n## Why\nRepos tuned on a workstation or a cloud node often ask for many loader processes:\n`torch.utils.data.DataLoader(..., num_workers=16)`, or `TrainingArguments(dataloader_num_workers=16)` (and its\nsubclasses: `Seq2SeqTrainingArguments`, TRL's `SFTConfig`, `DPOConfig`, ...). Kaggle's GPU notebooks have 4 vCPUs\nand Colab's free tier 2 (`docs/gpu-facts.md`, \"Platforms\"). More workers than CPUs do not load faster:\nthe processes take turns on the same CPUs, each holding its own copy of the dataset object and its prefetched\nbatches. PyTorch itself warns when a DataLoader asks for more workers than the CPUs it may use, and says why:\n\n```\nUserWarning: This DataLoader will create 8 worker processes in total. Our suggested max number of worker in current system is 2, which is smaller than what this DataLoader is going to create. Please be aware that excessive worker creation might get DataLoader running slow or even freeze, lower the worker number to avoid potential slowness/freeze if necessary.\n```\n\n(on Colab: googlecolab/colabtools#3415; on a 4-core machine: AILab-CVC/YOLO-World#413; a run that froze right after\nit: embeddings-benchmark/mteb#1331).\n\nWorkers also hand every batch to the training process through shared memory, `/dev/shm`. Kaggle runs notebooks in a\nDocker container, and Docker gives a container 64 MB of `/dev/shm` unless it is started with `--shm-size`\n(meta-pytorch/torchx#428, aws/sagemaker-python-sdk#937); asking Kaggle for a larger one is\nKaggle/docker-python#377. When the batches in flight outgrow it, loading dies with\n\n```\nRuntimeError: DataLoader worker (pid 11011) is killed by signal: Bus error. It is possible that dataloader's workers are out of shared memory. Please try to raise your shared memory limit.\n```\n\n(pytorch/pytorch#108861, pytorch/pytorch#5040: the pid varies), often after\n\n```\nERROR: Unexpected bus error encountered in worker. This might be caused by insufficient shared memory (shm).\nRuntimeError: unable to write to file </torch_722_783672312_1>: No space left on device (28)\n```\n\n(ultralytics/ultralytics#1238, MIC-DKFZ/nnUNet#2162; older PyTorch prints the second line without the reason,\npangeo-data/pangeo-docker-images#258).\n\n## What it rewrites\n| code | on kaggle-t4x2 / kaggle-p100 (4 CPUs) | on colab-t4 (2 CPUs) |\n| --- | --- | --- |\n| `DataLoader(ds, num_workers=8)` (also `torch.utils.data.DataLoader`, an import alias, or `num_workers` by position) | `num_workers=4` | `num_workers=2` |\n| `TrainingArguments(dataloader_num_workers=8)` and subclasses | `dataloader_num_workers=4` | `dataloader_num_workers=2` |\n\nOnly literal worker counts above the platform's CPU count change; the new value is the CPU count, the largest number\nPyTorch's own check accepts.\n\nIn YAML and JSON configs, the same rewrite for:\n- `dataloader_num_workers: 8` at any depth: the TrainingArguments field (HfArgumentParser configs, LLaMA-Factory,\n  Axolotl, TRL recipes pass it on);\n- `num_workers: 8` of a data mapping: one whose `_target_` or `class_path` names a DataModule, DataLoader or dataset\n  (Hydra's `configs/data/*.yaml`, `_target_: src.data.mnist_datamodule.MNISTDataModule`), one under a key naming data\n  or a loader (`data:`, `datamodule:`, `train_dataloader:`), or one with a `batch_size` beside it.\n\nA `num_workers` anywhere else is not read: Ray's `scaling_config: {num_workers: 8}` counts training processes, and\nother tools use the name for threads or servers. Comments, quotes and layout stay. The /dev/shm hint below reads the\n`batch_size` beside the workers, or the config's top-level `per_device_train_batch_size`,\n`per_device_eval_batch_size` or `micro_batch_size`.\n\n## When it stays silent\n- Targets without a platform (`t4`, `t4x2`, `a100`): the host is unknown.\n- Worker counts at or below the CPU count, and computed ones: `num_workers=os.cpu_count()`, `args.workers`,\n  `min(8, os.cpu_count())`, a module constant `NUM_WORKERS` (the value may be shared with other code; change it by\n  hand).\n- `num_workers=0`: batches load in the main process, without `/dev/shm`.\n- `DataLoader` classes that are not PyTorch's (`from mydata import DataLoader`), `dataloader_num_workers` outside a\n  TrainingArguments-like call (a plain `dict(...)`), comments, strings and log text.\n- In configs: interpolations and other non-literal values (`num_workers: ${oc.env:NUM_WORKERS,8}`), and\n  `num_workers` outside a data mapping (above). Not read at all: `preprocessing_num_workers` (LLaMA-Factory's and\n  transformers' examples pass it to `datasets.map(num_proc=...)`: processes that tokenize once before training, not\n  loader workers) and a bare `workers` key (too generic to tell whose it is).\n\n## Hints instead of fixes\nOn Kaggle, a loader with workers and a literal batch of more than 16 samples (`batch_size=`, by keyword or position,\nor a module constant; for the Trainer the larger of `per_device_train_batch_size` and `per_device_eval_batch_size`)\ngets a hint naming the error above and the ways out: fewer workers, `num_workers=0` to debug, a batch of 16 or less.\nHow much shared memory a batch takes depends on the samples, which the code does not show, so this is never an\nedit. The threshold: each worker keeps `prefetch_factor` (default 2) batches ready, all in `/dev/shm`. A 3 x 224 x\n224 float32 image is 588 KiB; two workers x two batches x 16 images are ~37 MiB, and 32 images ~74 MiB, past Docker's\n64 MB default. The seed fact in `docs/gpu-facts.md` (\"bus errors with batch > 16\") agrees. Token batches of a language\nmodel are far smaller; the hint says \"can\", not \"will\". Colab is not known to have a small `/dev/shm`, so it gets no\nsuch hint; a platform profile that states `shmGiB` gets it too.\n\n## Fix safety\nFewer workers change how fast batches arrive, not which batches: a map-style dataset yields the same samples in the\nsame order whatever the worker count. With 4 CPUs, 4 workers keep them all busy; the 4 more only wait for a turn and\ntake host memory. Two things do depend on the count: per-worker random seeds (`base_seed + worker_id`), so random\naugmentations draw different numbers (not a different distribution), and an `IterableDataset` that ignores\n`get_worker_info()` yields its data once per worker, so fewer workers also mean fewer duplicate samples. With\n`torchrun` on both T4s, each process starts its own workers: 2 x 4 workers on 4 CPUs still oversubscribe; lower it by\nhand to 2 when you launch two processes.\n\n## Hardware fact\nKaggle GPU notebooks: 4 vCPUs, ~29 GiB RAM; Colab free: 2 vCPUs, ~12.7 GiB (`docs/gpu-facts.md`,\n\"Platforms in our seeds\"; `packages/targets/src/platforms.ts`). Docker's default `/dev/shm` is 64 MB; DataLoader\nworkers pass batches through it (PyTorch `torch.multiprocessing` file-descriptor sharing).\n",
  "deepspeed-bf16": '# deepspeed-bf16\n\n**bf16 mixed precision in a DeepSpeed config on a GPU without bf16** \xB7 precision \xB7 error \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\nA DeepSpeed config (`ds_config.json`, passed to `deepspeed.initialize`, `TrainingArguments(deepspeed=...)` or\naccelerate\'s `deepspeed_config_file`) turns on bfloat16 training with\n\n```json\n"bf16": {"enabled": true}\n```\n\n(or the older spelling `"bfloat16": {...}`, which DeepSpeed still reads when there is no `bf16` block). DeepSpeed\nchecks the device in `DeepSpeedEngine._do_sanity_check` (deepspeed/runtime/engine.py):\n\n```\nValueError: Type bf16 is not supported on your device.\n```\n\nThat check asks `torch.cuda.is_bf16_supported()`, which newer PyTorch answers yes on a T4 or V100 because it\ncounts emulation (see `bf16-emulation-check`): then training starts and every bf16 matmul is emulated, or a\nkernel refuses the dtype. On a TITAN X (compute capability 6.1) a bf16 DeepSpeed run stops in cuBLAS with\n`CUBLAS_STATUS_NOT_SUPPORTED when calling cublasGemmStridedBatchedEx(... CUDA_R_16BF ...)`, and switching the\nblock to fp16 there fails with `ValueError: Type fp16 is not supported.` (deepspeedai/DeepSpeed#6723): DeepSpeed\'s\nCUDA accelerator reports fp16 only from compute capability 7.0 (`is_fp16_supported`, accelerator/cuda_accelerator.py;\n`DS_ALLOW_DEPRECATED_FP16=1` overrides it on 6.x).\n\nWith the Hugging Face Trainer, a fixed `true` must also agree with `TrainingArguments`, or the integration stops\nwith "Please correct the following DeepSpeed config values that mismatch TrainingArguments values" (the\n`fill_match("bf16.enabled", ...)` check in transformers\' integrations/deepspeed.py); `trainer-bf16` rewrites the\nTrainingArguments side with the same policy, so both files end up agreeing.\n\n## What it rewrites\nOnly configs detected as DeepSpeed configs (top-level `zero_optimization`, `train_batch_size`,\n`train_micro_batch_size_per_gpu`, or a `bf16`/`fp16` block), and only a boolean `"enabled": true`. Following\nthe project\'s precision policy (`docs/gpu-facts.md`):\n\n| the config has | T4, V100 | P100, P4, K80 (or `--precision fp32`) |\n| --- | --- | --- |\n| `"bf16": {"enabled": true}` and no `fp16` block | the key is renamed: `"fp16": {"enabled": true}` | `"enabled": false` |\n| an `fp16` block with `"enabled": false` | `fp16.enabled` becomes `true`, `bf16.enabled` becomes `false` | `bf16.enabled: false` |\n| an `fp16` block with `"enabled": "auto"` | `bf16.enabled` becomes `false`; fp16 stays `"auto"` | `bf16.enabled: false` |\n| an `fp16` block with `"enabled": true` | `bf16.enabled` becomes `false` | `bf16.enabled: false` |\n\nRenaming the key is the smallest certain edit: DeepSpeed\'s fp16 defaults are dynamic loss scaling\n(`loss_scale` 0, "Default value of 0 means dynamic loss scaling", initial scale 2^16, window 1000, hysteresis 2,\nminimum 1: `DeepSpeedFP16Config` in deepspeed/runtime/precision_config.py), so `{"enabled": true}` is exactly\n`{"enabled": true, "loss_scale": 0, ...}` with those values written out. Nothing is added, so indentation, key\norder and every other byte stay as they were.\n\n**Models that overflow float16.** Models trained in bf16 whose activations overflow float16 (inf/NaN losses)\ntrain in float32 instead of fp16 on every target: T5/Flan-T5/mT5/ByT5 (transformers#5651, #9295), Gemma-2/3/4\n(transformers#36822, #39972; unsloth#5055), gpt-oss, Qwen3-MoE/Qwen3.5 and GLM-4 (the lists vLLM\'s\n`_FLOAT16_NOT_SUPPORTED_MODELS` and Unsloth\'s `FORCE_FLOAT32` keep). The family is told from the model ids the file\nnames (a `from_pretrained` literal, `base_model:`, `--model_name_or_path`); one such id is enough, since float32\nis right for every model. Where no id tells the family, the fp16 rewrite says the risk in one clause: if the loss\nturns inf/NaN, the model overflows float16, and float32 is the way out.\n\n## When it stays silent\n- `"enabled": "auto"`: the Hugging Face integration fills it from `TrainingArguments(bf16=...)`, and DeepSpeed\n  drops `"auto"` values when it is used on its own.\n- `"enabled": false`, string values such as `"true"`, and `bf16` blocks nested below the top level.\n- Files that are not DeepSpeed configs: TrainingArguments JSON, accelerate configs (see `accelerate-bf16`), a\n  model\'s `config.json`.\n- `communication_data_type` and `data_types` settings are not read.\n- Targets with bf16.\n\n## Hints instead of fixes\nOn a T4 or V100, a `bf16` block with keys besides `enabled` (`immediate_grad_update`, `check_grad_overflow`,\n`bf16_master_weights_and_grads`, ...): DeepSpeed\'s config models forbid unknown keys (`extra="forbid"` in\n`DeepSpeedConfigModel`), so the block cannot simply be renamed to `fp16`. The hint says to replace it with\n`"fp16": {"enabled": true}`. The same for an `fp16` key that is not a block, or a block without `enabled`.\n\n## Fix safety\nfp16 with dynamic loss scaling is DeepSpeed\'s standard mixed precision on Volta and Turing: the optimizer keeps\nfp32 master weights (in ZeRO\'s partitions) and skips steps whose gradients overflow, lowering the scale. A model\nwhose activations exceed float16\'s range (65504) can overflow more often than in bf16; the scaler skips those\nsteps rather than corrupting the weights. `"enabled": false` on a P100 or K80 trains in float32: exact, at\nfloat32 speed, and the only mode DeepSpeed accepts there without `DS_ALLOW_DEPRECATED_FP16`. DeepSpeed refuses\nbf16 and fp16 enabled together ("bfloat16 and fp16 modes cannot be simultaneously enabled",\ndeepspeed/runtime/config.py), which is why an existing fp16 block turns bf16 off rather than adding a second mode.\n\n## Hardware fact\nbf16 needs compute capability 8.0; fp16 tensor cores exist from Volta (7.0) (NVIDIA CUDA C Programming Guide,\n"Compute Capabilities"). DeepSpeed\'s CUDA accelerator: `is_bf16_supported()` returns\n`torch.cuda.is_bf16_supported()`, `is_fp16_supported()` requires major version 7 or newer. See\n`docs/gpu-facts.md`.\n',
  "device-map-auto": '# device-map-auto\n\n**A model too big for one GPU loaded without device_map, on a target whose GPUs together hold it** \xB7 memory \xB7 warning \xB7 fix: sometimes\n\nRuns on every target: it compares the model\'s estimated inference memory with one GPU and with all of the\ntarget\'s GPUs (`t4x2`: 2 x 15 GiB, `a100`: 1 x 79.2 GiB).\n\n## Why\nCode written for an 80 GB A100 loads a 7B model in half precision (~16 GiB with overhead) and moves it to the GPU\nwith `.to("cuda")`. A T4 shows 15 GiB: the move runs out of memory. Kaggle\'s "GPU T4 x2" has 30 GiB in two cards,\nbut `.to("cuda")` only ever uses the first. `from_pretrained(..., device_map="auto")` lets accelerate place the\nlayers over every visible GPU (and, if they still do not fit, offload the rest to the CPU), so the same model loads.\n\nA model placed that way must not be moved afterwards. accelerate wraps `.to()` and `.cuda()` of a model it spread\nover several devices and warns\n\n```\nYou shouldn\'t move a model that is dispatched using accelerate hooks.\n```\n\n(`accelerate/big_modeling.py`, `dispatch_model`; older releases said "You shouldn\'t move a model when it is\ndispatched on multiple devices.", added in huggingface/accelerate#1790 and quoted in huggingface/accelerate#2897),\nthen moves it anyway, which on one T4 runs out of memory again. With layers offloaded to the CPU it raises\n(huggingface/accelerate#2897, evalplus/evalplus#280)\n\n```\nRuntimeError: You can\'t move a model that has some modules offloaded to cpu or disk.\n```\n\nand transformers\' `pipeline(model=..., device=0)` refuses such a model outright (mlflow/mlflow#13439,\nhuggingface/transformers#25207):\n\n```\nValueError: The model has been loaded with `accelerate` and therefore cannot be moved to a specific device. Please discard the `device` argument when creating your pipeline object.\n```\n\naccelerate attaches these hooks only when the map spans more than one device (huggingface/accelerate#1648), which\nis exactly the case this rule creates.\n\n### The estimate\nParameters come from a `config.json` in the repo, the model id (`7B`, `350m`) or a table of known models, as for\n`bf16-dtype`. Memory is weights x 1.2 (CUDA context, activations of a forward pass, allocator slack;\n`docs/gpu-facts.md`, "Memory rules of thumb"), in the dtype the call loads:\n\n| the call says | bytes per parameter |\n| --- | --- |\n| `torch_dtype=` / `dtype=` (the name since transformers 4.56, huggingface/transformers#39782) `torch.float16`, `torch.half`, `torch.bfloat16`, `"float16"`, `"bfloat16"` | 2 |\n| `torch.float32`, `torch.float`, `"float32"` | 4 |\n| `load_in_8bit=True`, `quantization_config=BitsAndBytesConfig(load_in_8bit=True)` | 1 |\n| `load_in_4bit=True`, `quantization_config=BitsAndBytesConfig(load_in_4bit=True, ...)` | 0.5 |\n| no dtype, `"auto"`, or a dtype computed at run time | 2 to 4 |\n\nWithout a dtype, transformers 4 loads float32 ("By default, the weights are loaded in full precision\n(torch.float32)", huggingface/transformers#35067) and transformers 5 loads the checkpoint\'s dtype, `"auto"` having\nbecome the default (huggingface/transformers#42805); the rule cannot tell which is installed, so it reckons with\nboth: the message gives the range ("needs ~8.9-18 GiB"). A `BitsAndBytesConfig` may be inline or a name the file\nassigns once. The dtype of a quantized load only sets the layers bitsandbytes leaves unquantized, counted in the\noverhead. (transformers 5 drops `load_in_4bit=`/`load_in_8bit=` as keywords of `from_pretrained` in favour of\n`quantization_config`; both spellings are read.)\n\n## What it rewrites\nFor a `from_pretrained(...)` of a transformers model class (`AutoModel*`, `LlamaForCausalLM`, `BertModel`, ...)\nwhose estimate is more than one GPU of the target but within all of them (at the top of the range when the dtype is\nopen), in one fix:\n\n| before | after |\n| --- | --- |\n| `from_pretrained(model_id, torch_dtype=torch.float16)` | `from_pretrained(model_id, torch_dtype=torch.float16, device_map="auto")` |\n| arguments one per line (`    torch_dtype=torch.float16,  # half`) | a new line `    device_map="auto",` with the same indentation, after the comment; no trailing comma where the call had none |\n| `from_pretrained(...).to("cuda")`, `.cuda()`, `.to(device)`, `.to("cuda:0")`, also inside `....to(device).eval()` | the move is taken out |\n| `model.to(device)` / `model.cuda()` as a statement, `model = model.to("cuda")` | the statement is removed (`pass` where it was a block\'s only statement; `model.cuda(); model.eval()` keeps `model.eval()`) |\n| `x = model.to(device)`, `Trainer(model=model.to(device))` | `x = model`, `Trainer(model=model)` |\n| `inputs = tokenizer(...).to("cuda")` (or `.cuda()`, `{k: v.to("cuda") ...}`), then `model.generate(**inputs)` / `model(...)` | `.to(model.device)` |\n\nThe name the load is assigned to (`model`, `self.model`) is followed through the statements after it in the same\nblock, including reassignments to itself (`model = model.to(device)`, `model = model.eval()`), until it is bound to\nsomething else. A device is `"cuda"`, `"cuda:N"`, an integer, `torch.device(...)` or a name that says device\n(`device`, `args.device`) unless the file assigns it a string such as `"cpu"`.\n\nInputs are redirected only where the file shows them reaching a call of this model in the same function: passed\nto it directly, or through a name assigned (after the load, in the call\'s block or one around it) from an\nexpression that moves them. Other tensors moved to a hard-coded `"cuda"` next to the model\'s calls are named in a\nhint; they still work, since accelerate\'s hooks move each layer\'s inputs to that layer\'s GPU, but `model.device`\nis where the first layers are.\n\n### Why no `max_memory`\n`device_map="auto"` already computes the budget at load time: transformers balances the model over the GPUs from\ntheir free memory (`get_balanced_memory`, then `infer_auto_device_map`), so other processes on the GPU are\naccounted for. A `max_memory={0: "...", 1: "..."}` written into the source would be a guess about the memory free\non the day it runs. The rule only adds `device_map` when the estimate, 20% headroom included, fits the GPUs; if a\nlong generation needs more room, that is the user\'s `max_memory` to choose.\n\n## When it stays silent\n- The model fits one GPU of the target (a 7B model in float16 on a P100\'s 15.9 GiB or an A100; any 7B in 4 bits).\n- The call already has `device_map` (any value: `"auto"`, `{"": 0}`, `"cuda:0"`) or `tp_plan`, or passes\n  `**kwargs` that may hold them.\n- The size is unknown (`"my-org/my-finetune"`, an id computed at run time, no `config.json`), or the quantization\n  is one it does not model (`GPTQConfig`, AWQ, a config it cannot read): no numbers, no finding.\n- Code under a check of the GPUs: `torch.cuda.device_count()`, `torch.cuda.mem_get_info()`,\n  `get_device_properties(...).total_memory`, or a name assigned from them.\n- Files using DeepSpeed, FSDP or DistributedDataParallel, which place (shard or replicate) the model themselves.\n- Tokenizers, configs, PEFT adapters and other `from_pretrained` that are not transformers model classes.\n\n## Hints instead of fixes\n- The model does not fit all the GPUs either (a 70B model, ~156 GiB in float16): the hint gives the numbers and\n  the ways out: float16 where a float32 load would fit, 4-bit quantization with\n  `BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=torch.float16)` (bfloat16 on GPUs that have it), a\n  smaller model, or CPU offload through `device_map="auto"` (slow). On a one-GPU target this is the only outcome.\n- A move the rule cannot take out with certainty: the name moved after an `if`/`else` that loaded another model,\n  after a reassignment inside a branch, in another function that can see the name (a parameter of the same name\n  counts: `def evaluate(model): model.to(device)`), `.to("cuda", dtype=...)` or `.to("cpu")`, or the model\n  handed to `pipeline(..., device=0)`. The hint names those moves.\n\n## Fix safety\n`device_map="auto"` keeps the computation the same: the layers run in order, each on its GPU, and accelerate\'s\nhooks move the activations between them. It needs `accelerate` installed; without it transformers stops with\n"ValueError: Using a \\`device_map\\`, \\`tp_plan\\`, ... requires \\`accelerate\\`. You can install it with\n\\`pip install accelerate\\`".\nSpreading is slower than one GPU that holds everything (one GPU works at a time, and activations cross PCIe), but\nthe alternative on these targets is an out-of-memory error. Taking out the moves is what makes the spread stick;\nthe model is already on the GPUs when `from_pretrained` returns. Moves in other files, or reached through\nanother name, are not seen: they fail as they did before the fix (out of memory), now after accelerate\'s warning;\nsearch for `.to(` on the model after applying.\n\n`device_map="auto"` is for one process that sees all the GPUs (`python script.py`, a notebook). A script launched\nas one process per GPU (`torchrun`, `accelerate launch` with two processes) replicates the model, which must then\nfit each GPU on its own; the rule stays silent where the file names DeepSpeed, FSDP or DistributedDataParallel,\nbut cannot see a launcher\'s command line.\n\nWith `bf16-dtype` in the same run the two converge: `bf16-dtype` chooses float32 only when the model fits the\ntarget in float32, counting all GPUs when `device_map="auto"` is there; for a 7B model on `t4x2` it picks float16\n(31 GiB in float32 is more than 30 GiB), and this rule then spreads the ~16 GiB float16 weights. A second run\nchanges nothing.\n\n## Hardware fact\nA T4 shows ~15 GiB of its 16 GB, a P100 ~15.9 GiB, a K80 die ~11.4 GiB, an A100 80GB ~79.2 GiB\n(`docs/gpu-facts.md`, "Profiles"); Kaggle\'s "GPU T4 x2" gives two T4s, 30 GiB in all, but no single\nGPU larger than 15 GiB. Weights take 4 bytes a parameter in float32, 2 in float16/bfloat16, 1 in 8 bits and ~0.5\nin 4 bits, plus 10-20% ("Memory rules of thumb").\n',
  "device-map-ddp": '# device-map-ddp\n\n**A script that loads a model with device_map="auto", launched with one process per GPU** \xB7 parallel \xB7 error \xB7 fix: never\n\nRuns on targets with more than one GPU (`t4x2`, `kaggle-t4x2`): there a launch starts several processes, each of\nwhich spreads its own copy of the model over all the GPUs.\n\n## Why\n`device_map="auto"` (also `"balanced"`, `"balanced_low_0"`, `"sequential"`) asks accelerate to split one model over\nevery GPU the process sees: naive model parallelism, for a model that does not fit one GPU. `torchrun\n--nproc_per_node 2`, `accelerate launch --num_processes 2` (or `--multi_gpu`, or no count and no config on a\ntwo-GPU machine), `deepspeed` and `python -m torch.distributed.run` start one process per GPU for data parallelism,\neach expecting a whole copy of the model on its own GPU. Together, each process puts its layers on both GPUs, and\nthe Trainer refuses to start:\n\n```\nValueError: You can\'t train a model that has been loaded with `device_map=\'auto\'` in any distributed mode.\nPlease rerun your script specifying `--num_processes=1` or by launching with `python {{myscript.py}}`.\n```\n\n(transformers\' `Trainer.__init__`; huggingface/transformers#31557.) Without a Trainer the run starts, but both\nprocesses fill both GPUs with parts of their copies.\n\n## What it rewrites\nNothing: the finding sits on the launched script\'s name in the launch (a shell script, a Makefile recipe, a\nnotebook `!` line, a README shell block). The launched script is the repo\'s file, or, where the\nrepo has none, the text a notebook beside it writes with a `%%writefile train.py` cell (the Kaggle way to run DDP\nfrom a notebook). The message names the load (`train.py` ... `device_map="auto"` (line 7)). The hint\npicks one of the two ways out with the model\'s size when the script names the model (a literal, a constant, a\ndataclass or argparse default, or the launch\'s own `--model_name_or_path org/model`):\n\n| the model | hint |\n| --- | --- |\n| fits one GPU (weights, or weights + gradients + Adam\'s state for a full fine-tune with the Trainer) | keep the processes (DDP) and load a whole copy per process: `device_map={"": PartialState().process_index}` (`from accelerate import PartialState`) or `device_map={"": int(os.environ["LOCAL_RANK"])}` |\n| does not fit one GPU | run one process (`python train.py`), where `device_map="auto"` splits the layers over the GPUs |\n| unknown size | both, to pick from |\n\n```bash\ntorchrun --nproc_per_node 2 train.py   # error: train.py loads with device_map="auto" (line 7) ...\n```\n\nThe process count is the one the target allows: on `t4x2` a launch written for 8 processes counts as 2, since\n`launcher-gpu-count` sets it to 2.\n\n## When it stays silent\n- One process: `python train.py`, `--nproc_per_node 1`, `--num_processes=1`, torchrun without a count; single-GPU\n  targets (`t4`, `colab-t4`, `kaggle-p100`), where `launcher-gpu-count` brings every launch to one process.\n- Scripts that load per process: `device_map={"": local_rank}`, `device_map=None`, a value the file computes, and\n  scripts that read their rank or the world size anywhere (`LOCAL_RANK`, `local_rank`, `process_index`,\n  `WORLD_SIZE`, `world_size`: peft\'s olora example passes `device_map=args.device_map` to a function that switches\n  to `{"": Accelerator().process_index}` when `world_size > 1`), which choose the map per launch themselves.\n- Launches of scripts the repo does not hold, of `$SCRIPT`, and accelerate launches with `--config_file` and no\n  count (the config decides).\n- Commands under a hardware check, `echo` text, comments.\n\n## Fix safety\nHints only: which way out is right depends on the model\'s training memory and on what the user wants from the\nsecond GPU (speed with DDP, or room with model parallelism), and the fix is in another file than the launch.\n\n## Hardware fact\nData-parallel launchers start one process per GPU; `device_map="auto"` spreads a model over all visible GPUs, and\nthe Trainer rejects the combination (huggingface/transformers#31557, `docs/gpu-facts.md`, "Two T4s"). A Kaggle\n"GPU T4 x2" session has two 15 GiB T4s. Two-process runs that hang at start-up: see `launcher-gpu-count`,\n"Two processes that hang at start-up" (`NCCL_P2P_DISABLE=1`).\n',
  "flash-attention-2": '# flash-attention-2\n\n**FlashAttention-2 on a GPU before Ampere** \xB7 attention \xB7 error \xB7 fix: sometimes\n\nRuns when the target cannot run FlashAttention-2: compute capability below 8.0.\n\n## Why\nFlashAttention-2\'s kernels are built for Ampere and newer. On a T4 or V100, a model loaded with\n`attn_implementation="flash_attention_2"` fails at its first forward pass:\n\n```\nRuntimeError: FlashAttention only supports Ampere GPUs or newer.\n```\n\n(Dao-AILab/flash-attention#762, with a T4 and exactly this `from_pretrained` call; #1230 confirms that only\nFlashAttention 1.x supports Turing.) PyTorch\'s scaled-dot-product attention, `attn_implementation="sdpa"`, runs on these GPUs\nthrough its memory-efficient kernel and needs no extra package.\n\n## What it rewrites\n| before | after |\n| --- | --- |\n| `attn_implementation="flash_attention_2"` (keyword, `{"attn_implementation": ...}` dict entry, or an assignment to a variable or attribute named `attn_implementation` / `_attn_implementation`) | `"sdpa"` |\n| `use_flash_attention_2=True` (the older transformers spelling) | `attn_implementation="sdpa"` (or removed when the call already sets `attn_implementation`) |\n| `kwargs["attn_implementation"] = "flash_attention_2"`, `model_kwargs.update(attn_implementation="flash_attention_2")` | `"sdpa"` |\n| any of these for a Gemma-2 or Gemma-3 model | `"eager"` (see below) |\n\n### Gemma-2 and Gemma-3: `eager`, not `sdpa`\nGemma-2 caps its attention logits (`attn_logit_softcapping`). FlashAttention-2 computes the softcapping (flash-attn\n2.6, huggingface/transformers#31887); PyTorch SDPA does not, so SDPA would silently change the attention. transformers\'\n`Gemma2ForCausalLM.forward` and `Gemma3ForCausalLM.forward` warn, when training with anything but eager:\n"It is strongly recommended to train Gemma2 models with the `eager` attention implementation instead of `sdpa`"\n(`Gemma3` in the Gemma-3 one). LLaMA-Factory itself falls back to eager (`flash_attn: disabled`) for Gemma-2 when\nflash-attn is missing, and warns that SDPA does not support soft-capping (its model_utils/attention.py). So where the\nmodel is a Gemma-2/3 model the rewrite is `eager`, and the message says so. Eager holds the whole attention matrix:\nlong sequences need more memory than with FlashAttention.\n\nThe model counts as Gemma-2/3 when its id says so (`google/gemma-2-9b`, `unsloth/gemma-3-4b-it`, `gemma2-2b`; not\nGemma 1\'s `google/gemma-2b`, nor Gemma-3n) or when a model folder in the repo has a config.json whose `model_type` is\n`gemma2`, `gemma3` or `gemma3_text` (`shared/model-families.ts`). The model is the one the setting is for: the\n`from_pretrained` call it is a keyword of, the model keyword of the same call (`ModelConfig(model_name_or_path=...)`) or\nthe model key of the same dict; otherwise every model load in the file. In configs it is `model_name_or_path` /\nAxolotl\'s `base_model`; in shell scripts the command\'s `--model_name_or_path`.\n\n## When it stays silent\n- Code under a hardware check (`torch.cuda.get_device_capability()[0] >= 8` and the like).\n- The string in comparisons (`if impl == "flash_attention_2"`), `choices=[...]`, log messages, comments, docs.\n- `attn_implementation="sdpa"` / `"eager"`, and targets with compute capability 8.0 or newer.\n\n## Hints instead of fixes\n`"flash_attention_2" if is_flash_attn_2_available() else "sdpa"` checks that the package is installed, not that the\nGPU can run it: the tool hints to test the compute capability instead.\n\n**Padding-free packing (TRL).** `SFTConfig(padding_free=True)`, or `packing=True` with TRL\'s default `"bfd"` strategy\n(which turns padding-free on: "When packing is enabled with strategy `"bfd"`, padding-free is enabled, regardless of\nthe value of this parameter", `SFTConfig`\'s docs), flattens each batch into one sequence. TRL warns that "only the\nfollowing implementations are known to reliably support this" and lists the FlashAttention variants\n(`sft_trainer.py`). With SDPA the packed sequences could attend to each other, so the FA2 setting in such a file\n(Python), TRL recipe (`packing: true`, `padding_free: true`) or command (`--packing`, `--padding_free`) gets a hint:\nturn padding-free packing off, then use `sdpa`. `packing_strategy="wrapped"` without `padding_free` keeps an attention\nmask and is rewritten as usual.\n\n**flash-attn monkey patches.** `replace_llama_attn_with_flash_attn()` (FastChat, LLaVA: `train_mem.py`) and imports of a\n`*flash_attn*monkey_patch` module swap the model\'s attention for flash-attn\'s kernels. The call (or, when nothing\nis called, the import) gets a hint: drop the patch so the model keeps transformers\' attention, or start from the\nentry point without it (`train.py`). A patch call under a condition (a library picking it by its settings, as\nAxolotl\'s patch manager does, or a flag) is left alone; `if __name__ == "__main__":` is not such a condition. Calls of `flash_attn_func`, `flash_attn_varlen_func` and the other flash_attn\nfunctions are `flash-attn-package`\'s findings (one owner per finding), with how each maps onto SDPA.\n\n**One setting, several models.** A dict or variable that serves a Gemma-2/3 model and another model gets a hint\n(`eager` for the Gemma model, `sdpa` for the others).\n\nA model\'s config.json with `model_type` gemma2/gemma3 gets the hint to load with `attn_implementation="eager"`.\n\n## In config files\n| config | before | after |\n| --- | --- | --- |\n| Axolotl | `flash_attention: true` (no `sdp_attention` key) | `sdp_attention: true` (the key is renamed) |\n| Axolotl | `flash_attention: true` next to `sdp_attention: false` or an empty `sdp_attention:` | `flash_attention: false`, `sdp_attention: true` |\n| Axolotl | `flash_attention: true` next to `attn_implementation` | `flash_attention: false` (newer Axolotl refuses a legacy flag next to `attn_implementation`) |\n| Axolotl, Gemma-2/3 `base_model` | `flash_attention: true` | `eager_attention: true` (the same three shapes as above) |\n| LLaMA-Factory | `flash_attn: fa2` (or `fa3`, Hopper only) | `flash_attn: sdpa` |\n| LLaMA-Factory, Gemma-2/3 `model_name_or_path` | `flash_attn: fa2` | `flash_attn: disabled` (LLaMA-Factory\'s name for eager) |\n| TrainingArguments / TRL recipes, Axolotl, LLaMA-Factory, other configs | `attn_implementation: flash_attention_2` at any depth (`model_init_kwargs`) | `attn_implementation: sdpa` |\n\nRenaming Axolotl\'s key is one edit with no new line to indent, and works across Axolotl versions: older ones read\n`sdp_attention`, newer ones map the legacy flag to `attn_implementation: sdpa` with a deprecation warning. SDPA is\none of the backends Axolotl lists as handling sample packing without cross-contamination. LLaMA-Factory\'s\n`flash_attn` accepts `auto`, `disabled`, `sdpa`, `fa2`, `fa3` (`AttentionFunction` in its extras/constants.py);\nwith `fa2` and the flash-attn package installed it sets `flash_attention_2`, which fails as above.\n\nPacking stays rewritten in these two: Axolotl counts `sdpa` and `eager` among the backends that isolate packed\nsamples (`attn_decontaminates_packing` in its config schema: "sdpa/eager isolate packed docs via the dropped-mask\nblock-diagonal"), and LLaMA-Factory\'s `neat_packing` builds a block-diagonal 4D attention mask for any attention but\n`flash_attention_2` (its `SFTDataCollatorWith4DAttentionMask`); its plain `packing` does not separate sequences with\nany attention.\n\nA model\'s own `config.json` (kind model-config: `architectures`, `model_type`, ...) is a downloaded snapshot and\nis never edited: `"_attn_implementation": "flash_attention_2"` there, at any depth (`vision_config`), gets a\nwarning with a hint to pass `attn_implementation="sdpa"` (or `"eager"` where the model\'s own code has no SDPA\npath) to `from_pretrained`, which is what works for such snapshots (rhymes-ai/Aria#87). Stays silent: `flash_attention:\nfalse`, `flash_attn: auto | sdpa | disabled`, LLaMA-Factory\'s older boolean `flash_attn: true`, and\n`attn_implementation: sdpa | eager`.\n\n## In shell scripts\n| the command has | becomes |\n| --- | --- |\n| `--attn_implementation flash_attention_2` (also `=`, quoted, `--attn-implementation`), in any command but `echo`/`printf`: a training script, `trl sft`, a serving tool | `--attn_implementation sdpa` |\n| `--use_flash_attention_2 True` (or `true`, `1`, ...) after a Python script | `--use_flash_attention_2 False`, in the same spelling (`true` becomes `false`, `1` becomes `0`) |\n| a bare `--use_flash_attention_2` | removed |\n| `--attn_implementation flash_attention_2` with `--model_name_or_path` a Gemma-2/3 model | `--attn_implementation eager` |\n| `--attn_implementation flash_attention_2` with `--packing` / `--padding_free` (TRL) | a hint (see above) |\n\nThe script may not take `--attn_implementation`, so the old flag is turned off rather than replaced; the model\nthen loads with transformers\' default attention (SDPA where the model supports it), or with what an\n`--attn_implementation` on the same command says (itself rewritten when it is `flash_attention_2`). Which commands count as\nPython scripts, and how flag values are read, is described in `trainer-bf16`\'s "In shell scripts". Stays\nsilent: other values, values from variables, comments, `echo` texts, and commands under a hardware check\n(`nvidia-smi ... compute_cap`).\n\n## Fix safety\nSDPA computes the same attention (it is an exact algorithm, like FlashAttention), so outputs match up to floating\npoint rounding, except where FlashAttention does more than attention: Gemma-2\'s softcapping (rewritten to `eager`)\nand padding-free packing (a hint). Memory use can be higher than FlashAttention-2 for long sequences.\n\n## Hardware fact\nFlashAttention-2 supports Ampere, Ada and Hopper GPUs (flash-attn README, "Installation and features"); Turing\nsupport exists only in FlashAttention 1.x. See `docs/gpu-facts.md`.\n',
  "flash-attn-package": '# flash-attn-package\n\n**The flash-attn package on a GPU before Ampere** \xB7 attention \xB7 error (calls) / warning (imports) \xB7 fix: never\n\nRuns when the target cannot run FlashAttention-2: compute capability below 8.0.\n\n## Why\nThe `flash-attn` package (FlashAttention-2) has kernels for Ampere, Ada and Hopper only. It imports on a T4 or V100,\nbut its attention functions fail at the first call:\n\n```\nRuntimeError: FlashAttention only supports Ampere GPUs or newer.\n```\n\n(microsoft/MInference#51 on a V100S, raised from `flash_attn_cuda.fwd` in `flash_attn_interface.py`;\nswc-17/SparseDrive#44 on a V100 from `flash_attn_varlen_kvpacked_func`; Dao-AILab/flash-attention#762 on T4s.)\nPyTorch\'s `torch.nn.functional.scaled_dot_product_attention` (SDPA) computes the same attention and runs on these\nGPUs through its memory-efficient kernel (math kernel on K80), with no extra package to build.\n\n## What it rewrites\nNothing: every finding is a hint. Moving from flash_attn to SDPA is not a mechanical rename:\n\n- Layout: `flash_attn_func(q, k, v)` takes (batch, seqlen, heads, dim) (its docstring in\n  `flash_attn/flash_attn_interface.py`); SDPA takes (batch, heads, seqlen, dim). The suggested call is\n  `F.scaled_dot_product_attention(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), dropout_p=..., is_causal=causal, scale=softmax_scale).transpose(1, 2)`.\n- Packed inputs (`flash_attn_qkvpacked_func`, `flash_attn_kvpacked_func`) are split with `unbind(dim=2)` first.\n- The variable-length functions (`flash_attn_varlen_*`) have no SDPA counterpart: pad to a batch and pass a boolean\n  `attn_mask`, or loop over the sequences.\n- `flash_attn_with_kvcache` becomes SDPA over a cache kept in SDPA\'s layout.\n- Grouped-query attention (fewer key/value heads) needs `enable_gqa=True` (PyTorch 2.5+) or repeated key/value heads;\n  with `causal=True` and more keys than queries, flash_attn aligns the causal mask to the bottom right, SDPA\'s\n  `is_causal` to the top left.\n\n| finding | severity | hint |\n| --- | --- | --- |\n| `import flash_attn`, `from flash_attn import flash_attn_func`, `from flash_attn.flash_attn_interface import ...` | warning | replace the calls with SDPA, then drop the import and the requirement |\n| a call of `flash_attn_func`, `flash_attn_varlen_func`, `flash_attn_qkvpacked_func`, `flash_attn_kvpacked_func`, the `varlen` packed forms, `flash_attn_with_kvcache` (also through `flash_attn.` or an `as` alias) | error | the SDPA call for that function |\n| such a call where every import of the function is optional | info | call flash_attn only when `torch.cuda.get_device_capability()[0] >= 8` |\n\nEach import statement is reported once (however many names it imports) and each call once.\n\n## In requirements files\nA `flash-attn` requirement in `requirements*.txt` or `pyproject.toml` gets a warning with the hint to drop it: the\npackage cannot run on this GPU, and pip often builds it from source (it needs nvcc and takes a long time on a\nKaggle or Colab machine). transformers falls back to PyTorch SDPA without it. Comments and other packages whose\nnames merely contain "flash" stay silent.\n\n## In shell scripts and notebook `!` lines\n`pip install flash-attn` (also `pip3`, `python -m pip install`, pinned or quoted, and notebook `!pip install`\nlines) gets the same warning and hint, on the package word. Comments, `echo` text, installs under a\ncompute-capability check (`nvidia-smi --query-gpu=compute_cap`), and packages that only start with "flash" stay\nsilent.\n\n## When it stays silent\n- Optional imports: inside `try:` with an `except ImportError` (or `ModuleNotFoundError`, `Exception`, bare\n  `except:`), or under `if is_flash_attn_2_available():` / `find_spec("flash_attn")`. The library being optional is\n  not a problem by itself; the calls it guards get the info finding above, because those checks only ask whether the\n  package is installed, not whether the GPU can run it.\n- Code under a hardware check (`if torch.cuda.get_device_capability()[0] >= 8:`).\n- `flash_attn.bert_padding` (`pad_input`, `unpad_input`): plain PyTorch helpers that run on any GPU.\n- Relative imports and local functions with the same names (`from .attention import flash_attn_func`), comments,\n  docstrings, strings, help texts.\n- Targets with compute capability 8.0 or newer. `attn_implementation="flash_attention_2"` belongs to\n  `flash-attention-2`.\n\n## Fix safety\nNo fix is made: a rewrite would have to move dimensions and mask semantics it cannot see.\n\n## Hardware fact\nFlashAttention-2 supports Ampere, Ada and Hopper GPUs (flash-attn README, "Installation and features"); Turing\nsupport exists only in FlashAttention 1.x (Dao-AILab/flash-attention#1230). PyTorch\'s memory-efficient SDPA kernel\nruns from sm50 (`sdp_utils.cpp`). See `docs/gpu-facts.md`.\n',
  "fp8": '# fp8\n\n**FP8 compute on a GPU before Ada/Hopper** \xB7 precision \xB7 error (FP8 compute) / warning (float8 dtypes) \xB7 fix: never\n\nRuns when the target has no FP8 tensor cores: compute capability below 8.9. That includes the A100 (8.0) and the\nAmpere cards (8.6), not only T4, V100, P100 and K80.\n\n## Why\nFP8 matrix multiplication needs the FP8 tensor cores of Ada (8.9: L4, RTX 40xx) and Hopper (9.0: H100). Every FP8\npath checks the GPU and stops there:\n\n```\nAssertionError: Device compute capability 8.9 or higher required for FP8 execution.\n```\n\nfrom Transformer Engine\'s `fp8_autocast` (NVIDIA/TransformerEngine#1159 on an RTX 3090, cc 8.6; newer Transformer\nEngine raises the same text as a `RuntimeError` from `check_recipe_support` in `transformer_engine/pytorch/quantization.py`),\nand\n\n```\nRuntimeError: torch._scaled_mm is only supported on CUDA devices with compute capability >= 9.0 or 8.9, or ROCm MI300+\n```\n\nfrom PyTorch\'s FP8 matmul, which torchao\'s float8 training uses (pytorch/pytorch#164251 on A100s;\nkijai/ComfyUI-HunyuanVideoWrapper#98 on a 3090 Ti). accelerate\'s `mixed_precision="fp8"` trains through Transformer\nEngine, MS-AMP or torchao and meets the same checks (huggingface/accelerate#1086: "requires a GPU Hopper or higher").\n\nStoring tensors in float8 is another matter: `torch.float8_e4m3fn` and `torch.float8_e5m2` are storage dtypes, and\ncasting to and from them works on older GPUs, so weights can be kept in float8 and upcast to float16 for the math\n(AUTOMATIC1111/stable-diffusion-webui#14031; Comfy-Org/ComfyUI#2253 on a GTX 1650). Only the FP8 matmuls fail.\n\n## What it rewrites\nNothing: every finding is a hint. An FP8 recipe (scaling factors, amax history, which layers run in FP8) is a design\nchoice with no equivalent switch on an older GPU. The hint names what to run instead: bf16 mixed precision on\nAmpere, fp16 mixed precision on T4/V100, float32 on P100/K80 (`--precision` overrides), or float8 storage with an\nupcast before each matmul.\n\n| finding | severity |\n| --- | --- |\n| `torch.float8_e4m3fn`, `torch.float8_e5m2`, `torch.float8_e4m3fnuz`, `torch.float8_e5m2fnuz`, `torch.float8_e8m0fnu` asked for (`.to(...)`, `dtype=`, an assignment), also `from torch import float8_e5m2` | warning |\n| Transformer Engine `te.fp8_autocast(...)`, `te.fp8_model_init(...)`, and the 2.x names `te.autocast(...)`, `te.quantized_model_init(...)` | error |\n| `torch._scaled_mm(...)`, torchao\'s `convert_to_float8_training(...)` | error |\n| `mixed_precision="fp8"` (accelerate\'s `Accelerator`, and any call taking that keyword) | error |\n\n## When it stays silent\n- Code under a hardware check (`if torch.cuda.get_device_capability() >= (8, 9):`, variables assigned from one), and\n  `fp8_autocast(enabled=<such a variable>)`.\n- `enabled=False`; `mixed_precision="fp16"` / `"bf16"`; `torch.autocast` (PyTorch\'s own, not Transformer Engine\'s).\n- float8 dtypes in tests and lists: `x.dtype == torch.float8_e4m3fn`, `dtype in (torch.float8_e4m3fn, ...)`,\n  `torch.finfo(torch.float8_e4m3fn)`.\n- Storage only: `storage_dtype=torch.float8_e4m3fn` (diffusers\' `enable_layerwise_casting(storage_dtype=...,\n  compute_dtype=...)` keeps weights in float8 and casts each layer up to the compute dtype before it runs).\n- Comments, docstrings, strings (`choices=[..., "fp8"]`), help texts.\n- Targets with compute capability 8.9 or newer (L4, H100).\n\n## Fix safety\nNo fix is made.\n\n## Hardware fact\nFP8 tensor cores arrived with compute capability 8.9 (Ada) and 9.0 (Hopper); Transformer Engine checks for 8.9\n(`_compute_fp8_support` in `transformer_engine/pytorch/quantization.py`), PyTorch\'s `_scaled_mm` for 9.0 or 8.9\n(Ada was added after pytorch/pytorch#118703). See `docs/gpu-facts.md`.\n',
  "host-ram-load": '# host-ram-load\n\n**Model loads that put more weights in the platform\'s host RAM than it has** \xB7 platform \xB7 warning \xB7 fix: never\n\nRuns when the target names a hosted platform, whose RAM is known: `colab-t4` (12.7 GB), `kaggle-t4x2` and\n`kaggle-p100` (29 GB). Plain GPU targets say nothing about the host.\n\n## Why\nWithout a `device_map`, `from_pretrained` builds the model on the CPU: every weight sits in host RAM before any\n`.to("cuda")`. Colab\'s free tier has ~12.7 GB of RAM, so a 7B model in float16 (~14 GB) kills the session with\n"Your session crashed after using all available RAM" (unsloth#1860, haotian-liu/LLaVA#496; `docs/gpu-facts.md`,\n"Host RAM"). Merging LoRA adapters (`merge_and_unload()`) works on the base weights where they were loaded, so a\nbase loaded on the CPU for merging has the same problem. With a `device_map`, transformers loads the weights to\ntheir devices one tensor at a time: it sets `low_cpu_mem_usage=True` whenever a `device_map` is given (and for 4/8-bit\nloads, huggingface/transformers#25603), and since huggingface/transformers#36963 that loading path is the only one\n(#38792 removed the leftover argument).\n\n## What it rewrites\nNothing: a hint on the `from_pretrained(...)` call whose weights, as loaded, take more than 80% of the platform\'s\nRAM (the rest holds Python, the kernel, torch\'s CUDA runtime and the data): ~10 GB on Colab (a 5B-parameter model\nin 16-bit), ~23 GB on Kaggle (a 12B one). The size: parameters (the model\'s `config.json` in the repo, the table of\nknown models, or the size in its id) x bytes per weight (the call\'s `torch_dtype`/`dtype`; without one, 16-bit as a\nlower bound: transformers 4 loads float32, twice that). The hint: `device_map="auto"` (the model must then fit the\nGPU, or its rest goes to CPU RAM), or a 4-bit load; for a file that merges adapters, merging on a machine with more\nRAM or on the GPU.\n\n## When it stays silent\n- A `device_map` other than `"cpu"` or `{"": "cpu"}` (`"auto"`, `{"": 0}`, `"cuda"`), 4/8-bit loads (they load to the GPU), and loads\n  whose weights fit (`Qwen/Qwen2.5-1.5B` in float16: ~3 GB).\n- Unsloth\'s `FastLanguageModel`/`FastVisionModel`/`FastModel.from_pretrained` (they load with `device_map="sequential"` by default).\n- Tokenizers, processors and configs (`AutoTokenizer.from_pretrained`), a model id the file does not give\n  (`sys.argv[1]`, an adapter path to `PeftModel.from_pretrained(base, ...)`), `**kwargs`, guarded loads.\n- Not read yet: `pipeline(...)` without a device, `save_pretrained(max_shard_size=...)`, and the two-copies peak of\n  transformers releases before #36963 without `low_cpu_mem_usage=True` (which release made the change is not\n  verified here, so no edit adds the keyword).\n\n## Fix safety\nHints only: where the weights go (GPU, 4-bit, another machine) changes what fits and how the model computes.\n\n## Hardware fact\nHost RAM of the platforms: Colab free ~12.7 GB, Kaggle 29 GB (`docs/gpu-facts.md`, the platform rows; `ramGiB` in\n`packages/targets/src/platforms.ts`). transformers\' loading: `from_pretrained` with `device_map` sets\n`low_cpu_mem_usage` (modeling_utils.py), forced for bitsandbytes loads (#25603), the only path since #36963.\n',
  "kaggle-checkpoint-size": "# kaggle-checkpoint-size\n\n**Full fine-tune checkpoints without save_total_limit that outgrow the output Kaggle saves** \xB7 platform \xB7 warning \xB7 fix: never\n\nRuns when the target's platform saves a bounded output directory: `kaggle-t4x2` and `kaggle-p100`, whose\n`/kaggle/working` (the notebook's directory, where relative paths land) is saved up to 20 GB. Plain GPU targets\nand `colab-t4` say nothing about it.\n\n## Why\nKaggle keeps 20 GB of `/kaggle/working` as the notebook's output (Kaggle Notebooks docs, \"Technical\nSpecifications\"; `docs/gpu-facts.md`, Kaggle row). A Trainer run keeps every checkpoint it writes unless\n`save_total_limit` says otherwise, and a full fine-tune's checkpoint is large: `model.safetensors` holds the\nweights, `optimizer.pt` Adam's two moments, which `torch.optim.Adam`/`AdamW` create with `zeros_like(param)`,\nin the weights' dtype. That is 3 x 4 = 12 bytes per parameter with float32 weights (what mixed-precision\n`fp16=True` training keeps) and 3 x 2 = 6 with 16-bit ones. A 1.5B-parameter model in float32 writes ~18 GB per\ncheckpoint: the second save is already past 20 GB. `save_total_limit=n` rotates after each save (the Trainer\nwrites the new checkpoint, then deletes the oldest), so n + 1 checkpoints are on disk at the peak.\n\n## What it rewrites\nNothing: a hint on the setting that makes the saves, with the numbers and their basis:\n\n```python\nmodel = AutoModelForCausalLM.from_pretrained(\"Qwen/Qwen2.5-1.5B\", torch_dtype=torch.float32)\nTrainingArguments(output_dir=\"checkpoints\", max_steps=1000, save_steps=200)\n# each checkpoint ~18 GB (1.5B x 12 bytes); 5 saves ~90 GB > 20 GB\n```\n\n- the checkpoint size: parameters (from the model's `config.json` in the repo, the table of known models or the\n  size in its name, as `batch-size` counts them) x bytes per weight (the load's `torch_dtype`/`dtype`; without one,\n  16-bit as a lower bound, said so) x 3 (weights and Adam's moments), or x 1 with `save_only_model=True`;\n- the saves: `max_steps / save_steps`, or `num_train_epochs` with `save_strategy=\"epoch\"`; when the literals do not\n  give the count, 3 saves (\"a few\");\n- the suggestion: `save_total_limit=n` with the largest n whose n + 1 checkpoints fit in 20 GB; when not even two fit,\n  checkpoints outside `/kaggle/working` (`/tmp`, not kept) and, where weights-only checkpoints fit,\n  `save_only_model=True, save_total_limit=n`.\n\n## When it stays silent\n- `save_total_limit` set (any value), `save_strategy=\"no\"`, `**kwargs` in the call (the limit may be in them).\n- LoRA/PEFT and quantized runs (`peft`/`unsloth` imports, `load_in_4bit`, `BitsAndBytesConfig`, `requires_grad`\n  in the file): their checkpoints hold the adapters and their optimizer state, megabytes.\n- Sharded or other optimizers: `deepspeed=`, `fsdp=`, an `optim=` other than 32-bit AdamW (8-bit Adam's states\n  are smaller).\n- A small model whose checkpoints fit (gpt2: ~1.5 GB, 10 saves fit), an `output_dir` outside `/kaggle/working`\n  (`/tmp/checkpoints`), a model size it cannot tell (an id from `sys.argv`, `from_config`), `save_steps` that is\n  not an integer literal (a float is a ratio of the total steps), and the default 500-step saving when the call\n  sets neither `save_steps` nor `save_strategy`.\n- Training configs (Axolotl, LLaMA-Factory, TrainingArguments YAML/JSON): not read yet.\n\n## Fix safety\nHints only: how many checkpoints to keep, whether resuming needs the optimizer state, and where to keep them are\nthe user's choices, and the estimate is a bound (it leaves out the final `save_model` copy and a few KB of trainer\nstate).\n\n## Hardware fact\nNot a GPU fact but the platform's: Kaggle saves 20 GB of `/kaggle/working` (Kaggle Notebooks docs, \"Technical\nSpecifications\"; `docs/gpu-facts.md`, the Kaggle row; `savedOutput` in `packages/targets/src/platforms.ts`).\nCheckpoint contents: transformers' `Trainer._save_checkpoint` (model, `optimizer.pt`, then `_rotate_checkpoints`)\nand PyTorch's Adam state (`exp_avg`, `exp_avg_sq`, shaped and typed like the parameter).\n",
  "kaggle-input-write": '# kaggle-input-write\n\n**Writes under /kaggle/input, which Kaggle mounts read-only** \xB7 platform \xB7 error \xB7 fix: never\n\nRuns when the target is a Kaggle platform (`kaggle-t4x2`, `kaggle-p100`): only there is `/kaggle/input` the\nread-only mount of the notebook\'s datasets and models. Plain GPU targets (`t4`, `t4x2`, `p100`) and `colab-t4`\nsay nothing about it.\n\n## Why\nKaggle attaches a notebook\'s datasets, models and competition data read-only under `/kaggle/input`; the only\ndirectory it keeps is `/kaggle/working`, saved as the notebook\'s output (Kaggle Notebooks docs, "Technical\nSpecifications"; `docs/gpu-facts.md`, Kaggle row). Code written on a workstation often puts its outputs next to\nits inputs, and a notebook adapted to Kaggle by pointing every path at `/kaggle/input/...` writes there too.\nWriting to a read-only file system fails with `EROFS`, which Python raises as\n\n```\nOSError: [Errno 30] Read-only file system: \'/kaggle/input/qwen-sft\'\n```\n\nnaming the file, or the first directory `os.makedirs` had to create. The run stops at its first write there: for\na Trainer run that can be the first checkpoint, after the training steps before it.\n\n## What it rewrites\nNothing: each write under `/kaggle/input` gets an error-level hint that names the path and suggests the same path\nunder `/kaggle/working` (or `/tmp` for scratch files that need not be kept):\n\n```python\nTrainingArguments(output_dir="/kaggle/input/qwen-sft/checkpoints")  # hint: /kaggle/working/qwen-sft/checkpoints\nmodel.save_pretrained("/kaggle/input/qwen-sft/final")               # also save_directory=\ntorch.save(state, f"/kaggle/input/runs/{run}.pt")                   # the second argument, or f=\nopen("/kaggle/input/runs/metrics.json", "w")                        # modes with w, a, x or +\n```\n\n```sh\naccelerate launch train.py --output_dir /kaggle/input/qwen-sft     # also --output-dir=..., notebook ! lines\n```\n\n```yaml\noutput_dir: /kaggle/input/qwen-lora   # top-level output_dir (Axolotl, LLaMA-Factory, TrainingArguments files), LitGPT out_dir\n```\n\nThe path must be a literal that starts with `/kaggle/input` (an f-string counts when its literal part does).\n\n## When it stays silent\n- Reads: `from_pretrained("/kaggle/input/...")`, `open(path)` and `open(path, "rb")`, `torch.load`,\n  `pd.read_csv`, `--model_name_or_path /kaggle/input/...`, a config\'s dataset `path:`.\n- Look-alikes: the path in a comment or inside a longer message (`print("copy from /kaggle/input ...")`),\n  `/kaggle/input_copy/...`, a `{"output_dir": ...}` dict, `torch.save("/kaggle/input/...", other)` (the path is\n  the object saved), `echo --output_dir /kaggle/input/...`, an `output_dir` nested in a config\'s list.\n- What it cannot read: paths held in variables or built with `os.path.join` / `Path(...) /`, `open` with a mode\n  that is not a literal, `--output_dir "$OUT"`, a flag overridden later on the line (argparse keeps the last).\n- Targets that are not Kaggle: elsewhere `/kaggle/input` is an ordinary (and usually missing) directory.\n\n## Fix safety\nHints only: where the output should go is the user\'s choice (`/kaggle/working` is kept but holds 20 GB; what is\nwritten elsewhere, such as `/tmp`, is not saved), and other code may read the files back from the path as written.\n\n## Hardware fact\nNot a GPU fact but the platform\'s: on Kaggle, datasets and models are attached read-only under `/kaggle/input`\nand `/kaggle/working` (20 GB) is saved as the output (Kaggle Notebooks docs, "Technical Specifications"; recorded\nin `docs/gpu-facts.md`, the Kaggle row, and in the targets\' platform notes).\n',
  "launcher-gpu-count": "# launcher-gpu-count\n\n**Launchers and device lists written for more GPUs than the target has** \xB7 parallel \xB7 error \xB7 fix: sometimes\n\nRuns on every target: it compares the processes a launch starts, and the GPU ids it names, with the target's GPU\ncount (`t4x2` and `kaggle-t4x2`: 2; `t4`, `p100`, `colab-t4`, `a100`: 1).\n\n## Why\nTraining repos ship the launch line their authors ran on an 8-GPU node: `torchrun --nproc_per_node 8 train.py`,\n`accelerate launch --num_processes 8`, `deepspeed --num_gpus 8`, with `CUDA_VISIBLE_DEVICES=0,1,2,3,4,5,6,7`.\nEach process takes the GPU of its local rank (`torch.cuda.set_device(local_rank)`); on Kaggle's two T4s ranks 2 to\n7 have none and the run dies at start-up with\n\n```\nRuntimeError: CUDA error: invalid device ordinal\n```\n\n(`torchrun --standalone --nproc_per_node=8 train.py` in yunqing-me/WatermarkDM#8, where the maintainer answers that\n8 is their GPU count; `python -m torch.distributed.launch --nproc_per_node` above the GPU count in\nHRNet/HRNet-Semantic-Segmentation#171 and wenwenyu/PICK-pytorch#14; an 8-GPU recipe in\nNVIDIA/semantic-segmentation#68).\n\nShrinking the process count shrinks the global batch, which is per-device batch x processes x gradient\naccumulation steps: the learning rate and schedule the repo was tuned with assume the old one. So the rule scales\nthe accumulation by the same factor when it can see it, and the report says the numbers either way.\n\n`CUDA_VISIBLE_DEVICES` with ids the machine lacks hides GPUs: CUDA makes visible only the ids before the first one\nthat does not exist (NVIDIA CUDA C Programming Guide, \"CUDA Environment Variables\"), so `4,5,6,7` on two GPUs\nshows none and the run falls back to the CPU or stops with \"No CUDA GPUs are available\".\n\nDeepSpeed configs that give all three of `train_batch_size`, `train_micro_batch_size_per_gpu` and\n`gradient_accumulation_steps` also fix the world size, and DeepSpeed checks it:\n\n```\nAssertionError: Check batch related parameters. train_batch_size is not equal to micro_batch_per_gpu * gradient_acc_step * world_size 64 != 4 * 8 * 1\n```\n\n(bigcode-project/starcoder#77; deepspeedai/DeepSpeed#6914).\n\n## What it rewrites\nShell scripts, Makefile recipes and notebook `!` lines (commands found as `trainer-bf16` describes, under\n`nohup`, `env`, `time`):\n\n| written | on `t4x2` | on `t4`, `p100`, `a100` |\n| --- | --- | --- |\n| `torchrun --nproc_per_node 8` (`--nproc-per-node=8`; `python -m torch.distributed.launch`/`.run`) | `2` | `1` |\n| `accelerate launch --num_processes 8` | `2` | `1`, and `--multi_gpu` removed |\n| `accelerate launch --gpu_ids 0,1,2,3,4,5,6,7` | `0,1` | `0` |\n| `deepspeed --num_gpus 8` | `2` | `1` |\n| `deepspeed --include localhost:0,1,2,3` | `localhost:0,1` | `localhost:0` |\n| `tune run --nproc_per_node 8 full_finetune_distributed --config ...` | `2` | `1` |\n| `CUDA_VISIBLE_DEVICES=4,5,6,7` (before a command, `export`ed or assigned) | `0,1` | `0` |\n\nThe device list and the process count of one launch change together, in one fix, or not at all:\n`CUDA_VISIBLE_DEVICES=0,1,2,3 torchrun --nproc_per_node 4 train.py` becomes `CUDA_VISIBLE_DEVICES=0 ...\n--nproc_per_node 1` on `t4` and `CUDA_VISIBLE_DEVICES=0,1 ... --nproc_per_node 2` on `t4x2`. The list a launch\nruns with is the one before it on its line, or one set once at the script's top level above it\n(`export CUDA_VISIBLE_DEVICES=0,1,2,3,4,5,6,7`). Where one of the two is not a value the script fixes\n(`CUDA_VISIBLE_DEVICES=$GPUS`, `--nproc_per_node $NPROC` with `NPROC` from the caller), both get a hint instead:\nrewriting one alone would leave a launch that asks for GPUs its list does not show, or a list that hides the\nGPUs its processes need.\n\ntorchtune's `tune run` takes all of torchrun's options before the recipe (\"For distributed recipes, this supports\nall torchrun arguments\", usage `tune run [TORCHRUN-OPTIONS] <recipe> --config <config> [RECIPE-OPTIONS]`,\ntorchtune `torchtune/_cli/run.py`) and runs the recipe through torchrun, so its `--nproc_per_node` is read as\ntorchrun's; its recipe takes config overrides as `key=value`, so a `gradient_accumulation_steps=4` there grows as\na flag would (`batch_size=2` is the per-device batch in the message).\n\nDeepSpeed's launcher ignores `CUDA_VISIBLE_DEVICES` when `--include`, `--exclude`, `--num_gpus` or `--num_nodes`\nis given (\"Detected CUDA_VISIBLE_DEVICES=0,1,2,3 but ignoring it because one or several of\n--include/--exclude/--num_gpus/--num_nodes cl args were used\", DeepSpeed's runner log; microsoft/DeepSpeed#662):\n`--include localhost:0,1,2,3` names the GPUs and the process count, so its ids are cut to the target's and the\naccumulation grows with them. Lists that name other hosts (`worker-1:0,1@worker-2:0`) are left alone.\n\nA count in a variable the script sets once at its top level (`NUM_GPUS=8` ... `--nproc_per_node $NUM_GPUS`) is\nrewritten where it is set. Then the global batch:\n\n- the script's `--gradient_accumulation_steps 4` (or accelerate's own option) grows by the same factor: `16` on two\n  GPUs, so per-device 4 x 8 processes x 4 steps = 128 = 4 x 2 x 16;\n- a script that takes TrainingArguments flags (`--per_device_train_batch_size` on its command line) and sets no\n  accumulation gets `--gradient_accumulation_steps 4` after its per-device batch (the Trainer's default is 1),\n  unless it also passes `--deepspeed` (whose config may set the accumulation itself);\n- otherwise the message says by how much the global batch shrinks and where to scale it.\n\n`CUDA_VISIBLE_DEVICES=0,1,2,3` on two GPUs already shows the two it has: it is still written as `0,1`, as an\ninfo finding, so that the script says what runs.\n\nPython and notebooks: `os.environ[\"CUDA_VISIBLE_DEVICES\"] = \"4,5,6,7\"` (string literal) gets the same list.\n\naccelerate config files (`default_config.yaml`): `num_processes: 8` becomes the target's count; with one GPU\n`distributed_type: MULTI_GPU` becomes `'NO'` (accelerate refuses a multi-GPU run with fewer than two GPU ids: \"Less\nthan two GPU ids were configured and tried to run on on multiple GPUs.\"); a `gpu_ids` list is cut to the target's\nids; `deepspeed_config.gradient_accumulation_steps` grows by the same factor.\n\nDeepSpeed JSON: with all three batch keys given, `gradient_accumulation_steps` grows so that\n`train_batch_size` = micro batch x steps x the target's GPU count (256 = 4 x 8 x 8 becomes 4 x 32 x 2).\n\n## Launches that run on a cluster\nA launch handed to a cluster's scheduler runs on the GPUs the cluster gives the job, not on the target, so it is\nleft as written, with one info note per file (the first setting it would have changed, and how many more):\n\n- commands after `srun` or `sbatch` (`srun --gpus-per-node=8 torchrun --nproc_per_node 8 ...`);\n- Slurm batch scripts: `.slurm` and `.sbatch` files (read as shell scripts) and scripts with `#SBATCH` headers;\n  everything in them runs on the allocated node;\n- job builders: a Python script whose command line has a `--` separator, the job's command after it\n  (`python mason.py --cluster ... --gpus 8 -- accelerate launch --num_processes 8 ...`, open-instruct's\n  `mason.py`), including steps before the launch (`pip install ... \\&\\& accelerate launch ...`) and framework\n  flags in it;\n- Kubernetes specs (`apiVersion: batch/v1`, Kubeflow's `kubeflow.org/...`, any `kind` ending in `Job`) and Beaker\n  experiment specs (top-level `tasks:` with a `command`/`arguments`) whose command has a launcher with a count\n  above the target's.\n\nThe note's hint: run the launch command itself on the target, where the rule sets its GPU count.\n\n## Framework GPU-count flags\nTraining frameworks take a GPU count of their own, passed on the command line: `--gpus 4`, `--devices 8`\n(PyTorch Lightning's Trainer arguments), `--trainer.devices 8` (LightningCLI), Hydra-style overrides\n`trainer.devices=8`, `trainer.gpus=8`, `trainer.n_gpus_per_node=8` (verl's PPO trainer, with `trainer.nnodes`),\nOpenRLHF's `--actor_num_gpus_per_node 8`, `--ref_num_gpus_per_node`, `--critic_num_gpus_per_node`,\n`--reward_num_gpus_per_node`, and a script's own `--num_gpus`. A number above the target's GPU count gets a\nwarning with a hint naming the flag, not an edit: what the flag counts, and which other settings divide by it\n(tensor-parallel sizes, rollout and batch sizes that must be multiples of the GPU count), is the program's own.\nOptions before a `--` separator belong to the program that runs the rest (`ray job submit --address ... --\npython3 -m openrlhf.cli.train_ppo_ray ...`), so only what follows is read. The DeepSpeed launcher's own\n`--num_gpus` is a launcher option and is rewritten as above.\n\n## Two processes that hang at start-up\nA launch that the target's GPU count allows (`--nproc_per_node 2` on Kaggle's two T4s) can still stop making\nprogress at its first collective: every rank sits at 100% GPU with no output, often right after the NCCL set-up\nlines. The usual cause is peer-to-peer transfers between GPUs that the machine does not carry well, and the usual\nworkaround is to turn them off for the run: `NCCL_P2P_DISABLE=1 torchrun --nproc_per_node 2 train.py` (or\n`os.environ[\"NCCL_P2P_DISABLE\"] = \"1\"` before the process group starts; slower transfers, through host memory).\nReported as the fix for DDP hangs on two-GPU machines (Lightning-AI/pytorch-lightning#19425, where a maintainer\nnames broken P2P as the common cause; dmlc/xgboost#11242, \"NCCL might hang with P2P enabled\", fixed there by a newer\ndriver). No thread ties the hang to Kaggle's machines specifically, so the rule never writes the variable: set it\nwhen a two-process run hangs.\n\n## When it stays silent\n- Counts that fit the target, and counts that follow the machine: `--nproc_per_node gpu`/`auto`,\n  `$(nvidia-smi -L | wc -l)`, `${GPUS:-8}`, variables set more than once or in a branch.\n- A device list next to a launch whose count follows the machine (`--nproc_per_node gpu`) or that sets none: the\n  list alone is rewritten, since the count follows it.\n- Framework flags that fit, or are not numbers (`--gpus=auto`, `trainer.devices=-1`, `$NGPUS`); `--launch.num_gpus`\n  and other dotted options of a launcher command that are not overrides.\n- Commands under a hardware check (`if nvidia-smi ... | grep -q A100; then`), `echo` text and comments.\n- Make's own variables in recipes (`--nproc_per_node $(NUM_GPUS)`): their value is not read.\n- `os.environ.get(...)`, `setdefault`, dicts passed to subprocesses; `gpu_ids: all`.\n- DeepSpeed configs that leave one of the three batch keys out (or `\"auto\"`): DeepSpeed derives it from the\n  world size.\n\n## Hints instead of fixes\nMulti-machine launches (`--nnodes 2`, `--num_machines 2`, `--num_nodes 2`): the target is one machine, and which\nof the settings should change is the user's call. Accumulation steps that cannot grow to a whole number\n(3 steps on 8 -> 2 processes is fine, 3 on 3 -> 2 is not) leave the count rewritten and say so; a DeepSpeed batch\nthat cannot be kept gets a hint with the product to aim for.\n\nAn accelerate config whose `parallelism_config` splits the run (`parallelism_config_cp_size: 2`,\n`parallelism_config_dp_shard_size: 2`, `parallelism_config_sp_size: 2`: any size above 1) gets a hint, not a new\n`num_processes`: accelerate checks that the sizes multiply to the process count and stops with \"ParallelismConfig\ntotal_size (4) does not match num_processes (2)\" otherwise, and which kind of parallelism to give up (context,\nsequence, sharding) is a choice about the run (TRL's `context_parallel_2gpu.yaml` and `alst_ulysses_4gpu.yaml` are\nsuch configs).\n\n## Fix safety\nThe process count and device list only change which GPUs exist for the run, never the model. Scaling the\naccumulation keeps the number of samples per optimizer step, so the tuned learning rate and schedule stay right;\nthe number of optimizer steps per epoch stays the same too. What changes is wall time: fewer GPUs do the same\nwork. Accumulation is not exactly equal to a bigger batch for layers that see the micro-batch (BatchNorm).\n\n## Hardware fact\nOne training process per GPU is how torchrun, accelerate and DeepSpeed run data parallel training; a rank whose\nlocal id has no GPU fails in `torch.cuda.set_device` with \"invalid device ordinal\". Kaggle's \"GPU T4 x2\" has 2\nGPUs, Colab and Kaggle's P100 one (`docs/gpu-facts.md`, \"Platforms\").\n",
  "lightning-bf16": '# lightning-bf16\n\n**bf16 precision in a Lightning Trainer or Fabric on a GPU without bf16** \xB7 precision \xB7 error \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\n`Trainer(precision="bf16-mixed")` and `Fabric(precision="bf16-mixed")` (Lightning 2.x; `"bf16"` in 1.x, a\ndeprecated alias in 2.x) run each step under `torch.autocast` in bfloat16. On a GPU before Ampere the step stops\nwhen autocast is entered:\n\n```\nRuntimeError: Current CUDA Device does not support bfloat16. Please switch dtype to float16.\n```\n\n(Lightning-AI/lit-llama#230 on a V100 with `L.Fabric(..., precision="bf16-true")`; Lightning-AI/pytorch-lightning#15619\nshows Lightning\'s own AMP plugin entering a bf16 autocast on a V100; Lightning-AI/litgpt#416 stopped defaulting to bf16\nbecause "T4 and V100" do not support it). With newer PyTorch, `torch.cuda.is_bf16_supported()` counts emulation as\nsupport (see `bf16-emulation-check`) and the step runs with bf16 emulated through float32, slower than fp16 on\nthe T4\'s tensor cores.\n\n## What it rewrites\nFollowing the project\'s precision policy (`docs/gpu-facts.md`), the `precision=` string of a\nLightning `Trainer` or `Fabric` (`lightning.Trainer`, `lightning.pytorch.Trainer`, `pytorch_lightning.Trainer`,\n`lightning.Fabric`, `lightning.fabric.Fabric`, `lightning_fabric.Fabric`, through any alias: `L.Trainer`,\n`pl.Trainer`, `from lightning.pytorch import Trainer`):\n\n| precision | T4, V100 (fp16 tensor cores) | P100, P4, K80, or `--precision fp32` |\n| --- | --- | --- |\n| `"bf16-mixed"` | `"16-mixed"` | `"32-true"` |\n| `"bf16"` | `"16"` | `"32"` |\n\n`"16-mixed"` is fp16 autocast with float32 master weights and Lightning\'s GradScaler, which it applies in its\nown backward. The short `"bf16"` maps to the short `"16"`/`"32"` because those are valid in Lightning 1.x (whose\nprecision strings were `"64"`, `"32"`, `"16"`, `"bf16"`) and still accepted by 2.x, while `"16-mixed"` and\n`"32-true"` exist only from 2.0. Lightning 2.x warns about the short names, as it already did for `"bf16"`\n("bf16 is supported for historical reasons but its usage is discouraged. Please set your precision to bf16-mixed\ninstead!", Lightning-AI/pytorch-lightning discussion #18263; the same sentence with 16 and 16-mixed for `"16"`):\na warning, not an error.\n\n**Models that overflow float16.** Models trained in bf16 whose activations overflow float16 (inf/NaN losses)\ntrain in float32 instead of fp16 on every target: T5/Flan-T5/mT5/ByT5 (transformers#5651, #9295), Gemma-2/3/4\n(transformers#36822, #39972; unsloth#5055), gpt-oss, Qwen3-MoE/Qwen3.5 and GLM-4 (the lists vLLM\'s\n`_FLOAT16_NOT_SUPPORTED_MODELS` and Unsloth\'s `FORCE_FLOAT32` keep). The family is told from the model ids the file\nnames (a `from_pretrained` literal, `base_model:`, `--model_name_or_path`); one such id is enough, since float32\nis right for every model. Where no id tells the family, the fp16 rewrite says the risk in one clause: if the loss\nturns inf/NaN, the model overflows float16, and float32 is the way out.\n\n## When it stays silent\n- `accelerator="cpu"`: Lightning runs bf16 on the CPU by design (it even replaces `"16-mixed"` by `"bf16-mixed"`\n  there).\n- Hugging Face\'s `transformers.Trainer` and any other class named `Trainer` or `Fabric` (`from mylib import\n  Fabric`): only a callee that resolves to a Lightning module counts, or a bare `Trainer` when a Lightning module\n  is star-imported.\n- Guarded code (`"bf16-mixed" if torch.cuda.is_bf16_supported() else "16-mixed"`, a capability check around the\n  call), computed values (`precision=args.precision`), `"16-mixed"`, `32`, and the same strings in argparse\n  `choices`, help texts, comments and log messages.\n- Targets with bf16.\n\n## Hints instead of fixes\n- `"bf16-true"`, on every target: it keeps the weights themselves in bf16 to halve their memory. `"16-true"` would\n  keep the memory but train in pure float16 without master weights or loss scaling, which often diverges\n  (in Lightning-AI/lit-llama#230 a Lightning AI developer reports that a LLaMA fine-tune in pure 16-bit "wouldn\'t converge" and\n  ended in NaN losses); `"16-mixed"` and `"32-true"` are stable but double the weight memory, which may not fit. The hint\n  names the choices; the user picks.\n- On a T4 or V100, when the file calls `.backward()` on a loss itself instead of `fabric.backward(loss)` or\n  `self.manual_backward(loss)`: Lightning\'s fp16 mode scales the loss only in its own backward while its wrapped\n  optimizer always unscales, so a plain `loss.backward()` would shrink every update. On a P100 or K80 the float32\n  rewrite is safe either way and is applied.\n\n## In config files\nLitGPT\'s YAML configs (its `config_hub/finetune` and `config_hub/pretrain` files, passed to `litgpt finetune\n--config` or `litgpt pretrain --config`) hand their top-level `precision` to a Fabric: `precision: bf16-mixed`\nbecomes `16-mixed` on a T4 or V100 and `32-true` on a P100 or K80, as in Python; LitGPT\'s loops call\n`fabric.backward`, so fp16 loss scaling applies. `precision: bf16-true`, what most of LitGPT\'s configs use, gets the\nsame hint as in Python. A config counts as LitGPT\'s when it has `out_dir` and `precision` with one of\n`checkpoint_dir`, `initial_checkpoint_dir`, `model_name`, `devices`, `num_nodes`. Comments and layout stay.\n\nHydra and LightningCLI configs build the Trainer from YAML, and get the same rewrite and hint for the `precision`\nof:\n- a mapping whose `_target_` is a Lightning Trainer or Fabric (`lightning.pytorch.trainer.Trainer`, as in\n  ashleve/lightning-hydra-template\'s `configs/trainer/*.yaml`, `lightning.pytorch.Trainer`, `pytorch_lightning.Trainer`,\n  `lightning.Trainer`, `lightning.Fabric`, ...), at the top or nested (`trainer: {_target_: ...}`);\n- a `trainer:` mapping without `_target_` (a LightningCLI `config.yaml`, a NeMo config, a Hydra experiment that\n  overrides `trainer: {precision: ...}`), or the top level of a file in a Hydra `trainer/` config group, when it\n  holds a key only Lightning\'s Trainer takes (`accelerator`, `devices`, `max_epochs`, `min_epochs`, `strategy`,\n  `accumulate_grad_batches`, `gradient_clip_val`, `check_val_every_n_epoch`, `log_every_n_steps`, `num_nodes`,\n  `limit_train_batches`, `enable_checkpointing`).\n\nSuch configs train with Lightning\'s automatic optimization, whose backward scales the fp16 loss. A mapping with\n`accelerator: cpu`, one whose `_target_` names another class (a model, a callback), and a `trainer:` mapping with\nno Lightning-only key (Hugging Face\'s `num_train_epochs`, `per_device_train_batch_size`) are left alone.\n\n## In shell scripts\n`litgpt finetune_lora microsoft/phi-2 --precision bf16-mixed` (any `litgpt` subcommand, `--precision=...` or\n`--precision ...`, quoted or not) gets the same choice: `16-mixed` or `32-true`, and a hint for `bf16-true`. Values\nfrom variables, `echo` texts and comments are not read.\n\n## Fix safety\n`"16-mixed"` is the mixed precision Lightning used on every GPU before bf16: float32 weights, autocast keeps\nreductions in float32, and the scaler skips overflowing steps. `"32-true"` trains in float32, exactly, at float32\nspeed. Activations beyond float16\'s range (65504) can still overflow in the forward pass where bf16 would not.\n\n## Hardware fact\nbf16 needs compute capability 8.0; fp16 tensor cores exist from Volta (7.0) (NVIDIA CUDA C Programming Guide,\n"Compute Capabilities"). Lightning\'s mixed precision is `torch.autocast`, which raises the error above when\n`torch.cuda.is_bf16_supported()` is False. See `docs/gpu-facts.md`.\n',
  "notebook-data-parallel": '# notebook-data-parallel\n\n**A Hugging Face Trainer run inside a notebook that sees two or more GPUs, where it falls back to DataParallel** \xB7 parallel \xB7 warning \xB7 fix: never\n\nRuns on targets with more than one GPU (`t4x2`, `kaggle-t4x2`), in notebooks: one kernel process sees every GPU.\n\n## Why\nA notebook runs in one process. When that process sees two GPUs, transformers\' `TrainingArguments` counts\n`n_gpu = 2` and the Trainer wraps the model in `torch.nn.DataParallel` (`Trainer._wrap_model`): one process\ndrives both GPUs, replicates the model to each at every forward pass and gathers the outputs on GPU 0. PyTorch\'s\ndocs recommend DistributedDataParallel over it ("Use nn.parallel.DistributedDataParallel instead of\nmultiprocessing or nn.DataParallel", CUDA semantics notes); on Kaggle\'s two T4s the run is slower than one process\nper GPU and GPU 0 runs out of memory first (`docs/gpu-facts.md`, "Two T4s").\n\n## What it rewrites\nNothing: one hint per notebook, on the first `Trainer(...)` / `SFTTrainer(...)` / `DPOTrainer(...)` (transformers\nand TRL trainers, through any import alias):\n\n- one GPU: `import os` and `os.environ["CUDA_VISIBLE_DEVICES"] = "0"` in the first code cell, before torch;\n- both GPUs: wrap the training in a function and call `notebook_launcher(train, num_processes=2)`\n  (`from accelerate import notebook_launcher`), or write it to a script and `!accelerate launch --num_processes 2\n  train.py`.\n\n```python\ntrainer = Trainer(model=model, args=args, train_dataset=ds)   # warning: DataParallel over 2 x Tesla T4\n```\n\n## When it stays silent\n- Python scripts (`.py`): they may be launched with torchrun or accelerate, one process per GPU.\n- Notebooks that set `CUDA_VISIBLE_DEVICES` (also `%env CUDA_VISIBLE_DEVICES=0`), call `notebook_launcher`, or\n  import Unsloth (`unsloth-single-gpu` sets the device list there).\n- Notebooks that launch processes themselves (`!torchrun ...`, `!accelerate launch ...`, `!deepspeed ...`): the\n  Trainer is in the script they write (`%%writefile train.py`) and runs once per GPU; `device-map-ddp` reads that\n  script.\n- Notebooks that load a model with `device_map="auto"` (or `"balanced"`, `"sequential"`): the Trainer then runs it\n  model-parallel, not DataParallel.\n- Other classes named `Trainer` (Lightning\'s, the notebook\'s own); single-GPU targets.\n\n## Fix safety\nHints only: whether to give up the second GPU or restructure the notebook for two processes is the user\'s choice.\n\n## Hardware fact\ntransformers\' `TrainingArguments.n_gpu` is the visible GPU count in a single process, and `Trainer._wrap_model`\nwraps the model in `nn.DataParallel` when it is above 1 (transformers\' trainer.py); Kaggle\'s "GPU T4 x2" shows two\nGPUs to the notebook (`docs/gpu-facts.md`, "Platforms", "Two T4s").\n',
  "notebook-shell-cd": "# notebook-shell-cd\n\n**`!cd dir` in a notebook, which changes the directory of a subshell that exits at once** \xB7 platform \xB7 warning \xB7 fix: sometimes\n\nRuns on every target: it is about IPython, not the GPU.\n\n## Why\nKaggle and Colab notebooks start by cloning a repo and stepping into it:\n\n```\n!git clone https://github.com/example/llm-recipes.git\n!cd llm-recipes\n!pip install -r requirements.txt\n```\n\nIPython runs each `!` line in a new shell that exits when the line ends, so the `cd` is lost: the next line still\nruns in the old directory (`pip` does not find `requirements.txt`) and so does the notebook's Python\n(`open(\"data/train.jsonl\")` fails). This is a known gotcha (googlecolab/colabtools#40, closed as working as\nintended, with `%cd foo/bar` as the answer; RosettaCommons/PyRosetta.notebooks#95 replaced `!cd` in every notebook\nafter students hit it). IPython's `%cd` magic changes the kernel's own working directory, which later `!` lines\ninherit.\n\n## What it rewrites\nIn notebook code cells, a line that is only `!cd` with one plain path (`!cd llm-recipes`, `!cd ..`, `!cd ~/work`)\nor none (`!cd`): the `!` becomes `%`. Nothing else on the line changes; the cell's other lines, its outputs and\nthe notebook's layout stay byte for byte.\n\n## When it stays silent\n- `!cd dir && make`, `!cd dir; ls`: the directory is used within the same line, which works.\n- `files = !cd dir` and `!!cd dir` (they capture output), `%cd` already, comments and strings.\n- `%%bash` cells and `.sh` scripts: there the shell lives for the whole cell or script.\n\n## Hints instead of fixes\n`!cd \"my data\"` and `!cd $WORKDIR`: IPython's `%cd` reads quotes and `$` expansions its own way, so the hint\nsays to write the `%cd` line by hand, or to join the commands that need the directory with `&&`.\n\n## Fix safety\n`%cd` with a plain path goes where `cd` would have gone, now for the rest of the session. A notebook that relied\non the directory not changing (later lines with paths relative to the old one) was already broken in the way the\nauthor meant it to run; the report lists each rewritten line so it can be checked.\n\n## Hardware fact\nNone: this is IPython's behaviour on every machine. It is here because notebooks that Kaggle and Colab users start\nfrom carry it, next to their GPU assumptions.\n",
  "remote-code-kwargs": "# remote-code-kwargs\n\n**bf16=True or use_flash_attn=True passed to a trust_remote_code model load (Qwen-1 style) on a GPU without them** \xB7 precision \xB7 warning \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\nRemote-code models in the style of Qwen-1 (`Qwen/Qwen-7B-Chat`, `Qwen/Qwen-1_8B-Chat`) take their precision and\nattention from config fields that the model load sets: the model card's\n`AutoModelForCausalLM.from_pretrained(..., trust_remote_code=True, bf16=True, use_flash_attn=True)` fills\n`QWenConfig`'s `bf16`, `fp16`, `fp32` and `use_flash_attn` (its `configuration_qwen.py`), and the model's own code\ncasts the weights to bfloat16 and calls the flash-attn package. On a GPU below compute capability 8.0, bfloat16\nruns emulated and slow or kernels refuse it, and FlashAttention-2 stops with \"FlashAttention only supports Ampere\nGPUs or newer.\" (flash-attention#762 on a T4). `bf16-dtype` and `trainer-bf16` do not read these keywords: they are\nneither a `torch_dtype` nor Trainer arguments.\n\n## What it rewrites\nIn `X.from_pretrained(...)` with `trust_remote_code=True`:\n\n| before | after |\n| --- | --- |\n| `bf16=True` | `fp16=True` or `fp32=True`, by the model-load precision policy (below) |\n| `use_flash_attn=True` | `use_flash_attn=False` (the model's own attention) |\n\nThe dtype follows the project's policy for model loads (`docs/gpu-facts.md`, \"Precision policy\"), the\nsame function `bf16-dtype` uses for `torch_dtype`: float32 when the model fits the target in float32, else float16\nwith a note (`Qwen/Qwen-7B-Chat` on a T4: ~31 GiB in float32, so `fp16=True`; `Qwen/Qwen-1_8B-Chat`: ~8 GiB, so\n`fp32=True`). `--precision fp16|fp32` forces one. The model's size comes from its id, a `config.json` in the repo,\nor the table of known models.\n\n## When it stays silent\n- Loads without `trust_remote_code=True` (transformers' own classes ignore these keywords), and tokenizers,\n  processors and configs, which load no weights (Qwen's eval scripts pass the same keywords to `AutoTokenizer`).\n- `bf16=False`, `fp16=True`, `use_flash_attn=False` or `\"auto\"`, computed values (`bf16=args.bf16`).\n- The keywords in other calls (`TrainingArguments(bf16=True)` is `trainer-bf16`'s).\n- Loads under a capability check; comments and strings; targets with bf16.\n\n## Hints instead of fixes\n- The model's size is unknown (`from_pretrained(sys.argv[1], ...)`): no dtype is certain; the hint gives the sizes\n  up to which float32 and float16 fit, and says the config takes `fp16=True` or `fp32=True`.\n- The call already passes `fp16=` or `fp32=` as well: the hint says which to keep.\n\n## Fix safety\n`fp16=True` casts the weights to float16: values beyond 65504 overflow, which bf16-trained families can hit (see\n`bf16-dtype`); `fp32=True` is exact at twice the memory. `use_flash_attn=False` keeps the same attention math in\nthe model's own code, slower and with more memory for long sequences than FlashAttention; FlashAttention 1.x,\nwhich Qwen-1's code also accepts, supported Turing, but the package that installs today is FlashAttention-2.\nOther remote-code models that take `bf16=`/`use_flash_attn=` keywords are assumed to read them the way Qwen-1 does.\n\n## Hardware fact\nbf16 tensor cores and FlashAttention-2 need compute capability 8.0; the T4 is 7.5, the V100 7.0, the P100 6.0, the\nK80 3.7 (NVIDIA CUDA C Programming Guide, \"Compute Capabilities\"; flash-attention's README). See\n`docs/gpu-facts.md`.\n",
  "sdpa-flash-only": "# sdpa-flash-only\n\n**PyTorch SDPA restricted to the flash kernel on a GPU before Ampere** \xB7 attention \xB7 error \xB7 fix: sometimes\n\nRuns when the target has no flash kernel in PyTorch: compute capability below 8.0.\n\n## Why\n`torch.nn.functional.scaled_dot_product_attention` (SDPA) picks one of several kernels at run time. Code written for\nan A100 often allows only the flash kernel. Since PyTorch 2.2, SDPA's flash kernel is FlashAttention-2, and ATen's\n`sdp_utils.cpp` refuses it below sm80 (\"Flash attention only supports gpu architectures in the range [sm80, ...].\nAttempting to run on a sm 7.5 gpu.\"); the cuDNN kernel has the same sm80 floor. With every other kernel switched off\nSDPA has nothing left and raises:\n\n```\nRuntimeError: No available kernel.  Aborting execution.\n```\n\n(lucidrains/x-transformers#143 on V100s, where the fix in rmihaylov/falcontune#11 is exactly\n`enable_mem_efficient=True`; lucidrains/MEGABYTE-pytorch#6; facebookresearch/sam2#48. Recent PyTorch prints it with a\nsingle space: \"No available kernel. Aborting execution.\") The memory-efficient kernel computes the same exact\nattention and runs from sm50 on; below sm50 (K80) only the math kernel runs.\n\n## What it rewrites\nOn T4, V100 and P100 the memory-efficient kernel is added; on K80 the math kernel.\n\n| before | after (T4 / V100 / P100) |\n| --- | --- |\n| `sdpa_kernel(SDPBackend.FLASH_ATTENTION)` (`torch.nn.attention`, also as a decorator or `backends=`) | `sdpa_kernel([SDPBackend.FLASH_ATTENTION, SDPBackend.EFFICIENT_ATTENTION])` |\n| `sdpa_kernel([SDPBackend.FLASH_ATTENTION, ...])` whose backends none run here | `, SDPBackend.EFFICIENT_ATTENTION` appended |\n| `torch.backends.cuda.sdp_kernel(enable_flash=True, enable_math=False, enable_mem_efficient=False)` (keywords or positions) | `enable_mem_efficient=True` |\n| `torch.backends.cuda.enable_mem_efficient_sdp(False)` in a block that also calls `enable_math_sdp(False)` and does not disable flash | `enable_mem_efficient_sdp(True)` |\n\nThe fix widens the set of allowed kernels, and `SDPBackend` keeps the user's spelling (`attn.SDPBackend`,\n`torch.nn.attention.SDPBackend`). Where a GPU has flash attention, SDPA still tries it first (also with\n`set_priority=True`, since the new backend goes last).\n\n## Hints instead of fixes\n- A backends list holding something other than plain `SDPBackend` members (`[SDPBackend.FLASH_ATTENTION, *extra]`).\n- `sdp_kernel(...)` whose flags are partly computed (`enable_math=allow_math`) and none of them True.\n- `enable_mem_efficient_sdp(False)` in one function and `enable_math_sdp(False)` in another: the switches are global,\n  so whether both apply at once depends on the order the program runs them in.\n- `enable_flash_sdp(True)` with `enable_mem_efficient_sdp(False)` and the math kernel still on (info): SDPA runs,\n  but through the math kernel, which is slower and holds the whole attention matrix in memory.\n\n## When it stays silent\n- Code under a hardware check (`if torch.cuda.get_device_capability()[0] >= 8:`, a ternary on it).\n- Backend sets that already hold a kernel this GPU runs (`EFFICIENT_ATTENTION` or `MATH`; on K80 only `MATH`);\n  `sdp_kernel(...)` with `enable_mem_efficient` or `enable_math` left at its default True; blocks that disable flash\n  themselves (`enable_flash_sdp(False)`, choosing the memory-efficient kernel on purpose).\n- Backend lists kept in a variable, comparisons with `SDPBackend.FLASH_ATTENTION`, strings, comments, docstrings.\n- Targets with compute capability 8.0 or newer.\n\n## Fix safety\nFlash, memory-efficient and math attention compute the same exact attention (none approximates), so outputs match up\nto floating-point rounding. Adding a backend never removes one: where flash runs it is still chosen first. The\nmemory-efficient kernel before sm80 takes float16 and float32 inputs, not bfloat16 (`sdp_utils.cpp`); the bf16 rules\nturn bfloat16 tensors into float16 or float32 first. On K80 the math kernel materialises the attention matrix, so\nlong sequences need more memory.\n\n## Hardware fact\nPyTorch's SDPA kernels check the GPU before they run (`aten/src/ATen/native/transformers/cuda/sdp_utils.cpp`):\nflash attention needs sm80 or newer (PyTorch 2.0 and 2.1 shipped FlashAttention 1 with an sm75 floor, so a T4 ran\nflash there; PyTorch 2.2 moved to FlashAttention-2), cuDNN attention sm80, memory-efficient attention sm50. See\n`docs/gpu-facts.md`.\n",
  "session-time-limit": '# session-time-limit\n\n**Long Trainer runs that save nothing, or never resume, on a platform whose sessions end after 12 h** \xB7 platform \xB7 warning \xB7 fix: never\n\nRuns when the target\'s platform ends GPU sessions after a fixed time: `kaggle-t4x2`, `kaggle-p100` and `colab-t4`,\n12 h each. Plain GPU targets say nothing about sessions.\n\n## Why\nA Kaggle GPU session ends after 12 h (Kaggle Notebooks docs, "Technical Specifications"), and a free Colab notebook\nruns for at most 12 h, after which its VM and its disk are gone (Colab FAQ, "How long can notebooks run in Colab?";\n`docs/gpu-facts.md`, the Kaggle and Colab rows). A Trainer run cut off there keeps only the checkpoints it wrote to\nstorage that outlives the session, and goes on from one only when it is asked to:\n`trainer.train(resume_from_checkpoint=...)`. A run that saves nothing (`save_strategy="no"`) loses all of it.\n\nHow long a run takes is not in its literals: it depends on the data, the sequence lengths after padding, the model\nand the GPU. So the rule does not estimate it. It reads the number of steps when the code gives it, and says the\ntime each step may take to finish within the session: 5000 steps in 12 h leave 8.6 s a step. It speaks from 5000\nsteps: a threshold chosen so that the budget is a few seconds a step, which a fine-tune of a billion-parameter\nmodel with batches of a few thousand tokens can need on these GPUs (measure one: the Trainer logs its\n`train_steps_per_second`); it is a judgement, not a measurement, and the hint says "if the run may take longer".\nAn epoch count says even less (the data set\'s size is unknown): it counts only from 10 epochs, and only for a run\nthat saves nothing.\n\n## What it rewrites\nNothing: a hint on the setting that makes the run long.\n\n| code | finding |\n| --- | --- |\n| `TrainingArguments(max_steps=20000, save_strategy="no")` (also `IntervalStrategy.NO`, and the subclasses: `SFTConfig`, `DPOConfig`, ...) | warning: a cut-off run loses all its training; each step must take under 2.2 s |\n| `TrainingArguments(num_train_epochs=30, save_strategy="no")` | the same, without the step budget |\n| `TrainingArguments(max_steps=10000, save_steps=500)` and `trainer.train()`, in a file with no `resume_from_checkpoint` | info: a cut-off run starts again from the first step |\n| `save_strategy: "no"` with `max_steps: 12000` or `num_train_epochs`/`num_epochs` >= 10 in an Axolotl, LLaMA-Factory or TrainingArguments config | warning, as in Python |\n\nThe hint says where checkpoints outlive the session and how the next one resumes: on Kaggle, `/kaggle/working`\n(relative `output_dir`s land there; Kaggle saves up to 20 GB of it as the notebook\'s output), then that output added\nas an input of the next session and `trainer.train(resume_from_checkpoint="/kaggle/input/<output>/checkpoint-<step>")`;\non Colab, an `output_dir` on Google Drive and `trainer.train(resume_from_checkpoint=True)`, which picks the last\ncheckpoint in `output_dir`.\n\n## When it stays silent\n- Fewer than 5000 literal `max_steps` (whatever the epochs: the Trainer\'s `max_steps` wins when it is positive), or\n  fewer than 10 literal epochs; computed values (`max_steps=args.max_steps`).\n- A file that resumes (`resume_from_checkpoint` anywhere in it), or that does not call `.train(` itself (the script\n  that trains may resume); an epoch-counted run that saves checkpoints.\n- Configs whose `save_strategy` is not `"no"`: whether the launch resumes is the command\'s business.\n- `**kwargs` in the call, guarded calls, comments and strings; targets without a platform.\n\n## Fix safety\nHints only: how often to save, where, and whether the run needs to resume at all are the user\'s choices; the step\nbudget is arithmetic (session seconds / steps), not an estimate of the run.\n\n## Hardware fact\nNot a GPU fact but the platforms\': 12 h GPU sessions on Kaggle (Kaggle Notebooks docs, "Technical Specifications")\nand on free Colab (Colab FAQ); `sessionHours` in `packages/targets/src/platforms.ts`. Resuming: transformers\'\n`Trainer.train(resume_from_checkpoint=True)` loads the last `checkpoint-*` in `output_dir`, a path loads that one.\n',
  "tf32": '# tf32\n\n**TF32 requested on a GPU before Ampere** \xB7 precision \xB7 error (Trainer) / info (backend flags) \xB7 fix: sometimes\n\nRuns when the target has no TF32 tensor cores: compute capability below 8.0.\n\n## Why\nTensorFloat-32 is an Ampere tensor-core format. `TrainingArguments(tf32=True)` makes transformers raise, in\n`TrainingArguments.__post_init__`:\n\n```\nValueError: --tf32 requires Ampere or a newer GPU arch, cuda>=11 and torch>=1.7\n```\n\n(reported on a T4 with sentence-transformers in percent4/embedding_model_exp#3, and on a V100 in\nlm-sys/FastChat#1191). The PyTorch switches `torch.backends.cuda.matmul.allow_tf32 = True` and\n`torch.backends.cudnn.allow_tf32 = True` raise nothing there: they simply have no effect. Neither does\n`torch.set_float32_matmul_precision("high")` (TF32) or `("medium")` (bfloat16): PyTorch uses those formats "if the\nappropriate fast matrix multiplication algorithms are available. Otherwise float32 matrix multiplications are\ncomputed as if the precision is \'highest\'" (PyTorch docs, `torch.set_float32_matmul_precision`).\n\n## What it rewrites\n| before | after |\n| --- | --- |\n| `TrainingArguments(..., tf32=True, ...)` (and its subclasses) | the argument is removed |\n| `torch.backends.cuda.matmul.allow_tf32 = True` | unchanged, with an info finding: it does nothing on this GPU |\n| `torch.set_float32_matmul_precision("high")` / `("medium")` | unchanged, with an info finding: float32 matmuls run at full float32 cost |\n\n## When it stays silent\n- `tf32=False`, computed values, and calls under a hardware check.\n- `allow_tf32 = False`, attributes outside `torch.backends`, and assignments under a hardware check.\n- `torch.set_float32_matmul_precision("highest")` (the default), computed precisions, and calls under a hardware check.\n- Comments and strings mentioning TF32.\n- Targets with TF32 (compute capability 8.0 and newer).\n\n## In config files\n`tf32: true` as a top-level key of an Axolotl config, a LLaMA-Factory config or a TrainingArguments JSON/YAML\nfile reaches `TrainingArguments(tf32=True)` the same way (Axolotl passes `tf32` on when it is `true`), and becomes\n`tf32: false` on every target without TF32. The value changes instead of the line going away: it is one edit on\none token, valid in block, flow and JSON alike, keeps the line\'s comment, and says in the file what runs; for all\nthree tools `false` means what an absent key means on these GPUs (Axolotl\'s default `auto` resolves to false\nwithout TF32). `tf32: auto`, `tf32: false` and nested keys stay as they are.\n\n## In shell scripts\n`--tf32 True` (also `--tf32=true`, `--tf32 1`, quoted) in the arguments of a Python training script is\n`TrainingArguments(tf32=True)` through HfArgumentParser, and becomes `--tf32 False` (in the value\'s own\nspelling: `--tf32=true` becomes `--tf32=false`) on every target without TF32. The value changes instead of the\nflag going away, as in config files: scripts that subclass TrainingArguments often declare\n`tf32: Optional[bool] = field(default=True)`, and there a removed flag would leave TF32 on. Which commands are\nread, and how values are read, is described in `trainer-bf16`\'s "In shell scripts". A bare `--tf32` is not\nread: TrainingArguments\' `tf32` is an `Optional[bool]` defaulting to None, which HfArgumentParser gives no\noptional value, so a bare flag stops on the command line itself. Stays silent: false values, values from variables, comments, `echo` texts,\nand commands under a hardware check.\n\n## Fix safety\nRemoving `tf32=True` restores the default, which on a pre-Ampere GPU is the only thing that can run: plain float32\nmatmuls. Nothing else in the call moves.\n\n## Hardware fact\nTF32 tensor cores need compute capability 8.0 (NVIDIA Ampere architecture whitepaper; CUDA C Programming Guide).\nSee `docs/gpu-facts.md`.\n',
  "torch-compile-no-triton": '# torch-compile-no-triton\n\n**torch.compile with the Inductor backend on a GPU without Triton** \xB7 compile \xB7 error \xB7 fix: sometimes\n\nRuns when the target cannot run Triton: compute capability below 7.0 (P100, P4, K80). T4 and V100 run Triton, so\nnothing changes there.\n\n## Why\n`torch.compile`\'s default backend, Inductor, generates Triton kernels, and Triton only supports compute capability\n7.0 and newer. Compilation happens at the first call of the compiled model, and on a Pascal or Kepler GPU that call\nfails:\n\n```\ntorch._dynamo.exc.BackendCompilerFailed: backend=\'inductor\' raised:\nRuntimeError: Found Tesla P100-SXM2-16GB which is too old to be supported by the triton GPU compiler, which is used as the backend. Triton only supports devices of CUDA Capability >= 7.0, but your device is of CUDA capability 6.0\n```\n\n(vllm-project/vllm#14547 on a P100; karpathy/nanoGPT#157 and MIC-DKFZ/nnUNet#2188 on GTX 1080 cards, where the\nanswer in both threads is to turn compilation off; apple/ml-cross-entropy#41 shows the `BackendCompilerFailed`\nwrapper from `torch/_inductor/scheduler.py`). The eager model computes the same thing, only without the fused kernels.\n\nHugging Face `TrainingArguments` compiles the model the same way: `torch_compile=True`, and also\n`torch_compile_mode=...` or `torch_compile_backend=...` on their own, switch compilation on, and the backend defaults\nto `"inductor"` (`TrainingArguments.__post_init__` in transformers\' `training_args.py`).\n\n## What it rewrites\n| before | after |\n| --- | --- |\n| `model = torch.compile(model)`, `model = torch.compile(model, mode="max-autotune", ...)` (the same name on both sides, the statement alone on its lines) | the statement is removed (a block\'s only statement becomes `pass`) |\n| `fast = torch.compile(model, ...)` | `fast = model` |\n| `@torch.compile` / `@torch.compile(fullgraph=True, ...)` above a function | the decorator line is removed |\n| `TrainingArguments(..., torch_compile=True, ...)`, `torch_compile_mode="..."`, `torch_compile_backend="inductor"` (and the subclasses, such as `SFTConfig`) | the argument is removed |\n\nAliases count: `import torch as T; T.compile(...)` and `from torch import compile`.\n\ntorchtune recipe configs (a `checkpointer` mapping with a `model` or `tokenizer` mapping): the top-level\n`compile: True` makes the recipe compile each layer and the loss (`training.compile_model`, `compile_loss`) with the\nbackend in the `TORCH_COMPILE_BACKEND` environment variable, Inductor when it is unset (pytorch/torchtune,\n`torchtune/training/_compile.py`). It becomes `compile: False`, in the spelling the file uses (`True` -> `False`,\n`true` -> `false`), comments kept; the recipe then runs eagerly. A `compile` key in other YAML (a Hydra model\'s\n`compile: true`, whose effect is the module\'s code) or nested inside a torchtune component is not read.\n\n## Hints instead of fixes\n- `torch.compile(model)(inputs)`, a compiled model inside a list or a call, `functools.partial(torch.compile, ...)`:\n  the result is used in place, so there is no statement to remove.\n- A computed `backend=` or `disable=`, or `**kwargs`, which may pick a backend that needs no Triton.\n- A file that uses `_orig_mod` (the compiled wrapper\'s handle on the original model): without compilation that\n  attribute does not exist.\n- `a = 1; model = torch.compile(model)`: other code shares the line.\n- A computed `torch_compile=` or `torch_compile_backend=` in `TrainingArguments`.\n\nThe hint: run eagerly, or pass `backend="aot_eager"`, which traces the model but needs no Triton.\n\n## When it stays silent\n- Code under a hardware check (`if torch.cuda.get_device_capability()[0] >= 7:`, a ternary on `major >= 7`).\n- Backends that need no Triton: `backend="eager"`, `"aot_eager"`, `"cudagraphs"`, and any other non-Inductor name;\n  `disable=True`; `TrainingArguments(torch_compile_backend="aot_eager")`; `torch_compile=False`.\n- `re.compile`, the built-in `compile(...)`, methods named `compile`, comments, docstrings, log and help texts.\n  `nn.Module.compile()` (`model.compile()`) is not recognised either: a `.compile()` method call\n  cannot be told apart from the many unrelated ones.\n- Targets with compute capability 7.0 or newer (T4, V100, A100).\n\n## Fix safety\n`torch.compile` does not change what a model computes, only how: the eager model gives the same results up to\nfloating-point rounding, more slowly. `x = torch.compile(x)` and `y = torch.compile(x)` bind the original module or\nfunction instead of the compiled wrapper; the one visible difference is the wrapper\'s `_orig_mod` attribute (and the\n`_orig_mod.` prefix in its `state_dict` keys), which is why files that use it only get a hint. Removing\n`torch_compile=True` restores the Trainer\'s default, eager training.\n\n## Hardware fact\nTriton supports NVIDIA GPUs of compute capability 7.0 and newer (triton-lang/triton#161; PyTorch\'s Inductor\nchecks this before compiling and raises the error above). See `docs/gpu-facts.md`.\n',
  "torch-wheel-arch": '# torch-wheel-arch\n\n**PyTorch pinned to wheels without kernels for the GPU** \xB7 platform \xB7 error \xB7 fix: never\n\nRuns when PyTorch\'s default CUDA wheels from 2.8 on have no kernels for the target: compute capability below 7.0\n(P100, P4, K80).\n\n## Why\nPyTorch 2.8 removed Maxwell and Pascal (sm_50 to sm_61) from its CUDA 12.8 and 12.9 builds, and CUDA 12.8 is the\nbuild `pip install torch` gets from PyPI. The release notes say: "Removed support for Maxwell, Pascal, and Volta\narchitectures with CUDA 12.8 and 12.9 builds ... If you need support for these architectures, please utilize\nCUDA 12.6 instead" (quoted in easydiffusion/torchruntime#22; plan in pytorch/pytorch#157517; Volta came back to the\n12.8 build for 2.8). On Kaggle\'s P100 such a torch imports fine and then fails at the first kernel with\n"no kernel image is available for execution on the device" (jhj0517/Whisper-WebUI#653 shows the cu128 arch list\nwithout sm_60/61).\n\n## What it rewrites\nNothing: which build to install is the user\'s call. It reports a torch requirement whose every allowed version\nis 2.8 or newer (`torch==2.8.0`, `torch>=2.9`, `torch~=2.9.0`) in `requirements*.txt`, in `pyproject.toml`\n(`[project] dependencies` and optional groups) and in `setup(install_requires=[...])`, with the hint to pin\n`torch<2.8` (2.7.1 is the last release whose default wheels include Pascal) or to install 2.8+ from the CUDA 12.6\nindex.\n\n## When it stays silent\n- Specifiers that still allow an older release (`torch>=2.1`, `torch`, `torch<2.8`): pip may keep what is there.\n- Builds that carry the old architectures: a `+cu126` (or older) local version, or a requirements file that uses\n  the cu126 (or older) index.\n- Other packages whose names start with "torch" (`torchvision`, `torch-geometric`), comments.\n- Targets with compute capability 7.0 or newer.\n\n## Fix safety\nNo fix: downgrading PyTorch can break other pins, and an index URL belongs to how the environment is built.\n\n## Hardware fact\nThe CUDA 12.8 wheels of PyTorch 2.8 are built for `7.0;7.5;8.0;8.6;9.0;10.0;12.0`; the CUDA 12.6 ones for\n`5.0;6.0;7.0;7.5;8.0;8.6;9.0` (jhj0517/Whisper-WebUI#653, from PyTorch\'s build scripts). The P100 is compute\ncapability 6.0, the P4 6.1, the K80 3.7 (CUDA C Programming Guide).\n',
  "trainer-bf16": "# trainer-bf16\n\n**bf16 mixed precision in TrainingArguments on a GPU without bf16** \xB7 precision \xB7 error \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\n`TrainingArguments(bf16=True)` (and its subclasses `Seq2SeqTrainingArguments`, TRL's `SFTConfig`, `DPOConfig`,\n`ORPOConfig`, `KTOConfig`, `CPOConfig`, `RewardConfig`, `GRPOConfig`, `PPOConfig`) asks for bfloat16 mixed precision.\nOn a GPU before Ampere, transformers stops in `TrainingArguments.__post_init__`, before any training step runs:\n\n```\nValueError: Your setup doesn't support bf16/gpu. You need torch>=1.10, using Ampere GPU with cuda>=11.0\n```\n\n(later releases word it \"You need Ampere+ GPU with cuda>=11.0\"). The check behind it was\n`torch.cuda.get_device_properties(...).major < 8`. Newer transformers ask `torch.cuda.is_bf16_supported()`\ninstead, which counts emulated bf16 as support (see `bf16-emulation-check`): there the run starts, and every\nmatmul is emulated through float32, slower than fp16 on the T4's tensor cores, and convolutions can fail for lack\nof bf16 cuDNN engines (huggingface/diffusers#14129; MakazhanAlpamys/Soup#387 shows a T4 reaching the bf16 path). Reported on T4 (OptimalScale/LMFlow#251), V100\n(lm-sys/FastChat#399, databrickslabs/dolly#11) and Kaggle's P100 (2U1/Phi3-Vision-Finetune#21).\n\n## What it rewrites\nFollowing the project's precision policy (`docs/gpu-facts.md`):\n\n| target | `bf16=True` becomes |\n| --- | --- |\n| GPUs with fp16 tensor cores (T4, V100) | `fp16=True`: fp16 mixed precision keeps float32 master weights and scales the loss |\n| GPUs without them (P100, P4, K80) | removed: training runs in float32 (fp16 autocast was measured slower on Kaggle's P100) |\n\nWhen the call already has `fp16=True`, `bf16=True` is removed; with `fp16=False` both change.\n\n`bf16_full_eval=True` (evaluation with the whole model cast to bf16) goes through the same\n`\"Your setup doesn't support bf16/gpu\"` check in `TrainingArguments.__post_init__` (the condition is\n`if self.bf16 or self.bf16_full_eval:`), and gets the same treatment with its fp16 counterpart:\n\n| target | `bf16_full_eval=True` becomes |\n| --- | --- |\n| T4, V100 | `fp16_full_eval=True` (removed when `fp16_full_eval=True` is already there; `fp16_full_eval=False` becomes `True`) |\n| P100, P4, K80 | removed: evaluation runs in float32 |\n\n**Models that overflow float16.** Models trained in bf16 whose activations overflow float16 (inf/NaN losses)\ntrain in float32 instead of fp16 on every target: T5/Flan-T5/mT5/ByT5 (transformers#5651, #9295), Gemma-2/3/4\n(transformers#36822, #39972; unsloth#5055), gpt-oss, Qwen3-MoE/Qwen3.5 and GLM-4 (the lists vLLM's\n`_FLOAT16_NOT_SUPPORTED_MODELS` and Unsloth's `FORCE_FLOAT32` keep). The family is told from the model ids the file\nnames (a `from_pretrained` literal, `base_model:`, `--model_name_or_path`); one such id is enough, since float32\nis right for every model. Where no id tells the family, the fp16 rewrite says the risk in one clause: if the loss\nturns inf/NaN, the model overflows float16, and float32 is the way out.\n\n## When it stays silent\n- `bf16=False`, `bf16=\"auto\"`-style computed values such as `bf16=torch.cuda.is_bf16_supported()`; the same for\n  `bf16_full_eval`.\n- Calls under a hardware check (see `bf16-dtype` for what counts as one).\n- `bf16=True` in calls that are not TrainingArguments-like, in comments, and in strings.\n- Targets with bf16.\n\n## Hints instead of fixes\nWhen `fp16=` is computed (`fp16=args.fp16`), the tool cannot know what it will be: it says what to set. The same\nfor `fp16_full_eval=` next to `bf16_full_eval=True`.\n\n## In config files\nThe same switches are top-level keys of Axolotl configs, LLaMA-Factory configs and TrainingArguments JSON/YAML\nfiles (read by `HfArgumentParser`, as TRL and alignment-handbook recipes are). Axolotl passes `bf16` on to\nTrainingArguments and turns `fp16` off when `bf16` is on; before that it warns \"bf16 requested, but AMP is not\nsupported on this GPU. Requires Ampere series or above.\" (a ValueError in older releases:\naxolotl-ai-cloud/axolotl#766, #1924).\n\n| the config has | T4, V100 | P100, P4, K80 (or `--precision fp32`) |\n| --- | --- | --- |\n| `bf16: true`, no `fp16` key | the key is renamed: `fp16: true` | `bf16: false` |\n| `bf16: true` and `fp16: true` | the `bf16` line is removed | `bf16: false` |\n| `bf16: true` and `fp16: false` or an empty `fp16:` | `fp16: true`, the `bf16` line removed | `bf16: false` |\n| `bf16_full_eval: true` (LLaMA-Factory, TrainingArguments) | the same with `fp16_full_eval` | `bf16_full_eval: false` |\n\nOn a P100 or K80 the value becomes `false` instead of disappearing: removing it would hand Axolotl its default,\n`bf16: auto`, which turns on fp16 by itself on a GPU without bf16 (`resolve_dtype` in axolotl's\nutils/config), while the precision policy trains in float32 there. A removed line takes its trailing comment\nalong; in JSON the member goes with the right comma. Every other byte, comment and indentation stays.\n\nAxolotl's `bf16: auto` (its default) asks transformers' `is_torch_bf16_gpu_available()`, which asks\n`torch.cuda.is_bf16_supported()`; since PyTorch 2.3 that counts emulation, so on a T4 \"auto\" most likely picks\nemulated bf16 (`resolve_dtype` in axolotl's utils/config: `if is_torch_bf16_gpu_available(): cfg.bf16 = True`).\nThe choice is made explicit for the target (a hint where no precision is written: the default is nowhere to\nedit, and configs for remote backends never run on this GPU):\n\n| the config has | T4, V100 | P100, P4, K80 (or `--precision fp32`) |\n| --- | --- | --- |\n| `bf16: auto`, no `fp16` key | `fp16: true` (Axolotl turns an \"auto\" bf16 off when fp16 is on) | `bf16: false` |\n| `bf16: auto` and an empty or false `fp16` | `bf16: false`, `fp16: true` | `bf16: false` |\n| `bf16: auto` and `fp16: true` | nothing: \"auto\" already resolves to off | nothing |\n| none of `bf16`, `fp16`, `bfloat16`, `float16`, `fp8`, `float32` (so `bf16` is Axolotl's default \"auto\") | hint at `base_model`: add `fp16: true` | hint: add `bf16: false` |\n\nStays silent: `bf16: false`, string values,\nnested keys, and configs of other tools (DeepSpeed blocks are `deepspeed-bf16`'s, accelerate's `mixed_precision`\nis `accelerate-bf16`'s). Hints: an `fp16` key holding something else; Axolotl's `bfloat16: true` (bf16 weights\nwithout mixed precision) and `bf16: full` (bf16 evaluation); LLaMA-Factory's `pure_bf16: true`, which stops with\n\"This device does not support `pure_bf16`.\" (src/llamafactory/hparams/parser.py). Each hint names the fp16 or\nfloat32 setting to use instead.\n\n## In shell scripts\nHugging Face training scripts read TrainingArguments from the command line (HfArgumentParser), so a launch\nscript's `--bf16 True` is `TrainingArguments(bf16=True)`, with the same error. The flag is read in the arguments\nof commands that run a Python entry point, after the script or module:\n\n- `python`, `python3`, `python3.N` (any directory, after `nohup`, `exec`, `time` or `env NAME=value`): python's\n  own options, then the script (the first other word, `$SCRIPT` included) or `-m module`. `python -c` and\n  `python -` run no entry point.\n- `torchrun`, `deepspeed`, `accelerate launch`, and `python -m torch.distributed.run` / `torch.distributed.launch`\n  / `accelerate.commands.launch`: the launcher's options, then the script, which is the first word ending in\n  `.py`, or the word right after `-m`/`--module`. Without one (`torchrun ... \"$SCRIPT\"`) the command is not read:\n  the launcher's options that take a value cannot be told from the script without its option table.\n\nCommands anywhere in the script count: in pipelines, `&&` lists, functions, loops, `$(...)`. Commands in the\nbranch of an `if`/`elif`, or after `&&`/`||`, whose condition runs a hardware check (`nvidia-smi`,\n`compute_cap`, `is_bf16_supported()`, `get_device_capability()`) are left alone. Line continuations are followed;\ncomments, `echo`/`printf` texts, strings held in variables (`ARGS=\"--bf16 True\"`) and Makefile recipes are not\nread.\n\nWhen the launched script is in the repository (its path from the shell file's folder, else from the root), it\nis read first: a script that parses its flags with its own argparse and has no `--fp16` option would stop with\n\"unrecognized arguments: --fp16\", so there `--bf16` is removed instead of renamed, and the script runs its non-bf16\npath. A script with an `--fp16` option, or one that reads TrainingArguments through HfArgumentParser or TRL's\nparser, gets the rename.\n\nHfArgumentParser reads a boolean flag as true when it is bare (`--bf16`) or its value is one of yes/true/t/y/1\n(any case; `string_to_bool` in transformers' hf_argparser.py), also as `--bf16=true` and quoted; it accepts the\ndashed spelling `--bf16-full-eval` too. The last use of a flag counts, as with argparse.\n\n| the command has | T4, V100 | P100, P4, K80 (or `--precision fp32`) |\n| --- | --- | --- |\n| `--bf16 True`, no `--fp16` | the flag is renamed: `--fp16 True` (the value, its spelling and quotes stay: `--bf16 \"1\"` becomes `--fp16 \"1\"`) | `--bf16 False` |\n| `--bf16 True --fp16 True` | `--bf16 False` | `--bf16 False` |\n| `--bf16 True --fp16 False` | `--bf16 False --fp16 True` (in the bf16 flag's spelling of true) | `--bf16 False` |\n| `--bf16_full_eval True` | the same with `--fp16_full_eval` | `--bf16_full_eval False` |\n\nA flag with a value is turned off rather than removed: `False` in the value's own spelling (`true` becomes\n`false`, `1` becomes `0`, `yes` becomes `no`), inside its quotes. A value means the parser takes one, so false is\naccepted, and it is right whatever default the script gives the field: scripts often subclass TrainingArguments\nwith `bf16: bool = field(default=True)`, where a removed flag would leave bf16 on. A bare `--bf16` is removed\ninstead (it may be an argparse `store_true` flag, which takes no value and defaults to false), with the blanks\nand the line continuation before it, so a flag on its own continued line takes its line along.\n\nOn a T4 or V100 the rename relies on the script's `bf16` defaulting to false, as TrainingArguments' own does; a\nsubclass that defaults it to true ends with both switches on and stops with `ValueError: At most one of fp16 and\nbf16 can be True, but not both` (shibing624/MedicalGPT#451). Set `bf16`'s default to false there (the Python\nrules do not read dataclass defaults).\n\nStays silent: false values, `--bf16 auto`, values from variables (`--bf16 $BF16`, `--bf16=${BF16:-true}`).\nHint: an `--fp16` whose value comes from a variable.\n\n## Fix safety\nfp16 mixed precision is what the Trainer ran on every pre-Ampere GPU before bf16 existed: the master weights stay\nfloat32 and the GradScaler skips steps whose gradients overflow. Removing `bf16=True` on a P100 or K80 trains in\nfloat32, which is slower per step than 16-bit on newer GPUs but exact. `fp16_full_eval=True` casts the model to\nfloat16 for evaluation, as `bf16_full_eval=True` cast it to bf16: the same memory, but float16's range is smaller\n(65504), so a model whose activations are large can evaluate to inf/NaN where bf16 did not; the training weights\nare not affected.\n\n## Hardware fact\nbf16 needs compute capability 8.0; fp16 tensor cores exist from Volta (7.0). NVIDIA CUDA C Programming Guide,\n\"Compute Capabilities\"; `docs/gpu-facts.md`.\n",
  "triton-shared-memory": '# triton-shared-memory\n\n**Triton kernel configs that need more shared memory than the GPU gives one block** \xB7 memory \xB7 warning (error when\nnothing can run, info for Triton 2.x only) \xB7 fix: sometimes\n\nRuns on every target that runs Triton (compute capability 7.0 or newer: T4, V100, A100, ...) and decides from the\ntarget\'s shared memory per block: 64 KiB (65536 B) on a T4, 96 KiB (98304 B) on a V100, 163 KiB (166912 B) on an\nA100. P100 and K80 get nothing from this rule: official Triton builds do not run there at all, whatever the tile\nsizes (see "When it stays silent").\n\n## Why\nA Triton matmul keeps its operand tiles in shared memory: a BLOCK_M x BLOCK_K tile of A and a BLOCK_K x BLOCK_N tile\nof B per copy, and software pipelining keeps several copies in flight. Configs tuned on an A100 (163 KiB per block) or\nan H100 (227 KiB) often need more than a T4\'s 64 KiB, and Triton refuses to load such a kernel:\n\n```\ntriton.runtime.errors.OutOfResources: out of resource: shared memory, Required: 81920, Hardware limit: 65536. Reducing block sizes or `num_stages` may help.\n```\n\n(vllm-project/vllm#36802 on a Tesla T4; the text is built by `OutOfResources` in Triton\'s\n`python/triton/runtime/errors.py`, added in triton-lang/triton#996; triton-lang/triton#8182 and InternLM/lmdeploy#2451\nshow it against the 99 KiB (101376 B) of compute capability 8.6 cards, and triton-lang/triton#3920 lowered\n`num_stages` in Triton\'s softmax tutorial so that it fits an A100.)\n\nThe autotuner catches `OutOfResources` while benchmarking (`Autotuner._bench` in `python/triton/runtime/autotuner.py`):\na config that does not fit costs a compilation and is skipped. That stops working when no config fits, or when\nthe list has a single config, which the autotuner launches without benchmarking: then the launch fails.\n\n### The estimate\n`copies x (BLOCK_M x BLOCK_K x bytes(A) + BLOCK_K x BLOCK_N x bytes(B))`, with the element sizes of the `tl.dot`\noperands. How many copies Triton keeps depends on the release and the GPU, read from Triton\'s source:\n\n| | compute capability 7.x (T4, V100) | 8.0 and newer (A100) |\n| --- | --- | --- |\n| Triton 2.x (PyTorch 2.3 and older) | `num_stages` | `num_stages` |\n| Triton 3.x | 1 | `num_stages - 1` (at least 1) |\n\n- Triton 2.x\'s `LoopPipeliner` gives each pipelined operand load a buffer `num_stages` deep\n  (`bufferShape.insert(bufferShape.begin(), numStages)`), and its pass list runs the pipeliner on every GPU. This\n  is the rule of thumb in `docs/gpu-facts.md`.\n- Triton 3.x adds the pipeliner only from compute capability 8.0 on (`make_ttgir` in\n  `third_party/nvidia/backend/compiler.py`: `if capability // 10 in [8, 9]` / `>= 10`; Chennesxu/triton-turing#6\n  describes sm75 "never invoked the pipeliner"), so on a T4 or V100 each operand is staged through one shared\n  buffer and `num_stages` changes nothing. Where it pipelines, `createAsyncOps` in `MatmulLoopPipeline.cpp` sizes the\n  buffers by the distance from load to use, `num_stages - 1` for a plain matmul loop (an H100\'s wgmma path adds one).\n  The release that introduced the compute-capability gate is not pinned here; the table says "3.x" for it.\n- A `triton.Config` without `num_stages` gets 2 in Triton 2.x and early 3.x and 3 in current releases; a launch\n  without it gets 3 (`CUDAOptions.num_stages`). The rule counts 2 for configs, which keeps both bounds at their\n  lowest.\n\nSo each config gets two numbers: the **fewest** bytes any release allocates (Triton 3.x\'s row) and the **most**\n(Triton 2.x\'s row). Only the first can remove anything. The estimate counts the operand tiles and nothing else\n(no epilogue, no reductions), so it errs low, never high.\n\nElement sizes come from the kernel when it shows them: operands cast with `.to(tl.float16)`, `tl.cast(x, tl.bfloat16)`,\nor names every assignment of which is such a cast (fp16/bf16 2 B, fp32 4 B, fp8/int8 1 B, fp64 8 B). A bare\n`tl.load(ptr)` has the dtype of the tensor passed at run time; then the rule assumes 2 bytes, says so, and only\nhints.\n\n## What it rewrites\n| finding | on the target | result |\n| --- | --- | --- |\n| `@triton.autotune(configs=[...])` with configs whose fewest bytes exceed the limit, at least one config that fits with every release, and operand dtypes visible in the kernel | T4, V100, A100 | the configs that cannot fit are removed (the `triton.Config(...)` element with its comma; one alone on its line takes the line and its comment with it), all in one finding |\n\nExample on a T4 (fp16 operands): `triton.Config({"BLOCK_SIZE_M": 128, "BLOCK_SIZE_N": 256, "BLOCK_SIZE_K": 128}, num_stages=2)`\nneeds at least 1 x (128x128 + 128x256) x 2 B = 98304 B, over 65536 B, and is removed; the tutorial\'s\n`128 x 128 x 64, num_stages=3` config needs 32768 B with Triton 3.x (98304 B with 2.x) and stays, since the autotuner\nskips it where it does not fit. On an A100 the same list loses `256 x 128 x 64, num_stages=5`:\n4 x (256x64 + 64x128) x 2 B = 196608 B, over 166912 B.\n\nThe list may be written in the decorator or bound once to a module-level name that nothing else uses\n(`CONFIGS = [...]`, then `@triton.autotune(configs=CONFIGS, ...)`); several kernels may share it. Aliases count:\n`import triton.language as tl`, `from triton import Config, autotune, jit`.\n\n## Hints instead of fixes\n| finding | severity | hint |\n| --- | --- | --- |\n| every config of an autotune list is over the limit with every release | error | add a config that fits, with a concrete one (a halved BLOCK_K, or smaller BLOCK_M/BLOCK_N) and its size |\n| configs over the limit, but no other config is known to fit (the rest are computed, or fit only with Triton 3.x) | warning | give the list a config that fits, then remove these |\n| configs over the limit when the kernel does not show its operand dtypes (2 bytes assumed) | warning | remove them if the operands are 2 bytes or wider, or shrink them |\n| a launch with literal meta-parameters, `kernel[grid](..., BLOCK_M=128, BLOCK_N=256, BLOCK_K=64, num_stages=4)`, over the limit with every release | error | smaller tiles, with a concrete BLOCK_K and its size |\n| a single-config list, or a list none of whose configs fits with Triton 2.x (all fit with 3.x) | info | with Triton 2.x, fewer stages (a concrete `num_stages`) or smaller tiles |\n| a launch over the limit with Triton 2.x only | info | the same |\n\nEach message gives the numbers behind it: the config, the copies, the formula, the total in bytes, the target\'s\nlimit in bytes, and where the element size came from.\n\n## When it stays silent\n- Configs that fit with Triton 3.x inside a list that has a config fitting with every release: the autotuner already\n  skips what fails, and the project most likely runs Triton 3.\n- Sizes that are computed: list comprehensions of configs, `BLOCK_M=bm`, `**meta` or `*args` in a launch, `**kwargs`\n  in a config dict, a list built by a function (`configs=get_configs()`) or changed after it is bound\n  (`CONFIGS.append(...)`), a config without all three of BLOCK M, N and K. Key names map by suffix: `BLOCK_M`,\n  `BLOCK_SIZE_M`, `BLOCKM`, `TILE_M` (also `_N`, `_K`); `GROUP_SIZE_M`, `SPLIT_K` and `BLOCK_DMODEL` are not tile\n  sizes of the matmul.\n- `prune_configs_by=` on the autotuner: the project prunes configs itself, often by shared memory.\n- Code under a hardware check (`if torch.cuda.get_device_capability()[0] >= 9:`, Triton\'s\n  `get_device_properties(...)["max_shared_mem"]`).\n- Kernels without `tl.dot` (elementwise kernels, reductions): their `BLOCK_SIZE` is not a matmul tile.\n- Dicts with BLOCK keys that are not inside `triton.Config`, another library\'s `Config`, launches of kernels not\n  defined in the file.\n- P100 and K80 (compute capability below 7.0): official Triton builds support compute capability 7.0 and newer only\n  (triton-lang/triton#161), so tile sizes are not what fails there. `torch-compile-no-triton` covers `torch.compile`; a\n  hand-written Triton kernel needs a PyTorch fallback on those GPUs, which no rule suggests yet.\n- CUDA sources (`.cu`, `load_inline` strings) with `__shared__` arrays or `cudaFuncSetAttribute`: `cuda-shared-memory`\n  covers them.\n\nSuppress a finding with `# gpu-compat: ignore[triton-shared-memory]` on its line.\n\n## Fix safety\nOnly configs that exceed the block limit with the fewest copies any Triton release keeps are removed, and only when\nthe kernel shows its operand dtypes and another config in the list fits with every release. Such a config cannot\nrun on the target: with several configs the autotuner would compile it, catch `OutOfResources` and pick another one;\nwithout it the autotuner picks from the same working configs, minus a wasted compilation. A config that only Triton\n2.x cannot fit stays. Results do not change: configs choose tile shapes, not what the kernel computes. The list keeps\nat least one config that fits, so `triton.autotune` never falls back to its default config.\n\n## Hardware fact\nMaximum shared memory per block with the opt-in attribute: 48 KB on Kepler and Pascal, 96 KB on Volta, 64 KB on\nTuring, 163 KB on the A100, 99 KB on compute capability 8.6/8.9, 227 KB on the H100 (CUDA C Programming Guide,\n"Compute Capabilities"; `docs/gpu-facts.md`). Triton compares the kernel\'s shared memory with the device\'s\n`max_shared_mem` (the opt-in maximum) when it loads the kernel and raises `OutOfResources` when it is larger.\n',
  "unsloth-bf16": '# unsloth-bf16\n\n**Unsloth model loaded in bfloat16 on a GPU without bf16** \xB7 precision \xB7 warning \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\nUnsloth\'s loaders choose the dtype themselves when given `dtype=None`: float16 where the GPU has no bf16,\nbfloat16 on Ampere and newer. Its example notebooks say so next to the argument:\n\n```\ndtype = None # None for auto detection. Float16 for Tesla T4, V100, Bfloat16 for Ampere+\n```\n\n(`examples/Alpaca_Mixtral.ipynb` in the Unsloth repository, quoted in unslothai/unsloth#4082; the code is `dtype = torch.float16 if not SUPPORTS_BFLOAT16 else\ntorch.bfloat16` in `unsloth/models/llama.py`, `vision.py` and `loader.py`, where `SUPPORTS_BFLOAT16` is\n`major_version >= 8` of `torch.cuda.get_device_capability()`). Code written on an A100 pins\n`dtype=torch.bfloat16` instead. On a T4 Unsloth overrides it and says so:\n\n```\nDevice does not support bfloat16. Will change to float16.\n```\n\n(`logger.warning_once` in the same loaders). The string form `dtype="bfloat16"` is only converted by\n`FastLanguageModel.from_pretrained`; the other loaders compare it with torch dtypes, so it is best not written at\nall. `bf16-dtype` would turn either into float32, which makes Unsloth load and compute in float32 (twice the\nmemory of the float16 it would choose); this rule owns these calls and writes what Unsloth recommends.\n\n## What it rewrites\nThe `dtype=` keyword of `FastLanguageModel.from_pretrained`, `FastModel.from_pretrained`,\n`FastVisionModel.from_pretrained` and `FastTextModel.from_pretrained`, imported from `unsloth` (also as\n`unsloth.FastModel` or under an alias):\n\n| before | T4, V100 | P100, K80 |\n| --- | --- | --- |\n| `dtype=torch.bfloat16` (any spelling: `T.bfloat16`, `from torch import bfloat16 as bf`) | `dtype=None` | hint |\n| `dtype="bfloat16"` | `dtype=None` | hint |\n\nWith `--precision fp32` the replacement is `torch.float32` (a hint when no name is bound to torch). Each branch\nof `a if flag else b` is rewritten on its own.\n\n## When it stays silent\n- `dtype=None` and `dtype=torch.float16`, and computed values (`dtype=dtype`).\n- Guarded code: `dtype=torch.bfloat16 if is_bfloat16_supported() else torch.float16` (Unsloth\'s own check counts\n  only compute capability 8.0 and newer, unlike `torch.cuda.is_bf16_supported()` in PyTorch 2.3+, see\n  unslothai/unsloth#501), loads under `if torch.cuda.get_device_capability()[0] >= 8:`, and variables assigned\n  from such checks. `TrainingArguments(fp16=not is_bfloat16_supported(), bf16=is_bfloat16_supported())` is\n  guarded too, and belongs to `trainer-bf16` anyway.\n- Other calls: `FastLanguageModel.get_peft_model`, `for_inference`, a `FastLanguageModel` from a package other\n  than Unsloth, and `AutoModelForCausalLM.from_pretrained(torch_dtype=...)` (that one is `bf16-dtype`\'s).\n- The common notebook line `dtype = None # ... Bfloat16 for Ampere+`, comments, docstrings and log messages.\n- Targets with bf16.\n\n## Hints instead of fixes\nP100 and K80: Unsloth\'s stated minimum is "CUDA Capability 7.0 (V100, T4, Titan V, RTX 20, 30, 40x, A100, H100,\nL40 etc)", with "GTX 1070, 1080 works, but is slow" (Unsloth README, feature list). Whether it runs on a\ngiven Pascal or Kepler setup is not something the tool can know, so it suggests `dtype=None` if Unsloth runs\nthere, and transformers with peft in float32 otherwise.\n\n## Fix safety\n`dtype=None` hands the choice to the library that knows the model: Unsloth resolves it to float16 on these\nGPUs, exactly what it already did after its warning for `torch.bfloat16`, and keeps `bfloat16` when the same\ncode later runs on an Ampere GPU. Unsloth also uses the resolved dtype as the bitsandbytes compute dtype for\n4-bit loads, so the two stay consistent. If a `quantization_config` with a `bnb_4bit_compute_dtype` is passed,\n`dtype=None` takes that dtype instead (`unsloth/models/loader.py`); `bnb-bf16-compute` rewrites a bf16 one.\n\n## Hardware fact\nbf16 tensor cores need compute capability 8.0; the T4 (7.5) and V100 (7.0) have fp16 tensor cores (NVIDIA CUDA C\nProgramming Guide, "Compute Capabilities"). Unsloth\'s `SUPPORTS_BFLOAT16` is that same `major >= 8` test. See\n`docs/gpu-facts.md`.\n',
  "unsloth-single-gpu": '# unsloth-single-gpu\n\n**Unsloth with two or more GPUs visible, where it trains on one** \xB7 parallel \xB7 error \xB7 fix: sometimes\n\nRuns on targets with more than one GPU (`t4x2`, `kaggle-t4x2`): Unsloth\'s open-source release trains on one.\n\n## Why\nKaggle\'s "GPU T4 x2" shows both T4s to the notebook. Unsloth (open source) supports one GPU; with two visible,\nloading and training fail with "Expected all tensors to be on the same device" (unsloth#431, on Kaggle). Unsloth\'s\n2024 releases narrow `CUDA_VISIBLE_DEVICES` to the first GPU themselves on import (`unsloth/__init__.py`), but only\nwhen nothing imported torch before, and only in those releases; setting `CUDA_VISIBLE_DEVICES=0` before the first\nimport of torch or Unsloth works with every release.\n\n## What it rewrites\nIn a notebook (`.ipynb`) that imports `unsloth`, two lines go in right before the first top-level import of\nanything outside the standard library (torch, transformers, trl, unsloth, a local module), in that cell:\n\n```python\nimport os\nos.environ["CUDA_VISIBLE_DEVICES"] = "0"\nfrom unsloth import FastLanguageModel\nimport torch\n```\n\n`import os` is left out when an earlier statement imports it. The edit goes through the notebook\'s cell map, so\nthe cell\'s `source` lines, outputs and metadata stay as they were; `%%capture`/`!pip install` cells before it are\nuntouched.\n\nIn a script (`.py`) the same edit is made only when nothing but a docstring, `from __future__`, comments and\nstandard-library imports comes before that import, and it writes\n`os.environ.setdefault("CUDA_VISIBLE_DEVICES", "0")`: a launch line that picks a GPU (`CUDA_VISIBLE_DEVICES=1\npython train.py`) keeps its choice. Other scripts (code that runs before the imports, `sys.path.insert(...)`, a\n`;` between statements, imports only inside functions) get the same two lines as a hint.\n\n## When it stays silent\n- The file sets `CUDA_VISIBLE_DEVICES` before it imports Unsloth (`os.environ[...] = "0"`, `setdefault`, a\n  notebook\'s `%env CUDA_VISIBLE_DEVICES=0`).\n- Files that do not import Unsloth: `unsloth/...` model ids loaded with transformers, comments, strings.\n- Single-GPU targets.\n\n## Hints instead of fixes\nA file that sets `CUDA_VISIBLE_DEVICES` only after the Unsloth import gets a hint to move the assignment up: torch\nmay already have seen both GPUs.\n\nA module that is imported rather than run gets a warning-level hint and no edit: one that imports Unsloth only\ninside a function or branch (`if args.use_unsloth: from unsloth import FastLanguageModel`, an optional backend, as in\npeft\'s `examples/sft/utils.py` and LLaMA-Factory\'s `model_utils/unsloth.py`), or one with neither a\n`if __name__ == "__main__":` guard nor a model loaded at its top level. Setting the variable there would hide the\nsecond GPU from every run that imports the module, including the project\'s multi-GPU (DDP) runs that do not use\nUnsloth; the script that is run is where the choice belongs.\n\n## Fix safety\n`CUDA_VISIBLE_DEVICES` decides which GPUs CUDA shows the process; set before torch initialises CUDA it hides the\nsecond T4, which Unsloth cannot use anyway. Nothing else in the notebook changes. The script edit uses\n`setdefault`, so an explicit choice from the environment stays.\n\n## Hardware fact\nUnsloth\'s open-source release supports one GPU (unsloth#431, Kaggle two-T4 reports; `docs/gpu-facts.md`,\n"Two T4s"); CUDA enumerates only the devices `CUDA_VISIBLE_DEVICES` lists, read when CUDA initialises (CUDA C\nProgramming Guide, "CUDA Environment Variables").\n',
  "unused-suppression": "# unused-suppression\n\n**Suppression comments that suppress nothing, or name a rule that does not exist** \xB7 suppression \xB7 info \xB7 fix: never\n\nRuns on every target. The engine reports it while applying suppression comments; turn it off with\n`ignore = [\"unused-suppression\"]` in the settings or `--ignore unused-suppression`.\n\n## Why\n`# gpu-compat: ignore[...]` comments outlive the code they were written for: after a rewrite, a refactor or a\ntypo in the rule id (`bf16-dtpye`), a comment that silences nothing hides nothing either, but it tells readers\nthat something here is unsafe, and a misspelled id silently suppresses nothing at all.\n\nThe forms, in Python (also notebook code cells), YAML and shell:\n\n- `# gpu-compat: ignore` on a line: every rule's findings on that line;\n- `# gpu-compat: ignore[rule-a, rule-b]` on a line: those rules' findings on that line;\n- `# gpu-compat: ignore-file` or `# gpu-compat: ignore-file[rule-a]` among the comment lines at the top of a\n  file (before its first line of code; a shebang counts as a comment): the whole file.\n\n## What it rewrites\nNothing: it reports, with the comment's position. Whether a suppression is used depends on the target (a\n`bf16-dtype` suppression is used on a T4 and idle on an A100), so removing it is left to the user.\n\n## When it stays silent\n- Suppressions that covered a finding of at least one rule they name.\n- Suppressions naming only rules that did not run on this file: rules that do not apply to the target, that do\n  not read this kind of file, or that the settings turned off. They may matter on another target.\n- Suppressions that name several rules where one was used.\n- JSON files (no comments) and requirement files.\n\n## Hints instead of fixes\nEvery finding is a hint: remove the comment or correct its rule ids; a file-level form below the first line of\ncode is reported as misplaced, since it counts for nothing there.\n\n## Fix safety\nNo fix: the same comment can be needed on another target.\n\n## Hardware fact\nNone; it checks gpu-compat's own comments.\n",
  "vllm-bf16": '# vllm-bf16\n\n**vLLM engine asked for bfloat16 on a GPU without bf16** \xB7 precision \xB7 error \xB7 fix: sometimes\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\nvLLM checks the dtype against the GPU before it loads a single weight, and refuses bfloat16 below compute\ncapability 8.0:\n\n```\nValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0. Your Tesla T4 GPU has compute capability 7.5. You can use float16 instead by explicitly setting the`dtype` flag in CLI, for example: --dtype=half.\n```\n\n(vllm-project/vllm#9990 and #1157 on a T4, #946 on a V100, NVIDIA-NeMo/RL#259 on a V100; the text comes from\n`_check_if_gpu_supports_dtype` in vLLM\'s worker, later the CUDA platform\'s dtype check). vLLM\'s maintainers give\nthe same fix for the Python API: "Please use `LLM(model=..., dtype="half")` instead" (vllm-project/vllm#946).\n`bf16-dtype` would make this float32, which doubles the memory vLLM needs for weights; vLLM\'s own answer is\n`"half"`, so this rule owns these calls.\n\n## What it rewrites\nThe `dtype=` keyword of `vllm.LLM(...)` (also `from vllm import LLM [as X]`), `EngineArgs(...)` and\n`AsyncEngineArgs(...)` imported from vLLM, when it is `torch.bfloat16` in any spelling or the string\n`"bfloat16"` in any case (vLLM lower-cases it):\n\n| before | T4, V100 | P100, K80 |\n| --- | --- | --- |\n| `LLM(model, dtype="bfloat16")` | `dtype="half"` | hint |\n| `LLM(model, dtype=torch.bfloat16)` | `dtype="half"` | hint |\n| `AsyncEngineArgs(model=..., dtype=\'bfloat16\')` | `dtype=\'half\'` | hint |\n\nWith `--precision fp32` the replacement is `"float32"`. Each branch of `a if flag else b` is rewritten on its own.\n\nThe same dtype written away from the call is vLLM\'s too, and gets the same rewrite:\n\n- **Engine kwargs**: `kw = {"model": ..., "dtype": "bfloat16"}` or `kw = dict(model=..., dtype=torch.bfloat16)`,\n  then `LLM(**kw)` / `EngineArgs(**kw)` / `AsyncEngineArgs(**kw)`, when every call the name is spread into is a vLLM\n  engine. The model for the float16 check is the kwargs\' `"model"`, else the engine call\'s.\n- **Wrappers**: `def make_llm(path, dtype="bfloat16"): return LLM(model=path, dtype=dtype)`, when every use of the\n  parameter in its function is the `dtype=` of a vLLM engine: the default becomes `"half"`. A caller that passes\n  `dtype="bfloat16"` explicitly is not followed.\n\n`bf16-dtype` leaves these values to this rule (it would choose float32).\n\n## When it stays silent\n- `dtype="auto"`, the default. With a bf16 checkpoint on a T4, vLLM releases up to early 2025 resolved "auto" to\n  bfloat16 and raised the error above (NVIDIA-NeMo/RL#259 hits it through `dtype="auto"`); since\n  vllm-project/vllm#17265 ("Auto fallback to float16 for pre-Ampere GPUs when detected bfloat16 config", merged\n  April 2025) "auto" falls back by itself and logs "Your device ... doesn\'t support torch.bfloat16. Falling back to\n  torch.float16 for compatibility." Which one a repo gets depends on the installed vLLM and the checkpoint\'s\n  dtype, neither of which the tool sees, so "auto" gets neither an edit nor a hint.\n- Guarded code: `dtype="bfloat16" if capability[0] >= 8 else "half"`, engines built under a capability check,\n  and variables assigned from such checks.\n- Look-alikes: an `LLM` class from langchain or another package, `dtype="bfloat16"` in a non-vLLM call\n  (`pipeline(...)`), `kv_cache_dtype=`, a bare `LLM(...)` in a file whose `LLM` is not vLLM\'s.\n- Kwargs spread into a vLLM engine and into anything else (`dict(**kw)`, a transformers load), and wrapper\n  parameters that also reach other code: what they need differs per reader (`bf16-dtype` judges a kwargs dict that\n  also feeds a model load).\n- Computed values (`dtype=args.dtype`), comments, docstrings, log messages and argparse help texts.\n- Targets with bf16.\n\n## Hints instead of fixes\n- Model families vLLM will not run in float16: for `gemma2`, `gemma3`, `glm4` and `plamo2` it raises "The model\n  type \'gemma2\' does not support float16. Reason: Numerical instability. Please use bfloat16 or float32\n  instead." (`_check_valid_dtype` in vLLM\'s config; vLLM maintainers say the same for Gemma 3 and GLM-4 in\n  vllm-project/vllm#18733 and #17154). When the model id passed to the engine is a literal that names one of\n  them (`google/gemma-2-9b-it`), the hint says to use `dtype="float32"` instead of making an edit that fails.\n- P100 and K80: vLLM requires "compute capability 7.0 or higher (e.g., V100, T4, RTX20xx, A100, L4, H100, etc.)"\n  (vLLM installation docs; the P100 gets "GPUs with compute capability below 7.0 are not supported.",\n  vllm-project/vllm#1284), so no dtype makes the engine start; the hint points to transformers\' `generate`.\n\n## In shell scripts\nvLLM\'s server takes the same setting as a flag: `vllm serve MODEL --dtype bfloat16` and\n`python -m vllm.entrypoints.openai.api_server --model MODEL --dtype bfloat16` (any `vllm.entrypoints.` module),\nalso `--dtype=bfloat16` and quoted. It stops with the same error, whose text itself suggests `--dtype=half`:\n\n| target | `--dtype bfloat16` becomes |\n| --- | --- |\n| T4, V100 | `--dtype half` (`float32` with `--precision fp32`) |\n| P100, K80 | hint: vLLM does not run there |\n\nThe model is the positional after `serve` or `--model`; for the families vLLM runs only in bfloat16 or float32\n(Gemma 2 and 3, GLM-4, PLaMo 2) the rewrite is a hint to use `--dtype float32`, as in Python. Stays silent:\n`--dtype auto`, values from variables, `--dtype` of other commands (a benchmark script\'s own flag), comments,\n`echo` texts, and commands under a hardware check.\n\n## Fix safety\n`"half"` is float16, the dtype vLLM itself tells users to pass. Weights stored in bfloat16 are cast to float16 at\nload time (vLLM logs "Casting torch.bfloat16 to torch.float16."); values beyond float16\'s range (65504) would\noverflow, which is why vLLM blocks float16 for the families above. When the model id is not a literal the rule\ncannot tell the family: for those four families vLLM then stops with the float16 error quoted above instead of\nthe bf16 one, and `dtype="float32"` is the way out. Newer vLLM releases require compute capability 7.5\n(vLLM installation docs, "compute capability 7.5 or higher (e.g., T4, ...)"), so on a V100 the rewrite helps only\nwith releases that still support it.\n\n## Hardware fact\nbf16 tensor cores need compute capability 8.0; the T4 (7.5) and V100 (7.0) have fp16 tensor cores (NVIDIA CUDA C\nProgramming Guide, "Compute Capabilities"). See `docs/gpu-facts.md`.\n',
  "vllm-memory": '# vllm-memory\n\n**vLLM model whose 16-bit weights fill most of the GPU, without the memory settings** \xB7 memory \xB7 warning \xB7 fix: never\n\nRuns where vLLM runs (compute capability 7.0 or newer) and decides from the target\'s memory and GPU count.\n\n## Why\nvLLM takes `gpu_memory_utilization` (0.9 by default) of the GPU, loads the weights, runs a profiling pass, captures\nCUDA graphs (1-3 GiB more on a T4; `docs/gpu-facts.md`, "vLLM") and gives what is left to the KV cache. A 7B model\nin float16 is ~13 GiB of the T4\'s 15 GiB: ~0.5 GiB remain, and the KV cache cannot hold one sequence of the model\'s\ndefault context (32768 tokens for Qwen2.5, 131072 for Llama-3.1), so the engine stops with\n\n```\nValueError: The model\'s max seq len (32768) is larger than the maximum number of tokens that can be stored in KV cache (...). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.\n```\n\n(vLLM\'s worker, when `max_model_len` exceeds the cache blocks), or with "No available memory for the cache\nblocks" / CUDA out of memory when the weights alone exceed the share vLLM takes.\n\n## What it rewrites\nNothing (hints only). For `vllm.LLM(...)`, `EngineArgs(...)`, `AsyncEngineArgs(...)` (the same calls as\n`vllm-bf16`) and `vllm serve MODEL` / `python -m vllm.entrypoints.openai.api_server --model MODEL`, when the model\nid is a constant and its size is known (from the repo\'s config.json or the id, `model-size`), and its weights\n(2 bytes a parameter; 4 with `dtype="float32"`), divided by `tensor_parallel_size`, take more than **60%** of one\nGPU\'s memory (9 GiB on a T4: models above ~4.8B parameters). At that point vLLM\'s default 0.9 leaves under 30% of the\nGPU for activations, CUDA graphs and a KV cache that needs, for Llama-3-8B, 128 KiB per token. The hint names the\nsettings the call does not set:\n\n| target | hint |\n| --- | --- |\n| T4, V100 (one GPU) | `enforce_eager=True`, `max_model_len=4096`, `gpu_memory_utilization=0.95` |\n| T4 x2 (`t4x2`, `kaggle-t4x2`) | `tensor_parallel_size=2`, and the three above when half the weights still take over 60% of a GPU |\n\n```python\nllm = LLM(model="Qwen/Qwen2.5-7B-Instruct", dtype="half")   # t4: ~13 GiB in float16, 87% of 15 GiB\n```\n\nIn shell the flags are `--enforce-eager`, `--max-model-len 4096`, `--gpu-memory-utilization 0.95`,\n`--tensor-parallel-size 2`. When even 95% of every GPU cannot hold the weights (a 14B model on one T4), the finding\nis an error that says so and suggests a 4-bit AWQ/GPTQ checkpoint or a smaller model.\n\n## When it stays silent\n- Models whose weights take 60% of a GPU or less (Qwen2.5-3B on a T4), and GPUs with room (A100).\n- The settings already set: `enforce_eager` (unless `False`), `max_model_len`, `gpu_memory_utilization`,\n  `tensor_parallel_size` (any value; a computed one makes the per-GPU size unknown, so nothing is said).\n- Unknown sizes: a model from `sys.argv` or a variable, engines built from `**kwargs`, `$MODEL` in shell.\n- Quantized weights: `quantization=` / `--quantization`, ids with AWQ, GPTQ, GGUF, bnb, 4bit, int8, fp8.\n- Engines under a hardware check, look-alikes (langchain\'s `LLM`/`VLLM`), comments and `echo` texts.\n- P100 and K80: vLLM does not run there at all (`vllm-bf16` says so where a dtype is set).\n\n## Fix safety\nHints only: how much context a job needs, and whether eager mode\'s slower decoding is acceptable, are the user\'s\nchoice; 4096 tokens is a starting point that fits a 7-8B model\'s KV cache in what a T4 has left.\n\n## Hardware fact\nThe T4 shows ~15 GiB; vLLM needs compute capability 7.0 (`requiredCapability("vllm")`), and CUDA graphs take 1-3\nGiB on a T4 (`docs/gpu-facts.md`, "vLLM").\n',
  "xformers-attention": '# xformers-attention\n\n**xformers attention turned on where PyTorch\'s SDPA already does the job** \xB7 attention \xB7 info \xB7 fix: never\n\nRuns when the target has no bf16 tensor cores: compute capability below 8.0.\n\n## Why\n`pipe.enable_xformers_memory_efficient_attention()` (diffusers), the `--enable_xformers_memory_efficient_attention`\nflag of the diffusers training scripts and Axolotl\'s `xformers_attention: true` all route attention through the\nxformers package. On an older GPU that brings two risks:\n\n- its bf16 kernels need compute capability 8.0; a bf16 run stops with "requires device with capability > (8, 0)\n  but your GPU has capability (7, 5)";\n- its wheels are built for one torch version; with another torch installed it warns "xFormers was built for:\n  PyTorch 2.3.0+cu121 ... you have ..." and its CUDA kernels are not loaded (`docs/gpu-facts.md`,\n  "xformers").\n\nIt is no longer needed for memory-efficient attention: "SDPA is enabled by default if you\'re using PyTorch 2.0 and\nthe latest version of Diffusers, so you don\'t need to add anything to your code", and "SDPA should be as fast and\nmemory efficient as xFormers" (diffusers docs, "PyTorch 2.0"). PyTorch\'s SDPA runs on a T4 or V100 through its\nmemory-efficient kernel and falls back to the math kernel where nothing else fits.\n\n## What it rewrites\nNothing: xformers in fp16 can work on a T4, and removing it changes nothing the tool can verify. It reports, as info:\n\n| where | what | hint |\n| --- | --- | --- |\n| Python | `X.enable_xformers_memory_efficient_attention()` | drop the call (SDPA is diffusers\' default) |\n| shell | `accelerate launch train_dreambooth.py ... --enable_xformers_memory_efficient_attention` | leave the flag out |\n| Axolotl YAML | `xformers_attention: true` | `sdp_attention: true` |\n\n## When it stays silent\n- Calls under an `if` that tests xformers (`if args.enable_xformers_memory_efficient_attention:`,\n  `if is_xformers_available():`): the diffusers training scripts\' opt-in, decided by the launch command, which is\n  read in shell scripts.\n- The method named but not called, `disable_xformers_memory_efficient_attention()`, comments, argparse definitions\n  and help texts, `echo` texts, flags set false or computed.\n- Code under a hardware check; Axolotl configs with `xformers_attention` empty or false.\n- Targets with compute capability 8.0 or newer.\n\n## Fix safety\nNo edit is made. Leaving xformers out makes diffusers use `AttnProcessor2_0` (SDPA), which the diffusers docs\nbenchmark as matching xformers\' speed and memory; outputs can differ in the last bits, as between any two attention\nkernels.\n\n## Hardware fact\nbf16 tensor cores (and xformers\' bf16 kernels) need compute capability 8.0; the T4 is 7.5, the V100 7.0, the P100\n6.0, the K80 3.7 (NVIDIA CUDA C Programming Guide, "Compute Capabilities"). See `docs/gpu-facts.md`.\n'
};

// packages/rules/src/docs-url.ts
var DOCS_BASE_URL = `https://github.com/gpu-compat/gpu-compat/blob/v${docsVersion}/packages/rules/docs`;
function docsUrl(ruleId) {
  return `${DOCS_BASE_URL}/${ruleId}.md`;
}

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
var wasmRuntime;
function initWasmRuntime() {
  return wasmRuntime ??= import("web-tree-sitter").then(async (module) => {
    await module.Parser.init();
    return module;
  });
}
async function loadWasm(grammar, options) {
  if (options.fewFiles) setFlagsFromString("--liftoff-only");
  const { Parser, Language } = await initWasmRuntime();
  const language = await Language.load(createRequire(grammar.from).resolve(`${grammar.module}/${grammar.wasm}`));
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    backend: "wasm",
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error(`tree-sitter (wasm) returned no tree for ${grammar.module}`);
      return { root: tree.rootNode, dispose: () => tree.delete() };
    }
  };
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
function isNameStart(code2) {
  return code2 >= 65 && code2 <= 90 || code2 >= 97 && code2 <= 122 || code2 === 95 || code2 > 127;
}
function isWordChar(code2) {
  return code2 >= 48 && code2 <= 57 || isNameStart(code2);
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
    let child = node;
    for (const parent of ancestors(node)) {
      const guard = this.guardFromParent(parent, child) ?? otherDeviceBranch(parent, child) ?? this.guardFromEarlierStatements(child);
      if (guard) return guard;
      child = parent;
    }
    return null;
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
    for (let round = 0; round < 2 && frontier.length > 0; round++) {
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
  const names2 = condition.type === "identifier" || condition.type === "attribute" ? [condition] : condition.descendantsOfType(["identifier", "attribute"]);
  for (const name of names2) {
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
  const names2 = /* @__PURE__ */ new Set();
  for (const match of text.matchAll(COLLECTION_ASSIGNMENT)) {
    for (const item of match[2].matchAll(QUOTED_WORD)) {
      if (choiceStrings.has(item[1])) names2.add(match[1]);
    }
  }
  return names2;
}
var COLLECTION_ASSIGNMENT = /\b([A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*[[({]([^\])}]*)/g;
var QUOTED_WORD = /["']([\w-]+)["']/g;

// packages/python/src/lexical.ts
var LexicalScan = class {
  constructor(text) {
    this.text = text;
    const scanner = new Scanner(text);
    scanner.run();
    this.prose = scanner.prose;
    this.bodies = scanner.bodies;
  }
  text;
  /** Sorted, disjoint [start, end) pairs of UTF-16 offsets: comments and triple-quoted strings outside brackets. */
  prose;
  /** [start, end) pairs of the bodies (between the quotes) of the string literals without fields. */
  bodies;
  /** Whether some occurrence of `literal` lies in code: not wholly inside one stretch of prose. */
  inCode(literal2) {
    const { text, prose: prose2 } = this;
    let at = text.indexOf(literal2);
    let r = 0;
    while (at !== -1) {
      while (r < prose2.length && prose2[r + 1] <= at) r += 2;
      if (r >= prose2.length || at < prose2[r] || at + literal2.length > prose2[r + 1]) return true;
      at = text.indexOf(literal2, prose2[r + 1]);
    }
    return false;
  }
  /** The offsets of the whole-word occurrences of `word` (see `wordOffsets`) that lie in code. */
  *codeWordOffsets(word) {
    for (const at of wordOffsets(this.text, word)) if (!this.inProse(at)) yield at;
  }
  /** Whether the character at `offset` is prose: in a comment or a docstring-like string. */
  inProse(offset) {
    return containing(this.prose, offset, offset + 1);
  }
  /** Whether [start, end) lies within the body of one string literal without fields (see `strings`). */
  inPlainString(start, end) {
    return containing(this.bodies, start, end);
  }
  /**
   * The text between the quotes of every string literal that has no fields (f-strings aside), docstrings and
   * strings nested in f-string fields included, as written: a literal without escapes has this as its value.
   */
  *strings() {
    const { bodies, text } = this;
    for (let i = 0; i < bodies.length; i += 2) yield text.slice(bodies[i], bodies[i + 1]);
  }
};
function containing(ranges, start, end) {
  let low = 0;
  let high = ranges.length / 2;
  while (low < high) {
    const middle = low + high >> 1;
    if (ranges[middle * 2] <= start) low = middle + 1;
    else high = middle;
  }
  return low > 0 && end <= ranges[low * 2 - 1];
}
var HASH = 35;
var BACKSLASH = 92;
var LF = 10;
var CR = 13;
var OPEN_BRACE = 123;
var OPEN_PAREN = 40;
var OPEN_BRACKET = 91;
var QUOTE = 34;
var APOSTROPHE = 39;
var CODE_STOP = /[#'"()[\]{}]/g;
var Scanner = class {
  constructor(text) {
    this.text = text;
  }
  text;
  prose = [];
  bodies = [];
  run() {
    const { text } = this;
    let i = 0;
    let depth = 0;
    for (; ; ) {
      CODE_STOP.lastIndex = i;
      const stop = CODE_STOP.exec(text);
      if (!stop) return;
      const at = stop.index;
      const c = text.charCodeAt(at);
      if (c === HASH) {
        i = lineEnd(text, at);
        this.prose.push(at, i);
        continue;
      }
      if (c !== QUOTE && c !== APOSTROPHE) {
        depth = c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE ? depth + 1 : Math.max(0, depth - 1);
        i = at + 1;
        continue;
      }
      const string = this.readString(at);
      if (!string.terminated && string.triple) return;
      if (string.triple && !string.interpolated && depth === 0) this.prose.push(string.start, string.end);
      i = string.end;
    }
  }
  /** The string literal whose opening quote is at `quoteAt`, with the prefix (`rb`, `f`, ...) just before it. */
  readString(quoteAt) {
    const { text } = this;
    const prefix = prefixBefore(text, quoteAt);
    const quote2 = text[quoteAt];
    const triple = text[quoteAt + 1] === quote2 && text[quoteAt + 2] === quote2;
    const delimiter = triple ? quote2.repeat(3) : quote2;
    const interpolated = /[ft]/.test(prefix);
    const bodyStart = quoteAt + delimiter.length;
    const body = interpolated ? this.skipInterpolated(bodyStart, delimiter, prefix.includes("r")) : skipPlain(text, bodyStart, delimiter);
    if (!interpolated && body.terminated) {
      const bodyEnd = body.end - delimiter.length;
      this.bodies.push(bodyStart, bodyEnd);
      if (prefix.includes("r") && /^\\+$/.test(text.slice(bodyStart, bodyEnd))) this.bodies.push(bodyStart, bodyStart);
    }
    return { start: quoteAt - prefix.length, end: body.end, triple, interpolated, terminated: body.terminated };
  }
  /**
   * An f-string (or t-string) body: literal text with `{...}` fields, which hold code and, since Python 3.12
   * (PEP 701), may hold strings in the same quotes as the f-string itself.
   */
  skipInterpolated(from, delimiter, raw) {
    const { text } = this;
    let i = from;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        const next = text[i + 1];
        if (next === "{" || next === "}") i += 1;
        else if (!raw && next === "N" && text[i + 2] === "{") i = Math.max(text.indexOf("}", i), i + 2) + 1;
        else i += text.startsWith("\r\n", i + 1) ? 3 : 2;
        continue;
      }
      if (text.startsWith(delimiter, i)) return { end: i + delimiter.length, terminated: true };
      if (delimiter.length === 1 && (c === LF || c === CR)) return { end: i, terminated: false };
      if (text.startsWith("{{", i) || text.startsWith("}}", i)) i += 2;
      else if (c === OPEN_BRACE) i = this.skipField(i + 1);
      else i++;
    }
    return { end: text.length, terminated: false };
  }
  /** A field's code, from just after its `{` to just after its `}`: nested brackets and strings, then a format spec. */
  skipField(from) {
    const { text } = this;
    let depth = 0;
    let i = from;
    while (i < text.length) {
      const c = text[i];
      if (c === "'" || c === '"') {
        const string = this.readString(i);
        if (!string.terminated) return string.end;
        i = string.end;
        continue;
      }
      if (c === "#") {
        i = lineEnd(text, i);
        continue;
      }
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (c === "}") {
        if (depth === 0) return i + 1;
        depth--;
      } else if (c === ":" && depth === 0) return this.skipFormatSpec(i + 1);
      i++;
    }
    return i;
  }
  /** A format spec (`>10`, `.{digits}f`): literal text, with nested fields, up to just after the field's `}`. */
  skipFormatSpec(from) {
    const { text } = this;
    let i = from;
    while (i < text.length) {
      const c = text[i];
      if (c === "}") return i + 1;
      i = c === "{" ? this.skipField(i + 1) : i + 1;
    }
    return i;
  }
};
var PREFIXES = /* @__PURE__ */ new Set(["r", "u", "b", "f", "t", "br", "rb", "ur", "fr", "rf", "tr", "rt"]);
function prefixBefore(text, quoteAt) {
  let start = quoteAt;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  if (quoteAt - start > 2) return "";
  const word = text.slice(start, quoteAt).toLowerCase();
  return PREFIXES.has(word) ? word : "";
}
function skipPlain(text, from, delimiter) {
  const pattern = PLAIN_BODY[delimiter];
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const c = match[0].charCodeAt(0);
    if (c === BACKSLASH) continue;
    if (c === LF || c === CR) return { end: match.index, terminated: false };
    return { end: match.index + delimiter.length, terminated: true };
  }
  return { end: text.length, terminated: false };
}
var PLAIN_BODY = {
  '"': /\\(?:\r\n|[^])|"|[\r\n]/g,
  "'": /\\(?:\r\n|[^])|'|[\r\n]/g,
  '"""': /\\(?:\r\n|[^])|"""/g,
  "'''": /\\(?:\r\n|[^])|'''/g
};
function lineEnd(text, from) {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return text.length;
}

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
  constructor(kind, node, parent, container, ranges) {
    this.kind = kind;
    this.node = node;
    this.parent = parent;
    this.container = container;
    this.ranges = ranges;
    parent?.children.push(this);
    this.start = node.startIndex;
    this.end = node.endIndex;
  }
  kind;
  node;
  parent;
  container;
  ranges;
  /** Own bindings, each name's in source order. */
  bindings = /* @__PURE__ */ new Map();
  globals = /* @__PURE__ */ new Set();
  nonlocals = /* @__PURE__ */ new Set();
  children = [];
  /** The node's offsets, kept as numbers: reading them from a native node costs a call each time. */
  start;
  end;
  /** True when code at this offset runs in this scope. */
  includes(offset) {
    return this.ranges.some(([start, end]) => start <= offset && offset < end);
  }
  contains(offset) {
    return this.start <= offset && offset < this.end;
  }
  add(binding) {
    const list = this.bindings.get(binding.name);
    if (list) list.push(binding);
    else this.bindings.set(binding.name, [binding]);
  }
};
function definingScope(name, scope, offset) {
  for (let current = scope; current; current = current.parent) {
    if (current.kind === "class" && current !== scope) continue;
    if (current.globals.has(name)) return moduleOf(current).bindings.has(name) ? moduleOf(current) : null;
    if (current.nonlocals.has(name)) continue;
    const own = current.bindings.get(name);
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
function applyDeclarations(scopes) {
  for (const scope of scopes) {
    for (const name of [...scope.globals, ...scope.nonlocals]) {
      const owner = scope.globals.has(name) ? moduleOf(scope) : nonlocalOwner(name, scope);
      const moved = scope.bindings.get(name);
      if (!owner || owner === scope || !moved) continue;
      scope.bindings.delete(name);
      for (const binding of moved) {
        binding.scope = owner;
        owner.add(binding);
      }
      owner.bindings.get(name).sort((a, b) => a.node.startIndex - b.node.startIndex);
    }
  }
}
function nonlocalOwner(name, scope) {
  for (let current = scope.parent; current && current.kind !== "module"; current = current.parent) {
    if (current.kind === "class" || current.nonlocals.has(name)) continue;
    if (current.globals.has(name)) return moduleOf(current);
    if (current.bindings.has(name)) return current;
  }
  return null;
}

// packages/python/src/semantic/builder.ts
var COMPREHENSIONS = /* @__PURE__ */ new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);
var SEQUENCE_TARGETS = /* @__PURE__ */ new Set(["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list"]);
var VISITED = [
  ...COMPREHENSIONS,
  "function_definition",
  "class_definition",
  "lambda",
  "assignment",
  "augmented_assignment",
  "for_statement",
  "for_in_clause",
  "with_item",
  "except_clause",
  "named_expression",
  "import_statement",
  "import_from_statement",
  "global_statement",
  "nonlocal_statement"
];
function buildScopes(root) {
  const builder = new Builder(root);
  for (const node of root.descendantsOfType(VISITED)) {
    if (node && node.childCount > 0) builder.visit(node);
  }
  return builder.finish();
}
var BindingRecord = class {
  constructor(name, kind, node, site, value2, position2, scope, statement) {
    this.name = name;
    this.kind = kind;
    this.node = node;
    this.site = site;
    this.value = value2;
    this.position = position2;
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
var Builder = class {
  scopes;
  bindingAt = /* @__PURE__ */ new Map();
  opened = /* @__PURE__ */ new Map();
  /** Inner assignments of chains, bound with the outermost. */
  chained = /* @__PURE__ */ new Set();
  constructor(root) {
    this.scopes = [new Scope("module", root, null, null, [[root.startIndex, root.endIndex + 1]])];
  }
  finish() {
    applyDeclarations(this.scopes);
    return { scopes: this.scopes, bindingAt: this.bindingAt, opened: this.opened };
  }
  /** The scope code at `offset` runs in. Scopes are created in document order, so those before it all exist. */
  scopeAt(offset) {
    return scopeAt(this.scopes, offset);
  }
  visit(node) {
    switch (node.type) {
      case "function_definition":
      case "lambda":
        return this.openFunction(node);
      case "class_definition": {
        const name = node.childForFieldName("name");
        if (name) this.bind(name, "class", node, void 0);
        const body = node.childForFieldName("body");
        return void this.open("class", node, body ? [[body.startIndex, body.endIndex]] : []);
      }
      case "for_in_clause":
      case "for_statement":
        return this.bindTargets(node.childForFieldName("left"), "for", node, void 0);
      case "assignment":
        return this.visitAssignment(node);
      case "augmented_assignment": {
        const left = node.childForFieldName("left");
        if (left?.type === "identifier") this.bind(left, "augmented-assignment", node, void 0);
        return;
      }
      case "with_item":
      case "except_clause": {
        const pattern = node.childForFieldName("value");
        const target = pattern?.type === "as_pattern" ? pattern.childForFieldName("alias")?.namedChildren[0] : null;
        if (target) this.bindTargets(target, node.type === "with_item" ? "with" : "except", node, void 0);
        return;
      }
      case "named_expression": {
        const name = node.childForFieldName("name");
        if (name) this.bind(name, "walrus", node, node.childForFieldName("value") ?? void 0, walrusScope(this.scopeAt(name.startIndex)));
        return;
      }
      case "import_statement":
      case "import_from_statement":
        return this.visitImport(node);
      case "global_statement":
      case "nonlocal_statement": {
        const declared = this.scopeAt(node.startIndex)[node.type === "global_statement" ? "globals" : "nonlocals"];
        for (const name of namedChildrenOf(node)) if (name.type === "identifier") declared.add(name.text);
        return;
      }
      default:
        if (COMPREHENSIONS.has(node.type)) this.openComprehension(node);
    }
  }
  openFunction(node) {
    const name = node.type === "function_definition" ? node.childForFieldName("name") : null;
    if (name) this.bind(name, "function", node, void 0);
    const parameters = parametersOf(node);
    const body = node.childForFieldName("body");
    const ranges = parameters.map((p) => [p.identifier.startIndex, p.identifier.endIndex]);
    if (body) ranges.push([body.startIndex, body.endIndex]);
    const scope = this.open("function", node, ranges);
    for (const parameter of parameters) this.bind(parameter.identifier, "parameter", parameter.node, parameter.default, scope, node);
  }
  openComprehension(node) {
    const first = namedChildrenOf(node).find((child) => child.type === "for_in_clause")?.childForFieldName("right");
    const start = node.namedChildren[0]?.startIndex ?? node.startIndex;
    const ranges = first ? [[start, first.startIndex], [first.endIndex, node.endIndex]] : [[start, node.endIndex]];
    this.open("comprehension", node, ranges);
  }
  open(kind, node, ranges) {
    const container = innermost(this.scopes, node.startIndex);
    const scope = new Scope(kind, node, this.scopeAt(node.startIndex), container, ranges);
    this.scopes.push(scope);
    this.opened.set(node.startIndex, scope);
    return scope;
  }
  visitAssignment(node) {
    if (this.chained.has(node.startIndex)) return;
    const lefts = [];
    let value2 = node;
    while (value2?.type === "assignment") {
      const left = value2.childForFieldName("left");
      if (left) lefts.push(left);
      if (value2 !== node) this.chained.add(value2.startIndex);
      value2 = value2.childForFieldName("right");
    }
    for (const left of lefts) this.bindTargets(left, "assignment", node, left.type === "identifier" ? value2 ?? void 0 : void 0);
  }
  visitImport(node) {
    const module = node.childForFieldName("module_name");
    for (const child of namedChildrenOf(node)) {
      if (module && child.startIndex === module.startIndex) continue;
      const name = child.type === "aliased_import" ? child.childForFieldName("alias") : child.type === "dotted_name" ? child.namedChildren[0] : null;
      if (name?.type === "identifier") this.bind(name, "import", node, void 0);
    }
  }
  bindTargets(target, kind, site, value2) {
    if (!target) return;
    if (target.type === "identifier") return this.bind(target, kind, site, value2);
    if (!SEQUENCE_TARGETS.has(target.type)) return;
    let position2 = 0;
    for (const element of namedChildrenOf(target)) {
      if (element.type === "list_splat_pattern" || element.type === "list_splat") position2 = void 0;
      if (element.type === "identifier") this.bind(element, kind, site, void 0, void 0, void 0, position2);
      else this.nestedTargets(element, kind, site);
      if (position2 !== void 0) position2++;
    }
  }
  /** Names inside a nested or starred target: bound, without a position. */
  nestedTargets(target, kind, site) {
    if (target.type === "identifier") return this.bind(target, kind, site, void 0);
    const inner = target.type === "list_splat_pattern" || target.type === "list_splat" || target.type === "parenthesized_expression";
    if (inner || SEQUENCE_TARGETS.has(target.type)) for (const element of namedChildrenOf(target)) this.nestedTargets(element, kind, site);
  }
  bind(node, kind, site, value2, scope = this.scopeAt(node.startIndex), statement, position2) {
    const binding = new BindingRecord(node.text, kind, node, site, value2, position2, scope, statement);
    scope.add(binding);
    this.bindingAt.set(node.startIndex, binding);
  }
};
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
  return definition ? bound(model.scopeOpenedBy(definition)?.bindings.get(attribute)) : void 0;
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
    const annotation2 = assignment?.childForFieldName("type");
    if (left?.type !== "identifier" || !annotation2 || /\bClassVar\b/.test(annotation2.text)) continue;
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
    fields.set(left.text, { name: left.text, owner: info, statement: assignment, annotation: annotation2, default: fallback, field, factory });
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
    return this.treeCache ??= buildScopes(this.source.root);
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
    const binding = this.tree.bindingAt.get(identifier.startIndex);
    return binding && sameNode(binding.node, identifier) ? binding : void 0;
  }
  /** Every binding an identifier may refer to, in source order; [] for builtins and unknown names. */
  resolve(identifier) {
    if (identifier.type !== "identifier") return [];
    const own = this.bindingOf(identifier);
    const scope = own ? own.scope : definingScope(identifier.text, this.scopeOf(identifier), identifier.startIndex);
    return scope?.bindings.get(identifier.text) ?? [];
  }
  /** The bindings a read of `name` in `scope` refers to, by Python's rules (local, enclosing, module). */
  bindingsOf(name, scope) {
    return definingScope(name, scope)?.bindings.get(name) ?? [];
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
  const lines2 = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n" || ch === "\r") {
      const next = ch === "\r" && text[i + 1] === "\n" ? i + 2 : i + 1;
      lines2.push({ start, end: i, next });
      start = next;
      i = next - 1;
    }
  }
  if (start < text.length || lines2.length === 0) lines2.push({ start, end: text.length, next: text.length });
  return lines2;
}
function filler(length) {
  return length >= 4 ? `pass${" ".repeat(length - 4)}` : `0${" ".repeat(Math.max(0, length - 1))}`;
}
function maskIPython(cell2) {
  const lines2 = splitLines(cell2);
  const out = cell2.split("");
  const masked = [];
  const shell = [];
  let problem;
  const mask = (first2, last, keepIndent) => {
    for (let i2 = first2; i2 <= last; i2++) {
      const line = lines2[i2];
      const from = i2 === first2 && keepIndent ? line.start + indentOf(cell2, line) : line.start;
      const fill = i2 === first2 ? filler(line.end - from) : " ".repeat(line.end - from);
      for (let k = 0; k < fill.length; k++) out[from + k] = fill[k];
    }
    masked.push({ start: lines2[first2].start, end: lines2[last].next });
  };
  let i = lines2.findIndex((line) => cell2.slice(line.start, line.end).trim() !== "");
  if (i < 0) return { text: cell2, masked, shell };
  const first = lines2[i];
  const firstText = cell2.slice(first.start + indentOf(cell2, first), first.end);
  if (firstText.startsWith("%%")) {
    const magic = cellMagic(firstText);
    const bodyStart = first.next;
    if (magic.body === "python") {
      mask(i, i, false);
      i++;
    } else {
      mask(i, lines2.length - 1, false);
      masked.splice(-1, 1, { start: 0, end: cell2.length });
      if (magic.body === "shell" && bodyStart < cell2.length) shell.push({ kind: "cell", start: bodyStart, end: cell2.length });
      return { text: out.join(""), masked, shell };
    }
  }
  while (i < lines2.length) {
    const line = lines2[i];
    const indent = indentOf(cell2, line);
    const rest = cell2.slice(line.start + indent, line.end);
    if (rest === "" || rest.startsWith("#")) {
      i++;
      continue;
    }
    const escape = escapedCommand(rest);
    if (escape) {
      let last = i;
      while (last + 1 < lines2.length && cell2.slice(lines2[last].start, lines2[last].end).endsWith("\\")) last++;
      if (escape.shellAt !== void 0) {
        const bangAt = escape.bang ? { bangAt: line.start + indent } : {};
        shell.push({ kind: "line", start: line.start + indent + escape.shellAt, end: lines2[last].end, ...bangAt });
      }
      mask(i, last, true);
      i = last + 1;
      continue;
    }
    const logical = scanLogicalLine(cell2, lines2, i);
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
function scanLogicalLine(cell2, lines2, first) {
  let depth = 0;
  let lastChar = "";
  let problem;
  let k = lines2[first].start;
  let line = first;
  const lineAt = (offset) => {
    while (line + 1 < lines2.length && lines2[line].next <= offset) line++;
    return line;
  };
  while (k < cell2.length) {
    const c = cell2[k];
    if (c === "#") {
      k = lines2[lineAt(k)].end;
      continue;
    }
    if (c === '"' || c === "'") {
      const string = skipString(cell2, k, true);
      if (!string.closed) problem ??= `unterminated string at line ${lineAt(k) + 1}`;
      lastChar = c;
      k = string.end;
      continue;
    }
    if (c === "\\" && (k + 1 === cell2.length || cell2[k + 1] === "\n" || cell2[k + 1] === "\r")) {
      if (k + 1 === cell2.length) problem ??= `line ${lineAt(k) + 1} ends the cell with a backslash continuation`;
      k = lines2[lineAt(k)].next;
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
  return { last: lines2.length - 1, lastChar, ...problem ? { problem } : {} };
}

// packages/python/src/notebook.ts
var NOT_MAPPED = -1;
var Notebook = class {
  /** Use `parseNotebook`. */
  constructor(text, cells, language) {
    this.text = text;
    this.language = language;
    this.asciiOnly = !/[^\x00-\x7f]/.test(text);
    const chars = [];
    const unmasked = [];
    const from = [];
    const to = [];
    const segmentOf = [];
    const isPython = isPythonKernel(language);
    cells.forEach((node, index) => {
      const cell2 = { number: index + 1, type: stringProperty(node, "cell_type") };
      this.cells.push(cell2);
      if (cell2.type !== "code" || !isPython) return;
      cell2.start = chars.length;
      for (const segment of sourceSegments(text, property(node, "source"), cell2.number)) {
        const added = decodeJsonString(text, segment.contentStart, segment.contentEnd, chars, from, to);
        for (let k = 0; k < added; k++) segmentOf.push(this.segments.length);
        this.segments.push(segment);
      }
      cell2.end = chars.length;
      const original = chars.slice(cell2.start).join("");
      unmasked.push(original, "\n");
      const masked = maskIPython(original);
      for (let k = 0; k < masked.text.length; k++) chars[cell2.start + k] = masked.text[k];
      for (const range of masked.masked) this.masked.push({ start: cell2.start + range.start, end: cell2.start + range.end });
      for (const shell of masked.shell) {
        const bangAt = shell.bangAt === void 0 ? {} : { bangAt: cell2.start + shell.bangAt };
        this.shell.push({ cell: cell2.number, kind: shell.kind, text: original.slice(shell.start, shell.end), start: cell2.start + shell.start, end: cell2.start + shell.end, ...bangAt });
      }
      if (masked.problem) cell2.problem = masked.problem;
      this.codeCells.push(cell2);
      chars.push("\n");
      from.push(NOT_MAPPED);
      to.push(NOT_MAPPED);
      segmentOf.push(NOT_MAPPED);
    });
    this.python = chars.join("");
    this.code = unmasked.join("");
    this.from = Int32Array.from(from);
    this.to = Int32Array.from(to);
    this.segmentOf = Int32Array.from(segmentOf);
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
  from;
  to;
  segmentOf;
  segments = [];
  codeCells = [];
  asciiOnly;
  linesCache;
  /** Virtual offsets of the characters that come from the JSON text, and where each starts there (ascending). */
  mappedAt;
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
    const cell2 = this.codeCells[low];
    return cell2 && cell2.start <= offset && offset <= cell2.end ? cell2 : void 0;
  }
  /** Cell, line and column of a virtual offset, counted within its cell. */
  locate(offset) {
    const cell2 = this.cellAt(offset);
    if (!cell2) return void 0;
    const at = this.lines.position(offset);
    return { cell: cell2.number, line: at.line - this.lines.position(cell2.start).line + 1, column: at.column };
  }
  /**
   * The JSON offset of a virtual offset: where the character there starts, or for the end of a cell, where its last
   * character ends. Undefined between cells and in empty cells.
   */
  toNotebookOffset(offset) {
    if (offset < this.python.length && this.from[offset] !== NOT_MAPPED) return this.from[offset];
    if (offset > 0 && this.to[offset - 1] !== NOT_MAPPED) return this.to[offset - 1];
    return void 0;
  }
  /** A range of the virtual Python as a range of the JSON text (its end where its last character ends). */
  toNotebookRange(start, end) {
    const jsonStart = this.toNotebookOffset(start);
    const jsonEnd = end > start && this.to[end - 1] !== NOT_MAPPED ? this.to[end - 1] : this.toNotebookOffset(end);
    return jsonStart === void 0 || jsonEnd === void 0 ? void 0 : { start: jsonStart, end: jsonEnd };
  }
  /** The virtual offset of a JSON offset inside a code cell's source (or at its end); undefined elsewhere. */
  fromNotebookOffset(offset) {
    const { virtual, json } = this.mappedAt ??= this.buildReverseMap();
    let low = 0;
    let high = json.length - 1;
    if (high < 0 || offset < json[0]) return void 0;
    while (low < high) {
      const mid = low + high + 1 >> 1;
      if (json[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    const at = virtual[low];
    if (offset < this.to[at]) return at;
    const segment = this.segments[this.segmentOf[at]];
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
    if (start === end) {
      const at = this.toNotebookOffset(start);
      const k = start < this.python.length && this.from[start] !== NOT_MAPPED ? start : start - 1;
      const segment2 = this.segments[this.segmentOf[k] ?? NOT_MAPPED];
      if (at === void 0 || !segment2) return void 0;
      const atStringEnd = at === segment2.contentEnd;
      const opens = atStringEnd && segment2.separator !== void 0 && this.python[start - 1] === "\n" && text !== "";
      return { start: at, end: at, text: (opens ? `"${segment2.separator}"` : "") + this.encode(text, segment2, atStringEnd) };
    }
    for (let k = start; k < end; k++) if (this.from[k] === NOT_MAPPED) return void 0;
    const first = this.segmentOf[start];
    const last = this.segmentOf[end - 1];
    const segment = this.segments[first];
    const jsonStart = this.from[start];
    const jsonEnd = this.to[end - 1];
    const whole = jsonStart === segment.contentStart && jsonEnd === this.segments[last].contentEnd;
    if (whole && text === "" && segment.separator !== void 0) {
      const next = this.segments[last + 1];
      if (next?.cell === segment.cell) return { start: segment.contentStart - 1, end: next.contentStart - 1, text: "" };
      const previous = this.segments[first - 1];
      if (previous?.cell === segment.cell) return { start: previous.contentEnd + 1, end: jsonEnd + 1, text: "" };
    }
    return { start: jsonStart, end: jsonEnd, text: this.encode(text, segment, jsonEnd === this.segments[last].contentEnd) };
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
    const lines2 = text.split(/(?<=\n)/).map(escape).join(joiner);
    return text.endsWith("\n") && !atStringEnd ? lines2 + joiner : lines2;
  }
  buildReverseMap() {
    const virtual = [];
    const json = [];
    for (let k = 0; k < this.from.length; k++) {
      if (this.from[k] === NOT_MAPPED) continue;
      virtual.push(k);
      json.push(this.from[k]);
    }
    return { virtual: Int32Array.from(virtual), json: Int32Array.from(json) };
  }
};
function parseNotebook(text) {
  const root = parseJson(text);
  if ("error" in root) return root;
  const problem = nbformatProblem(root.value);
  if (problem) return { error: problem };
  return { notebook: new Notebook(text, root.cells, kernelLanguage(root.value)) };
}
function notebookCode(text) {
  let value2;
  try {
    value2 = JSON.parse(text);
  } catch {
    return void 0;
  }
  if (nbformatProblem(value2)) return void 0;
  const python = [];
  const shell = [];
  if (!isPythonKernel(kernelLanguage(value2))) return { python: "", shell };
  for (const cell2 of value2.cells) {
    if (cell2.cell_type !== "code") continue;
    const original = Array.isArray(cell2.source) ? cell2.source.join("") : cell2.source;
    const masked = maskIPython(original);
    python.push(masked.text, "\n");
    for (const snippet of masked.shell) shell.push(original.slice(snippet.start, snippet.end));
  }
  return { python: python.join(""), shell };
}
function parseJson(text) {
  const options = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };
  let value2;
  try {
    value2 = JSON.parse(text);
  } catch (error) {
    const errors = [];
    parseTree(text, errors, options);
    const first = errors[0];
    if (!first) return { error: `invalid JSON: ${error.message}` };
    return { error: `invalid JSON (${printParseErrorCode(first.error)})`, offset: first.offset };
  }
  const cells = cellNodes(text, options);
  return cells ? { cells, value: value2 } : { error: "invalid JSON" };
}
function cellNodes(text, options) {
  const cells = [];
  const stack = [];
  let failed = false;
  const stringNode = (value2, offset, length, parent) => ({ type: "string", value: value2, offset, length, parent });
  const propertyOf = (cell2, key, valueNode) => {
    const property2 = { type: "property", offset: valueNode.offset, length: valueNode.length, parent: cell2, children: [] };
    property2.children.push({ type: "string", value: key, offset: valueNode.offset, length: 0, parent: property2 }, valueNode);
    valueNode.parent = property2;
    cell2.children.push(property2);
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
        const cell2 = stack[2]?.node;
        const node = cell2 && at(3, "source") ? { type: "array", offset, length: 0, children: [] } : void 0;
        if (node && cell2) propertyOf(cell2, "source", node);
        stack.push({ kind: "array", ...node ? { node } : {} });
      },
      onArrayEnd: (offset, length) => {
        const ended = stack.pop();
        if (ended?.node) ended.node.length = offset + length - ended.node.offset;
      },
      onLiteralValue: (value2, offset, length) => {
        const cell2 = stack[2]?.node;
        if (!cell2 || typeof value2 !== "string") return;
        if (at(3, "cell_type") || at(3, "source")) propertyOf(cell2, stack[2].key, stringNode(value2, offset, length, cell2));
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
  for (const [index, cell2] of cells.entries()) {
    const where = `cell ${index + 1}`;
    if (!isObject(cell2)) return `${where} is not a JSON object`;
    if (typeof cell2.cell_type !== "string") return `${where} has no "cell_type" string`;
    const { source } = cell2;
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
function stringProperty(node, key) {
  const value2 = property(node, key);
  return value2?.type === "string" ? value2.value : void 0;
}
function sourceSegments(text, source, cell2) {
  const inside = (node) => ({ cell: cell2, contentStart: node.offset + 1, contentEnd: node.offset + node.length - 1 });
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

// packages/targets/src/requirements.ts
var cc = (major, minor) => ({ major, minor });
var MINIMUM = {
  bf16: cc(8, 0),
  tf32: cc(8, 0),
  flashAttention2: cc(8, 0),
  fp8: cc(8, 9),
  fp16TensorCores: cc(7, 0),
  triton: cc(7, 0),
  // PyTorch 2.8 dropped Maxwell and Pascal from its CUDA 12.8 builds, the default on PyPI (pytorch#157517).
  currentTorchWheels: cc(7, 0),
  vllm: cc(7, 0),
  unsloth: cc(7, 0),
  bitsandbytes: cc(6, 0),
  bitsandbytesInt8Matmul: cc(7, 5),
  tritonPipelining: cc(8, 0),
  sdpaCudnn: cc(8, 0),
  sdpaMemoryEfficient: cc(5, 0)
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
function featuresFor(computeCapability2) {
  const has2 = (feature) => meets(computeCapability2, feature);
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
  const computeCapability2 = { major, minor };
  return {
    id,
    name,
    arch,
    computeCapability: computeCapability2,
    memoryGiB,
    maxSharedMemoryPerBlock: smemKB * KB,
    features: featuresFor(computeCapability2)
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
var GPU_ALIASES = /* @__PURE__ */ new Map([
  ["a100", "a100-80"],
  ["a100-40gb", "a100-40"],
  ["a100-80gb", "a100-80"],
  ["v100-16", "v100"],
  ["v100-16gb", "v100"],
  ["v100-32gb", "v100-32"],
  ["3090", "rtx3090"],
  ["rtx-3090", "rtx3090"],
  ["rtx-a5000", "a5000"],
  ["rtx-a6000", "a6000"],
  ["h100-80", "h100"]
]);
function findGpu(name) {
  const id = GPU_ALIASES.get(name) ?? name;
  return GPUS.find((g) => g.id === id);
}

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
function findPlatform(id) {
  return PLATFORMS.find((p) => p.platform.id === id);
}

// packages/targets/src/resolve.ts
var MAX_GPU_COUNT = 16;
var UnknownTargetError = class extends Error {
  constructor(input, validNames, suggestion2, reason) {
    const hint2 = suggestion2 === void 0 ? "" : ` Did you mean '${suggestion2}'?`;
    super(
      `${reason ?? `Unknown target '${input}'.`}${hint2} Valid targets: ${validNames.join(", ")} (add x<N>, N from 1 to ${MAX_GPU_COUNT}, for several GPUs: t4x2, a100-80x8).`
    );
    this.input = input;
    this.validNames = validNames;
    this.suggestion = suggestion2;
  }
  input;
  validNames;
  suggestion;
  name = "UnknownTargetError";
};
function targetNames() {
  return [...GPUS.map((g) => g.id), ...GPU_ALIASES.keys(), ...PLATFORMS.map((p) => p.platform.id)];
}
function resolveTarget(name) {
  const trimmed = name.trim();
  const input = trimmed.toLowerCase();
  const platform = findPlatform(input);
  if (platform) {
    const { platform: profile, count: count2 } = platform;
    return { name: profile.id, gpu: gpuOrThrow(platform.gpu), count: count2, platform: profile };
  }
  const single = findGpu(input);
  if (single) return { name: single.id, gpu: single, count: 1 };
  const match = /^(.+)x(\d+)$/.exec(input);
  if (match) {
    const [, base = "", digits = ""] = match;
    const count2 = Number(digits);
    if (findPlatform(base)) {
      const reason = `Platform '${base}' comes with a fixed set of GPUs; drop 'x${digits}'.`;
      throw new UnknownTargetError(trimmed, targetNames(), base, reason);
    }
    const gpu2 = findGpu(base);
    if (gpu2) {
      if (count2 < 1 || count2 > MAX_GPU_COUNT) {
        throw new UnknownTargetError(
          trimmed,
          targetNames(),
          void 0,
          `Bad GPU count ${digits} in '${trimmed}': use 1 to ${MAX_GPU_COUNT}.`
        );
      }
      return { name: count2 > 1 ? `${gpu2.id}x${count2}` : gpu2.id, gpu: gpu2, count: count2 };
    }
    if (count2 >= 1 && count2 <= MAX_GPU_COUNT) {
      const withCount = [...GPUS.map((g) => g.id), ...GPU_ALIASES.keys()].map((gpu3) => `${gpu3}x${count2}`);
      throw new UnknownTargetError(trimmed, targetNames(), closest(input, [...withCount, ...targetNames()]));
    }
  }
  throw new UnknownTargetError(trimmed, targetNames(), closest(input, targetNames()));
}
function gpuOrThrow(id) {
  const gpu2 = findGpu(id);
  if (!gpu2) throw new Error(`internal: platform refers to unknown GPU '${id}'`);
  return gpu2;
}
function closest(input, candidates) {
  let best;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(input, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : void 0;
}
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
function listTargets() {
  const aliasesOf = (id) => [...GPU_ALIASES].filter(([, gpu2]) => gpu2 === id).map(([alias]) => alias);
  return [
    ...GPUS.map((g) => ({ name: g.id, aliases: aliasesOf(g.id), kind: "gpu", target: resolveTarget(g.id) })),
    ...PLATFORMS.map(
      (p) => ({ name: p.platform.id, aliases: [], kind: "platform", target: resolveTarget(p.platform.id) })
    )
  ];
}

// packages/targets/src/features.ts
var gpuOf = (t) => "gpu" in t ? t.gpu : t;
function formatComputeCapability(target) {
  const cc2 = "major" in target ? target : gpuOf(target).computeCapability;
  return `${cc2.major}.${cc2.minor}`;
}
function formatGiB(value2) {
  return Number.isInteger(value2) ? String(value2) : value2.toFixed(1).replace(/\.0$/, "");
}

// packages/targets/src/table.ts
var WIDTH = 96;
var mark = (value2) => value2 ? "yes" : "-";
function alignRows(rows) {
  const widths = [];
  for (const row of rows) row.forEach((cell2, i) => widths[i] = Math.max(widths[i] ?? 0, cell2.length));
  return rows.map((row) => row.map((cell2, i) => cell2.padEnd(widths[i])).join("  ").trimEnd());
}
function wrap(words4, first = "", rest = first) {
  const lines2 = [];
  let line = "";
  for (const word of words4) {
    const prefix = lines2.length === 0 ? first : rest;
    if (line && prefix.length + line.length + 1 + word.length > WIDTH) {
      lines2.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines2.push((lines2.length === 0 ? first : rest) + line);
  return lines2;
}
var words = (text) => text.split(/\s+/);
function formatTargetsTable() {
  const rows = listTargets();
  const gpuRows = rows.filter((r) => r.kind === "gpu");
  const platformRows = rows.filter((r) => r.kind === "platform");
  const header3 = ["name", "GPU", "arch", "cc", "mem GiB", "smem KB", "bf16", "tf32", "flash-attn-2", "triton", "fp8"];
  const table2 = alignRows([
    header3,
    header3.map((h) => "-".repeat(h.length)),
    ...gpuRows.map(({ name, target: { gpu: gpu2 } }) => [
      name,
      gpu2.name,
      gpu2.arch,
      formatComputeCapability(gpu2),
      formatGiB(gpu2.memoryGiB),
      String(gpu2.maxSharedMemoryPerBlock / 1024),
      mark(gpu2.features.bf16),
      mark(gpu2.features.tf32),
      mark(gpu2.features.flashAttention2),
      mark(gpu2.features.triton),
      mark(gpu2.features.fp8)
    ])
  ]);
  const aliases = gpuRows.flatMap((r) => r.aliases.map((alias) => `${alias} = ${r.name}`));
  const aliasWords = aliases.map((item, i) => item + (i < aliases.length - 1 ? "," : "."));
  const out = [
    "GPUs (cc = compute capability; mem = usable memory per GPU; smem = max shared memory per block)",
    "",
    ...table2,
    "",
    ...wrap(["Aliases:", ...aliasWords], "", "  "),
    ...wrap(words(`Add x<N> (N from 1 to ${MAX_GPU_COUNT}) for several GPUs: t4x2, v100x4, a100-80x8.`)),
    "",
    "Platforms",
    ""
  ];
  const platformTable = alignRows(
    platformRows.map(({ name, target }) => {
      const platform = target.platform;
      const ram = `${formatGiB(platform.ramGiB)} GiB RAM`;
      return [name, `${target.count} x ${target.gpu.name}`, `${platform.cpus} CPUs`, ram, platform.name];
    })
  );
  platformRows.forEach((row, i) => {
    out.push(platformTable[i]);
    for (const note of row.target.platform.notes) out.push(...wrap(words(note), "  - ", "    "));
  });
  return out.join("\n") + "\n";
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
  currentTorchWheels: `PyTorch's default CUDA wheels from 2.8 on have no kernels for the target (${below("currentTorchWheels")})`
};
function defineRule(definition) {
  const { lacks } = definition;
  if (lacks === void 0) return definition;
  return { ...definition, appliesWhen: WHEN_LACKING[lacks], appliesTo: (target) => !target.gpu.features[lacks] };
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
    let lineEnd5 = text.indexOf("\n", lineStart3);
    if (lineEnd5 < 0) lineEnd5 = text.length;
    let indent = 0;
    while (text.charCodeAt(lineStart3 + indent) === 32) indent++;
    const blank3 = /^[ \t]*\r?$/.test(text.slice(lineStart3 + indent, lineEnd5));
    if (blockScalarIndent !== void 0 && (blank3 || indent > blockScalarIndent)) {
      lineStart3 = lineEnd5 + 1;
      continue;
    }
    blockScalarIndent = void 0;
    if (open && !blank3 && indent < open.column) {
      insertAt.push(lineStart3);
      counts.push(open.column - indent);
    }
    const scanned = scanLine(text, lineStart3 + indent, lineEnd5, open);
    open = scanned.open;
    if (scanned.blockScalar) blockScalarIndent = indent;
    lineStart3 = lineEnd5 + 1;
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
  const code2 = printParseErrorCode2(error.error);
  return MESSAGES[code2] ?? code2;
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
    this.tree = format === "json" ? parseJsonTree(text) : parseYamlTree(text);
  }
  text;
  format;
  tree;
  entryList;
  keyList;
  scalars = /* @__PURE__ */ new WeakMap();
  members = /* @__PURE__ */ new WeakMap();
  /** Entries inside `{...}` or `[...]`, where `,[]{}` end a plain scalar. */
  flowEntries = /* @__PURE__ */ new WeakSet();
  detected;
  /** What the config is; a YAML stream of several documents is "unknown". */
  get kind() {
    if (this.detected) return this.detected;
    const root = this.tree.roots.length === 1 ? this.tree.roots[0] : void 0;
    if (root?.type !== "map") return this.detected = "unknown";
    const keys = new Set(root.members.map((m) => m.key));
    const isMapping = (key) => root.members.some((m) => m.key === key && m.value.type === "map");
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
  const lineEnd5 = entry.valueEnd + rest.length;
  let edit;
  if (document.format === "yaml") {
    if (indent === "" && /^[ \t]*(#.*)?$/.test(rest)) edit = { start: lineEnd5, end: lineEnd5, text: `${newline}${key}: ${value2}` };
  } else if (/^[ \t]*,[ \t]*$/.test(rest)) {
    edit = { start: lineEnd5, end: lineEnd5, text: `${newline}${indent}"${key}": ${value2},` };
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

// packages/rules/src/model-size/parameters.ts
var SIZE_IN_ID = /(?:^|[-_/.])(\d+(?:\.\d+)?)\s*([bm])(?=$|[-_/.])/i;
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
  const match = SIZE_IN_ID.exec(name.replace(/-(\d)_(\d)([bm])(?=$|[-_/.])/, "-$1.$2$3"));
  if (!match) return void 0;
  const scale = match[2].toLowerCase() === "b" ? 1e9 : 1e6;
  return { parameters: Number(match[1]) * scale, source: "model id" };
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
function isGemma2or3(context, modelId) {
  const modelType = context.project.modelConfig(modelId)?.model_type;
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

// packages/rules/src/shared/callers.ts
function callersOf(context, definition, { sameFileOnly = false } = {}) {
  const { semantic } = context.source;
  const sites = semantic.callSitesOf(definition).map((call) => ({ semantic, call }));
  const name = definition.childForFieldName("name")?.text;
  if (!sameFileOnly && name && context.path && semantic.scopeOf(definition).kind === "module") {
    for (const module of context.project.importersOf(context.path, name)) {
      for (const call of module.calls) sites.push({ semantic: module.source.semantic, call });
    }
  }
  return sites;
}
function parameterOf(context, identifier) {
  if (identifier.type !== "identifier") return void 0;
  const bindings = context.source.semantic.resolve(identifier);
  return bindings.length === 1 && bindings[0].kind === "parameter" ? bindings[0] : void 0;
}
function parameterPassing(context, parameter) {
  const definition = parameter.statement;
  if (definition.type !== "function_definition") return { passing: "unknown", values: [] };
  const values = [];
  let relies = false;
  const local = callersOf(context, definition, { sameFileOnly: true });
  const callers = local.some(({ call }) => context.source.semantic.argumentFor(call, definition, parameter.name).passed === "no") ? local : callersOf(context, definition);
  if (callers.length === 0) return { passing: "unknown", values: [] };
  for (const { semantic, call } of callers) {
    const passed = context.source.semantic.argumentFor(call, definition, parameter.name);
    if (passed.passed === "maybe") return { passing: "unknown", values: [] };
    if (passed.passed === "no") {
      relies = true;
      values.push(parameter.value ? context.source.semantic.constantValue(parameter.value) : void 0);
    } else values.push(passed.value ? semantic.constantValue(passed.value) : void 0);
  }
  return { passing: relies ? "some" : "all", values };
}
function parameterConstant(context, parameter) {
  const { passing, values } = parameterPassing(context, parameter);
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
function loadDtypeFor(context, call) {
  const deviceMap = keywordArgument(call, "device_map");
  const spread = !!deviceMap && stringValue(keywordValue(deviceMap)) === "auto";
  return dtypeForModel(context, modelIdOf(context, call), spread, fullFineTuneWithTrainer(context.source));
}
function dtypeForModel(context, modelId, spread, trainsFully2 = false) {
  if (context.precision !== "auto") return { dtype: dtypeReplacement(context.precision), note: "" };
  const available = availableGiB(context.target, spread);
  const where = `${spread ? `${context.target.count} x ` : ""}${context.target.gpu.name}`;
  const size3 = modelId ? sizeOf(context, modelId) : void 0;
  if (!size3 || !modelId) {
    const upTo = (dtype) => formatParameters(available / inferenceGiB(1, dtype));
    const training = trainsFully2 ? ` This file fully fine-tunes, and ${FP16_WEIGHTS_FAIL}; above ~${upTo("float32")} train LoRA/QLoRA adapters instead.` : "";
    return {
      dtype: "float32",
      note: "",
      hintOnly: true,
      hint: `The model's size is unknown here, so no dtype is certain: float32 (exact, 4 bytes per parameter) fits the ${formatGiBValue(available)} GiB of the ${where} up to ~${upTo("float32")} parameters, float16 up to ~${upTo("float16")}. Use float32 for a smaller model, float16 above that.${training}`
    };
  }
  const fp32 = inferenceGiB(size3.parameters, "float32");
  const what = modelLabel(modelId, size3);
  if (fp32 <= available) {
    return { dtype: "float32", note: `${what} needs ~${formatGiBValue(fp32)} GiB in float32, within the ${formatGiBValue(available)} GiB of the ${where}.` };
  }
  const needs3 = `${what} needs ~${formatGiBValue(fp32)} GiB in float32, more than the ${formatGiBValue(available)} GiB of the ${where}`;
  if (trainsFully2) {
    return {
      dtype: "float16",
      note: `${needs3}.`,
      hintOnly: true,
      hint: `Not rewritten: ${FP16_WEIGHTS_FAIL}, and those do not fit. Train LoRA/QLoRA adapters on frozen float16 or 4-bit weights, use an 8-bit optimizer (\`optim="paged_adamw_8bit"\`), or pick a smaller model.`
    };
  }
  const family = fp16UnsafeFamilyOf(context, modelId);
  if (family) {
    return {
      dtype: "float32",
      note: `${needs3}.`,
      hintOnly: true,
      hint: `Not rewritten: float16 would fit, but ${family.name} models overflow float16 (inf/NaN; ${family.source}). Load it in 4-bit (\`BitsAndBytesConfig(load_in_4bit=True)\`) or pick a smaller model that fits in float32.`
    };
  }
  const fp16 = inferenceGiB(size3.parameters, "float16");
  const fits16 = fp16 <= available ? "" : "; that does not fit either: consider 4-bit quantization or a smaller model";
  return { dtype: "float16", note: `${needs3}, so float16 (~${formatGiBValue(fp16)} GiB)${fits16}.` };
}
function fp16UnsafeFamilyOf(context, modelId) {
  return fp16UnsafeFamilyOfType(context.project.modelConfig(modelId)?.model_type) ?? fp16UnsafeFamilyOfId(modelId);
}
var MODEL_ID_KEYS = ["pretrained_model_name_or_path", "model", "model_name_or_path", "model_id"];
function modelIdOf(context, call) {
  const args = argumentsOf(call);
  const named = MODEL_ID_KEYS.map((k) => keywordArgument(call, k)).find(Boolean);
  const node = named ? keywordValue(named) : args.find((a) => a.type !== "keyword_argument" && a.type !== "dictionary_splat" && a.type !== "list_splat");
  if (!node) return void 0;
  const constant = context.source.semantic.stringConstant(node);
  if (constant !== void 0) return constant;
  const parameter = parameterOf(context, node);
  const value2 = parameter && parameterConstant(context, parameter);
  return typeof value2 === "string" ? value2 : void 0;
}
function sizeOf(context, modelId) {
  const config = context.project.modelConfig(modelId);
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
  let position2 = 0;
  for (const part of word.parts) {
    const length = part.text.length;
    const inside = side === "start" ? at >= position2 && at < position2 + length : at > position2 && at <= position2 + length;
    if (inside) return part.verbatim ? part.start + (at - position2) : void 0;
    position2 += length;
  }
  if (side === "start" && at === position2) {
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
  let position2 = 0;
  for (const part of word.parts) {
    const next = position2 + part.text.length;
    if (part.dynamic && position2 < to && next > from) return false;
    position2 = next;
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
function flagUses(words4, names2) {
  const spellings = typeof names2 === "string" ? [names2] : names2;
  const uses = [];
  words4.forEach((word, index) => {
    for (const name of spellings) {
      const use = word.value === name ? separateUse(words4, index, name) : word.value.startsWith(`${name}=`) ? joinedUse(word, index, name) : void 0;
      if (use) uses.push(use);
    }
  });
  return uses;
}
function separateUse(words4, index, name) {
  const word = words4[index];
  if (!isStatic2(word)) return void 0;
  const use = { name, word, index, nameStart: word.valueStart, nameEnd: word.valueEnd };
  const next = words4[index + 1];
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
function pythonLaunch(command2) {
  const words4 = unwrap([command2.name, ...command2.args]);
  const base = words4?.[0] && programName(words4[0]);
  if (!words4 || !base) return void 0;
  const rest = words4.slice(1);
  if (PYTHON.test(base)) return viaPython(command2, rest);
  if (base === "torchrun" || base === "deepspeed") return viaLauncher(command2, base, rest);
  if (base === "accelerate" && rest[0]?.value === "launch" && isStatic2(rest[0])) return viaLauncher(command2, "accelerate launch", rest.slice(1));
  if (base === "tune" && rest[0]?.value === "run" && isStatic2(rest[0])) return viaTune(command2, rest.slice(1));
  return void 0;
}
var TORCHRUN_SWITCHES = /* @__PURE__ */ new Set(["--standalone", "--no-python", "--no_python", "--run-path", "--run_path", "-m", "--module"]);
function viaTune(command2, rest) {
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (!isStatic2(word)) return void 0;
    if (!word.value.startsWith("-")) {
      return { command: command2, launcher: "tune run", options: rest.slice(0, i), entry: { kind: "script", word, name: word.value }, args: rest.slice(i + 1) };
    }
    if (!word.value.includes("=") && !TORCHRUN_SWITCHES.has(word.value)) i += 1;
  }
  return void 0;
}
function unwrap(words4) {
  let at = 0;
  for (; ; ) {
    const head = words4[at];
    if (!head || !isStatic2(head)) return words4.slice(at);
    if (head.value === "nohup") at += 1;
    else if (head.value === "time" || head.value === "exec") {
      at += 1;
      while (words4[at] && /^-[pcl]+$/.test(words4[at].value)) at += 1;
      if (words4[at]?.value.startsWith("-")) return void 0;
    } else if (head.value === "env") {
      at += 1;
      while (words4[at] && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words4[at].value) || words4[at].value === "-i")) at += 1;
      if (words4[at]?.value.startsWith("-")) return void 0;
    } else return words4.slice(at);
  }
}
function viaPython(command2, rest) {
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    const value2 = word.value;
    if (!isStatic2(word) || !value2.startsWith("-")) {
      return { command: command2, launcher: "python", options: rest.slice(0, i), entry: { kind: "script", word, name: value2 }, args: rest.slice(i + 1) };
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
        return viaModule(command2, rest.slice(0, at), module, joined2 || module.value, rest.slice(at + 1));
      }
      if (letter === "W" || letter === "X") {
        if (k === group.length - 1) i += 1;
        break;
      }
    }
  }
  return void 0;
}
function viaModule(command2, before, word, name, args) {
  const launcher = LAUNCHER_MODULES.get(name);
  const launched = launcher && viaLauncher(command2, launcher, args);
  if (launched) return { ...launched, options: [...before, word, ...launched.options] };
  return { command: command2, launcher: "python", options: before, entry: { kind: "module", word, name }, args };
}
function viaLauncher(command2, launcher, rest) {
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (!isStatic2(word)) continue;
    if (word.value === "-m" || word.value === "--module") {
      const module = rest[i + 1];
      if (module && isStatic2(module) && !module.value.startsWith("-")) {
        return { command: command2, launcher, options: rest.slice(0, i + 1), entry: { kind: "module", word: module, name: module.value }, args: rest.slice(i + 2) };
      }
    } else if (word.value.endsWith(".py") && !word.value.startsWith("-")) {
      return { command: command2, launcher, options: rest.slice(0, i), entry: { kind: "script", word, name: word.value }, args: rest.slice(i + 1) };
    }
  }
  return void 0;
}

// packages/shell/src/parser.ts
function loadShellParser(options = {}) {
  return loadGrammar({ module: "tree-sitter-bash", wasm: "tree-sitter-bash.wasm", from: import.meta.url }, options);
}

// packages/shell/src/makefile.ts
function makefileScript(text) {
  const lines2 = text.split(/(?<=\n)/);
  const out = [];
  let inRule = false;
  let inDefine = false;
  let continues = null;
  for (const line of lines2) {
    const body = line.replace(/\r?\n$/, "");
    const endsContinued2 = /(^|[^\\])(\\\\)*\\$/.test(body);
    if (continues) {
      out.push(continues === "recipe" ? line : blank(line));
      if (!endsContinued2) continues = null;
      continue;
    }
    if (inDefine) {
      if (/^\s*endef\b/.test(body)) inDefine = false;
      out.push(blank(line));
      continue;
    }
    if (body.startsWith("	") && inRule) {
      out.push(withoutPrefix(line));
      if (endsContinued2) continues = "recipe";
      continue;
    }
    if (/^\s*define\b/.test(body)) inDefine = true;
    else if (isRuleLine(body)) inRule = true;
    else if (!(body.trim() === "" || /^\s*#/.test(body) || /^\s*(ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(body))) inRule = false;
    out.push(blank(line));
    if (endsContinued2) continues = "other";
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
function markdownShellText(text) {
  const parts = shellBlocks(text).map((block) => block.script);
  if (text.includes("gpu-compat")) for (const match of text.matchAll(HTML_SUPPRESSION)) parts.push(`#${match[1]}`);
  return parts.join("\n");
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
  for (const fence2 of text.matchAll(FENCES)) {
    const [, marks, info] = fence2;
    if (!open) {
      const next = Math.min(fence2.index + fence2[0].length + 1, text.length);
      if (!(marks[0] === "`" && info.includes("`"))) open = { fence: marks, session: sessionOf(info), start: next };
    } else if (marks[0] === open.fence[0] && marks.length >= open.fence.length && info.trim() === "") {
      close(fence2.index);
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
function bodyScript(lines2, session) {
  if (!session && !lines2.some((line) => PROMPT.test(line))) return lines2.map(words2).join("");
  let continued = false;
  return lines2.map((line) => {
    if (continued) {
      continued = endsContinued(line);
      return words2(line);
    }
    const prompt = PROMPT.exec(line);
    if (!prompt) return blankLines(line);
    continued = endsContinued(line);
    return blank2(prompt[0]) + words2(line.slice(prompt[0].length));
  }).join("");
}
function words2(line) {
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

// packages/rules/src/shared/shell-flags.ts
function pythonLaunches(document) {
  return document.commands().flatMap((command2) => {
    const launch = pythonLaunch(command2);
    return launch && !document.guardOf(command2.node) ? [launch] : [];
  });
}
var PRINTERS = /* @__PURE__ */ new Set(["echo", "printf"]);
function flagCommands(document) {
  return document.commands().filter((command2) => !PRINTERS.has(command2.name.value) && !document.guardOf(command2.node));
}
function flagNames(field) {
  return field.includes("_") ? [`--${field}`, `--${field.replace(/_/g, "-")}`] : [`--${field}`];
}
function lastUse(words4, field) {
  return flagUses(words4, flagNames(field)).at(-1);
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
      run(context) {
        if (context.document.kind === "axolotl") checkAxolotlFlag(context);
        if (context.document.kind === "llama-factory") checkLlamaFactoryFlag(context);
        checkConfigImplementations(context);
      }
    },
    shell: {
      run(context) {
        for (const command2 of flagCommands(context.document)) {
          const use = lastUse(command2.args, "attn_implementation");
          if (!use?.value || use.value.dynamic || use.value.value !== "flash_attention_2") continue;
          const written2 = `\`${useText(context.document, use)}\`: ${why(context)}`;
          const on = (flag2) => {
            const found = lastUse(command2.args, flag2);
            return !!found && flagBoolean(found) === true;
          };
          const strategy = lastUse(command2.args, "packing_strategy")?.value;
          if (on("padding_free") || on("packing") && strategy?.value !== "wrapped") {
            context.report({ ...useRange(use), message: `${written2}; with this run's padding-free packing, SDPA would not compute the same attention, so it is not rewritten.`, hint: paddingFreeHint("`--packing False`, `--padding_free False`", "`sdpa`") });
            continue;
          }
          const model = lastUse(command2.args, "model_name_or_path")?.value;
          const gemma = model && !model.dynamic && isGemma2or3(context, model.value) ? model.value : void 0;
          const message2 = `${written2}; ${gemma ? eagerNote(gemma) : SDPA_NOTE}.`;
          context.report({ ...useRange(use), message: message2, fix: [valueEdit(use.value, gemma ? "eager" : "sdpa")] });
        }
        for (const launch of pythonLaunches(context.document)) checkUseFlashFlag(context, launch);
      }
    },
    python: {
      run(context) {
        for (const node of context.source.occurrences("flash_attention_2")) {
          if (node.type === "string_content") checkImplementationString(context, node);
        }
        for (const node of context.source.occurrences("use_flash_attention_2")) {
          if (node.type === "identifier") checkUseFlashKeyword(context, node);
        }
        checkMonkeyPatches(context);
      }
    }
  }
});
function why(context) {
  return `FlashAttention-2 needs an Ampere or newer GPU (compute capability ${requiredCapability("flashAttention2")}) and fails on ${gpuLabel(context.target)}`;
}
var SDPA_NOTE = "using PyTorch SDPA (`sdpa`), which runs there through its memory-efficient kernel";
function eagerNote(model) {
  return `using eager attention (\`eager\`), not SDPA: ${model} is a Gemma-2/3 model, which transformers says to train with eager attention ("It is strongly recommended to train Gemma2 models with the \`eager\` attention implementation"; SDPA skips Gemma-2's attention logit softcapping). Eager holds the whole attention matrix, so long sequences need more memory`;
}
function paddingFreeHint(off, sdpa) {
  return `This run packs sequences padding-free (TRL's \`padding_free\`, or \`packing\` whose default "bfd" strategy turns padding-free on), which only FlashAttention reliably keeps apart: with SDPA the packed sequences can attend to each other. Turn padding-free packing off (${off}), then use ${sdpa}.`;
}
function checkImplementationString(context, content) {
  const string = content.parent;
  if (!string || stringValue(string) !== "flash_attention_2" || !namesAttentionImplementation(string)) return;
  if (context.source.guards.guardOf(string)) return;
  const range = { start: string.startIndex, end: string.endIndex };
  const condition = closestAncestor(string, "conditional_expression");
  if (condition && PACKAGE_CHECKS.test(condition.text)) {
    context.report({
      ...range,
      message: `${why(context)}; the condition here only checks that the flash-attn package is installed, not the GPU.`,
      hint: `Choose "sdpa" unless \`torch.cuda.get_device_capability()[0] >= ${minimumCapability("flashAttention2").major}\`.`
    });
    return;
  }
  if (paddingFreePacking(context)) {
    context.report({ ...range, message: `${why(context)}; with this run's padding-free packing, SDPA would not compute the same attention, so it is not rewritten.`, hint: paddingFreeHint("`packing=False`, `padding_free=False`", '`"sdpa"`') });
    return;
  }
  const models = modelsFor(context, outermost(string));
  const gemma = models.filter((id) => id !== void 0 && isGemma2or3(context, id));
  if (gemma.length === 0) {
    context.report({ ...range, message: `${why(context)}; ${SDPA_NOTE}.`, fix: [{ start: content.startIndex, end: content.endIndex, text: "sdpa" }] });
  } else if (gemma.length === models.length) {
    context.report({ ...range, message: `${why(context)}; ${eagerNote(gemma[0])}.`, fix: [{ start: content.startIndex, end: content.endIndex, text: "eager" }] });
  } else {
    context.report({
      ...range,
      message: `${why(context)}; this setting may serve ${gemma[0]} (a Gemma-2/3 model, which should train with eager attention) and other models.`,
      hint: 'Use `"eager"` for the Gemma-2/3 model and `"sdpa"` for the others.'
    });
  }
}
function outermost(string) {
  let node = string;
  while (node.parent?.type === "conditional_expression" || node.parent?.type === "parenthesized_expression") node = node.parent;
  return node;
}
function modelsFor(context, value2) {
  const holder = value2.parent;
  if (holder?.type === "keyword_argument") {
    const call = callOfArgument(holder);
    if (call && isModelLoadCall(call)) return [modelIdOf(context, call)];
    const named = call && MODEL_ID_KEYS.map((key) => keywordArgument(call, key)).find(Boolean);
    if (named) return [context.source.semantic.stringConstant(keywordValue(named))];
  }
  if (holder?.type === "pair" && holder.parent?.type === "dictionary") {
    const sibling = namedChildrenOf(holder.parent).find((pair) => pair.type === "pair" && MODEL_ID_KEYS.includes(stringValue(pair.childForFieldName("key")) ?? ""));
    if (sibling) return [context.source.semantic.stringConstant(sibling.childForFieldName("value"))];
  }
  const loads = [];
  for (const name of ["from_pretrained", "pipeline"]) {
    for (const node of context.source.occurrences(name)) {
      const found = callNamedAt(node);
      if (found && isModelLoadCall(found.call)) loads.push(modelIdOf(context, found.call));
    }
  }
  return loads;
}
function paddingFreePacking(context) {
  const { source } = context;
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
function checkUseFlashKeyword(context, name) {
  const { source } = context;
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return;
  const call = callOfArgument(argument);
  if (!call || !isTrue(keywordValue(argument)) || source.guards.guardOf(argument)) return;
  const range = { start: argument.startIndex, end: argument.endIndex };
  const model = isModelLoadCall(call) ? modelIdOf(context, call) : void 0;
  const eager = model !== void 0 && isGemma2or3(context, model);
  const fix = keywordArgument(call, "attn_implementation") ? removeArgumentEdit(source.text, argument) : { ...range, text: `attn_implementation="${eager ? "eager" : "sdpa"}"` };
  context.report({ ...range, message: `${why(context)}; ${eager ? eagerNote(model) : SDPA_NOTE}.`, fix: [fix] });
}
function conditional(call) {
  return [...ancestors(call)].some((node) => {
    if (node.type === "conditional_expression" || node.type === "elif_clause" || node.type === "else_clause") return true;
    return node.type === "if_statement" && !/^__name__\s*==\s*["']__main__["']$/.test(node.childForFieldName("condition")?.text ?? "");
  });
}
var PATCH_FUNCTION = /^replace_\w*_with_flash_attn\w*$/;
var PATCH_MODULE = /(^|\.)\w*flash_attn\w*monkey_patch$/;
function checkMonkeyPatches(context) {
  const { source } = context;
  const message2 = `This patches the model's attention to call flash-attn's kernels: ${why(context)}.`;
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
    context.report({ start: call.startIndex, end: call.endIndex, message: message2, hint: hint2 });
  }
  if (called) return;
  for (const statement of source.imports.statements) {
    const modules = statement.type === "import_from_statement" ? [statement.childForFieldName("module_name")] : namedChildrenOf(statement).map((child) => child.type === "aliased_import" ? child.childForFieldName("name") : child);
    const patches = modules.some((module) => module && PATCH_MODULE.test(module.text.replace(/\s+/g, "")));
    if (!patches || source.guards.guardOf(statement)) continue;
    context.report({ start: statement.startIndex, end: statement.endIndex, message: message2, hint: hint2 });
  }
}
function checkUseFlashFlag(context, launch) {
  const { document } = context;
  const use = lastUse(launch.args, "use_flash_attention_2");
  if (!use || flagBoolean(use) !== true) return;
  const range = useRange(use);
  const written2 = useText(document, use);
  const attention = lastUse(launch.args, "attn_implementation");
  const then = attention ? `\`${useText(document, attention)}\` decides the attention` : "the model loads with transformers' default attention (SDPA where the model supports it)";
  const off = turnOffEdit(document.text, use);
  const message2 = `\`${written2}\`: ${why(context)}; ${off ? turnedOff(use) : "turn it off"}, so ${then}.`;
  context.report(off ? { ...range, message: message2, fix: [off] } : { ...range, message: message2, hint: `Remove \`${written2}\`.` });
}
function checkConfigImplementations(context) {
  const { document } = context;
  for (const entry of document.entries()) {
    const key = entry.path[entry.path.length - 1];
    if (typeof key !== "string" || !ATTENTION_KEYS.has(key) || entry.value !== "flash_attention_2") continue;
    const range = entryRange(entry);
    if (document.kind === "model-config") {
      const gemma2 = isGemma2or3Type(document.get(["model_type"])?.value);
      context.report({
        ...range,
        severity: "warning",
        message: `This model's config.json asks for FlashAttention-2 (\`${entryText(document, entry)}\`): ${why(context)}.`,
        hint: gemma2 ? 'Load it with `attn_implementation="eager"` in `from_pretrained` (transformers says to train Gemma-2/3 models with eager attention); the downloaded config.json is left as it is.' : 'Load it with `attn_implementation="sdpa"` (or `"eager"` if its code has no SDPA path) in `from_pretrained`; the downloaded config.json is left as it is.'
      });
      continue;
    }
    if (paddingFreeConfig(document)) {
      context.report({ ...range, message: `${why(context)}; with this run's padding-free packing, SDPA would not compute the same attention, so it is not rewritten.`, hint: paddingFreeHint("`packing: false`, `padding_free: false`", "`sdpa`") });
      continue;
    }
    const gemma = gemmaBaseModel(context);
    const value2 = gemma ? "eager" : "sdpa";
    const fix = allEdits([document.replaceValue(entry, value2)]);
    const message2 = `${why(context)}; ${gemma ? eagerNote(gemma) : SDPA_NOTE}.`;
    context.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: `Set it to \`${value2}\`.` });
  }
}
function gemmaBaseModel(context) {
  for (const key of ["base_model", ...MODEL_ID_KEYS]) {
    const value2 = context.document.get([key])?.value;
    if (typeof value2 === "string" && isGemma2or3(context, value2)) return value2;
  }
  return void 0;
}
function paddingFreeConfig(document) {
  if (document.kind === "axolotl" || document.kind === "llama-factory") return false;
  if (document.get(["padding_free"])?.value === true) return true;
  return document.get(["packing"])?.value === true && document.get(["packing_strategy"])?.value !== "wrapped";
}
function checkAxolotlFlag(context) {
  const { document } = context;
  const entry = document.get(["flash_attention"]);
  if (entry?.value !== true) return;
  const range = entryRange(entry);
  const gemma = gemmaBaseModel(context);
  const flag2 = gemma ? "eager_attention" : "sdp_attention";
  const message2 = `\`${entryText(document, entry)}\` in this ${CONFIG_LABEL[document.kind]}: ${why(context)}; ${gemma ? eagerNote(gemma) : SDPA_NOTE}.`;
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
  context.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: `Set \`flash_attention: false\` and \`${flag2}: true\`.` });
}
function checkLlamaFactoryFlag(context) {
  const { document } = context;
  const entry = document.get(["flash_attn"]);
  if (entry?.value !== "fa2" && entry?.value !== "fa3") return;
  const which = entry.value === "fa2" ? "FlashAttention-2" : "FlashAttention-3 (which needs a Hopper GPU)";
  const gemma = gemmaBaseModel(context);
  const value2 = gemma ? "disabled" : "sdpa";
  const note = gemma ? `${eagerNote(gemma)} (\`disabled\` is LLaMA-Factory's name for it)` : SDPA_NOTE;
  const message2 = `\`${entryText(document, entry)}\` asks LLaMA-Factory for ${which}, which fails on ${gpuLabel(context.target)}; ${note}.`;
  const fix = allEdits([document.replaceValue(entry, value2)]);
  context.report(fix ? { ...entryRange(entry), message: message2, fix } : { ...entryRange(entry), message: message2, hint: `Set \`flash_attn: ${value2}\`.` });
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
  checks: {
    shell: {
      triggers: ["flash-attn", "flash_attn"],
      run(context) {
        for (const command2 of context.document.commands()) {
          const words4 = [command2.name, ...command2.args].map((w) => w.value);
          const pip = words4.findIndex((w) => /(^|\/)pip3?$/.test(w) || w === "pip");
          if (pip === -1 || words4[pip + 1] !== "install" || context.document.guardOf(command2.node)) continue;
          for (const word of [command2.name, ...command2.args].slice(pip + 2)) {
            if (!/^flash[-_]attn\b/i.test(word.value)) continue;
            context.report({
              start: word.start,
              end: word.end,
              severity: "warning",
              message: `${why2(context.target)} Installing it only costs time: pip often builds it from source, which takes long and needs nvcc.`,
              hint: 'Drop flash-attn from this install for this GPU; transformers uses PyTorch SDPA (`attn_implementation="sdpa"`) without it.'
            });
          }
        }
      }
    },
    requirements: {
      triggers: ["flash-attn", "flash_attn"],
      run(context) {
        for (const requirement of context.document.find("flash-attn")) {
          context.report({
            start: requirement.start,
            end: requirement.end,
            severity: "warning",
            message: `${why2(context.target)} Installing it only costs time: pip builds it from source when no wheel matches, which takes long and needs nvcc.`,
            hint: 'Drop flash-attn from the requirements for this GPU; transformers uses PyTorch SDPA (`attn_implementation="sdpa"`) without it.'
          });
        }
      }
    },
    python: {
      run(context) {
        const { source } = context;
        for (const statement of source.imports.statements) checkImport(context, statement);
        const seen = /* @__PURE__ */ new Set();
        for (const name of callableNames(source.imports)) {
          for (const node of source.occurrences(name)) {
            const found = flashAttnCall(node, source.imports);
            if (!found || seen.has(found.call.startIndex)) continue;
            seen.add(found.call.startIndex);
            checkCall(context, found.call, found.name);
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
function checkImport(context, statement) {
  const modules = flashAttnModules(statement);
  if (modules.length === 0 || modules.every((m) => PURE_PYTORCH_MODULES.has(m))) return;
  if (isOptionalImport(statement) || context.source.guards.guardOf(statement)) return;
  const { target } = context;
  context.report({
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
  const names2 = new Set(Object.keys(FLASH_FUNCTIONS));
  for (const [local, target] of imports.bindings) {
    if (target.startsWith("flash_attn.") && target.split(".").pop() in FLASH_FUNCTIONS) names2.add(local);
  }
  return names2;
}
function flashAttnCall(node, imports) {
  const found = callNamedAt(node);
  const qualified = found && imports.qualifiedName(found.callee);
  const name = qualified?.split(".").pop();
  return found && qualified?.startsWith("flash_attn.") && name && name in FLASH_FUNCTIONS ? { call: found.call, name } : null;
}
function checkCall(context, call, name) {
  const { source, target } = context;
  if (source.guards.guardOf(call)) return;
  const fn = call.childForFieldName("function");
  const bindings = bindingStatements(source.imports, rootName(fn));
  const optional = bindings.length > 0 && bindings.every(isOptionalImport);
  context.report({
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
      run(context) {
        const { source, target } = context;
        const seen = /* @__PURE__ */ new Set();
        for (const node of source.occurrences("FLASH_ATTENTION")) {
          const call = node.type === "identifier" ? sdpaKernelCallOf(node, source.imports) : null;
          if (!call || seen.has(call.startIndex)) continue;
          seen.add(call.startIndex);
          if (!source.guards.guardOf(call)) checkSdpaKernel(context, call);
        }
        for (const node of source.occurrences("sdp_kernel")) {
          const call = callAt(node, source.imports, "torch.backends.cuda.sdp_kernel");
          if (call && !source.guards.guardOf(call)) checkSdpKernel(context, call);
        }
        const fallback = sdpaFallback(target);
        for (const node of source.occurrences(fallback.setter)) {
          const call = callAt(node, source.imports, `torch.backends.cuda.${fallback.setter}`);
          if (call && isFalse(switchValue(call)) && !source.guards.guardOf(call)) checkGlobalSwitch(context, call);
        }
      }
    }
  }
});
function noKernel(context) {
  return `PyTorch's flash attention kernel needs compute capability ${requiredCapability("flashAttention2")}, so on ${gpuLabel(context.target)} this leaves SDPA no kernel and it raises "No available kernel. Aborting execution."`;
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
function checkSdpaKernel(context, call) {
  const { source, target } = context;
  const argument = backendsArgument(call);
  if (!argument) return;
  const fallback = sdpaFallback(target);
  const range = { start: call.startIndex, end: call.endIndex };
  const message2 = `${noKernel(context)}; adding the ${fallback.label} backend, which runs there (same attention, flash still preferred where it exists).`;
  if (argument.type === "attribute") {
    const prefix2 = argument.childForFieldName("object").text;
    context.report({ ...range, message: message2, fix: [{ start: argument.startIndex, end: argument.endIndex, text: `[${argument.text}, ${prefix2}.${fallback.member}]` }] });
    return;
  }
  const elements = namedChildrenOf(argument).filter((child) => child.type !== "comment");
  const members = elements.map((element) => backendMember(element, source.imports));
  if (members.some((member) => member !== null && runsSdpaBackend(target, member))) return;
  if (members.some((member) => member === null)) {
    context.report({
      ...range,
      message: `${noKernel(context)} unless the other backends listed here include one that runs there.`,
      hint: `Make sure the list holds \`SDPBackend.${fallback.member}\`.`
    });
    return;
  }
  const last = elements.at(-1);
  const prefix = last.childForFieldName("object").text;
  context.report({ ...range, message: message2, fix: [{ start: last.endIndex, end: last.endIndex, text: `, ${prefix}.${fallback.member}` }] });
}
function checkSdpKernel(context, call) {
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
  const fallbacks = sdpaFallbacks(context.target);
  const states = fallbacks.map((fallback) => state(fallback.keyword));
  if (states.includes("on") || !states.includes("off")) return;
  const range = { start: call.startIndex, end: call.endIndex };
  if (states.includes("unknown")) {
    context.report({
      ...range,
      message: `${noKernel(context)} when the computed flags here are False too.`,
      hint: `Pass \`${fallbacks[0].keyword}=True\`.`
    });
    return;
  }
  const value2 = valueOf(fallbacks[0].keyword);
  context.report({
    ...range,
    message: `${noKernel(context)}; enabling the ${fallbacks[0].label} backend, which runs there (same attention, flash still preferred where it exists).`,
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
function checkGlobalSwitch(context, call) {
  const { source, target } = context;
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
    context.report({
      ...range,
      message: `${noKernel(context)}; enabling the ${fallback.label} backend, which runs there (same attention, flash still preferred where it exists).`,
      fix: [{ start: value2.startIndex, end: value2.endIndex, text: "True" }]
    });
    return;
  }
  const fileSwitches = fileSwitchCalls(context);
  if (others.some((other) => fileSwitches.some((s) => s.flag === other.keyword && !s.value))) {
    context.report({
      ...range,
      message: `${noKernel(context)} when this runs together with the \`${others.map((o) => o.setter).join("`, `")}(False)\` elsewhere in this file.`,
      hint: `Keep \`torch.backends.cuda.${fallback.setter}(True)\` on this GPU.`
    });
    return;
  }
  if (fileSwitches.some((s) => s.flag === "enable_flash" && s.value)) {
    context.report({
      ...range,
      severity: "info",
      message: `This asks SDPA for the flash kernel, which needs compute capability ${requiredCapability("flashAttention2")}: on ${gpuLabel(target)} SDPA falls back to the math kernel, which is slower and holds the whole attention matrix in memory.`,
      hint: `Keep \`torch.backends.cuda.${fallback.setter}(True)\` so SDPA uses the ${fallback.label} kernel on this GPU.`
    });
  }
}
function fileSwitchCalls(context) {
  const found = [];
  for (const statement of context.source.root.descendantsOfType("expression_statement")) {
    const one = statement && switchStatement(statement, context.source.imports);
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
      run(context) {
        const { source } = context;
        for (const node of source.occurrences(METHOD)) {
          const call = methodCall(node);
          if (!call || source.guards.guardOf(call) || underXformersTest(call)) continue;
          report(context, { start: call.startIndex, end: call.endIndex }, `\`${call.text.replace(/\s+/g, " ")}\``, "Drop the call: diffusers attends with PyTorch's SDPA by default since torch 2.0, with no extra package.");
        }
      }
    },
    shell: {
      run(context) {
        for (const launch of pythonLaunches(context.document)) {
          const use = lastUse(launch.args, METHOD);
          if (!use || flagBoolean(use) !== true) continue;
          report(context, useRange(use), `\`${useText(context.document, use)}\``, "Leave the flag out: the diffusers training scripts then attend with PyTorch's SDPA (the default since torch 2.0), with no extra package.");
        }
      }
    },
    config: {
      triggers: [AXOLOTL_KEY],
      run(context) {
        const { document } = context;
        if (document.kind !== "axolotl") return;
        const entry = document.get([AXOLOTL_KEY]);
        if (entry?.value !== true) return;
        report(context, entryRange(entry), `\`${entryText(document, entry)}\``, "Use `sdp_attention: true` instead (PyTorch's SDPA, no extra package).");
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
function report(context, range, what, hint2) {
  context.report({
    ...range,
    message: `${what} needs the xformers package, whose wheels are built for one torch version ("xFormers was built for: PyTorch ... you have ..." otherwise) and whose bf16 kernels need compute capability ${requiredCapability("bf16")}, which ${gpuLabel(context.target)} lacks; PyTorch's own SDPA covers this GPU.`,
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
      run(context) {
        const { source } = context;
        const seen = /* @__PURE__ */ new Set();
        for (const node of source.occurrences("compile")) {
          const reference = torchCompileReference(node, source.imports);
          if (!reference || seen.has(reference.startIndex)) continue;
          seen.add(reference.startIndex);
          if (!source.guards.guardOf(reference)) checkReference(context, reference);
        }
        for (const word of TRAINER_KEYWORDS) {
          for (const node of source.occurrences(word)) {
            if (node.type !== "identifier") continue;
            const found = trainingArgumentsKeyword(node, source.imports);
            if (found) checkTrainerKeyword(context, found.argument, found.call);
          }
        }
      }
    }
  }
});
function why3(context, subject = "`torch.compile` compiles with") {
  return `${subject} Inductor, whose Triton kernels need compute capability ${requiredCapability("triton")}: on ${gpuLabel(context.target)} the first compiled call fails ("too old to be supported by the triton GPU compiler")`;
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
function checkReference(context, reference) {
  const { source } = context;
  const parent = reference.parent;
  const range = { start: reference.startIndex, end: reference.endIndex };
  const hint2 = (note) => context.report({ ...range, message: `${why3(context)}; ${note}, so it was not rewritten.`, hint: EAGER_HINT });
  if (parent.type === "decorator") {
    fixOrHint(context, reference, removeLinesEdit(source.text, parent.startIndex, parent.endIndex), "the decorator is removed");
    return;
  }
  if (parent.type !== "call" || parent.childForFieldName("function")?.startIndex !== reference.startIndex) {
    hint2("it is passed around rather than called here");
    return;
  }
  const call = parent;
  const verdict2 = compileVerdict(call);
  if (verdict2.kind === "silent") return;
  if (verdict2.kind === "hint") return hint2(verdict2.why);
  const positional2 = argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");
  if (call.parent?.type === "decorator") {
    if (positional2.length > 0) return hint2("the decorator passes positional arguments");
    fixOrHint(context, reference, removeLinesEdit(source.text, call.parent.startIndex, call.parent.endIndex), "the decorator is removed");
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
    const edit = removeStatementEdit(source.text, statement, (other) => isSelfCompile(other, context));
    fixOrHint(context, reference, edit, "the statement is removed");
  } else {
    context.report({
      ...range,
      message: `${why3(context)}; assigning the model itself, which runs eagerly (same results, no compilation).`,
      fix: [{ start: call.startIndex, end: call.endIndex, text: model.text }]
    });
  }
}
function fixOrHint(context, reference, edit, what) {
  const range = { start: reference.startIndex, end: reference.endIndex };
  if (edit) {
    context.report({ ...range, message: `${why3(context)}; ${what}, so it runs eagerly (same results, no compilation).`, fix: [edit] });
  } else {
    context.report({ ...range, message: `${why3(context)}; other code shares its line, so it was not rewritten.`, hint: EAGER_HINT });
  }
}
function isSelfCompile(statement, context) {
  const assignment = statement.type === "expression_statement" ? statement.namedChildren[0] : null;
  const call = assignment?.type === "assignment" ? assignment.childForFieldName("right") : null;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  if (!call || !fn || context.source.imports.qualifiedName(fn) !== "torch.compile") return false;
  if (context.source.guards.guardOf(fn) || compileVerdict(call).kind !== "fails") return false;
  const positional2 = argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");
  return positional2.length === 1 && sameExpression(assignment.childForFieldName("left"), positional2[0]);
}
function sameExpression(a, b) {
  return a.text.replace(/\s+/g, "") === b.text.replace(/\s+/g, "");
}
function checkTrainerKeyword(context, argument, call) {
  const { source } = context;
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
  const what = `\`${argument.text.replace(/\s+/g, "")}\` makes the Trainer compile the model with`;
  if (enables === "maybe") {
    context.report({
      ...range,
      message: `${why3(context, what)}; the value is computed, so it was not rewritten.`,
      hint: "Leave `torch_compile`, `torch_compile_mode` and `torch_compile_backend` unset on this GPU."
    });
    return;
  }
  context.report({ ...range, message: `${why3(context, what)}; removed, so training runs eagerly.`, fix: [removeArgumentEdit(source.text, argument)] });
}
function checkTorchtuneCompile(context) {
  const { document } = context;
  if (document.kind !== "torchtune") return;
  const entry = document.get(["compile"]);
  if (!entry || entry.value !== true) return;
  const edit = document.replaceValue(entry, false);
  const what = `\`${entryText(document, entry)}\` makes the torchtune recipe compile the model and loss with`;
  const range = entryRange(entry);
  if (!edit) {
    context.report({ ...range, message: `${why3(context, what)}; not rewritten here.`, hint: "Set `compile: False` on this GPU." });
    return;
  }
  context.report({
    ...range,
    message: `${why3(context, what)} (unless \`TORCH_COMPILE_BACKEND\` names another backend); set to False, so the recipe runs eagerly (same results, no compilation).`,
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
function argumentValue(call, index, names2) {
  const positional2 = argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");
  if (positional2[index]) return positional2[index];
  const keyword = names2.map((name) => keywordArgument(call, name)).find((argument) => argument !== null);
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
      run(context) {
        const { source } = context;
        const file = readTritonFile(source);
        for (const list of file.lists) if (!source.guards.guardOf(list.list)) checkList(context, list);
        for (const launch of file.launches) if (!source.guards.guardOf(launch.params.node)) checkLaunch(context, launch);
      }
    }
  }
});
function checkList(context, list) {
  const operands = operandsOf(list.kernels);
  const sized = list.entries.flatMap((entry) => entry.kind === "config" ? [size(entry.params, "config", context.target, operands)] : []);
  const unknown2 = list.entries.length - sized.length;
  const over = sized.filter((s) => s.verdict === "over");
  const older = sized.filter((s) => s.verdict === "older-triton");
  const fits = sized.filter((s) => s.verdict === "fits");
  const kernels = list.kernels.map((k) => `\`${k.name}\``).join(", ");
  const limit2 = limitClause(context.target);
  if (over.length > 0) {
    const first = over[0].params.node;
    const range = { start: first.startIndex, end: first.endIndex };
    const what = `${over.length} of ${list.entries.length} autotune configs of ${kernels} ${over.length === 1 ? "needs" : "need"} more shared memory than ${limit2}: ${over.map((s) => needs(s, operands, "low")).join("; ")} (${fewestCopies(context.target)}; ${operandsClause(operands)})`;
    if (fits.length > 0 && !operands.assumed) {
      context.report({
        ...range,
        message: `${what}. Triton raises OutOfResources for ${over.length === 1 ? "it" : "them"}, which the autotuner catches only after compiling ${over.length === 1 ? "it" : "each"}; removed, ${count(list.entries.length - over.length, "config")} left${keptClause([...older, ...fits], operands)}.`,
        fix: removeListElementsEdits(context.source.text, list.list, over.map((s) => s.params.node))
      });
      return;
    }
    const noneRuns = fits.length === 0 && older.length === 0 && unknown2 === 0;
    const notRemoved = over.length === 1 ? "it was not removed" : "they were not removed";
    const [why5, action] = noneRuns ? [`no config fits${operands.assumed ? " with 2-byte operands" : ""}, so the autotuned launch fails with OutOfResources`, "Add a config that fits"] : fits.length === 0 ? [`no other config is known to fit, so ${notRemoved}`, "Give the list a config that fits, then remove these"] : [`the kernel does not show its operand dtypes, so ${notRemoved}`, "Remove them if the operands are 2 bytes or wider (fp16, bf16, fp32), or shrink them"];
    context.report({
      ...range,
      message: `${what}; ${why5}.`,
      hint: `${action}: for example, ${suggestion(over[0], operands, context.target)}.`,
      ...noneRuns && !operands.assumed ? { severity: "error" } : {}
    });
    return;
  }
  if (older.length > 0 && fits.length === 0 && unknown2 === 0) {
    const first = older[0].params.node;
    context.report({
      start: first.startIndex,
      end: first.endIndex,
      message: `No autotune config of ${kernels} fits in the shared memory ${limit2} with Triton 2.x, which keeps num_stages copies of the tiles: ${older.map((s) => needs(s, operands, "high")).join("; ")} (${operandsClause(operands)}). Triton 3.x needs ${older.map((s) => s.low.bytes).join(", ")} B (${fewestCopies(context.target)}), so this fails only with Triton 2.x (PyTorch 2.3 and older).`,
      hint: `If the project runs Triton 2.x, add a config that fits: for example, ${suggestion(older[0], operands, context.target)}.`,
      severity: "info"
    });
  }
}
function keptClause(kept, operands) {
  if (kept.length === 0) return "";
  const each = kept.map((s) => `${needs(s, operands, "low")}${s.verdict === "older-triton" ? ` (Triton 2.x: ${s.high.bytes} B, over the limit)` : ""}`);
  return `: ${each.join("; ")}`;
}
function checkLaunch(context, launch) {
  const operands = operandsOf([launch.kernel]);
  const sizing = size(launch.params, "launch", context.target, operands);
  if (sizing.verdict === "fits") return;
  const { node } = launch.params;
  const launched = `\`${launch.kernel.name}\` is launched with ${describe2(launch.params)}`;
  const limit2 = limitClause(context.target);
  if (sizing.verdict === "over") {
    context.report({
      start: node.startIndex,
      end: node.endIndex,
      message: `${launched} and needs ${needs(sizing, operands, "low", false)} of shared memory (${fewestCopies(context.target)}; ${operandsClause(operands)}), more than ${limit2}: the launch fails with OutOfResources.`,
      hint: `Launch it with smaller tiles: for example, ${suggestion(sizing, operands, context.target)}.`,
      severity: "error"
    });
    return;
  }
  context.report({
    start: node.startIndex,
    end: node.endIndex,
    message: `${launched}; with Triton 2.x, which keeps num_stages copies of the tiles, it needs ${needs(sizing, operands, "high", false)} of shared memory (${operandsClause(operands)}), more than ${limit2}. Triton 3.x needs ${sizing.low.bytes} B (${fewestCopies(context.target)}), so this fails only with Triton 2.x (PyTorch 2.3 and older).`,
    hint: `If the project runs Triton 2.x, launch it with fewer stages or smaller tiles: for example, ${suggestion(sizing, operands, context.target)}.`,
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
  const limit2 = target.gpu.maxSharedMemoryPerBlock;
  const verdict2 = low.bytes > limit2 ? "over" : high.bytes > limit2 ? "older-triton" : "fits";
  return { params, low, high, verdict: verdict2 };
}
function pipelines(target) {
  return meets(target, "tritonPipelining");
}
function fewestCopies(target) {
  return pipelines(target) ? "Triton 3.x keeps num_stages - 1 copies of the tiles" : `Triton 3.x keeps one copy of the tiles, as it does not pipeline loops below compute capability ${requiredCapability("tritonPipelining")}`;
}
function limitClause(target) {
  const limit2 = target.gpu.maxSharedMemoryPerBlock;
  return `${gpuLabel(target)} gives one block (${limit2} B, ${limit2 / 1024} KiB)`;
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
  const limit2 = target.gpu.maxSharedMemoryPerBlock;
  const { params } = sizing;
  const [, , kKey] = params.keys;
  const tile = (k) => params.m * k * operands.a + k * params.n * operands.b;
  if (sizing.verdict === "older-triton") {
    const stages = Math.floor((limit2 - 1) / tile(params.k));
    if (stages >= 1) return `num_stages=${stages} needs ${stages * tile(params.k)} B with Triton 2.x`;
  }
  const copies = sizing.verdict === "over" ? sizing.low.copies : sizing.high.copies;
  for (let k = params.k / 2; k >= 16 && Number.isInteger(k); k /= 2) {
    if (copies * tile(k) < limit2) return `${kKey}=${k} needs ${copies * tile(k)} B`;
  }
  return `lower ${params.keys[0]} or ${params.keys[1]} (each copy holds ${params.keys[0]} x ${kKey} + ${kKey} x ${params.keys[1]} elements), or num_stages`;
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
function argumentFor2(call, name, position2) {
  const keyword = keywordArgument(call, name);
  if (keyword) return keywordValue(keyword);
  const positional2 = [];
  for (const argument of argumentsOf(call)) {
    if (argument.type === "list_splat") return null;
    if (argument.type === "keyword_argument" || argument.type === "dictionary_splat") break;
    positional2.push(argument);
  }
  return positional2[position2] ?? null;
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
function evaluate2(tokens, resolve8) {
  if (tokens.length === 0) return null;
  try {
    const parser = new ExpressionParser(tokens, resolve8);
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
  constructor(tokens, resolve8) {
    this.tokens = tokens;
    this.resolve = resolve8;
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
    const names2 = [];
    const value2 = evaluate2(tokens, (name) => {
      const resolved = this.nameValue(name, overrides, visiting);
      if (resolved) {
        for (const used of resolved.names) if (!names2.includes(used)) names2.push(used);
      }
      return resolved?.value ?? null;
    });
    return value2 === null ? null : { value: value2, names: names2 };
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
    const words4 = tokens.slice(k, j - 1);
    if (!qualified && (words4.length === 0 || words4.some((w) => NOT_DECLARATIONS.has(w.text)))) return;
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
      i = lineEnd2(text, i, to);
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
function lineEnd2(text, i, to) {
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
      return lineEnd2(text, j, to);
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
    const plain2 = name.kind === "identifier" && (i === rest.length || rest[i].text === ",");
    arrays.push({ name, elementBytes, dimensions: plain2 ? dimensions : null });
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
  const names2 = new Set(argument.filter((t) => t.kind === "identifier" && source.kernels.some((k) => k.name === t.text)).map((t) => t.text));
  return names2.size === 1 ? [...names2][0] : null;
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
      run(context) {
        checkSource(context.document, context.target, (finding) => context.report(finding));
      }
    },
    python: {
      triggers: ["load_inline"],
      run(context) {
        for (const inline2 of inlineCudaSources(context.source)) {
          if (context.source.guards.guardOf(inline2.call)) continue;
          checkSource(inline2.cuda, context.target, (finding) => context.report({ ...finding, ...inline2.toPython(finding.start, finding.end) }));
        }
      }
    }
  }
});
function checkSource(cuda, target, report8) {
  if (cuda.deviceQuery !== null) return;
  const limit2 = target.gpu.maxSharedMemoryPerBlock;
  const over = sharedMemoryRequests(cuda).filter((request) => !cuda.isConditional(request.start)).map((request) => size2(cuda, request)).filter((sized) => sized !== null && sized.total > limit2);
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
  const exact = fewest !== void 0 && fewest.complete && statics.length === 1;
  const staticShared = { bytes: fewest?.bytes ?? 0, complete: exact };
  return { request, dynamic, static: staticShared, total: dynamic.value + staticShared.bytes };
}
function message(cuda, sized, target) {
  const { request, dynamic } = sized;
  const kernel = request.kernelName === null ? "the kernel" : `\`${request.kernelName}\``;
  const atLeast = sized.static.complete ? "" : "at least ";
  const statics = sized.static.bytes > 0 ? `, plus ${atLeast}${sized.static.bytes} B of static \`__shared__\` arrays in ${kernel}: ${atLeast}${sized.total} B in all` : "";
  const asked = `${bytes(dynamic.value)} of dynamic shared memory${origin(cuda, request, dynamic)}${statics}`;
  const max = target.gpu.maxSharedMemoryPerBlock;
  const limit2 = `more than ${gpuLabel(target)} gives one block (${max} B, ${max / 1024} KiB)`;
  if (request.kind === "attribute") {
    const call = /^\w+/.exec(cuda.text.slice(request.start))[0];
    return `\`${call}\` lets ${kernel} use ${asked}, ${limit2}: the call fails with cudaErrorInvalidValue ("invalid argument"), and so does a launch that asks for that much.`;
  }
  return `${kernel} is launched with ${asked}, ${limit2}: the launch fails with cudaErrorInvalidValue ("invalid argument").`;
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
  const limit2 = target.gpu.maxSharedMemoryPerBlock;
  const kernel = sized.request.kernelName === null ? "the kernel" : `\`${sized.request.kernelName}\``;
  const atRunTime = "or pick the configuration at run time from `cudaDeviceGetAttribute(&max, cudaDevAttrMaxSharedMemoryPerBlockOptin, device)`";
  const knobs = knobsOf(cuda, sized.request, sized.dynamic);
  if (knobs.length === 0) return `Make ${kernel} need at most ${limit2} B on this GPU (smaller tiles, fewer pipeline stages), ${atRunTime}.`;
  const change = example(cuda, sized, knobs, limit2);
  const names2 = knobs.map((k) => `\`${k}\``).join(", ");
  const instance = change ? `: for example, \`${change.name}\` = ${change.value} needs ${change.total} B` : "";
  return `Lower what the size is computed from (${names2}) until ${kernel} needs at most ${limit2} B on this GPU${instance}; ${atRunTime}.`;
}
function example(cuda, sized, knobs, limit2) {
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
      if (total > limit2) continue;
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
  for (const name of dataLoaderNames(source.imports)) {
    for (const node of source.occurrences(name)) {
      const found = callNamedAt(node);
      if (found && isDataLoader(found.callee, source.imports)) yield found.call;
    }
  }
}
function dataLoaderNames(imports) {
  return ["DataLoader", ...[...imports.bindings].filter(([local, target]) => local !== "DataLoader" && DATALOADERS.has(target)).map(([local]) => local)];
}
function isDataLoader(callee, imports) {
  if (DATALOADERS.has(imports.qualifiedName(callee) ?? "")) return true;
  return callee.text === "DataLoader" && !imports.bindings.has("DataLoader") && imports.wildcardModules.includes("torch.utils.data");
}

// packages/rules/src/memory/batch-size-estimate.ts
var GiB2 = 1024 ** 3;
var ACTIVATION_BYTES = 34;
var CHECKPOINTED_BYTES = 2;
var WIDTH_DEPTH_FLOOR = 0.8;
var ADAM_32BIT = /^adamw_(torch|hf|torch_fused|apex_fused)$/;
function trainedModelOf(context, id) {
  const size3 = sizeOf(context, id);
  if (!size3) return null;
  const config = context.project.modelConfig(id);
  const exact = config?.hidden_size && config.num_hidden_layers ? config.hidden_size * config.num_hidden_layers : void 0;
  return {
    label: modelLabel(id, size3),
    parameters: size3.parameters,
    widthDepth: exact ?? WIDTH_DEPTH_FLOOR * Math.sqrt(size3.parameters)
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
  const perSample = (bytes2) => tokens * model.widthDepth * bytes2 / GiB2;
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
function checkBatchConfig(context) {
  const { document, target } = context;
  const layout = LAYOUTS[document.kind];
  const batchEntry = layout && document.get([layout.batch]);
  if (!layout || !batchEntry || !fullFineTuneWithAdam(document, layout)) return;
  const modelEntry = document.get([layout.model]);
  const model = typeof modelEntry?.value === "string" && modelEntry.value ? trainedModelOf(context, modelEntry.value) : null;
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
      context.report({ ...entryRange(modelEntry), severity: "error", ...statesFinding(plan, spelling) });
      return;
    case "one-sample":
      context.report({ ...range, ...oneSampleFinding(plan, spelling) });
      return;
    case "reduce":
      reportReduce(context, plan, batchEntry, spelling);
  }
}
function reportReduce(context, plan, batchEntry, spelling) {
  const { document, target } = context;
  const range = entryRange(batchEntry);
  const kept = accumulation(document, plan, batchEntry, spelling);
  const fix = "steps" in kept ? allEdits([document.replaceValue(batchEntry, plan.smaller), ...kept.edits]) : void 0;
  if (!fix || !("steps" in kept)) {
    const instead = "instead" in kept ? kept.instead : multiplyAccumulation(plan, spelling, "written in a form the tool does not rewrite");
    context.report({ ...range, message: `${reduceMessage(plan, spelling)}.`, hint: reduceHint(plan, spelling, instead) });
    return;
  }
  const checkpointing = checkpointingHint(plan, spelling);
  context.report({
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
    sequence: `\`${sequence}\``
  };
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
  mayMatch: (scan) => scan.inCode("from_pretrained") && (scan.inCode("per_device_train_batch_size") || scan.inCode("Adam")),
  checks: {
    config: { run: checkBatchConfig, triggers: ["per_device_train_batch_size", "micro_batch_size"] },
    python: {
      run(context) {
        const { source } = context;
        let trainer = false;
        for (const node of source.occurrences("per_device_train_batch_size")) {
          if (node.type !== "identifier") continue;
          const found = trainingArgumentsKeyword(node, source.imports);
          if (!found) continue;
          trainer = true;
          checkBatch(context, found.argument, found.call);
        }
        if (!trainer) for (const call of dataLoaderCalls(source)) checkLoaderBatch(context, call);
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
  qlora: "QLoRA on a 4-bit base"
};
function checkBatch(context, argument, call) {
  const { source, target } = context;
  if (source.guards.guardOf(call) || hasSplat(call) || !fullFineTuneWithAdam2(source, call)) return;
  const model = trainedModel(context);
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
      context.report({ start: callee.startIndex, end: callee.endIndex, severity: "error", ...statesFinding(plan, spelling) });
      return;
    }
    case "one-sample":
      context.report({ ...range, ...oneSampleFinding(plan, spelling) });
      return;
    case "reduce": {
      const accumulation2 = accumulationOf(call);
      if (accumulation2.steps === null) {
        context.report({ ...range, message: `${reduceMessage(plan, spelling)}.`, hint: reduceHint(plan, spelling, multiplyAccumulation(plan, spelling, "computed here, so not rewritten")) });
        return;
      }
      const hint2 = checkpointingHint(plan, spelling);
      context.report({
        ...range,
        message: reduceMessage(plan, spelling) + accumulationKept(plan, accumulation2.steps, target.count),
        fix: accumulationEdits(source.text, argument, plan.smaller, accumulation2.steps * plan.factor, accumulation2.value),
        ...hint2 ? { hint: hint2 } : {}
      });
    }
  }
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
function checkLoaderBatch(context, call) {
  const { source, target } = context;
  if (!isTrue(flag(call, "shuffle")) || source.guards.guardOf(call) || hasSplat(call) || !loopTrainsWithAdam(source)) return;
  const value2 = argumentFor2(call, "batch_size", 1);
  const batch = integerOrConstant(source, value2);
  const model = trainedModel(context);
  const sequence = sequenceLength(source, null);
  if (!value2 || batch === null || !model || !sequence) return;
  const checkpointing = !source.occurrences("gradient_checkpointing_enable").next().done;
  const plan = planBatch(target, model, { batch, tokens: sequence.tokens, checkpointing });
  if (!plan || plan.verdict === "states") return;
  const spelling = { ...LOADER_SPELLING, sequence: sequence.where };
  const range = { start: value2.startIndex, end: value2.endIndex };
  if (plan.verdict === "one-sample") {
    context.report({ ...range, ...oneSampleFinding(plan, spelling) });
    return;
  }
  const steps = plan.factor;
  const accumulate = `accumulate gradients over ${steps} batches (backward on \`loss / ${steps}\` each batch, \`optimizer.step()\` and \`optimizer.zero_grad()\` every ${steps})`;
  const kept = accumulationKept(plan, 1, 1, `accumulating gradients over ${steps} batches`);
  context.report({ ...range, message: reduceMessage(plan, spelling) + kept, hint: reduceHint(plan, spelling, accumulate) });
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
function trainedModel(context) {
  const { source } = context;
  if (!source.occurrences("from_config").next().done) return null;
  const ids = /* @__PURE__ */ new Set();
  for (const node of source.occurrences("from_pretrained")) {
    const found = callNamedAt(node);
    if (!found) continue;
    const id = modelIdOf(context, found.call);
    if (id === void 0) return null;
    ids.add(id);
  }
  if (ids.size !== 1) return null;
  return trainedModelOf(context, [...ids][0]);
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
  const lineEnd5 = argument.endIndex + /^[^\r\n]*/.exec(text.slice(argument.endIndex))[0].length;
  return [batchEdit, { start: lineEnd5, end: lineEnd5, text: `${newline}${indent}${added},` }];
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
  appliesTo: (target) => target.platform !== void 0,
  triggers: ["DataLoader", "dataloader_num_workers"],
  checks: {
    config: { triggers: ["num_workers"], run: checkConfig },
    python: {
      run(context) {
        const { source } = context;
        for (const call of dataLoaderCalls(source)) {
          const workers = argumentFor2(call, "num_workers", 5);
          const batch = argumentFor2(call, "batch_size", 1);
          checkWorkers(context, call, workers, { size: integerOrConstant(source, batch), what: "batch_size" });
        }
        for (const node of source.occurrences("dataloader_num_workers")) {
          if (node.type !== "identifier") continue;
          const found = trainingArgumentsKeyword(node, source.imports);
          if (found) checkWorkers(context, found.call, keywordValue(found.argument), largestTrainerBatch(context, found.call));
        }
      }
    }
  }
});
function checkWorkers(context, call, value2, batch) {
  const workers = integerLiteral(value2);
  if (!value2 || workers === null || context.source.guards.guardOf(call)) return;
  const range = { start: value2.startIndex, end: value2.endIndex };
  reportWorkers(context, range, workers, batch, (cpus) => ({ ...range, text: String(cpus) }));
}
function reportWorkers(context, range, workers, batch, edit, setting = "", zero = "`num_workers=0`") {
  const platform = context.target.platform;
  if (!platform) return;
  const { cpus } = platform;
  if (workers > cpus) {
    const fix = edit(cpus);
    const message2 = `${setting}${workers} DataLoader workers on ${platform.name}, which has ${cpus} CPUs: the extra worker processes only wait for a CPU, and PyTorch warns "This DataLoader will create ${workers} worker processes in total. Our suggested max number of worker in current system is ${cpus}, ..." because so many can make loading slow or freeze it.`;
    if (fix) context.report({ ...range, message: `${message2} Using ${cpus}, one worker per CPU.`, fix: [fix] });
    else context.report({ ...range, message: message2, hint: `Use ${cpus} workers, one per CPU.` });
  }
  const running = Math.min(workers, cpus);
  if (running > 0 && batch.size !== null && batch.size > SHM_BATCH_LIMIT && hasSmallShm(platform)) {
    context.report({
      ...range,
      message: `Each DataLoader worker hands its batches to the training process through /dev/shm, which ${platform.name}'s container keeps small (${platform.shmGiB === void 0 ? "Kaggle/docker-python#377" : `${platform.shmGiB} GiB`}): ${running} workers x ${PREFETCH} prefetched batches x ${batch.size} samples (${batch.what}) can fill it, and loading stops with "RuntimeError: DataLoader worker (pid N) is killed by signal: Bus error. It is possible that dataloader's workers are out of shared memory. Please try to raise your shared memory limit." or "RuntimeError: unable to write to file </torch_...>: No space left on device (28)".`,
      hint: `If it does: use fewer workers (${running > 2 ? `${Math.floor(running / 2)} or 1` : "1"}), ${zero} to debug (batches then load in the main process, without /dev/shm), or a smaller batch (${SHM_BATCH_LIMIT} or less, with gradient accumulation to keep the effective batch).`
    });
  }
}
function largestTrainerBatch(context, call) {
  let best = { size: null, what: "per_device_train_batch_size" };
  for (const what of ["per_device_train_batch_size", "per_device_eval_batch_size"]) {
    const argument = keywordArgument(call, what);
    const size3 = argument && integerOrConstant(context.source, keywordValue(argument));
    if (size3 && size3 > (best.size ?? 0)) best = { size: size3, what };
  }
  return best;
}
function hasSmallShm(platform) {
  return platform.shmGiB !== void 0 || SMALL_SHM_PLATFORMS.has(platform.id);
}
var CONFIG_BATCH_KEYS = ["per_device_train_batch_size", "per_device_eval_batch_size", "micro_batch_size"];
function checkConfig(context) {
  const { document } = context;
  for (const entry of document.entries()) {
    const key = entry.path[entry.path.length - 1];
    if (key !== "num_workers" && key !== "dataloader_num_workers") continue;
    const workers = typeof entry.value === "number" && Number.isInteger(entry.value) ? entry.value : null;
    const parent = entry.path.slice(0, -1);
    if (workers === null || key === "num_workers" && !isDataNode(document, parent)) continue;
    const batch = configBatch(document, parent);
    const setting = `\`${document.text.slice(entry.keyStart ?? entry.valueStart, entry.valueEnd)}\`: `;
    reportWorkers(context, { start: entry.keyStart ?? entry.valueStart, end: entry.valueEnd }, workers, batch, (cpus) => document.replaceValue(entry, cpus), setting, `\`${document.format === "json" ? `"${key}": 0` : `${key}: 0`}\``);
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
  for (const [what, entry] of sizes) {
    const size3 = typeof entry?.value === "number" && Number.isInteger(entry.value) ? entry.value : null;
    if (size3 !== null && size3 > (best.size ?? 0)) best = { size: size3, what };
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
  const lineEnd5 = after.endIndex + rest[0].length;
  if (comma) return [{ start: lineEnd5, end: lineEnd5, text: `${newline}${indent}${argument},` }];
  const line = `${newline}${indent}${argument}`;
  if (lineEnd5 === last.endIndex) return [{ start: lineEnd5, end: lineEnd5, text: `,${line}` }];
  return [
    { start: last.endIndex, end: last.endIndex, text: "," },
    { start: lineEnd5, end: lineEnd5, text: line }
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
  mayMatch(scan, project) {
    if (!scan.inCode("transformers")) return false;
    for (const value2 of scan.strings()) if (!DIFFUSION_PIPELINE.test(value2) && sizeOf({ project }, value2)) return true;
    return false;
  },
  checks: {
    python: {
      run(context) {
        const { source } = context;
        if (SHARDING_WORDS.some((word) => [...source.occurrences(word)].some((node) => node.type !== "comment"))) return;
        let guards;
        for (const node of source.occurrences("from_pretrained")) {
          const found = callNamedAt(node);
          if (!found || found.callee.type !== "attribute") continue;
          const { call } = found;
          if (!isTransformersModel(found.callee.childForFieldName("object"), source.imports)) continue;
          if (PLACEMENT_KEYWORDS.some((k) => keywordArgument(call, k)) || hasSplat(call)) continue;
          guards ??= new GuardFinder(source.root, MEMORY_CHECK_NAMES, source.text);
          if (!guards.guardOf(call)) checkLoad(context, call);
        }
      }
    }
  }
});
var DIFFUSION_PIPELINE = /stable-diffusion|sdxl|flux\.1/i;
function isTransformersModel(receiver2, imports) {
  const name = imports.qualifiedName(receiver2);
  if (!name) return false;
  const fromTransformers = name.startsWith("transformers.") || !name.includes(".") && !imports.bindings.has(name) && imports.wildcardModules.includes("transformers");
  const className = name.split(".").pop();
  return fromTransformers && !/^(TF|Flax)/.test(className) && /(Model|For[A-Z]\w*)$/.test(className);
}
function checkLoad(context, call) {
  const { source, target } = context;
  const modelId = modelIdOf(context, call);
  const size3 = modelId ? sizeOf(context, modelId) : void 0;
  const weights = loadWeightsOf(source, call);
  if (!modelId || !size3 || !weights) return;
  const estimate = {
    modelId,
    parameters: size3.parameters,
    weights,
    low: inferenceGiB(size3.parameters, weights.low),
    high: inferenceGiB(size3.parameters, weights.high)
  };
  if (estimate.high <= availableGiB(target, false)) return;
  const range = { start: call.startIndex, end: call.endIndex };
  if (estimate.high > availableGiB(target, true) || target.count === 1) {
    context.report({ ...range, message: `${needs2(estimate)}, more than ${allGpus(target)}.`, hint: tooBigHint(target, estimate) });
    return;
  }
  const message2 = `${needs2(estimate)}, more than one ${target.gpu.name}'s ${formatGiB(target.gpu.memoryGiB)} GiB but within ${allGpus(target)}`;
  const moves = modelMoves(source, call);
  const insert = appendArgumentEdits(source.text, call, 'device_map="auto"');
  const edits = insert && [...insert, ...moves.removals, ...moves.redirects];
  if (moves.uncertain.length > 0 || !edits || overlapping(edits)) {
    context.report({ ...range, message: `${message2}.`, hint: uncertainHint(source.text, moves) });
    return;
  }
  const hint2 = looseInputsHint(moves);
  context.report({
    ...range,
    message: `${message2}; adding device_map="auto" so accelerate spreads its layers over the GPUs` + (moves.removed.length > 0 ? `, and taking out ${quoteAll(moves.removed)}: a model spread over GPUs must not be moved back onto one` : "") + (moves.redirects.length > 0 ? `; its inputs now go to the model's device` : "") + ".",
    ...hint2 ? { hint: hint2 } : {},
    fix: edits
  });
}
function looseInputsHint(moves) {
  const loose = moves.looseInputs.map((move) => `\`${move.text}\``);
  if (loose.length === 0) return void 0;
  const one = loose.length === 1;
  return `If ${loose.slice(0, 2).join(", ")} ${one ? "feeds" : "feed"} this model, send ${one ? "it" : "them"} to \`model.device\` instead of a fixed GPU.`;
}
function needs2(estimate) {
  const { low, high } = estimate;
  const amount = formatGiBValue(low) === formatGiBValue(high) ? formatGiBValue(high) : `${formatGiBValue(low)}-${formatGiBValue(high)}`;
  return `${estimate.modelId} (${formatParameters(estimate.parameters)} parameters) needs ~${amount} GiB in ${estimate.weights.label}`;
}
function allGpus(target) {
  const each = `${formatGiB(target.gpu.memoryGiB)} GiB`;
  return target.count > 1 ? `the ${target.count} x ${each} of the target` : `the ${target.gpu.name}'s ${each}`;
}
function tooBigHint(target, estimate) {
  const all = availableGiB(target, true);
  const spread = (gib) => target.count > 1 && gib > availableGiB(target, false) ? ' and device_map="auto"' : "";
  const offload = 'or let accelerate offload the layers that do not fit to the CPU with device_map="auto" (slow)';
  const fp16 = inferenceGiB(estimate.parameters, "float16");
  if (estimate.weights.high === "float32" && fp16 <= all) {
    return `In float16 it needs ~${formatGiBValue(fp16)} GiB: load it with torch_dtype=torch.float16${spread(fp16)}.`;
  }
  const int4 = inferenceGiB(estimate.parameters, "int4");
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
function vllmServer(command2) {
  const known = (word) => word && !word.dynamic ? word.value : void 0;
  if (programName(command2.name) === "vllm" && command2.args[0]?.value === "serve") {
    const args = command2.args.slice(1);
    const positional2 = args[0] && !looksLikeOption(args[0]) ? args[0] : void 0;
    return { args, model: known(lastUse(args, "model")?.value ?? positional2) };
  }
  const launch = pythonLaunch(command2);
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
var GiB3 = 1024 ** 3;
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
  checks: {
    python: {
      run(context) {
        const { source } = context;
        for (const call of source.root.descendantsOfType("call")) {
          if (!call || !isVllmEngineCall(call, source.imports) || source.guards.guardOf(call)) continue;
          const settings = pythonSettings(context, call);
          const fn = call.childForFieldName("function");
          if (settings) check(context, settings, PYTHON2, { start: fn.startIndex, end: fn.endIndex });
        }
      }
    },
    shell: {
      run(context) {
        const { document } = context;
        for (const command2 of document.commands()) {
          const server = vllmServer(command2);
          if (!server || document.guardOf(command2.node)) continue;
          const settings = shellSettings(server.args, server.model);
          if (settings) check(context, settings, SHELL, { start: command2.name.start, end: command2.name.end });
        }
      }
    }
  }
});
function pythonSettings(context, call) {
  const args = argumentsOf(call);
  if (args.some((argument) => argument.type === "dictionary_splat" || argument.type === "list_splat")) return void 0;
  const value2 = (name) => {
    const keyword = keywordArgument(call, name);
    return keyword ? keywordValue(keyword) : null;
  };
  const modelNode = value2("model") ?? args.find((argument) => argument.type !== "keyword_argument") ?? null;
  const model = modelNode ? context.source.semantic.stringConstant(modelNode) : void 0;
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
    tensorParallel: tensorParallel ? integerOrConstant(context.source, tensorParallel) : 1,
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
function check(context, settings, spell, range) {
  const { target } = context;
  const { model } = settings;
  if (!model || settings.quantized || QUANTIZED_ID.test(model) || settings.tensorParallel === null) return;
  const size3 = sizeOf(context, model);
  if (!size3) return;
  const memory = target.gpu.memoryGiB;
  const weights = size3.parameters * bytesPerParameter(settings.bytes === 4 ? "float32" : "float16") / GiB3;
  const perGpu = weights / settings.tensorParallel;
  if (perGpu <= WEIGHT_SHARE * memory) return;
  const dtype = settings.bytes === 4 ? "float32" : "float16";
  const what = `${modelLabel(model, size3)} takes ~${formatGiBValue(weights)} GiB in ${dtype}`;
  const split = settings.tensorParallel > 1 ? ` (~${formatGiBValue(perGpu)} GiB per GPU over ${settings.tensorParallel})` : "";
  const gpu2 = `the ${formatGiBValue(memory)} GiB of the ${gpuLabel(target)}`;
  const utilization = settings.utilization ?? DEFAULT_UTILIZATION;
  const parallel = !settings.tensorParallelSet && target.count > 1 ? target.count : void 0;
  const after = weights / (parallel ?? settings.tensorParallel);
  const most = Math.max(utilization, SUGGESTED_UTILIZATION) * memory;
  if (after > most) {
    const spread = parallel ? ` even split with \`${spell.tensorParallel(parallel)}\` (~${formatGiBValue(after)} GiB per GPU)` : "";
    context.report({
      ...range,
      severity: "error",
      message: `${what}${split}, more than vLLM can use of ${gpu2}${spread}: loading stops with CUDA out of memory or "No available memory for the cache blocks".`,
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
  const over = `${what}${split}, more than the ~${formatGiBValue(budget)} GiB vLLM takes of ${gpu2} at \`gpu_memory_utilization\` ${utilization}: loading stops with CUDA out of memory or "No available memory for the cache blocks"`;
  const why5 = perGpu > budget ? over : `${what}${split}, ${Math.round(perGpu / memory * 100)}% of ${gpu2}; at \`gpu_memory_utilization\` ${utilization} that leaves ~${formatGiBValue(budget - perGpu)} GiB for activations, CUDA graphs (1-3 GiB) and the KV cache, too little for the model's default context: the engine stops with ${KV_ERROR} or runs out of memory`;
  const because = [];
  if (parallel) because.push(`tensor parallelism splits the weights over the ${target.count} GPUs (~${formatGiBValue(after)} GiB each)`);
  if (knobs.includes(spell.enforceEager)) because.push("eager mode skips the CUDA graphs");
  if (knobs.includes(spell.maxModelLen)) because.push("a shorter context needs a smaller KV cache");
  if (knobs.includes(spell.utilization)) because.push("vLLM may take more of a GPU that runs nothing else");
  context.report({
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
      run(context) {
        const wrapped = wrappedLaunches(context.document);
        const checkWrapped = (inner) => wrapped.forEach(({ launch, words: words4 }) => launch ? checkLaunch2(inner, launch, /* @__PURE__ */ new Set()) : frameworkFlags(inner, words4));
        if (isBatchScript(context)) {
          const findings = collected(context, (inner) => (checkScript(inner), checkWrapped(inner)));
          clusterNote(context, spotsOf(context.document, findings.sort((a, b) => a.start - b.start)), "This is a Slurm batch script (`#SBATCH` headers)");
          return;
        }
        checkScript(context);
        if (wrapped.length > 0) clusterNote(context, spotsOf(context.document, collected(context, checkWrapped)), submitters(wrapped));
      }
    },
    config: {
      triggers: ["num_processes", "gpu_ids", "train_batch_size", ...LAUNCHER_WORDS],
      run(context) {
        if (context.document.kind === "accelerate") checkAccelerateConfig(context);
        if (context.document.kind === "deepspeed") checkDeepSpeedBatch(context);
        checkJobSpec(context);
      }
    },
    python: {
      triggers: [VISIBLE],
      run(context) {
        for (const node of context.source.occurrences(VISIBLE)) {
          if (node.type === "string_content") checkEnvironAssignment(context, node);
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
function checkScript(context) {
  const { document } = context;
  const paired = /* @__PURE__ */ new Set();
  for (const launch of pythonLaunches(document)) checkLaunch2(context, launch, paired);
  for (const assignment of document.assignments()) {
    if (assignment.name !== VISIBLE || paired.has(assignment.value.start) || document.guardOf(assignment.node)) continue;
    checkVisibleDevices(context, assignment.value);
  }
  checkFrameworkFlags(context);
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
function checkLaunch2(context, launch, paired) {
  const { document, target } = context;
  const options = COUNT_OPTIONS[launch.launcher];
  if (!options) return;
  if (launch.launcher === "deepspeed" && checkDeepSpeedInclude(context, launch)) return;
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
    context.report({
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
    context.report({ ...range, message: `${why5}, on ${machines.value} machines.`, hint: `This is a multi-machine launch; on one machine set ${flag2} to ${target.count}${alsoVisible2} and the machine count to 1.` });
    return;
  }
  if (visible?.dynamic && !shared) {
    context.report({
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
  if (launch.launcher === "accelerate launch") edits.push(...accelerateOptionEdits(context, launch, shrink, notes));
  const batch = accumulationEdits2(context, launch, shrink, count2);
  edits.push(...batch.edits);
  const fix = allEdits(edits);
  const set = `set to ${shrink.to}${count2.variable ? ` (in \`${count2.variable}=\`)` : ""}`;
  const message2 = `${why5}. ${capitalize(set)}${notes.map((note) => `; ${note}`).join("")}: ${batch.note}.`;
  const alsoVisible = devices && !shared ? ` and ${VISIBLE} to ${devices.replacement}` : "";
  context.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: `Set it to ${shrink.to}${alsoVisible}, and multiply ${ACCUMULATION2} by ${factorText(shrink)}.` });
}
function checkDeepSpeedInclude(context, launch) {
  const { document, target } = context;
  const use = lastUse(launch.options, "include");
  const parts = use?.value && !use.value.dynamic ? /^(localhost:)(\d+(?:,\d+)*)$/.exec(use.value.value) : null;
  if (!use || !parts) return false;
  const devices = visibleDevices(parts[2], target);
  if (!devices) return true;
  const shrink = shrinkFor(devices.ids.length, target);
  const start = use.value.valueStart + parts[1].length;
  const edits = [{ start, end: use.value.valueEnd, text: devices.replacement }];
  const count2 = { value: devices.ids.length, start, end: use.value.valueEnd };
  const batch = shrink ? accumulationEdits2(context, launch, shrink, count2) : void 0;
  edits.push(...batch?.edits ?? []);
  const fix = allEdits(edits);
  const range = useRange(use);
  const message2 = `\`${useText(document, use)}\` ${visibleDevicesWhy(devices.ids, devices.visible, target)}, and DeepSpeed starts one process per listed GPU. Set to localhost:${devices.replacement}${batch ? `: ${batch.note}` : ""}.`;
  context.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: `Set it to localhost:${devices.replacement}.` });
  return true;
}
function accelerateOptionEdits(context, launch, shrink, notes) {
  const { document, target } = context;
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
function accumulationEdits2(context, launch, shrink, count2) {
  const { document } = context;
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
function checkVisibleDevices(context, word) {
  const { target } = context;
  const devices = word.dynamic ? void 0 : visibleDevices(word.value, target);
  if (!devices) return;
  const edit = replaceWord(word, devices.replacement);
  const message2 = `\`${VISIBLE}=${word.value}\` ${visibleDevicesWhy(devices.ids, devices.visible, target)}. Set to ${devices.replacement}.`;
  const finding = { start: word.start, end: word.end, message: message2, ...visibleDevicesSeverity(devices, target) };
  context.report(edit ? { ...finding, fix: [edit] } : { ...finding, hint: `Set it to ${devices.replacement}.` });
}
function checkEnvironAssignment(context, content) {
  const { source, target } = context;
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
  context.report(inner ? { ...finding, fix: [{ start: inner.startIndex, end: inner.endIndex, text: devices.replacement }] } : { ...finding, hint: `Set it to "${devices.replacement}".` });
}
function checkAccelerateConfig(context) {
  const { document, target } = context;
  const entry = document.get(["num_processes"]);
  const shrink = typeof entry?.value === "number" && Number.isInteger(entry.value) ? shrinkFor(entry.value, target) : void 0;
  if (!entry || !shrink) return;
  const machines = document.get(["num_machines"])?.value;
  const why5 = `\`${entryText(document, entry)}\` starts ${processes(shrink.from)}, one per GPU, but the target is ${gpusLabel(target)}: the ranks without a GPU stop with "CUDA error: invalid device ordinal"`;
  if (typeof machines === "number" && machines > 1) {
    context.report({ ...entryRange(entry), message: `${why5}, on ${machines} machines.`, hint: `On one machine set num_processes to ${target.count} and num_machines to 1.` });
    return;
  }
  const parallel = parallelismSizes(document);
  if (parallel.total > 1) {
    const sizes = parallel.sizes.map(([key, size3]) => `${key} ${size3}`).join(" x ");
    context.report({
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
      edits.push(document.replaceValue(steps, scaled));
      note = `deepspeed_config.${ACCUMULATION2} ${steps.value} -> ${scaled}, so ${globalBatchKept(shrink, steps.value, scaled)}`;
    }
  }
  const fix = allEdits(edits);
  const message2 = `${why5}. Set to ${shrink.to}${notes.map((n) => `; ${n}`).join("")}: ${note}.`;
  context.report(fix ? { ...entryRange(entry), message: message2, fix } : { ...entryRange(entry), message: message2, hint: `Set num_processes to ${shrink.to}.` });
}
function parallelismSizes(document) {
  const sizes = [];
  for (const key of document.keysOf(["parallelism_config"])) {
    const value2 = document.get(["parallelism_config", key])?.value;
    if (key.endsWith("_size") && typeof value2 === "number" && Number.isInteger(value2) && value2 > 1) sizes.push([key.replace(/^parallelism_config_/, ""), value2]);
  }
  return { sizes, total: sizes.reduce((product, [, size3]) => product * size3, 1) };
}
function checkDeepSpeedBatch(context) {
  const { document, target } = context;
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
    context.report({ ...range, message: `${why5}.`, hint: `Make train_batch_size = ${perGpu} x ${ACCUMULATION2} x ${target.count}.` });
    return;
  }
  context.report({ ...range, message: `${why5}. ${ACCUMULATION2} ${accumulation2} -> ${scaled}, so ${globalBatchKept(shrink, accumulation2, scaled, perGpu)}.`, fix: [edit] });
}
function visibleDevicesSeverity(devices, target) {
  return devices.visible === Math.min(devices.ids.length, target.count) ? { severity: "info" } : {};
}
function capitalize(text) {
  return text[0].toUpperCase() + text.slice(1);
}
function isBatchScript(context) {
  return /\.(slurm|sbatch)$/.test(context.path ?? "") || /^#SBATCH\s/m.test(context.document.text);
}
function collected(context, check3) {
  const findings = [];
  check3(Object.create(context, { report: { value: (finding) => findings.push(finding) } }));
  return findings;
}
var SUBMITTERS = /* @__PURE__ */ new Set(["srun", "sbatch"]);
var LAUNCHER_PROGRAMS = /* @__PURE__ */ new Set(["torchrun", "deepspeed", "accelerate", "tune"]);
function wrappedLaunches(document) {
  const found = [];
  for (const command2 of document.commands()) {
    if (document.guardOf(command2.node)) continue;
    const words4 = command2.args;
    const submitter = SUBMITTERS.has(command2.name.value);
    const from = submitter ? 0 : words4.findIndex((word) => word.value === "--") + 1;
    const builder = words4.slice(0, from).find((word) => word.value.endsWith(".py"));
    if (!submitter && (from === 0 || !builder)) continue;
    const wrapper = submitter ? command2.name.value : builder.value.replace(/^.*\//, "");
    let launch;
    for (let i = from; i < words4.length && !launch; i++) {
      const candidate = pythonLaunch({ ...command2, env: [], name: words4[i], args: words4.slice(i + 1) });
      if (candidate && COUNT_OPTIONS[candidate.launcher]) launch = candidate;
    }
    if (launch || !submitter) found.push({ wrapper, command: command2, words: words4.slice(from), launch });
  }
  return found;
}
function submitters(wrapped) {
  const names2 = [...new Set(wrapped.map(({ wrapper }) => `\`${wrapper}\``))];
  return names2.length === 1 ? `${names2[0]} submits its command to a cluster` : `${names2.join(" and ")} submit their commands to a cluster`;
}
function spotsOf(document, findings) {
  return findings.map(({ start, end }) => ({ start, end, text: document.text.slice(start, end).replace(/\\\r?\n\s*/g, "") }));
}
function clusterNote(context, spots, where) {
  const first = spots[0];
  if (!first) return;
  const more = spots.length > 1 ? ` and ${spots.length - 1} more setting${spots.length > 2 ? "s" : ""}` : "";
  context.report({
    start: first.start,
    end: first.end,
    severity: "info",
    message: `${where}: the command runs on the GPUs the cluster gives the job, not on the target (${gpusLabel(context.target)}), so \`${first.text}\`${more} written for more GPUs ${spots.length > 1 ? "are" : "is"} left as written.`,
    hint: `To run it on the target, run the launch command itself (without the submitter); there this rule sets its GPU count.`
  });
}
var SPEC_COUNT = /--(nproc[-_]per[-_]node|num[-_]processes|num[-_]gpus)(?:=|[\s"',[\]-]+)(\d+)/g;
function checkJobSpec(context) {
  const { document, target } = context;
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
  clusterNote(context, spots, kubernetes ? `This is a Kubernetes ${kind || "job"} spec` : "This is a Beaker experiment spec");
}
var OVERRIDE_COUNT = /^\+{0,2}((?:\w[\w-]*\.)+(?:devices|gpus|n_gpus_per_node|num_gpus|num_gpus_per_node|gpus_per_node))=(\d+)$/;
var FRAMEWORK_FLAG = /^--((?:trainer\.)?(?:num[-_]gpus|gpus|devices|n[-_]gpus[-_]per[-_]node|num[-_]gpus[-_]per[-_]node|(?:actor|critic|ref|reward|vllm)[-_]num[-_]gpus[-_]per[-_]node))$/;
function checkFrameworkFlags(context) {
  const { document } = context;
  const wrapped = new Set(wrappedLaunches(document).map(({ command: command2 }) => command2.node.startIndex));
  for (const command2 of document.commands()) {
    if (wrapped.has(command2.node.startIndex) || SUBMITTERS.has(command2.name.value) || ["echo", "printf"].includes(command2.name.value) || document.guardOf(command2.node)) continue;
    const launch = pythonLaunch(command2);
    if (!launch && LAUNCHER_PROGRAMS.has(command2.name.value)) continue;
    const all = launch ? launch.args : command2.args;
    frameworkFlags(context, all.slice(all.findIndex((word) => word.value === "--") + 1));
  }
}
function frameworkFlags(context, words4) {
  const { document, target } = context;
  for (let i = 0; i < words4.length; i++) {
    const word = words4[i];
    if (word.dynamic) continue;
    const override = OVERRIDE_COUNT.exec(word.value);
    const [name, value2, end] = override ? [override[1], override[2], word.end] : flagCount(word, words4[i + 1]);
    if (!name || value2 === void 0 || Number(value2) <= target.count) continue;
    context.report({
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
function scriptTakesFlag(context, launch, flag2) {
  const source = launchedScript(context, launch)?.source;
  if (!source) return void 0;
  if (DATACLASS_PARSERS.some((name) => !source.occurrences(name).next().done)) return true;
  const options = source.semantic.argparseOptions();
  if (options.length === 0) return void 0;
  return options.some((option) => option.flags.includes(flag2));
}
function launchedScript(context, launch) {
  if (launch.entry.kind !== "script" || !context.project.pythonSource || launch.entry.name.includes("$")) return void 0;
  const folder = (context.path ?? "").split("/").slice(0, -1).join("/");
  for (const path of [joinPath(folder, launch.entry.name), joinPath("", launch.entry.name)]) {
    const source = path === void 0 ? void 0 : context.project.pythonSource(path);
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

// packages/rules/src/parallel/device-map-ddp.ts
var SPREADING = /* @__PURE__ */ new Set(["auto", "balanced", "balanced_low_0", "sequential"]);
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
      run(context) {
        for (const launch of pythonLaunches(context.document)) {
          if (launch.launcher === "python" || launch.launcher === "tune run") continue;
          const count2 = launchProcesses(context.document, launch, context.target);
          if (count2 === void 0 || count2 < 2) continue;
          const script = launchedScript(context, launch);
          if (!script) continue;
          if (DISTRIBUTED_AWARE.test(script.source.text)) continue;
          const load = spreadingLoads(script.source)[0];
          if (load) report2(context, launch, count2, script, load);
        }
      }
    }
  }
});
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
var TRAINERS = ["Trainer", "Seq2SeqTrainer", "SFTTrainer", "DPOTrainer", "ORPOTrainer", "KTOTrainer", "GRPOTrainer", "RewardTrainer"];
function trains(source) {
  return TRAINERS.some((name) => [...source.occurrences(name)].some((node) => node.type === "identifier"));
}
function fitOf(context, launch, script, call) {
  const python = { ...context, path: script.path, source: script.source };
  const modelId = launchedModelId(launch, call) ?? modelIdOf(python, call);
  const size3 = modelId ? sizeOf(context, modelId) : void 0;
  const weights = loadWeightsOf(script.source, call);
  if (!modelId || !size3 || !weights) return void 0;
  const label = `${modelId} (${formatParameters(size3.parameters)} parameters)`;
  const one = availableGiB(context.target, false);
  if (fullFineTuneWithTrainer(script.source)) {
    const gib2 = fullFineTuneGiB(size3.parameters);
    return { label, gib: `~${formatGiBValue(gib2)} GiB or more to fine-tune fully (weights, gradients and Adam's state)`, fits: gib2 <= one };
  }
  const [low, high] = [inferenceGiB(size3.parameters, weights.low), inferenceGiB(size3.parameters, weights.high)];
  if (low <= one && high > one) return void 0;
  const gib = formatGiBValue(low) === formatGiBValue(high) ? formatGiBValue(high) : `${formatGiBValue(low)}-${formatGiBValue(high)}`;
  return { label, gib: `~${gib} GiB in ${weights.label}`, fits: high <= one };
}
function launchedModelId(launch, call) {
  const first = argumentsOf(call).find((node) => node.type !== "keyword_argument");
  const named = first ?? (keywordArgument(call, "pretrained_model_name_or_path") && keywordValue(keywordArgument(call, "pretrained_model_name_or_path")));
  const field = named?.type === "attribute" ? named.childForFieldName("attribute")?.text : named?.type === "identifier" ? named.text : void 0;
  const value2 = field ? lastUse(launch.args, field)?.value : void 0;
  return value2 && !value2.dynamic ? value2.value : void 0;
}
function report2(context, launch, count2, script, load) {
  const { target } = context;
  const line = script.source.text.slice(0, load.keyword.startIndex).split("\n").length;
  const written2 = `device_map=${script.source.text.slice(keywordValue(load.keyword).startIndex, keywordValue(load.keyword).endIndex)}`;
  const ddp = `keep the ${count2} processes (DDP) and load one whole copy per process with \`device_map={"": PartialState().process_index}\` (\`from accelerate import PartialState\`) or \`device_map={"": int(os.environ["LOCAL_RANK"])}\``;
  const single = `run it as one process (\`python ${launch.entry.name}\`), where device_map="${load.value}" splits its layers over the ${target.count} GPUs`;
  const fit = fitOf(context, launch, script, load.call);
  const oneGpu = `one ${target.gpu.name}'s ${formatGiB(target.gpu.memoryGiB)} GiB`;
  const hint2 = !fit ? `Pick one: for a model that fits one GPU, ${ddp}; for one that does not, ${single}.` : fit.fits ? `${fit.label} needs ${fit.gib}, within ${oneGpu}: ${ddp}.` : `${fit.label} needs ${fit.gib}, more than ${oneGpu}: ${single}.`;
  context.report({
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
      run(context) {
        const { source } = context;
        const first = source.imports.statements.find((statement) => modulesOf(statement).some((m) => m === "unsloth" || m.startsWith("unsloth.")));
        if (!first) return;
        const visible = [...source.occurrences(VISIBLE2)].filter((node) => node.type !== "comment");
        if (visible.some((node) => node.startIndex < first.startIndex)) return;
        const magic = context.notebookCode === void 0 ? null : ENV_MAGIC.exec(context.notebookCode);
        if (magic && magic.index < first.startIndex) return;
        check2(context, first, visible[0]);
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
function check2(context, first, later) {
  const { source, target } = context;
  const notebook = (context.path ?? "").endsWith(".ipynb");
  const range = { start: first.startIndex, end: first.endIndex };
  const why5 = `Unsloth trains on one GPU and the target has ${gpusLabel(target)}: with both visible, a model placed over them fails with "Expected all tensors to be on the same device" (unsloth#431, on Kaggle's two T4s)`;
  const line = notebook ? `os.environ["${VISIBLE2}"] = "0"` : `os.environ.setdefault("${VISIBLE2}", "0")`;
  if (later) {
    context.report({
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
    context.report({ ...range, ...library ? { severity: "warning" } : {}, message: `${why5}.`, hint: hint2 });
    return;
  }
  const text = `${insert.needsOs ? "import os\n" : ""}${line}
`;
  context.report({
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
    const plain2 = before.every(
      (child, i) => child.type === "comment" || child.type === "future_import_statement" || IMPORT.test(child.type) && isSafe(child) || i === 0 && child.type === "expression_statement" && child.namedChildren[0]?.type === "string"
    );
    if (!plain2) return void 0;
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
var SPREADING2 = /* @__PURE__ */ new Set(["auto", "balanced", "balanced_low_0", "sequential"]);
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
      run(context) {
        if (!(context.path ?? "").endsWith(".ipynb")) return;
        const { source } = context;
        if (DECIDED.some((word) => [...source.occurrences(word)].some((node) => node.type !== "comment"))) return;
        if (source.imports.importsModule("unsloth")) return;
        if (context.notebookCode !== void 0 && (ENV_MAGIC2.test(context.notebookCode) || LAUNCH_LINE.test(context.notebookCode))) return;
        if (spreadsModel(context)) return;
        for (const name of TRAINERS2) {
          for (const node of source.occurrences(name)) {
            const found = callNamedAt(node);
            if (!found) continue;
            const qualified = source.imports.qualifiedName(found.callee);
            if (!qualified || !/^(transformers|trl)(\.|$)/.test(qualified) || qualified.split(".").pop() !== name) continue;
            report3(context, found.call);
            return;
          }
        }
      }
    }
  }
});
function spreadsModel(context) {
  const { source } = context;
  return [...source.occurrences("device_map")].some((node) => {
    const keyword = node.parent;
    if (keyword?.type !== "keyword_argument") return false;
    const value2 = keywordValue(keyword);
    const text = value2 ? source.semantic.stringConstant(value2) : void 0;
    return text !== void 0 && SPREADING2.has(text);
  });
}
function report3(context, call) {
  const { target } = context;
  const callee = call.childForFieldName("function");
  const all = target.count === 2 ? "both" : `all ${target.count}`;
  context.report({
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
  appliesTo: () => true,
  triggers: ["cd"],
  checks: {
    shell: {
      run(context) {
        const { document } = context;
        const bang = document.notebookBang;
        const commands = document.commands();
        const command2 = commands.length === 1 ? commands[0] : void 0;
        if (bang === void 0 || command2?.name.value !== "cd" || command2.node.parent?.type !== "program" || command2.args.length > 1) return;
        const target = command2.args[0];
        const written2 = document.text.slice(command2.node.startIndex, command2.node.endIndex);
        const message2 = `\`!${written2}\` runs \`cd\` in a shell that exits at the end of the line: the notebook's directory, and every later \`!\` line and Python call, stay where they were. IPython's \`%cd\` changes the notebook's own directory.`;
        const range = { start: command2.node.startIndex, end: command2.node.endIndex };
        if (target && (target.dynamic || !PLAIN_PATH.test(document.text.slice(target.start, target.end)))) {
          context.report({ ...range, message: message2, hint: `Write \`%cd ${target.value}\` (check how IPython expands it), or join the commands that need the directory on one line: \`!${written2} && ...\`.` });
          return;
        }
        context.report({ ...range, message: message2, fix: [{ start: bang, end: bang + 1, text: "%" }] });
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
      run(context) {
        const seen = /* @__PURE__ */ new Set();
        for (const keyword of ["assert", "raise"]) {
          for (const node of context.source.occurrences(keyword)) {
            const stop = stoppingStatement(node);
            if (!stop || seen.has(stop.statement.startIndex)) continue;
            seen.add(stop.statement.startIndex);
            checkStop(context, stop.statement, stop.condition, stop.failsWhen);
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
    return condition2 ? { statement, condition: condition2, failsWhen: false } : null;
  }
  if (statement?.type !== "raise_statement") return null;
  const block = statement.parent;
  const owner = block?.parent;
  if (block?.type !== "block" || owner?.type !== "if_statement" || owner.childForFieldName("consequence")?.startIndex !== block.startIndex) return null;
  const condition = owner.childForFieldName("condition");
  return condition ? { statement: owner, condition, failsWhen: true } : null;
}
function checkStop(context, statement, condition, failsWhen) {
  const check3 = context.source.guards.hardwareCheckIn(condition);
  if (!check3) return;
  const cc2 = context.target.gpu.computeCapability;
  const outcome = evaluate3(condition, cc2, context);
  if (outcome.value !== failsWhen) return;
  const what = statement.type === "assert_statement" ? "This assert" : "This check raises and";
  const where = gpuLabel(context.target);
  const emulation = outcome.bf16Check ? " With PyTorch 2.3 or newer `is_bf16_supported()` counts emulated bf16 and passes instead, so the bf16 code after it runs emulated and slow." : "";
  context.report({
    start: statement.startIndex,
    end: condition.endIndex,
    message: `${what} requires ${outcome.requirement}: on ${where} it stops the run here.${emulation}`,
    hint: `Drop the check, or turn it into a branch that picks float16 (or float32) below compute capability ${requiredCapability("bf16")}; the code after it is what must run on this GPU (gpu-compat rewrites its bf16 and FlashAttention uses).`
  });
}
function evaluate3(condition, cc2, context) {
  const node = unparenthesize(condition);
  const unknown2 = { value: void 0, requirement: "", bf16Check: false };
  switch (node.type) {
    case "not_operator": {
      const inner = node.childForFieldName("argument");
      const result = inner ? evaluate3(inner, cc2, context) : unknown2;
      return { ...result, value: result.value === void 0 ? void 0 : !result.value };
    }
    case "boolean_operator": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      const sides = [left, right].map((side) => side ? evaluate3(side, cc2, context) : unknown2);
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
      if (name && BF16_CHECKS.has(name)) return { value: context.target.gpu.features.bf16, requirement: `native bf16 (compute capability ${requiredCapability("bf16")} or newer)`, bf16Check: true };
      return unknown2;
    }
    case "identifier":
    case "attribute":
      return unknown2;
    case "comparison_operator":
      return compareCapability(node, cc2, context) ?? unknown2;
    default:
      return unknown2;
  }
}
function compareCapability(comparison, cc2, context) {
  const parts = comparisonParts(comparison);
  if (!parts) return void 0;
  const { left, right, operator } = parts;
  const guards = context.source.guards;
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

// packages/rules/src/platform/torch-wheel-arch.ts
var FIRST_RELEASE_WITHOUT = [2, 8];
var OLD_CUDA_BUILD = /cu1(?:1\d|2[0-6])\b/;
var torchWheelArch = defineRule({
  id: "torch-wheel-arch",
  title: "PyTorch pinned to wheels without kernels for the GPU",
  category: "platform",
  severity: "error",
  fixable: "never",
  lacks: "currentTorchWheels",
  triggers: ["install_requires"],
  checks: {
    requirements: {
      triggers: ["torch"],
      run(context) {
        const { document } = context;
        if (OLD_CUDA_BUILD.test(document.text)) return;
        for (const requirement of document.find("torch")) {
          report4(context, requirement.start, requirement.end, requirement.specifier, document.text.slice(requirement.start, requirement.end));
        }
      }
    },
    python: {
      run(context) {
        for (const node of context.source.occurrences("install_requires")) checkSetupCall(context, node);
      }
    }
  }
});
function checkSetupCall(context, name) {
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return;
  const call = argument.parent?.parent;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const callee = fn && context.source.imports.qualifiedName(fn);
  if (!callee || !/(^|\.)setup$/.test(callee)) return;
  const list = keywordValue(argument);
  if (list?.type !== "list") return;
  for (const item of namedChildrenOf(list)) {
    const value2 = stringValue(item);
    if (value2 === null || OLD_CUDA_BUILD.test(value2)) continue;
    const match = /^\s*([A-Za-z0-9._-]+)\s*(.*)$/.exec(value2);
    if (match && normalizeProjectName(match[1]) === "torch") report4(context, item.startIndex, item.endIndex, match[2].split(";")[0], value2.trim());
  }
}
function report4(context, start, end, specifier, requirement) {
  const floor = lowestAllowedVersion(specifier);
  if (!floor || compare2(floor, FIRST_RELEASE_WITHOUT) < 0) return;
  const { major, minor } = context.target.gpu.computeCapability;
  const pascal = major === 6;
  context.report({
    start,
    end,
    message: `\`${requirement}\` installs PyTorch ${FIRST_RELEASE_WITHOUT.join(".")}+ CUDA 12.8 wheels, which have no kernels for ${gpuLabel(context.target)}: every CUDA call fails with "no kernel image is available for execution on the device".`,
    hint: pascal ? `Pin \`torch<2.8\` (2.7.1 is the last release whose default wheels include compute capability ${major}.${minor}), or install 2.8+ from the CUDA 12.6 index: \`--index-url https://download.pytorch.org/whl/cu126\`.` : `Compute capability ${major}.${minor} needs a much older PyTorch build; check the PyTorch CUDA support matrix for the last release that includes it.`
  });
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
  appliesTo: (target) => isKaggle(target.platform?.id),
  triggers: [INPUT],
  checks: {
    python: {
      run(context) {
        for (const node of context.source.occurrences(INPUT)) checkPythonString(context, node);
      }
    },
    shell: {
      run(context) {
        const { document } = context;
        for (const command2 of flagCommands(document)) {
          const use = lastUse(command2.args, "output_dir");
          const value2 = use?.value;
          if (!use || !value2 || value2.dynamic || !underInput(value2.value)) continue;
          report5(context, useRange(use), `\`${useText(document, use)}\``, value2.value);
        }
      }
    },
    config: {
      run(context) {
        const { document } = context;
        for (const key of OUTPUT_CONFIG_KEYS) {
          const entry = document.get([key]);
          if (!entry || typeof entry.value !== "string" || !underInput(entry.value)) continue;
          const start = entry.keyStart ?? entry.valueStart;
          report5(context, { start, end: entry.valueEnd }, `\`${document.text.slice(start, entry.valueEnd)}\``, entry.value);
        }
      }
    }
  }
});
function isKaggle(platform) {
  return platform?.startsWith("kaggle-") ?? false;
}
function checkPythonString(context, node) {
  const { source } = context;
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
  const position2 = argument ? -1 : positionalIndex(call, string);
  let what;
  if (name !== void 0 && OUTPUT_KEYWORDS.has(name)) what = `\`${name}=\``;
  else if (method === "save_pretrained" && (position2 === 0 || name === "save_directory")) what = "`save_pretrained(...)`";
  else if (callee === "torch.save" && (position2 === 1 || name === "f")) what = "`torch.save(...)`";
  else if ((callee === "open" || callee === "io.open" || callee === "builtins.open") && (position2 === 0 || name === "file")) {
    const mode = keywordArgument(call, "mode");
    const modeNode = mode ? keywordValue(mode) : argumentsOf(call)[1] ?? null;
    const modeText2 = stringValue(modeNode);
    if (modeText2 !== null && WRITE_MODE.test(modeText2)) what = `\`open(..., "${modeText2}")\``;
  }
  if (what) report5(context, { start: string.startIndex, end: string.endIndex }, what, path);
}
function positionalIndex(call, node) {
  return argumentsOf(call).findIndex((argument) => argument.startIndex === node.startIndex && argument.endIndex === node.endIndex);
}
function report5(context, range, what, path) {
  const platform = context.target.platform?.name ?? "Kaggle";
  const suggested = path.replace(INPUT, WORKING);
  context.report({
    ...range,
    message: `${what} writes to \`${path}\`, but on ${platform}, /kaggle/input holds the attached datasets and models read-only: the write fails with "OSError: [Errno 30] Read-only file system" (naming the path, or the first directory of it that had to be created).`,
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
  appliesTo: (target) => target.platform?.savedOutput !== void 0,
  triggers: ["save_steps", "save_strategy"],
  // The size comes from the model the file loads: without `from_pretrained` there is nothing to count.
  mayMatch: (scan) => scan.inCode("from_pretrained"),
  checks: {
    python: {
      run(context) {
        const { source } = context;
        const seen = /* @__PURE__ */ new Set();
        for (const word of ["save_steps", "save_strategy"]) {
          for (const node of source.occurrences(word)) {
            if (node.type !== "identifier") continue;
            const found = trainingArgumentsKeyword(node, source.imports);
            if (!found || seen.has(found.call.startIndex)) continue;
            seen.add(found.call.startIndex);
            checkCall2(context, found.call);
          }
        }
      }
    }
  }
});
function checkCall2(context, call) {
  const { source, target } = context;
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
  const model = trainedModel2(context);
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
  context.report({
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
function trainedModel2(context) {
  const { source } = context;
  if (!source.occurrences("from_config").next().done) return void 0;
  const ids = /* @__PURE__ */ new Set();
  let dtype;
  let exact = false;
  for (const node of source.occurrences("from_pretrained")) {
    const found = callNamedAt(node);
    if (!found) continue;
    const id2 = modelIdOf(context, found.call);
    const weights = loadWeightsOf(source, found.call);
    if (id2 === void 0 || !weights) return void 0;
    ids.add(id2);
    if (!dtype || bytesPerParameter(weights.low) > bytesPerParameter(dtype)) dtype = weights.low;
    if (weights.low === weights.high && weights.low === dtype) exact = true;
  }
  if (ids.size !== 1) return void 0;
  const id = [...ids][0];
  const size3 = sizeOf(context, id);
  if (!size3 || !dtype || bytesPerParameter(dtype) < 2) return void 0;
  return { label: modelLabel(id, size3), parameters: size3.parameters, dtype, exact };
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
      run(context) {
        const { source } = context;
        const seen = /* @__PURE__ */ new Set();
        for (const word of ["max_steps", "num_train_epochs"]) {
          for (const node of source.occurrences(word)) {
            if (node.type !== "identifier") continue;
            const found = trainingArgumentsKeyword(node, source.imports);
            if (!found || seen.has(found.call.startIndex)) continue;
            seen.add(found.call.startIndex);
            checkCall3(context, found.call);
          }
        }
      }
    }
  }
});
function checkCall3(context, call) {
  const { source } = context;
  if (source.guards.guardOf(call) || hasSplat(call)) return;
  const length = callLength(call);
  if (!length) return;
  const strategy = keywordArgument(call, "save_strategy");
  const strategyValue = strategy ? keywordValue(strategy) : null;
  const savesNothing = !!strategyValue && (stringValue(strategyValue)?.toLowerCase() === "no" || /\.NO$/.test(strategyValue.text));
  if (savesNothing) {
    report6(context, length, "nothing", `\`${strategy.text.replace(/\s+/g, "")}\``);
    return;
  }
  const trains2 = source.text.includes(".train(");
  if (!trains2 || !source.occurrences("resume_from_checkpoint").next().done || length.steps === void 0) return;
  report6(context, length, "no-resume");
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
function checkConfig2(context) {
  const { document } = context;
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
  if (length) report6(context, length, "nothing", `\`${entryText(document, strategy)}\``, saveSteps);
}
function report6(context, length, saves, strategy = "", saveSteps = '`save_strategy="steps"` with `save_steps`') {
  const platform = context.target.platform;
  const hours = platform.sessionHours;
  const budget = length.steps === void 0 ? "" : ` To finish within one session, each of the ${length.steps} steps must take under ${secondsPerStep(hours, length.steps)} s.`;
  const end = `${platform.name} ends a GPU session after ${hours} h`;
  const resume = resumeAdvice(platform);
  if (saves === "nothing") {
    context.report({
      ...length.range,
      message: `\`${length.text}\` with ${strategy} saves no checkpoint: ${end}, and a run cut off there loses all its training.${budget}`,
      hint: `If the run may take longer, save checkpoints (${saveSteps}, and \`save_total_limit\` to bound the disk) ${resume}; or shorten the run.`
    });
    return;
  }
  const severity = "info";
  context.report({
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
      run(context) {
        for (const node of context.source.occurrences("from_pretrained")) {
          const found = callNamedAt(node);
          if (found) checkLoad2(context, found.call, found.callee);
        }
      }
    }
  }
});
function checkLoad2(context, call, callee) {
  const { source, target } = context;
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
  const id = modelIdOf(context, call);
  const size3 = id === void 0 ? void 0 : sizeOf(context, id);
  if (!id || !size3) return;
  const gb2 = size3.parameters * bytesPerParameter(weights.low) / 1e9;
  const limit2 = platform.ramGiB * RAM_SHARE;
  if (gb2 <= limit2) return;
  const merges = !source.occurrences("merge_and_unload").next().done;
  const where = deviceMap ? `\`device_map=${keywordValue(deviceMap).text}\` keeps every weight in host RAM` : "Without `device_map`, `from_pretrained` loads every weight into host RAM first";
  const takes = weights.low === weights.high ? `takes ~${gb2.toFixed(0)} GB in ${weights.low}` : `takes at least ~${gb2.toFixed(0)} GB (in 16-bit; with no dtype given, transformers 4 loads float32, twice that)`;
  context.report({
    start: call.startIndex,
    end: call.endIndex,
    message: `${where}: ${modelLabel(id, size3)} ${takes}, more than the ~${limit2.toFixed(0)} GB of ${platform.name}'s ${platform.ramGiB} GB RAM a load can use, ` + (platform.id.startsWith("colab") ? `so the session dies ("Your session crashed after using all available RAM").` : "so the kernel or process is killed when memory runs out.") + (merges ? " Merging adapters into it (`merge_and_unload()`) works on those weights in RAM too." : ""),
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
function lineEnd3(text, index) {
  const match = /\r\n|\n|\r/.exec(text.slice(index));
  return match ? { at: index + match.index, eol: match[0] } : { at: text.length, eol: "" };
}
function standsAlone(text, statement) {
  const { at } = lineEnd3(text, statement.endIndex);
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
      run(context) {
        for (const launch of pythonLaunches(context.document)) {
          const own = launch.launcher === "accelerate launch" ? lastUse(launch.options, "mixed_precision") : void 0;
          if (own) checkShellMode(context, own, "launch");
          const scripts = lastUse(launch.args, "mixed_precision");
          if (scripts) checkShellMode(context, scripts, "script");
        }
      }
    },
    config: {
      needsOneOf: kindMarkers("accelerate"),
      run(context) {
        const { document, target } = context;
        const entry = document.kind === "accelerate" ? document.get(["mixed_precision"]) : void 0;
        if (entry?.value !== "bf16") return;
        const why5 = `\`${entryText(document, entry)}\` makes \`accelerate launch\` stop with "bf16 mixed precision requires PyTorch >= 1.10 and a supported device." or, in newer versions, train with emulated bf16: ${noBf16Reason(target)}`;
        const choice = mixedPrecisionFor(target, context.precision, document.text);
        const fp32 = choice.mode === "fp32";
        const mode = fp32 ? "no" : "fp16";
        const fix = allEdits([document.replaceValue(entry, mode)]);
        const message2 = fp32 ? `${why5}. ${choice.float32Because} mixed precision is turned off ("no") and training runs in float32.` : `${why5}; using "fp16" mixed precision (float16 autocast, loss scaled in \`accelerator.backward\`; the weights keep the dtype they were loaded in) on its fp16 tensor cores (${FP16_RISK}).`;
        context.report(fix ? { ...entryRange(entry), message: message2, fix } : { ...entryRange(entry), message: message2, hint: `Set \`mixed_precision\` to ${mode}.` });
      }
    },
    python: {
      run(context) {
        for (const node of context.source.occurrences("bf16")) {
          if (node.type !== "string_content" || !node.parent || stringValue(node.parent) !== "bf16") continue;
          if (mixedPrecisionCall(context, node.parent)) checkValue(context, node.parent);
        }
      }
    }
  }
});
function mixedPrecisionCall(context, string) {
  const holder = string.parent;
  const isKeyword = holder?.type === "keyword_argument" && holder.childForFieldName("value")?.startIndex === string.startIndex;
  if (isKeyword && holder.childForFieldName("name")?.text !== "mixed_precision") return null;
  const list = isKeyword ? holder.parent : holder;
  const call = list?.type === "argument_list" ? list.parent : null;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const name = fn ? context.source.imports.qualifiedName(fn) : null;
  if (!call || !name?.startsWith("accelerate.")) return null;
  const position2 = MIXED_PRECISION_CALLS.get(name.split(".").pop());
  if (position2 === void 0) return null;
  if (!isKeyword) {
    const index = argumentsOf(call).findIndex((arg) => arg.startIndex === string.startIndex);
    if (position2 === null || index !== position2) return null;
  }
  return call;
}
function checkValue(context, string) {
  const { source, target } = context;
  const content = plainStringContent(string);
  if (!content || source.guards.guardOf(string)) return;
  const range = { start: string.startIndex, end: string.endIndex };
  const why5 = `accelerate's bf16 mode stops with "bf16 mixed precision requires PyTorch >= 1.10 and a supported device." or, in newer versions, trains with emulated bf16: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context.precision, source.text);
  if (choice.mode === "fp32") {
    context.report({ ...range, message: `${why5}. ${choice.float32Because} mixed precision is turned off ("no") and training runs in float32.`, fix: [{ start: content.startIndex, end: content.endIndex, text: "no" }] });
    return;
  }
  if (callsPlainBackward(source)) {
    context.report({
      ...range,
      message: `${why5}.`,
      hint: 'Use `mixed_precision="fp16"` on this GPU after replacing `loss.backward()` with `accelerator.backward(loss)` (fp16 needs the loss scaled there), or `"no"` for float32. Not rewritten: this file calls `.backward()` itself.'
    });
    return;
  }
  context.report({
    ...range,
    message: `${why5}; using "fp16" mixed precision (float16 autocast, loss scaled in \`accelerator.backward\`; the weights keep the dtype they were loaded in) on its fp16 tensor cores (${FP16_RISK}).`,
    fix: [{ start: content.startIndex, end: content.endIndex, text: "fp16" }]
  });
}
function checkShellMode(context, use, to) {
  const { document, target } = context;
  if (!use.value || use.value.dynamic || use.value.value !== "bf16") return;
  const written2 = useText(document, use);
  const via = to === "launch" ? "makes `accelerate launch`" : "is handed to `Accelerator(mixed_precision=...)` by training scripts built on accelerate, which makes accelerate";
  const why5 = `\`${written2}\` ${via} stop with "bf16 mixed precision requires PyTorch >= 1.10 and a supported device." or, in newer versions, train with emulated bf16: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context.precision, document.text);
  const fp32 = choice.mode === "fp32";
  const message2 = fp32 ? `${why5}. ${choice.float32Because} mixed precision is turned off ("no") and training runs in float32.` : `${why5}; using "fp16" mixed precision (float16 autocast, loss scaled in \`accelerator.backward\`; the weights keep the dtype they were loaded in) on its fp16 tensor cores (${FP16_RISK}).`;
  context.report({ ...useRange(use), message: message2, fix: [valueEdit(use.value, fp32 ? "no" : "fp16")] });
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
      run(context) {
        const { imports } = context.source;
        for (const node of context.source.occurrences("bfloat16")) {
          if (node.type !== "identifier") continue;
          const parent = node.parent;
          if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.startIndex === node.startIndex) {
            if (imports.qualifiedName(parent) === "torch.bfloat16") checkDtype(context, parent);
          } else if (closestAncestor(node, "import_from_statement")) {
            const aliased = node.parent?.parent?.type === "aliased_import" ? node.parent.parent : null;
            const local = aliased?.childForFieldName("alias")?.text;
            if (local) {
              for (const use of context.source.occurrences(local)) if (isTorchBf16Name(context, use)) checkDtype(context, use);
            }
          } else if (isTorchBf16Name(context, node)) {
            checkDtype(context, node);
          }
        }
      }
    }
  }
});
function isTorchBf16Name(context, node) {
  return node.type === "identifier" && node.parent?.type !== "attribute" && context.source.imports.qualifiedName(node) === "torch.bfloat16" && !closestAncestor(node, "import_from_statement");
}
function autocastOf(context, expression) {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const holder = node.parent;
  const isKeyword = holder?.type === "keyword_argument" && holder.childForFieldName("value")?.startIndex === node.startIndex;
  if (isKeyword ? holder.childForFieldName("name")?.text !== "dtype" : holder?.type !== "argument_list") return null;
  const argument = isKeyword ? holder : node;
  const call = argument.parent?.parent;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const signature = fn ? AUTOCAST_CALLS.get(context.source.imports.qualifiedName(fn) ?? "") : void 0;
  if (!call || !signature) return null;
  if (!isKeyword && positional(call).findIndex((arg) => arg.startIndex === node.startIndex) !== signature.dtype) return null;
  return { call, argument, signature };
}
function checkDtype(context, expression) {
  const { source, target } = context;
  const found = autocastOf(context, expression);
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
  const choice = mixedPrecisionFor(target, context.precision, source.text);
  if (choice.mode === "fp32") {
    const fp16Too = choice.float32Because;
    if (enabled || hasSplat(call)) {
      context.report({ ...range, message: `${why5}.`, hint: "Turn autocast off on this GPU: make `enabled` False here and drop the bf16 `dtype` (this call already sets `enabled`, or may through `**kwargs`, so it is not rewritten)." });
      return;
    }
    context.report({ ...range, message: `${why5}. ${fp16Too} autocast is turned off (\`enabled=False\`) and this code runs in float32.`, fix: [{ ...range, text: "enabled=False" }] });
    return;
  }
  const dtypeEdit = float16Edit(context, expression);
  const scaling = trainingContext(call, source);
  const scalerHint = `Use \`torch.float16\` here with a GradScaler around the training step (\`scaler.scale(loss).backward()\`, \`scaler.step(optimizer)\`, \`scaler.update()\`), or \`enabled=False\` to train in float32`;
  if (!dtypeEdit) {
    context.report({ ...range, message: `${why5}.`, hint: `${scalerHint} (this file does not import \`torch\` itself, so the dtype is not rewritten).` });
    return;
  }
  switch (scaling.kind) {
    case "inference":
      context.report({ ...range, message: `${why5}; using float16 autocast on its fp16 tensor cores (no gradients are computed here, so no GradScaler is needed).`, fix: [dtypeEdit] });
      return;
    case "scaled":
      context.report({ ...range, message: `${why5}; using float16 autocast on its fp16 tensor cores, with the GradScaler this code already has (check that it is enabled).`, fix: [dtypeEdit] });
      return;
    case "unclear":
      context.report({ ...range, message: `${why5}; float16 autocast needs a GradScaler when training, and ${scaling.why}.`, hint: `${scalerHint}.` });
      return;
    case "simple": {
      const { step } = scaling;
      context.report({
        ...range,
        message: `${why5}; using float16 autocast on its fp16 tensor cores, with a GradScaler (\`${step.scalerName}\`) that scales \`${step.loss.text}\` and steps \`${step.optimizer}\`, so small fp16 gradients do not underflow.`,
        fix: [dtypeEdit, ...scalerEdits(context, call, step)]
      });
    }
  }
}
function float16Edit(context, expression) {
  if (expression.type === "attribute") {
    const name = expression.childForFieldName("attribute");
    return { start: name.startIndex, end: name.endIndex, text: "float16" };
  }
  const torch = torchLocalName(context.source.imports);
  return torch ? { start: expression.startIndex, end: expression.endIndex, text: `${torch}.float16` } : null;
}
function scalerEdits(context, call, step) {
  const { text, imports } = context.source;
  const torch = torchLocalName(imports) ?? "torch";
  const name = step.scalerName;
  const quote2 = quoteOf(call);
  const constructor = imports.qualifiedName(call.childForFieldName("function"))?.startsWith("torch.cuda.amp.") ? `${torch}.cuda.amp.GradScaler()` : `${torch}.amp.GradScaler(${quote2}cuda${quote2})`;
  const { eol } = lineEnd3(text, step.anchor.startIndex);
  const newline = eol || "\n";
  const anchorIndent = indentOf2(text, step.anchor);
  const stepIndent = indentOf2(text, step.stepStatement);
  const stepLineEnd = lineEnd3(text, step.stepStatement.endIndex).at;
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
  report(context) {
    const { semantic } = context.source;
    const uses = [...this.uses];
    this.uses.clear();
    for (const [name, { setting, first, count: count2 }] of uses) {
      const value2 = semantic.constantValue(setting);
      const where = count2 === 1 ? "here" : `in ${count2} places of this file`;
      const reason = noBf16Reason(context.target);
      if (value2 === void 0) {
        context.report({
          start: first.startIndex,
          end: first.endIndex,
          severity: "info",
          message: `This bfloat16 is chosen by \`${name}\` (${where}), a precision switch set where the run is launched or configured, but ${reason}.`,
          hint: `Leave this code as it is and turn \`${name.split(".").pop()}\` off where it is set on this GPU: gpu-compat rewrites \`--bf16\` in launch scripts and \`bf16: true\` in the configs it reads.`
        });
        continue;
      }
      const defaultNode = value2 === true || value2 === "bf16" || value2 === "bfloat16" ? definitionOf(context, setting) : void 0;
      if (!defaultNode) continue;
      context.report({
        start: defaultNode.startIndex,
        end: defaultNode.endIndex,
        message: `\`${name}\` defaults to ${JSON.stringify(value2)} here, which picks bfloat16 ${count2 === 1 ? "once" : `in ${count2} places`} in this file, but ${reason}.`,
        hint: `Turn the default off on this GPU (fp16 mixed precision or float32, whichever the script offers), or pass the switch off at launch. Not rewritten: the other branch is the script author's.`
      });
    }
  }
};
function definitionOf(context, setting) {
  const { semantic } = context.source;
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
  const component = document.get(["model", "_component_"])?.value;
  if (typeof component !== "string" || !component.startsWith("torchtune.")) return void 0;
  const builder = component.split(".").pop();
  const trains2 = builder.startsWith("qlora_") ? "qlora" : builder.startsWith("lora_") ? "lora" : "full";
  const fromBuilder = parametersFromModelId(builderAsModelId(builder));
  if (fromBuilder) return { component, trains: trains2, parameters: fromBuilder.parameters, sizedBy: `the builder's name, \`${builder}\`` };
  const dir = document.get(["checkpointer", "checkpoint_dir"])?.value;
  const base = typeof dir === "string" ? dir.replace(/\/+$/, "").split("/").pop() : void 0;
  const fromDir = base && !base.includes("$") ? parametersFromModelId(base) : void 0;
  return fromDir ? { component, trains: trains2, parameters: fromDir.parameters, sizedBy: `its checkpoint directory, \`${base}\`` } : { component, trains: trains2 };
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
function float32Fit(context, model, training, document) {
  if (model.parameters === void 0) return void 0;
  let bytes2 = 4;
  let what = training ? "its frozen float32 weights" : "its float32 weights";
  if (training && model.trains === "qlora") {
    bytes2 = 0.5;
    what = "its 4-bit base weights";
  } else if (training && model.trains === "full") {
    const optimizer = document.get(["optimizer", "_component_"])?.value;
    const eightBit = typeof optimizer === "string" && /8bit/i.test(optimizer);
    const inBackward = document.get(["optimizer_in_bwd"])?.value === true;
    bytes2 = 4 + (inBackward ? 0 : 4) + (eightBit ? 2 : 8);
    what = `float32 weights${inBackward ? "" : ", gradients"} and the optimizer's ${eightBit ? "8-bit " : ""}moments (${bytes2} bytes a parameter)`;
  }
  const needGiB = model.parameters * bytes2 / 2 ** 30;
  const available = availableGiB(context.target, false);
  const label = `${formatParameters(model.parameters)} parameters (from ${model.sizedBy})`;
  const fits = needGiB <= available;
  const why5 = `the model has ~${label}; ${what} take ~${formatGiBValue(needGiB)} GiB, ${fits ? "within" : "more than"} the ${formatGiBValue(available)} GiB of one ${context.target.gpu.name}`;
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
function hintOnlyContext(context, why5) {
  return Object.assign(Object.create(context), {
    report(finding) {
      const reason = finding.fix ? why5(finding) : void 0;
      if (!reason) return context.report(finding);
      const { fix: _dropped, rewrite, ...rest } = finding;
      const instead = rewrite ? ` If it reaches ordinary PyTorch code, use ${rewrite.instead} there by hand.` : "";
      context.report({ ...rest, message: rewrite?.message ?? finding.message, hint: `Not rewritten: ${reason}.${instead}${finding.hint ? ` ${finding.hint}` : ""}` });
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
      run(context) {
        for (const launch of pythonLaunches(context.document)) checkShellDtype(context, launch);
      }
    },
    config: {
      triggers: ["bfloat16", "bf16"],
      needsOneOf: kindMarkers("training-arguments", "llama-factory", "torchtune"),
      run(context) {
        if (context.document.kind === "torchtune") checkTorchtuneDtype(context);
        else checkConfigDtypes(context);
      }
    },
    python: {
      run(original) {
        if (OTHER_DEVICE_FILE_MODULES.some((module) => original.source.imports.importsModule(module))) return;
        let fileReason;
        const why5 = (finding) => (fileReason ??= kernelCodeReason(original.source) ?? exportUtilityReason(original.source) ?? null) ?? kernelFunctionReason(original.source, finding.start) ?? modelCodeCastReason(original.source, finding.start);
        const context = hintOnlyContext(original, why5);
        for (const node of context.source.occurrences("bfloat16")) {
          if (node.type === "identifier") checkIdentifier(context, node);
          else if (node.type === "string_content") checkDtypeString(context, node);
        }
        PrecisionSwitches.of(context.source).report(context);
      }
    }
  }
});
function checkIdentifier(context, name) {
  const { source } = context;
  const parent = name.parent;
  if (!parent) return;
  if (parent.type === "attribute" && parent.childForFieldName("attribute")?.startIndex === name.startIndex) {
    const call = parent.parent;
    const dtype = dtypeReplacement(context.precision);
    if (source.imports.qualifiedName(parent) === "torch.bfloat16") {
      reportDtypeExpression(context, parent, name, { text: dtype, label: dtype }, void 0, () => modelLoadChoice(context, parent));
    } else if (call?.type === "call" && call.childForFieldName("function")?.startIndex === parent.startIndex && hasNoArguments(call)) {
      const method = dtype === "float16" ? "half" : "float";
      reportDtypeExpression(context, call, name, { text: method, label: `\`.${method}()\`` }, "`.bfloat16()` casts to bfloat16");
    }
    return;
  }
  if (isImportedName(name)) {
    checkFromImport(context, name);
    return;
  }
  if (isValueIdentifier(name) && !source.imports.bindings.has("bfloat16") && source.imports.wildcardModules.includes("torch")) {
    const dtype = dtypeReplacement(context.precision);
    reportDtypeExpression(context, name, name, { text: dtype, label: dtype });
  }
}
function reportDtypeExpression(context, expression, replace, fallback, what = "this requests bfloat16", loadChoice) {
  const { imports } = context.source;
  if (leftToGuard(context, expression) || isOwnedByAnotherRule(expression, imports) || isNamedPolicy(expression, imports)) return;
  if (vllmEngineReached(context.source, expression)) return;
  const use = dtypeUse(expression);
  if (use === "test" || defaultEveryCallerOverrides(context, expression)) return;
  const load = loadChoice?.();
  const reason = noBf16Reason(context.target);
  const range = { start: expression.startIndex, end: expression.endIndex };
  if (use === "request" && load) {
    context.report(loadFinding(range, `${capitalize2(what)}, but ${reason}`, load, [{ start: replace.startIndex, end: replace.endIndex, text: load.dtype }]));
  } else if (use === "request") {
    context.report({ ...range, ...rewriteMessage(`${capitalize2(what)}, but ${reason}`, fallback.label), fix: [{ start: replace.startIndex, end: replace.endIndex, text: fallback.text }] });
  } else {
    context.report({
      ...range,
      message: `${capitalize2(what)}, but ${reason}.`,
      hint: "If this dtype reaches a model or tensor, use float32 (or float16 with a GradScaler) on this GPU."
    });
  }
}
function checkDtypeString(context, content) {
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
  if (keyword === "dtype" && !speaksTorch(context.source.imports)) return;
  if (leftToGuard(context, string) || isOwnedByAnotherRule(string, context.source.imports)) return;
  if (vllmEngineReached(context.source, string)) return;
  const load = modelLoadChoice(context, string) ?? { dtype: dtypeReplacement(context.precision), note: "" };
  const asks = `\`${keyword}="bfloat16"\` asks for bfloat16 weights, but ${noBf16Reason(context.target)}`;
  context.report(loadFinding({ start: string.startIndex, end: string.endIndex }, asks, load, [{ start: content.startIndex, end: content.endIndex, text: load.dtype }]));
}
function loadFinding(range, asks, load, fix, fallbackHint) {
  const note = load.note ? ` ${load.note}` : "";
  if (load.hintOnly) return { ...range, message: `${asks}.${note}`, hint: load.hint };
  const hint2 = load.hint ?? (fix ? void 0 : fallbackHint);
  return { ...range, ...rewriteMessage(asks, load.dtype, note), ...hint2 ? { hint: hint2 } : {}, ...fix ? { fix } : {} };
}
function modelLoadChoice(context, value2) {
  const holder = value2.parent;
  const fed = loadsFedBy(context, value2);
  if (fed) return fed;
  const kwargsChoice = (id) => dtypeForModel(context, id, false, fullFineTuneWithTrainer(context.source));
  if (holder?.type === "keyword_argument") {
    const keyword = holder.childForFieldName("name")?.text ?? "";
    if (!DTYPE_KEYWORDS.has(keyword)) return void 0;
    const call = callOfArgument(holder);
    if (call && isModelLoadCall(call)) return loadDtypeFor(context, call);
    if (keyword !== "torch_dtype" || !call) return void 0;
    const named = MODEL_ID_KEYS.map((key) => keywordArgument(call, key)).find(Boolean);
    return kwargsChoice(named ? context.source.semantic.stringConstant(keywordValue(named)) : splatLoadId(context, call));
  }
  if (holder?.type === "pair" && stringValue(holder.childForFieldName("key")) === "torch_dtype" && holder.parent) {
    const dictionary = holder.parent;
    const sibling = namedChildrenOf(dictionary).find((pair) => pair.type === "pair" && MODEL_ID_KEYS.includes(stringValue(pair.childForFieldName("key")) ?? ""));
    const modelValue = sibling?.childForFieldName("value");
    return kwargsChoice(modelValue ? context.source.semantic.stringConstant(modelValue) : splatLoadId(context, dictionary));
  }
  if (holder?.type === "pair" && stringValue(holder.childForFieldName("key")) === "dtype" && holder.parent) {
    if (splatLoads(context, holder.parent).length > 0) return kwargsChoice(splatLoadId(context, holder.parent));
    return {
      dtype: "float32",
      note: "",
      hintOnly: true,
      hint: 'The file does not show what reads this `dtype`: set it for this GPU where it is used ("half" for vLLM, float16 or float32 for a model load, by its size).'
    };
  }
  return void 0;
}
function splatLoadId(context, kwargs) {
  const ids = new Set(splatLoads(context, kwargs).map((call) => modelIdOf(context, call)));
  return ids.size === 1 ? [...ids][0] : void 0;
}
function splatLoads(context, kwargs) {
  return splatCallsOf(context.source, kwargs).filter(isModelLoadCall);
}
function loadsFedBy(context, value2) {
  let node = value2;
  while (node.parent?.type === "parenthesized_expression" || node.parent?.type === "conditional_expression") node = node.parent;
  const assignment = node.parent;
  if (assignment?.type !== "assignment" || assignment.childForFieldName("right")?.startIndex !== node.startIndex) return void 0;
  const target = assignment.childForFieldName("left");
  if (target?.type !== "identifier") return void 0;
  for (const mention of context.source.occurrences(target.text)) {
    if (mention.type !== "identifier" || mention.startIndex === target.startIndex || !isValueIdentifier(mention)) continue;
    if (!loadDtypeArgument(mention)) return void 0;
  }
  const binding = context.source.semantic.bindingOf(target);
  const references = binding ? context.source.semantic.referencesOf(binding) : [];
  if (references.length === 0) return void 0;
  const choices = [];
  for (const reference of references) {
    const call = loadDtypeArgument(reference);
    if (!call) return void 0;
    choices.push(loadDtypeFor(context, call));
  }
  const uncertain = choices.find((choice) => choice.hintOnly);
  if (uncertain) return uncertain;
  return choices.every((choice) => choice.dtype === choices[0].dtype) ? choices[0] : { ...choices[0], hintOnly: true, hint: "The loads this dtype feeds need different dtypes on this GPU; set each load's dtype by hand." };
}
function loadDtypeArgument(name) {
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("value")?.startIndex !== name.startIndex) return null;
  if (!DTYPE_KEYWORDS.has(argument.childForFieldName("name")?.text ?? "")) return null;
  const call = callOfArgument(argument);
  return call && isModelLoadCall(call) ? call : null;
}
function checkFromImport(context, name) {
  const { source } = context;
  const module = closestAncestor(name, "import_from_statement")?.childForFieldName("module_name");
  if (!module || module.text.replace(/\s/g, "") !== "torch") return;
  const aliased = name.parent?.parent?.type === "aliased_import" ? name.parent.parent : null;
  const local = aliased?.childForFieldName("alias")?.text ?? "bfloat16";
  const uses = [...source.occurrences(local)].filter((node) => node.type === "identifier" && isValueIdentifier(node) && !isImportedName(node));
  const unguarded = uses.filter((use) => !leftToGuard(context, use));
  const kinds = unguarded.map((use) => isOwnedByAnotherRule(use, source.imports) ? "owned" : dtypeUse(use));
  if (unguarded.length === 0) return;
  const reason = noBf16Reason(context.target);
  const dtype = dtypeReplacement(context.precision);
  if (unguarded.length === uses.length && kinds.every((kind) => kind === "request")) {
    const edits = [{ start: name.startIndex, end: name.endIndex, text: dtype }];
    if (!aliased) for (const use of uses) edits.push({ start: use.startIndex, end: use.endIndex, text: dtype });
    context.report({
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
    const what = `\`${local}\` is torch.bfloat16, but ${reason}`;
    if (kind === "request" && torch) {
      context.report({ ...range, ...rewriteMessage(what, `${torch}.${dtype}`), fix: [{ ...range, text: `${torch}.${dtype}` }] });
    } else {
      context.report({
        ...range,
        message: `${what}.`,
        hint: `Use torch.${dtype} here on this GPU (the import also serves guarded or comparison code, so it is not renamed).`
      });
    }
  });
}
function defaultEveryCallerOverrides(context, expression) {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const holder = node.parent;
  if (holder?.type !== "default_parameter" && holder?.type !== "typed_default_parameter") return false;
  const name = holder.childForFieldName("name");
  const parameter = name && context.source.semantic.bindingOf(name);
  return !!parameter && parameter.kind === "parameter" && parameterPassing(context, parameter).passing === "all";
}
function leftToGuard(context, node) {
  const guard = context.source.guards.guardOf(node);
  if (guard) PrecisionSwitches.of(context.source).note(guard, node);
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
function checkConfigDtypes(context) {
  const { document } = context;
  const keys = CONFIG_DTYPE_KEYS[document.kind];
  if (!keys) return;
  const model = document.get(["model_name_or_path"])?.value;
  for (const entry of document.entries()) {
    const key = entry.path[entry.path.length - 1];
    if (typeof key !== "string" || !keys.has(key) || entry.value !== "bfloat16") continue;
    const load = dtypeForModel(context, typeof model === "string" ? model : void 0, false, configTrainsFully(document));
    const asks = `\`${entryText(document, entry)}\` in this ${CONFIG_LABEL[document.kind]} asks for bfloat16 weights, but ${noBf16Reason(context.target)}`;
    const fix = load.hintOnly ? void 0 : allEdits([document.replaceValue(entry, load.dtype)]);
    context.report(loadFinding(entryRange(entry), asks, load, fix, `Set \`${key}\` to ${load.dtype}.`));
  }
}
function checkTorchtuneDtype(context) {
  const { document } = context;
  const entry = document.get(["dtype"]);
  if (!entry || entry.value !== "bf16") return;
  const training = torchtuneTrains(document);
  const model = torchtuneModel(document);
  const fit = model && float32Fit(context, model, training, document);
  const refused = `torchtune's \`training.get_dtype\` stops with "bf16 precision was requested but not available on this hardware. Please use fp32 precision instead."`;
  const asks = `\`${entryText(document, entry)}\` makes this torchtune recipe ${training ? "train" : "run"} the model in bfloat16, but ${noBf16Reason(context.target)}, and ${refused}`;
  const fp16 = training ? ' Its training recipes support only fp32 and bf16 (fp16 raises "fp16 precision is not supported in this recipe").' : "";
  const edit = fit?.fits && context.precision !== "fp16" ? document.replaceValue(entry, "fp32") : void 0;
  if (edit) {
    context.report({ ...entryRange(entry), message: `${asks}.${fp16} Using fp32: ${fit.why}.`, fix: [edit] });
    return;
  }
  const hint2 = !fit ? `Set \`dtype: fp32\` if the model fits one ${context.target.gpu.name} in float32 (its size is not known here: fp32 takes twice the memory of bf16)${training ? ", or train a QLoRA config (`qlora_*` builder) of the model" : ", or `dtype: fp16`"}.` : `Not rewritten: ${fit.why}. ${training ? `Train a QLoRA config (a \`qlora_*\` builder) or a smaller model with \`dtype: fp32\`, or use a GPU with bf16 (compute capability ${requiredCapability("bf16")} or newer).` : "Use `dtype: fp16` (half the memory, may overflow for some models) or a smaller model."}`;
  context.report({ ...entryRange(entry), message: `${asks}.${fp16}`, hint: hint2 });
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
function checkShellDtype(context, launch) {
  const use = lastUse(launch.args, "torch_dtype");
  if (use?.value && !use.value.dynamic && use.value.value === "bfloat16") {
    const model = lastUse(launch.args, "model_name_or_path")?.value;
    const load = dtypeForModel(context, model && !model.dynamic ? model.value : void 0, false, launchTrainsFully(launch));
    const asks = `\`${useText(context.document, use)}\` asks the script for bfloat16 weights, but ${noBf16Reason(context.target)}`;
    context.report(loadFinding(useRange(use), asks, load, [valueEdit(use.value, load.dtype)]));
  }
  checkPriorPrecision(context, launch);
}
var PRIOR_PRECISION = { float32: "fp32", float16: "fp16" };
function checkPriorPrecision(context, launch) {
  const use = lastUse(launch.args, "prior_generation_precision");
  if (!use?.value || use.value.dynamic || use.value.value !== "bf16") return;
  const model = lastUse(launch.args, "pretrained_model_name_or_path")?.value;
  const load = dtypeForModel(context, model && !model.dynamic ? model.value : void 0, false);
  const value2 = PRIOR_PRECISION[load.dtype];
  if (load.hintOnly) {
    const message2 = `\`${useText(context.document, use)}\` loads the pipeline that generates the class images in bfloat16, but ${noBf16Reason(context.target)}.`;
    context.report({ ...useRange(use), message: message2, hint: load.hint.replace(/float32/g, "fp32").replace(/float16/g, "fp16") });
    return;
  }
  const asks = `\`${useText(context.document, use)}\` loads the pipeline that generates the class images in bfloat16, but ${noBf16Reason(context.target)}`;
  context.report({ ...useRange(use), ...rewriteMessage(asks, value2, load.note ? ` ${load.note}` : ""), ...load.hint ? { hint: load.hint.replace("use float16", "use fp16") } : {}, fix: [valueEdit(use.value, value2)] });
}

// packages/rules/src/precision/bf16-emulation-check.ts
var PTXAS_BF16_ERROR = `"Feature '.bf16' requires .target sm_80"`;
var EMULATED = "On {{gpu}} this check can return True: PyTorch 2.3+ counts emulated bf16 as supported (`including_emulation` defaults to True)";
var MESSAGES2 = messageTemplates({
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
  messages: MESSAGES2.templates,
  checks: {
    python: {
      run(context) {
        for (const node of context.source.occurrences("is_bf16_supported")) {
          if (node.type === "identifier") checkCall4(context, node);
        }
      }
    }
  }
});
var PRECISION_NAME = /bf16|bfloat16|fp16|float16|half|dtype|precision|amp/i;
var BF16_TEXT = /bf16|bfloat16/i;
function checkCall4(context, name) {
  const found = callNamedAt(name);
  if (!found || context.source.imports.qualifiedName(found.callee) !== "torch.cuda.is_bf16_supported") return;
  const { call } = found;
  if (keywordArgument(call, "including_emulation")) return;
  const range = { start: call.startIndex, end: call.endIndex };
  const gpu2 = gpuLabel(context.target);
  const pin = context.project.requirementPin?.("torch");
  if (pin !== void 0 && pinnedBelow(pin, [2, 3])) return;
  if (!selectsBf16(call)) {
    context.report({ ...range, ...MESSAGES2.render("guardsCode", { gpu: gpu2 }), hint: `Pass \`including_emulation=False\` to ask for native bf16 (compute capability ${requiredCapability("bf16")} or newer).` });
    return;
  }
  context.report({
    ...range,
    severity: "warning",
    ...MESSAGES2.render("choosesBf16", { gpu: gpu2, ptxasError: PTXAS_BF16_ERROR }),
    fix: emulationOffEdits(context.source.text, call)
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
      run(context) {
        const { imports, guards } = context.source;
        for (const keyword of [COMPUTE, STORAGE]) {
          for (const { call, value: value2 } of keywordArgumentsNamed(context.source, keyword)) {
            if (callKey(call, imports)?.split(".").pop() !== "BitsAndBytesConfig") continue;
            for (const leaf of bf16Leaves(value2, imports)) {
              if (guards.guardOf(leaf.node)) continue;
              if (!meets(context.target, "bitsandbytes")) reportUnsupported(context, leaf.node);
              else if (keyword === COMPUTE) reportComputeDtype(context, leaf);
              else reportStorageDtype(context, leaf.node);
            }
          }
        }
      }
    }
  }
});
function reportComputeDtype(context, leaf) {
  const { target, source } = context;
  const choice = mixedPrecisionFor(target, context.precision, source.text);
  const { mode } = choice;
  const dtype = mode === "fp16" ? "float16" : "float32";
  const why5 = `\`${COMPUTE}=bfloat16\` makes every 4-bit layer dequantize and multiply in bf16, but ${noBf16Reason(target)}`;
  let because = `using ${dtype}, as --precision ${mode} asks`;
  if (context.precision === "auto") {
    because = choice.family ? `using float32: ${choice.family.name} models overflow float16 (inf/NaN; ${choice.family.source})` : target.gpu.features.fp16TensorCores ? "using float16, the compute dtype bitsandbytes' 4-bit kernels run on its fp16 tensor cores" : "using float32, the project's compute dtype on GPUs without fp16 tensor cores";
  }
  const edit = leaf.kind === "string" ? stringContentEdit(leaf.node, dtype) : torchDtypeEdit(leaf.node, dtype, source.imports);
  const range = { start: leaf.node.startIndex, end: leaf.node.endIndex };
  if (edit) context.report({ ...range, message: `${why5}; ${because}.`, fix: [edit] });
  else context.report({ ...range, message: `${why5}.`, hint: `Pass \`torch.${dtype}\` here (no name in this file is bound to torch, so it is not rewritten).` });
}
function reportStorageDtype(context, leaf) {
  context.report({
    start: leaf.startIndex,
    end: leaf.endIndex,
    severity: "info",
    message: `\`${STORAGE}=bfloat16\` only sets the container dtype of the packed 4-bit weights; no math runs in it, so it works on ${gpuLabel(context.target)}.`,
    hint: "Keep it equal to the dtype the model's other weights load in (`torch_dtype`): FSDP shards only layers of one dtype. If `torch_dtype` changes from bfloat16 for this GPU, set this to the same dtype."
  });
}
function reportUnsupported(context, leaf) {
  context.report({
    start: leaf.startIndex,
    end: leaf.endIndex,
    severity: "error",
    message: `bitsandbytes' 4-bit quantization needs compute capability ${requiredCapability("bitsandbytes")} or newer, so ${gpuLabel(context.target)} cannot run this config with any dtype.`,
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
      run(context) {
        const { source } = context;
        for (const node of source.occurrences(KEY)) {
          const value2 = int8Value(node);
          if (!value2 || !isTrue(value2) || source.guards.guardOf(value2)) continue;
          const call = node.parent?.type === "keyword_argument" ? callOfArgument(node.parent) : null;
          const inConfig = !!call && (source.imports.qualifiedName(call.childForFieldName("function"))?.endsWith("BitsAndBytesConfig") ?? false);
          report7(context, { start: node.startIndex, end: value2.endIndex }, `\`${KEY}=True\``, fourBitPython(context, inConfig));
        }
      }
    },
    config: {
      triggers: [KEY, "quantization_bit"],
      run(context) {
        const { document } = context;
        if (document.kind === "axolotl" || document.kind === "training-arguments") {
          const entry = document.get([KEY]);
          if (entry?.value !== true) return;
          const suggestion2 = document.kind === "axolotl" ? "`load_in_4bit: true` with `adapter: qlora` (Axolotl's QLoRA, NF4 weights)" : "`load_in_4bit: true` (TRL's `bnb_4bit_quant_type` defaults to `nf4`)";
          report7(context, entryRange(entry), `\`${entryText(document, entry)}\``, `Quantize to 4 bits instead, which bitsandbytes runs from compute capability ${BNB_MIN_CC}: ${suggestion2}.`);
        } else if (document.kind === "llama-factory") {
          const entry = document.get(["quantization_bit"]);
          const method = document.get(["quantization_method"])?.value;
          if (entry?.value !== 8 || method !== void 0 && method !== "bitsandbytes" && method !== "bnb") return;
          report7(context, entryRange(entry), `\`${entryText(document, entry)}\``, `Use \`quantization_bit: 4\` instead (NF4 by LLaMA-Factory's default \`quantization_type: nf4\`), which bitsandbytes runs from compute capability ${BNB_MIN_CC}.`);
        }
      }
    },
    shell: {
      run(context) {
        for (const launch of pythonLaunches(context.document)) {
          const use = lastUse(launch.args, KEY);
          if (!use || flagBoolean(use) !== true) continue;
          report7(context, useRange(use), `\`${useText(context.document, use)}\``, `Pass \`--load_in_4bit\` instead where the script has it (TRL's scripts and most QLoRA scripts do): 4-bit NF4, which bitsandbytes runs from compute capability ${BNB_MIN_CC}.`);
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
function fourBitPython(context, inConfig) {
  const dtype = computeDtype(context.target, context.precision);
  const config = `BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.${dtype})`;
  const written2 = inConfig ? `\`${config}\`` : `\`quantization_config=${config}\``;
  return `Load in 4 bits instead, which bitsandbytes runs from compute capability ${BNB_MIN_CC}: ${written2} (half the weight memory of 8 bits).`;
}
function computeDtype(target, precision) {
  return mixedPrecisionMode(target, precision) === "fp16" ? "float16" : "float32";
}
function report7(context, range, what, fourBitHint) {
  const { target } = context;
  if (!meets(target, "bitsandbytes")) {
    context.report({
      ...range,
      severity: "error",
      message: `${what} needs bitsandbytes, which supports compute capability ${BNB_MIN_CC} and newer and ships no Kepler binaries since 0.39.1, so ${gpuLabel(target)} cannot load this model in 8 (or 4) bits.`,
      hint: "Load the model without bitsandbytes on this GPU: float16 weights when the model fits in 16 bits, else a smaller model."
    });
    return;
  }
  context.report({
    ...range,
    message: `${what} runs bitsandbytes' LLM.int8() matrix multiplication, which needs compute capability ${requiredCapability("bitsandbytesInt8Matmul")} (Turing) or newer; on ${gpuLabel(target)} bitsandbytes stops with "Your GPU does not support Int8 Matmul!" or, in other releases, falls back to a slow 8-bit matmul.`,
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
      run(context) {
        const { document } = context;
        if (document.kind !== "deepspeed") return;
        const block = document.key(["bf16"]) ? "bf16" : "bfloat16";
        const enabled = document.get([block, "enabled"]);
        if (enabled?.value === true) checkBlock(context, block, enabled);
      }
    }
  }
});
function checkBlock(context, block, enabled) {
  const { document, target } = context;
  const blockKey = document.key([block]);
  const range = { start: blockKey.keyStart, end: entryRange(enabled).end };
  const why5 = `DeepSpeed's bf16 mode (\`${block}.enabled\` is true): ${noBf16Reason(target)}`;
  const report8 = (message2, edits, hint2) => {
    const fix = allEdits(edits);
    context.report(fix ? { ...range, message: message2, fix } : { ...range, message: `${why5}.`, hint: hint2 });
  };
  const choice = mixedPrecisionFor(target, context.precision, document.text);
  if (choice.mode === "fp32") {
    const fp16Too = target.gpu.features.fp16TensorCores || context.precision !== "auto" ? choice.float32Because : `DeepSpeed refuses fp16 below compute capability ${requiredCapability("fp16TensorCores")} too, so`;
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
      context.report({
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
    context.report({ ...range, message: `${why5}.`, hint: `Set \`${block}.enabled\` to false and \`fp16.enabled\` to true.` });
  }
}

// packages/rules/src/precision/fp8.ts
var FP8_DTYPES = ["float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e8m0fnu"];
var TE_CONTEXTS = ["fp8_autocast", "fp8_model_init", "autocast", "quantized_model_init"];
var FP8_CALLS = {
  "torch._scaled_mm": "`torch._scaled_mm` multiplies in FP8",
  "torchao.float8.convert_to_float8_training": "`convert_to_float8_training` swaps the linear layers for FP8 ones"
};
function mixedPrecisionFor2(context) {
  if (context.target.gpu.features.bf16 && context.precision === "auto") return "bf16";
  return mixedPrecisionMode(context.target, context.precision) === "fp16" ? "fp16" : "no";
}
function redesign(context) {
  const mode = mixedPrecisionFor2(context);
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
      run(context) {
        const { source } = context;
        for (const dtype of FP8_DTYPES) {
          for (const node of source.occurrences(dtype)) {
            const reference = referenceAt(node);
            if (reference && source.imports.qualifiedName(reference) === `torch.${dtype}`) checkDtype2(context, reference);
          }
        }
        for (const name of [...TE_CONTEXTS, "_scaled_mm", "convert_to_float8_training"]) {
          for (const node of source.occurrences(name)) {
            const reference = referenceAt(node);
            const call = reference && calledAt(reference);
            if (call) checkCall5(context, call, source.imports.qualifiedName(reference) ?? "");
          }
        }
        for (const node of source.occurrences("mixed_precision")) checkMixedPrecision(context, node);
      }
    }
  }
});
function mayReportFp8(scan) {
  if (scan.inCode("float8") || scan.inCode("_scaled_mm")) return true;
  if (scan.inCode("transformer_engine") && (scan.inCode("autocast") || scan.inCode("_model_init"))) return true;
  return scan.inCode("mixed_precision") && scan.inCode("fp8");
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
function checkDtype2(context, reference) {
  const { source, target } = context;
  if (dtypeUse(reference) !== "request" || isStorageOnly(reference) || source.guards.guardOf(reference)) return;
  context.report({
    start: reference.startIndex,
    end: reference.endIndex,
    severity: "warning",
    message: `${needs89(target)}: float8 tensors can be stored and cast there, but \`torch._scaled_mm\` and the FP8 layers built on it raise ${SCALED_MM_ERROR_TAIL}.`,
    hint: redesign(context)
  });
}
function checkCall5(context, call, name) {
  const { source, target } = context;
  let what = FP8_CALLS[name];
  if (!what) {
    const parts = name.split(".");
    const last = parts.at(-1);
    if (parts[0] !== "transformer_engine" || !TE_CONTEXTS.includes(last)) return;
    const enabled = keywordArgument(call, "enabled");
    const value2 = enabled && keywordValue(enabled);
    if (value2 && (isFalse(value2) || source.guards.checkIn(value2))) return;
    what = `Transformer Engine's \`${last}\` runs its layers in FP8`;
  }
  if (source.guards.guardOf(call)) return;
  context.report({
    start: call.startIndex,
    end: call.endIndex,
    message: `${what}, and ${needs89(target)}: it raises ${TRANSFORMER_ENGINE_FP8_ERROR} (Transformer Engine) or ${SCALED_MM_ERROR} (PyTorch).`,
    hint: redesign(context)
  });
}
function checkMixedPrecision(context, name) {
  const { source, target } = context;
  const argument = name.parent;
  if (name.type !== "identifier" || argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return;
  if (stringValue(keywordValue(argument)) !== "fp8" || source.guards.guardOf(argument)) return;
  context.report({
    start: argument.startIndex,
    end: argument.endIndex,
    message: `\`mixed_precision="fp8"\` trains through Transformer Engine, torchao or MS-AMP FP8 layers, and ${needs89(target)}: Transformer Engine raises ${TRANSFORMER_ENGINE_FP8_ERROR}`,
    hint: `Use \`mixed_precision="${mixedPrecisionFor2(context)}"\` on this GPU; FP8 recipes (scaling, amax history) need redesign, not a switch.`
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
      run(context) {
        for (const node of context.source.occurrences("bf16")) {
          const string = node.type === "string_content" ? node.parent : null;
          const value2 = string ? stringValue(string) : null;
          if (string && value2 && (value2 in REPLACEMENTS || value2 === "bf16-true") && isLightningPrecision(context, string)) checkPrecision(context, string, value2);
        }
      }
    }
  }
});
function isLightningPrecision(context, string) {
  const { imports } = context.source;
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
function checkPrecision(context, string, value2) {
  const content = plainStringContent(string);
  if (!content || context.source.guards.guardOf(string)) return;
  const decision = decide(value2, context, context.source.text, callsPlainBackward(context.source));
  const { replacement, ...finding } = decision;
  const fix = replacement === void 0 ? {} : { fix: [{ start: content.startIndex, end: content.endIndex, text: replacement }] };
  context.report({ start: string.startIndex, end: string.endIndex, ...finding, ...fix });
}
function checkConfig3(context) {
  const { document } = context;
  const entries = document.kind === "litgpt" ? [document.get(["precision"])] : document.entries().filter((e) => e.path[e.path.length - 1] === "precision" && isLightningNode(context, e.path.slice(0, -1)));
  for (const entry of entries) {
    const value2 = typeof entry?.value === "string" ? entry.value : void 0;
    if (!entry || !value2 || !(value2 in REPLACEMENTS || value2 === "bf16-true")) continue;
    const { replacement, ...finding } = decide(value2, context, document.text, false);
    const edit = replacement === void 0 ? void 0 : document.replaceValue(entry, replacement);
    context.report({ ...entryRange(entry), ...finding, ...edit ? { fix: [edit] } : {} });
  }
}
var LIGHTNING_TARGET = /^(lightning\.pytorch|pytorch_lightning|lightning)(\.trainer(\.trainer)?)?\.Trainer$|^(lightning|lightning\.fabric|lightning_fabric)(\.fabric)?\.Fabric$/;
function isLightningNode(context, path) {
  const { document } = context;
  const keys = document.keysOf(path);
  const accelerator = document.get([...path, "accelerator"])?.value;
  if (accelerator === "cpu") return false;
  const target = document.get([...path, "_target_"])?.value;
  if (typeof target === "string") return LIGHTNING_TARGET.test(target);
  const trainerGroup = path.length === 0 && /(^|\/)trainer\/[^/]+$/.test(context.path ?? "");
  const trainerKey = path.length > 0 && path[path.length - 1] === "trainer";
  return (trainerKey || trainerGroup) && keys.some((key) => LIGHTNING_TRAINER_KEYS.includes(key));
}
function checkLitgptCommands(context) {
  const { document } = context;
  for (const command2 of document.commands()) {
    if (programName(command2.name) !== "litgpt" || document.guardOf(command2.node)) continue;
    const use = lastUse(command2.args.slice(1), "precision");
    const value2 = use?.value && !use.value.dynamic ? use.value.value : void 0;
    if (!use?.value || !value2 || !(value2 in REPLACEMENTS || value2 === "bf16-true")) continue;
    const { replacement, ...finding } = decide(value2, context, document.text, false);
    const message2 = `\`${useText(document, use)}\`: ${finding.message}`;
    context.report({ ...useRange(use), ...finding, message: message2, ...replacement === void 0 ? {} : { fix: [valueEdit(use.value, replacement)] } });
  }
}
function decide(value2, context, text, plainBackward) {
  const { target } = context;
  const how = value2 === "bf16-true" ? "keeps the weights and every computation in bfloat16" : 'runs torch autocast in bfloat16, which stops with "Current CUDA Device does not support bfloat16. Please switch dtype to float16." or, in newer PyTorch, runs emulated';
  const why5 = `Lightning's \`${value2}\` precision ${how}: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context.precision, text);
  const replacement = REPLACEMENTS[value2];
  if (!replacement) {
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
      run(context) {
        for (const name of ["bf16", "use_flash_attn"]) {
          for (const { argument, call, value: value2 } of keywordArgumentsNamed(context.source, name)) {
            if (!isTrue(value2) || !isRemoteCodeLoad(call) || context.source.guards.guardOf(argument)) continue;
            if (name === "bf16") reportBf16(context, call, argument);
            else reportFlashAttn(context, value2);
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
function reportBf16(context, call, argument) {
  const name = argument.childForFieldName("name");
  const range = { start: argument.startIndex, end: argument.endIndex };
  const asks = `\`bf16=True\` makes this remote-code model load its weights in bfloat16, but ${noBf16Reason(context.target)}`;
  const load = loadDtypeFor(context, call);
  const flag2 = DTYPE_FLAGS[load.dtype];
  const note = load.note ? ` ${load.note}` : "";
  if (load.hintOnly) {
    context.report({ ...range, message: `${asks}.${note}`, hint: `${load.hint} The model's config takes \`fp16=True\` or \`fp32=True\` instead.` });
  } else if (keywordArgument(call, "fp16") || keywordArgument(call, "fp32")) {
    context.report({ ...range, message: `${asks}.${note}`, hint: `Set \`${flag2}=True\` and drop \`bf16=True\` (the call already passes another precision flag, which is left to you).` });
  } else {
    context.report({ ...range, ...rewriteMessage(asks, `${flag2}=True (${load.dtype})`, note), fix: [{ start: name.startIndex, end: name.endIndex, text: flag2 }] });
  }
}
function reportFlashAttn(context, value2) {
  context.report({
    start: value2.startIndex,
    end: value2.endIndex,
    message: `\`use_flash_attn=True\` makes this remote-code model call the flash-attn package, whose FlashAttention-2 kernels need compute capability ${requiredCapability("flashAttention2")} ("FlashAttention only supports Ampere GPUs or newer."), which ${gpuLabel(context.target)} lacks; using False, the model's own attention.`,
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
      run(context) {
        const { document, target } = context;
        const entry = TRAINER_CONFIGS.has(document.kind) ? document.get(["tf32"]) : void 0;
        if (entry?.value !== true) return;
        const fix = allEdits([document.replaceValue(entry, false)]);
        const message2 = `\`${entryText(document, entry)}\` ${asTrainingArgument(document, "tf32=True")}, which raises a ValueError on ${gpuLabel(target)}: TF32 needs an Ampere or newer GPU (compute capability ${requiredCapability("tf32")}); set to false.`;
        context.report(fix ? { ...entryRange(entry), message: message2, fix } : { ...entryRange(entry), message: message2, hint: "Set `tf32` to false." });
      }
    },
    shell: {
      run(context) {
        const { document, target } = context;
        for (const launch of pythonLaunches(document)) {
          const use = lastUse(launch.args, "tf32");
          if (!use?.value || flagBoolean(use) !== true) continue;
          const message2 = `\`${useText(document, use)}\` is \`TrainingArguments(tf32=True)\` to a Hugging Face script (HfArgumentParser), which raises a ValueError on ${gpuLabel(target)}: TF32 needs an Ampere or newer GPU (compute capability ${requiredCapability("tf32")}); ${turnedOff(use)}.`;
          context.report({ ...useRange(use), message: message2, fix: [valueEdit(use.value, falseLike(use.value.value))] });
        }
      }
    },
    python: {
      run(context) {
        for (const node of context.source.occurrences("tf32")) {
          if (node.type === "identifier") {
            const found = trainingArgumentsKeyword(node, context.source.imports);
            if (found) checkTrainerTf32(context, found.argument);
          }
        }
        for (const node of context.source.occurrences("allow_tf32")) {
          if (node.type === "identifier") checkAllowTf32(context, node);
        }
        for (const node of context.source.occurrences("set_float32_matmul_precision")) {
          if (node.type === "identifier") checkMatmulPrecision(context, node);
        }
      }
    }
  }
});
function checkTrainerTf32(context, argument) {
  const { source, target } = context;
  if (!isTrue(keywordValue(argument)) || source.guards.guardOf(argument)) return;
  context.report({
    start: argument.startIndex,
    end: argument.endIndex,
    message: `\`tf32=True\` makes transformers raise a ValueError on ${gpuLabel(target)}: TF32 needs an Ampere or newer GPU (compute capability ${requiredCapability("tf32")}); removed.`,
    fix: [removeArgumentEdit(source.text, argument)]
  });
}
function checkAllowTf32(context, name) {
  const { source, target } = context;
  const attribute = name.parent;
  if (attribute?.type !== "attribute" || attribute.childForFieldName("attribute")?.startIndex !== name.startIndex) return;
  if (!source.imports.qualifiedName(attribute)?.startsWith("torch.backends.")) return;
  const assignment = attribute.parent;
  if (assignment?.type !== "assignment" || assignment.childForFieldName("left")?.startIndex !== attribute.startIndex) return;
  if (!isTrue(assignment.childForFieldName("right")) || source.guards.guardOf(assignment)) return;
  const statement = closestAncestor(assignment, "expression_statement") ?? assignment;
  context.report({
    start: statement.startIndex,
    end: statement.endIndex,
    severity: "info",
    message: `TF32 matmuls need compute capability ${requiredCapability("tf32")}; on ${gpuLabel(target)} this setting has no effect, so float32 matmuls run at full float32 cost.`,
    hint: "Nothing breaks; expect float32 speed. Keep it for Ampere runs, or remove it to make that explicit."
  });
}
function checkMatmulPrecision(context, name) {
  const { source, target } = context;
  const found = callNamedAt(name);
  if (!found || source.imports.qualifiedName(found.callee) !== "torch.set_float32_matmul_precision") return;
  const { call } = found;
  const keyword = keywordArgument(call, "precision");
  const first = argumentsOf(call)[0];
  const precision = stringValue(keyword ? keywordValue(keyword) : first && first.type !== "keyword_argument" ? first : null);
  if (precision !== "high" && precision !== "medium" || source.guards.guardOf(call)) return;
  const statement = closestAncestor(call, "expression_statement") ?? call;
  context.report({
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
      run(context) {
        if (!TRAINER_CONFIGS.has(context.document.kind)) return;
        for (const flag2 of FLAGS) {
          if (flag2.bf16 === "bf16_full_eval" && context.document.kind === "axolotl") continue;
          const entry = context.document.get([flag2.bf16]);
          if (entry?.value === true) checkConfigFlag(context, entry, flag2);
        }
        const auto = context.document.kind === "axolotl" ? context.document.get(["bf16"]) : void 0;
        if (auto?.value === "auto") checkAxolotlAuto(context, auto);
        if (context.document.kind === "axolotl") checkAxolotlDefault(context);
        hintPureBf16(context);
      }
    },
    shell: {
      run(context) {
        for (const launch of pythonLaunches(context.document)) {
          for (const flag2 of FLAGS) checkShellFlag(context, launch, flag2);
        }
      }
    },
    python: {
      run(context) {
        for (const flag2 of FLAGS) {
          for (const node of context.source.occurrences(flag2.bf16)) {
            if (node.type !== "identifier") continue;
            const found = trainingArgumentsKeyword(node, context.source.imports);
            if (found) checkBf16Argument(context, found.argument, found.call, flag2);
          }
        }
      }
    }
  }
});
function checkBf16Argument(context, argument, call, flag2) {
  const { source, target } = context;
  if (!isTrue(keywordValue(argument)) || source.guards.guardOf(argument)) return;
  const range = { start: argument.startIndex, end: argument.endIndex };
  const why5 = `\`${flag2.bf16}=True\` either stops transformers with "Your setup doesn't support bf16/gpu" or, in newer versions, trains with emulated bf16: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context.precision, source.text);
  if (choice.mode === "fp32") {
    context.report({
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
    context.report({ ...range, message: `${why5}; using ${flag2.what} on its fp16 tensor cores (${FP16_RISK}).`, fix: [{ start: name.startIndex, end: name.endIndex, text: flag2.fp16 }] });
  } else if (isTrue(fp16Value)) {
    context.report({ ...range, message: `${why5}; \`${flag2.fp16}=True\` is already set, so \`${flag2.bf16}=True\` is removed.`, fix: [removeArgumentEdit(source.text, argument)] });
  } else if (isFalse(fp16Value) && fp16Value) {
    context.report({
      ...range,
      message: `${why5}; using ${flag2.what} on its fp16 tensor cores (${FP16_RISK}).`,
      fix: [removeArgumentEdit(source.text, argument), { start: fp16Value.startIndex, end: fp16Value.endIndex, text: "True" }]
    });
  } else {
    context.report({ ...range, message: `${why5}.`, hint: `Set \`${flag2.bf16}=False\` and \`${flag2.fp16}=True\` for this GPU (\`${flag2.fp16}\` is computed here, so it is not rewritten).` });
  }
}
function checkConfigFlag(context, entry, flag2) {
  const { document, target } = context;
  const range = entryRange(entry);
  const written2 = entryText(document, entry);
  const why5 = `\`${written2}\` ${asTrainingArgument(document, `${flag2.bf16}=True`)}, which either stops with "Your setup doesn't support bf16/gpu" or, in newer versions, trains with emulated bf16: ${noBf16Reason(target)}`;
  const hint2 = (edits) => context.report({ ...range, message: `${why5}.`, hint: edits });
  const choice = mixedPrecisionFor(target, context.precision, document.text);
  if (choice.mode === "fp32") {
    const fix = allEdits([document.replaceValue(entry, false)]);
    const message2 = `${why5}. ${choice.float32Because} ${flag2.bf16 === "bf16" ? "training" : "evaluation"} runs in float32.`;
    context.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: `Set \`${flag2.bf16}\` to false.` });
    return;
  }
  const using = `${why5}; using ${flag2.what} on its fp16 tensor cores (${FP16_RISK}).`;
  if (!document.key([flag2.fp16])) {
    const fix = allEdits([document.renameKey(entry, flag2.fp16)]);
    if (fix) context.report({ ...range, message: using, fix });
    else hint2(`Replace \`${flag2.bf16}\` with \`${flag2.fp16}\` for this GPU.`);
    return;
  }
  const fp16 = document.get([flag2.fp16]);
  if (fp16?.value === true) {
    const fix = allEdits([removeOrSet(document, entry, false)]);
    const message2 = `${why5}; \`${flag2.fp16}\` is already true, so \`${flag2.bf16}\` is removed.`;
    if (fix) context.report({ ...range, message: message2, fix });
    else hint2(`Remove \`${flag2.bf16}\`: \`${flag2.fp16}\` is already true.`);
  } else if (fp16 && (fp16.value === false || fp16.value === null)) {
    const fix = allEdits([document.replaceValue(fp16, true), removeOrSet(document, entry, false)]);
    if (fix) context.report({ ...range, message: using, fix });
    else hint2(`Set \`${flag2.bf16}\` to false and \`${flag2.fp16}\` to true for this GPU.`);
  } else {
    hint2(`Set \`${flag2.bf16}\` to false and \`${flag2.fp16}\` to true for this GPU (\`${flag2.fp16}\` holds something the tool does not rewrite).`);
  }
}
function checkAxolotlAuto(context, entry) {
  const { document, target } = context;
  const fp16 = document.get(["fp16"]);
  if (fp16?.value === true) return;
  const range = entryRange(entry);
  const why5 = `\`${entryText(document, entry)}\` makes Axolotl ask \`torch.cuda.is_bf16_supported()\`, which counts emulated bf16 as support in PyTorch 2.3+, so it most likely trains in emulated bf16 (10-50x slower): ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context.precision, document.text);
  if (choice.mode === "fp32") {
    const fix2 = allEdits([document.replaceValue(entry, false)]);
    const message3 = `${why5}. ${choice.float32Because} training runs in float32: \`bf16: false\`.`;
    context.report(fix2 ? { ...range, message: message3, fix: fix2 } : { ...range, message: message3, hint: "Set `bf16: false`." });
    return;
  }
  const message2 = `${why5}; choosing fp16 mixed precision explicitly (${FP16_RISK}).`;
  const edits = fp16 ? [document.replaceValue(fp16, true), document.replaceValue(entry, false)] : [document.renameKey(entry, "fp16"), document.replaceValue(entry, true)];
  const fix = allEdits(edits);
  context.report(fix ? { ...range, message: message2, fix } : { ...range, message: message2, hint: "Set `bf16: false` and `fp16: true`." });
}
var AXOLOTL_PRECISION_KEYS = ["bf16", "fp16", "bfloat16", "float16", "fp8", "float32"];
function checkAxolotlDefault(context) {
  const { document, target } = context;
  if (AXOLOTL_PRECISION_KEYS.some((key) => document.key([key]))) return;
  const base = document.get(["base_model"]);
  if (!base) return;
  const range = entryRange(base);
  const why5 = `This Axolotl config sets no precision, so Axolotl uses its default \`bf16: auto\`, which asks \`torch.cuda.is_bf16_supported()\`: in PyTorch 2.3+ that counts emulated bf16 as support, so it most likely trains in emulated bf16 (10-50x slower): ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context.precision, document.text);
  const hint2 = choice.mode === "fp32" ? `${choice.float32Because} train in float32: add \`bf16: false\`.` : `Add \`fp16: true\` to choose fp16 mixed precision (${FP16_RISK}).`;
  context.report({ ...range, severity: "warning", message: `${why5}.`, hint: hint2 });
}
function hintPureBf16(context) {
  const { document, target } = context;
  const fp16 = mixedPrecisionFor(target, context.precision, document.text).mode === "fp16";
  const instead = fp16 ? "use `fp16: true` (fp16 mixed precision) instead" : "train in float32 instead (no 16-bit switch)";
  const settings = document.kind === "axolotl" ? [
    { path: "bfloat16", value: true, what: "loads the weights in bf16 and trains without mixed precision" },
    { path: "bf16", value: "full", what: "evaluates the whole model in bf16" }
  ] : document.kind === "llama-factory" ? [{ path: "pure_bf16", value: true, what: "trains the weights in pure bf16, without mixed precision" }] : [];
  for (const setting of settings) {
    const entry = document.get([setting.path]);
    if (entry?.value !== setting.value) continue;
    context.report({
      ...entryRange(entry),
      message: `\`${entryText(document, entry)}\` ${setting.what}, but ${noBf16Reason(target)}.`,
      hint: `Remove \`${setting.path}\` and ${instead}.`
    });
  }
}
function checkShellFlag(context, launch, flag2) {
  const { document, target } = context;
  const use = lastUse(launch.args, flag2.bf16);
  if (!use || flagBoolean(use) !== true) return;
  const range = useRange(use);
  const written2 = useText(document, use);
  const why5 = `\`${written2}\` is \`TrainingArguments(${flag2.bf16}=True)\` to a Hugging Face script (HfArgumentParser), which either stops with "Your setup doesn't support bf16/gpu" or, in newer versions of transformers, trains with emulated bf16: ${noBf16Reason(target)}`;
  const off = turnOffEdit(document.text, use);
  const report8 = (message2, fix, hint2) => {
    const edits = allEdits(fix);
    context.report(edits ? { ...range, message: message2, fix: edits } : { ...range, message: message2, hint: hint2 });
  };
  const choice = mixedPrecisionFor(target, context.precision, document.text);
  if (choice.mode === "fp32") {
    const runs = `${flag2.bf16 === "bf16" ? "training" : "evaluation"} runs in float32`;
    report8(`${why5}. ${choice.float32Because} ${runs}: ${turnedOff(use)}.`, [off], `Remove \`${written2}\`.`);
    return;
  }
  const using = `${why5}; using ${flag2.what} on its fp16 tensor cores (${FP16_RISK}).`;
  const fp16 = lastUse(launch.args, flag2.fp16);
  if (!fp16 && scriptTakesFlag(context, launch, `--${flag2.fp16}`) === false) {
    const name = launch.entry.name;
    const own = `\`${written2}\` turns on bf16 in \`${name}\` (its own argparse option), but ${noBf16Reason(target)}`;
    report8(`${own}. \`${name}\` has no \`--${flag2.fp16}\` option, so it runs without bf16 instead: ${turnedOff(use)}.`, [off], `Remove \`${written2}\`; \`${name}\` has no \`--${flag2.fp16}\` option.`);
    return;
  }
  if (!fp16) {
    context.report({ ...range, message: using, fix: [{ start: use.nameStart, end: use.nameEnd, text: use.name.replace("bf16", "fp16") }] });
    return;
  }
  const fp16Text = useText(document, fp16);
  const fp16On = flagBoolean(fp16);
  if (fp16On === true) {
    report8(`${why5}; \`${fp16Text}\` is already there, so \`${use.name}\` is ${turnedOff(use)}.`, [off], `Remove \`${written2}\`: \`${fp16Text}\` is already there.`);
  } else if (fp16On === false && fp16.value) {
    report8(using, [off, valueEdit(fp16.value, use.value?.value ?? "True")], `Remove \`${written2}\` and set \`${fp16.name}\` to True.`);
  } else {
    context.report({
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
  checks: {
    python: {
      run(context) {
        const { imports, guards } = context.source;
        for (const { call, value: value2 } of keywordArgumentsNamed(context.source, "dtype")) {
          if (!isUnslothLoader(call, imports)) continue;
          for (const leaf of bf16Leaves(value2, imports)) {
            if (!guards.guardOf(leaf.node)) checkLeaf(context, leaf);
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
function checkLeaf(context, leaf) {
  const { target } = context;
  const range = { start: leaf.node.startIndex, end: leaf.node.endIndex };
  if (!meets(target, "unsloth")) {
    context.report({
      ...range,
      message: `Unsloth's stated minimum is compute capability ${requiredCapability("unsloth")}, so it may not run on ${gpuLabel(target)} at all; bfloat16 is the smaller problem there.`,
      hint: "If Unsloth runs on this GPU at all, pass `dtype=None` so it picks the dtype itself; otherwise fine-tune with transformers and peft directly, in float32."
    });
    return;
  }
  const why5 = leaf.kind === "torch" ? `Unsloth does not load bfloat16 on ${gpuLabel(target)}: it warns "Device does not support bfloat16. Will change to float16." and loads float16` : `\`dtype="bfloat16"\` asks Unsloth for bfloat16, which ${gpuLabel(target)} has no tensor cores for`;
  if (context.precision === "fp32") {
    const torch = torchLocalName(context.source.imports);
    if (torch) context.report({ ...range, message: `${why5}; using float32, as --precision fp32 asks.`, fix: [{ ...range, text: `${torch}.float32` }] });
    else context.report({ ...range, message: `${why5}.`, hint: "Pass `dtype=torch.float32` here, as --precision fp32 asks." });
    return;
  }
  context.report({
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
  checks: {
    shell: {
      run(context) {
        const { document } = context;
        for (const command2 of document.commands()) {
          const server = vllmServer(command2);
          if (!server || document.guardOf(command2.node)) continue;
          const use = lastUse(server.args, "dtype");
          if (!use?.value || use.value.dynamic || use.value.value !== "bfloat16") continue;
          const choice = vllmChoice(context, server.model, (dtype) => `\`--dtype ${dtype}\``);
          const message2 = `\`${useText(document, use)}\`: ${choice.message}`;
          const range = useRange(use);
          context.report("dtype" in choice ? { ...range, message: message2, fix: [valueEdit(use.value, choice.dtype)] } : { ...range, message: message2, hint: choice.hint });
        }
      }
    },
    python: {
      run(context) {
        const { source } = context;
        for (const node of source.occurrences("dtype")) {
          const found = dtypeSetting(source, node);
          if (!found) continue;
          for (const leaf of bf16Leaves(found.value, source.imports, { ignoreCase: true })) {
            if (!source.guards.guardOf(leaf.node)) checkLeaf2(context, found.model, leaf);
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
function checkLeaf2(context, model, leaf) {
  const range = { start: leaf.node.startIndex, end: leaf.node.endIndex };
  const choice = vllmChoice(context, model, (dtype) => `\`dtype="${dtype}"\``);
  if (!("dtype" in choice)) {
    context.report({ ...range, message: choice.message, hint: choice.hint });
    return;
  }
  const edit = leaf.kind === "string" && stringContentEdit(leaf.node, choice.dtype) || { ...range, text: `"${choice.dtype}"` };
  context.report({ ...range, message: choice.message, fix: [edit] });
}
function vllmChoice(context, model, spell) {
  const { target } = context;
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
  const dtype = context.precision === "fp32" ? "float32" : "half";
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
function rulesFor(target, rules = allRules) {
  return rules.filter((rule) => rule.appliesTo(target));
}
function triggersFor(rule, kind) {
  return rule.checks[kind]?.triggers ?? rule.triggers;
}

// packages/report/src/report-model.ts
import { createTwoFilesPatch as createTwoFilesPatch2, FILE_HEADERS_ONLY as FILE_HEADERS_ONLY2 } from "diff";

// packages/report/src/rule-info.ts
function ruleTitle(id) {
  return findRule(id)?.title ?? id;
}

// packages/report/src/target.ts
function formatNumber(value2) {
  return Number.isInteger(value2) ? String(value2) : value2.toFixed(1).replace(/\.0$/, "");
}
function computeCapability(target) {
  const { major, minor } = target.gpu.computeCapability;
  return `${major}.${minor}`;
}
function yesNo(value2) {
  return value2 ? "yes" : "no";
}
function targetLine(target) {
  const { gpu: gpu2, count: count2 } = target;
  const memory = `${formatNumber(gpu2.memoryGiB)} GiB${count2 > 1 ? " each" : ""}`;
  const line = `${count2} x ${gpu2.name} (${gpu2.arch}, compute capability ${computeCapability(target)}, ${memory})`;
  return target.platform ? `${line} on ${target.platform.name}` : line;
}
function platformFacts(target) {
  const platform = target.platform;
  if (!platform) return void 0;
  const facts = [`${platform.cpus} CPUs`, `${formatNumber(platform.ramGiB)} GiB RAM`];
  if (platform.shmGiB !== void 0) facts.push(`${formatNumber(platform.shmGiB)} GiB /dev/shm`);
  return `${platform.name} (${facts.join(", ")})`;
}
function targetRows(target) {
  const { gpu: gpu2 } = target;
  const rows = [
    ["Target", target.name],
    ["GPU", `${gpu2.name} (${gpu2.id})`],
    ["Count", String(target.count)],
    ["Architecture", gpu2.arch],
    ["Compute capability", computeCapability(target)],
    ["Memory per GPU", `${formatNumber(gpu2.memoryGiB)} GiB`],
    ["Shared memory per block", `${formatNumber(gpu2.maxSharedMemoryPerBlock / 1024)} KB`],
    ["bf16", yesNo(gpu2.features.bf16)],
    ["TF32", yesNo(gpu2.features.tf32)],
    ["FP16 tensor cores", yesNo(gpu2.features.fp16TensorCores)],
    ["FlashAttention-2", yesNo(gpu2.features.flashAttention2)],
    ["Triton (torch.compile)", yesNo(gpu2.features.triton)],
    ["Kernels in PyTorch 2.8+ default wheels", yesNo(gpu2.features.currentTorchWheels)]
  ];
  const platform = platformFacts(target);
  if (platform !== void 0) rows.push(["Platform", platform]);
  return rows;
}

// packages/engine/src/model.ts
function findingStatus(finding, mode) {
  if (finding.applied === true) return "fixed";
  if (!finding.fixable) return "hint";
  return mode === "fix" ? "not applied" : "fixable";
}
function needsUnsafeFixes(finding) {
  return finding.unsafeFix !== void 0 && finding.applied !== true;
}
var TALLY_KEY = { fixed: "fixed", fixable: "fixable", "not applied": "notApplied", hint: "hints" };
function emptyTally() {
  return { found: 0, fixed: 0, fixable: 0, notApplied: 0, hints: 0 };
}
function countFindings(findings, mode) {
  const total = emptyTally();
  const byRule = {};
  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) {
    const key = TALLY_KEY[findingStatus(finding, mode)];
    const perRule = byRule[finding.rule] ??= emptyTally();
    total.found++;
    total[key]++;
    perRule.found++;
    perRule[key]++;
    bySeverity[finding.severity]++;
  }
  return { total, byRule, bySeverity };
}

// packages/engine/src/run.ts
import { realpathSync as realpathSync4, statSync as statSync2 } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname as dirname5, relative as relative4, resolve as resolve4, sep as sep4 } from "node:path";

// packages/engine/src/codec.ts
var UTF8_BOM = [239, 187, 191];
var decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
function decodeUtf8(bytes2) {
  const bom = bytes2.length >= 3 && UTF8_BOM.every((b, i) => bytes2[i] === b);
  return { text: decoder.decode(bom ? bytes2.subarray(3) : bytes2), bom };
}
function encodeUtf8(decoded) {
  const body = Buffer.from(decoded.text, "utf8");
  return decoded.bom ? Buffer.concat([Buffer.from(UTF8_BOM), body]) : body;
}
function looksBinary(bytes2) {
  return bytes2.subarray(0, 8192).includes(0);
}
function invalidUtf8At(bytes2) {
  const at = firstInvalidByte(bytes2);
  if (at < 0) return void 0;
  let line = 1;
  let lineStart3 = 0;
  for (let i = 0; i < at; i++) {
    if (bytes2[i] === 10) {
      line++;
      lineStart3 = i + 1;
    }
  }
  const bom = lineStart3 === 0 && UTF8_BOM.every((b, i) => bytes2[i] === b) ? 3 : 0;
  const before = new TextDecoder("utf-8").decode(bytes2.subarray(lineStart3 + bom, at));
  return { byte: bytes2[at], line, column: before.length + 1 };
}
function firstInvalidByte(bytes2) {
  for (let i = 0; i < bytes2.length; ) {
    const lead = bytes2[i];
    if (lead < 128) {
      i++;
      continue;
    }
    const length = lead >= 194 && lead <= 223 ? 2 : lead >= 224 && lead <= 239 ? 3 : lead >= 240 && lead <= 244 ? 4 : 0;
    if (length === 0 || i + length > bytes2.length) return i;
    const low = lead === 224 ? 160 : lead === 240 ? 144 : 128;
    const high = lead === 237 ? 159 : lead === 244 ? 143 : 191;
    const second = bytes2[i + 1];
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if (bytes2[i + k] < 128 || bytes2[i + k] > 191) return i;
    i += length;
  }
  return -1;
}

// packages/engine/src/discover.ts
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore from "ignore";
import picomatch from "picomatch";

// packages/engine/src/literal-finder.ts
var LiteralFinder = class {
  constructor(literals) {
    this.literals = literals;
    this.inBytes = new Matcher(literals, (literal2) => Buffer.from(literal2, "utf8").toString("latin1"));
  }
  literals;
  inBytes;
  inText;
  find(bytes2) {
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
function readSuppressions(text, lines2) {
  const found = [];
  const codeStarts = firstCodeLine(text);
  for (const match of text.matchAll(SUPPRESSION)) {
    const line = lines2.position(match.index).line;
    const scope = match[1] ? "file" : "line";
    const ids = match[2] === void 0 ? null : match[2].split(",").map((id) => id.trim()).filter(Boolean);
    found.push({ scope, line, ids, start: match.index, end: match.index + match[0].length, misplaced: scope === "file" && line >= codeStarts, used: /* @__PURE__ */ new Set() });
  }
  return found;
}
function firstCodeLine(text) {
  const lines2 = text.split(/\r\n|\r|\n/);
  const index = lines2.findIndex((line) => !/^\s*((#|\/\/).*)?$/.test(line));
  return index === -1 ? lines2.length + 1 : index + 1;
}
function covers(suppression, ruleId) {
  return suppression.ids === null || suppression.ids.includes(ruleId);
}
function applySuppressions(text, lineIndex, findings, rulesRun) {
  if (!text.includes("gpu-compat")) return findings;
  const lines2 = lineIndex();
  const suppressions = readSuppressions(text, lines2);
  if (suppressions.length === 0) return findings;
  const kept = findings.filter((finding) => {
    const line = lines2.position(finding.start).line;
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
function runChecks(kind, rules, text, lines2, base, fields) {
  const found = [];
  const ran = rules.filter((rule) => rule.checks[kind]);
  const present = triggerFinder(kind, ran).findInText(text);
  for (const rule of ran) {
    const run = rule.checks[kind]?.run;
    if (!run || !triggersFor(rule, kind).some((literal2) => present.has(literal2))) continue;
    const report8 = (finding) => found.push({ ...finding, rule });
    run({ ...base, ...fields, report: report8 });
  }
  return applySuppressions(text, lines2, found, ran).sort((a, b) => a.start - b.start || a.end - b.end);
}
var triggerFinders = /* @__PURE__ */ new Map();
function triggerFinder(kind, rules) {
  const key = `${kind}:${rules.map((rule) => rule.id).join(",")}`;
  let finder = triggerFinders.get(key);
  if (!finder) triggerFinders.set(key, finder = new LiteralFinder(rules.flatMap((rule) => triggersFor(rule, kind))));
  return finder;
}
var plainLocate = (_text, lines2, offset) => lines2.position(offset);
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
      let lines2;
      const linesOf = () => lines2 ??= new LineIndex(text);
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
  const parses = (script) => {
    const tree = parser.parse(scriptView(script));
    const ok = !tree.root.hasError;
    tree.dispose();
    return ok;
  };
  const views = [(text) => markdownScript(text), (text) => markdownScript(text, parses), (text) => markdownScript(text, () => false)];
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
      let lines2;
      return {
        document: {
          run: (rules, base) => runChecks("config", rules, text, () => lines2 ??= new LineIndex(text), base, { document }),
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
      let lines2;
      return {
        document: {
          run: (rules, base) => runChecks("cuda", rules, text, () => lines2 ??= new LineIndex(text), base, { document }),
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
function notebookAdapter(parsers) {
  const parser = parsers.python;
  const shell = parsers.shell;
  const cache = /* @__PURE__ */ new Map();
  const read = (text) => {
    let parsed = cache.get(text);
    if (!parsed) {
      if (cache.size >= 4) cache.delete(cache.keys().next().value);
      cache.set(text, parsed = parseNotebook(text));
    }
    return parsed;
  };
  return {
    open(text) {
      const parsed = read(text);
      if ("error" in parsed) {
        const at = parsed.offset === void 0 ? {} : { at: new LineIndex(text).position(parsed.offset) };
        return { error: `not a valid notebook: ${parsed.error}`, ...at };
      }
      const { notebook } = parsed;
      const broken = notebook.cells.find((cell2) => cell2.problem);
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
    locate(text, lines2, offset) {
      const parsed = read(text);
      if (!("error" in parsed)) {
        const at = parsed.notebook.fromNotebookOffset(offset);
        const position2 = at === void 0 ? void 0 : parsed.notebook.locate(at);
        if (position2) return position2;
      }
      return lines2.position(offset);
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
function notebookCellChanges(original, fixed) {
  const before = parseNotebook(original);
  const after = parseNotebook(fixed);
  if ("error" in before || "error" in after) return void 0;
  const a = before.notebook;
  const b = after.notebook;
  if (a.cells.length !== b.cells.length) return void 0;
  const source = (notebook, cell2) => cell2.start === void 0 || cell2.end === void 0 ? void 0 : notebook.code.slice(cell2.start, cell2.end);
  const changes = [];
  for (let i = 0; i < a.cells.length; i++) {
    const was = source(a, a.cells[i]);
    const now = source(b, b.cells[i]);
    if (a.cells[i].type !== b.cells[i].type || was === void 0 !== (now === void 0)) return void 0;
    if (was !== void 0 && was !== now) changes.push({ cell: a.cells[i].number, original: was, fixed: now });
  }
  return changes;
}

// packages/engine/src/kinds.ts
var NOT_CONFIG_JSON = /^(package(-lock)?|composer|jsconfig|tsconfig(\..*)?|tokenizer(_config)?|special_tokens_map|added_tokens|vocab)\.json$/;
var NOT_CONFIG_DIRS = /(^|\/)\.(vscode|devcontainer|idea)\//;
var DOCS_MARKDOWN = /(^|\/)docs\/(.*\/)?[^/]*\.md$/;
function kindOfPath(path) {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name.endsWith(".py") || name.endsWith(".pyi")) return "python";
  if (name.endsWith(".ipynb")) return "notebook";
  if (name.endsWith(".sh") || name.endsWith(".bash") || name.endsWith(".slurm") || name.endsWith(".sbatch")) return "shell";
  if (name === "Makefile" || name === "makefile" || name === "GNUmakefile" || name.endsWith(".mk")) return "makefile";
  if (/^requirements.*\.txt$/.test(name)) return "requirements.txt";
  if (name === "pyproject.toml") return "pyproject.toml";
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "yaml";
  if (name.endsWith(".json") && !NOT_CONFIG_JSON.test(name) && !NOT_CONFIG_DIRS.test(path)) return "json";
  if (name.endsWith(".cu") || name.endsWith(".cuh")) return "cuda";
  if (/^readme\.md$/i.test(name) || DOCS_MARKDOWN.test(path)) return "markdown";
  return null;
}
function checkedKinds(kind) {
  switch (kind) {
    case "python":
      return ["python"];
    case "notebook":
      return ["python", "shell"];
    case "shell":
    case "makefile":
    case "markdown":
      return ["shell"];
    case "requirements.txt":
    case "pyproject.toml":
      return ["requirements"];
    case "yaml":
    case "json":
      return ["config"];
    case "cuda":
      return ["cuda"];
  }
}
async function loadParsers(backend, { fewFiles = false } = {}) {
  const options = { ...backend ? { backend } : {}, fewFiles };
  return { python: await loadPythonParser(options), shell: await loadShellParser(options) };
}
function adapterFor(kind, parsers) {
  switch (kind) {
    case "python":
      return pythonAdapter(parsers.python);
    case "notebook":
      return notebookAdapter(parsers);
    case "shell":
      return shellAdapter(parsers.shell);
    case "makefile":
      return shellAdapter(parsers.shell, { embedded: makefileScript });
    case "markdown":
      return markdownAdapter(parsers.shell);
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
async function describeParserBackend() {
  const { python } = await loadParsers(void 0, { fewFiles: true });
  if (python.backend === "native") return "native (tree-sitter)";
  const why5 = nativeLoadError ? `the native binding did not load: ${nativeLoadError.split("\n")[0]}` : "GPU_COMPAT_PARSER=wasm";
  return `wasm (web-tree-sitter; ${why5})`;
}

// packages/engine/src/discover.ts
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
  const byPath2 = picomatch([...exclude], { dot: true, basename: false });
  const byName = picomatch(exclude.filter((g) => !g.includes("/")), { dot: true });
  return (path, name) => byPath2(path) || byName(name);
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
  const addFile = (target, path, name, layers) => {
    const kind = kindOfPath(`${rootName2}/${path}`);
    if (!kind || isExcluded(path, name) || ignoredBy(layers, path, false)) return;
    const real = safeRealpath(target);
    if (seen.has(real)) return;
    seen.add(real);
    files.push({ absolute: target, path, kind });
  };
  const visit2 = (absolute, path, name, type, layers) => {
    const entry = follow(absolute, type, realRoot);
    if (entry?.isDir) {
      if (!skipDir(absolute, path, name, layers)) walk(absolute, layers);
    } else if (entry?.isFile) {
      addFile(entry.target, path, name, layers);
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
    for (const entry of entries) visit2(join(dir, entry.name), here ? `${here}/${entry.name}` : entry.name, entry.name, entry, layers);
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
    visit2(absolute, path, parts[parts.length - 1], stat, layersIn(parts.slice(0, -1).join("/")));
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

// packages/engine/src/pool.ts
import { Worker } from "node:worker_threads";
var AHEAD_CHARS = 192 * 1024;
var WORKER_URL = import.meta.url.endsWith(".ts") ? new URL("../../../dist/worker.js", import.meta.url) : new URL("./worker.js", import.meta.url);
var WorkerPool = class {
  workers = [];
  waiting = [];
  nextId = 0;
  /** Starts `size` worker threads, which share the waiting jobs and those submitted from now on. */
  start(size3, setup) {
    for (let i = 0; i < size3; i++) this.workers.push(this.startWorker(setup));
    this.topUp();
  }
  /** False with none started, or once all died: then nothing waits on the event loop to be sent. */
  get hasWorkers() {
    return this.workers.length > 0;
  }
  /** Resolves with the file's outcome or failure; rejects if the worker processing it dies. */
  submit(job) {
    return new Promise((settle, fail) => {
      this.waiting.push({ job, settle, fail });
      this.topUp();
    });
  }
  /** The oldest job no worker was given, for the calling thread to process and settle; undefined when none waits. */
  take() {
    return this.waiting.shift();
  }
  async close() {
    await Promise.all(this.workers.map((entry) => entry.worker.terminate()));
  }
  startWorker(setup) {
    const entry = { worker: new Worker(WORKER_URL, { workerData: setup }), queued: 0, ready: false, pending: /* @__PURE__ */ new Map() };
    entry.worker.on("message", (reply) => {
      const job = entry.pending.get(reply.id);
      if (!job) return;
      entry.pending.delete(reply.id);
      entry.ready = true;
      entry.queued -= job.job.text.length;
      job.settle("failed" in reply ? { failed: reply.failed } : reply.outcome);
      this.topUp();
    });
    const failAll = (error) => {
      const at = this.workers.indexOf(entry);
      if (at >= 0) this.workers.splice(at, 1);
      for (const job of entry.pending.values()) job.fail(error);
      entry.pending.clear();
    };
    entry.worker.once("error", failAll);
    entry.worker.once("exit", (code2) => failAll(new Error(`worker exited with code ${code2}`)));
    return entry;
  }
  /**
   * Sends waiting jobs to the workers with less than AHEAD_CHARS of source in hand, the least loaded first. A
   * worker still starting up (its first answer not come) holds one job only: the other threads take the rest
   * meanwhile, so that a run with little to parse is not left waiting on a start-up.
   */
  topUp() {
    while (this.waiting.length > 0) {
      const target = this.workers.filter(hasRoom).reduce((least, entry) => least && least.queued <= entry.queued ? least : entry, void 0);
      if (!target) return;
      this.send(target, this.waiting.shift());
    }
  }
  send(target, queued) {
    const id = this.nextId++;
    target.pending.set(id, queued);
    target.queued += queued.job.text.length;
    const request = { id, ...queued.job };
    target.worker.postMessage(request);
  }
};
function hasRoom(entry) {
  return entry.ready ? entry.queued < AHEAD_CHARS : entry.pending.size === 0;
}

// packages/engine/src/hint-only.ts
import { relative as relative2, sep as sep2 } from "node:path";

// packages/engine/src/globs.ts
import picomatch2 from "picomatch";
var matchers = /* @__PURE__ */ new Map();
function globMatcher(pattern) {
  let matcher = matchers.get(pattern);
  if (!matcher) matchers.set(pattern, matcher = picomatch2(pattern, { dot: true }));
  return matcher;
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
var CRLF_SCRIPT = "it has CRLF line ends, which bash does not run as written (`$'\\r': command not found`); convert it to LF (dos2unix) and run gpu-compat again";
var DOCUMENTATION = "it is documentation, shown to readers rather than run, so gpu-compat does not edit it; change the command where you run it";
function hintOnlyByKind(kind, text) {
  if (kind === "markdown") return DOCUMENTATION;
  return (kind === "shell" || kind === "makefile") && text.includes("\r\n") ? CRLF_SCRIPT : void 0;
}
function hintOnlyReason(file, patterns) {
  for (const { pattern, base, why: why5 } of patterns) {
    const path = base === void 0 ? file.path : relative2(base, file.absolute).split(sep2).join("/");
    if (globMatcher(pattern)(path)) return why5;
  }
  return void 0;
}
function demoteToHint(finding, why5, text) {
  if (!finding.fix) return finding;
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
function quote(code2) {
  const line = code2.trim().replace(/\s+/g, " ");
  return `\`${line.length > 60 ? `${line.slice(0, 57)}...` : line}\``;
}

// packages/engine/src/project-facts.ts
import { existsSync, readdirSync as readdirSync2, readFileSync as readFileSync2 } from "node:fs";
import { dirname as dirname2, relative as relative3, resolve as resolve2, sep as sep3 } from "node:path";
var NO_PROJECT_FACTS = { modelConfig: () => void 0, importersOf: () => [] };
function createProjectFacts(root, python, pythonFiles) {
  const configs = /* @__PURE__ */ new Map();
  const importers = new ImporterIndex(root, python, pythonFiles);
  let pins;
  return {
    modelConfig(modelPath) {
      const dir = resolve2(root, modelPath);
      if (dir !== root && !dir.startsWith(root + sep3)) return void 0;
      if (!configs.has(dir)) configs.set(dir, readConfig(resolve2(dir, "config.json")));
      return configs.get(dir);
    },
    importersOf: (modulePath, name) => importers.of(modulePath, name),
    pythonSource: (path) => importers.source(path),
    requirementPin: (name) => (pins ??= readPins(root)).get(name.toLowerCase())
  };
}
var DEPENDENCY_FILES = /^(?:requirements[\w.-]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|environment\.ya?ml)$/;
function readPins(root) {
  const pins = /* @__PURE__ */ new Map();
  let names2;
  try {
    names2 = readdirSync2(root).filter((name) => DEPENDENCY_FILES.test(name)).sort();
  } catch {
    return pins;
  }
  for (const name of names2) {
    let text;
    try {
      text = readFileSync2(resolve2(root, name), "utf8");
    } catch {
      continue;
    }
    for (const match of text.matchAll(/(?:^|["'\s,[])([A-Za-z][\w.-]*)(?:\[[\w,\s]*\])?\s*((?:[<>=!~]=?\s*[\w.*+]+\s*,?\s*)+)/gm)) {
      const key = match[1].toLowerCase();
      if (!pins.has(key)) pins.set(key, match[2].replace(/\s+/g, "").replace(/,$/, ""));
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
  constructor(root, python, listed) {
    this.root = root;
    this.python = python;
    this.listed = listed;
  }
  root;
  python;
  listed;
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
    if (!parser || !path.endsWith(".py") || !absolute.startsWith(this.root + sep3)) return void 0;
    const file = { path: relative3(this.root, absolute).split(sep3).join("/"), absolute };
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
    return this.indexed ??= (this.listed ?? pythonFilesOf(discoverFiles(this.root).files)).map((file) => ({ ...file, imports: importLines(readOrEmpty(file.absolute)) }));
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
  for (let folder = dirname2(absolute); folder === root || folder.startsWith(root + sep3); folder = dirname2(folder)) {
    const text = writtenIn(folder, relative3(folder, absolute).split(sep3).join("/"));
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
    for (const cell2 of cells) {
      if (cell2?.cell_type !== "code") continue;
      const text = Array.isArray(cell2.source) ? cell2.source.join("") : typeof cell2.source === "string" ? cell2.source : "";
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
  const lines2 = [];
  let done = 0;
  for (let at = text.indexOf("import"); at !== -1; at = text.indexOf("import", done)) {
    const lineStart3 = text.lastIndexOf("\n", at) + 1;
    const lineEnd5 = text.indexOf("\n", at);
    let next = lineEnd5 === -1 ? text.length : lineEnd5 + 1;
    if (lineStart3 >= done) {
      IMPORT_LINE.lastIndex = lineStart3;
      const match = IMPORT_LINE.exec(text);
      if (match) {
        lines2.push(match[0]);
        next = Math.max(next, IMPORT_LINE.lastIndex);
      }
    }
    done = next;
  }
  return lines2.join("\n");
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
  const relative9 = relativeBindings(source);
  const locals = /* @__PURE__ */ new Set([name]);
  for (const [local, qualified] of [...relative9, ...source.imports.bindings]) if (targets.has(qualified)) locals.add(local);
  const calls = [];
  for (const local of locals) {
    for (const occurrence of source.occurrences(local)) {
      const found = callNamedAt(occurrence);
      if (!found) continue;
      const qualified = found.callee.type === "identifier" ? relative9.get(found.callee.text) ?? source.imports.qualifiedName(found.callee) : source.imports.qualifiedName(found.callee);
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

// packages/engine/src/process.ts
var DEFAULT_MAX_PASSES = 8;
function processDocument(adapter, path, text, options) {
  const diagnostics = [];
  const opened = adapter.open(text);
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
  let lines2;
  for (const raw of found) {
    if (!raw.fix) continue;
    let entry = tracked.find((t) => !t.applied && t.raw.rule.id === raw.rule.id && t.start === raw.start);
    if (!entry) {
      entry = { raw, start: raw.start, applied: false, blocked: false, original: false, text, lines: lines2 ??= new LineIndex(text) };
      tracked.push(entry);
    }
    entry.raw = entry.original ? { ...entry.raw, fix: raw.fix } : raw;
    if (!entry.blocked) pending.push(entry);
  }
  return pending;
}
function toFinding(adapter, t, path, fixMode) {
  const { raw, lines: lines2, text } = t;
  const startOffset = t.original ? raw.start : t.start;
  const start = adapter.locate(text, lines2, startOffset);
  const end = adapter.locate(text, lines2, startOffset + (raw.end - raw.start));
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
    sourceLine: adapter.lineText?.(text, startOffset) ?? lines2.lineText(lines2.position(startOffset).line),
    ...keyPath ? { keyPath } : {},
    ...raw.memory ? { memory: raw.memory } : {},
    ...!fixMode && raw.fix ? { edits: raw.fix.map((edit) => ({ start: adapter.locate(text, lines2, edit.start), end: adapter.locate(text, lines2, edit.end), content: edit.text })) } : {}
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
function processJob(job, context) {
  try {
    const { ignore: ignore2, hintOnly } = job;
    const rules = ignore2 ? context.rules.filter((rule) => !ignore2.includes(rule.id)) : context.rules;
    const { target, mode, precision, project, fixes } = context;
    return processDocument(adapterFor(job.kind, context.parsers), job.path, job.text, { target, rules, mode, precision, project, ...fixes ? { fixes } : {}, ...hintOnly ? { hintOnly } : {} });
  } catch (error) {
    return { failed: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

// packages/engine/src/prefilter.ts
var Prefilter = class {
  constructor(rules, project) {
    this.rules = rules;
    this.project = project;
  }
  rules;
  project;
  byKind = /* @__PURE__ */ new Map();
  /**
   * `decode` gives the file's text, or undefined when it is not UTF-8: such a file is wanted whenever a literal
   * is there, so that the engine reports it.
   */
  wants(kind, bytes2, decode) {
    const { triggers, finder } = this.triggersFor(kind);
    const found = finder.find(bytes2);
    if (found.size === 0) return false;
    const candidates = triggers.filter((trigger) => trigger.literals.some((literal2) => found.has(literal2)) && (trigger.needsOneOf?.some((literal2) => found.has(literal2)) ?? true));
    if (candidates.length === 0) return false;
    if (kind !== "python" && kind !== "notebook" && kind !== "markdown") return true;
    const texts = textsOf(kind, decode);
    if (!texts) return true;
    const present = (trigger) => trigger.literals.some((literal2) => found.has(literal2) && this.counts(trigger, literal2, texts));
    const tested = (trigger) => trigger.checked === "python" && trigger.rule.mayMatch !== void 0;
    if (candidates.some((trigger) => !tested(trigger) && present(trigger))) return true;
    return candidates.some((trigger) => tested(trigger) && present(trigger) && trigger.rule.mayMatch(texts.scan ??= new LexicalScan(texts.python), this.project));
  }
  counts(trigger, literal2, texts) {
    if (trigger.checked === "shell") return texts.shell.some((snippet) => snippet.includes(literal2));
    if (!trigger.inCode) return texts.python.includes(literal2);
    return (texts.scan ??= new LexicalScan(texts.python)).inCode(literal2);
  }
  triggersFor(kind) {
    let entry = this.byKind.get(kind);
    if (!entry) {
      const triggers = checkedKinds(kind).flatMap(
        (checked2) => this.rules.filter((rule) => rule.checks[checked2]).map((rule) => ({ rule, checked: checked2, literals: triggersFor(rule, checked2), needsOneOf: rule.checks[checked2]?.needsOneOf, inCode: checked2 === "python" && rule.triggerScope !== "text" }))
      );
      const literals = triggers.flatMap((trigger) => [...trigger.literals, ...trigger.needsOneOf ?? []]);
      this.byKind.set(kind, entry = { triggers, finder: new LiteralFinder(literals) });
    }
    return entry;
  }
};
function textsOf(kind, decode) {
  const text = decode();
  if (text === void 0) return void 0;
  if (kind === "markdown") return { python: "", shell: [markdownShellText(text)] };
  if (kind !== "notebook") return { python: text, shell: [] };
  return notebookCode(text);
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

// packages/engine/src/git.ts
import { spawnSync } from "node:child_process";
import { lstatSync as lstatSync2, realpathSync as realpathSync2 } from "node:fs";
import { dirname as dirname3, join as join2, resolve as resolve3 } from "node:path";
function guardWrites(paths) {
  const refused = [];
  const unguarded = [];
  const byTree = /* @__PURE__ */ new Map();
  const treeOfDir = /* @__PURE__ */ new Map();
  for (const path of paths) {
    const real = realOrSelf(path);
    const tree = nearestWorkTree(dirname3(real), treeOfDir);
    if (tree === null) unguarded.push(path);
    else byTree.set(tree, [...byTree.get(tree) ?? [], path]);
  }
  for (const [tree, files] of byTree) {
    const answer = committedState(tree);
    for (const path of files) {
      if ("error" in answer) refused.push({ path, reason: "git-unanswered", message: answer.error });
      else if (!answer.clean.has(realOrSelf(path))) refused.push({ path, reason: "uncommitted" });
    }
  }
  return { refused, unguarded };
}
function workTreeOf(dir) {
  return nearestWorkTree(realOrSelf(dir), /* @__PURE__ */ new Map());
}
function nearestWorkTree(dir, cache) {
  const cached = cache.get(dir);
  if (cached !== void 0) return cached;
  let found;
  if (exists(join2(dir, ".git"))) found = dir;
  else {
    const parent = dirname3(dir);
    found = parent === dir ? null : nearestWorkTree(parent, cache);
  }
  cache.set(dir, found);
  return found;
}
function committedState(tree) {
  const top = git(tree, ["rev-parse", "--show-toplevel"]);
  if ("error" in top) return top;
  const topDir = top.out.replace(/\n$/, "");
  if (realOrSelf(topDir) !== realOrSelf(tree)) {
    return { error: `git does not read ${join2(tree, ".git")} as a repository (it answered for ${topDir}), so nothing says these files are committed; repair the repository or pass --allow-dirty` };
  }
  const tracked = git(tree, ["ls-files", "-z", "--cached"]);
  if ("error" in tracked) return tracked;
  const status = git(tree, ["status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames", "--ignore-submodules=all"]);
  if ("error" in status) return status;
  const changed = /* @__PURE__ */ new Set();
  for (const entry of status.out.split("\0")) if (entry.length > 3) changed.add(entry.slice(3));
  const clean = /* @__PURE__ */ new Set();
  const base = realOrSelf(tree);
  for (const name of tracked.out.split("\0")) if (name && !changed.has(name)) clean.add(resolve3(base, name));
  return { clean };
}
var REPOSITORY_ENV = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY"];
function git(cwd, args) {
  const env = { ...process.env };
  for (const name of REPOSITORY_ENV) delete env[name];
  const result = spawnSync("git", ["--literal-pathspecs", ...args], { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1024 * 1024 * 1024 });
  if (result.error) {
    const code2 = result.error.code;
    const why5 = code2 === "ENOENT" ? "git is not installed" : `git could not run (${result.error.message})`;
    return { error: `${why5}, so nothing says the files in ${cwd} are committed; install git or pass --allow-dirty` };
  }
  if (result.status === 0) return { out: result.stdout };
  return { error: explainGitFailure(cwd, result.stderr) };
}
function explainGitFailure(tree, stderr) {
  if (/dubious ownership/.test(stderr)) {
    return `git refuses to read ${tree}: it is owned by another user ("dubious ownership"). If you trust it, run \`git config --global --add safe.directory ${tree}\`, or pass --allow-dirty`;
  }
  const said = stderr.split("\n").find((line) => line.trim() !== "")?.replace(/^(fatal|error): /, "") ?? "no message";
  return `git cannot read the repository at ${tree} (${said}), so nothing says these files are committed; repair it or pass --allow-dirty`;
}
function exists(path) {
  try {
    lstatSync2(path);
    return true;
  } catch {
    return false;
  }
}
function realOrSelf(path) {
  try {
    return realpathSync2(path);
  } catch {
    return resolve3(path);
  }
}

// packages/engine/src/grammar-limits.ts
import { spawnSync as spawnSync2 } from "node:child_process";
function separateGrammarLimits(diagnostics, texts) {
  const asked = diagnostics.filter((d) => d.kind === "syntax-error" && d.path.endsWith(".py") && texts.has(d.path));
  if (asked.length === 0) return [];
  const valid = validPython(asked.map((d) => texts.get(d.path)));
  if (!valid) return [];
  const skipped = [];
  asked.forEach((diagnostic, i) => {
    if (!valid[i]) return;
    diagnostics.splice(diagnostics.indexOf(diagnostic), 1);
    const where = diagnostic.start ? ` at line ${diagnostic.start.line}, column ${diagnostic.start.column}` : "";
    skipped.push({
      path: diagnostic.path,
      reason: "parser-limit",
      message: `not checked: valid Python (python3 reads it) that gpu-compat's parser, tree-sitter-python, cannot read${where}; the file was left as it is.`
    });
  });
  return skipped;
}
var SCRIPT = [
  "import ast, json, sys, warnings",
  "warnings.simplefilter('ignore')",
  "answers = []",
  "for text in json.load(sys.stdin):",
  "    try:",
  "        ast.parse(text)",
  "        answers.append(True)",
  "    except (SyntaxError, ValueError):",
  "        answers.append(False)",
  "print(json.dumps(answers))"
].join("\n");
function validPython(texts) {
  const result = spawnSync2("python3", ["-c", SCRIPT], { input: JSON.stringify(texts), encoding: "utf8", timeout: 3e4, maxBuffer: 1 << 20 });
  if (result.status !== 0 || typeof result.stdout !== "string") return void 0;
  try {
    const answers = JSON.parse(result.stdout);
    return Array.isArray(answers) && answers.length === texts.length ? answers : void 0;
  } catch {
    return void 0;
  }
}

// packages/engine/src/add-noqa.ts
var NOT_WRITTEN = {
  notebook: "a notebook's lines live in JSON strings; add the comment in the cell (Jupyter)",
  json: "JSON has no comments",
  markdown: "a README's commands are read for hints only; add the comment in the shell block by hand",
  cuda: "CUDA sources take `//` comments, not written by --add-noqa; add it by hand",
  shell: "not written to shell scripts: a heredoc's or multi-line string's line is not told apart reliably yet; add it by hand",
  makefile: "not written to Makefiles (a `#` in a recipe goes to the shell); add it by hand",
  "requirements.txt": "not written to requirements files; add it by hand",
  "pyproject.toml": "not written to pyproject.toml; add it by hand"
};
var EXISTING = /#[ \t]*gpu-compat:[ \t]*ignore\[([^\]\r\n]*)\]/;
function addSuppressions(kind, path, text, findings, parsers) {
  const skipped = [];
  const skip = (finding, reason) => skipped.push({ path, rule: finding.rule, line: finding.start.line, ...finding.start.cell !== void 0 ? { cell: finding.start.cell } : {}, reason });
  const byLine = /* @__PURE__ */ new Map();
  for (const finding of findings) {
    const notWritten = NOT_WRITTEN[kind];
    if (notWritten) skip(finding, notWritten);
    else if (finding.rule === UNUSED_SUPPRESSION) skip(finding, "a suppression that suppresses nothing is not itself suppressed: remove or correct it");
    else byLine.set(finding.start.line, [...byLine.get(finding.start.line) ?? [], finding]);
  }
  if (byLine.size === 0) return { added: 0, skipped };
  const lines2 = new LineIndex(text);
  const tree = kind === "python" ? parsers.python.parse(text) : void 0;
  let edited = text;
  let added = 0;
  try {
    const writer = tree ? pythonLines(text, tree.root) : yamlLines(text);
    for (const line of [...byLine.keys()].sort((a, b) => b - a)) {
      const start = lines2.lineStart(line);
      const result = writer(edited, start, lineEnd4(text, start), byLine.get(line).map((finding) => finding.rule));
      if (typeof result === "string") {
        edited = result;
        added++;
      } else for (const finding of byLine.get(line)) skip(finding, result.reason);
    }
  } finally {
    tree?.dispose();
  }
  if (tree && added > 0 && !tree.root.hasError && parsesWithError(parsers, edited)) {
    for (const finding of findings) if (!skipped.some((s) => s.rule === finding.rule && s.line === finding.start.line)) skip(finding, "the comments would break the file's syntax; not written");
    return { added: 0, skipped: skipped.sort((a, b) => a.line - b.line) };
  }
  return { ...added > 0 ? { text: edited } : {}, added, skipped: skipped.sort((a, b) => a.line - b.line) };
}
function lineEnd4(text, start) {
  const match = /\r|\n/.exec(text.slice(start));
  return match ? start + match.index : text.length;
}
function withComment(text, start, end, ids, isComment) {
  const match = EXISTING.exec(text.slice(start, end));
  if (match && isComment(start + match.index)) {
    const listStart = start + match.index + match[0].indexOf("[") + 1;
    const listEnd = listStart + match[1].length;
    const merged = [.../* @__PURE__ */ new Set([...match[1].split(",").map((id) => id.trim()).filter(Boolean), ...ids])].sort();
    return text.slice(0, listStart) + merged.join(", ") + text.slice(listEnd);
  }
  return `${text.slice(0, end)}  # gpu-compat: ignore[${[...new Set(ids)].sort().join(", ")}]${text.slice(end)}`;
}
function parsesWithError(parsers, text) {
  const tree = parsers.python.parse(text);
  try {
    return tree.root.hasError;
  } finally {
    tree.dispose();
  }
}
function pythonLines(original, root) {
  const nodeAt = (offset) => root.descendantForIndex(offset);
  const isComment = (offset) => nodeAt(offset)?.type === "comment";
  const inString = (offset) => {
    for (let node = nodeAt(offset); node; node = node.parent) if ((node.type === "string" || node.type === "string_content") && node.startIndex < offset && node.endIndex > offset) return true;
    return false;
  };
  return (text, start, end, ids) => {
    if (end < original.length && inString(end)) return { reason: "the line ends inside a multi-line string, where `#` is no comment" };
    if (original.slice(start, end).endsWith("\\") && !isComment(end - 1)) return { reason: "the line ends in a `\\` continuation, which a comment would break" };
    return withComment(text, start, end, ids, isComment);
  };
}
function yamlLines(original) {
  const before = yamlShape(original);
  return (text, start, end, ids) => {
    const written2 = withComment(text, start, end, ids, () => true);
    return before !== void 0 && yamlShape(written2) === before ? written2 : { reason: "the line ends inside a multi-line YAML value, where `#` would change the value" };
  };
}
function yamlShape(text) {
  const config = parseConfig(text, "yaml");
  if ("error" in config) return void 0;
  return JSON.stringify([config.entries().map((entry) => [entry.path, entry.value]), config.keys().map((key) => [key.path, key.holds])]);
}

// packages/engine/src/write.ts
import { chmodSync, chownSync, closeSync, constants, fstatSync, openSync, readFileSync as readFileSync3, realpathSync as realpathSync3, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { basename as basename2, dirname as dirname4, join as join3 } from "node:path";
var NotRegularFileError = class extends Error {
};
function readRegularFile(path, maxBytes = Infinity) {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularFileError(stat.isDirectory() ? "it is a directory" : "it is not a regular file (a FIFO, socket or device)");
    const bytes2 = stat.size > maxBytes ? Buffer.alloc(0) : readFileSync3(fd);
    return { bytes: bytes2, size: stat.size, mode: stat.mode, uid: stat.uid, gid: stat.gid };
  } finally {
    closeSync(fd);
  }
}
function writeAtomically(path, bytes2, was) {
  const target = realpathSync3(path);
  const now = readRegularFile(target);
  if (!now.bytes.equals(was.bytes)) throw new Error("the file changed on disk while gpu-compat ran; not overwritten");
  writeBeside(target, bytes2, was);
}
function prepareOutput(path, bytes2) {
  let existing;
  try {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      existing = fstatSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    existing = void 0;
  }
  if (existing && !existing.isFile()) return { commit: () => writeFileSync(path, bytes2), discard: () => {
  } };
  const temp = tempPathFor(path);
  writeWhole(temp, bytes2, existing ? existing.mode & 4095 : 438, false);
  return {
    commit: () => renameInto(temp, path),
    discard: () => removeTemp(temp)
  };
}
function writeBeside(target, bytes2, owner) {
  const temp = tempPathFor(target);
  try {
    writeWhole(temp, bytes2, owner.mode & 4095, true);
    keepOwner(temp, owner);
  } catch (error) {
    removeTemp(temp);
    throw error;
  }
  renameInto(temp, target);
}
function renameInto(temp, path) {
  try {
    renameSync(temp, path);
  } catch (error) {
    removeTemp(temp);
    throw error;
  }
  pendingTemps.delete(temp);
}
function writeWhole(temp, bytes2, mode, exactMode) {
  pendingTemps.add(temp);
  try {
    writeFileSync(temp, bytes2, { mode, flag: "wx" });
    if (exactMode) chmodSync(temp, mode);
  } catch (error) {
    removeTemp(temp);
    throw error;
  }
}
function keepOwner(temp, owner) {
  const uid = process.getuid?.();
  if (uid === void 0 || uid === owner.uid && process.getgid?.() === owner.gid) return;
  try {
    chownSync(temp, owner.uid, owner.gid);
  } catch {
  }
}
function tempPathFor(path) {
  return join3(dirname4(path), `.${basename2(path)}.gpu-compat-${process.pid}.tmp`);
}
var pendingTemps = /* @__PURE__ */ new Set();
function removeTemp(temp) {
  if (!pendingTemps.delete(temp)) return;
  try {
    unlinkSync(temp);
  } catch {
  }
}
function removePendingTemps() {
  for (const temp of [...pendingTemps]) removeTemp(temp);
}

// packages/engine/src/run.ts
function ignoredFor(file, rules, ignores) {
  const named = ignores.filter((ignore2) => globMatcher(ignore2.pattern)(relative4(ignore2.base, file.absolute).split(sep4).join("/"))).flatMap((ignore2) => ignore2.rules);
  if (named.length === 0) return void 0;
  return rules.filter((rule) => named.includes(rule.id) || named.includes(rule.category)).map((rule) => rule.id);
}
var FEW_FILES = 24;
var POOL_THRESHOLD_CHARS = 2 * 1024 * 1024;
var MAX_FILE_BYTES = 16 * 1024 * 1024;
var MAX_CONFIG_BYTES = 1024 * 1024;
function maxBytesOf(kind) {
  return kind === "json" || kind === "yaml" ? MAX_CONFIG_BYTES : MAX_FILE_BYTES;
}
function tooLargeMessage(kind, size3) {
  const mib = (bytes2) => `${(bytes2 / 1024 / 1024).toFixed(1)} MiB`;
  if (maxBytesOf(kind) === MAX_CONFIG_BYTES) return `skipped: ${mib(size3)}, more than a config holds (${MAX_CONFIG_BYTES / 1024 / 1024} MiB): data such as golden values or a tokenizer, not settings`;
  return `skipped: ${mib(size3)}, above the ${MAX_FILE_BYTES / 1024 / 1024} MiB gpu-compat reads as source`;
}
async function runProject(options) {
  const started = performance.now();
  const root = resolve4(options.root);
  const rules = (options.rules ?? rulesFor(options.target)).filter((rule) => rule.appliesTo(options.target));
  const diagnostics = [];
  const outputs = new Set((options.outputs ?? []).map(realOrResolved));
  const discovered = discoverFiles(root, { exclude: options.exclude ?? [], ...options.paths ? { only: options.paths.map((path) => resolve4(root, path)) } : {} });
  for (const problem of discovered.problems) diagnostics.push({ path: problem.path, kind: "read-error", message: problem.message });
  const sources = outputs.size === 0 ? discovered.files : discovered.files.filter((file) => !outputs.has(realOrResolved(file.absolute)));
  const skipped = [];
  const loaded = {};
  const wholeRoot = !options.paths && (options.exclude ?? []).length === 0 && statSync2(root).isDirectory();
  const pythonFiles = wholeRoot ? pythonFilesOf(discovered.files) : void 0;
  const project = createProjectFacts(projectDir(root), () => loaded.parsers?.python, pythonFiles);
  const prefilter = new Prefilter(rules, project);
  const processor = new Processor(root, rules, options, diagnostics, project, loaded, pythonFiles);
  let candidates;
  try {
    const onRead = options.onProgress && ((done) => options.onProgress(done, sources.length, "read"));
    candidates = await readCandidates(sources, prefilter, diagnostics, skipped, (candidate) => processor.add(candidate), onRead);
  } catch (error) {
    await processor.close();
    throw error;
  }
  const outcomes = await processor.finish();
  const files = [];
  const changing = [];
  const noqaCandidates = [];
  candidates.forEach((candidate, i) => {
    const outcome = outcomes[i];
    if (!outcome) return;
    diagnostics.push(...outcome.diagnostics);
    const result2 = { path: candidate.file.path, findings: outcome.findings };
    if (options.addNoqa) noqaCandidates.push({ candidate, result: result2 });
    else if (outcome.fixed !== void 0) {
      result2.original = candidate.text;
      result2.fixed = outcome.fixed;
      result2.written = false;
      const cells = candidate.file.kind === "notebook" ? notebookCellChanges(result2.original, result2.fixed) : void 0;
      if (cells) result2.cells = cells;
      changing.push({ candidate, result: result2 });
    }
    if (result2.findings.length > 0 || result2.fixed !== void 0) files.push(result2);
  });
  skipped.push(...separateGrammarLimits(diagnostics, new Map(candidates.flatMap((c) => c.text === void 0 ? [] : [[c.file.path, c.text]]))));
  const result = {
    root,
    target: options.target,
    mode: options.mode,
    dryRun: !!options.dryRun,
    files,
    diagnostics,
    skipped,
    summary: summarize(files, diagnostics, discovered.files.length, candidates.length, options.mode, performance.now() - started)
  };
  const noqa = options.addNoqa ? addNoqaComments(noqaCandidates, changing, loaded.parsers ?? await loadParsers(options.parserBackend, { fewFiles: true })) : void 0;
  if ((options.mode === "fix" || noqa) && !options.dryRun && changing.length > 0) {
    await writeFixes(result, changing, options);
    result.summary = summarize(files, diagnostics, discovered.files.length, candidates.length, options.mode, performance.now() - started);
  }
  if (noqa) {
    const written2 = [...noqa.added].filter(([file]) => file.written);
    result.suppressions = { added: written2.reduce((sum, [, count2]) => sum + count2, 0), files: written2.length, skipped: noqa.skipped };
  }
  return result;
}
function addNoqaComments(found, changing, parsers) {
  const summary = { added: /* @__PURE__ */ new Map(), skipped: [] };
  for (const { candidate, result } of found) {
    if (result.findings.length === 0) continue;
    const noqa = addSuppressions(candidate.file.kind, result.path, candidate.text, result.findings, parsers);
    summary.skipped.push(...noqa.skipped);
    if (noqa.text === void 0) continue;
    Object.assign(result, { original: candidate.text, fixed: noqa.text, written: false });
    summary.added.set(result, noqa.added);
    changing.push({ candidate, result });
  }
  return summary;
}
async function writeFixes(result, changing, options) {
  const notApplied = (file) => {
    for (const finding of file.findings) finding.applied = false;
  };
  const guard = options.allowDirty === false ? guardWrites(changing.map((c) => c.candidate.file.absolute)) : void 0;
  if (guard && guard.refused.length > 0) {
    const pathOf = new Map(changing.map((c) => [c.candidate.file.absolute, c.candidate.file.path]));
    result.refused = guard.refused.map((file) => ({ ...file, path: pathOf.get(file.path) }));
    for (const c of changing) notApplied(c.result);
    return;
  }
  if (guard && guard.unguarded.length > 0) {
    const unguarded = new Set(guard.unguarded);
    result.unguarded = changing.filter((c) => unguarded.has(c.candidate.file.absolute)).map((c) => c.candidate.file.path);
  }
  if (options.signal?.aborted) {
    result.interrupted = true;
    for (const c of changing) notApplied(c.result);
    return;
  }
  for (const c of changing) c.result.written = true;
  try {
    options.beforeWrite?.(result);
  } finally {
    for (const c of changing) c.result.written = false;
  }
  for (const { candidate, result: file } of changing) {
    await new Promise((next) => setImmediate(next));
    if (options.signal?.aborted) {
      result.interrupted = true;
      notApplied(file);
      continue;
    }
    try {
      const was = encodeUtf8({ text: file.original, bom: candidate.bom });
      writeAtomically(candidate.file.absolute, encodeUtf8({ text: file.fixed, bom: candidate.bom }), { ...candidate.owner, bytes: was });
      file.written = true;
    } catch (error) {
      result.diagnostics.push({ path: file.path, kind: "write-error", message: `not written: ${describeIoError(error)}` });
      notApplied(file);
      delete file.fixed;
    }
  }
}
async function readCandidates(files, prefilter, diagnostics, skipped, found, onRead) {
  const candidates = [];
  for (const [index, file] of files.entries()) {
    onRead?.(index);
    let read;
    const maxBytes = maxBytesOf(file.kind);
    try {
      read = readRegularFile(file.absolute, maxBytes);
    } catch (error) {
      if (error instanceof NotRegularFileError) skipped.push({ path: file.path, reason: "not-a-file", message: `skipped: ${error.message}, not source` });
      else diagnostics.push({ path: file.path, kind: "read-error", message: `cannot read the file: ${describeIoError(error)}` });
      continue;
    }
    if (read.size > maxBytes) {
      skipped.push({ path: file.path, reason: "too-large", message: tooLargeMessage(file.kind, read.size) });
      continue;
    }
    const bytes2 = read.bytes;
    if (looksBinary(bytes2)) {
      skipped.push({ path: file.path, reason: "binary", message: "skipped: a binary file (it has NUL bytes), not source" });
      continue;
    }
    let decoded;
    const decode = () => {
      if (decoded === void 0) {
        try {
          decoded = decodeUtf8(bytes2);
        } catch {
          decoded = null;
        }
      }
      return decoded;
    };
    if (!prefilter.wants(file.kind, bytes2, () => decode()?.text)) continue;
    const utf8 = decode();
    if (utf8) {
      const candidate = { file, text: utf8.text, bom: utf8.bom, owner: { mode: read.mode, uid: read.uid, gid: read.gid } };
      candidates.push(candidate);
      await found(candidate);
    } else diagnostics.push(decodeError(file.path, bytes2));
  }
  return candidates;
}
var Processor = class {
  constructor(root, rules, options, diagnostics, project, loaded, pythonFiles) {
    this.root = root;
    this.rules = rules;
    this.options = options;
    this.diagnostics = diagnostics;
    this.project = project;
    this.loaded = loaded;
    this.pythonFiles = pythonFiles;
  }
  root;
  rules;
  options;
  diagnostics;
  project;
  loaded;
  pythonFiles;
  candidates = [];
  candidateChars = 0;
  pool = new WorkerPool();
  workersStarted = false;
  results = [];
  answered = 0;
  breather = new Breather();
  /** Queues the candidate; the read goes on once the promise resolves. */
  async add(candidate) {
    this.candidates.push(candidate);
    this.candidateChars += candidate.text.length;
    this.submit(candidate);
    if (!this.workersStarted && this.threads() > 1) {
      this.workersStarted = true;
      this.pool.start(this.threads() - 1, this.workerSetup());
    }
    if (this.pool.hasWorkers) await nextTurn();
  }
  /** Threads to parse on, this one included. */
  threads() {
    const { workers } = this.options;
    if (workers !== "auto" && workers !== void 0) return workers;
    return this.candidateChars >= POOL_THRESHOLD_CHARS ? autoThreads() : 1;
  }
  workerSetup() {
    const { target, mode, precision = "auto", parserBackend, fixes } = this.options;
    return { root: projectDir(this.root), target, ruleIds: this.rules.map((r) => r.id), mode, precision, ...fixes ? { fixes } : {}, ...parserBackend ? { backend: parserBackend } : {}, ...this.pythonFiles ? { pythonFiles: this.pythonFiles } : {} };
  }
  submit(candidate) {
    const ignore2 = ignoredFor(candidate.file, this.rules, this.options.perFileIgnores ?? []);
    const hintOnly = this.hintOnlyReason(candidate);
    const job = { path: candidate.file.path, kind: candidate.file.kind, text: candidate.text, ...ignore2 ? { ignore: ignore2 } : {}, ...hintOnly ? { hintOnly } : {} };
    const result = this.pool.submit(job).then((settled) => {
      if (!needsText(settled, this.options.addNoqa === true)) delete candidate.text;
      this.options.onProgress?.(++this.answered, this.candidates.length, "parse");
      return settled;
    });
    result.catch(() => {
    });
    this.results.push(result);
  }
  hintOnlyReason({ file, text }) {
    return hintOnlyByKind(file.kind, text) ?? hintOnlyReason(file, this.options.hintOnly ?? DEFAULT_HINT_ONLY);
  }
  async close() {
    await this.pool.close();
  }
  async finish() {
    if (this.candidates.length === 0) return [];
    try {
      await this.processHere();
      const results = await Promise.all(this.results);
      return results.map((result, i) => {
        if (!("failed" in result)) return result;
        this.diagnostics.push({ path: this.candidates[i].file.path, kind: "internal-error", message: `gpu-compat failed on this file: ${result.failed}` });
        return void 0;
      });
    } finally {
      await this.pool.close();
    }
  }
  /** Processes on this thread the jobs no worker takes, until none waits. */
  async processHere() {
    const context = await this.loadContext();
    for (let next = this.pool.take(); next; next = this.pool.take()) {
      next.settle(processJob(next.job, context));
      const breath = this.breather.processed(next.job.text.length);
      await (breath ?? (this.pool.hasWorkers ? nextTurn() : void 0));
    }
  }
  async loadContext() {
    const { target, mode, precision = "auto", parserBackend, fixes } = this.options;
    const parsers = await loadParsers(parserBackend, { fewFiles: this.candidates.length < FEW_FILES });
    this.loaded.parsers = parsers;
    return { target, rules: this.rules, mode, precision, project: this.project, parsers, ...fixes ? { fixes } : {} };
  }
};
function needsText(result, addNoqa2) {
  if ("failed" in result) return false;
  return result.fixed !== void 0 || result.diagnostics.some((d) => d.kind === "syntax-error") || addNoqa2 && result.findings.length > 0;
}
function nextTurn() {
  return new Promise((resume) => setImmediate(resume));
}
function projectDir(root) {
  return statSync2(root).isDirectory() ? root : dirname5(root);
}
function autoThreads() {
  const set = Number(process.env.GPU_COMPAT_WORKERS);
  if (Number.isInteger(set) && set >= 1) return set;
  return Math.max(1, Math.min(availableParallelism(), 8));
}
function summarize(files, diagnostics, discovered, parsed, mode, durationMs) {
  const { total, byRule, bySeverity } = countFindings(files.flatMap((f) => f.findings), mode);
  return {
    filesDiscovered: discovered,
    filesParsed: parsed,
    filesChanged: files.filter((f) => f.fixed !== void 0).length,
    filesWithFindings: files.filter((f) => f.findings.length > 0).length,
    findings: total.found,
    fixed: total.fixed,
    fixable: total.fixable,
    notApplied: total.notApplied,
    hints: total.hints,
    bySeverity,
    byRule,
    diagnostics: diagnostics.length,
    durationMs: Math.round(durationMs)
  };
}
function describeIoError(error) {
  const code2 = error.code;
  if (code2 === "EACCES" || code2 === "EPERM") return "permission denied";
  if (code2 === "EISDIR") return "it is a directory";
  if (code2 === "ENOSPC") return "no space left on the device";
  if (code2 === "EROFS") return "the file system is read-only";
  return error.message;
}
function realOrResolved(path) {
  try {
    return realpathSync4(path);
  } catch {
    return resolve4(path);
  }
}
function decodeError(path, bytes2) {
  const at = invalidUtf8At(bytes2);
  const byte = at ? ` (byte 0x${at.byte.toString(16).toUpperCase().padStart(2, "0")})` : "";
  const message2 = `the file is not valid UTF-8${byte}; gpu-compat reads UTF-8 source only, so it was skipped.`;
  return { path, kind: "decode-error", message: message2, ...at ? { start: { line: at.line, column: at.column } } : {} };
}

// packages/report/src/tally.ts
function tallyFindings(result) {
  const { summary } = result;
  const byRule = Object.entries(summary.byRule).sort(([a], [b]) => compareStrings(a, b)).map(([rule, tally]) => ({ rule, ...tally }));
  return {
    found: summary.findings,
    fixed: summary.fixed,
    fixable: summary.fixable,
    notApplied: summary.notApplied,
    hints: summary.hints,
    files: summary.filesWithFindings,
    byRule
  };
}
function plural(count2, singular, pluralForm = `${singular}s`) {
  return `${count2} ${count2 === 1 ? singular : pluralForm}`;
}

// packages/report/src/report-model.ts
function buildReport(result, options = {}) {
  const link = linker(options.linkBase);
  const findings = sortedFiles(result).flatMap((file) => sortedFindings(file.findings));
  const todo = todoItems(result, findings, link);
  return {
    title: "gpu-compat report",
    ...options.generatedAt ? { generatedAt: options.generatedAt } : {},
    target: targetLine(result.target),
    targetName: result.target.name,
    targetRows: targetRows(result.target),
    root: options.root ?? ".",
    mode: modeText(result),
    verdict: verdict(result, todo),
    todo,
    memory: memoryRows(findings, link),
    rules: ruleSections(result, findings, link, options.ruleTitles),
    changes: fileChanges(result),
    summary: summaryRows(result),
    diagnostics: sortedDiagnostics(result).map((d) => ({ location: diagnosticLabel(d), kind: d.kind, message: d.message })),
    skipped: sortedSkipped(result).map((s) => ({ path: s.path, message: s.message }))
  };
}
function linker(base = "") {
  const prefix = base === "" || base === "." ? "" : `${base.replace(/\/+$/, "")}/`;
  const encode = (path) => path.split("/").map(encodeURIComponent).join("/");
  return (path, line) => `${prefix}${encode(path)}${line === void 0 ? "" : `#L${line}`}`;
}
function findingLocation(finding, link) {
  const { path, start } = finding;
  const key = finding.keyPath ? ` (${finding.keyPath})` : "";
  if (start.cell !== void 0) return { label: `${path}, cell ${start.cell}, line ${start.line}${key}`, href: link(path) };
  return { label: `${path}:${start.line}${key}`, href: link(path, start.line) };
}
function diagnosticLabel(d) {
  if (!d.start) return d.path;
  return d.start.cell !== void 0 ? `${d.path}, cell ${d.start.cell}, line ${d.start.line}` : `${d.path}:${d.start.line}`;
}
function ruleRef(id, titles) {
  return { id, title: titles ? titles[id] ?? "" : ruleTitle(id) === id ? "" : ruleTitle(id), url: docsUrl(id) };
}
function modeText(result) {
  if (result.mode === "check") return "`check` (read only: no files are written)";
  return result.dryRun ? "`fix`, dry run (no files were written)" : "`fix` (changed files were written)";
}
function isLeft(finding, mode) {
  const status = findingStatus(finding, mode);
  return status === "hint" || status === "not applied";
}
function oneLine(text) {
  return text.replace(/\s*\r?\n\s*/g, " ").trim();
}
function todoText(finding, status) {
  if (status === "hint") return oneLine(finding.hint ?? finding.message);
  if (finding.unsafeFix !== void 0) return oneLine(`Run \`gpu-compat fix --unsafe-fixes\` to make this fix (${finding.unsafeFix}), or change it by hand: ${finding.message}`);
  return oneLine(`The fix could not be applied; change it by hand: ${finding.message}`);
}
function todoItems(result, findings, link) {
  const items = findings.filter((finding) => isLeft(finding, result.mode)).map((finding) => ({
    location: findingLocation(finding, link),
    rule: ruleRef(finding.rule, {}),
    severity: finding.severity,
    text: todoText(finding, findingStatus(finding, result.mode))
  }));
  const unread = sortedDiagnostics(result).map((d) => ({
    location: { label: diagnosticLabel(d), href: link(d.path, d.start && d.start.cell === void 0 ? d.start.line : void 0) },
    severity: d.kind,
    text: oneLine(`gpu-compat could not check this file (${d.kind}): ${d.message}`)
  }));
  const rank = { error: 1, warning: 2, info: 3 };
  return [...unread, ...items.map((item, i) => ({ item, i })).sort((a, b) => rank[a.item.severity] - rank[b.item.severity] || a.i - b.i).map(({ item }) => item)];
}
function verdict(result, todo) {
  const tally = tallyFindings(result);
  const steps = todo.length;
  const fixed = tally.fixed + tally.fixable;
  const check3 = result.mode === "check";
  if (steps === 0) {
    if (tally.found === 0) {
      return { done: true, steps, headline: "Runs as it is", detail: `nothing in this repository needs changing to run on ${result.target.name}.` };
    }
    const all = tally.found === 1 ? "the 1 finding" : `all ${tally.found} findings`;
    if (check3) return { done: true, steps, headline: "Runs after `gpu-compat fix`", detail: `it fixes ${all}; nothing is left for you.` };
    const dry = result.dryRun ? " (dry run: nothing was written yet)" : "";
    return { done: true, steps, headline: "Runs after fix", detail: `${all} ${result.dryRun ? "would be" : tally.found === 1 ? "was" : "were"} fixed${dry}; nothing is left for you.` };
  }
  const severities = {};
  for (const item of todo) severities[item.severity] = (severities[item.severity] ?? 0) + 1;
  const order = ["error", "warning", "info"];
  const parts = order.filter((s) => severities[s]).map((s) => plural(severities[s], s, s === "info" ? "info" : `${s}s`));
  const files = steps - order.reduce((sum, s) => sum + (severities[s] ?? 0), 0);
  if (files > 0) parts.push(plural(files, "file problem"));
  const done = tally.found === 0 ? "" : check3 ? `\`gpu-compat fix\` fixes ${fixed} of ${plural(tally.found, "finding")}; ` : `${fixed} of ${plural(tally.found, "finding")} ${result.dryRun ? "would be" : fixed === 1 ? "was" : "were"} fixed; `;
  return {
    done: false,
    steps,
    headline: `${plural(steps, "step")} left for you`,
    detail: `${done}what is left (${parts.join(", ")}) is under "Still to do".`
  };
}
function memoryRows(findings, link) {
  const seen = /* @__PURE__ */ new Set();
  const rows = [];
  for (const finding of findings) {
    const memory = finding.memory;
    if (!memory) continue;
    const key = `${finding.path}\0${finding.start.cell ?? ""}\0${finding.start.line}\0${memory.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const high = memory.highGiB ?? memory.estimateGiB;
    const fits = memory.estimateGiB > memory.availableGiB ? "does not fit" : high > memory.availableGiB ? "may not fit" : "fits";
    rows.push({ location: findingLocation(finding, link), memory, fits });
  }
  return rows;
}
function memoryEstimateText(memory) {
  const range = memory.lowGiB !== void 0 || memory.highGiB !== void 0 ? ` (${formatNumber(memory.lowGiB ?? memory.estimateGiB)}\u2013${formatNumber(memory.highGiB ?? memory.estimateGiB)} GiB)` : "";
  return `~${formatNumber(memory.estimateGiB)} GiB${range}`;
}
var STATUS_ORDER = ["fixed", "fixable", "not applied", "hint"];
function countsText(findings, mode) {
  const by = /* @__PURE__ */ new Map();
  for (const finding of findings) by.set(findingStatus(finding, mode), (by.get(findingStatus(finding, mode)) ?? 0) + 1);
  const parts = STATUS_ORDER.filter((s) => by.has(s)).map((s) => s === "hint" ? plural(by.get(s), "hint") : `${by.get(s)} ${s}`);
  return `${findings.length} found: ${parts.join(", ")}`;
}
function explanationOf(findings) {
  const counts = /* @__PURE__ */ new Map();
  for (const finding of findings) counts.set(finding.message, (counts.get(finding.message) ?? 0) + 1);
  let best = findings[0].message;
  for (const [message2, count2] of counts) {
    const bestCount = counts.get(best);
    if (count2 > bestCount || count2 === bestCount && message2.length < best.length) best = message2;
  }
  return best;
}
var words3 = (text) => text.match(/(?:`[^`]*`|[^\s`])+|`/g) ?? [];
var bare = (word) => word.replace(/[.,;:]+$/, "");
function siteNote(message2, explanation) {
  if (message2 === explanation) return "";
  const a = words3(message2);
  const b = words3(explanation);
  let best = { length: 0, end: 0 };
  let previous = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (bare(a[i - 1]) !== bare(b[j - 1])) continue;
      current[j] = previous[j - 1] + 1;
      if (current[j] > best.length) best = { length: current[j], end: i };
    }
    previous = current;
  }
  if (best.length < 8) return message2;
  const before = a.slice(0, best.end - best.length).join(" ");
  const after = a.slice(best.end).join(" ");
  if (!/[\p{L}\p{N}]/u.test(before + after)) return "";
  return [before, "\u2026", after].filter((part) => part !== "").join(" ");
}
function ruleSections(result, findings, link, titles) {
  const byRule = /* @__PURE__ */ new Map();
  for (const finding of findings) byRule.set(finding.rule, [...byRule.get(finding.rule) ?? [], finding]);
  return [...byRule.keys()].sort().map((id) => {
    const sites = byRule.get(id).sort(compareFindings);
    const explanation = explanationOf(sites);
    return {
      rule: ruleRef(id, titles),
      counts: countsText(sites, result.mode),
      explanation,
      sites: sites.map((finding) => ({
        location: findingLocation(finding, link),
        status: findingStatus(finding, result.mode),
        severity: finding.severity,
        note: siteNote(finding.message, explanation),
        todo: isLeft(finding, result.mode)
      }))
    };
  });
}
function hunks(original, fixed) {
  const patch = createTwoFilesPatch2("a", "b", original.endsWith("\n") ? original : `${original}
`, fixed.endsWith("\n") ? fixed : `${fixed}
`, void 0, void 0, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY2
  });
  return patch.split("\n").slice(2).join("\n");
}
function fileDiffs(file) {
  if (file.cells && file.cells.length > 0) return file.cells.map((cell2) => ({ title: `cell ${cell2.cell}`, diff: hunks(cell2.original, cell2.fixed) }));
  return [{ diff: unifiedDiff(file) }];
}
function fileChanges(result) {
  return sortedFiles(result).filter(isChanged).map((file) => ({ path: file.path, diffs: fileDiffs(file) }));
}
function summaryRows(result) {
  const tally = tallyFindings(result);
  const { summary, mode } = result;
  const rows = [
    ["Files scanned", summary.filesDiscovered],
    ["Files parsed", summary.filesParsed],
    [mode === "fix" ? "Files changed" : "Files that would change", summary.filesChanged],
    ["Findings", tally.found],
    [mode === "fix" ? "Fixed" : "Fixable", tally.fixed + tally.fixable]
  ];
  if (tally.notApplied > 0) rows.push(["Not applied", tally.notApplied]);
  rows.push(["Hints", tally.hints], ["Diagnostics", result.diagnostics.length]);
  return rows;
}

// packages/report/src/markdown.ts
function ruleLink(rule) {
  return `[${code(rule.id)}](${rule.url})`;
}
function locationLink(location) {
  return `[${code(location.label)}](${location.href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}
function header(model) {
  const lines2 = [`# ${model.title}`, ""];
  if (model.generatedAt) lines2.push(`_Generated ${model.generatedAt}_`, "");
  const { verdict: verdict2 } = model;
  lines2.push(`**${verdict2.headline}** on ${model.targetName}: ${verdict2.detail}`, "");
  lines2.push(`- Target: **${model.target}**`, `- Root: ${code(model.root)}`, `- Mode: ${model.mode}`, "");
  return lines2;
}
function todoSection(model) {
  if (model.todo.length === 0) return model.rules.length === 0 ? [] : ["## Still to do", "", "Nothing: every finding was taken care of.", ""];
  const items = model.todo.map((item) => {
    const rule = item.rule ? ` \xB7 ${ruleLink(item.rule)}` : "";
    return `- [ ] ${locationLink(item.location)}${rule} \xB7 ${item.severity} \xB7 ${item.text}`;
  });
  return ["## Still to do", "", ...items, ""];
}
var BAR_WIDTH = 20;
function bar(row) {
  const share = row.memory.availableGiB > 0 ? row.memory.estimateGiB / row.memory.availableGiB : 1;
  const filled = Math.min(BAR_WIDTH, Math.max(0, Math.round(share * BAR_WIDTH)));
  return `${code("\u2588".repeat(filled) + "\u2591".repeat(BAR_WIDTH - filled))} ${Math.round(share * 100)}%`;
}
function memorySection(model) {
  if (model.memory.length === 0) return [];
  const rows = model.memory.map((row) => [
    row.memory.label,
    locationLink(row.location),
    memoryEstimateText(row.memory),
    `${formatNumber(row.memory.availableGiB)} GiB`,
    `${bar(row)} ${row.fits}`
  ]);
  return ["## Memory", "", ...table(["Model", "Where", "Estimate", "Available", "Share"], rows), ""];
}
function ruleSection(section) {
  const title = section.rule.title ? `: ${section.rule.title}` : "";
  const lines2 = [`### ${ruleLink(section.rule)}${title}`, "", `${section.counts}.`, "", indentContinuation(section.explanation, ""), ""];
  for (const site of section.sites) {
    const status = site.todo ? `${site.status} (in Still to do)` : site.status;
    const note = site.note ? ` \xB7 ${indentContinuation(site.note, "  ")}` : "";
    lines2.push(`- ${locationLink(site.location)} \xB7 ${site.severity} \xB7 ${status}${note}`);
  }
  return [...lines2, ""];
}
function rulesSection(model) {
  if (model.rules.length === 0) return [];
  return ["## Why, rule by rule", "", ...model.rules.flatMap(ruleSection)];
}
function changesSection(model) {
  if (model.changes.length === 0) return [];
  const lines2 = ["## Changes", ""];
  for (const file of model.changes) {
    lines2.push(`### ${code(file.path)}`, "");
    for (const block of file.diffs) {
      if (block.title) lines2.push(`#### ${block.title}`, "");
      lines2.push(...fence("diff", block.diff), "");
    }
  }
  return lines2;
}
function summarySection(model) {
  return ["## Summary", "", ...model.summary.map(([label, value2]) => `- ${label}: ${value2}`), ""];
}
function targetSection(model) {
  return [
    "<details>",
    `<summary>Target profile: ${model.targetName}</summary>`,
    "",
    ...table(["Property", "Value"], model.targetRows),
    "",
    "</details>",
    ""
  ];
}
function diagnosticsSection(model) {
  if (model.diagnostics.length === 0) return [];
  const items = model.diagnostics.map((d) => `- ${code(d.location)} (${d.kind}): ${indentContinuation(d.message, "  ")}`);
  const count2 = model.diagnostics.length;
  return ["## Diagnostics", "", `${count2} ${count2 === 1 ? "problem" : "problems"} with the files themselves (not readable, not parseable, or a fix that could not be kept):`, "", ...items, ""];
}
function skippedSection(model) {
  if (model.skipped.length === 0) return [];
  return ["## Skipped files", "", ...model.skipped.map((s) => `- ${code(s.path)}: ${s.message}`), ""];
}
function renderMarkdownModel(model) {
  const lines2 = [
    ...header(model),
    ...todoSection(model),
    ...memorySection(model),
    ...rulesSection(model),
    ...changesSection(model),
    ...summarySection(model),
    ...targetSection(model),
    ...diagnosticsSection(model),
    ...skippedSection(model)
  ];
  return `${lines2.join("\n").replace(/\n+$/, "")}
`;
}
function renderMarkdown(result, options = {}) {
  return renderMarkdownModel(buildReport(result, options));
}

// packages/report/src/html.ts
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
function inline(text) {
  let html = "";
  let at = 0;
  const span = /(`+)([\s\S]*?[^`])\1(?!`)/g;
  for (let match = span.exec(text); match; match = span.exec(text)) {
    html += escapeHtml(text.slice(at, match.index));
    const body = match[2];
    html += `<code>${escapeHtml(body.startsWith(" ") && body.endsWith(" ") && body.trim() !== "" ? body.slice(1, -1) : body)}</code>`;
    at = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(at));
}
function safeHref(href) {
  return /^(https?:\/\/|[^:]*$)/i.test(href) ? escapeHtml(href) : "#";
}
function ruleLink2(rule) {
  return `<a href="${safeHref(rule.url)}"><code>${escapeHtml(rule.id)}</code></a>`;
}
function locationLink2(location) {
  return `<a href="${safeHref(location.href)}"><code>${escapeHtml(location.label)}</code></a>`;
}
function diffHtml(diff) {
  const lines2 = diff.replace(/\n$/, "").split("\n");
  const classOf2 = (line) => line.startsWith("+++") || line.startsWith("---") ? "file" : line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("\\") ? "note" : "ctx";
  return `<pre class="diff">${lines2.map((line) => `<span class="${classOf2(line)}">${escapeHtml(line)}</span>`).join("")}</pre>`;
}
var BAR = { width: 240, height: 14 };
function memoryBar(row) {
  const { estimateGiB, lowGiB, highGiB, availableGiB: availableGiB2 } = row.memory;
  const scale = Math.max(availableGiB2, highGiB ?? estimateGiB, estimateGiB, 1e-9);
  const x = (gib) => (Math.max(0, gib) / scale * BAR.width).toFixed(1);
  const range = lowGiB !== void 0 || highGiB !== void 0 ? `<line class="range" x1="${x(lowGiB ?? estimateGiB)}" x2="${x(highGiB ?? estimateGiB)}" y1="${BAR.height / 2}" y2="${BAR.height / 2}"/>` : "";
  const label = `${memoryEstimateText(row.memory)} of ${formatNumber(availableGiB2)} GiB`;
  return `<svg class="memory-bar ${row.fits.replace(/ /g, "-")}" width="${BAR.width}" height="${BAR.height}" viewBox="0 0 ${BAR.width} ${BAR.height}" role="img" aria-label="${escapeHtml(label)}"><rect class="available" x="0" y="0" width="${x(availableGiB2)}" height="${BAR.height}"/><rect class="estimate" x="0" y="2" width="${x(estimateGiB)}" height="${BAR.height - 4}"/>${range}</svg>`;
}
function header2(model) {
  const { verdict: verdict2 } = model;
  const generated = model.generatedAt ? `<p class="generated">Generated ${escapeHtml(model.generatedAt)}</p>
` : "";
  return `<h1>${escapeHtml(model.title)}</h1>
${generated}<p id="verdict" class="verdict ${verdict2.done ? "done" : "todo"}"><strong>${inline(verdict2.headline)}</strong> on ${escapeHtml(model.targetName)}: ${inline(verdict2.detail)}</p>
<ul class="facts">
<li>Target: <strong>${escapeHtml(model.target)}</strong></li>
<li>Root: <code>${escapeHtml(model.root)}</code></li>
<li>Mode: ${inline(model.mode)}</li>
</ul>
`;
}
function todoSection2(model) {
  if (model.todo.length === 0) {
    return model.rules.length === 0 ? "" : `<h2>Still to do</h2>
<ul id="still-to-do"></ul>
<p class="nothing-left">Nothing: every finding was taken care of.</p>
`;
  }
  const items = model.todo.map((item) => {
    const rule = item.rule ? ` \xB7 ${ruleLink2(item.rule)}` : "";
    return `<li><input type="checkbox" disabled> ${locationLink2(item.location)}${rule} \xB7 <span class="severity ${escapeHtml(item.severity)}">${escapeHtml(item.severity)}</span> \xB7 ${inline(item.text)}</li>`;
  });
  return `<h2>Still to do</h2>
<ul id="still-to-do">
${items.join("\n")}
</ul>
`;
}
function memorySection2(model) {
  if (model.memory.length === 0) return "";
  const rows = model.memory.map(
    (row) => `<tr><td>${inline(row.memory.label)}</td><td>${locationLink2(row.location)}</td><td class="num">${escapeHtml(memoryEstimateText(row.memory))}</td><td class="num">${escapeHtml(formatNumber(row.memory.availableGiB))} GiB</td><td>${memoryBar(row)} ${escapeHtml(row.fits)}</td></tr>`
  );
  return `<h2>Memory</h2>
<table id="memory">
<thead><tr><th>Model</th><th>Where</th><th>Estimate</th><th>Available</th><th>Share</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
`;
}
function ruleSection2(section) {
  const title = section.rule.title ? `: ${escapeHtml(section.rule.title)}` : "";
  const sites = section.sites.map((site) => {
    const status = site.todo ? `${site.status} (in Still to do)` : site.status;
    const note = site.note ? ` \xB7 ${inline(site.note)}` : "";
    return `<li>${locationLink2(site.location)} \xB7 <span class="severity ${site.severity}">${site.severity}</span> \xB7 <span class="status">${escapeHtml(status)}</span>${note}</li>`;
  });
  return `<section class="rule" id="rule-${escapeHtml(section.rule.id)}">
<h3>${ruleLink2(section.rule)}${title}</h3>
<p class="counts">${escapeHtml(section.counts)}.</p>
<p class="why">${inline(section.explanation)}</p>
<ul class="sites">
${sites.join("\n")}
</ul>
</section>
`;
}
function rulesSection2(model) {
  if (model.rules.length === 0) return "";
  return `<h2>Why, rule by rule</h2>
${model.rules.map(ruleSection2).join("")}`;
}
function changesSection2(model) {
  if (model.changes.length === 0) return "";
  const files = model.changes.map((file) => {
    const blocks = file.diffs.map((block) => `${block.title ? `<h4>${escapeHtml(block.title)}</h4>
` : ""}${diffHtml(block.diff)}
`);
    return `<section class="file">
<h3><code>${escapeHtml(file.path)}</code></h3>
${blocks.join("")}</section>
`;
  });
  return `<h2>Changes</h2>
${files.join("")}`;
}
function summarySection2(model) {
  const items = model.summary.map(([label, value2]) => `<li>${escapeHtml(label)}: ${value2}</li>`);
  return `<h2>Summary</h2>
<ul class="summary">
${items.join("\n")}
</ul>
`;
}
function targetSection2(model) {
  const rows = model.targetRows.map(([label, value2]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value2)}</td></tr>`);
  return `<details id="target-profile">
<summary>Target profile: ${escapeHtml(model.targetName)}</summary>
<table>
<tbody>
${rows.join("\n")}
</tbody>
</table>
</details>
`;
}
function diagnosticsSection2(model) {
  if (model.diagnostics.length === 0) return "";
  const items = model.diagnostics.map((d) => `<li><code>${escapeHtml(d.location)}</code> (${escapeHtml(d.kind)}): ${escapeHtml(d.message)}</li>`);
  return `<h2>Diagnostics</h2>
<ul class="diagnostics">
${items.join("\n")}
</ul>
`;
}
function skippedSection2(model) {
  if (model.skipped.length === 0) return "";
  const items = model.skipped.map((s) => `<li><code>${escapeHtml(s.path)}</code>: ${escapeHtml(s.message)}</li>`);
  return `<h2>Skipped files</h2>
<ul class="skipped">
${items.join("\n")}
</ul>
`;
}
var STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fff; --muted: #59636e; --line: #d1d9e0; --code: #f6f8fa;
  --add: #dafbe1; --add-fg: #116329; --del: #ffebe9; --del-fg: #82071e; --ok: #1a7f37; --todo: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d;
  --code: #151b23; --add: #12261e; --add-fg: #7ee787; --del: #25171c; --del-fg: #ffa198; --ok: #3fb950; --todo: #d29922; } }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .5rem; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
h3 { margin-bottom: .3rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; }
code { background: var(--code); padding: .1em .3em; border-radius: 4px; }
a { color: inherit; }
.verdict { font-size: 1.15rem; padding: .6rem .9rem; border-left: 6px solid; border-radius: 4px; background: var(--code); }
.verdict.done { border-color: var(--ok); }
.verdict.todo { border-color: var(--todo); }
.generated, .counts { color: var(--muted); }
#still-to-do { list-style: none; padding-left: .2rem; }
#still-to-do li { margin: .3rem 0; }
.severity.error { color: var(--del-fg); font-weight: 600; }
pre.diff { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: .5rem 0; overflow-x: auto; }
pre.diff span { display: block; padding: 0 .8rem; white-space: pre; }
pre.diff .add { background: var(--add); color: var(--add-fg); }
pre.diff .del { background: var(--del); color: var(--del-fg); }
pre.diff .hunk, pre.diff .file, pre.diff .note { color: var(--muted); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: middle; }
td.num { text-align: right; white-space: nowrap; }
.memory-bar { vertical-align: middle; }
.memory-bar .available { fill: var(--code); stroke: var(--line); }
.memory-bar .estimate { fill: var(--ok); }
.memory-bar.may-not-fit .estimate { fill: var(--todo); }
.memory-bar.does-not-fit .estimate { fill: var(--del-fg); }
.memory-bar .range { stroke: var(--fg); stroke-width: 2; }
details { margin-top: 2rem; }
summary { cursor: pointer; font-weight: 600; }
`;
function renderHtmlModel(model) {
  const body = [
    header2(model),
    todoSection2(model),
    memorySection2(model),
    rulesSection2(model),
    changesSection2(model),
    summarySection2(model),
    targetSection2(model),
    diagnosticsSection2(model),
    skippedSection2(model)
  ].join("");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="gpu-compat">
<title>${escapeHtml(`${model.title}: ${model.targetName}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}</main>
</body>
</html>
`;
}
function renderHtml(result, options = {}) {
  return renderHtmlModel(buildReport(result, options));
}

// packages/report/src/repo-path.ts
function repoPath(path, prefix = "") {
  if (prefix === "" || prefix === ".") return path;
  return `${prefix.replace(/\/*$/, "/")}${path}`;
}
function cellPrefix({ start }) {
  if (start?.cell === void 0) return "";
  return `cell ${start.cell}, line ${start.line}, column ${start.column}: `;
}
function positionText(start) {
  return `${start.cell !== void 0 ? `cell ${start.cell}:` : ""}${start.line}:${start.column}`;
}

// packages/report/src/json.ts
var JSON_SCHEMA_VERSION = 2;
function jsonFinding(finding, mode, pathPrefix) {
  return {
    rule: finding.rule,
    path: repoPath(finding.path, pathPrefix),
    ...finding.start.cell !== void 0 ? { cell: finding.start.cell } : {},
    line: finding.start.line,
    column: finding.start.column,
    endLine: finding.end.line,
    endColumn: finding.end.column,
    ...finding.keyPath !== void 0 ? { keyPath: finding.keyPath } : {},
    severity: finding.severity,
    message: finding.message,
    ...finding.hint !== void 0 ? { hint: finding.hint } : {},
    fixable: finding.fixable,
    ...mode === "fix" ? { applied: finding.applied === true } : {},
    ...finding.unsafeFix !== void 0 ? { unsafeFix: finding.unsafeFix } : {},
    url: docsUrl(finding.rule),
    ...finding.edits ? { edits: finding.edits } : {}
  };
}
function stableSummary(result) {
  const { durationMs: _duration, ...summary } = result.summary;
  const byRule = Object.fromEntries(Object.entries(summary.byRule).sort(([a], [b]) => compareStrings(a, b)));
  return { ...summary, byRule };
}
function renderJson(result, options = {}) {
  const { target } = result;
  const at = (path) => repoPath(path, options.pathPrefix);
  const document = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: "gpu-compat",
    version: options.version ?? "0.1.0",
    root: result.root,
    mode: result.mode,
    dryRun: result.dryRun,
    target: {
      name: target.name,
      gpu: target.gpu.id,
      count: target.count,
      computeCapability: computeCapability(target),
      ...target.platform ? { platform: target.platform.id } : {}
    },
    summary: stableSummary(result),
    findings: allFindings(result).map((finding) => jsonFinding(finding, result.mode, options.pathPrefix)),
    diagnostics: sortedDiagnostics(result).map(({ path, kind, message: message2, start }) => ({ path: at(path), kind, message: message2, ...start ? { start } : {} })),
    skipped: sortedSkipped(result).map(({ path, reason, message: message2 }) => ({ path: at(path), reason, message: message2 })),
    timing: { durationMs: result.summary.durationMs }
  };
  return `${JSON.stringify(document, null, 2)}
`;
}

// packages/report/src/summary.ts
function summaryLine(result) {
  const tally = tallyFindings(result);
  let line;
  if (tally.found === 0) {
    line = "No issues found.";
  } else {
    const parts = [];
    if (tally.fixed > 0) parts.push(`${tally.fixed} ${result.dryRun ? "would be fixed" : "fixed"}`);
    if (tally.fixable > 0) parts.push(`${tally.fixable} fixable with \`gpu-compat fix\``);
    if (tally.notApplied > 0) parts.push(`${tally.notApplied} not applied`);
    if (tally.hints > 0) parts.push(plural(tally.hints, "hint"));
    line = `Found ${plural(tally.found, "issue")} in ${plural(tally.files, "file")} (${parts.join(", ")}).`;
    const unsafe = result.files.flatMap((file) => file.findings).filter(needsUnsafeFixes).length;
    if (unsafe > 0) line += ` ${unsafe} of the fixes ${unsafe === 1 ? "is" : "are"} unsafe, made only with \`--unsafe-fixes\`.`;
  }
  const failed = new Set(result.diagnostics.map((d) => d.path)).size;
  if (failed > 0) line += ` ${plural(failed, "file")} had errors.`;
  if (result.mode === "fix" && result.dryRun && tally.fixed > 0) line += " Dry run: no files were written.";
  return line;
}

// packages/report/src/text.ts
function ansi(open, close) {
  return (text) => `\x1B[${open}m${text}\x1B[${close}m`;
}
var plain = (text) => text;
function palette(color) {
  if (!color) {
    return {
      path: plain,
      position: plain,
      severity: { error: plain, warning: plain, info: plain },
      rule: plain,
      hint: plain,
      fixed: plain,
      error: plain,
      summary: plain
    };
  }
  return {
    path: ansi(1, 22),
    // bold
    position: ansi(2, 22),
    // dim
    severity: { error: ansi(31, 39), warning: ansi(33, 39), info: ansi(34, 39) },
    rule: ansi(36, 39),
    // cyan
    hint: ansi(36, 39),
    fixed: ansi(32, 39),
    // green
    error: ansi(31, 39),
    summary: ansi(1, 22)
  };
}
function statusNote(finding, result, p, full) {
  if (needsUnsafeFixes(finding)) return ` ${p.hint(`(fixable with \`--unsafe-fixes\`: ${finding.unsafeFix})`)}`;
  const status = findingStatus(finding, result.mode);
  if (status === "fixed") return ` ${p.fixed(result.dryRun ? "(would be fixed)" : "(fixed)")}`;
  return status === "hint" || full ? "" : ` (${status})`;
}
function findingLines(finding, result, p, options) {
  const where = `${p.path(repoPath(finding.path, options.pathPrefix))}${p.position(`:${positionText(finding.start)}:`)}`;
  const kind = `${p.severity[finding.severity](finding.severity)}[${p.rule(finding.rule)}]`;
  const full = options.full === true;
  if (!full) return [`${where} ${kind} ${ruleTitle(finding.rule)}${statusNote(finding, result, p, full)}`];
  const lines2 = [`${where} ${kind} ${finding.message}${statusNote(finding, result, p, full)}`];
  if (finding.hint) lines2.push(`  ${p.hint("hint:")} ${finding.hint.replace(/\r?\n/g, "\n        ")}`);
  return lines2;
}
function renderText(result, options = {}) {
  const p = palette(options.color === true);
  const at = (path) => p.path(repoPath(path, options.pathPrefix));
  const lines2 = allFindings(result).flatMap((finding) => findingLines(finding, result, p, options));
  for (const d of sortedDiagnostics(result)) {
    lines2.push(`${at(d.path)}${d.start ? p.position(`:${positionText(d.start)}:`) : ":"} ${p.error("error")}: ${d.message}`);
  }
  if (options.quiet) return lines2.length > 0 ? `${lines2.join("\n")}
` : "";
  for (const s of sortedSkipped(result)) lines2.push(`${at(s.path)}: ${p.hint("note:")} ${s.message}`);
  if (lines2.length > 0) lines2.push("");
  lines2.push(p.summary(summaryLine(result)));
  if (!options.full && result.summary.findings > 0) lines2.push("Each finding's explanation: --output-format full; a rule's documentation: gpu-compat explain <rule>.");
  return `${lines2.join("\n")}
`;
}

// packages/report/src/sarif.ts
import { pathToFileURL } from "node:url";

// packages/report/src/sarif-rules.ts
var DESCRIPTION_LIMIT = 1024;
var LEVEL = { error: "error", warning: "warning", info: "note" };
var PROBLEM_SEVERITY = { error: "error", warning: "warning", info: "recommendation" };
function limit(text, max = DESCRIPTION_LIMIT) {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}
function pascalCase(id) {
  return id.split("-").map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("");
}
function plainText(markdown) {
  return markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`+([^`]*)`+/g, "$1").replace(/\*\*([^*]*)\*\*/g, "$1");
}
function whyBlocks(docs) {
  const section = docs.split(/\r?\n## /).find((part) => /^Why\r?\n/.test(part));
  if (!section) return [];
  const blocks = [];
  let lines2 = [];
  let inFence = false;
  const flush = (code2) => {
    if (lines2.length > 0) blocks.push({ text: lines2.join(" "), code: code2 });
    lines2 = [];
  };
  for (const line of section.split(/\r?\n/).slice(1)) {
    if (/^\s*(```|~~~)/.test(line)) {
      flush(inFence);
      inFence = !inFence;
    } else if (!inFence && line.trim() === "") flush(false);
    else if (line.trim() !== "") lines2.push(line.trim());
  }
  flush(inFence);
  return blocks;
}
function fullDescription(rule, docs) {
  const blocks = docs ? whyBlocks(docs) : [];
  const taken = blocks.slice(0, 1);
  for (const next of blocks.slice(1)) {
    const last = taken[taken.length - 1];
    if (last.code || !(next.code || last.text.endsWith(":"))) break;
    taken.push(next);
  }
  const text = taken.map((block) => block.code ? block.text : plainText(block.text)).join(" ").trim();
  return text || `${rule.title}. Applies when ${rule.appliesWhen}.`;
}
function ruleDescriptor(rule) {
  const docs = ruleDocs[rule.id];
  const help = docs ?? `# ${rule.id}

${rule.title}
`;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: limit(rule.title) },
    fullDescription: { text: limit(fullDescription(rule, docs)) },
    helpUri: docsUrl(rule.id),
    help: { text: help, markdown: `${help.trimEnd()}

[Documentation](${docsUrl(rule.id)})
` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: [rule.category], "problem.severity": PROBLEM_SEVERITY[rule.severity] }
  };
}
function bareDescriptor(id, severity) {
  return { id, name: pascalCase(id), shortDescription: { text: id }, defaultConfiguration: { level: LEVEL[severity] } };
}

// packages/report/src/sarif.ts
var SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
var INFORMATION_URI = "https://github.com/gpu-compat/gpu-compat";
var SRCROOT = "%SRCROOT%";
function uriOf(path, prefix) {
  return repoPath(path, prefix).split("/").map(encodeURIComponent).join("/");
}
function artifactLocation(path, options) {
  return { uri: uriOf(path, options.pathPrefix), uriBaseId: SRCROOT };
}
function resultMessage(finding) {
  const text = `${cellPrefix(finding)}${finding.message}`;
  return finding.hint ? `${text}
Hint: ${finding.hint}` : text;
}
function resultProperties(finding, mode) {
  const properties = { fixable: finding.fixable };
  if (mode === "fix") properties.applied = finding.applied === true;
  if (finding.keyPath !== void 0) properties.keyPath = finding.keyPath;
  const { start, end } = finding;
  if (start.cell !== void 0) {
    Object.assign(properties, { cell: start.cell, cellLine: start.line, cellColumn: start.column, cellEndLine: end.line, cellEndColumn: end.column });
  }
  return properties;
}
function sarifResult(finding, ruleIndex, mode, options) {
  const { start, end } = finding;
  const region = start.cell === void 0 ? { region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column } } : {};
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: resultMessage(finding) },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.path, options), ...region } }],
    properties: resultProperties(finding, mode)
  };
}
function notifications(result, options) {
  const notification = (file, level, id) => {
    const start = "start" in file ? file.start : void 0;
    const region = start && start.cell === void 0 ? { region: { startLine: start.line, startColumn: start.column } } : {};
    return {
      level,
      message: { text: `${cellPrefix({ start })}${file.message}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path, options), ...region } }],
      descriptor: { id }
    };
  };
  return [
    ...sortedDiagnostics(result).map((d) => notification(d, "error", d.kind)),
    ...sortedSkipped(result).map((s) => notification(s, "note", `skipped-${s.reason}`))
  ];
}
function targetProperties(result) {
  const { target } = result;
  return {
    name: target.name,
    gpu: target.gpu.id,
    count: target.count,
    computeCapability: computeCapability(target),
    ...target.platform ? { platform: target.platform.id } : {}
  };
}
function renderSarif(result, options = {}) {
  const rules = [...options.rules ?? allRules];
  const indexOf = new Map(rules.map((rule, index) => [rule.id, index]));
  const descriptors = rules.map(ruleDescriptor);
  const findings = allFindings(result);
  for (const finding of findings) {
    if (indexOf.has(finding.rule)) continue;
    indexOf.set(finding.rule, descriptors.length);
    descriptors.push(bareDescriptor(finding.rule, finding.severity));
  }
  const toolExecutionNotifications = notifications(result, options);
  const srcRoot = options.srcRoot !== void 0 ? pathToFileURL(options.srcRoot).href.replace(/\/?$/, "/") : void 0;
  const run = {
    tool: { driver: { name: "gpu-compat", version: options.version ?? "0.1.0", informationUri: INFORMATION_URI, rules: descriptors } },
    // One category per target, so that a workflow checking several targets keeps each one's alerts.
    automationDetails: { id: `gpu-compat/${result.target.name}/` },
    invocations: [{ executionSuccessful: true, ...toolExecutionNotifications.length > 0 ? { toolExecutionNotifications } : {} }],
    ...srcRoot !== void 0 ? { originalUriBaseIds: { [SRCROOT]: { uri: srcRoot } } } : {},
    columnKind: "utf16CodeUnits",
    results: findings.map((finding) => sarifResult(finding, indexOf.get(finding.rule), result.mode, options)),
    properties: { target: targetProperties(result), mode: result.mode }
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] }, null, 2)}
`;
}

// packages/report/src/github.ts
var COMMAND = { error: "error", warning: "warning", info: "notice" };
function escapeData(text) {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(text) {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function command(name, properties, message2) {
  const props = properties.filter((entry) => entry[1] !== void 0).map(([key, value2]) => `${key}=${escapeProperty(String(value2))}`).join(",");
  return `::${name} ${props}::${escapeData(message2)}`;
}
function position(finding) {
  const { start, end } = finding;
  if (start.cell !== void 0) return [];
  const oneLine2 = start.line === end.line;
  return [
    ["line", start.line],
    ["endLine", end.line],
    ["col", oneLine2 ? start.column : void 0],
    ["endColumn", oneLine2 ? end.column : void 0]
  ];
}
function annotation(finding, options) {
  const hint2 = finding.hint ? `
Hint: ${finding.hint}` : "";
  return command(
    COMMAND[finding.severity],
    [["file", repoPath(finding.path, options.pathPrefix)], ...position(finding), ["title", `gpu-compat ${finding.rule}`]],
    `${cellPrefix(finding)}${finding.message}${hint2}`
  );
}
function renderGithub(result, options = {}) {
  const lines2 = allFindings(result).map((finding) => annotation(finding, options));
  for (const d of sortedDiagnostics(result)) {
    const at = d.start && d.start.cell === void 0 ? [["line", d.start.line], ["col", d.start.column]] : [];
    lines2.push(command("error", [["file", repoPath(d.path, options.pathPrefix)], ...at, ["title", "gpu-compat"]], d.message));
  }
  for (const s of sortedSkipped(result)) {
    lines2.push(command("notice", [["file", repoPath(s.path, options.pathPrefix)], ["title", "gpu-compat"]], s.message));
  }
  lines2.push(summaryLine(result));
  return `${lines2.join("\n")}
`;
}

// packages/report/src/xml.ts
function escapeXml(text) {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

// packages/report/src/junit.ts
function testcase(c) {
  const attributes = `name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}"`;
  return `    <testcase ${attributes}>
      <${c.kind} message="${escapeXml(c.message)}" type="${escapeXml(c.type)}">${escapeXml(c.text)}</${c.kind}>
    </testcase>`;
}
function renderJunit(result, options = {}) {
  const bySuite = /* @__PURE__ */ new Map();
  const add = (path, c) => {
    const classname = repoPath(path, options.pathPrefix);
    bySuite.set(classname, [...bySuite.get(classname) ?? [], { ...c, classname }]);
  };
  for (const finding of allFindings(result)) {
    const where = positionText(finding.start);
    const hint2 = finding.hint ? `
Hint: ${finding.hint}` : "";
    add(finding.path, { name: `${finding.rule} at ${where}`, kind: "failure", type: finding.severity, message: finding.message, text: `${repoPath(finding.path, options.pathPrefix)}:${where}: ${finding.message}${hint2}` });
  }
  for (const d of sortedDiagnostics(result)) add(d.path, { name: d.kind, kind: "error", type: d.kind, message: d.message, text: d.message });
  const suites = [...bySuite].sort(([a], [b]) => compareStrings(a, b)).map(([name, cases]) => {
    const failures2 = cases.filter((c) => c.kind === "failure").length;
    return `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures2}" errors="${cases.length - failures2}">
${cases.map(testcase).join("\n")}
  </testsuite>`;
  });
  if (suites.length === 0) suites.push(`  <testsuite name="gpu-compat" tests="1" failures="0" errors="0">
    <testcase name="no findings" classname="gpu-compat"/>
  </testsuite>`);
  const total = Math.max(1, allFindings(result).length + result.diagnostics.length);
  const failures = result.summary.findings;
  const header3 = `<testsuites name="gpu-compat" tests="${total}" failures="${failures}" errors="${result.diagnostics.length}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>
${header3}
${suites.join("\n")}
</testsuites>
`;
}

// packages/report/src/gitlab.ts
import { createHash } from "node:crypto";
var GITLAB_SEVERITY = { error: "major", warning: "minor", info: "info" };
function fingerprinter() {
  const seen = /* @__PURE__ */ new Map();
  return (parts) => {
    const key = parts.join("\0");
    const repeat = seen.get(key) ?? 0;
    seen.set(key, repeat + 1);
    return createHash("sha256").update(`${key}\0${repeat}`).digest("hex").slice(0, 32);
  };
}
function lines(finding) {
  if (finding.start.cell !== void 0) return { begin: 1 };
  return finding.end.line > finding.start.line ? { begin: finding.start.line, end: finding.end.line } : { begin: finding.start.line };
}
function renderGitlab(result, options = {}) {
  const fingerprint = fingerprinter();
  const issues = allFindings(result).map((finding) => {
    const path = repoPath(finding.path, options.pathPrefix);
    return {
      description: `${cellPrefix(finding)}${finding.message}`,
      check_name: finding.rule,
      fingerprint: fingerprint([finding.rule, path, finding.sourceLine?.trim() ?? `${finding.start.line}`]),
      severity: GITLAB_SEVERITY[finding.severity],
      location: { path, lines: lines(finding) }
    };
  });
  for (const d of sortedDiagnostics(result)) {
    const path = repoPath(d.path, options.pathPrefix);
    const begin = d.start && d.start.cell === void 0 ? d.start.line : 1;
    issues.push({ description: `${cellPrefix(d)}${d.message}`, check_name: `gpu-compat/${d.kind}`, fingerprint: fingerprint([d.kind, path, d.message]), severity: "major", location: { path, lines: { begin } } });
  }
  return `${JSON.stringify(issues, null, 2)}
`;
}

// packages/report/src/statistics.ts
function ruleCounts(result) {
  return tallyFindings(result).byRule.filter((tally) => tally.found > 0).map((tally) => ({ rule: tally.rule, count: tally.found, fixable: tally.fixable + tally.fixed, title: ruleTitle(tally.rule) })).sort((a, b) => b.count - a.count);
}
function renderStatistics(result, format) {
  const rows = ruleCounts(result);
  if (format === "json") return `${JSON.stringify(rows, null, 2)}
`;
  const countWidth = Math.max(0, ...rows.map((row) => String(row.count).length));
  const ruleWidth = Math.max(0, ...rows.map((row) => row.rule.length));
  return rows.map((row) => `${String(row.count).padStart(countWidth)}  ${row.rule.padEnd(ruleWidth)}  ${row.fixable > 0 ? "[*]" : "   "} ${row.title}
`).join("");
}

// packages/cli/src/version.ts
import { readFileSync as readFileSync4 } from "node:fs";
var VERSION = JSON.parse(readFileSync4(new URL("../package.json", import.meta.url), "utf8")).version;

// packages/cli/src/findings-output.ts
var OUTPUT_FORMATS = ["concise", "full", "json", "sarif", "github", "junit", "gitlab"];
var LEGACY_FORMATS = ["text", ...OUTPUT_FORMATS];
function outputFormat(options) {
  const format = options.outputFormat ?? options.format ?? "concise";
  return format === "text" ? "concise" : format;
}
function isTextFormat(format) {
  return format === "concise" || format === "full";
}
function checkStatisticsFormat(view) {
  if (view.statistics && !isTextFormat(view.format) && view.format !== "json") {
    throw new UsageError(`--statistics prints counts as text or JSON; it does not combine with --output-format ${view.format}`);
  }
}
function renderFindings(result, view, paths) {
  if (view.quiet >= 2) return "";
  if (view.statistics) return renderStatistics(result, view.format === "json" ? "json" : "text");
  switch (view.format) {
    case "concise":
    case "full":
      return renderText(result, { color: view.color, full: view.format === "full", pathPrefix: paths.displayPrefix, quiet: view.quiet >= 1 });
    case "json":
      return renderJson(result, { version: VERSION, pathPrefix: paths.displayPrefix });
    case "junit":
      return renderJunit(result, { pathPrefix: paths.displayPrefix });
    case "sarif":
      return renderSarif(result, { version: VERSION, pathPrefix: paths.pathPrefix, srcRoot: paths.srcRoot });
    case "github":
      return renderGithub(result, { pathPrefix: paths.pathPrefix });
    case "gitlab":
      return renderGitlab(result, { pathPrefix: paths.pathPrefix });
  }
}

// packages/cli/src/flags.ts
function commaList(value2, previous) {
  return [...previous ?? [], ...value2.split(",").map((item) => item.trim()).filter((item) => item !== "")];
}
function countUp(_value, previous) {
  return (previous ?? 0) + 1;
}

// packages/cli/src/info-commands.ts
function rulesCommand(io, format = "text") {
  if (format === "json") {
    const rules = allRules.map((rule) => ({ id: rule.id, title: rule.title, category: rule.category, severity: rule.severity, fixable: rule.fixable, appliesWhen: rule.appliesWhen, url: docsUrl(rule.id) }));
    io.stdout(`${JSON.stringify(rules, null, 2)}
`);
    return EXIT_OK;
  }
  const width = (field) => Math.max(...allRules.map((rule) => field(rule).length));
  const [id, category, severity, fixable] = [width((r) => r.id), width((r) => r.category), width((r) => r.severity), width((r) => r.fixable)];
  const lines2 = allRules.map(
    (rule) => `${rule.id.padEnd(id)}  ${rule.category.padEnd(category)}  ${rule.severity.padEnd(severity)}  fix: ${rule.fixable.padEnd(fixable)}  ${rule.title}`
  );
  io.stdout(`${lines2.join("\n")}

Run \`gpu-compat explain <rule>\` for what a rule does and why.
`);
  return EXIT_OK;
}
function explainCommand(id, io) {
  const rule = findRule(id);
  if (!rule) {
    const near = closest(id, allRules.map((r) => r.id));
    throw new UsageError(`Unknown rule '${id}'${near ? ` (did you mean '${near}'?)` : ""}. \`gpu-compat rules\` lists the rules.`);
  }
  const docs = ruleDocs[rule.id] ?? `# ${rule.id}

${rule.title}
`;
  io.stdout(`${docs.trimEnd()}

Applies when ${rule.appliesWhen}.
Docs: ${docsUrl(rule.id)}
`);
  return EXIT_OK;
}
function targetsCommand(io) {
  io.stdout(formatTargetsTable());
  return EXIT_OK;
}
async function versionCommand(io) {
  io.stdout(`gpu-compat ${VERSION}
node ${process.version} (${process.platform}-${process.arch})
parser: ${await describeParserBackend()}
`);
  return EXIT_OK;
}

// packages/cli/src/run-command.ts
import { existsSync as existsSync4, readFileSync as readFileSync7, realpathSync as realpathSync6, statSync as statSync6 } from "node:fs";
import { dirname as dirname10, relative as relative8, resolve as resolve7, sep as sep8 } from "node:path";

// packages/cli/src/color.ts
function useColor(choice, env, stdoutIsTerminal) {
  if (choice === "always") return true;
  if (choice === "never") return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== void 0 && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return stdoutIsTerminal;
}

// packages/cli/src/outputs.ts
import { accessSync, constants as constants2, existsSync as existsSync2, mkdirSync, readFileSync as readFileSync5, realpathSync as realpathSync5, statSync as statSync3 } from "node:fs";
import { dirname as dirname6, relative as relative5, sep as sep5 } from "node:path";
function checkOutputPath(flag2, path, root) {
  let stat;
  try {
    stat = statSync3(path);
  } catch (error) {
    const code2 = error.code;
    if (code2 === "ENOTDIR") throw new UsageError(`${flag2} ${path}: a folder on that path is a file`);
    if (code2 !== "ENOENT") throw new UsageError(`${flag2} ${path}: ${error.message}`);
  }
  if (stat?.isDirectory()) throw new UsageError(`${flag2} ${path} is a directory; give the path of a file`);
  if (stat?.isFile() && isSourceOf(root, path) && !isGpuCompatOutput(path)) {
    throw new UsageError(`${flag2} ${path} is a source file this run reads; writing there would replace it. Choose another path`);
  }
  let folder = dirname6(path);
  while (!existsSync2(folder)) folder = dirname6(folder);
  if (!statSync3(folder).isDirectory()) throw new UsageError(`${flag2} ${path}: ${folder} is not a directory`);
  try {
    accessSync(folder, constants2.W_OK);
    if (stat) accessSync(path, constants2.W_OK);
  } catch (error) {
    const code2 = error.code;
    const why5 = code2 === "EROFS" ? "the file system is read-only" : "permission denied";
    throw new UsageError(`${flag2} ${path} cannot be written: ${why5}`);
  }
  return { path, flag: flag2 };
}
function prepareOutputFile(output, text) {
  try {
    mkdirSync(dirname6(output.path), { recursive: true });
    return prepareOutput(output.path, Buffer.from(text, "utf8"));
  } catch (error) {
    throw new UsageError(`${output.flag} ${output.path} could not be written: ${describeWriteError(error)}`);
  }
}
function writeOutput(output, text) {
  const prepared = prepareOutputFile(output, text);
  try {
    prepared.commit();
  } catch (error) {
    throw new UsageError(`${output.flag} ${output.path} could not be written: ${describeWriteError(error)}`);
  }
}
function describeWriteError(error) {
  const code2 = error.code;
  if (code2 === "ENOSPC") return "no space left on the device";
  if (code2 === "EROFS") return "the file system is read-only";
  if (code2 === "EACCES" || code2 === "EPERM") return "permission denied";
  return error.message;
}
function isSourceOf(root, path) {
  const realRoot = realpathSync5(root);
  const real = realpathSync5(path);
  const inside = real === realRoot || real.startsWith(realRoot.endsWith(sep5) ? realRoot : realRoot + sep5);
  return inside && kindOfPath(relative5(statSync3(realRoot).isDirectory() ? realRoot : dirname6(realRoot), real).split(sep5).join("/")) !== null;
}
function isGpuCompatOutput(path) {
  try {
    const text = readFileSync5(path, "utf8");
    if (text.startsWith("# gpu-compat report\n")) return true;
    const document = JSON.parse(text);
    return document.tool === "gpu-compat" || document.runs?.[0]?.tool?.driver?.name === "gpu-compat";
  } catch {
    return false;
  }
}

// packages/cli/src/paths.ts
import { statSync as statSync4 } from "node:fs";
import { dirname as dirname7, isAbsolute as isAbsolute2, relative as relative6, sep as sep6 } from "node:path";
function outputPaths(cwd, root) {
  const dir = statSync4(root).isDirectory() ? root : dirname7(root);
  const rel = relative6(cwd, dir);
  const outside = rel === ".." || rel.startsWith(`..${sep6}`) || isAbsolute2(rel);
  const slashes = (path) => path.split(sep6).join("/");
  if (outside) return { displayPrefix: slashes(dir), pathPrefix: "", srcRoot: dir };
  return { displayPrefix: slashes(rel), pathPrefix: slashes(rel), srcRoot: cwd };
}

// packages/cli/src/progress.ts
var PHASE_WORD = { read: "read", parse: "parsed" };
var DELAY_MS = 500;
var EVERY_MS = 100;
function progressLine(write, isTerminal, now = () => performance.now()) {
  if (!isTerminal) return { update() {
  }, end() {
  } };
  const started = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(done, total, phase = "parse") {
      const at = now();
      if (at - started < DELAY_MS || at - last < EVERY_MS && done < total) return;
      last = at;
      shown = true;
      write(`\r\x1B[Kgpu-compat: ${done}/${total} files ${PHASE_WORD[phase]}`);
    },
    end() {
      if (shown) write("\r\x1B[K");
    }
  };
}

// packages/cli/src/settings.ts
import { existsSync as existsSync3, readFileSync as readFileSync6, statSync as statSync5 } from "node:fs";
import { basename as basename3, dirname as dirname8, join as join4, resolve as resolve5 } from "node:path";
import { parse as parseToml2 } from "smol-toml";
var SettingsError = class extends Error {
};
var FILE_NAMES = ["gpu-compat.toml", ".gpu-compat.toml"];
var KEYS = ["target", "precision", "select", "ignore", "exclude", "per-file-ignores", "hint-only"];
var PRECISIONS = ["auto", "fp32", "fp16"];
var CATEGORIES = [...new Set(allRules.map((rule) => rule.category))];
function findSettings(path) {
  let dir = resolve5(path);
  if (existsSync3(dir) && !statSync5(dir).isDirectory()) dir = dirname8(dir);
  for (; ; ) {
    for (const name of FILE_NAMES) {
      const file = join4(dir, name);
      if (existsSync3(file)) return loadSettings(file);
    }
    const pyproject = join4(dir, "pyproject.toml");
    if (existsSync3(pyproject)) {
      const settings = loadSettings(pyproject, { optional: true });
      if (settings) return settings;
    }
    const parent = dirname8(dir);
    if (parent === dir) return void 0;
    dir = parent;
  }
}
function loadSettings(file, options = {}) {
  const isPyproject = file.endsWith("pyproject.toml");
  const table2 = isPyproject ? "tool.gpu-compat" : "";
  let data;
  try {
    data = parseToml2(readFileSync6(file, "utf8"));
  } catch (error) {
    throw new SettingsError(`${file}: not valid TOML: ${error.message.split("\n")[0]}`);
  }
  const raw = isPyproject ? data.tool?.["gpu-compat"] : data;
  if (raw === void 0) {
    if (options.optional) return void 0;
    throw new SettingsError(`${file}: has no [tool.gpu-compat] table.`);
  }
  const where = (key) => `${file}: ${table2 ? `[${table2}] ` : ""}${key}`;
  if (!isTable(raw)) throw new SettingsError(`${file}: [${table2}] must be a table.`);
  const settings = { file, table: table2 };
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) {
      const near = closest(key, KEYS);
      throw new SettingsError(`${where(key)}: unknown setting${near ? ` (did you mean \`${near}\`?)` : ""}; accepted: ${KEYS.join(", ")}.`);
    }
  }
  if (raw.target !== void 0) settings.target = readTarget(raw.target, where("target"));
  if (raw.precision !== void 0) settings.precision = readChoice(raw.precision, PRECISIONS, where("precision"));
  if (raw.select !== void 0) settings.select = readRules(raw.select, where("select"));
  if (raw.ignore !== void 0) settings.ignore = readRules(raw.ignore, where("ignore"));
  if (raw.exclude !== void 0) settings.exclude = readStrings(raw.exclude, where("exclude"), "a list of glob strings");
  if (raw["hint-only"] !== void 0) settings.hintOnly = readStrings(raw["hint-only"], where("hint-only"), "a list of glob strings (files reported but never fixed; [] fixes tests and conversion scripts too)");
  const perFile = raw["per-file-ignores"];
  if (perFile !== void 0) {
    if (!isTable(perFile)) throw new SettingsError(`${where("per-file-ignores")}: must be a table of glob = [rule ids], e.g. "notebooks/*.ipynb" = ["bf16-dtype"].`);
    settings.perFileIgnores = Object.entries(perFile).map(([pattern, rules]) => ({ pattern, rules: readRules(rules, where(`per-file-ignores."${pattern}"`)) }));
  }
  return settings;
}
function readTarget(value2, where) {
  if (typeof value2 !== "string") throw new SettingsError(`${where}: must be a string naming a GPU target, e.g. "t4" or "kaggle-t4x2" (see \`gpu-compat targets\`).`);
  try {
    resolveTarget(value2);
    return value2;
  } catch (error) {
    if (error instanceof UnknownTargetError) throw new SettingsError(`${where}: ${error.message}`);
    throw error;
  }
}
function readChoice(value2, choices, where) {
  if (typeof value2 === "string" && choices.includes(value2)) return value2;
  throw new SettingsError(`${where}: ${JSON.stringify(value2)} is not accepted; accepted: ${choices.map((c) => `"${c}"`).join(", ")}.`);
}
function readStrings(value2, where, what) {
  if (Array.isArray(value2) && value2.every((item) => typeof item === "string")) return value2;
  throw new SettingsError(`${where}: must be ${what}.`);
}
function readRules(value2, where) {
  return checkRuleNames(readStrings(value2, where, `a list of rule ids or categories (${CATEGORIES.join(", ")})`), where);
}
function checkRuleNames(names2, where) {
  for (const name of names2) {
    if (allRules.some((rule) => rule.id === name) || CATEGORIES.includes(name)) continue;
    const near = closest(name, [...allRules.map((rule) => rule.id), ...CATEGORIES]);
    throw new SettingsError(`${where}: \`${name}\` is neither a rule nor a category${near ? ` (did you mean \`${near}\`?)` : ""}; \`gpu-compat rules\` lists the rules, the categories are ${CATEGORIES.join(", ")}.`);
  }
  return [...names2];
}
function hintOnlyPatterns(settings) {
  if (!settings?.hintOnly) return [...DEFAULT_HINT_ONLY];
  const base = dirname8(settings.file);
  return settings.hintOnly.map((pattern) => ({ pattern, base, why: `it matches \`${pattern}\` of \`hint-only\` in ${basename3(settings.file)}` }));
}
function selectRules(select, ignore2) {
  return allRules.filter((rule) => (!select || names(select, rule)) && !(ignore2 && names(ignore2, rule)));
}
function names(list, rule) {
  return list.includes(rule.id) || list.includes(rule.category);
}
function isTable(value2) {
  return typeof value2 === "object" && value2 !== null && !Array.isArray(value2) && !(value2 instanceof Date);
}

// packages/cli/src/stdin.ts
import { mkdirSync as mkdirSync2, mkdtempSync, rmSync, writeFileSync as writeFileSync2 } from "node:fs";
import { tmpdir } from "node:os";
import { basename as basename4, dirname as dirname9, isAbsolute as isAbsolute3, join as join5, relative as relative7, resolve as resolve6, sep as sep7 } from "node:path";
var STDIN_PATH = "-";
function isStdin(paths) {
  const list = typeof paths === "string" ? [paths] : paths;
  if (!list.includes(STDIN_PATH)) return false;
  if (list.length > 1) throw new UsageError("`-` (read the source from stdin) cannot be combined with other paths");
  return true;
}
function stdinSource(cwd, bytes2, stdinFilename) {
  const name = stdinFilename ?? "stdin.py";
  const absolute = resolve6(cwd, name);
  const rel = relative7(cwd, absolute);
  const inside = rel !== "" && !rel.startsWith(`..${sep7}`) && rel !== ".." && !isAbsolute3(rel);
  const path = inside ? rel : basename4(absolute);
  if (kindOfPath(path.split(sep7).join("/")) === null) {
    throw new UsageError(`--stdin-filename ${name}: not a kind of file gpu-compat reads (Python, a notebook, a shell script, a config); the name sets the kind`);
  }
  const root = mkdtempSync(join5(tmpdir(), "gpu-compat-stdin-"));
  const file = join5(root, path);
  mkdirSync2(dirname9(file), { recursive: true });
  writeFileSync2(file, bytes2);
  return { root, file, settingsFrom: dirname9(absolute), dispose: () => rmSync(root, { recursive: true, force: true }) };
}
async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

// packages/cli/src/run-command.ts
async function runWithProgress(io, options) {
  const progress = progressLine(io.stderr, io.stderrIsTerminal === true);
  try {
    return await runProject({ ...options, onProgress: (done, total, phase) => progress.update(done, total, phase) });
  } finally {
    progress.end();
  }
}
function parseTarget(name) {
  try {
    return resolveTarget(name);
  } catch (error) {
    if (error instanceof UnknownTargetError) throw new UsageError(error.message);
    throw error;
  }
}
function resolveRoot(io, path) {
  const root = resolve7(io.cwd, path);
  if (!existsSync4(root)) throw new UsageError(`No such file or directory: ${path}`);
  return root;
}
function resolvePaths(io, given) {
  const paths = (typeof given === "string" ? [given] : given).map((path) => resolveRoot(io, path));
  if (paths.length === 1 && statSync6(paths[0]).isDirectory()) return { root: paths[0] };
  const inside = (dir, path) => path === dir || path.startsWith(dir.endsWith(sep8) ? dir : dir + sep8);
  let root = statSync6(paths[0]).isDirectory() ? paths[0] : dirname10(paths[0]);
  while (!paths.every((path) => inside(root, path))) root = dirname10(root);
  const tree = workTreeOf(root);
  const treeAsGiven = tree && resolve7(root, relative8(realOrSelf2(root), tree));
  return { root: treeAsGiven && inside(treeAsGiven, root) ? treeAsGiven : root, paths };
}
function realOrSelf2(path) {
  try {
    return realpathSync6(path);
  } catch {
    return path;
  }
}
var ruleTitles = Object.fromEntries(allRules.map((rule) => [rule.id, rule.title]));
function runChoice(io, root, options, settingsFrom = root) {
  let settings;
  try {
    settings = options.config ? loadSettings(resolve7(io.cwd, options.config)) : findSettings(settingsFrom);
    for (const [flag2, list] of [["--select", options.select], ["--ignore", options.ignore]]) if (list) checkRuleNames(list, flag2);
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(error.message);
    throw error;
  }
  const targetName = options.target ?? settings?.target;
  if (!targetName) {
    throw new UsageError("no target: pass --target (for example --target t4; `gpu-compat targets` lists them) or set `target` in [tool.gpu-compat] of pyproject.toml, or in gpu-compat.toml.");
  }
  const rules = selectRules(options.select ?? settings?.select, options.ignore ?? settings?.ignore);
  const base = settings ? dirname10(settings.file) : settingsFrom;
  return {
    target: parseTarget(targetName),
    precision: options.precision ?? settings?.precision ?? "auto",
    rules,
    exclude: options.exclude ?? settings?.exclude ?? [],
    perFileIgnores: (settings?.perFileIgnores ?? []).map(({ pattern, rules: named }) => ({ base, pattern, rules: named })),
    hintOnly: hintOnlyPatterns(settings)
  };
}
async function withInput(io, given, options, body) {
  if (!isStdin(given)) return body(resolvePaths(io, given));
  const bytes2 = await (io.readStdin ?? (() => readAll(process.stdin)))();
  const stdin = stdinSource(io.cwd, bytes2, options.stdinFilename);
  try {
    return await body({ root: stdin.root, paths: [stdin.file], stdin });
  } finally {
    stdin.dispose();
  }
}
function findingsView(io, options, stdoutTaken) {
  const view = {
    format: outputFormat(options),
    quiet: options.silent ? 2 : options.quiet ?? 0,
    statistics: options.statistics === true,
    color: !options.outputFile && !stdoutTaken && useColor(options.color, io.env ?? process.env, io.stdoutIsTerminal === true)
  };
  checkStatisticsFormat(view);
  return view;
}
function findingsSink(io, options, root, stdoutTaken) {
  const view = findingsView(io, options, stdoutTaken);
  const file = options.outputFile ? checkOutputPath("--output-file", resolve7(io.cwd, options.outputFile), root) : void 0;
  const stream = stdoutTaken && !file ? io.stderr : io.stdout;
  const notesOnStdout = !stdoutTaken && (isTextFormat(view.format) || file !== void 0);
  return {
    view,
    ...file ? { file } : {},
    write: (text) => file ? writeOutput(file, text) : text !== "" && stream(text),
    note: (text) => view.quiet === 0 && (notesOnStdout ? io.stdout : io.stderr)(text)
  };
}
function pathsOf(io, input) {
  return input.stdin ? { displayPrefix: "", pathPrefix: "", srcRoot: io.cwd } : outputPaths(io.cwd, input.root);
}
async function fixCommand(path, options, io) {
  return withInput(io, path, options, (input) => input.stdin ? fixStdin(io, input, input.stdin, options) : fixFiles(io, input, options));
}
async function fixStdin(io, input, stdin, options) {
  const sink = findingsSink(io, options, input.root, true);
  const choice = runChoice(io, input.root, options, stdin.settingsFrom);
  const fixes = { unsafe: !!options.unsafeFixes };
  const result = await runProject({ root: input.root, paths: input.paths, ...choice, mode: "fix", fixes, dryRun: true, allowDirty: true, outputs: sink.file ? [sink.file.path] : [] });
  const fixed = result.files.find((file) => file.fixed !== void 0)?.fixed;
  io.stdout(fixed ?? readFileSync7(stdin.file, "utf8"));
  sink.write(renderFindings({ ...result, dryRun: false }, sink.view, pathsOf(io, input)));
  return exitZero(result.diagnostics.length > 0 ? EXIT_FINDINGS : EXIT_OK, options.exitZero);
}
async function fixFiles(io, { root, paths }, options) {
  const sink = findingsSink(io, options, root, !!options.diff);
  const choice = runChoice(io, root, options);
  const reportPath = typeof options.report === "string" ? options.report : options.report === false || options.dryRun ? void 0 : DEFAULT_REPORT;
  const report8 = reportPath === void 0 ? void 0 : checkOutputPath("--report", resolve7(io.cwd, reportPath), root);
  const renderReport = reportRenderer(io, root, report8?.path);
  let prepared;
  const interrupt = new AbortController();
  const result = await whileHandlingSignals(
    interrupt,
    () => runWithProgress(io, {
      root,
      ...paths ? { paths } : {},
      ...choice,
      mode: "fix",
      fixes: { unsafe: !!options.unsafeFixes },
      dryRun: !!options.dryRun,
      allowDirty: !!options.allowDirty,
      outputs: [report8, sink.file].flatMap((output) => output ? [output.path] : []),
      signal: interrupt.signal,
      beforeWrite: (preview) => {
        if (!report8) return;
        const text = renderReport(preview);
        prepared = { output: prepareOutputFile(report8, text), text };
      }
    })
  );
  if (result.refused) {
    io.stderr(refusalMessage(result, "gpu-compat fix"));
    return EXIT_USAGE;
  }
  if (options.diff) io.stdout(formatPatch(result));
  sink.write(renderFindings(result, sink.view, pathsOf(io, { root })));
  if (result.unguarded) {
    const count2 = result.unguarded.length;
    sink.note(`Note: ${count2} written file${count2 === 1 ? " is" : "s are"} in no git work tree: nothing guarded the write, and git cannot undo it${report8 ? " (the report has every diff)" : ""}.
`);
  }
  if (report8) {
    const text = renderReport(result);
    if (prepared && prepared.text === text) prepared.output.commit();
    else {
      prepared?.output.discard();
      writeOutput(report8, text);
    }
    sink.note(`Report written to ${report8.path}
`);
  }
  if (result.interrupted) {
    const written2 = result.files.filter((file) => file.written).map((file) => file.path);
    const left = result.files.filter((file) => file.fixed !== void 0 && !file.written).map((file) => file.path);
    io.stderr(`interrupted: ${written2.length} file(s) written, ${left.length} not written:
${left.map((file) => `  * ${file}
`).join("")}`);
    return interrupt.signal.reason === "SIGTERM" ? EXIT_TERMINATED : EXIT_INTERRUPTED;
  }
  return exitZero(fixFails(result, options) ? EXIT_FINDINGS : EXIT_OK, options.exitZero);
}
var DEFAULT_REPORT = "gpu-compat-report.md";
function reportRenderer(io, root, reportPath) {
  if (reportPath === void 0) return () => "";
  if (/\.json$/i.test(reportPath)) return (result) => renderJson(result, { version: VERSION });
  const dir = statSync6(root).isDirectory() ? root : dirname10(root);
  const slashes = (path) => path.split(sep8).join("/");
  const options = { ruleTitles, root: slashes(relative8(io.cwd, dir)) || ".", linkBase: slashes(relative8(dirname10(reportPath), dir)) || "." };
  return /\.html?$/i.test(reportPath) ? (result) => renderHtml(result, options) : (result) => renderMarkdown(result, options);
}
function fixFails(result, options) {
  const findings = result.files.flatMap((file) => file.findings);
  const changed = result.files.some((file) => file.fixed !== void 0);
  return result.diagnostics.length > 0 || findings.some((finding) => finding.severity === "error" && finding.applied !== true) || !!options.dryRun && changed || !!options.exitNonZeroOnFix && result.files.some((file) => file.written);
}
function refusalMessage(result, command2) {
  const refused = result.refused ?? [];
  const dirty = refused.filter((file) => file.reason === "uncommitted");
  const unanswered = refused.filter((file) => file.reason === "git-unanswered");
  let text = "";
  if (dirty.length > 0) {
    text += `error: these files have uncommitted changes, and \`${command2}\` would change them:
${dirty.map((file) => `  * ${file.path}
`).join("")}`;
    text += "Commit or stash them first, or pass --allow-dirty (or --dry-run --diff to see the changes).\n";
  }
  const byMessage = /* @__PURE__ */ new Map();
  for (const file of unanswered) byMessage.set(file.message, [...byMessage.get(file.message) ?? [], file.path]);
  for (const [message2, files] of byMessage) {
    text += `error: git cannot say whether these files are committed, and \`${command2}\` would change them:
${files.map((file) => `  * ${file}
`).join("")}${message2}.
`;
  }
  return `${text}Nothing was written.
`;
}
async function whileHandlingSignals(controller, run) {
  const onSignal = (signal) => {
    if (controller.signal.aborted) {
      removePendingTemps();
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    controller.abort(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await run();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
async function checkCommand(path, options, io) {
  if (options.addNoqa) {
    if (isStdin(path)) throw new UsageError("--add-noqa writes files; it does not read stdin (`-`)");
    if (options.diff) throw new UsageError("--add-noqa cannot be combined with --diff");
    return addNoqa(io, resolvePaths(io, path), options);
  }
  if (options.allowDirty) throw new UsageError("--allow-dirty goes with --add-noqa (or with `fix`)");
  return withInput(io, path, options, async (input) => {
    const { root, paths, stdin } = input;
    const sink = findingsSink(io, options, root, !!options.diff);
    const sarifOutput = options.sarif ? checkOutputPath("--sarif", resolve7(io.cwd, options.sarif), root) : void 0;
    const outputs = [sarifOutput, sink.file].flatMap((output) => output ? [output.path] : []);
    const choice = runChoice(io, root, options, stdin?.settingsFrom);
    const fixes = { unsafe: !!options.unsafeFixes, inCheck: !!options.diff };
    const result = await runWithProgress(io, { root, ...paths ? { paths } : {}, ...choice, mode: "check", fixes, outputs });
    const where = pathsOf(io, input);
    if (options.diff) io.stdout(formatPatch(result));
    sink.write(renderFindings(result, sink.view, where));
    if (sarifOutput) writeOutput(sarifOutput, renderSarif(result, { version: VERSION, pathPrefix: where.pathPrefix, srcRoot: where.srcRoot }));
    return exitZero(fails(result, options.failOn ?? "info") ? EXIT_FINDINGS : EXIT_OK, options.exitZero);
  });
}
async function addNoqa(io, { root, paths }, options) {
  const choice = runChoice(io, root, options);
  const result = await runWithProgress(io, { root, ...paths ? { paths } : {}, ...choice, mode: "check", addNoqa: true, allowDirty: !!options.allowDirty });
  if (result.refused) {
    io.stderr(refusalMessage(result, "gpu-compat check --add-noqa"));
    return EXIT_USAGE;
  }
  const { added, files, skipped } = result.suppressions;
  const where = outputPaths(io.cwd, root);
  io.stdout(`Added ${plural(added, "suppression comment")} to ${plural(files, "file")}.
`);
  if (skipped.length > 0) {
    io.stdout(`Not suppressed (${plural(skipped.length, "finding")}):
`);
    for (const s of skipped) io.stdout(`  ${repoPath(s.path, where.displayPrefix)}:${s.cell !== void 0 ? `cell ${s.cell}:` : ""}${s.line}: ${s.rule}: ${s.reason}
`);
  }
  for (const diagnostic of result.diagnostics) io.stderr(`${repoPath(diagnostic.path, where.displayPrefix)}: ${diagnostic.message}
`);
  return exitZero(skipped.length > 0 || result.diagnostics.length > 0 ? EXIT_FINDINGS : EXIT_OK, options.exitZero);
}
var SEVERITY_RANK = { info: 0, warning: 1, error: 2 };
function fails(result, failOn) {
  const counts = result.summary.bySeverity;
  const failing = Object.keys(counts).some((severity) => counts[severity] > 0 && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn]);
  return failing || result.diagnostics.length > 0;
}
function exitZero(code2, enabled) {
  return enabled && code2 === EXIT_FINDINGS ? EXIT_OK : code2;
}

// packages/cli/src/main.ts
var EXAMPLES = `
Examples:
  $ gpu-compat fix ./my-repo --target t4          rewrite in place for a Colab/Kaggle T4, write gpu-compat-report.md
  $ gpu-compat fix . --target kaggle-t4x2 --dry-run --diff
                                                  show the patch, change nothing
  $ gpu-compat check . --target p100              CI / pre-commit: exit 1 when anything needs fixing
  $ gpu-compat check . --target t4 --output-format json
                                                  machine-readable findings (also sarif, github, junit, gitlab)
  $ gpu-compat check . --target t4 --output-format github --sarif gpu-compat.sarif
                                                  GitHub Actions annotations, and SARIF for code scanning
  $ gpu-compat check . --target t4 --statistics   how many findings per rule
  $ gpu-compat check - --stdin-filename train.py --target t4 < train.py
                                                  check a source read from stdin (\`fix -\` prints it fixed)
  $ gpu-compat targets                            the GPUs and platforms gpu-compat knows
  $ gpu-compat explain bf16-dtype                 what a rule does and why

Exit codes: 0 nothing to do, 1 findings (check; --fail-on sets the lowest severity that counts), an error-level
finding fix left unfixed, changes a dry run would make, or files that could not be handled; 2 bad usage or
target. --exit-zero turns 1 into 0.
`;
function buildProgram(io) {
  const program = new Command();
  let exitCode = 0;
  const setExit = (code2) => {
    exitCode = code2;
  };
  program.name("gpu-compat").description("Rewrite model repos written for A100/H100 so they run on T4, P100, V100 and K80 GPUs.").version(VERSION, "-V, --version").showSuggestionAfterError(true).addHelpText("after", EXAMPLES).configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride();
  const targetOption = () => new Option("-t, --target <name>", "GPU target: t4, t4x2, p100, v100, kaggle-t4x2, colab-t4, ... (see `gpu-compat targets`); or `target` in the settings");
  const precisionOption = () => new Option("--precision <mode>", "what bf16 becomes: auto (default: float32, or fp16 mixed precision where fp16 tensor cores exist), fp32, fp16").choices(["auto", "fp32", "fp16"]);
  const excludeOption = () => new Option("--exclude <globs>", "skip paths matching these globs, comma-separated (in addition to .gitignore and defaults; replaces the settings' list)").argParser(commaList);
  const selectOption = () => new Option("--select <rules>", "run only these rules or categories, comma-separated (precision, attention, compile, parallel, memory, platform)").argParser(commaList);
  const ignoreOption = () => new Option("--ignore <rules>", "do not run these rules or categories, comma-separated").argParser(commaList);
  const outputOptions = (command2) => command2.addOption(new Option("--output-format <format>", "concise (default: one line per finding), full (each finding's explanation and hint), json, sarif, github, junit, gitlab").choices(OUTPUT_FORMATS)).option("-o, --output-file <file>", "write the findings (in the output format) to <file> instead of stdout").addOption(new Option("-q, --quiet", "print only the findings; -qq: nothing, the exit code says it").argParser(countUp)).option("--silent", "print nothing; the exit code says it (as -qq)").option("--statistics", "print how many findings each rule has, instead of the findings").addOption(new Option("--color <when>", "colour the text output: auto (default: on a terminal; NO_COLOR and FORCE_COLOR are honoured), always, never").choices(["auto", "always", "never"])).option("--stdin-filename <name>", "with the path `-`: the name of the file read from stdin (sets its kind, e.g. train.py)");
  const configOption = () => new Option("--config <file>", "read settings from this file (gpu-compat.toml, or pyproject.toml with [tool.gpu-compat]) instead of searching");
  const unsafeFixesOption = () => new Option("--unsafe-fixes", "also make the fixes marked unsafe: they cost memory or change numerics, which the user must accept (docs/unsafe-fixes.md)");
  const exitZeroOption = () => new Option("--exit-zero", "exit 0 even when there are findings or files that could not be handled (2 still means bad usage)");
  const fix = program.command("fix").description("rewrite the files under <paths> for the target and write a report explaining each change").argument("<paths...>", "a repository, directory or file; or several (pre-commit's list of files); - reads one source from stdin").addOption(targetOption()).option("--dry-run", "compute the changes but write no source file").option("--allow-dirty", "write into files that have uncommitted changes in git (refused by default)").option("--diff", "print the changes as a unified diff on stdout (findings and summary go to stderr)").option("--report <file>", "where to write the report (.md Markdown, .html a self-contained page, .json JSON; default: gpu-compat-report.md, none with --dry-run)").option("--no-report", "write no report (the pre-commit hook's choice: the summary is printed)").addOption(precisionOption()).addOption(excludeOption()).addOption(selectOption()).addOption(ignoreOption()).addOption(configOption()).addOption(unsafeFixesOption()).option("--exit-non-zero-on-fix", "exit 1 when files were rewritten (the pre-commit hook's choice, as Ruff's)").addOption(exitZeroOption());
  outputOptions(fix).action(async (paths, options) => setExit(await fixCommand(paths, options, io)));
  const check3 = program.command("check").description("report what `fix` would change, without writing anything (exit 1 when there is anything); --add-noqa writes suppression comments").argument("<paths...>", "a repository, directory or file; or several (pre-commit's list of files); - reads one source from stdin").addOption(targetOption()).addOption(new Option("--format <format>", "the older name of --output-format (text: concise)").choices(LEGACY_FORMATS).hideHelp()).option("--sarif <file>", "also write the findings as SARIF 2.1.0 to <file> (for GitHub code scanning)").addOption(new Option("--fail-on <severity>", "the lowest finding severity that makes check exit 1 (default: info, any finding)").choices(["error", "warning", "info"])).option("--diff", "print the patch `fix` would apply on stdout (findings and summary go to stderr); writes nothing").option("--add-noqa", "write a `# gpu-compat: ignore[...]` comment on each finding's line (Python and YAML), so that the next check passes").option("--allow-dirty", "with --add-noqa: write into files that have uncommitted changes in git (refused by default)").addOption(unsafeFixesOption()).addOption(exitZeroOption()).addOption(precisionOption()).addOption(excludeOption()).addOption(selectOption()).addOption(ignoreOption()).addOption(configOption());
  outputOptions(check3).action(async (paths, options) => setExit(await checkCommand(paths, options, io)));
  program.command("rules").description("list the rules").addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text")).action((options) => setExit(rulesCommand(io, options.format)));
  program.command("explain").description("show a rule's documentation").argument("<rule>", "rule id, e.g. bf16-dtype").action((id) => setExit(explainCommand(id, io)));
  program.command("targets").description("list the GPU targets and platforms").action(() => setExit(targetsCommand(io)));
  program.command("version").description("print the version, the Node.js version and which parser loaded (native tree-sitter, or WebAssembly and why)").action(async () => setExit(await versionCommand(io)));
  return { program, exitCode: () => exitCode };
}
async function main(argv, io = defaultIo()) {
  const { program, exitCode } = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}
`);
      return EXIT_USAGE;
    }
    const message2 = error instanceof Error ? error.message : String(error);
    const debug = process.env.GPU_COMPAT_DEBUG ? `
${error?.stack ?? ""}` : " (set GPU_COMPAT_DEBUG=1 for the stack trace)";
    io.stderr(`gpu-compat: internal error: ${message2.split("\n")[0]}${debug}
`);
    return EXIT_USAGE;
  }
}
function defaultIo() {
  let stdoutClosed = false;
  process.stdout.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
    stdoutClosed = true;
  });
  return {
    stdout: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    stderrIsTerminal: process.stderr.isTTY === true,
    stdoutIsTerminal: process.stdout.isTTY === true,
    env: process.env
  };
}
export {
  main
};
