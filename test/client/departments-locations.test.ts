import { strict as assert } from "node:assert";
import { isNotFound, RampApiError, RampNetworkError } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { rejectionOf, useSimulator } from "./helpers.js";
import { startLossyProxy } from "./lossy-proxy.js";

describe("RampClient departments and locations", () => {
  const h = useSimulator();

  it("creates, gets, lists (across pages) and renames departments", async () => {
    const client = h.client();
    const eng = await client.createDepartment("Engineering");
    assert.deepEqual(eng, { id: eng.id, name: "Engineering" });
    assert.deepEqual(await client.getDepartment(eng.id), eng);
    await client.renameDepartment(eng.id, "R&D");
    assert.equal((await client.getDepartment(eng.id)).name, "R&D");
    for (let i = 0; i < 120; i++) h.sim.admin.addDepartment(`Dept ${i}`);
    h.sim.admin.resetRequestLog();
    const all = await client.listDepartments();
    assert.equal(all.length, 121);
    assert.equal(all[0]?.name, "R&D");
    assert.equal(h.count("GET /departments"), 2);
  });

  it("creates, gets, lists and renames locations, with and without an entity", async () => {
    const client = h.client();
    const hq = await client.createLocation({ name: "HQ" });
    assert.equal(hq.name, "HQ");
    assert.ok(hq.entityId, "Ramp assigns the default entity");
    const berlin = await client.createLocation({ name: "Berlin", entityId: hq.entityId as string });
    assert.equal(berlin.entityId, hq.entityId);
    await client.renameLocation(berlin.id, "Berlin Mitte");
    assert.deepEqual(await client.getLocation(berlin.id), { ...berlin, name: "Berlin Mitte" });
    assert.deepEqual(
      (await client.listLocations()).map((l) => l.name),
      ["HQ", "Berlin Mitte"],
    );
  });

  it("reports 404 and 400 from Ramp", async () => {
    const client = h.client();
    const missing = "0b6f3a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    assert.ok(isNotFound(await rejectionOf(client.getDepartment(missing))));
    assert.ok(isNotFound(await rejectionOf(client.getLocation(missing))));
    assert.ok(isNotFound(await rejectionOf(client.renameDepartment(missing, "x"))));
    assert.ok(isNotFound(await rejectionOf(client.renameLocation(missing, "x"))));
    await client.createDepartment("Ops");
    const dup = await rejectionOf(client.createDepartment("Ops"));
    assert.ok(dup instanceof RampApiError && dup.status === 400 && dup.errorCode === "DEVELOPER_7001");
    const badEntity = await rejectionOf(client.createLocation({ name: "X", entityId: "no-such-entity" }));
    assert.ok(badEntity instanceof RampApiError && badEntity.status === 400);
    assert.equal(h.count("POST /departments"), 2);
  });

  it("does not create a department twice when the answer to the POST was lost", async () => {
    const proxy = await startLossyProxy(h.sim.baseUrl);
    try {
      proxy.loseResponse("POST", "/departments");
      const client = h.client({ baseUrl: proxy.baseUrl });
      const dept = await client.createDepartment("Finance");
      assert.equal(proxy.lost(), 1);
      assert.equal(h.sim.admin.departments().filter((d) => d.name === "Finance").length, 1);
      assert.equal(dept.id, h.sim.admin.departments()[0]?.id);
      assert.equal(h.count("POST /departments"), 1, "found by name, not posted again");
      assert.equal(h.count("GET /departments"), 1);
    } finally {
      await proxy.close();
    }
  });

  it("posts a department again after a failure that did not create it", async () => {
    h.sim.admin.injectFault({ kind: "drop", method: "POST", path: "/departments" });
    const dept = await h.client().createDepartment("Legal");
    assert.equal(dept.name, "Legal");
    assert.equal(h.count("POST /departments"), 2);
    assert.equal(h.count("GET /departments"), 1);
    assert.equal(h.sim.admin.departments().length, 1);
  });

  it("a 503 on a create is not blindly retried: it checks first, then retries", async () => {
    h.sim.admin.injectFault({ kind: "status", status: 503, method: "POST", path: "/locations" });
    const loc = await h.client().createLocation({ name: "Paris" });
    assert.equal(loc.name, "Paris");
    assert.equal(h.count("POST /locations"), 2);
    assert.equal(h.count("GET /locations"), 1);
  });

  it("gives up on a create that keeps failing", async () => {
    h.sim.admin.injectFault({ kind: "drop", method: "POST", path: "/departments", count: 100 });
    const err = await rejectionOf(h.client({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }).createDepartment("Never"));
    assert.ok(err instanceof RampNetworkError);
    assert.match(err.message, /not retried: the request may have reached Ramp/);
    assert.equal(h.count("POST /departments"), 2);
  });
});
