// One roster file's text → a YAML document with positions, plus the issues of the YAML itself:
// syntax errors (with their position), duplicate keys, an empty file, and the limits of what YAML may do in a roster
// (nesting, tokens, aliases, long values), checked while the file is parsed so that no input takes unbounded work.
import {
  Composer,
  Lexer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  visit,
  type CST,
  type Document,
  type Node,
  YAMLParseError,
  type YAMLError,
} from "yaml";
import { error, warning } from "./errors.js";
import { ROSTER_LIMITS, limitMessages, type RosterLimits } from "./limits.js";
import type { RosterIssue } from "./model.js";
import { positionAt, startOfFile, type YamlFile } from "./positions.js";

/** A part of a file, as offsets into its text: [start, end]. */
export type Span = readonly [start: number, end: number];

/**
 * `readable` is false when the YAML breaks a limit, or has a syntax error whose damage cannot be bounded: its content
 * is then not checked any further. A file with syntax errors that the parser got past is readable, with the parts
 * the errors damaged in `damaged`: the rest is checked as usual, so every problem shows at once.
 */
export type ParsedYamlFile =
  | {
      readable: true;
      file: YamlFile;
      issues: RosterIssue[];
      /** true when the file holds nothing but blanks and comments (or a lone null). */
      empty: boolean;
      /** The parts of the file that syntax errors damaged: what is found there is not reported, nor used. */
      damaged: Span[];
    }
  | { readable: false; issues: RosterIssue[] };

/** The limits, and the tokens the files parsed before this one have used (the token limit is for all files). */
export interface YamlBudget {
  limits: RosterLimits;
  tokens: number;
}

/** A limit broken, or a directive refused, at `offset`: parsing or checking stops there. */
class LimitBreach extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  return isNode(node) ? (node.range ?? undefined) : undefined;
}

/** The nodes from the document's root down to the innermost one whose range holds `offset` (end included). */
function nodesAt(doc: Document.Parsed, offset: number): Node[] {
  const chain: Node[] = [];
  const holds = (node: unknown): node is Node => {
    const range = rangeOf(node);
    return range !== undefined && range[0] <= offset && offset <= range[1];
  };
  let node: unknown = doc.contents;
  while (holds(node)) {
    chain.push(node);
    let next: unknown;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (holds(pair.key)) next = pair.key;
        else if (holds(pair.value)) next = pair.value;
        if (next) break;
      }
    } else if (isSeq(node)) {
      next = node.items.find(holds);
    }
    node = next;
  }
  return chain;
}

/** An unclosed `[`, `{` or quote, in plain words at the character that opens it; other errors as the parser says them. */
function syntaxIssue(file: YamlFile, e: YAMLError): RosterIssue {
  if (e.code === "MULTIPLE_DOCS") {
    const message = "a roster file holds one YAML document, and this '---' starts a second one: split it into files of a roster folder";
    return error(positionAt(file, e.pos[0]), message);
  }
  const chain = nodesAt(file.doc, e.pos[0]);
  const flow = /^Flow (sequence|map) .*end with a ([\]}])$/.exec(e.message);
  if (flow) {
    const open = chain.findLast((n) => (isSeq(n) || isMap(n)) && n.flow === true && file.text[rangeOf(n)?.[0] ?? -1] === (flow[2] === "]" ? "[" : "{"));
    if (open) {
      const [opening, closing, what] = flow[2] === "]" ? ["[", "]", "list"] : ["{", "}", "mapping"];
      const message =
        `this '${opening}' is never closed: end the ${what} with '${closing}' ` +
        `(a ${what} that goes on over more lines needs them indented more than its key)`;
      return error(positionAt(file, rangeOf(open)?.[0] ?? e.pos[0]), message);
    }
  }
  const quote = /^Missing closing (["'])quote$/.exec(e.message);
  if (quote) {
    const type = quote[1] === '"' ? "QUOTE_DOUBLE" : "QUOTE_SINGLE";
    const open = chain.findLast((n) => isScalar(n) && n.type === type);
    if (open) {
      const message =
        `this quote (${quote[1]}) is never closed, so everything after it is read as one value: ` +
        `add the closing ${quote[1]} where the value ends`;
      return error(positionAt(file, rangeOf(open)?.[0] ?? e.pos[0]), message);
    }
  }
  return error(positionAt(file, e.pos[0]), `YAML syntax error: ${e.message}`);
}

/**
 * The part of the file a syntax error damaged: the entry it is in (a user, a department, a location, a field of
 * `defaults` or `policy`), else the section; undefined when it is outside any section, so nothing can be trusted.
 */
function damagedSpan(file: YamlFile, e: YAMLError): Span | undefined {
  const chain = nodesAt(file.doc, e.pos[0]);
  // chain[0] is the file's mapping, chain[1] a section's key or value, chain[2] an entry of the section.
  const part = chain[2] ?? chain[1];
  const range = rangeOf(part);
  if (!range || !isMap(chain[0])) return undefined;
  const section = chain[0].items.find((pair) => pair.key === part || pair.value === part || pair.value === chain[1]);
  const start = chain[2] ? range[0] : (rangeOf(section?.key)?.[0] ?? range[0]);
  return [start, Math.max(range[1], e.pos[1])];
}

/**
 * A directive is the file's whole first line, so a refusal says plainly what to do. `%YAML 1.1` would bring back
 * yes/no/on/off booleans and '<<' merge keys, which the roster refuses (a `no` read as false deactivates someone);
 * `%TAG` renames tags. The schema is pinned anyway (YAML_1_2_CORE), so this is about saying it, not about safety.
 */
function refusedDirective(source: string): string | undefined {
  const directive = source.trim();
  const [name = "", version] = directive.split(/[ \t]+/);
  if (name === "%YAML" && version === "1.2") return undefined;
  if (name === "%YAML") {
    return `'${directive}': a roster is read as YAML 1.2 (where yes, no, on and off are not booleans and '<<' is not a merge key): remove this line`;
  }
  if (name === "%TAG") return `'${directive}': a roster takes no '%TAG' directive: remove this line and the tags that use it`;
  return `'${directive}': a roster takes no directive other than '%YAML 1.2': remove this line`;
}

/**
 * The YAML 1.2 core schema whatever a directive says, and no tag beyond it: `!!merge`, `!!timestamp`, `!!set` ...
 * stay strings (with a warning), so no explicit tag brings back what the roster refuses.
 */
const YAML_1_2_CORE = { version: "1.2", schema: "core", merge: false, resolveKnownTags: false } as const;

const SCALAR_START = "\x1f"; // the lexer's mark before a plain or block scalar's source
const COUNTED_INDICATORS = new Set(["-", "?", ":", ",", "[", "{"]);
const COLLECTIONS = new Set(["block-map", "block-seq", "flow-collection"]);

/**
 * The CST tokens of `text`, as `parseDocument` makes them, but stopped at the token or the nesting that breaks a
 * limit: the parser builds the whole tree of a document before handing it on, so checking afterwards would be
 * too late to bound the memory a hostile file takes.
 */
function* limitedTokens(text: string, lineCounter: LineCounter, budget: YamlBudget): Generator<CST.Token> {
  const { tokens: maxTokens, depth: maxDepth } = budget.limits;
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  let scalarSource = false;
  for (const lexeme of new Lexer().lex(text)) {
    const counted = scalarSource
      ? false
      : lexeme === SCALAR_START || lexeme[0] === "'" || lexeme[0] === '"' || lexeme[0] === "*" || COUNTED_INDICATORS.has(lexeme);
    scalarSource = lexeme === SCALAR_START;
    if (counted && ++budget.tokens > maxTokens) throw new LimitBreach(parser.offset, limitMessages.tokens(maxTokens));
    for (const token of parser.next(lexeme)) {
      const refused = token.type === "directive" ? refusedDirective(token.source) : undefined;
      if (refused) throw new LimitBreach(token.offset, refused);
      yield token;
    }
    if (parser.stack.length > maxDepth) {
      const collections = parser.stack.filter((token) => COLLECTIONS.has(token.type));
      const tooDeep = collections[maxDepth];
      if (tooDeep) throw new LimitBreach(tooDeep.offset, limitMessages.depth(maxDepth));
    }
  }
  yield* parser.end();
}

function parseLimited(text: string, lineCounter: LineCounter, budget: YamlBudget): Document.Parsed {
  // Duplicate keys are found below rather than by the parser, to name the key and where it first appears.
  const composer = new Composer({ ...YAML_1_2_CORE, uniqueKeys: false });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(limitedTokens(text, lineCounter, budget), true, text.length)) {
    if (!doc) {
      doc = next;
      continue;
    }
    doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents"));
    break;
  }
  if (!doc) throw new Error("internal error: the YAML composer made no document");
  return doc;
}

/**
 * Aliases and value lengths, before the document's data is built: aliases that refer to nothing or to the value
 * they are in, too many aliases, aliases that repeat too much (a "billion laughs" document repeats 10^9 values
 * with a few lines), and keys or values too long to be anything a roster holds.
 */
function checkNodes(doc: Document.Parsed, limits: RosterLimits, file: YamlFile): void {
  const anchors = new Map<string, Node>();
  // The values each anchored node holds, once it is complete (an alias inside it refers to an unfinished one).
  const sizes = new Map<Node, number>();
  let aliases = 0;
  let repeated = 0;
  const start = (node: Node): number => node.range?.[0] ?? 0;

  const size = (node: unknown, isKey: boolean): number => {
    if (!isNode(node)) return 0;
    if (isAlias(node)) {
      if (++aliases > limits.aliases) throw new LimitBreach(start(node), limitMessages.aliases(limits.aliases));
      const target = anchors.get(node.source);
      if (!target) throw new LimitBreach(start(node), `alias '*${node.source}' refers to no anchor '&${node.source}' before it`);
      const values = sizes.get(target);
      if (values === undefined) {
        const at = positionAt(file, start(target));
        throw new LimitBreach(start(node), `alias '*${node.source}' is inside the value it refers to ('&${node.source}' at line ${at.line})`);
      }
      repeated += values;
      if (repeated > limits.aliasedValues) throw new LimitBreach(start(node), limitMessages.aliasedValues(limits.aliasedValues));
      return values;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    let values = 1;
    if (isScalar(node)) {
      const range = node.range ?? [0, 0, 0];
      const length = typeof node.value === "string" ? node.value.length : range[1] - range[0];
      if (length > limits.valueLength) {
        throw new LimitBreach(range[0], limitMessages.valueLength(isKey ? "key" : "value", length, limits.valueLength));
      }
    } else if (isMap(node)) {
      for (const pair of node.items) values += size(pair.key, true) + size(pair.value, false);
    } else if (isSeq(node)) {
      for (const item of node.items) values += size(item, false);
    }
    if (node.anchor) sizes.set(node, values);
    return values;
  };
  size(doc.contents, false);
}

function duplicateKeys(file: YamlFile): RosterIssue[] {
  const issues: RosterIssue[] = [];
  visit(file.doc, {
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
  return issues;
}

export function parseYamlFile(path: string, text: string, budget: YamlBudget = { limits: ROSTER_LIMITS, tokens: 0 }): ParsedYamlFile {
  // A byte-order mark is no part of the roster: without it, line 1 counts its columns as editors show them.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  const stop = (offset: number, message: string): ParsedYamlFile => {
    const { line, col } = lineCounter.linePos(offset);
    return { readable: false, issues: [error({ file: path, line, column: col }, message)] };
  };

  const loneCR = /\r(?!\n)/.exec(body)?.index;
  if (loneCR !== undefined) {
    // Old Mac line ends: no line end to the YAML parser, which would report something baffling. Lines are not
    // counted yet: count them up to here.
    const line = body.slice(0, loneCR).split("\n").length;
    const column = loneCR - body.lastIndexOf("\n", loneCR - 1);
    const message = "this line ends with a lone carriage return (CR): save the file with LF or CRLF line ends";
    return { readable: false, issues: [error({ file: path, line, column }, message)] };
  }

  let doc: Document.Parsed;
  try {
    doc = parseLimited(body, lineCounter, budget);
  } catch (e) {
    if (e instanceof LimitBreach) return stop(e.offset, e.message);
    throw e;
  }
  const file: YamlFile = { path, text: body, doc, lineCounter };
  const issues: RosterIssue[] = [];
  for (const e of doc.errors) issues.push(syntaxIssue(file, e));
  for (const w of doc.warnings) issues.push(warning(positionAt(file, w.pos[0]), `YAML: ${w.message}`));
  const damaged: Span[] = [];
  for (const e of doc.errors) {
    const span = e.code === "MULTIPLE_DOCS" ? undefined : damagedSpan(file, e);
    if (!span) return { readable: false, issues: [...issues, ...duplicateKeys(file)] };
    damaged.push(span);
  }

  try {
    checkNodes(doc, budget.limits, file);
  } catch (e) {
    if (e instanceof LimitBreach) return stop(e.offset, e.message);
    throw e;
  }
  issues.push(...duplicateKeys(file));

  const contents = doc.contents;
  const empty = contents === null || (isScalar(contents) && contents.value === null);
  // An error, not a warning: a file cut short or saved empty would otherwise pass, and the people it held would be
  // deactivated as removed from the roster.
  if (empty && damaged.length === 0) {
    issues.push(error(startOfFile(path), "empty roster file: no departments, locations, defaults, users or policy; write them, or delete the file"));
  }
  return { readable: true, file, issues, empty: empty && damaged.length === 0, damaged };
}
