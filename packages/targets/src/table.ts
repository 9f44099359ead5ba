import { formatComputeCapability, formatGiB } from "./features.js";
import { listTargets, MAX_GPU_COUNT } from "./resolve.js";

// A little under 100 so a full line never wraps in a 100-column terminal.
const WIDTH = 96;
const mark = (value: boolean) => (value ? "yes" : "-");

/** Left-aligned columns separated by two spaces; trailing spaces trimmed. */
function alignRows(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
}

/** Greedy wrap of words (never split) to WIDTH columns: the first line starts with `first`, the others with `rest`. */
function wrap(words: string[], first = "", rest = first): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const prefix = lines.length === 0 ? first : rest;
    if (line && prefix.length + line.length + 1 + word.length > WIDTH) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push((lines.length === 0 ? first : rest) + line);
  return lines;
}

const words = (text: string) => text.split(/\s+/);

/** What `gpu-compat targets` prints: the GPU table, aliases, then the platforms with their host facts. */
export function formatTargetsTable(): string {
  const rows = listTargets();
  const gpuRows = rows.filter((r) => r.kind === "gpu");
  const platformRows = rows.filter((r) => r.kind === "platform");

  const header = ["name", "GPU", "arch", "cc", "mem GiB", "smem KB", "bf16", "tf32", "flash-attn-2", "triton", "fp8"];
  const table = alignRows([
    header,
    header.map((h) => "-".repeat(h.length)),
    ...gpuRows.map(({ name, target: { gpu } }) => [
      name,
      gpu.name,
      gpu.arch,
      formatComputeCapability(gpu),
      formatGiB(gpu.memoryGiB),
      String(gpu.maxSharedMemoryPerBlock / 1024),
      mark(gpu.features.bf16),
      mark(gpu.features.tf32),
      mark(gpu.features.flashAttention2),
      mark(gpu.features.triton),
      mark(gpu.features.fp8),
    ]),
  ]);

  // One "word" per alias so a line never breaks inside "a100 = a100-80".
  const aliases = gpuRows.flatMap((r) => r.aliases.map((alias) => `${alias} = ${r.name}`));
  const aliasWords = aliases.map((item, i) => item + (i < aliases.length - 1 ? "," : "."));
  const out = [
    "GPUs (cc = compute capability; mem = usable memory per GPU; smem = max shared memory per block)",
    "",
    ...table,
    "",
    ...wrap(["Aliases:", ...aliasWords], "", "  "),
    ...wrap(words(`Add x<N> (N from 1 to ${MAX_GPU_COUNT}) for several GPUs: t4x2, v100x4, a100-80x8.`)),
    "",
    "Platforms",
    "",
  ];
  const platformTable = alignRows(
    platformRows.map(({ name, target }) => {
      const platform = target.platform!;
      const ram = `${formatGiB(platform.ramGiB)} GiB RAM`;
      return [name, `${target.count} x ${target.gpu.name}`, `${platform.cpus} CPUs`, ram, platform.name];
    }),
  );
  platformRows.forEach((row, i) => {
    out.push(platformTable[i]!);
    for (const note of row.target.platform!.notes) out.push(...wrap(words(note), "  - ", "    "));
  });
  return out.join("\n") + "\n";
}
