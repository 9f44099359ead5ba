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
