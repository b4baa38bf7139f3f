// The program's settings: the stack's `ramp:` config, read by the one reader of settings (resources/settings.ts).
import { readStackSettings, type StackSettings } from "../resources/settings.js";

export type ProgramSettings = StackSettings;

/**
 * The program's settings from the stack config and the environment (see readStackSettings). The program calls it
 * through this module's exports, where a test wraps it to play an earlier release.
 */
export function readProgramSettings(config: Record<string, string>, env: NodeJS.ProcessEnv = process.env): ProgramSettings {
  return readStackSettings(config, env);
}
