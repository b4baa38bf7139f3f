/* eslint-disable @typescript-eslint/no-require-imports -- requiring by package name at run time is the point of the shim */
// The serialized dynamic providers. Pulumi writes the provider object into every resource's inputs and outputs, and
// with a self-managed backend rewrites the whole state after every step, so the object must be tiny and
// self-contained: it requires the implementation by package name at run time (DESIGN.md). Do not reference anything
// from this module's scope inside `configure` except `kind` and `shim`: whatever it captures is serialized with it.
// The package name must resolve from the program's node_modules.
//
// Only `configure` is serialized (about 600 bytes; seven methods, each wrapped by the serializer, were 2.5 KB).
// Pulumi's dynamic-provider host loads the object once per process, calls `configure` on it before anything else
// (synchronously, from the same turn that caches it) and only then looks up `check`, `diff`, `create`, `read`,
// `update` and `delete` on it, each time it needs one. So `configure` installs them from the runtime on the object
// itself, before its first `await`. Stacks written by older builds store a seven-method shim that calls
// `providers[kind].<method>` and `configure(config)` of the runtime: runtime.ts keeps both.
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
  // If the runtime cannot be loaded, every method fails with the reason: a missing one would fall back to the
  // host's default, which for update and delete is to do nothing and report success.
  const shim: Partial<pulumi.dynamic.ResourceProvider> = {
    async configure(req) {
      let methods;
      try {
        methods = require("pulumi-ramp-roster/runtime").connect(kind, req.config);
      } catch (err) {
        const fail = () => Promise.reject(err);
        methods = { check: fail, diff: fail, create: fail, read: fail, update: fail, delete: fail };
      }
      Object.assign(shim, methods);
    },
  };
  // `create` (required by the type) and the other methods are installed by `configure`, as explained above.
  return shim as pulumi.dynamic.ResourceProvider;
}
