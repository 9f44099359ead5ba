// Validates SARIF against the SARIF 2.1.0 JSON schema that Microsoft's SARIF SDK ships in @microsoft/jest-sarif
// (its "rtm.5" revision, as published on SchemaStore; a JSON Schema draft-04 document,
// which Ajv reads through ajv-draft-04).
import { createRequire } from "node:module";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";

// Both are CommonJS modules whose exports also carry themselves as `default`, the export TypeScript sees.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;
const require = createRequire(import.meta.url);
export const SARIF_SCHEMA = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json") as { title: string; properties: object };

// The schema's `language` pattern has an unbalanced `]`, valid only in non-unicode regular expressions.
const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(SARIF_SCHEMA);

/** The schema errors of a SARIF document, as `path: message` lines; empty when it is valid. */
export function sarifSchemaErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"}: ${error.message ?? error.keyword}`);
}
