// Errors of the resource layer. A message names the user or field it is about and never a secret.

/**
 * A create or update that got as far as a Ramp user and then stopped short of the roster's state. The
 * dynamic-provider host turns the `id` and `properties` of a thrown error into a partially created (or updated)
 * resource, so the state records the user as Ramp has them and the next run goes on from there. `properties` must
 * carry the serialized provider (`__provider`): without it no later refresh, preview or update of the resource
 * can load the provider.
 */
export class IncompleteUserChangeError extends Error {
  override readonly name = "IncompleteUserChangeError";
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
