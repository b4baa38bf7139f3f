// Live Ramp as the plan needs it: one listing of every user (suspended ones included), and of departments and
// locations (to say in names what adopting a user changes), with the credentials the provider uses. A failure is
// reported, not thrown: the plan then counts conservatively (fail closed).
import { createRampClient } from "../resources/context.js";
import { liveRampOf, type LiveRamp } from "./plan.js";

export type LiveRampResult = { ok: true; ramp: LiveRamp } | { ok: false; problem: string };

/** @param env where the Ramp settings are read: this run's environment, as the provider reads them */
export async function readLiveRamp(env: NodeJS.ProcessEnv = process.env): Promise<LiveRampResult> {
  let client;
  try {
    client = createRampClient(env);
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  }
  try {
    const [users, departments, locations] = await Promise.all([client.listAllUsers(), client.listDepartments(), client.listLocations()]);
    return { ok: true, ramp: liveRampOf(users, departments, locations) };
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  } finally {
    await client.close();
  }
}
