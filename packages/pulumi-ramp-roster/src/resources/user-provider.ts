// The RampUser dynamic provider's implementation: create = invite (or adopt), update = PATCH of changed fields,
// delete = deactivate, and back in the roster = reactivate. Never a second invite for one person, and every
// deactivation passes the run's deactivation budget (the guard's backstop) before anything is written.
import { randomUUID } from "node:crypto";
import { RampBetaRefusedError, RampTaskError, type NewUser, type RampUserRecord } from "../client/index.js";
import { ASSIGNABLE_ROLES, DRAFT_STATUS, emailKey, INACTIVE_STATUS, PENDING_INVITE_STATUS } from "../ramp-facts.js";
import { ENV_KEYS } from "./settings.js";
import type { RampContext } from "./context.js";
import type { TypedResourceProvider } from "./typed-provider.js";
import { IncompleteUserChangeError, RampRosterStateError } from "./errors.js";
import {
  absentUserId,
  applyPatch,
  cannotClearReason,
  checkUserInputs,
  checkUserTransition,
  diffUser,
  inputsFromOutputs,
  isAbsentUserId,
  isActiveStatus,
  isDraftStatus,
  isHeldJoiner,
  mayReactivate,
  normaliseUserInputs,
  outputsFromLive,
  outputsWithoutAccount,
  patchFor,
  userFromOutputs,
  type UnclearableField,
  type UserInputs,
  type UserOutputs,
} from "./user-model.js";

type Props = Record<string, unknown>;

/** The serialized provider travels with every recorded state, partial ones included (see IncompleteUserChangeError). */
const PROVIDER_KEY = "__provider";

function withProvider(outs: UserOutputs, news: Props): Props {
  return { ...outs, [PROVIDER_KEY]: news[PROVIDER_KEY] };
}

/** Prefixes a failure with the user it concerns; the client's message already names the call, status and trace id. */
function aboutUser(email: string, id: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const wrapped = new Error(`${email} (${id}): ${message}`, { cause: err });
  wrapped.name = err instanceof Error ? err.name : "Error";
  return wrapped;
}

export function createUserProvider(
  ctx: RampContext,
  warn: (message: string) => void = (m) => console.warn(`warning: ${m}`),
) {
  const client = () => ctx.getClient();

  /** Refuses, before anything is written, what the roster may not do to this live user. */
  function assertAllowed(live: RampUserRecord, wanted: UserInputs): void {
    if (wanted.role !== live.role && !(ASSIGNABLE_ROLES as readonly string[]).includes(live.role)) {
      throw new RampRosterStateError(
        `${wanted.email} (${live.id}) has the role ${live.role} in Ramp, which a roster cannot express or assign; ` +
          `it was not changed to ${wanted.role}. Change it in Ramp's admin UI, or leave this user out of the roster.`,
      );
    }
    if (wanted.protect) {
      if (wanted.role !== live.role) {
        throw new RampRosterStateError(
          `${wanted.email} (${live.id}) is protected (protect: true): their role stays ${live.role}; remove protect in an earlier, separate change first`,
        );
      }
      if (!wanted.active && isActiveStatus(live.status)) {
        throw new RampRosterStateError(
          `${wanted.email} (${live.id}) is protected (protect: true): not deactivated; remove protect in an earlier, separate change first`,
        );
      }
    }
  }

  /**
   * Takes an existing Ramp user to the wanted state: reactivate, PATCH what differs, deactivate. A deactivation is
   * claimed from the run's budget before the first write, so a refusal leaves the user untouched. Fields the roster
   * wants cleared but Ramp's API cannot clear are not sent; they are returned for the caller to report once the rest
   * (a deactivation above all) is done.
   *
   * An inactive user is made active again only when `mayReactivate` says the roster itself took their access away
   * (or a confirmation names them). Otherwise they are held: nothing is written, and `held` says so, so the caller
   * records them as they are and the next preview shows the same reactivation still waiting.
   */
  async function converge(
    live: RampUserRecord,
    wanted: UserInputs,
    mayReactivate: boolean,
  ): Promise<{ user: RampUserRecord; uncleared: UnclearableField[]; held: boolean }> {
    assertAllowed(live, wanted);
    if (wanted.active && !isActiveStatus(live.status) && !mayReactivate) {
      warn(heldMessage(wanted.email, live));
      return { user: live, uncleared: [], held: true };
    }
    const deactivating = !wanted.active && isActiveStatus(live.status);
    // A draft has no access to take: its removal is no deactivation in the guard's sense (see isDraftStatus).
    if (deactivating && !isDraftStatus(live.status)) ctx.deactivations.claim(wanted.email, live.id);
    let user = live;
    try {
      if (wanted.active && !isActiveStatus(user.status)) {
        await client().reactivateUser(user.id);
        user = await client().getUser(user.id); // reactivation returns the user to USER_ACTIVE or back to a pending invite
      }
      const { patch, uncleared } = patchFor(user, wanted);
      if (Object.keys(patch).length > 0) {
        await client().updateUser(user.id, patch);
        user = applyPatch(user, patch);
      }
      if (isDraftStatus(user.status)) user = await settleInvitation(user, wanted);
      if (deactivating) {
        await client().deactivateUser(user.id);
        user = { ...user, status: INACTIVE_STATUS };
      }
      await ctx.users.remember(user);
      return { user, uncleared, held: false };
    } catch (err) {
      throw aboutUser(wanted.email, live.id, err);
    }
  }

  /**
   * A draft's invitation as the roster wants it: scheduled for the first day while it is ahead, sent now once it is
   * not (Ramp takes SEND_NOW only for a draft, so nobody is invited twice), cancelled before a deactivation. Ramp
   * refusing the beta is said by name and holds the invitation back: never an early invite.
   */
  async function settleInvitation(user: RampUserRecord, wanted: UserInputs): Promise<RampUserRecord> {
    try {
      if (!wanted.active) {
        await client().inviteAction(user.id, { action: "DESCHEDULE" });
        return { ...user, scheduledInvitationDate: null };
      }
      if (wanted.startOn) {
        if (user.scheduledInvitationDate === wanted.startOn) return user;
        await client().inviteAction(user.id, { action: "SCHEDULE", date: wanted.startOn });
        return { ...user, scheduledInvitationDate: wanted.startOn };
      }
      await client().inviteAction(user.id, { action: "SEND_NOW" });
      return { ...user, status: PENDING_INVITE_STATUS, scheduledInvitationDate: null };
    } catch (err) {
      if (!(err instanceof RampBetaRefusedError)) throw err;
      // Deactivating the draft (next) keeps any schedule from inviting them; otherwise the draft stays uninvited.
      if (wanted.active) warn(refusedInvitationMessage(wanted, err));
      return user;
    }
  }

  /** The state to record: the user as Ramp has them now, and what the roster asked for. */
  function recordedOutputs(user: RampUserRecord, wanted: UserInputs): UserOutputs {
    return outputsFromLive(user, { ...wanted, rosterActive: wanted.active });
  }

  /** The error for fields left as Ramp has them, with the state to record (the rest of the change was made). */
  function unclearedError(email: string, id: string, uncleared: UnclearableField[], outs: Props): IncompleteUserChangeError {
    const reasons = uncleared.map((field) => `${email}: ${field} not cleared: ${cannotClearReason(field)}`);
    return new IncompleteUserChangeError(reasons.join("\n"), id, outs, reasons);
  }

  /**
   * A create that finds the person in Ramp takes over that account. An inactive account is a former person's (or
   * someone cut off by hand): it is made active only with a confirmation naming them, never because the roster
   * lists the email.
   */
  async function adopt(live: RampUserRecord, wanted: UserInputs, news: Props): Promise<{ id: string; outs: UserOutputs }> {
    ctx.claimedUserIds.add(live.id);
    let converged: { user: RampUserRecord; uncleared: UnclearableField[] };
    try {
      converged = await converge(live, wanted, mayReactivate({}, wanted));
    } catch (err) {
      // The user exists in Ramp: record them so the next run updates instead of creating.
      throw new IncompleteUserChangeError(
        `found ${wanted.email} in Ramp (${live.id}, ${live.status}) but could not bring them to the roster's state: ${(err as Error).message}`,
        live.id,
        withProvider(recordedOutputs(live, wanted), news),
      );
    }
    const outs = recordedOutputs(converged.user, wanted);
    if (converged.uncleared.length > 0) throw unclearedError(wanted.email, live.id, converged.uncleared, withProvider(outs, news));
    return { id: live.id, outs };
  }

  /**
   * The new user as the invite made them. No GET to read them back (one request less per invite under Ramp's rate
   * limit): what Ramp adds (entity, business) comes with the next refresh's listing.
   */
  function invitedUser(userId: string, wanted: UserInputs): RampUserRecord {
    return {
      id: userId,
      email: wanted.email,
      firstName: wanted.firstName,
      lastName: wanted.lastName,
      role: wanted.role,
      status: PENDING_INVITE_STATUS,
      departmentId: wanted.departmentId ?? null,
      locationId: wanted.locationId ?? null,
      managerId: wanted.managerId && !isAbsentUserId(wanted.managerId) ? wanted.managerId : null,
      employeeId: wanted.employeeId ?? null,
      isManager: wanted.isManager ?? null,
      scheduledDeactivationDate: wanted.deactivateOn ?? null,
      entityId: null,
      businessId: null,
      phone: null,
    };
  }

  /**
   * A user recorded without an account, when no refresh has bound them to a Ramp user yet (a refresh does: see
   * `read`). If someone has invited them by hand since, that account is brought to the roster's state.
   */
  async function updateWithoutAccount(wanted: UserInputs, news: Props, olds: Props): Promise<{ outs: UserOutputs }> {
    const live = await ctx.cachedUserByEmail(wanted.email);
    // A joiner held until a day still ahead (Ramp refused drafts): nothing to do in Ramp; the day is recorded.
    if (!live && wanted.active && wanted.startOn && isHeldJoiner(olds)) return { outs: outputsWithoutAccount(wanted) };
    if (!live) {
      if (wanted.active) {
        throw new RampRosterStateError(
          `${wanted.email} has no Ramp account to activate yet: run 'pulumi up' with refresh (Pulumi.yaml's refresh: always), which invites them`,
        );
      }
      return { outs: outputsWithoutAccount(wanted) };
    }
    // Invited by hand since: an inactive account is not this roster's to reactivate without a confirmation.
    const { user, uncleared } = await converge(live, wanted, mayReactivate({}, wanted));
    const outs = recordedOutputs(user, wanted);
    if (uncleared.length > 0) throw unclearedError(wanted.email, live.id, uncleared, withProvider(outs, news));
    return { outs };
  }

  /**
   * A joiner whose first day is ahead: a draft (no invite), then its invitation scheduled for the day. A run killed
   * between the two leaves a draft without a schedule: the next run's create finds it by email and adopts it, and
   * converge schedules it. If Ramp refuses drafts for the business, nothing is created: the joiner is recorded as
   * held until their day, when a run (the nightly apply) invites them.
   */
  async function createJoiner(wanted: UserInputs, news: Props): Promise<{ id: string; outs: UserOutputs }> {
    let userId: string;
    try {
      ({ userId } = await client().inviteUser({ ...newUserFields(wanted), isDraft: true }, { idempotencyKey: randomUUID() }));
    } catch (err) {
      if (err instanceof RampBetaRefusedError) {
        warn(
          `${wanted.email}: ${err.message}. Held: not invited before their first day ${wanted.startOn}; a run on or after that ` +
            `day invites them (the nightly apply does)`,
        );
        return { id: absentUserId(wanted.email), outs: outputsWithoutAccount(wanted) };
      }
      if (err instanceof RampTaskError && err.emailAlreadyExists) {
        const found = await client().fetchUserByEmail(wanted.email);
        if (found) return adopt(found, wanted, news);
      }
      throw aboutUser(wanted.email, "new draft", err);
    }
    ctx.claimedUserIds.add(userId);
    const draft: RampUserRecord = { ...invitedUser(userId, wanted), status: DRAFT_STATUS, scheduledInvitationDate: null };
    let scheduled: RampUserRecord;
    try {
      scheduled = await settleInvitation(draft, wanted);
    } catch (err) {
      // The draft exists: record it, so the next run schedules it instead of creating another.
      throw new IncompleteUserChangeError(
        `created ${wanted.email} as a draft (${userId}) but could not schedule their invitation: ${(err as Error).message}`,
        userId,
        withProvider(recordedOutputs(draft, wanted), news),
      );
    }
    await ctx.users.remember(scheduled);
    return { id: userId, outs: recordedOutputs(scheduled, wanted) };
  }

  return {
    async check(olds: Partial<UserInputs>, news: UserInputs) {
      // The engine checks what the program registers, and only that (a refresh reads and diffs every recorded
      // resource, a destroy registers nothing): the emails the roster keeps in this run.
      ctx.programRegisteredUsers = true;
      if (typeof news.email === "string") ctx.registeredEmails.add(emailKey(news.email));
      const failures = [...checkUserInputs(news), ...checkUserTransition(olds, news)];
      return failures.length > 0 ? { inputs: news, failures } : { inputs: { ...news, ...normaliseUserInputs(news) } };
    },

    async diff(_id: string, olds: UserOutputs, news: UserInputs) {
      const { changes, replaces } = diffUser(olds, news);
      // Create before delete, for a change of email (formerEmails) too: the replacement is invited, or adopts the
      // person if Ramp already has the new email; the people they manage are pointed at it; only then is the old
      // account deactivated, and not at all if the replacement adopted that very Ramp user (claimedUserIds). Delete
      // first would deactivate that person and reactivate them a moment later, and a failed invite would leave the
      // person with no active account.
      return { changes, replaces, deleteBeforeReplace: false };
    },

    async create(news: UserInputs): Promise<{ id: string; outs: UserOutputs }> {
      const wanted = normaliseUserInputs(news);
      const existing = await ctx.cachedUserByEmail(wanted.email);
      if (existing) return adopt(existing, wanted, news);
      // Inactive and without an account is already what the roster asks for: never invite just to deactivate.
      if (!wanted.active) return { id: absentUserId(wanted.email), outs: outputsWithoutAccount(wanted) };
      if (wanted.startOn) return createJoiner(wanted, news);
      let userId: string;
      try {
        ({ userId } = await client().inviteUser(
          newUserFields(wanted),
          // One key per create: the client retries the POST with it, so a lost response cannot invite twice.
          { idempotencyKey: randomUUID() },
        ));
      } catch (err) {
        // Someone invited this person since our listing: adopt them instead.
        if (err instanceof RampTaskError && err.emailAlreadyExists) {
          const found = await client().fetchUserByEmail(wanted.email);
          if (found) return adopt(found, wanted, news);
        }
        throw aboutUser(wanted.email, "new invite", err);
      }
      ctx.claimedUserIds.add(userId);
      const invited = invitedUser(userId, wanted);
      await ctx.users.remember(invited);
      return { id: userId, outs: recordedOutputs(invited, wanted) };
    },

    async read(id: string, recorded?: Partial<UserOutputs>) {
      const props = recorded ?? {};
      if (isAbsentUserId(id)) {
        // Still without an account, unless someone has since invited them by hand: then the resource is bound to
        // that Ramp user's id from now on (the engine takes the new id), so a later removal deactivates them and
        // their reports' manager is a real Ramp id.
        const wanted = normaliseUserInputs(props);
        const live = await ctx.cachedUserByEmail(wanted.email);
        if (live) {
          const outs = outputsFromLive(live, props);
          return { id: live.id, props: outs, inputs: inputsFromOutputs(outs) };
        }
        // A held joiner stays held (the roster wanted them active): the record keeps saying so.
        const outs = isHeldJoiner(props) ? { ...outputsWithoutAccount(wanted), rosterActive: true } : outputsWithoutAccount(wanted);
        return { id, props: outs, inputs: inputsFromOutputs(outs) };
      }
      const live = await ctx.cachedUserById(id);
      if (!live) return {}; // gone from Ramp: the engine drops it from state, and the next up invites again
      const outs = outputsFromLive(live, props);
      if (outs.rampEmail !== undefined) {
        warn(
          `${outs.email} (${id}) has the email ${outs.rampEmail} in Ramp. Ramp's API cannot change it back: write ` +
            `'email: ${outs.rampEmail}' with 'formerEmails: ${outs.email}' in the roster`,
        );
      }
      return { id, props: outs, inputs: inputsFromOutputs(outs) };
    },

    async update(id: string, olds: UserOutputs, news: UserInputs): Promise<{ outs: UserOutputs }> {
      const wanted = normaliseUserInputs(news);
      if (isAbsentUserId(id)) return updateWithoutAccount(wanted, news, olds);
      // From the recorded state (refreshed from live Ramp first, as Pulumi.yaml asks): only what differs is sent.
      // Only the roster's own removal (recorded `rosterActive: false`) may be undone without a confirmation.
      const { user, uncleared } = await converge(userFromOutputs(id, olds), wanted, mayReactivate(olds, wanted));
      const outs = recordedOutputs(user, wanted);
      if (uncleared.length > 0) throw unclearedError(wanted.email, id, uncleared, withProvider(outs, news));
      return { outs };
    },

    async delete(id: string, props: UserOutputs) {
      const email = String(props.email);
      if (isAbsentUserId(id)) {
        // Recorded without an account: this record deactivates nobody. Whoever Ramp has under the email now may be
        // the account another resource invited in its place (a replacement that a stopped run left half done).
        const live = await ctx.cachedUserByEmail(email);
        if (live && isActiveStatus(live.status) && !ctx.claimedUserIds.has(live.id)) {
          warn(
            `${email} was recorded without a Ramp account, and Ramp now has ${live.id} (${live.status}) under that email: ` +
              `not deactivated, since this stack never recorded that account; if the roster no longer lists them, ` +
              `deactivate them in Ramp's admin UI`,
          );
        }
        return;
      }
      if (ctx.claimedUserIds.has(id) || ctx.registeredEmails.has(emailKey(email))) {
        // A delete the engine carries out after the program's resources (one left pending by a stopped replacement
        // included): the roster of this run keeps the email, or another resource took over the Ramp user.
        warn(
          `not deactivating ${email} (${id}): the same Ramp user belongs to another resource of this stack ` +
            `(a replacement, or an email changed in Ramp and in the roster); only this stack's old record of them is removed`,
        );
        return;
      }
      // Live state, not the recorded status: someone may have reactivated the user by hand since.
      const live = await ctx.cachedUserById(id);
      if (!live || !isActiveStatus(live.status)) return; // gone or already inactive: nothing to do
      const draft = isDraftStatus(live.status);
      // A joiner removed before their first day: the invitation is cancelled and the draft deactivated; nobody loses
      // access, so nothing is claimed from the deactivation budget.
      if (!draft) ctx.deactivations.claim(email, id);
      try {
        if (draft) await settleInvitation(live, { ...normaliseUserInputs(props), active: false });
        await client().deactivateUser(id);
      } catch (err) {
        throw aboutUser(email, id, err);
      }
      await ctx.users.remember({ ...live, status: INACTIVE_STATUS });
    },
  } satisfies TypedResourceProvider<UserInputs, UserOutputs>;
}

/** The invite's fields from the roster's. */
function newUserFields(wanted: UserInputs): NewUser {
  const managerId = wanted.managerId && !isAbsentUserId(wanted.managerId) ? wanted.managerId : undefined;
  return {
    email: wanted.email,
    firstName: wanted.firstName,
    lastName: wanted.lastName,
    role: wanted.role,
    ...(wanted.departmentId ? { departmentId: wanted.departmentId } : {}),
    ...(wanted.locationId ? { locationId: wanted.locationId } : {}),
    ...(managerId ? { managerId } : {}),
    ...(wanted.isManager !== undefined ? { isManager: wanted.isManager } : {}),
    ...(wanted.employeeId ? { employeeId: wanted.employeeId } : {}),
    // Only when the roster manages it: null (`deactivateOn: ~`) asks for open-ended access, and a guest invited
    // without it gets Ramp's default end date.
    ...(wanted.deactivateOn !== undefined ? { scheduledDeactivationDate: wanted.deactivateOn } : {}),
  };
}

/** Why a draft's invitation was not scheduled or sent: Ramp refused the beta for the business. */
export function refusedInvitationMessage(wanted: Pick<UserInputs, "email" | "startOn">, err: RampBetaRefusedError): string {
  return wanted.startOn
    ? `${wanted.email}: ${err.message}. They stay a draft, not invited; a run on or after ${wanted.startOn} sends the invite (the nightly apply does), or send it from Ramp's admin UI on that day`
    : `${wanted.email}: ${err.message}. They stay a draft, not invited: send the invite from Ramp's admin UI`;
}

/** Why an inactive user the roster lists stays inactive, and the two ways to give access back. */
export function heldMessage(email: string, live: RampUserRecord): string {
  return (
    `${email} (${live.id}) is ${live.status} in Ramp, and the roster did not take their access away (Ramp deactivated ` +
    `them on a date, an admin did by hand, or the email is a former person's account): left inactive. To give access ` +
    `back, confirm it by name (ramp:confirmReactivations or ${ENV_KEYS.confirmReactivations}=${emailKey(email)}), or ` +
    `mark them 'active: false' in the roster (or remove them) and add them back in a later change`
  );
}
