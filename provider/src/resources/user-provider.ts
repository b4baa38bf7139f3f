// The RampUser dynamic provider's implementation: create = invite (or adopt), update = PATCH of changed fields,
// delete = deactivate, and back in the roster = reactivate. Never a second invite for one person.
import { randomUUID } from "node:crypto";
import { RampTaskError, type RampUser } from "../client/index.js";
import type { RampContext } from "./context.js";
import { PartialCreateError, RampRosterStateError } from "./errors.js";
import {
  absentUserId,
  applyPatch,
  checkUserInputs,
  diffUser,
  inputsFromOutputs,
  isAbsentUserId,
  isActiveStatus,
  normaliseUserInputs,
  outputsFromLive,
  outputsWithoutAccount,
  patchFor,
  userFromOutputs,
  type UserInputs,
  type UserOutputs,
} from "./user-model.js";

type Props = Record<string, unknown>;

export function createUserProvider(ctx: RampContext, warn: (message: string) => void = (m) => console.warn(`warning: ${m}`)) {
  const client = () => ctx.getClient();

  /** Takes an existing Ramp user to the wanted state: reactivate or deactivate, then PATCH what differs. */
  async function converge(live: RampUser, wanted: UserInputs): Promise<RampUser> {
    let user = live;
    if (wanted.active && !isActiveStatus(user.status)) {
      await client().reactivateUser(user.id);
      user = await client().getUser(user.id); // reactivation returns the user to USER_ACTIVE or back to a pending invite
    }
    const patch = patchFor(user, wanted);
    if (Object.keys(patch).length > 0) {
      await client().updateUser(user.id, patch);
      user = applyPatch(user, patch);
    }
    if (!wanted.active && isActiveStatus(user.status)) {
      await client().deactivateUser(user.id);
      user = { ...user, status: "USER_INACTIVE" };
    }
    await ctx.users.remember(user);
    return user;
  }

  async function adopt(live: RampUser, wanted: UserInputs): Promise<{ id: string; outs: UserOutputs }> {
    ctx.claimedUserIds.add(live.id);
    try {
      const user = await converge(live, wanted);
      return { id: user.id, outs: outputsFromLive(user, wanted) };
    } catch (err) {
      // The user exists in Ramp: record them so the next run updates instead of creating.
      throw new PartialCreateError(
        `found ${wanted.email} in Ramp (${live.id}, ${live.status}) but could not bring them to the roster's state: ${(err as Error).message}`,
        live.id,
        { ...outputsFromLive(live, wanted) },
      );
    }
  }

  /**
   * The new user as Ramp has them (entity and business ids included), so the first refresh has nothing to add.
   * One GET per invite; if it fails, what we asked for is recorded and the next refresh completes it.
   */
  async function readBackInvited(userId: string, wanted: UserInputs): Promise<RampUser> {
    try {
      return await client().getUser(userId);
    } catch {
      return {
        id: userId,
        email: wanted.email,
        firstName: wanted.firstName,
        lastName: wanted.lastName,
        role: wanted.role,
        status: "INVITE_PENDING",
        departmentId: wanted.departmentId ?? null,
        locationId: wanted.locationId ?? null,
        managerId: wanted.managerId ?? null,
        employeeId: wanted.employeeId ?? null,
        isManager: wanted.isManager ?? null,
        entityId: null,
        businessId: null,
        phone: null,
      };
    }
  }

  /**
   * A user recorded without an account stays inactive. If someone has invited them by hand since, that account is
   * brought to the roster's state (deactivated); otherwise there is nothing to do in Ramp.
   */
  async function updateWithoutAccount(wanted: UserInputs): Promise<{ outs: UserOutputs }> {
    if (wanted.active) {
      throw new RampRosterStateError(`${wanted.email} has no Ramp account to activate; the engine should have replaced this resource`);
    }
    const live = await client().findUserByEmail(wanted.email);
    if (!live) return { outs: outputsWithoutAccount(wanted) };
    return { outs: outputsFromLive(await converge(live, wanted), wanted) };
  }

  return {
    async check(_olds: Props, news: Props) {
      const failures = checkUserInputs(news);
      return failures.length > 0 ? { inputs: news, failures } : { inputs: { ...news, ...normaliseUserInputs(news) } };
    },

    async diff(_id: string, olds: Props, news: Props) {
      const { changes, replaces } = diffUser(olds, news);
      // Create before delete, for a change of email (formerEmails) too: the replacement is invited, or adopts the
      // person if Ramp already has the new email; the people they manage are pointed at it; only then is the old
      // account deactivated, and not at all if the replacement adopted that very Ramp user (claimedUserIds). Delete
      // first would deactivate that person and reactivate them a moment later, and a failed invite would leave the
      // person with no active account.
      return { changes, replaces, deleteBeforeReplace: false };
    },

    async create(news: Props): Promise<{ id: string; outs: UserOutputs }> {
      const wanted = normaliseUserInputs(news);
      const existing = await ctx.findUserByEmail(wanted.email);
      if (existing) return adopt(existing, wanted);
      // Inactive and without an account is already what the roster asks for: never invite just to deactivate.
      if (!wanted.active) return { id: absentUserId(wanted.email), outs: outputsWithoutAccount(wanted) };
      let userId: string;
      try {
        ({ userId } = await client().inviteUser(
          {
            email: wanted.email,
            firstName: wanted.firstName,
            lastName: wanted.lastName,
            role: wanted.role,
            ...(wanted.departmentId ? { departmentId: wanted.departmentId } : {}),
            ...(wanted.locationId ? { locationId: wanted.locationId } : {}),
            ...(wanted.managerId ? { managerId: wanted.managerId } : {}),
            ...(wanted.isManager !== undefined ? { isManager: wanted.isManager } : {}),
            ...(wanted.employeeId ? { employeeId: wanted.employeeId } : {}),
          },
          // One key per create: the client retries the POST with it, so a lost response cannot invite twice.
          { idempotencyKey: randomUUID() },
        ));
      } catch (err) {
        // Someone invited this person since our listing: adopt them instead.
        if (err instanceof RampTaskError && err.emailAlreadyExists) {
          const found = await client().findUserByEmail(wanted.email);
          if (found) return adopt(found, wanted);
        }
        throw err;
      }
      ctx.claimedUserIds.add(userId);
      const invited = await readBackInvited(userId, wanted);
      await ctx.users.remember(invited);
      return { id: userId, outs: outputsFromLive(invited, wanted) };
    },

    async read(id: string, props: Props = {}) {
      if (isAbsentUserId(id)) {
        // Still without an account, unless someone has since invited them by hand: then show that as drift.
        const wanted = normaliseUserInputs(props);
        const live = await ctx.findUserByEmail(wanted.email);
        const outs = live ? outputsFromLive(live, props) : outputsWithoutAccount(wanted);
        return { id, props: outs, inputs: inputsFromOutputs(outs) };
      }
      const live = await ctx.findUserById(id);
      if (!live) return {}; // gone from Ramp: the engine drops it from state, and the next up invites again
      const outs = outputsFromLive(live, props);
      return { id, props: outs, inputs: inputsFromOutputs(outs) };
    },

    async update(id: string, olds: Props, news: Props): Promise<{ outs: UserOutputs }> {
      const wanted = normaliseUserInputs(news);
      if (isAbsentUserId(id)) return updateWithoutAccount(wanted);
      // From the recorded state (refreshed from live Ramp first, as Pulumi.yaml asks): only what differs is sent.
      const user = await converge(userFromOutputs(id, olds), wanted);
      return { outs: outputsFromLive(user, wanted) };
    },

    async delete(id: string, props: Props) {
      // Recorded without an account: nobody of ours to deactivate (the guards counted no deactivation either).
      if (isAbsentUserId(id)) return;
      if (ctx.claimedUserIds.has(id)) {
        warn(
          `not deactivating ${String(props.email)} (${id}): the same Ramp user now belongs to another roster entry ` +
            `(an email changed in Ramp and in the roster); only this stack's old record of them is removed`,
        );
        return;
      }
      // Live state, not the recorded status: someone may have reactivated the user by hand since.
      const live = await ctx.findUserById(id);
      if (!live || !isActiveStatus(live.status)) return; // gone or already inactive: nothing to do
      await client().deactivateUser(id);
      await ctx.users.remember({ ...live, status: "USER_INACTIVE" });
    },
  };
}
