// Roster issues: how they are made, ordered and printed, and the error that carries them.
import type { RosterIssue, SourcePosition } from "./model.js";

/** Control, invisible and bidirectional-text characters, and blanks other than the space. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Zs}]/gu;

/**
 * `text` with each control, invisible or bidirectional-text character written as `<U+200B>`: a value quoted in a
 * message can then neither hide a character, nor break the one-line-per-issue output, nor reorder or recolour
 * what a terminal or CI log shows.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => (ch === " " ? ch : `<U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}>`));
}

export function error(at: SourcePosition, message: string): RosterIssue {
  return { file: at.file, line: at.line, column: at.column, severity: "error", message: printable(message) };
}

export function warning(at: SourcePosition, message: string): RosterIssue {
  return { file: at.file, line: at.line, column: at.column, severity: "warning", message: printable(message) };
}

/** "file:line:column: error: message", the form compilers use (and editors and CI annotate). */
export function formatIssue(i: RosterIssue): string {
  return `${printable(i.file)}:${i.line}:${i.column}: ${i.severity}: ${i.message}`;
}

export function hasErrors(issues: readonly RosterIssue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

/** "3 errors, 1 warning". */
export function countIssues(issues: readonly RosterIssue[]): string {
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.length - errors;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

const severityOrder = (i: RosterIssue): number => (i.severity === "error" ? 0 : 1);

/**
 * Issues in reading order: by file (in the order given), line, column, errors first; the same message at the same place
 * once (a default used by many users is reported once, where the default is written).
 */
export function sortIssues(issues: readonly RosterIssue[], files: readonly string[]): RosterIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = `${i.file}\0${i.line}\0${i.column}\0${i.severity}\0${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const order = new Map<string, number>();
  files.forEach((file, index) => {
    if (!order.has(file)) order.set(file, index);
  });
  const fileOrder = (file: string): number => order.get(file) ?? -1;
  return unique
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        fileOrder(a.issue.file) - fileOrder(b.issue.file) ||
        a.issue.line - b.issue.line ||
        a.issue.column - b.issue.column ||
        severityOrder(a.issue) - severityOrder(b.issue) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}

/** Thrown by `loadRosterOrThrow`: the message lists every issue, one per line, as `file:line:column: ...`. */
export class RosterValidationError extends Error {
  readonly issues: RosterIssue[];

  constructor(issues: RosterIssue[]) {
    super(`invalid roster (${countIssues(issues)}):\n${issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`);
    this.name = "RosterValidationError";
    this.issues = issues;
  }
}
