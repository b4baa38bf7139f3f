// A stack's `ramp:` settings as its `Pulumi.<stack>.yaml` holds them, for the commands that must agree with the
// program without running Pulumi: where the roster is (`ramp:roster`) and the guards' confirmations. The stack is
// `--stack` or PULUMI_STACK, which the Pulumi CLI reads too: one variable names the stack for every command of a job.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { UsageError } from "./command.js";

export interface StackConfig {
  /** As given: "prod", or "acme/ramp-roster/prod". */
  stack: string;
  /** The stack's config file, relative to the project folder (it may not exist: then no config is set). */
  file: string;
  /** `ramp:` keys by full key; values as strings, as Pulumi passes them to the program. */
  values: Record<string, string>;
}

/** `--stack`, else PULUMI_STACK; undefined when neither is set. */
export function stackOption(given: unknown, env: NodeJS.ProcessEnv): string | undefined {
  const stack = typeof given === "string" && given.trim() !== "" ? given.trim() : env.PULUMI_STACK?.trim();
  return stack ? stack : undefined;
}

function readYamlMapping(file: string): Map<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new UsageError(`${file}: not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
  const root: unknown = doc.toJS();
  if (root === null || root === undefined) return new Map();
  if (typeof root !== "object" || Array.isArray(root)) throw new UsageError(`${file}: expected a mapping at the top`);
  return new Map(Object.entries(root as Record<string, unknown>));
}

/** A config value as Pulumi gives it to the program; a secret or a structured value cannot be one of ours. */
function configString(file: string, key: string, value: unknown, projectLevel: boolean): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (projectLevel && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entry = value as Record<string, unknown>;
    const inner = entry.value ?? entry.default;
    if (typeof inner === "string" || typeof inner === "number" || typeof inner === "boolean") return String(inner);
  }
  if (value !== null && typeof value === "object" && "secure" in value) {
    throw new UsageError(`${file}: ${key} is encrypted (secure:); the ramp: settings are not secrets, set them in plain text`);
  }
  throw new UsageError(`${file}: ${key} must be a plain value, not ${Array.isArray(value) ? "a list" : typeof value}`);
}

function rampEntries(file: string, config: unknown, projectLevel: boolean): [string, string][] {
  if (config === undefined || config === null) return [];
  if (typeof config !== "object" || Array.isArray(config)) throw new UsageError(`${file}: 'config' must be a mapping`);
  return Object.entries(config as Record<string, unknown>)
    .filter(([key]) => key.startsWith("ramp:"))
    .map(([key, value]) => [key, configString(file, key, value, projectLevel)]);
}

/**
 * The `ramp:` config of `stack` in the Pulumi project at `projectFolder`: the project's defaults in Pulumi.yaml
 * (`config:`), overridden by `Pulumi.<name>.yaml` (in `stackConfigDir` if Pulumi.yaml sets one), where name is the
 * last part of a fully qualified stack name.
 * @throws UsageError when there is no Pulumi.yaml, or a file cannot be read or holds a value Pulumi would not pass as is
 */
export function readStackConfig(projectFolder: string, stack: string): StackConfig {
  const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(projectFolder, f)).find((f) => existsSync(f));
  if (!projectFile) throw new UsageError(`the stack is ${stack}, but ${projectFolder} has no Pulumi.yaml: run this in the Pulumi project's folder`);
  const project = readYamlMapping(projectFile);
  const configDir = project.get("stackConfigDir");
  const short = stack.split("/").pop()!;
  const file = path.join(typeof configDir === "string" ? configDir : "", `Pulumi.${short}.yaml`);
  const absolute = path.join(projectFolder, file);
  const values = Object.fromEntries(rampEntries(path.basename(projectFile), project.get("config"), true));
  if (existsSync(absolute)) Object.assign(values, Object.fromEntries(rampEntries(file, readYamlMapping(absolute).get("config"), false)));
  return { stack, file, values };
}

