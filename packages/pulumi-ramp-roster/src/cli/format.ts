// Output formats shared by the commands: choosing one, and writing values for Markdown.
import { UsageError } from "./command.js";

export type Format = "text" | "json" | "markdown";

/** `--format` checked against the formats a command offers. */
export function formatOption<F extends Format>(value: unknown, allowed: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as F;
  throw new UsageError(`--format must be ${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}, not '${String(value)}'`);
}

/** Text from Ramp or a roster, safe inside Markdown: no emphasis, links, HTML or table breaks by accident. */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** "2 invitations" */
export function count(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
