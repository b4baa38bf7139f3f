// The previous run's managed set, read back from this stack's own last outputs. It is how the guards know who a
// run would remove: the roster says who should be there, this says who was.
import * as pulumi from "@pulumi/pulumi";
import { parseManagedUsersOutput, type ManagedUserRecord } from "./plan.js";

export const MANAGED_USERS_OUTPUT = "managedUsers";

export type PreviousRun =
  | { ok: true; records: ManagedUserRecord[] | undefined } // undefined on a stack's first run
  | { ok: false; problem: string };

/** Reports an unreadable record instead of throwing: the program must end it with stopRun (see deploy-roster.ts). */
export async function readPreviousManagedUsers(): Promise<PreviousRun> {
  const self = new pulumi.StackReference(
    "previous-run",
    { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}` },
  );
  const details = await self.getOutputDetails(MANAGED_USERS_OUTPUT);
  const value = details.value ?? details.secretValue;
  if (value === undefined) return { ok: true, records: undefined };
  const records = parseManagedUsersOutput(value);
  if (!records) {
    return {
      ok: false,
      problem:
        `the stack output '${MANAGED_USERS_OUTPUT}' of the previous run is not a map of email to "active" or "inactive"; ` +
        `the deactivation guard cannot work without it`,
    };
  }
  return { ok: true, records };
}
