import { callNamedAt, type SyntaxNode } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { spreadingLoads } from "../shared/spreading-device-maps.js";
import type { PythonRuleContext } from "../types.js";
import { gpusLabel } from "./gpu-count.js";

/** Trainers that wrap the model in torch.nn.DataParallel when one process sees several GPUs. */
const TRAINERS = ["Trainer", "Seq2SeqTrainer", "SFTTrainer", "DPOTrainer", "ORPOTrainer", "KTOTrainer", "GRPOTrainer", "RewardTrainer", "PPOTrainer"];

/** Words that show the notebook decides the GPUs itself: a device list, accelerate's launcher. */
const DECIDED = ["CUDA_VISIBLE_DEVICES", "notebook_launcher"];

const ENV_MAGIC = /^[ \t]*%(?:env|set_env)[ \t]+CUDA_VISIBLE_DEVICES\b/m;
const LAUNCH_LINE = /^[ \t]*!.*\b(?:torchrun|accelerate[ \t]+launch|deepspeed|torch\.distributed\.(?:run|launch))\b/m;

export const notebookDataParallel = defineRule({
  id: "notebook-data-parallel",
  title: "A Hugging Face Trainer run inside a notebook that sees two or more GPUs, where it falls back to DataParallel",
  category: "parallel",
  severity: "warning",
  fixable: "never",
  appliesWhen: "targets with more than one GPU (Kaggle's two T4s), in notebooks: one kernel process sees every GPU",
  appliesTo: (target) => target.count > 1,
  triggers: TRAINERS,
  checks: {
    python: {
      run(context) {
        if (!(context.path ?? "").endsWith(".ipynb")) return;
        const { source } = context;
        if (DECIDED.some((word) => [...source.occurrences(word)].some((node) => node.type !== "comment"))) return;
        // Unsloth trains on one GPU: unsloth-single-gpu sets the device list there.
        if (source.imports.importsModule("unsloth")) return;
        // `%env CUDA_VISIBLE_DEVICES=0`, or a `!torchrun`/`!accelerate launch` line that runs the training as processes.
        if (context.notebookCode !== undefined && (ENV_MAGIC.test(context.notebookCode) || LAUNCH_LINE.test(context.notebookCode))) return;
        // A load with device_map="auto" (or another spreading value): the Trainer sees model parallelism.
        if (spreadingLoads(source).length > 0) return;
        for (const name of TRAINERS) {
          for (const node of source.occurrences(name)) {
            const found = callNamedAt(node);
            if (!found) continue;
            const qualified = source.imports.qualifiedName(found.callee);
            if (!qualified || !/^(transformers|trl)(\.|$)/.test(qualified) || qualified.split(".").pop() !== name) continue;
            report(context, found.call);
            return; // One finding a notebook: the change is one for all its runs.
          }
        }
      },
    },
  },
});

function report(context: PythonRuleContext, call: SyntaxNode): void {
  const { target } = context;
  const callee = call.childForFieldName("function")!;
  const all = target.count === 2 ? "both" : `all ${target.count}`;
  context.report({
    start: callee.startIndex,
    end: callee.endIndex,
    message:
      `\`${callee.text}\` runs in one process that sees ${gpusLabel(target)} (the notebook's kernel): the Trainer then wraps the model in ` +
      `torch.nn.DataParallel, which drives ${all} GPUs from one process, copies the model to each at every step and gathers the outputs on GPU 0 (slower than one process per GPU, and GPU 0 fills first).`,
    hint:
      "To train on one GPU, put `import os` and `os.environ[\"CUDA_VISIBLE_DEVICES\"] = \"0\"` in the first code cell, before torch is imported. " +
      `To use ${all}, run the training as ${target.count} processes: wrap it in a function and call \`notebook_launcher(train, num_processes=${target.count})\` ` +
      `(\`from accelerate import notebook_launcher\`), or write it to a script and run \`!accelerate launch --num_processes ${target.count} train.py\`.`,
  });
}
