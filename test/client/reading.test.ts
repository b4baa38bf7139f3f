// Reading Ramp as its spec describes it: a tolerant reader, "not found" in both of Ramp's spellings, and users the
// default listing leaves out (suspended, drafts).
import { strict as assert } from "node:assert";
import { isNotFound, RampApiError } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { rejectionOf, useSimulator } from "./helpers.js";

describe("RampClient reading users as Ramp answers them", () => {
  const h = useSimulator();

  it("lists and gets users whose phone is a number (Ramp's own example), passing unknown roles and statuses through", async () => {
    const seeded = h.sim.admin.seedUsers(3);
    assert.equal(typeof seeded[0]?.phone, "number", "the simulator answers phone as Ramp's example does");
    h.sim.admin.addUser({ email: "u@example.com", role: "UNBUNDLED_CARD_ISSUER", status: "USER_ONBOARDING_V2" });
    h.sim.admin.addUser({ email: "c@example.com", role: "COORDINATOR", phone: "+44 20 7946 0000" });
    const client = h.client();
    const users = await client.listUsers();
    assert.equal(users.length, 5);
    assert.equal(users[0]?.phone, String(seeded[0]?.phone));
    assert.equal(users.find((u) => u.email === "u@example.com")?.role, "UNBUNDLED_CARD_ISSUER");
    assert.equal(users.find((u) => u.email === "u@example.com")?.status, "USER_ONBOARDING_V2");
    assert.equal(users.find((u) => u.email === "c@example.com")?.role, "COORDINATOR");
    assert.equal((await client.getUser(seeded[1]!.id)).email, seeded[1]!.email);
  });

  it("reads scheduled_deactivation_date onto the user", async () => {
    const dated = h.sim.admin.addUser({ email: "d@example.com", scheduled_deactivation_date: "2027-03-31" });
    h.sim.admin.addUser({ email: "n@example.com" });
    const client = h.client();
    assert.equal((await client.getUser(dated.id)).scheduledDeactivationDate, "2027-03-31");
    const listed = await client.listUsers();
    assert.deepEqual(
      listed.map((u) => [u.email, u.scheduledDeactivationDate]),
      [
        ["d@example.com", "2027-03-31"],
        ["n@example.com", null],
      ],
    );
  });

  it("treats GET /users/{id} answering 400 UserInvalidInput or 404 DEVELOPER_7002 as not found, and nothing else", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    const client = h.client();
    h.sim.admin.deleteUser(user!.id);
    const spec = await rejectionOf(client.getUser(user!.id));
    assert.ok(spec instanceof RampApiError);
    assert.equal(spec.status, 400);
    assert.ok(isNotFound(spec));

    h.sim.admin.injectFault({ kind: "status", status: 404, errorCode: "DEVELOPER_7002", message: "User does not exist", method: "GET", path: "/users/" });
    const other = await rejectionOf(client.getUser(user!.id));
    assert.ok(other instanceof RampApiError);
    assert.equal(other.status, 404);
    assert.equal(other.errorCode, "DEVELOPER_7002");
    assert.ok(isNotFound(other));

    // A 400 on a write to the same unknown id is a refusal, not "not found".
    const write = await rejectionOf(client.updateUser(user!.id, { firstName: "X" }));
    assert.ok(write instanceof RampApiError);
    assert.equal(write.status, 400);
    assert.equal(isNotFound(write), false);
    // Nor is a 400 on a listing.
    h.sim.admin.injectFault({ kind: "status", status: 400, method: "GET", path: "/users" });
    assert.equal(isNotFound(await rejectionOf(client.listUsers())), false);
  });
});

describe("RampClient users the default listing leaves out", () => {
  const h = useSimulator();

  it("listAllUsers adds suspended and draft users to the default listing, each once", async () => {
    const active = h.sim.admin.addUser({ email: "a@example.com" });
    const suspended = h.sim.admin.addUser({ email: "s@example.com", status: "USER_SUSPENDED" });
    const draft = h.sim.admin.addUser({ email: "d@example.com", status: "USER_DRAFT" });
    const inactive = h.sim.admin.addUser({ email: "i@example.com", status: "USER_INACTIVE" });
    h.sim.admin.seedUsers(150);
    const client = h.client();
    assert.equal((await client.listUsers()).some((u) => u.id === suspended.id), false, "the default listing hides them");
    const all = await client.listAllUsers();
    assert.equal(all.length, 154);
    assert.equal(new Set(all.map((u) => u.id)).size, 154, "no duplicates (drafts are in both listings)");
    for (const user of [active, suspended, draft, inactive]) assert.ok(all.some((u) => u.id === user.id), user.email);
    const statuses = h.sim.admin
      .requestLog()
      .filter((e) => e.route === "GET /users" && e.query.start === undefined)
      .map((e) => e.query.status ?? "(default)");
    assert.deepEqual(statuses, ["(default)", "(default)", "USER_SUSPENDED", "USER_DRAFT"]);
  });

  it("fetchUserByEmail finds a suspended user", async () => {
    h.sim.admin.addUser({ email: "Sus.Pended@example.com", status: "USER_SUSPENDED" });
    const found = await h.client().fetchUserByEmail("sus.pended@example.com");
    assert.equal(found?.status, "USER_SUSPENDED");
    assert.equal(found?.email, "Sus.Pended@example.com");
  });
});
