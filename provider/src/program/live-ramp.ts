// Live Ramp as the plan needs it: one listing of every user (suspended ones included), with the credentials the
// provider uses. A failure is reported, not thrown: the plan then counts conservatively (fail closed).
import { createRampClient, listEveryUser } from "../resources/context.js";
import { readConfig } from "../resources/settings.js";
import { liveRampOf, type LiveRamp } from "./plan.js";

export type LiveRampResult = { ok: true; ramp: LiveRamp } | { ok: false; problem: string };

/** @param config every stack config value by full key, as `pulumi.runtime.allConfig()` gives it */
export async function readLiveRamp(config: Record<string, string>): Promise<LiveRampResult> {
  let client;
  try {
    client = createRampClient(readConfig({ get: (key) => config[key] }));
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  }
  try {
    return { ok: true, ramp: liveRampOf(await listEveryUser(client)) };
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  } finally {
    await client.close();
  }
}
