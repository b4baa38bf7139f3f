// Deferred user creation: `POST /users/deferred` answers with a task that is STARTED for the first half of the
// delay, IN_PROGRESS for the second, then SUCCESS (the user now exists, INVITE_PENDING) or ERROR. The duplicate
// email check happens when the task settles, as on Ramp, so the error surfaces in the task, not in the POST.
import type { TaskFault } from "./faults.js";
import { newId } from "./ids.js";
import type { SimulatorState } from "./state.js";
import type { Timers } from "./timers.js";
import type { WireTask } from "./types.js";

export const DUPLICATE_EMAIL_MESSAGE = "User with this email already exists.";

export interface CreateUserInput {
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  department_id?: string | null | undefined;
  location_id?: string | null | undefined;
  direct_manager_id?: string | null | undefined;
  is_manager?: boolean | undefined;
  employee_id?: string | null | undefined;
  scheduled_deactivation_date?: string | null | undefined;
  /** A draft: the user exists (USER_DRAFT) and no invite is sent until `POST /users/{id}/invite`. */
  is_draft?: boolean | undefined;
}

interface TaskRecord {
  id: string;
  createdAt: number;
  delayMs: number;
  input: CreateUserInput;
  fault: TaskFault | undefined;
  result: { user_id: string } | { error: string } | undefined;
}

export class TaskRunner {
  private readonly tasks = new Map<string, TaskRecord>();

  constructor(
    private readonly state: SimulatorState,
    private readonly timers: Timers,
  ) {}

  create(input: CreateUserInput, delayMs: number, fault: TaskFault | undefined): string {
    const task: TaskRecord = { id: newId(), createdAt: Date.now(), delayMs, input, fault, result: undefined };
    this.tasks.set(task.id, task);
    if (fault?.kind !== "task_stuck") this.timers.set(() => this.settle(task), delayMs);
    return task.id;
  }

  view(id: string, now = Date.now()): WireTask | undefined {
    const task = this.tasks.get(id);
    if (!task) return undefined;
    const elapsed = now - task.createdAt;
    if (!task.result && task.fault?.kind !== "task_stuck" && elapsed >= task.delayMs) this.settle(task);
    if (task.result) {
      return { id, status: "error" in task.result ? "ERROR" : "SUCCESS", data: { ...task.result } };
    }
    return { id, status: elapsed < task.delayMs / 2 ? "STARTED" : "IN_PROGRESS", data: null };
  }

  clear(): void {
    this.tasks.clear();
  }

  private settle(task: TaskRecord): void {
    if (task.result || !this.tasks.has(task.id)) return;
    if (task.fault?.kind === "task_error") {
      task.result = { error: task.fault.message ?? "Internal error while creating the user." };
      return;
    }
    const { input } = task;
    if (this.state.userByEmail(input.email)) {
      task.result = { error: DUPLICATE_EMAIL_MESSAGE };
      return;
    }
    const managerId = input.direct_manager_id ?? null;
    if (managerId !== null && !this.state.users.has(managerId)) {
      task.result = { error: "Manager not found." };
      return;
    }
    const user = this.state.buildUser({
      email: input.email,
      first_name: input.first_name,
      last_name: input.last_name,
      role: input.role,
      department_id: input.department_id ?? null,
      location_id: input.location_id ?? null,
      manager_id: managerId,
      is_manager: input.is_manager ?? false,
      employee_id: input.employee_id ?? null,
      scheduled_deactivation_date: input.scheduled_deactivation_date ?? null,
      status: input.is_draft === true ? "USER_DRAFT" : "INVITE_PENDING",
    });
    this.state.users.add(user);
    task.result = { user_id: user.id };
  }
}
