// Fault injection. A request fault matches by optional `method` and `path` (a prefix of the path after
// /developer/v1, or "*"), fires `count` times (default 1), then is gone. Faults are tried in the order they were
// injected and at most one fires per request. Task faults (`task_error`, `task_stuck`) ignore method and path:
// they apply to the next deferred user-creation task(s).
import { z } from "zod";

const match = {
  method: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  count: z.number().int().positive().optional(),
};

export const faultSchema = z.discriminatedUnion("kind", [
  z.object({
    ...match,
    kind: z.literal("status"),
    status: z.number().int().min(400).max(599),
    errorCode: z.string().optional(),
    message: z.string().optional(),
    retryAfterSeconds: z.number().nonnegative().optional(),
  }),
  z.object({ ...match, kind: z.literal("rate_limit"), retryAfterSeconds: z.number().nonnegative().optional() }),
  z.object({ ...match, kind: z.literal("latency"), ms: z.number().int().nonnegative() }),
  // `after: true` processes the request first (a user is invited, a field changed), then drops the connection: the
  // client cannot tell whether its request took effect.
  z.object({ ...match, kind: z.literal("drop"), after: z.boolean().optional() }),
  z.object({ ...match, kind: z.literal("malformed") }),
  z.object({ ...match, kind: z.literal("task_error"), message: z.string().optional() }),
  z.object({ ...match, kind: z.literal("task_stuck") }),
]);

export type Fault = z.infer<typeof faultSchema>;
export type RequestFault = Exclude<Fault, { kind: "task_error" | "task_stuck" }>;
export type TaskFault = Extract<Fault, { kind: "task_error" | "task_stuck" }>;

const isTaskFault = (fault: Fault): fault is TaskFault => fault.kind === "task_error" || fault.kind === "task_stuck";

interface Armed {
  fault: Fault;
  remaining: number;
}

export function pathMatches(pattern: string | undefined, path: string): boolean {
  if (pattern === undefined || pattern === "*" || path.startsWith(pattern)) return true;
  // A `*` segment matches any one segment (`/users/*/invite`), for routes whose path carries an id.
  if (!pattern.includes("/*")) return false;
  const want = pattern.split("/");
  const got = path.split("/");
  return want.length <= got.length && want.every((segment, i) => segment === "*" || segment === got[i]);
}

export class FaultInjector {
  private armed: Armed[] = [];

  /** Validates and arms faults; throws a ZodError on an invalid one (nothing is armed then). */
  inject(faults: unknown): void {
    const list = z.array(faultSchema).parse(Array.isArray(faults) ? faults : [faults]);
    for (const fault of list) this.armed.push({ fault, remaining: fault.count ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  /** Faults still armed, with `count` set to the number of firings left. */
  pending(): Fault[] {
    return this.armed.map(({ fault, remaining }) => ({ ...fault, count: remaining }));
  }

  takeRequestFault(method: string, path: string): RequestFault | undefined {
    const hit = this.armed.find(
      ({ fault }) =>
        !isTaskFault(fault) &&
        (fault.method === undefined || fault.method.toUpperCase() === method) &&
        pathMatches(fault.path, path),
    );
    return hit ? (this.consume(hit) as RequestFault) : undefined;
  }

  takeTaskFault(): TaskFault | undefined {
    const hit = this.armed.find(({ fault }) => isTaskFault(fault));
    return hit ? (this.consume(hit) as TaskFault) : undefined;
  }

  private consume(hit: Armed): Fault {
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.armed = this.armed.filter((a) => a !== hit);
    return hit.fault;
  }
}
