// The Ramp API client: no Pulumi, no YAML. See ramp-client.ts for the calls, request.ts for how the
// request pipeline (pipeline/) is composed, and errors.ts for every error class.
export {
  RampClient,
  DEFAULT_RATE_LIMIT,
  DEFAULT_DEADLINE_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_TASK_POLL,
  IDEMPOTENCY_KEY_REUSED,
} from "./ramp-client.js";
export { MISSING_SCOPE } from "./request.js";
export type {
  ClientEvent,
  DeferredTask,
  NewUser,
  RampClientOptions,
  RampDepartmentRecord,
  RampLocationRecord,
  RampUserRecord,
  UserFilter,
  UserPatch,
  InvitationAction,
} from "./types.js";
export {
  RampError,
  RampApiError,
  RampAuthError,
  RampNetworkError,
  RampDeadlineError,
  RampResponseError,
  RampTaskError,
  RampTaskTimeoutError,
  RampInviteUnconfirmedError,
  InvalidIdError,
  InsecureUrlError,
  RampConfigError,
  RampScopeError,
  RampUnsupportedChangeError,
  RampBetaRefusedError,
  isNotFound,
  type ResponseIssue,
} from "./errors.js";
export { DEFAULT_SCOPES } from "./auth.js";
export { isSafeId, assertId } from "./paths.js";
export { redact, registerSecret } from "./redact.js";
