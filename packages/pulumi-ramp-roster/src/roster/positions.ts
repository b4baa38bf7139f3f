// From a path into the parsed data (a zod issue path, or any node path) to file:line:column, through the
// ranges of the YAML nodes. A path that leads nowhere (a missing field) lands on its deepest existing node.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Pair, type YAMLMap } from "yaml";
import type { SourcePosition } from "./model.js";

/** A parsed roster file: its text and YAML document, with the line counter filled in by the parser. */
export interface YamlFile {
  path: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export type NodePath = readonly PropertyKey[];

interface Ranged {
  range?: [number, number, number] | null;
}

interface Found {
  /** The node at the path (when `exact`), else the deepest node that exists on the way. */
  node: unknown;
  /** The key of the pair holding `node`, when `node` is a mapping value. */
  key: unknown;
  exact: boolean;
}

export function positionAt(file: YamlFile, offset: number): SourcePosition {
  const { line, col } = file.lineCounter.linePos(offset);
  return { file: file.path, line, column: col };
}

export function startOfFile(path: string): SourcePosition {
  return { file: path, line: 1, column: 1 };
}

function keyName(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  return (node as Ranged | null)?.range ?? undefined;
}

/** `key:` with nothing after it: an empty scalar whose position (end of line) is less telling than its key's. */
function isEmptyValue(node: unknown): boolean {
  const range = rangeOf(node);
  return isScalar(node) && node.value === null && range !== undefined && range[0] === range[1];
}

/** Pairs by key name (the last pair of a name wins), for mappings too large to search for each lookup. */
const pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();
const SEARCHED_MAPPING_SIZE = 16;

/** The pair of `map` whose key is `name`; the last one, as in the parsed data (a duplicate key is reported on its own). */
function pairOf(map: YAMLMap, name: string): Pair | undefined {
  if (map.items.length <= SEARCHED_MAPPING_SIZE) return map.items.findLast((p) => keyName(p.key) === name);
  let byKey = pairsByKey.get(map);
  if (!byKey) {
    byKey = new Map();
    for (const pair of map.items) {
      const key = keyName(pair.key);
      if (key !== undefined) byKey.set(key, pair);
    }
    pairsByKey.set(map, byKey);
  }
  return byKey.get(name);
}

function find(file: YamlFile, path: NodePath): Found {
  let node: unknown = file.doc.contents;
  let key: unknown = null;
  for (const segment of path) {
    // What lies behind an alias is written elsewhere (at its anchor): point at the alias, where it is used.
    if (isAlias(node)) return { node, key, exact: false };
    if (isMap(node)) {
      const pair = pairOf(node, String(segment));
      if (!pair) return { node, key, exact: false };
      node = pair.value;
      key = pair.key;
      if (node === null) return { node: pair.key, key, exact: false };
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      node = node.items[segment];
      key = null;
    } else {
      return { node, key, exact: false };
    }
  }
  return { node, key, exact: true };
}

function startOf(file: YamlFile, node: unknown): SourcePosition {
  const range = rangeOf(node);
  return range ? positionAt(file, range[0]) : startOfFile(file.path);
}

/**
 * Where the value at `path` is written; for `key:` with no value, where the key is; for a path that does not
 * exist (a missing field), the deepest node that does (the mapping that lacks it).
 */
export function valuePosition(file: YamlFile, path: NodePath): SourcePosition {
  const found = find(file, path);
  if (found.exact && isEmptyValue(found.node) && found.key) return startOf(file, found.key);
  return startOf(file, found.node);
}

/** Where the key of the last path segment is written (an unknown or duplicate field); else `valuePosition`. */
export function keyPosition(file: YamlFile, path: NodePath): SourcePosition {
  const found = find(file, path);
  if (found.exact && found.key) return startOf(file, found.key);
  return valuePosition(file, path);
}

/** The text the value at `path` is written as (`007` for a number read as 7), if it exists. */
export function sourceText(file: YamlFile, path: NodePath): string | undefined {
  const found = find(file, path);
  const range = rangeOf(found.node);
  return found.exact && range ? file.text.slice(range[0], range[1]) : undefined;
}
