// The previous run's managed set, read back from this stack's own last outputs. It is how the guards know who a
// run would remove: the roster says who should be there, this says who was.
import * as pulumi from "@pulumi/pulumi";
import type { ManagedUserRecord } from "./plan.js";

export const MANAGED_USERS_OUTPUT = "managedUsers";

function isRecordList(value: unknown): value is ManagedUserRecord[] {
  return (
    Array.isArray(value) &&
    value.every((r) => typeof r === "object" && r !== null && typeof r.email === "string" && typeof r.active === "boolean")
  );
}

/** undefined on a stack's first run. */
export async function readPreviousManagedUsers(): Promise<ManagedUserRecord[] | undefined> {
  const self = new pulumi.StackReference(
    "previous-run",
    { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}` },
  );
  const details = await self.getOutputDetails(MANAGED_USERS_OUTPUT);
  const value = details.value ?? details.secretValue;
  if (value === undefined) return undefined;
  if (!isRecordList(value)) {
    throw new pulumi.RunError(
      `the stack output '${MANAGED_USERS_OUTPUT}' of the previous run is not a list of {email, active}; ` +
        `the deactivation guard cannot work without it`,
    );
  }
  return value;
}
