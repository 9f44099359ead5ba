// The playground's state in the URL fragment, so a link shows the same file, name and target:
// `#v1.z.<base64url of the deflated JSON>`, or `#v1.b.<base64url of the JSON>` where the browser has no
// CompressionStream. Nothing leaves the browser: a fragment is never sent to the server.

export interface PlaygroundState {
  /** The file name: it decides the kind of file (train.py, config.yaml, run.sh, notebook.ipynb). */
  name: string;
  target: string;
  source: string;
}

const VERSION = "v1";

export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ n: state.name, t: state.target, s: state.source }));
  if (typeof CompressionStream === "undefined") return `${VERSION}.b.${toBase64Url(json)}`;
  return `${VERSION}.z.${toBase64Url(await transform(json, new CompressionStream("deflate-raw")))}`;
}

/** The state a fragment holds (with or without its `#`), or undefined when it holds none this page can read. */
export async function decodeState(fragment: string): Promise<PlaygroundState | undefined> {
  const match = /^#?v1\.([zb])\.([A-Za-z0-9_-]*)$/.exec(fragment);
  if (!match) return undefined;
  try {
    const bytes = fromBase64Url(match[2]!);
    const json = match[1] === "z" ? await transform(bytes, new DecompressionStream("deflate-raw")) : bytes;
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
    if (typeof value !== "object" || value === null) return undefined;
    const { n, t, s } = value as Record<string, unknown>;
    if (typeof n !== "string" || typeof t !== "string" || typeof s !== "string") return undefined;
    return { name: n, target: t, source: s };
  } catch {
    return undefined; // A link cut short or edited by hand: the page starts from its sample instead.
  }
}

async function transform(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  // String.fromCharCode takes its arguments on the stack: a few thousand at a time.
  for (let i = 0; i < bytes.length; i += 0x2000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
