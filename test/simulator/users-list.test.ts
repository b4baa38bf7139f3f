import assert from "node:assert/strict";
import { errorCode, useSimulator } from "./helpers.js";

describe("simulator: GET /users", () => {
  const h = useSimulator();

  it("pages 250 users at page_size 100 in 3 pages; next is a full URL keeping filters and page_size", async () => {
    h.sim.admin.seedUsers(250, { role: "BUSINESS_USER" });
    h.sim.admin.seedUsers(5, { role: "AUDITOR" });
    const seen: string[] = [];
    let url: string | null = "/users?page_size=100&role=BUSINESS_USER";
    let pages = 0;
    while (url !== null) {
      const answer = await h.api.get(url);
      assert.equal(answer.status, 200);
      pages += 1;
      seen.push(...(answer.body.data as { id: string }[]).map((u) => u.id));
      url = answer.body.page.next as string | null;
      if (url !== null) {
        const next = new URL(url);
        assert.equal(next.origin, h.sim.baseUrl);
        assert.equal(next.pathname, "/developer/v1/users");
        assert.equal(next.searchParams.get("page_size"), "100");
        assert.equal(next.searchParams.get("role"), "BUSINESS_USER");
        assert.equal(next.searchParams.get("start"), seen.at(-1));
      }
    }
    assert.equal(pages, 3);
    assert.equal(seen.length, 250);
    assert.equal(new Set(seen).size, 250);
    assert.deepEqual(
      seen,
      h.sim.admin
        .users()
        .filter((u) => u.role === "BUSINESS_USER")
        .map((u) => u.id),
      "stable creation order",
    );
    assert.equal(h.sim.admin.requestCounts()["GET /users"], 3);
  });

  it("defaults to 20 per page and ends with next null", async () => {
    h.sim.admin.seedUsers(25);
    const first = await h.api.get("/users");
    assert.equal(first.body.data.length, 20);
    const second = await h.api.get(first.body.page.next as string);
    assert.equal(second.body.data.length, 5);
    assert.equal(second.body.page.next, null);
    const exact = await h.api.get("/users?page_size=25");
    assert.equal(exact.body.page.next, null);
  });

  it("answers 422 with error_v2 for page_size outside 2..100 or not a number", async () => {
    for (const size of ["1", "101", "0", "abc", "2.5"]) {
      const answer = await h.api.get(`/users?page_size=${size}`);
      assert.equal(answer.status, 422, size);
      assert.equal(errorCode(answer), "DEVELOPER_7001");
      assert.ok(answer.body.error_v2.additional_info.page_size, size);
      assert.equal(answer.body.error_v2.notes, "");
    }
    assert.equal((await h.api.get("/users?page_size=2")).status, 200);
    assert.equal((await h.api.get("/users?page_size=100")).status, 200);
  });

  it("keeps a cursor working after the user it points at was deleted", async () => {
    const users = h.sim.admin.seedUsers(6);
    const first = await h.api.get("/users?page_size=3");
    h.sim.admin.deleteUser(users[2]!.id);
    const rest = await h.api.get(first.body.page.next as string);
    assert.deepEqual(
      rest.body.data.map((u: { id: string }) => u.id),
      users.slice(3).map((u) => u.id),
    );
  });

  it("answers 422 for an unknown start cursor", async () => {
    assert.equal((await h.api.get("/users?start=not-an-id")).status, 422);
  });

  it("filters by email case-insensitively and by employee_id, role, department, location, status", async () => {
    const dept = h.sim.admin.addDepartment("Engineering");
    const loc = h.sim.admin.addLocation("Paris");
    const ada = h.sim.admin.addUser({
      email: "Ada@Example.com",
      employee_id: "E-1",
      role: "BUSINESS_ADMIN",
      department_id: dept.id,
      location_id: loc.id,
    });
    h.sim.admin.addUser({ email: "bob@example.com", status: "USER_INACTIVE" });
    const ids = async (query: string): Promise<string[]> =>
      ((await h.api.get(`/users?${query}`)).body.data as { id: string }[]).map((u) => u.id);
    assert.deepEqual(await ids("email=ada%40example.COM"), [ada.id]);
    assert.deepEqual(await ids("employee_id=E-1"), [ada.id]);
    assert.deepEqual(await ids("role=BUSINESS_ADMIN"), [ada.id]);
    assert.deepEqual(await ids(`department_id=${dept.id}`), [ada.id]);
    assert.deepEqual(await ids(`location_id=${loc.id}`), [ada.id]);
    assert.equal((await ids("status=USER_INACTIVE")).length, 1);
    assert.deepEqual(await ids("email=nobody%40example.com"), []);
  });

  it("returns every documented field plus fields Ramp adds", async () => {
    h.sim.admin.seedUsers(1);
    const [user] = (await h.api.get("/users")).body.data as Record<string, unknown>[];
    for (const field of [
      "id",
      "first_name",
      "last_name",
      "email",
      "phone",
      "role",
      "department_id",
      "location_id",
      "manager_id",
      "employee_id",
      "is_manager",
      "entity_id",
      "business_id",
      "custom_fields",
      "status",
      "lifecycle_status",
    ]) {
      assert.ok(field in user!, field);
    }
    assert.ok(!("direct_manager_id" in user!), "manager_id on read, direct_manager_id on write");
  });

  it("serves one user, 400 UserInvalidInput with error_v2 for an unknown id (Ramp's spec, not 404)", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    const one = await h.api.get(`/users/${user!.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.email, user!.email);
    const missing = await h.api.get("/users/00000000-0000-0000-0000-000000000000");
    assert.equal(missing.status, 400);
    assert.match(missing.body.error_v2.message, /UserInvalidInput/);
    assert.ok(errorCode(missing));
  });

  it("lists a user with a role or status the API cannot write (read-side values)", async () => {
    h.sim.admin.addUser({ email: "c@example.com", role: "UNBUNDLED_COORDINATOR", status: "USER_DRAFT" });
    const answer = await h.api.get("/users");
    assert.equal(answer.body.data[0].role, "UNBUNDLED_COORDINATOR");
  });

  it("leaves suspended users out of the default listing; the status filter lists them (2026 spec)", async () => {
    const active = h.sim.admin.addUser({ email: "a@example.com" });
    const suspended = h.sim.admin.addUser({ email: "s@example.com", status: "USER_SUSPENDED" });
    const draft = h.sim.admin.addUser({ email: "d@example.com", status: "USER_DRAFT" });
    const ids = async (query: string): Promise<string[]> =>
      ((await h.api.get(`/users?${query}`)).body.data as { id: string }[]).map((u) => u.id);
    assert.deepEqual(await ids(""), [active.id, draft.id]);
    assert.deepEqual(await ids("email=s%40example.com"), [], "not even by email");
    assert.deepEqual(await ids("status=USER_SUSPENDED"), [suspended.id]);
    assert.deepEqual(await ids("status=USER_SUSPENDED&email=s%40example.com"), [suspended.id]);
    assert.deepEqual(await ids("status=USER_DRAFT"), [draft.id]);
    assert.equal((await h.api.get(`/users/${suspended.id}`)).status, 200, "a suspended user is still served by id");
    const invalid = await h.api.get("/users?status=SUSPENDED");
    assert.equal(invalid.status, 422);
    assert.ok(invalid.body.error_v2.additional_info.status);
  });

  it("answers phone as a number and custom_fields as a list of {name, value}, as Ramp's example does", async () => {
    h.sim.admin.seedUsers(2);
    for (const user of (await h.api.get("/users")).body.data as Record<string, unknown>[]) {
      assert.equal(typeof user.phone, "number");
      assert.deepEqual(user.custom_fields, []);
    }
  });
});
