import { strict as assert } from "node:assert";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as here from "../../packages/pulumi-ramp-roster/src/client/errors.js";

type ErrorsModule = typeof here;
type ErrorClass = abstract new (...args: never[]) => Error;

/** The error classes a module exports, by name. */
function classesOf(module: ErrorsModule): Map<string, ErrorClass> {
  const out = new Map<string, ErrorClass>();
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === "function" && value.prototype instanceof Error) out.set(name, value as unknown as ErrorClass);
  }
  return out;
}

describe("client errors across two copies of their module", () => {
  let dir: string;
  let other: ErrorsModule;

  before(() => {
    // A second, independent copy of the module (and of the redaction module it imports), as when a program and the
    // provider it loads each have their own, or built and source trees are both loaded.
    dir = mkdtempSync(join(tmpdir(), "ramp-errors-copy-"));
    const source = join(__dirname, "../../packages/pulumi-ramp-roster/src/client");
    for (const file of ["errors.ts", "redact.ts"]) copyFileSync(join(source, file), join(dir, file));
    other = createRequire(__filename)(join(dir, "errors.ts")) as ErrorsModule;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("really is a second copy: its classes are other objects", () => {
    assert.notEqual(other.RampApiError, here.RampApiError);
    assert.notEqual(other.RampError, here.RampError);
    assert.equal(Object.getPrototypeOf(new other.RampApiError({ status: 404, method: "GET", path: "/x" })) === here.RampApiError.prototype, false);
  });

  it("instanceof holds across the copies exactly where the class hierarchy says so", () => {
    const ours = classesOf(here);
    const theirs = classesOf(other);
    assert.deepEqual([...theirs.keys()].sort(), [...ours.keys()].sort());
    assert.ok(ours.size >= 15, `only ${ours.size} error classes found`);
    for (const [name, theirClass] of theirs) {
      const instance: unknown = Object.create(theirClass.prototype);
      for (const [otherName, ourClass] of ours) {
        const ourSame = ours.get(name) as ErrorClass;
        const related = ourSame === ourClass || Object.prototype.isPrototypeOf.call(ourClass.prototype, ourSame.prototype);
        assert.equal(instance instanceof ourClass, related, `${name} from the other copy instanceof ${otherName}`);
      }
      assert.ok(instance instanceof Error, `${name} from the other copy instanceof Error`);
    }
  });

  it("a real error from the other copy is recognised: isNotFound, subclasses, plain errors", () => {
    const missing = new other.RampApiError({ status: 404, method: "GET", path: "/developer/v1/users/u1" });
    assert.ok(missing instanceof here.RampApiError);
    assert.ok(missing instanceof here.RampError);
    assert.equal(missing instanceof here.RampAuthError, false);
    assert.equal(here.isNotFound(missing), true);
    assert.equal(here.isNotFound(new other.RampApiError({ status: 400, method: "PATCH", path: "/developer/v1/users/u1" })), false);
    assert.equal(other.isNotFound(new here.RampApiError({ status: 404, method: "GET", path: "/x" })), true);
    assert.equal(here.isNotFound(new other.RampDeadlineError({ method: "GET", path: "/x", deadlineMs: 1, elapsedMs: 2, attempts: 1 })), false);
    // A look-alike that is not one of ours is not taken for one.
    const lookAlike = Object.assign(new Error("x"), { code: "RAMP_API_ERROR", status: 404, notFound: true });
    assert.equal(lookAlike instanceof here.RampError, false);
    assert.equal(here.isNotFound(lookAlike), false);
    assert.equal((null as unknown) instanceof here.RampError, false);
  });
});
