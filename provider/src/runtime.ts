// The provider implementation the serialized shims load by package name ("pulumi-ramp-roster/runtime") in the
// provider process. Because they load it at run time, `refresh` and `destroy` of an old stack run today's code.
// Node caches this module, so every resource in the process shares one RampContext: one client, one token,
// one rate limiter, one listing of users.
import { RampContext } from "./resources/context.js";
import { createOrgUnitProvider } from "./resources/org-provider.js";
import { readConfig, type ConfigSource } from "./resources/settings.js";
import { createUserProvider } from "./resources/user-provider.js";

export const context = new RampContext();

const warn = (message: string) => console.warn(`warning: ${message}`);

export const userProvider = createUserProvider(context);

export const departmentProvider = createOrgUnitProvider(
  context,
  {
    label: "department",
    cache: (ctx) => ctx.departments,
    create: (ctx, inputs) => ctx.getClient().createDepartment(String(inputs.name)),
    rename: (ctx, id, name) => ctx.getClient().renameDepartment(id, name),
    outputs: (department) => ({ name: department.name }),
  },
  warn,
);

export const locationProvider = createOrgUnitProvider(
  context,
  {
    label: "location",
    cache: (ctx) => ctx.locations,
    create: (ctx, inputs) =>
      ctx.getClient().createLocation({
        name: String(inputs.name),
        ...(typeof inputs.entityId === "string" ? { entityId: inputs.entityId } : {}),
      }),
    rename: (ctx, id, name) => ctx.getClient().renameLocation(id, name),
    outputs: (location) => ({ name: location.name, entityId: location.entityId }),
  },
  warn,
);

export const providers = { user: userProvider, department: departmentProvider, location: locationProvider };
export type ProviderKind = keyof typeof providers;

/** Called by each shim's `configure`: stores the stack's Ramp settings for the shared client. */
export function configure(config: ConfigSource): void {
  context.configure(readConfig(config));
}
