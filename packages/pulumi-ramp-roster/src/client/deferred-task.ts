// Bounded polling: of a deferred task until it ends, and of any probe until it finds what it looks for.
import { RampTaskError, RampTaskTimeoutError } from "./errors.js";
import { sleep } from "./retry.js";
import type { ClientEvent, DeferredTask } from "./types.js";

export interface PollOptions {
  pollIntervalMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** When to poll a new task the first time; default: after pollIntervalMs, like every later poll. */
  firstPoll?: FirstPollDelay;
}

/**
 * When to poll a new task for the first time, learned from how long tasks take (one per client: one per provider
 * process). A poll that finds the task still running spends one of Ramp's 200 requests per 10 s for nothing, so the
 * first poll waits about as long as tasks have been taking, and one poll usually suffices: Ramp says most tasks finish
 * within 5 s; the simulator's take 200 ms by default. A first poll that found its task still running makes the next first poll
 * wait twice as long as it did (at most `maxMs`); one that found it finished makes it 3 % shorter (at least `minMs`).
 * So about one first poll in 25 comes too early, whatever the tasks' timing, and no invite waits much longer than its
 * task takes.
 */
export class FirstPollDelay {
  private delayMs: number;

  constructor(
    initialMs: number,
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {
    this.delayMs = Math.min(maxMs, Math.max(minMs, initialMs));
  }

  get ms(): number {
    return this.delayMs;
  }

  /**
   * After a first poll made `waitedMs` after the create. Relative to the delay that poll used, not the current one:
   * many invites run at once, and one late answer must not count as many.
   */
  record(waitedMs: number, finished: boolean): void {
    this.delayMs = finished
      ? Math.max(this.minMs, Math.min(this.delayMs, waitedMs * 0.97))
      : Math.min(this.maxMs, Math.max(this.delayMs, waitedMs * 2));
  }
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
    const waitMs = polls === 0 && options.firstPoll ? Math.min(options.firstPoll.ms, options.timeoutMs) : options.pollIntervalMs;
    await sleep(waitMs, options.signal);
    const task = await getTask(taskId);
    polls++;
    lastStatus = task.status;
    if (polls === 1) options.firstPoll?.record(waitMs, FINISHED.has(task.status));
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
