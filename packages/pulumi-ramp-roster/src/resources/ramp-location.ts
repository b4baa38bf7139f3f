// Pulumi glue for a Ramp location. Ramp cannot delete locations: removing one drops it from the stack only.
import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "./shim.js";

export interface RampLocationArgs {
  /** An existing location with the same name (any case) is adopted, not duplicated. */
  name: pulumi.Input<string>;
  /** The Ramp entity the location belongs to, for multi-entity businesses. */
  entityId?: pulumi.Input<string>;
}

export class RampLocation extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly entityId: pulumi.Output<string | null>;

  constructor(name: string, args: RampLocationArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerShim("location"), name, { entityId: undefined, ...args }, opts, "ramp", "Location");
  }
}
