// Authorization: a bearer token carrying the call's scope (or the Basic value of the token endpoint). Checks the scope
// against the granted ones before anything is sent; after a 401 it drops the token and sends once more with a new one
// (once per call, and without spending a retry).
import type { ScopedTokens } from "../auth.js";
import { RampAuthError, RampScopeError } from "../errors.js";
import { isWireFailure, operationOf, type ApiRequest, type Call, type Layer } from "./call.js";

/** A token refused for its scope (`invalid_scope`, or issued without it) is a missing scope of this call. */
function scopeErrorFromToken(err: unknown, scope: string, req: ApiRequest): unknown {
  if (!(err instanceof RampAuthError) || err.errorCode !== "invalid_scope") return err;
  return new RampScopeError(
    { scope, operation: operationOf(req), source: "token", status: err.status, errorCode: err.errorCode, rampMessage: err.rampMessage, traceId: err.traceId },
    { cause: err },
  );
}

export function withBearer(tokens: ScopedTokens, grantedScopes: ReadonlySet<string> | undefined): Layer {
  return (next) => {
    /** Calls whose token was refreshed after a 401 already: a second 401 is Ramp's answer, not a stale token. */
    const refreshed = new WeakSet<Call>();
    return async (call) => {
      const { req } = call;
      if (!("scope" in req.auth)) return next({ ...call, authorization: req.auth.basic });
      const { scope } = req.auth;
      while (true) {
        if (grantedScopes && !grantedScopes.has(scope)) {
          throw new RampScopeError({ scope, operation: operationOf(req), source: "config" });
        }
        let token: string;
        try {
          token = await call.deadline.race(tokens.get(scope), "waiting for an access token");
        } catch (err) {
          throw scopeErrorFromToken(err, scope, req);
        }
        const outcome = await next({ ...call, authorization: `Bearer ${token}` });
        if (isWireFailure(outcome) || outcome.status !== 401 || refreshed.has(call)) return outcome;
        // The token expired or was revoked: fetch a new one and send this request once more.
        refreshed.add(call);
        tokens.invalidate(scope, token);
        call.trail.lastCause = "HTTP 401";
        call.deadline.check();
      }
    };
  };
}
