// Pulumi glue for a Ramp department. Ramp cannot delete departments: removing one drops it from the stack only.
import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "./shim.js";

export interface RampDepartmentArgs {
  /** An existing department with the same name (any case) is adopted, not duplicated. */
  name: pulumi.Input<string>;
}

export class RampDepartment extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: RampDepartmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerShim("department"), name, { ...args }, opts, "ramp", "Department");
  }
}
