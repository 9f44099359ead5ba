// The playground page: a file name, a target and a source in; the findings, hints and diff out, recomputed as
// the user types, with the state kept in the URL fragment (share.ts) so that a copied link shows the same thing.
import { listTargets, resolveTarget } from "@gpu-compat/targets";
import { analyse, kindLabel } from "./analyse.js";
import { render, type Outputs } from "./render.js";
import { SAMPLE_NAME, SAMPLE_SOURCE, SAMPLE_TARGET } from "./sample.js";
import { decodeState, encodeState, type PlaygroundState } from "./share.js";

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

const nameInput = byId<HTMLInputElement>("file-name");
const kindOutput = byId<HTMLOutputElement>("file-kind");
const targetSelect = byId<HTMLSelectElement>("target");
const sourceInput = byId<HTMLTextAreaElement>("source");
const fileInput = byId<HTMLInputElement>("file-open");
const status = byId<HTMLElement>("status");
const outputs: Outputs = {
  summary: byId("summary"),
  findings: byId("findings"),
  diagnostics: byId("diagnostics"),
  diffs: byId("diffs"),
  diffSection: byId("diff-section"),
};

fillTargets(targetSelect);

/** Platforms first (what Kaggle and Colab users pick), then the GPUs, as `gpu-compat targets` lists them. */
function fillTargets(select: HTMLSelectElement): void {
  const rows = listTargets();
  for (const [kind, label] of [["platform", "Platforms"], ["gpu", "GPUs"]] as const) {
    const group = document.createElement("optgroup");
    group.label = label;
    for (const row of rows.filter((r) => r.kind === kind)) group.append(new Option(`${row.name}: ${row.target.gpu.name}${row.target.count > 1 ? ` x${row.target.count}` : ""}`, row.name));
    select.append(group);
  }
}

/** Selects a target, adding it first when it is one the list does not hold (`t4x2` from a shared link). */
function selectTarget(name: string): void {
  let canonical: string;
  try {
    canonical = resolveTarget(name).name;
  } catch {
    canonical = SAMPLE_TARGET;
  }
  if (![...targetSelect.options].some((option) => option.value === canonical)) targetSelect.append(new Option(canonical, canonical));
  targetSelect.value = canonical;
}

function currentState(): PlaygroundState {
  return { name: nameInput.value, target: targetSelect.value, source: sourceInput.value };
}

function showState(state: PlaygroundState): void {
  nameInput.value = state.name;
  sourceInput.value = state.source;
  selectTarget(state.target);
}

// Each change starts a run; a run that a later one overtook shows nothing.
let generation = 0;
async function update(): Promise<void> {
  const run = ++generation;
  const state = currentState();
  kindOutput.textContent = kindLabel(state.name) ?? "not a kind of file gpu-compat reads";
  status.textContent = "Checking…";
  const [analysis, fragment] = await Promise.all([analyse(state.name, state.source, state.target), encodeState(state)]);
  if (run !== generation) return;
  render(analysis, outputs);
  history.replaceState(null, "", `#${fragment}`);
  status.textContent = "";
}

let timer: ReturnType<typeof setTimeout> | undefined;
function scheduleUpdate(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void update().catch(showError), 250);
}

function showError(error: unknown): void {
  status.textContent = `The playground failed: ${error instanceof Error ? error.message : String(error)}`;
}

async function openFile(file: File): Promise<void> {
  nameInput.value = file.name;
  sourceInput.value = await file.text();
  await update();
}

nameInput.addEventListener("input", scheduleUpdate);
sourceInput.addEventListener("input", scheduleUpdate);
targetSelect.addEventListener("change", () => void update().catch(showError));
fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  if (file) void openFile(file).catch(showError);
});
sourceInput.addEventListener("dragover", (event) => event.preventDefault());
sourceInput.addEventListener("drop", (event) => {
  const file = event.dataTransfer?.files[0];
  if (!file) return;
  event.preventDefault();
  void openFile(file).catch(showError);
});
byId<HTMLButtonElement>("copy-link").addEventListener("click", () => {
  void navigator.clipboard?.writeText(location.href).then(
    () => (status.textContent = "Link copied."),
    () => (status.textContent = "Copy the address bar: it holds the file, its name and the target."),
  );
});
window.addEventListener("hashchange", () => void start().catch(showError));

async function start(): Promise<void> {
  showState((await decodeState(location.hash)) ?? { name: SAMPLE_NAME, target: SAMPLE_TARGET, source: SAMPLE_SOURCE });
  await update();
  document.body.dataset.ready = "true";
}

void start().catch(showError);
