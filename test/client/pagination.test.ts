import { strict as assert } from "node:assert";
import { InsecureUrlError } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { nextPageRequest, paginate } from "../../packages/pulumi-ramp-roster/src/client/pagination.js";

describe("pagination (unit)", () => {
  const origin = new URL("https://api.ramp.com");
  const current = { path: "/developer/v1/users", query: new URLSearchParams({ page_size: "100", role: "BUSINESS_USER" }) };

  it("follows page.next as a full URL on the same origin and path", () => {
    const next = nextPageRequest(origin, current, "https://api.ramp.com/developer/v1/users?page_size=100&role=BUSINESS_USER&start=abc");
    assert.equal(next.path, "/developer/v1/users");
    assert.equal(next.query.toString(), "page_size=100&role=BUSINESS_USER&start=abc");
    const noSize = nextPageRequest(origin, current, "https://api.ramp.com/developer/v1/users?start=abc");
    assert.equal(noSize.query.get("page_size"), "100");
    assert.equal(nextPageRequest(origin, current, "/developer/v1/users?start=z").query.get("start"), "z");
  });

  it("accepts a bare cursor, sent as start with the original filters", () => {
    const next = nextPageRequest(origin, current, "cursor-123");
    assert.equal(next.query.toString(), "page_size=100&role=BUSINESS_USER&start=cursor-123");
  });

  it("refuses a page.next that leaves the origin or the endpoint", () => {
    for (const bad of [
      "https://evil.example.com/developer/v1/users?start=a",
      "http://api.ramp.com/developer/v1/users?start=a",
      "https://api.ramp.com:8443/developer/v1/users?start=a",
      "https://user:pw@api.ramp.com/developer/v1/users?start=a",
      "https://api.ramp.com/developer/v1/token?start=a",
      "//evil.example.com/developer/v1/users",
    ]) {
      assert.throws(() => nextPageRequest(origin, current, bad), InsecureUrlError, bad);
    }
  });

  it("stops when Ramp repeats a page link", async () => {
    const pages = paginate(origin, current, async () => ({ data: [1], next: "same-cursor" }));
    const seen: number[][] = [];
    await assert.rejects(
      (async () => {
        for await (const p of pages) seen.push(p);
      })(),
      /same page link twice/,
    );
    assert.equal(seen.length, 2);
  });
});
