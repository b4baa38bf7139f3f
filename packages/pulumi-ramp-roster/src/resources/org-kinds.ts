// What makes a department a department and a location a location, for the shared org-unit provider.
import type { RampDepartmentRecord, RampLocationRecord } from "../client/index.js";
import type { OrgUnitKind } from "./org-provider.js";

export const departmentKind: OrgUnitKind<RampDepartmentRecord> = {
  label: "department",
  cache: (ctx) => ctx.departments,
  create: (ctx, inputs) => ctx.getClient().createDepartment(String(inputs.name)),
  rename: (ctx, id, name) => ctx.getClient().renameDepartment(id, name),
  outputs: (department) => ({ name: department.name }),
};

export const locationKind: OrgUnitKind<RampLocationRecord> = {
  label: "location",
  cache: (ctx) => ctx.locations,
  create: (ctx, inputs) =>
    ctx.getClient().createLocation({
      name: String(inputs.name),
      ...(typeof inputs.entityId === "string" ? { entityId: inputs.entityId } : {}),
    }),
  rename: (ctx, id, name) => ctx.getClient().renameLocation(id, name),
  outputs: (location) => ({ name: location.name, entityId: location.entityId }),
};
