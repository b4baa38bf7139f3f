// Bounded polling: of a deferred task until it ends, and of any probe until it finds what it looks for.
import { RampTaskError, RampTaskTimeoutError } from "./errors.js";
import { sleep } from "./retry.js";
import type { ClientEvent, DeferredTask } from "./types.js";

export interface PollOptions {
  pollIntervalMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

const FINISHED = new Set(["SUCCESS", "ERROR"]);

/**
 * Polls `getTask` until the task ends. SUCCESS → the user id; ERROR → RampTaskError (with `emailAlreadyExists` when
 * Ramp says the email is taken); still running after `timeoutMs` → RampTaskTimeoutError. Unknown statuses count as
 * still running.
 */
export async function waitForTask(
  taskId: string,
  getTask: (taskId: string) => Promise<DeferredTask>,
  options: PollOptions,
  emit: (e: ClientEvent) => void = () => {},
): Promise<string> {
  const startedAt = Date.now();
  let polls = 0;
  let lastStatus: string | null = null;
  while (true) {
    // Wait before every poll, the first included: a task just created is never finished yet, and a poll that can
    // only say so spends one of Ramp's 200 requests per 10 s.
    await sleep(options.pollIntervalMs, options.signal);
    const task = await getTask(taskId);
    polls++;
    lastStatus = task.status;
    emit({ type: "task_poll", taskId, status: task.status, polls });
    if (FINISHED.has(task.status)) {
      if (task.status === "SUCCESS") {
        if (task.userId) return task.userId;
        throw new RampTaskError({ taskId, rampMessage: task.error ?? "the task reported SUCCESS without a user id" });
      }
      throw new RampTaskError({ taskId, rampMessage: task.error });
    }
    const elapsed = Date.now() - startedAt;
    if (elapsed + options.pollIntervalMs > options.timeoutMs) {
      throw new RampTaskTimeoutError({ taskId, timeoutMs: options.timeoutMs, lastStatus, polls });
    }
  }
}

/**
 * Calls `probe` every `pollIntervalMs` until it returns a value, for at most `timeoutMs` (at least one call).
 * Returns the value, or undefined when the time ran out, and how long it took.
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, options: PollOptions): Promise<{ value: T | undefined; waitedMs: number }> {
  const startedAt = Date.now();
  while (true) {
    const value = await probe();
    const waitedMs = Date.now() - startedAt;
    if (value !== undefined) return { value, waitedMs };
    if (waitedMs + options.pollIntervalMs > options.timeoutMs) return { value: undefined, waitedMs };
    await sleep(options.pollIntervalMs, options.signal);
  }
}
