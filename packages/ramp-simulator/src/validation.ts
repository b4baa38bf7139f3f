// zod-checked request bodies: a failed check becomes Ramp's 422 validation error with per-field messages.
import type { z } from "zod";
import { type FieldErrors, unprocessable } from "./errors.js";

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "_schema";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error);
  const first = Object.entries(errors)[0];
  const message = first ? `${first[0]}: ${first[1].join("; ")}` : "Invalid request body";
  throw unprocessable(message, errors);
}
