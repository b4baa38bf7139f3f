// Errors of the resource layer. A message names the user or field it is about and never a secret.

/** The provider is not configured well enough to reach Ramp. */
export class RampConfigError extends Error {
  override readonly name = "RampConfigError";
}

/**
 * A create that got as far as a Ramp user and then failed. The dynamic-provider host turns the `id` and
 * `properties` of a thrown error into a partially created resource, so the state remembers the user and the next
 * run updates it instead of creating it again.
 */
export class PartialCreateError extends Error {
  override readonly name = "PartialCreateError";
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }
}

/** What a user must fix in the roster or in Ramp before the operation can go on. */
export class RampRosterStateError extends Error {
  override readonly name = "RampRosterStateError";
}
