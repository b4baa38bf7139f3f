// Email addresses: the identity of a roster user.

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]+)$/;

/**
 * Why `value` is not a plain address `local@domain.tld`, or undefined if it is one. Accepted: no blanks, no
 * quoted local part, dot-separated domain labels, a top-level domain of at least two letters. Internationalized
 * domains must be written in punycode (xn--...).
 */
export function emailProblem(value: string): string | undefined {
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

/** The identity of a user: the email trimmed and lower-cased. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
