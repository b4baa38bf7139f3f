import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import sinon from "sinon";
import {
  InsecureUrlError,
  RampApiError,
  RampAuthError,
  RampDeadlineError,
  RampError,
  RampInviteUnconfirmedError,
  RampNetworkError,
  RampResponseError,
  RampTaskError,
  RampTaskTimeoutError,
  redact,
  registerSecret,
} from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { Transport } from "../../packages/pulumi-ramp-roster/src/client/transport.js";
import { assertNoSecret, BASIC, CLIENT_SECRET, TOKEN_PATTERN, record, rejectionOf, renderings, seenTokens, useSimulator } from "./helpers.js";

describe("secrets never leave the client", () => {
  const h = useSimulator();
  afterEach(() => sinon.restore());

  it("redacts registered secrets and anything that looks like credentials", () => {
    registerSecret("unit-secret-value-9");
    assert.equal(redact("x unit-secret-value-9 y"), "x [REDACTED] y");
    assert.equal(redact(encodeURIComponent("a b/unit-secret-value-9")), "a%20b%2F[REDACTED]");
    assert.equal(redact("Authorization: Bearer abcdefghijklmnop.qrs"), "Authorization: Bearer [REDACTED]");
    assert.equal(redact("authorization=Basic%20YWJjZGVmZ2hpamtsbW5vcA=="), "authorization=Basic%20[REDACTED]");
    assert.equal(redact('{"access_token":"abc","token_type":"Bearer"}'), '{"access_token":"[REDACTED]","token_type":"Bearer"}');
    assert.equal(redact("client_secret=xyz&grant_type=client_credentials"), "client_secret=[REDACTED]&grant_type=client_credentials");
    assert.equal(redact("see https://user:pass@host/x"), "see https://[REDACTED]@host/x");
    assert.equal(redact("Bearer token expired"), "Bearer token expired", "ordinary words are kept");
    registerSecret("ab"); // too short to redact safely: ignored
    assert.equal(redact("abc"), "abc");
  });

  it("every error type scrubs its message, fields, stack, toString, JSON and cause", () => {
    registerSecret(CLIENT_SECRET);
    const s = CLIENT_SECRET;
    const tokenLike = "ramp_tok_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    registerSecret(tokenLike);
    const cause = Object.assign(new Error(`socket error while sending Bearer ${tokenLike} / ${s}`), { code: "ECONNRESET" });
    const errors: RampError[] = [
      new RampError("X", `generic ${s}`, { cause }),
      new RampApiError({ status: 400, method: "GET", path: `/developer/v1/users/${s}`, errorCode: s, rampMessage: `echo ${s} Bearer ${tokenLike}`, traceId: "t", additionalInfo: { nested: [s, { deep: tokenLike }] } }, { cause }),
      new RampAuthError({ status: 401, errorCode: "invalid_client", rampMessage: `bad secret ${s}`, traceId: "t" }),
      new RampNetworkError({ method: "GET", path: "/x", attempts: 2, causeCode: "ECONNRESET", detail: s }, { cause }),
      new RampDeadlineError({ method: "GET", path: "/x", deadlineMs: 1, elapsedMs: 2, attempts: 1, lastCause: `HTTP 500 ${s}` }, { cause }),
      new RampResponseError({ method: "GET", path: "/x", status: 200, issues: [{ path: "access_token", message: s }] }),
      new RampTaskError({ taskId: "t1", rampMessage: `failed for ${s}` }),
      new RampTaskTimeoutError({ taskId: "t1", timeoutMs: 1, lastStatus: s, polls: 1 }),
      new RampInviteUnconfirmedError({ email: "a@b.c", idempotencyKey: s, waitedMs: 1 }, { cause }),
      new InsecureUrlError(`http://x/${s}`, `because ${s}`),
    ];
    for (const err of errors) {
      record(err);
      assertNoSecret(err);
      assert.ok(!inspect(err, { depth: 10, showHidden: true }).includes(tokenLike));
      assert.ok(renderings(err).some((r) => r.includes("[REDACTED]")), `${err.name} shows where it redacted`);
      assert.equal(typeof err.code, "string");
    }
    assert.equal((errors[1]?.cause as { code?: string }).code, "ECONNRESET", "a scrubbed cause keeps its code");
    const clean = new Error("plain cause");
    assert.equal(new RampError("X", "m", { cause: clean }).cause, clean, "a clean cause is kept as is");
  });

  it("scrubs the secret and the token from errors built from a server that echoes them", async () => {
    const send = sinon.spy(Transport.prototype, "send");
    const client = h.client();
    await client.listUsers();
    const token = String(send.firstCall.args[0].headers.authorization ?? "").replace(/^Basic .*/, "");
    const bearer = send.getCalls().map((c) => c.args[0].headers.authorization ?? "").find((a) => a.startsWith("Bearer ")) ?? "";
    const accessToken = bearer.slice("Bearer ".length);
    assert.ok(accessToken.length > 10 && token === "");
    seenTokens.add(accessToken);
    h.sim.admin.injectFault({
      kind: "status",
      status: 400,
      path: "/users",
      message: `You sent Authorization: ${bearer}, secret ${CLIENT_SECRET}, basic ${BASIC}, raw ${accessToken}`,
    });
    const err = await rejectionOf(client.listUsers());
    assert.ok(err instanceof RampApiError);
    assertNoSecret(err);
    assert.match(err.rampMessage ?? "", /You sent Authorization: Bearer \[REDACTED\], secret \[REDACTED\], basic \[REDACTED\], raw \[REDACTED\]/);
    h.sim.admin.injectFault({ kind: "status", status: 503, path: "/users", count: 100, message: `down ${accessToken}` });
    const deadline = await rejectionOf(h.client({ deadlineMs: 150, retry: { maxAttempts: 50, baseDelayMs: 10, maxDelayMs: 20 } }).listUsers());
    assert.ok(deadline instanceof RampDeadlineError);
    assertNoSecret(deadline);
  });

  it("puts no secret, token or query value in events", async () => {
    const send = sinon.spy(Transport.prototype, "send");
    h.sim.admin.seedUsers(1);
    const client = h.client();
    await client.fetchUserByEmail("private.person@example.com");
    h.sim.admin.expireTokens();
    await client.listUsers({ employeeId: "secret-employee-number" });
    for (const call of send.getCalls()) {
      const auth = call.args[0].headers.authorization ?? "";
      if (auth.startsWith("Bearer ")) seenTokens.add(auth.slice(7));
    }
    assert.ok(seenTokens.size >= 2);
    assert.ok(h.events.length > 5);
    for (const e of h.events) {
      assertNoSecret(e);
      const text = JSON.stringify(e);
      assert.ok(!text.includes("private.person"), text);
      assert.ok(!text.includes("secret-employee-number"), text);
    }
    assert.ok(h.events.some((e) => e.type === "token" && e.action === "issued"));
    assert.ok(h.events.some((e) => e.type === "token" && e.action === "invalidated"));
  });

  it("ignores an onEvent callback that throws", async () => {
    const client = h.client({
      onEvent: () => {
        throw new Error("logger broke");
      },
    });
    assert.deepEqual(await client.listUsers(), []);
  });

  it("keeps secrets out of errors for bad credentials and from the client's own properties", async () => {
    const client = h.client({ clientSecret: `${CLIENT_SECRET}-wrong` });
    const err = await rejectionOf(client.listUsers());
    assert.ok(err instanceof RampAuthError);
    assert.ok(!inspect(err, { depth: 10 }).includes("-wrong"));
    // Logging a working client shows neither the secret nor its token.
    const working = h.client();
    await working.listUsers();
    const shown = `${inspect(working, { depth: 10, showHidden: true })} ${JSON.stringify(working)} ${inspect(client)}`;
    assert.match(shown, /RampClient \{ baseUrl: 'http:\/\/127\.0\.0\.1:\d+'/);
    assert.ok(!TOKEN_PATTERN.test(shown), "access token visible when logging the client");
    assert.ok(!shown.includes(CLIENT_SECRET), "client secret visible in util.inspect(client)");
    assert.ok(!shown.includes(BASIC), "Basic header visible in util.inspect(client)");
  });
});
