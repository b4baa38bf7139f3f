// The engine's floor for `npm run bench -- engine`: the same roster becomes the same resources with the same inputs
// and the same dependencies (department, location, manager) as the repository's program, but their provider does
// nothing: no Ramp, no guards, no previous-run record. Whatever this costs is the engine's own cost.
import * as pulumi from "@pulumi/pulumi";
import { loadRosterOrThrow, type RosterUser } from "pulumi-ramp-roster/roster";

type Props = Record<string, unknown>;

// Self-contained, so it serializes small (about as small as the real shim). The id is the natural key (email or
// name); the outputs are the inputs; no check, diff or read: the engine's defaults.
const noop: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Props) {
    return { id: String(inputs.email ?? inputs.name), outs: inputs };
  },
  async update(_id: string, _olds: Props, news: Props) {
    return { outs: news };
  },
};

class NoopResource extends pulumi.dynamic.Resource {
  constructor(type: string, name: string, props: Props) {
    super(noop, name, props, undefined, "floor", type);
  }
}

const roster = loadRosterOrThrow(new pulumi.Config("ramp").get("roster") ?? "roster.yaml");

const departments = new Map(roster.departments.map((d) => [d.name.toLowerCase(), new NoopResource("Department", `department:${d.name.toLowerCase()}`, { name: d.name })]));
const locations = new Map(
  roster.locations.map((l) => [
    l.name.toLowerCase(),
    new NoopResource("Location", `location:${l.name.toLowerCase()}`, { name: l.name, ...(l.entityId ? { entityId: l.entityId } : {}) }),
  ]),
);

// As the program does: a manager's resource before the resources of the people who report to them.
const byKey = new Map(roster.users.map((u) => [u.key, u]));
const users = new Map<string, NoopResource>();
function declare(user: RosterUser): NoopResource {
  const done = users.get(user.key);
  if (done) return done;
  const manager = user.manager ? byKey.get(user.manager) : undefined;
  const department = user.department ? departments.get(user.department.toLowerCase()) : undefined;
  const location = user.location ? locations.get(user.location.toLowerCase()) : undefined;
  const resource = new NoopResource("User", `user:${user.key}`, {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
    departmentId: department ? department.id : null,
    locationId: location ? location.id : null,
    managerId: manager ? declare(manager).id : null,
    ...(user.employeeId !== undefined ? { employeeId: user.employeeId } : {}),
    ...(user.isManager !== undefined ? { isManager: user.isManager } : {}),
    active: user.active,
  });
  users.set(user.key, resource);
  return resource;
}
for (const user of roster.users) declare(user);

export const userCount = users.size;
