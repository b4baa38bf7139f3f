// Pulumi glue for a Ramp user: typed arguments and outputs around the serialized provider shim.
import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "./shim.js";
import type { RampAccountSeen } from "./user-model.js";

export interface RampUserArgs {
  /** The identity: a different email is a different Ramp user (a replacement). */
  email: pulumi.Input<string>;
  firstName: pulumi.Input<string>;
  lastName: pulumi.Input<string>;
  /** Ramp's API role: BUSINESS_ADMIN, BUSINESS_USER, BUSINESS_BOOKKEEPER, IT_ADMIN, AUDITOR or GUEST_USER. */
  role: pulumi.Input<string>;
  /** A RampDepartment id; null = none; omitted = left as it is in Ramp. */
  departmentId?: pulumi.Input<string | null>;
  locationId?: pulumi.Input<string | null>;
  /** The manager's Ramp user id (another RampUser's `id`); null = none; omitted = left as it is. */
  managerId?: pulumi.Input<string | null>;
  employeeId?: pulumi.Input<string | null>;
  isManager?: pulumi.Input<boolean>;
  /** The day Ramp deactivates the user by itself (YYYY-MM-DD); null = none; omitted = left as it is. */
  deactivateOn?: pulumi.Input<string | null>;
  /**
   * false deactivates the user in Ramp (reversible); default true. true makes an inactive user active again only if
   * the roster took their access away (false before), or `confirmReactivation` is set.
   */
  active?: pulumi.Input<boolean>;
  /** Allows making the user active again although their access was removed outside the roster. */
  confirmReactivation?: pulumi.Input<boolean>;
  /** What Ramp has under the email of a user new to the stack, for the preview to show (see UserInputs). */
  rampAccount?: pulumi.Input<RampAccountSeen>;
}

export class RampUser extends pulumi.dynamic.Resource {
  declare readonly email: pulumi.Output<string>;
  declare readonly firstName: pulumi.Output<string>;
  declare readonly lastName: pulumi.Output<string>;
  declare readonly role: pulumi.Output<string>;
  declare readonly departmentId: pulumi.Output<string | null | undefined>;
  declare readonly locationId: pulumi.Output<string | null | undefined>;
  declare readonly managerId: pulumi.Output<string | null | undefined>;
  declare readonly employeeId: pulumi.Output<string | null | undefined>;
  declare readonly isManager: pulumi.Output<boolean | undefined>;
  declare readonly deactivateOn: pulumi.Output<string | null | undefined>;
  declare readonly active: pulumi.Output<boolean>;
  declare readonly protect: pulumi.Output<boolean | undefined>;
  declare readonly retainOnDelete: pulumi.Output<boolean | undefined>;
  /** Ramp's user id (also the resource id). */
  declare readonly userId: pulumi.Output<string>;
  /** INVITE_PENDING until the person accepts the invite, then USER_ACTIVE; USER_INACTIVE when deactivated. */
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: RampUserArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("user"),
      name,
      {
        active: true,
        ...args,
        // The options mirrored as inputs: the provider holds a protected user's access and role, and the next
        // run's plan reads both from the state (options themselves are not in a resource's outputs).
        protect: opts?.protect === true,
        retainOnDelete: opts?.retainOnDelete === true,
        // The outputs a program reads (the SDK makes an Output only for what is named here). Each name costs a
        // captured, source-mapped stack trace per resource in the SDK, so only these two: `rampEmail` (Ramp's email
        // when it differs) is in the state for the plan, the drift check and `ramp-roster report`.
        userId: undefined,
        status: undefined,
      },
      opts,
      "ramp",
      "User",
    );
  }
}
