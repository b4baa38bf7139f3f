// The program's settings: the stack's `ramp:` config, read by the one reader of settings (resources/settings.ts).
import * as pulumi from "@pulumi/pulumi";
import { readStackSettings, type StackSettings } from "../resources/settings.js";

export type ProgramSettings = StackSettings;

/**
 * The running stack's config by full key. A stack with no config at all is normal now that credentials are not
 * config, but then the engine hands the program `null` as its config, on which the SDK's `allConfig` throws a
 * TypeError (it runs Object.keys on it).
 */
export function stackConfig(): Record<string, string> {
  try {
    return pulumi.runtime.allConfig();
  } catch (err) {
    if (err instanceof TypeError) return {};
    throw err;
  }
}

/**
 * The program's settings from the stack config and the environment (see readStackSettings). The program calls it
 * through this module's exports, where a test wraps it to play an earlier release.
 */
export function readProgramSettings(config: Record<string, string>, env: NodeJS.ProcessEnv = process.env): ProgramSettings {
  return readStackSettings(config, env);
}
