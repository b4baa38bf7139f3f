import { strict as assert } from "node:assert";
import sinon from "sinon";
import { basicAuthorization, refreshMarginMs, tokenRequestBody, TokenManager, type TokenGrant } from "../../packages/pulumi-ramp-roster/src/client/auth.js";

describe("TokenManager (unit)", () => {
  it("builds the Basic header and the form body as Ramp expects", () => {
    assert.equal(basicAuthorization("id", "secret-x"), `Basic ${Buffer.from("id:secret-x").toString("base64")}`);
    assert.equal(tokenRequestBody(["users:read", "users:write"]), "grant_type=client_credentials&scope=users%3Aread+users%3Awrite");
    assert.equal(refreshMarginMs(864_000_000), 300_000);
    assert.equal(refreshMarginMs(1_000), 100);
  });

  it("caches until shortly before expiry, shares one in-flight fetch, and invalidates only the stale token", async () => {
    const clock = sinon.useFakeTimers({ now: 0 });
    try {
      let n = 0;
      let release: (g: TokenGrant) => void = () => {};
      const fetchToken = sinon.spy(
        () =>
          new Promise<TokenGrant>((resolve) => {
            n++;
            release = resolve;
          }),
      );
      const tm = new TokenManager({ fetchToken });
      const waiting = Promise.all([tm.get(), tm.get(), tm.get()]);
      release({ accessToken: `tok-${n}`, expiresInSeconds: 100 });
      assert.deepEqual(await waiting, ["tok-1", "tok-1", "tok-1"]);
      assert.equal(fetchToken.callCount, 1);
      await clock.tickAsync(89_999);
      assert.equal(await tm.get(), "tok-1");
      await clock.tickAsync(1); // 90 s = 100 s minus the 10 % margin
      const refreshed = tm.get();
      release({ accessToken: `tok-${n}`, expiresInSeconds: 100 });
      assert.equal(await refreshed, "tok-2");
      tm.invalidate("tok-1"); // a late 401 for the old token: keep the new one
      assert.equal(await tm.get(), "tok-2");
      tm.invalidate("tok-2");
      const third = tm.get();
      release({ accessToken: `tok-${n}`, expiresInSeconds: undefined });
      assert.equal(await third, "tok-3");
      assert.equal(fetchToken.callCount, 3);
    } finally {
      clock.restore();
    }
  });

  it("lets every waiter see a failed fetch, then tries again on the next call", async () => {
    let calls = 0;
    const tm = new TokenManager({
      fetchToken: async () => {
        calls++;
        if (calls === 1) throw new Error("refused");
        return { accessToken: "ok", expiresInSeconds: 10 };
      },
    });
    const results = await Promise.allSettled([tm.get(), tm.get()]);
    assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
    assert.equal(await tm.get(), "ok");
    assert.equal(calls, 2);
  });
});
