// One roster file's text → a YAML document with positions, plus the issues of the YAML itself:
// syntax errors (with their position), duplicate keys, and an empty file.
import { LineCounter, isScalar, parseDocument, visit, type YAMLError } from "yaml";
import { error, warning } from "./errors.js";
import type { RosterIssue } from "./model.js";
import { positionAt, startOfFile, type YamlFile } from "./positions.js";

export interface ParsedYamlFile {
  file: YamlFile;
  issues: RosterIssue[];
  /** false when the YAML has syntax errors: its content is then not checked any further. */
  readable: boolean;
  /** true when the file holds nothing but blanks and comments (or a lone null). */
  empty: boolean;
}

function syntaxMessage(e: YAMLError): string {
  if (e.code === "MULTIPLE_DOCS") {
    return "a roster file holds one YAML document, and this '---' starts a second one: split it into files of a roster folder";
  }
  return `YAML syntax error: ${e.message}`;
}

export function parseYamlFile(path: string, text: string): ParsedYamlFile {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below rather than by the parser, to name the key and where it first appears.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const file: YamlFile = { path, text, doc, lineCounter };
  const issues: RosterIssue[] = [];

  for (const e of doc.errors) issues.push(error(positionAt(file, e.pos[0]), syntaxMessage(e)));
  for (const w of doc.warnings) issues.push(warning(positionAt(file, w.pos[0]), `YAML: ${w.message}`));

  visit(doc, {
    Map(_, map) {
      const first = new Map<string, number>();
      for (const pair of map.items) {
        const range = isScalar(pair.key) ? pair.key.range : undefined;
        if (!isScalar(pair.key) || !range) continue;
        const name = String(pair.key.value);
        const seen = first.get(name);
        if (seen === undefined) {
          first.set(name, range[0]);
          continue;
        }
        const at = positionAt(file, range[0]);
        const firstAt = positionAt(file, seen);
        const where = firstAt.line === at.line ? `line ${firstAt.line}, column ${firstAt.column}` : `line ${firstAt.line}`;
        issues.push(error(at, `duplicate key '${name}' (first at ${where})`));
      }
    },
  });

  const contents = doc.contents;
  const empty = contents === null || (isScalar(contents) && contents.value === null);
  if (empty && doc.errors.length === 0) issues.push(warning(startOfFile(path), "empty roster file"));
  return { file, issues, readable: doc.errors.length === 0, empty };
}
