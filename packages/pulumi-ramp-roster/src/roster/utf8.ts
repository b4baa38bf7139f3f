// A roster file's bytes → its text. Invalid UTF-8 is refused where it is, rather than read as U+FFFD (which would
// turn a name or an email into another one without a word).
import { isUtf8 } from "node:buffer";

export type Decoded = { text: string } | { line: number; column: number; message: string };

/** The length of the UTF-8 sequence at `i`, or 0 if none starts there (RFC 3629: no overlong forms or surrogates). */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  const continuation = (k: number, low = 0x80, high = 0xbf): boolean => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (lead <= 0x7f) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return continuation(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return bytes.length;
}

/**
 * The text of `bytes` (a leading byte-order mark kept: the YAML reader drops it), or where it stops being UTF-8:
 * the line and column as the roster's other issues count them (columns in UTF-16 code units, without a BOM).
 */
export function decodeUtf8(bytes: Buffer): Decoded {
  if (isUtf8(bytes)) return { text: bytes.toString("utf8") };
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) {
    return { line: 1, column: 1, message: "the file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8" };
  }
  const offset = firstInvalidByte(bytes);
  const before = bytes.subarray(0, offset).toString("utf8");
  const lineStart = before.lastIndexOf("\n") + 1;
  const line = before.split("\n").length;
  const bom = line === 1 && before.startsWith("\uFEFF") ? 1 : 0;
  const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  return {
    line,
    column: before.length - lineStart + 1 - bom,
    message: `the file is not UTF-8: byte 0x${byte} here begins no UTF-8 character (is the file Latin-1 or Windows-1252?); save it as UTF-8`,
  };
}
