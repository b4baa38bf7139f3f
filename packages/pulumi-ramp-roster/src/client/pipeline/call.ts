// The shapes every part of the request pipeline shares: the request a caller makes, the call that carries it through
// the layers, what one attempt brings back, and `Send`, the one function type each layer takes and returns.
import { closedError } from "../errors.js";
import type { HttpResponse } from "../transport.js";
import type { Deadline } from "./deadline.js";

export interface ApiRequest {
  method: "GET" | "POST" | "PATCH";
  /** URL path, e.g. /developer/v1/users (shown in errors and events; the query never is). */
  path: string;
  query?: URLSearchParams;
  /** A JSON body. */
  json?: unknown;
  /** A form-encoded body. */
  form?: string;
  /** API calls: a bearer token carrying `scope`; the token endpoint: a Basic header value. */
  auth: { scope: string } | { basic: string };
  /** What the call is for ("deactivate user"): errors name it. Default: method and path. */
  operation?: string;
  /** Whom or what it is about (a user id, an email): errors name it. */
  subject?: string;
  /** Statuses that mean "no such object" for this call (`isNotFound`); default [404]. */
  notFoundStatuses?: readonly number[];
  /**
   * Safe to send again after an ambiguous failure (5xx, timeout, connection lost after sending). A non-idempotent
   * request is retried only after 429 and after connection failures that prove it was never sent.
   */
  idempotent: boolean;
  /** "json": the 2xx body must be JSON. "ignore": any 2xx body (empty, 204, `{}`) is accepted and not parsed. */
  response: "json" | "ignore";
  /** Maps a non-retryable error response to the error to throw (default: RampApiError). */
  errorFor?: (res: HttpResponse, traceId: string | null) => Error | undefined;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  traceId: string | null;
  attempts: number;
}

/** What the call has been through so far: read by the errors that end it (deadline, retries spent). */
export interface Trail {
  /** HTTP attempts made. */
  attempts: number;
  /** One line on the last failure that was retried ("HTTP 503 ...", "ECONNRESET"), for the deadline error. */
  lastCause: string | null;
  lastError: Error | undefined;
}

/** One caller's request on its way through the layers. The same object for every attempt. */
export interface Call {
  readonly req: ApiRequest;
  readonly deadline: Deadline;
  readonly trail: Trail;
  /** Aborted when the client closes. */
  readonly signal: AbortSignal;
  /** The Authorization header value: set by the auth layer for the layers below it. */
  readonly authorization?: string;
}

/** Ramp's answer to one attempt. `json` is set once the retry layer has accepted a 2xx answer and parsed it. */
export interface Answer extends HttpResponse {
  traceId: string | null;
  json?: unknown;
}

/** An attempt that got no answer: a connection error or the per-attempt timeout (raw, classified by the retry layer). */
export interface WireFailure {
  failure: unknown;
}

export type Outcome = Answer | WireFailure;

/** A layer's view of everything below it: the call in, an outcome out (or a typed error thrown: final). */
export type Send = (call: Call) => Promise<Outcome>;

/** A part of the pipeline: wraps the `Send` below it. */
export type Layer = (next: Send) => Send;

export function isWireFailure(outcome: Outcome): outcome is WireFailure {
  return "failure" in outcome;
}

export function operationOf(req: ApiRequest): string {
  return req.operation ?? `call ${req.method} ${req.path}`;
}

export function throwIfClosed(signal: AbortSignal): void {
  if (signal.aborted) throw closedError();
}
