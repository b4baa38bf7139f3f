// Which Node.js this package runs on. Each entry point (the program entry, the provider runtime, the ramp-roster
// command) checks it before loading anything else, so that an unsupported Node.js stops with a message saying what
// is needed instead of an obscure failure inside a dependency (undici 7 needs Node.js 20.18.1, @pulumi/pulumi after
// 3.248 needs 22). This file uses no syntax newer than Node.js 12 parses, so that old versions get the message too.

/** The range of package.json's "engines" (a test keeps the two equal): Node 20 with @pulumi/pulumi up to 3.248. */
export const SUPPORTED_NODE_RANGE = "^20.18.1 || ^22.0.0 || >=24.0.0";

/** What the README and the messages say. */
export const SUPPORTED_NODE_TEXT = "Node.js 22, 24 or later (or 20.18.1 or a later 20.x, with @pulumi/pulumi 3.248 or earlier)";

/** A run on a Node.js that this package, or the @pulumi/pulumi it runs with, does not support. */
export class UnsupportedNodeError extends Error {
  /**
   * Marks it as a Pulumi RunError (the SDK recognises those by this member, across copies of the SDK), which the
   * engine shows as the message alone, without a stack trace. Set here so that this file loads no dependency.
   */
  readonly __pulumiRunError = true;

  constructor(message: string) {
    super(message);
    this.name = "UnsupportedNodeError";
  }
}

type Version = [number, number, number];

function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)];
}

function atLeast(version: Version, least: Version): boolean {
  for (let i = 0; i < 3; i++) {
    if (version[i] !== least[i]) return version[i]! > least[i]!;
  }
  return true;
}

/** Whether SUPPORTED_NODE_RANGE admits this Node.js version ("20.18.1" or "v20.18.1"). */
export function isSupportedNode(nodeVersion: string): boolean {
  const version = parseVersion(nodeVersion);
  if (!version) return false;
  const major = version[0];
  if (major === 20) return atLeast(version, [20, 18, 1]);
  return major === 22 || major >= 24;
}

/** The fields of @pulumi/pulumi's package.json that say which Node.js it needs. */
export interface PulumiPackageInfo {
  version: string;
  engines?: { node?: string };
}

/**
 * Why this package cannot run on `nodeVersion` (with `pulumi`, the @pulumi/pulumi the program loads, when known), or
 * undefined when it can. Of @pulumi/pulumi's "engines" only the form ">=X[.Y.Z]" is read, the only one it has used.
 */
export function nodeSupportProblem(nodeVersion: string, pulumi?: PulumiPackageInfo): string | undefined {
  const node = nodeVersion.replace(/^v/, "");
  if (!isSupportedNode(node)) {
    return `pulumi-ramp-roster needs ${SUPPORTED_NODE_TEXT}; this is Node.js ${node}. Install a supported Node.js and run again.`;
  }
  const needs = pulumi && pulumi.engines && pulumi.engines.node;
  const least = needs ? /^>=\s*(\d+(?:\.\d+){0,2})\s*$/.exec(needs) : null;
  const leastVersion = least ? parseVersion(least[1]!) : undefined;
  const version = parseVersion(node);
  if (pulumi && leastVersion && version && !atLeast(version, leastVersion)) {
    return (
      `@pulumi/pulumi ${pulumi.version} needs Node.js ${needs}; this is Node.js ${node}. ` +
      `Use Node.js 22 or later, or @pulumi/pulumi 3.248.0 (the last release that runs on Node.js 20).`
    );
  }
  return undefined;
}

/** The installed @pulumi/pulumi's version and engines, or undefined where it cannot be found. */
export function installedPulumiPackage(): PulumiPackageInfo | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/pulumi/package.json") as PulumiPackageInfo;
  } catch {
    return undefined;
  }
}
