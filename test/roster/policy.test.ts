// Roster policy (`policy:`): allowed email domains and exceptions, the most Admins, the files privileged roles
// may be given in; each breach at file:line:column, as validate and preview report it.
import { strict as assert } from "node:assert";
import { formatIssue, parseRoster } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { printedText } from "./helpers.js";

const user = (email: string, role: string, extra = "") =>
  `  - {email: ${email}, firstName: A, lastName: B, role: ${role}${extra}}\n`;

describe("roster: policy", () => {
  it("refuses an active user outside the allowed domains, unless listed as an exception; subdomains with *.", () => {
    const text =
      "policy:\n" +
      "  emailDomains: [example.com, '*.corp.example']\n" +
      "  emailExceptions: [Audit@Kline.com]\n" +
      "users:\n" +
      user("ann@example.com", "Admin") +
      user("bob@eu.corp.example", "Cardholder") +
      user("cy@corp.example", "Cardholder") +
      user("audit@kline.com", "Auditor") +
      user("typo@exmaple.com", "Cardholder") +
      user("gone@gmail.com", "Cardholder", ", active: false") +
      user("ann@sub.example.com", "Cardholder");
    assert.deepEqual(printedText(text), [
      "roster.yaml:9:13: error: 'typo@exmaple.com' is outside the allowed email domains (example.com, *.corp.example; policy at roster.yaml:1): correct the address, or list it under 'emailExceptions'",
      "roster.yaml:11:13: error: 'ann@sub.example.com' is outside the allowed email domains (example.com, *.corp.example; policy at roster.yaml:1): correct the address, or list it under 'emailExceptions'",
    ]);
  });

  it("warns of exceptions that name no user, and of exceptions without domains", () => {
    assert.deepEqual(printedText(`policy:\n  emailDomains: [example.com]\n  emailExceptions: [x@y.com]\nusers:\n${user("a@example.com", "Admin")}`), [
      "roster.yaml:3:21: warning: 'x@y.com' in 'emailExceptions' is not the email of any user of the roster",
    ]);
    assert.deepEqual(printedText(`policy:\n  emailExceptions: [a@example.com]\nusers:\n${user("a@example.com", "Admin")}`), [
      "roster.yaml:2:21: warning: 'emailExceptions' has no effect without 'emailDomains'",
    ]);
  });

  it("counts active Admins against maxAdmins and names them, at the first Admin over the limit", () => {
    const text =
      "policy: {maxAdmins: 2}\nusers:\n" +
      user("a@example.com", "Admin") +
      user("b@example.com", "BUSINESS_ADMIN") +
      user("old@example.com", "Admin", ", active: false") +
      user("it@example.com", "IT Admin") +
      user("c@example.com", "admin");
    assert.deepEqual(printedText(text), [
      "roster.yaml:7:61: error: 3 active Admins in the roster, more than the policy allows (maxAdmins: 2 at roster.yaml:1): a@example.com, b@example.com, c@example.com",
    ]);
    assert.deepEqual(printedText(text.replace("maxAdmins: 2", "maxAdmins: 3")), []);
  });

  it("allows Admin, IT Admin and Bookkeeper only in the files privilegedRoleFiles names, even for inactive users", () => {
    const result = parseRoster([
      { path: "roster/company.yaml", text: `policy:\n  privilegedRoleFiles: [company.yaml]\nusers:\n${user("a@example.com", "Admin")}` },
      {
        path: "roster/sales.yaml",
        text:
          "defaults: {role: Bookkeeper}\nusers:\n" +
          "  - {email: b@example.com, firstName: B, lastName: B}\n" +
          "  - {email: c@example.com, firstName: C, lastName: C}\n" +
          user("d@example.com", "IT Admin", ", active: false") +
          user("e@example.com", "Auditor"),
      },
    ]);
    assert.deepEqual(result.issues.map(formatIssue), [
      "roster/sales.yaml:1:18: error: Bookkeeper (BUSINESS_BOOKKEEPER) is a privileged role, which the policy allows only in company.yaml (privilegedRoleFiles at roster/company.yaml:1): move this user there, or give another role",
      "roster/sales.yaml:5:61: error: IT Admin (IT_ADMIN) is a privileged role, which the policy allows only in company.yaml (privilegedRoleFiles at roster/company.yaml:1): move this user there, or give another role",
    ]);
  });

  it("reports a policy naming a file the roster does not have, a second policy, and malformed fields", () => {
    const result = parseRoster([
      {
        path: "a.yaml",
        text: "policy:\n  privilegedRoleFiles: [admins.yaml]\n  emailDomains: [example.com, 'bad domain']\n  maxAdmins: 1.5\n  owners: [x]\n" + `users:\n${user("a@example.com", "Cardholder")}`,
      },
      { path: "b.yaml", text: "policy: {maxAdmins: -1}\n" },
    ]);
    assert.deepEqual(result.issues.map(formatIssue), [
      "a.yaml:2:25: error: no file named 'admins.yaml' in this roster (files: a.yaml, b.yaml)",
      "a.yaml:3:31: error: 'bad domain' is not an email domain (such as example.com, or *.example.com for its subdomains)",
      "a.yaml:4:14: error: 'maxAdmins' must be a whole number",
      "a.yaml:5:3: error: unknown field 'owners'; known fields: emailDomains, emailExceptions, maxAdmins, privilegedRoleFiles",
      "b.yaml:1:1: error: a roster has one policy, and it is already set at a.yaml:1",
      "b.yaml:1:21: error: 'maxAdmins' cannot be negative",
    ]);
  });

  it("carries the policy in the model, domains and exceptions lower-cased", () => {
    const { roster } = parseRoster([
      { path: "r.yaml", text: `policy:\n  emailDomains: [Example.COM]\n  emailExceptions: [X@Y.com]\n  maxAdmins: 3\nusers:\n${user("x@y.com", "Admin")}` },
    ]);
    assert.deepEqual(roster?.policy, {
      emailDomains: ["example.com"],
      emailExceptions: ["x@y.com"],
      maxAdmins: 3,
      source: { file: "r.yaml", line: 1, column: 1 },
    });
    assert.equal(parseRoster([{ path: "r.yaml", text: `users:\n${user("x@y.com", "Admin")}` }]).roster?.policy, undefined);
  });
});
