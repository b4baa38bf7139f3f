// The parts of `pulumi preview --json` the plan reads, in zod: each step's operation and the resource's old and new
// state (inputs, outputs, property dependencies), and the diagnostics. Tolerant: anything else is ignored, and a
// property this code does not know is carried as it is.
import { z } from "zod";

const record = z.record(z.string(), z.unknown());

export const ResourceStateWire = z.looseObject({
  urn: z.string(),
  type: z.string().nullish(),
  id: z.string().nullish(),
  inputs: record.nullish(),
  outputs: record.nullish(),
  retainOnDelete: z.boolean().nullish(),
  /** Input property → the URNs its value came from: how an id unknown during preview is traced to its resource. */
  propertyDependencies: z.record(z.string(), z.array(z.string()).nullish()).nullish(),
});
export type ResourceStateWire = z.infer<typeof ResourceStateWire>;

export const StepWire = z.looseObject({
  op: z.string(),
  urn: z.string(),
  oldState: ResourceStateWire.nullish(),
  newState: ResourceStateWire.nullish(),
  replaceReasons: z.array(z.string()).nullish(),
});
export type StepWire = z.infer<typeof StepWire>;

export const DiagnosticWire = z.looseObject({
  message: z.string(),
  severity: z.string(),
  urn: z.string().nullish(),
});
export type DiagnosticWire = z.infer<typeof DiagnosticWire>;

export const PreviewWire = z.looseObject({
  steps: z.array(StepWire).nullish(),
  diagnostics: z.array(DiagnosticWire).nullish(),
  changeSummary: z.record(z.string(), z.number()).nullish(),
});
export type PreviewWire = z.infer<typeof PreviewWire>;

export class PreviewJsonError extends Error {
  override readonly name = "PreviewJsonError";
}

/** The JSON document `pulumi preview --json` prints; a helpful error for anything else. */
export function parsePreviewJson(text: string): PreviewWire {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const streamed = text.trimStart().startsWith("{") && text.includes("\n{") && text.includes('"sequence"');
    throw new PreviewJsonError(
      streamed
        ? "this is a stream of engine events (PULUMI_ENABLE_STREAMING_JSON_PREVIEW is set?): give the one JSON document that 'pulumi preview --json' prints without it"
        : "not JSON: give the output of 'pulumi preview --json'",
    );
  }
  const parsed = PreviewWire.safeParse(data);
  const looksRight = typeof data === "object" && data !== null && ["steps", "diagnostics", "changeSummary"].some((k) => k in data);
  if (!parsed.success || !looksRight) {
    throw new PreviewJsonError("not the output of 'pulumi preview --json' (expected an object with 'steps' and 'diagnostics')");
  }
  return parsed.data;
}
