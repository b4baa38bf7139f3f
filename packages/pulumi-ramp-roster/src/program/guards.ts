// Run-level guards against a bad merge: too many deactivations at once, or too few admins left; and the notices of
// what a confirmation let through (reactivations of people whose access was removed outside the roster among them).
// They run in the program, before any resource is registered, so `pulumi preview` on the pull request already fails.
// An override names exactly what it allows (the users to deactivate, the admins to keep), so a confirmation left
// in the stack config cannot wave through a different change later.
import { formatIssue, plural } from "../roster/index.js";
import type { GuardSettings } from "../resources/settings.js";
import type { RunPlan } from "./plan.js";

// The settings (limits and confirmations) are read with the rest of the `ramp:` config: resources/settings.ts.
export { DEFAULT_GUARDS, type GuardSettings } from "../resources/settings.js";

export interface GuardOutcome {
  violations: string[];
  /** Confirmations that no longer match the plan: harmless, but worth removing. */
  notices: string[];
}

/**
 * How the guards word a confirmation that let a change through, and one that no longer matches anything: the plan
 * (cli/plan-model.ts) finds these prefixes in the preview's notices, so the pull request's comment shows both.
 */
export const CONFIRMED_PREFIX = "confirmed:";
export const STALE_CONFIRMATION_PREFIX = "stale confirmation:";
const confirmed = (what: string, key: string, emails: readonly string[]) =>
  `${CONFIRMED_PREFIX} ${what} by ${key}: ${emails.length > 0 ? emails.join(", ") : "none"}`;
const stale = (key: string, why: string) => `${STALE_CONFIRMATION_PREFIX} ${key} ${why} and has no effect; remove it`;

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const left = new Set(a.map((e) => e.toLowerCase()));
  const right = new Set(b.map((e) => e.toLowerCase()));
  return left.size === right.size && [...left].every((e) => right.has(e));
};

export function checkGuards(plan: RunPlan, settings: GuardSettings): GuardOutcome {
  const outcome: GuardOutcome = { violations: [], notices: [] };
  const deactivating = plan.deactivations.map((d) => d.email);

  if (deactivating.length > settings.maxDeactivations) {
    if (settings.confirmDeactivations && sameSet(settings.confirmDeactivations, deactivating)) {
      outcome.notices.push(confirmed(`${deactivating.length} deactivations, more than ramp:maxDeactivations (${settings.maxDeactivations}),`, "ramp:confirmDeactivations", deactivating));
    } else {
      const list = plan.deactivations.map((d) => `  - ${d.email} (${d.reason})`).join("\n");
      const emailChanges = plan.emailChanges.some((change) => deactivating.includes(change.from))
        ? `An email change replaces the user: the old account is deactivated, because Ramp does not have the new email ` +
          `for them (change it in Ramp first to keep the same user: then nobody is deactivated).\n`
        : "";
      const unknown = plan.liveUnknown
        ? `Ramp could not be read (${plan.liveUnknown}), so everyone this run might deactivate is counted.\n`
        : "";
      outcome.violations.push(
        `this run would deactivate ${deactivating.length} users, more than ramp:maxDeactivations (${settings.maxDeactivations}):\n${list}\n` +
          emailChanges +
          unknown +
          `If that is intended, confirm exactly these users for this run:\n` +
          `  RAMP_CONFIRM_DEACTIVATIONS=${deactivating.join(",")} pulumi up\n` +
          `or raise ramp:maxDeactivations.`,
      );
    }
  } else if (settings.confirmDeactivations && settings.confirmDeactivations.length > 0 && !sameSet(settings.confirmDeactivations, deactivating)) {
    outcome.notices.push(stale("ramp:confirmDeactivations", "does not match this run's deactivations"));
  }

  if (plan.blocked.length > 0) {
    outcome.violations.push(
      `the roster asks for ${plan.blocked.length} change(s) that cannot or may not be made:\n` +
        plan.blocked.map((b) => `  ${formatIssue({ ...b.source, severity: "error", message: b.message })}`).join("\n"),
    );
  }

  // Only a run that takes admin access from someone can leave Ramp short of admins; one that only invites admins
  // (a first run) cannot. Without Ramp, the roster's count alone decides, as it always did.
  const takesAdminAccess = plan.liveUnknown !== undefined || plan.adminsLosingAccess.length > 0;
  if (takesAdminAccess && plan.activeAdmins.length < settings.minAdmins) {
    if (settings.confirmAdmins && sameSet(settings.confirmAdmins, plan.activeAdmins)) {
      outcome.notices.push(confirmed(`${plan.activeAdmins.length} active admins, fewer than ramp:minAdmins (${settings.minAdmins}),`, "ramp:confirmAdmins", plan.activeAdmins));
    } else {
      const remaining = plan.activeAdmins.length > 0 ? plan.activeAdmins.join(", ") : "none";
      const uncounted =
        plan.uncountedAdmins.length > 0
          ? `Not counted, because they cannot sign in to Ramp: ${plan.uncountedAdmins.map((a) => `${a.email} (${a.why})`).join(", ")}.\n`
          : "";
      outcome.violations.push(
        `this run would leave ${plan.activeAdmins.length} admins (BUSINESS_ADMIN) who can sign in to Ramp, fewer than ramp:minAdmins (${settings.minAdmins}); remaining: ${remaining}.\n` +
          (plan.adminsLosingAccess.length > 0 ? `Losing admin access in this run: ${plan.adminsLosingAccess.join(", ")}.\n` : "") +
          uncounted +
          `If that is intended, confirm exactly the remaining admins for this run:\n` +
          `  RAMP_CONFIRM_ADMINS=${plan.activeAdmins.length > 0 ? plan.activeAdmins.join(",") : "none"} pulumi up\n` +
          `or lower ramp:minAdmins.`,
      );
    }
  } else if (settings.confirmAdmins) {
    outcome.notices.push(
      stale(
        "ramp:confirmAdmins",
        plan.activeAdmins.length >= settings.minAdmins
          ? `is set while the roster keeps ${plural(plan.activeAdmins.length, "active admin")}, at least ramp:minAdmins (${settings.minAdmins}),`
          : "is set while this run takes admin access from no one,",
      ),
    );
  }

  if (plan.confirmedReactivations.length > 0) {
    outcome.notices.push(
      confirmed("reactivation of people whose access was removed outside the roster", "ramp:confirmReactivations", plan.confirmedReactivations),
    );
  }
  const unneeded = (settings.confirmReactivations ?? []).filter((email) => !plan.confirmedReactivations.includes(email));
  if (unneeded.length > 0) {
    outcome.notices.push(stale("ramp:confirmReactivations", `names ${unneeded.join(", ")}, whom this run does not need to reactivate,`));
  }
  return outcome;
}
