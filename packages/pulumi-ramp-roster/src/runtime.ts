// The provider implementation the serialized shims load by package name ("pulumi-ramp-roster/runtime") in the
// provider process. Because they load it at run time, `refresh` and `destroy` of an old stack run today's code.
// Today's shim calls `connect`; shims stored by older builds call `configure` and `providers[kind].<method>`, so
// those stay exported with the same shape.
// Node caches this module, so every resource in the process shares one RampContext: one client, one token,
// one rate limiter, one listing of users.
import "./require-supported-node.js"; // first: an unsupported Node.js stops here, with a message
import { RampContext } from "./resources/context.js";
import { departmentKind, locationKind } from "./resources/org-kinds.js";
import { createOrgUnitProvider } from "./resources/org-provider.js";
import { createUserProvider } from "./resources/user-provider.js";

export const context = new RampContext();

const warn = (message: string) => console.warn(`warning: ${message}`);

export const userProvider = createUserProvider(context, warn);

export const departmentProvider = createOrgUnitProvider(context, departmentKind, warn);

export const locationProvider = createOrgUnitProvider(context, locationKind, warn);

export const providers = { user: userProvider, department: departmentProvider, location: locationProvider };
export type ProviderKind = keyof typeof providers;

/**
 * Called by the `configure` of the shims that stacks made by earlier builds hold in their state (seven methods, each
 * calling `providers[kind]`), with the provider configuration the engine hands over: during `refresh` and `destroy`,
 * the one an earlier run recorded. The Ramp settings are deliberately not read from it: they come from this run's
 * environment (resources/settings.ts). Only the deactivation guard's limits are: during `up` they are this run's, and
 * a `destroy` is held to what the last `up` recorded (RAMP_CONFIRM_DEACTIVATIONS, from the environment, confirms past
 * it).
 */
export function configure(config: { get(key: string): string | undefined }): void {
  context.configureGuard((key) => config.get(key));
}

/**
 * Called by today's shim's `configure` (see resources/shim.ts): configures as above and returns the methods the shim
 * installs on itself. They are closures over the shared context, so they need no `this`.
 */
export function connect<K extends ProviderKind>(
  kind: K,
  config: { get(key: string): string | undefined },
): (typeof providers)[K] {
  configure(config);
  return { ...providers[kind] };
}
