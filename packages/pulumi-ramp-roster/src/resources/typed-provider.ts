// The shape of our dynamic providers, typed by what each takes and gives.
import type * as pulumi from "@pulumi/pulumi";

/**
 * Pulumi's `dynamic.ResourceProvider<Inputs, Outputs>` with every method present (Pulumi's interface makes all but
 * `create` optional) and without `configure`, which is the serialized shim's (shim.ts). `read` returns the inputs a
 * refresh hands back as inputs: Pulumi's `ReadResult` types them as the outputs.
 *
 * The types say what a well-formed resource holds. The engine still hands the methods the props as recorded (the
 * serialized provider `__provider` among them, and whatever a program wrote), so the methods keep checking and
 * normalising what they are given.
 */
export type TypedResourceProvider<Inputs, Outputs> = Required<Omit<pulumi.dynamic.ResourceProvider<Inputs, Outputs>, "configure" | "read">> & {
  read(id: string, props?: Outputs): Promise<{ id?: string; props?: Outputs; inputs?: Inputs }>;
};

/** Props as the engine hands them over: the declared ones and the serialized provider, which it keeps with them. */
export type WithSerializedProvider<Props> = Props & { __provider?: unknown };
