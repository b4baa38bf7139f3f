// The program's wiring of renamed departments and locations, and of users whose email changed, without the engine:
// Pulumi's mocks stand in for the engine, and what the program asks it to register (name, type, aliases) is read off
// the mock monitor.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { deployRoster } from "../../packages/pulumi-ramp-roster/src/program/deploy-roster.js";
import { loadRosterOrThrow } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { fixture } from "../roster/helpers.js";

interface Registration {
  type: string;
  name: string;
  /** Each alias as the engine receives it: a structured spec; empty fields take the resource's own values. */
  aliases: { name: string; type: string; project: string; stack: string; parentUrn: string; noParent: boolean }[];
}

interface AliasMessage {
  getSpec(): { getName(): string; getType(): string; getProject(): string; getStack(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
  getUrn(): string;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getAliasesList(): AliasMessage[];
}

/**
 * Runs the program on a roster fixture under Pulumi's mocks, and records what it asks the engine to register. Each
 * run sets the mocks afresh (a new mock monitor), so runs of different rosters do not see each other's resources.
 */
async function registrationsOf(rosterFixture: string): Promise<Registration[]> {
  const registered: Registration[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.type === "pulumi:pulumi:StackReference" ? { outputs: {} } : args.inputs }),
      call: () => ({}),
    },
    "ramp-roster",
    "dev",
    true,
    "organization",
  );
  // The mock monitor answers registrations; record what each one asked for on the way in.
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, cb: unknown): unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    registered.push({
      type: req.getType(),
      name: req.getName(),
      aliases: req.getAliasesList().map((alias) => {
        const spec = alias.getSpec();
        assert.ok(spec, `an alias of ${req.getName()} is a URN (${alias.getUrn()}), not a spec`);
        return {
          name: spec.getName(),
          type: spec.getType(),
          project: spec.getProject(),
          stack: spec.getStack(),
          parentUrn: spec.getParenturn(),
          noParent: spec.getNoparent(),
        };
      }),
    });
    return register(req, cb);
  };
  // Without an engine, pulumi.log writes to the console: keep the plan's summary out of the test report.
  const consoleLog = console.log;
  console.log = () => undefined;
  try {
    const outputs = await deployRoster({ rosterPath: fixture(rosterFixture), config: {} });
    // Every department and location is registered once its id is known, and each user once its department's,
    // location's and manager's ids are (their statuses stay unknown in a preview: wait for the registrations).
    await new Promise((resolve) => pulumi.all([outputs.departments, outputs.locations]).apply(resolve));
    const users = loadRosterOrThrow(fixture(rosterFixture)).users.length;
    for (let wait = 0; registered.filter((r) => r.name.startsWith("user:")).length < users; wait++) {
      assert.ok(wait < 500, `only ${registered.filter((r) => r.name.startsWith("user:")).length} of ${users} users registered`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    console.log = consoleLog;
  }
  return registered;
}

function registeredOnce(registered: readonly Registration[], name: string): Registration {
  const found = registered.filter((r) => r.name === name);
  assert.equal(found.length, 1, `${name} registered ${found.length} times: ${registered.map((r) => r.name).join(", ")}`);
  return found[0]!;
}

describe("deployRoster: renamed departments and locations", () => {
  let registered: Registration[] = [];

  before(async () => {
    registered = await registrationsOf("renamed.yaml");
  });

  const of = (name: string) => registeredOnce(registered, name);

  it("registers a renamed department under its new name, with an alias of only the former resource name", () => {
    const department = of("department:platform engineering");
    assert.equal(department.type, "pulumi-nodejs:dynamic/ramp:Department");
    // type, project and stack are left empty: the engine takes them (and the parent) from the resource itself
    assert.deepEqual(department.aliases, [
      { name: "department:engineering", type: "", project: "", stack: "", parentUrn: "", noParent: false },
    ]);
  });

  it("gives one alias per former name, lower-cased like the resource names", () => {
    assert.deepEqual(
      of("department:go-to-market").aliases.map((a) => a.name),
      ["department:sales", "department:sales & marketing"],
    );
    assert.deepEqual(of("location:new york hq").aliases.map((a) => a.name), ["location:nyc"]);
  });

  it("gives no alias to what was not renamed", () => {
    assert.deepEqual(of("department:finance").aliases, []);
    assert.deepEqual(of("location:remote").aliases, []);
    for (const user of registered.filter((r) => r.name.startsWith("user:"))) assert.deepEqual(user.aliases, [], user.name);
  });
});

describe("deployRoster: users whose email changed (formerEmails)", () => {
  let registered: Registration[] = [];

  before(async () => {
    registered = await registrationsOf("former-emails.yaml");
  });

  const of = (name: string) => registeredOnce(registered, name);

  it("registers the user under the new email, with an alias of only the former resource name", () => {
    const jane = of("user:jane.doe@example.com");
    assert.equal(jane.type, "pulumi-nodejs:dynamic/ramp:User");
    // lower-cased like the resource names; type, project, stack and parent are the resource's own
    assert.deepEqual(jane.aliases, [{ name: "user:jane@example.com", type: "", project: "", stack: "", parentUrn: "", noParent: false }]);
  });

  it("gives one alias per former email, in roster order", () => {
    assert.deepEqual(
      of("user:joe.bloggs@example.com").aliases.map((a) => a.name),
      ["user:joe@example.com", "user:jbloggs@old-domain.example.com"],
    );
  });

  it("gives no alias to a user whose email did not change, nor to departments", () => {
    assert.deepEqual(of("user:ann@example.com").aliases, []);
    assert.deepEqual(of("department:engineering").aliases, []);
    assert.equal(registered.filter((r) => r.name === "user:jane@example.com" || r.name === "user:joe@example.com").length, 0);
  });
});
