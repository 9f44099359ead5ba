const UTF8_BOM = [0xef, 0xbb, 0xbf];
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export interface DecodedText {
  text: string;
  /** The file started with a UTF-8 byte order mark, which is written back. */
  bom: boolean;
}

/** Decodes UTF-8 strictly: a file in another encoding is an error, never a lossy guess. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const bom = bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);
  return { text: decoder.decode(bom ? bytes.subarray(3) : bytes), bom };
}

export function encodeUtf8(decoded: DecodedText): Buffer {
  const body = Buffer.from(decoded.text, "utf8");
  return decoded.bom ? Buffer.concat([Buffer.from(UTF8_BOM), body]) : body;
}

/** Files with a NUL byte in their first 8 KB are treated as binary, as git does. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

/**
 * Where a text that is not UTF-8 first breaks: the byte, and its 1-based line and column (UTF-16 units of the
 * valid text before it on its line, as positions are counted everywhere). Undefined for valid UTF-8.
 */
export function invalidUtf8At(bytes: Uint8Array): { byte: number; line: number; column: number } | undefined {
  const at = firstInvalidByte(bytes);
  if (at < 0) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const bom = lineStart === 0 && UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
  const before = new TextDecoder("utf-8").decode(bytes.subarray(lineStart + bom, at));
  return { byte: bytes[at]!, line, column: before.length + 1 };
}

/** The offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629), or -1. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    // The second byte's range excludes overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k]! < 0x80 || bytes[i + k]! > 0xbf) return i;
    i += length;
  }
  return -1;
}
