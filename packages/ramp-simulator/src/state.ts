// The simulated business: users, departments, locations and the idempotency keys already used.
import { Collection } from "./collection.js";
import { newId } from "./ids.js";
import type { StoredUserPatch, WireDepartment, WireLocation, WireUser } from "./types.js";

/** The `lifecycle_status` extra field, kept in step with `status` (Ramp-like, not documented). */
export function lifecycleOf(status: string): string {
  switch (status) {
    case "INVITE_PENDING":
    case "INVITE_EXPIRED":
      return "INVITED";
    case "USER_ONBOARDING":
      return "ONBOARDING";
    case "USER_ACTIVE":
      return "ACTIVE";
    case "USER_INACTIVE":
      return "DEACTIVATED";
    case "USER_SUSPENDED":
      return "SUSPENDED";
    case "USER_DRAFT":
      return "DRAFT";
    default:
      return "UNKNOWN";
  }
}

/** Ramp's example answers `phone` as a number (8004559999); so does the simulator, to catch clients typed on "string". */
const PHONE_BASE = 8_004_550_000;

const sameEmail = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export class SimulatorState {
  readonly users = new Collection<WireUser>();
  readonly departments = new Collection<WireDepartment>();
  readonly locations = new Collection<WireLocation>();
  /** idempotency_key → task id, for every accepted `POST /users/deferred`. */
  readonly idempotencyKeys = new Map<string, string>();
  /** Status a user had when deactivated, so reactivation does not turn a pending invite into an active user. */
  readonly statusBeforeDeactivation = new Map<string, string>();
  /** Invitations sent to a draft (SEND_NOW or its scheduled day), by user id: a test's proof nobody is invited twice. */
  readonly invitationsSent = new Map<string, number>();
  /** Ramp's beta refusal: this business may not create draft users or manage invitations through the API. */
  draftsRefused = false;
  private seedCounter = 0;

  constructor(
    readonly businessId: string,
    readonly entityId: string,
  ) {}

  userByEmail(email: string): WireUser | undefined {
    return this.users.values().find((u) => sameEmail(u.email, email));
  }

  /** By id first, then by (case-insensitive) email. */
  findUser(idOrEmail: string): WireUser | undefined {
    return this.users.get(idOrEmail) ?? this.userByEmail(idOrEmail);
  }

  departmentByName(name: string): WireDepartment | undefined {
    return this.departments.values().find((d) => sameName(d.name, name));
  }

  locationByName(name: string): WireLocation | undefined {
    return this.locations.values().find((l) => sameName(l.name, name));
  }

  /** A complete user from a partial one (wire names); defaults to an active cardholder. Not stored. */
  buildUser(fields: StoredUserPatch & { email: string }): WireUser {
    const status = fields.status ?? "USER_ACTIVE";
    const defaults: WireUser = {
      id: fields.id ?? newId(),
      first_name: "Sim",
      last_name: "User",
      email: fields.email,
      phone: PHONE_BASE + this.users.size,
      role: "BUSINESS_USER",
      department_id: null,
      location_id: null,
      manager_id: null,
      employee_id: null,
      is_manager: false,
      entity_id: this.entityId,
      business_id: this.businessId,
      custom_fields: [],
      status,
      lifecycle_status: lifecycleOf(status),
      scheduled_deactivation_date: null,
      scheduled_invitation_date: null,
    };
    return { ...defaults, ...fields, id: defaults.id, status };
  }

  setStatus(user: WireUser, status: string): void {
    user.status = status;
    user.lifecycle_status = lifecycleOf(status);
  }

  nextSeedEmail(): string {
    for (;;) {
      this.seedCounter += 1;
      const email = `seed-${String(this.seedCounter).padStart(5, "0")}@example.com`;
      if (!this.userByEmail(email)) return email;
    }
  }

  /**
   * Deactivates every user whose scheduled deactivation date has come (`today` is `YYYY-MM-DD`), as Ramp does on
   * that day. The date is cleared once it has done its work, so a later reactivation sticks.
   */
  applyScheduledDeactivations(today: string): void {
    for (const user of this.users.values()) {
      const date = user.scheduled_deactivation_date;
      if (typeof date !== "string" || date > today) continue;
      if (user.status !== "USER_INACTIVE") {
        this.statusBeforeDeactivation.set(user.id, user.status);
        this.setStatus(user, "USER_INACTIVE");
      }
      user.scheduled_deactivation_date = null;
    }
  }

  /**
   * Sends every scheduled invitation whose day has come, as Ramp does on that day: the draft becomes INVITE_PENDING
   * and the date is cleared. A draft deactivated meanwhile is not invited.
   */
  sendScheduledInvitations(today: string): void {
    for (const user of this.users.values()) {
      const date = user.scheduled_invitation_date;
      if (typeof date !== "string" || date > today) continue;
      if (user.status === "USER_DRAFT") {
        this.setStatus(user, "INVITE_PENDING");
        this.invitationsSent.set(user.id, (this.invitationsSent.get(user.id) ?? 0) + 1);
      }
      user.scheduled_invitation_date = null;
    }
  }

  /** Removes a user entirely and clears `manager_id` wherever it pointed at them. */
  deleteUser(id: string): void {
    this.users.delete(id);
    this.statusBeforeDeactivation.delete(id);
    this.invitationsSent.delete(id);
    for (const user of this.users.values()) {
      if (user.manager_id === id) user.manager_id = null;
    }
  }

  reset(): void {
    this.users.clear();
    this.departments.clear();
    this.locations.clear();
    this.idempotencyKeys.clear();
    this.statusBeforeDeactivation.clear();
    this.invitationsSent.clear();
    this.draftsRefused = false;
    this.seedCounter = 0;
  }
}
