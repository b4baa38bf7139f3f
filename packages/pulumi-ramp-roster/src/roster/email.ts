// Email addresses: the identity of a roster user. Plain ASCII, so that no two of them look alike.

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]+)$/;

/** Letters and signs that pass for ASCII ones in an email: their Unicode names, and what each passes for. */
const LOOKALIKES: ReadonlyMap<number, readonly [name: string, looksLike: string]> = new Map([
  [0x0430, ["CYRILLIC SMALL LETTER A", "a"]],
  [0x0435, ["CYRILLIC SMALL LETTER IE", "e"]],
  [0x043e, ["CYRILLIC SMALL LETTER O", "o"]],
  [0x0440, ["CYRILLIC SMALL LETTER ER", "p"]],
  [0x0441, ["CYRILLIC SMALL LETTER ES", "c"]],
  [0x0443, ["CYRILLIC SMALL LETTER U", "y"]],
  [0x0445, ["CYRILLIC SMALL LETTER HA", "x"]],
  [0x0455, ["CYRILLIC SMALL LETTER DZE", "s"]],
  [0x0456, ["CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I", "i"]],
  [0x0458, ["CYRILLIC SMALL LETTER JE", "j"]],
  [0x04bb, ["CYRILLIC SMALL LETTER SHHA", "h"]],
  [0x0501, ["CYRILLIC SMALL LETTER KOMI DE", "d"]],
  [0x051b, ["CYRILLIC SMALL LETTER QA", "q"]],
  [0x051d, ["CYRILLIC SMALL LETTER WE", "w"]],
  [0x0410, ["CYRILLIC CAPITAL LETTER A", "A"]],
  [0x0412, ["CYRILLIC CAPITAL LETTER VE", "B"]],
  [0x0415, ["CYRILLIC CAPITAL LETTER IE", "E"]],
  [0x041a, ["CYRILLIC CAPITAL LETTER KA", "K"]],
  [0x041c, ["CYRILLIC CAPITAL LETTER EM", "M"]],
  [0x041d, ["CYRILLIC CAPITAL LETTER EN", "H"]],
  [0x041e, ["CYRILLIC CAPITAL LETTER O", "O"]],
  [0x0420, ["CYRILLIC CAPITAL LETTER ER", "P"]],
  [0x0421, ["CYRILLIC CAPITAL LETTER ES", "C"]],
  [0x0422, ["CYRILLIC CAPITAL LETTER TE", "T"]],
  [0x0425, ["CYRILLIC CAPITAL LETTER HA", "X"]],
  [0x03b1, ["GREEK SMALL LETTER ALPHA", "a"]],
  [0x03b9, ["GREEK SMALL LETTER IOTA", "i"]],
  [0x03ba, ["GREEK SMALL LETTER KAPPA", "k"]],
  [0x03bd, ["GREEK SMALL LETTER NU", "v"]],
  [0x03bf, ["GREEK SMALL LETTER OMICRON", "o"]],
  [0x03c1, ["GREEK SMALL LETTER RHO", "p"]],
  [0x03c5, ["GREEK SMALL LETTER UPSILON", "u"]],
  [0x0391, ["GREEK CAPITAL LETTER ALPHA", "A"]],
  [0x0392, ["GREEK CAPITAL LETTER BETA", "B"]],
  [0x0395, ["GREEK CAPITAL LETTER EPSILON", "E"]],
  [0x0397, ["GREEK CAPITAL LETTER ETA", "H"]],
  [0x0399, ["GREEK CAPITAL LETTER IOTA", "I"]],
  [0x039a, ["GREEK CAPITAL LETTER KAPPA", "K"]],
  [0x039c, ["GREEK CAPITAL LETTER MU", "M"]],
  [0x039d, ["GREEK CAPITAL LETTER NU", "N"]],
  [0x039f, ["GREEK CAPITAL LETTER OMICRON", "O"]],
  [0x03a1, ["GREEK CAPITAL LETTER RHO", "P"]],
  [0x03a4, ["GREEK CAPITAL LETTER TAU", "T"]],
  [0x03a7, ["GREEK CAPITAL LETTER CHI", "X"]],
  [0x0131, ["LATIN SMALL LETTER DOTLESS I", "i"]],
  [0x2010, ["HYPHEN", "-"]],
  [0x2011, ["NON-BREAKING HYPHEN", "-"]],
  [0x2013, ["EN DASH", "-"]],
  [0x2212, ["MINUS SIGN", "-"]],
  [0x2024, ["ONE DOT LEADER", "."]],
  [0xfe6b, ["SMALL COMMERCIAL AT", "@"]],
]);

/** Invisible characters (and blanks other than the space) that come with pasted text: their Unicode names. */
const INVISIBLES: ReadonlyMap<number, string> = new Map([
  [0x00a0, "NO-BREAK SPACE"],
  [0x00ad, "SOFT HYPHEN"],
  [0x034f, "COMBINING GRAPHEME JOINER"],
  [0x061c, "ARABIC LETTER MARK"],
  [0x180e, "MONGOLIAN VOWEL SEPARATOR"],
  [0x200b, "ZERO WIDTH SPACE"],
  [0x200c, "ZERO WIDTH NON-JOINER"],
  [0x200d, "ZERO WIDTH JOINER"],
  [0x200e, "LEFT-TO-RIGHT MARK"],
  [0x200f, "RIGHT-TO-LEFT MARK"],
  [0x202a, "LEFT-TO-RIGHT EMBEDDING"],
  [0x202b, "RIGHT-TO-LEFT EMBEDDING"],
  [0x202c, "POP DIRECTIONAL FORMATTING"],
  [0x202d, "LEFT-TO-RIGHT OVERRIDE"],
  [0x202e, "RIGHT-TO-LEFT OVERRIDE"],
  [0x202f, "NARROW NO-BREAK SPACE"],
  [0x2060, "WORD JOINER"],
  [0x2066, "LEFT-TO-RIGHT ISOLATE"],
  [0x2067, "RIGHT-TO-LEFT ISOLATE"],
  [0x2068, "FIRST STRONG ISOLATE"],
  [0x2069, "POP DIRECTIONAL ISOLATE"],
  [0x2028, "LINE SEPARATOR"],
  [0x2029, "PARAGRAPH SEPARATOR"],
  [0x3000, "IDEOGRAPHIC SPACE"],
  [0xfeff, "ZERO WIDTH NO-BREAK SPACE (byte-order mark)"],
]);

function codePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * What a character that has no place in an email is, for a message ("'а' (U+0430 CYRILLIC SMALL LETTER A), not the
 * Latin 'a' it looks like"): its code point, its Unicode name where it is one that turns up in emails, and what it
 * passes for. An invisible one is named, not shown.
 */
export function describeCharacter(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const invisible = INVISIBLES.get(cp);
  if (invisible) return `${codePoint(cp)} ${invisible}, an invisible character`;
  if (/[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}]/u.test(ch)) return `${codePoint(cp)}, an invisible or control character`;
  if (/\p{M}/u.test(ch)) return `${codePoint(cp)}, a combining mark (an accent on the character before it)`;
  const lookalike = LOOKALIKES.get(cp);
  if (lookalike) {
    const [name, looksLike] = lookalike;
    return `'${ch}' (${codePoint(cp)} ${name}), not ${/[A-Za-z]/.test(looksLike) ? "the Latin " : ""}'${looksLike}' it looks like`;
  }
  const shown = `'${ch}' (${codePoint(cp)})`;
  if (cp >= 0xff01 && cp <= 0xff5e) return `${shown}, the fullwidth form of '${String.fromCodePoint(cp - 0xfee0)}'`;
  const base = ch.normalize("NFD")[0] ?? "";
  if (base !== ch && /[A-Za-z]/.test(base)) return `${shown}, the letter '${base}' with a mark`;
  const script = ["Cyrillic", "Greek", "Armenian", "Cherokee"].find((name) => new RegExp(`\\p{Script=${name}}`, "u").test(ch));
  return script ? `${shown}, a ${script} letter` : shown;
}

/** Anything but printable ASCII (and blanks, reported as such below). */
const NOT_ASCII = /[^\t\n\r\x20-\x7e]/u;

/**
 * Why `value` is not a plain address `local@domain.tld`, or undefined if it is one. Accepted: printable ASCII
 * only (a look-alike letter from another script, or an invisible character, would make a second identity that
 * reads the same), no blanks, no quoted local part, dot-separated domain labels, a top-level domain of at least
 * two letters. Internationalized domains must be written in punycode (xn--...).
 */
export function emailProblem(value: string): string | undefined {
  const odd = NOT_ASCII.exec(value);
  if (odd) {
    const position = [...value.slice(0, odd.index)].length + 1;
    return `character ${position} is ${describeCharacter(odd[0])}; an email is plain ASCII (an internationalized domain is written in punycode, xn--...)`;
  }
  if (/\s/.test(value)) return "it contains a blank";
  const at = value.lastIndexOf("@");
  if (at < 0) return "no '@'";
  if (value.indexOf("@") !== at) return "more than one '@'";
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local === "") return "nothing before the '@'";
  if (domain === "") return "no domain after the '@'";
  if (local.length > 64 || !LOCAL_PART.test(local)) return `'${local}' is not a valid name before the '@'`;
  const labels = domain.split(".");
  if (labels.length < 2) return `the domain '${domain}' has no top-level domain (such as .com)`;
  if (!labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LEVEL_DOMAIN.test(labels[labels.length - 1] ?? "")) {
    return `'${domain}' is not a valid domain`;
  }
  if (value.length > 254) return "it is longer than 254 characters";
  return undefined;
}

export function isEmail(value: string): boolean {
  return emailProblem(value) === undefined;
}

const isBlank = (ch: string | undefined): boolean => ch === " " || ch === "\t" || ch === "\n" || ch === "\r";

/** `value` without the ASCII blanks around it (unlike `trim()`, which also drops invisible Unicode characters). */
export function trimBlanks(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isBlank(value[start])) start++;
  while (end > start && isBlank(value[end - 1])) end--;
  return value.slice(start, end);
}
