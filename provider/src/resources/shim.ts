/* eslint-disable @typescript-eslint/no-require-imports -- requiring by package name at run time is the point of the shim */
// The serialized dynamic providers. Pulumi writes the provider object into every resource's inputs and outputs,
// so it must be tiny and self-contained: each method requires the implementation by package name at run time
// (DESIGN.md). Do not reference anything from this module's scope inside the methods except `kind`: whatever a
// method captures is serialized with it. The package name must resolve from the program's node_modules.
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../runtime.js";

const shims = new Map<ProviderKind, pulumi.dynamic.ResourceProvider>();

/** One shim object per kind: Pulumi caches a provider's serialized text by object identity. */
export function providerShim(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (!shim) {
    shim = makeShim(kind);
    shims.set(kind, shim);
  }
  return shim;
}

function makeShim(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  return {
    // Kept so that the stored text stays what every existing stack holds; the runtime ignores the config (settings.ts).
    async configure(req) {
      require("pulumi-ramp-roster/runtime").configure(req.config);
    },
    async check(olds, news) {
      return require("pulumi-ramp-roster/runtime").providers[kind].check(olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-ramp-roster/runtime").providers[kind].diff(id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-ramp-roster/runtime").providers[kind].create(inputs);
    },
    async read(id, props) {
      return require("pulumi-ramp-roster/runtime").providers[kind].read(id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-ramp-roster/runtime").providers[kind].update(id, olds, news);
    },
    async delete(id, props) {
      return require("pulumi-ramp-roster/runtime").providers[kind].delete(id, props);
    },
  };
}
