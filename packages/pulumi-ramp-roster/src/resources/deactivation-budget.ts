// The provider's backstop against a mass deactivation. Every deactivation of a run passes through one budget in the
// provider process, however the engine reached it: an update to `active: false`, a delete (removed from the roster,
// an email replacement, `pulumi destroy` — which runs no program, so no program-level guard), or a create that
// adopted someone the roster lists as inactive. Past `ramp:maxDeactivations`, only users the confirmation names are
// deactivated, so a guard the program could not evaluate fails closed.
import { emailKey } from "../ramp-facts.js";
import { ENV_KEYS, type DeactivationLimits } from "./settings.js";

export class DeactivationRefusedError extends Error {
  override readonly name = "DeactivationRefusedError";
}

export class DeactivationBudget {
  private unconfirmed = 0;

  /** `limits` is read at each claim: the provider is configured after it is created. */
  constructor(private readonly limits: () => DeactivationLimits) {}

  /** Call right before deactivating a user: throws, and nothing is deactivated, when this one is over the limit. */
  claim(email: string, userId: string): void {
    const { max, confirmed, withoutProgram } = this.limits();
    if (confirmed.has(emailKey(email))) return;
    if (withoutProgram) {
      throw new DeactivationRefusedError(
        `refusing to deactivate ${email} (${userId}): no roster program ran in this process (a 'pulumi destroy', or a ` +
          `run that registers no user), so nothing counted this run's deactivations, and each must be confirmed by name. ` +
          `Nothing was done to ${email}. If it is intended, run it again with ` +
          `${ENV_KEYS.confirmDeactivations}=<every email to deactivate, comma-separated> (the stack output managedUsers lists them).`,
      );
    }
    if (this.unconfirmed >= max) {
      throw new DeactivationRefusedError(
        `refusing to deactivate ${email} (${userId}): this run has already deactivated ${this.unconfirmed} unconfirmed ` +
          `user(s), the most ramp:maxDeactivations (${max}) allows. Nothing was done to ${email}. If these deactivations ` +
          `are intended (a large offboarding), confirm each user by email for this run: ` +
          `${ENV_KEYS.confirmDeactivations}=a@example.com,b@example.com,... and run it again.`,
      );
    }
    this.unconfirmed += 1;
  }
}
