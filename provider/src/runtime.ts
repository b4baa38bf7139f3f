// The provider implementation the serialized shims load by package name ("pulumi-ramp-roster/runtime") in the
// provider process. Because they load it at run time, `refresh` and `destroy` of an old stack run today's code.
// Node caches this module, so every resource in the process shares one RampContext: one client, one token,
// one rate limiter, one listing of users.
import "./require-supported-node.js"; // first: an unsupported Node.js stops here, with a message
import { RampContext } from "./resources/context.js";
import { departmentKind, locationKind } from "./resources/org-kinds.js";
import { createOrgUnitProvider } from "./resources/org-provider.js";
import { readConfig, type ConfigSource } from "./resources/settings.js";
import { createUserProvider } from "./resources/user-provider.js";

export const context = new RampContext();

const warn = (message: string) => console.warn(`warning: ${message}`);

export const userProvider = createUserProvider(context, warn);

export const departmentProvider = createOrgUnitProvider(context, departmentKind, warn);

export const locationProvider = createOrgUnitProvider(context, locationKind, warn);

export const providers = { user: userProvider, department: departmentProvider, location: locationProvider };
export type ProviderKind = keyof typeof providers;

/** Called by each shim's `configure`: stores the stack's Ramp settings for the shared client. */
export function configure(config: ConfigSource): void {
  context.configure(readConfig(config));
}
