import assert from "node:assert/strict";
import { errorCode, useSimulator } from "./helpers.js";

for (const kind of ["departments", "locations"] as const) {
  describe(`simulator: /${kind}`, () => {
    const h = useSimulator();

    it("creates (201), gets, renames (200) and lists", async () => {
      const created = await h.api.post(`/${kind}`, { name: "Engineering" });
      assert.equal(created.status, 201);
      assert.equal(created.body.name, "Engineering");
      const id = created.body.id as string;
      assert.deepEqual((await h.api.get(`/${kind}/${id}`)).body, created.body);
      const renamed = await h.api.patch(`/${kind}/${id}`, { name: "R&D" });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, "R&D");
      const list = await h.api.get(`/${kind}`);
      assert.deepEqual(list.body, { data: [{ ...created.body, name: "R&D" }], page: { next: null } });
    });

    it("answers 400 for a duplicate name (also on rename), 422 for a missing name, 404 for an unknown id", async () => {
      await h.api.post(`/${kind}`, { name: "Sales" });
      const other = await h.api.post(`/${kind}`, { name: "Ops" });
      const dup = await h.api.post(`/${kind}`, { name: "sales" });
      assert.equal(dup.status, 400);
      assert.equal(errorCode(dup), "DEVELOPER_7001");
      assert.equal((await h.api.patch(`/${kind}/${other.body.id as string}`, { name: "Sales" })).status, 400);
      assert.equal((await h.api.patch(`/${kind}/${other.body.id as string}`, { name: "Ops" })).status, 200);
      assert.equal((await h.api.post(`/${kind}`, {})).status, 422);
      assert.equal((await h.api.get(`/${kind}/nope`)).status, 404);
      assert.equal((await h.api.patch(`/${kind}/nope`, { name: "X" })).status, 404);
    });

    it("has no DELETE (405)", async () => {
      const created = await h.api.post(`/${kind}`, { name: "Legal" });
      assert.equal((await h.api.call("DELETE", `/${kind}/${created.body.id as string}`)).status, 405);
      assert.equal((await h.api.get(`/${kind}/${created.body.id as string}`)).status, 200);
    });

    it("paginates like users, with 422 for a bad page_size", async () => {
      for (let i = 0; i < 5; i++) {
        if (kind === "departments") h.sim.admin.addDepartment(`Unit ${i}`);
        else h.sim.admin.addLocation(`Unit ${i}`);
      }
      const first = await h.api.get(`/${kind}?page_size=2`);
      assert.equal(first.body.data.length, 2);
      const next = new URL(first.body.page.next as string);
      assert.equal(next.searchParams.get("start"), first.body.data[1].id);
      const second = await h.api.get(next.href);
      assert.equal(second.body.data[0].name, "Unit 2");
      assert.equal((await h.api.get(`/${kind}?page_size=101`)).status, 422);
    });
  });
}

describe("simulator: locations carry the entity", () => {
  const h = useSimulator();

  it("defaults entity_id to the business entity; an unknown entity_id is 400", async () => {
    const created = await h.api.post("/locations", { name: "Paris" });
    assert.ok(created.body.entity_id);
    const [user] = h.sim.admin.seedUsers(1);
    assert.equal(created.body.entity_id, user!.entity_id);
    const same = await h.api.post("/locations", { name: "Lyon", entity_id: created.body.entity_id });
    assert.equal(same.status, 201);
    assert.equal((await h.api.post("/locations", { name: "Nice", entity_id: "nope" })).status, 400);
  });
});
