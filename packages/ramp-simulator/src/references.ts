// Checks shared by user create and update: ids that must exist (400 otherwise, as on Ramp) and the role rules.
import { badRequest, type FieldErrors } from "./errors.js";
import type { SimulatorState } from "./state.js";
import { ROLES_WITHOUT_SCHEDULED_DEACTIVATION } from "./types.js";

export interface References {
  department_id?: string | null | undefined;
  location_id?: string | null | undefined;
  direct_manager_id?: string | null | undefined;
}

export function checkReferences(state: SimulatorState, refs: References): void {
  const errors: FieldErrors = {};
  if (refs.department_id && !state.departments.has(refs.department_id)) {
    errors.department_id = [`Department ${refs.department_id} does not exist.`];
  }
  if (refs.location_id && !state.locations.has(refs.location_id)) {
    errors.location_id = [`Location ${refs.location_id} does not exist.`];
  }
  if (refs.direct_manager_id && !state.users.has(refs.direct_manager_id)) {
    errors.direct_manager_id = [`User ${refs.direct_manager_id} does not exist.`];
  }
  const fields = Object.keys(errors);
  if (fields.length > 0) throw badRequest(`Unknown id in ${fields.join(", ")}`, errors);
}

export function refuseOwnerRole(role: string | undefined): void {
  if (role === "BUSINESS_OWNER") {
    throw badRequest("The BUSINESS_OWNER role cannot be assigned through the API.", {
      role: ["BUSINESS_OWNER cannot be invited or assigned through the API."],
    });
  }
}

/** Production clients report that Ramp refuses a manager for admins set through the API. */
export function refuseAdminManager(role: string, managerId: string | null | undefined): void {
  if (role === "BUSINESS_ADMIN" && managerId) {
    throw badRequest("A manager cannot be set for a BUSINESS_ADMIN through the API.", {
      direct_manager_id: ["Admins cannot have a manager set through the API."],
    });
  }
}

/**
 * Ramp (2026 spec): a scheduled deactivation date cannot be set for admins or the owner. `date` is what the user
 * would have after the request, so a change to an admin role must clear the date in the same request.
 */
export function refuseScheduledDeactivation(role: string, date: string | null | undefined): void {
  if (date && ROLES_WITHOUT_SCHEDULED_DEACTIVATION.includes(role)) {
    throw badRequest(`A scheduled deactivation date cannot be set for a ${role}.`, {
      scheduled_deactivation_date: ["Not allowed for admins or the business owner."],
    });
  }
}
