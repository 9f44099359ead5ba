import { parse as parseToml } from "smol-toml";
import { LineIndex } from "./lines.js";

/** One requirement, as pip reads it: `torch==2.8.0`, `flash-attn>=2.5 ; platform_system == "Linux"`. */
export interface Requirement {
  /** Normalised project name (PEP 503: lowercase, runs of -_. as "-"): "flash-attn". */
  name: string;
  /** The version specifier as written: "==2.8.0", ">=2.5,<3", "" for none. */
  specifier: string;
  /** The whole requirement's range in the file's text. */
  start: number;
  end: number;
}

export type RequirementsFormat = "requirements.txt" | "pyproject.toml";

// A name, optional extras, then the version specifier up to a marker, comment, URL or line end.
const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;#@]*)/;

export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

function parseRequirement(text: string, start: number): Requirement | undefined {
  const match = REQUIREMENT.exec(text);
  if (!match) return undefined;
  const specifier = match[3]!.trim();
  return { name: normalizeProjectName(match[1]!), specifier, start, end: start + match[0].trimEnd().length };
}

/** The requirements of a requirements.txt or a pyproject.toml (PEP 621 dependencies and optional groups). */
export class RequirementsSource {
  readonly requirements: Requirement[];
  private linesCache?: LineIndex;

  constructor(
    readonly text: string,
    readonly format: RequirementsFormat,
  ) {
    this.requirements = format === "pyproject.toml" ? fromPyproject(text) : fromRequirementsTxt(text);
  }

  get lines(): LineIndex {
    return (this.linesCache ??= new LineIndex(this.text));
  }

  find(name: string): Requirement[] {
    const wanted = normalizeProjectName(name);
    return this.requirements.filter((r) => r.name === wanted);
  }
}

function fromRequirementsTxt(text: string): Requirement[] {
  const found: Requirement[] = [];
  let offset = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const leading = /^\s*/.exec(line)![0].length;
    const body = line.slice(leading);
    // Options (-r, --index-url), comments and blank lines name no requirement.
    if (body && !body.startsWith("#") && !body.startsWith("-")) {
      const requirement = parseRequirement(body, offset + leading);
      if (requirement) found.push(requirement);
    }
    offset += line.length;
  }
  return found;
}

/**
 * PEP 621 `[project] dependencies` and `[project.optional-dependencies]`. TOML is parsed with smol-toml; each
 * requirement string is then located in the text (its first occurrence after the previous one) for positions.
 */
function fromPyproject(text: string): Requirement[] {
  const data = parseToml(text) as { project?: { dependencies?: unknown; "optional-dependencies"?: Record<string, unknown> } };
  const strings = [
    ...asStrings(data.project?.dependencies),
    ...Object.values(data.project?.["optional-dependencies"] ?? {}).flatMap(asStrings),
  ];
  const found: Requirement[] = [];
  let from = 0;
  for (const value of strings) {
    const at = text.indexOf(value, from);
    if (at === -1) continue;
    from = at + value.length;
    const requirement = parseRequirement(value, at);
    if (requirement) found.push(requirement);
  }
  return found;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
