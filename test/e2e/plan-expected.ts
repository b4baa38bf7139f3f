// The plan of the roster change in roster-cli.test.ts, as the real engine's preview gives it: the e2e test compares
// `ramp-roster plan` with these, and docs/ci.md shows the Markdown as its example comment (test/cli/docs-plan-comment.test.ts).
export const EXPECTED_PLAN_TEXT = `Ramp roster plan: 2 invitations, 5 changes, 2 deactivations, 1 reactivation, 1 email replacement
Guards: passed (roster plan: 2 new, 1 replaced (new email), 3 to deactivate, 1 to reactivate, 1 released (retainOnDelete), 0 active admins)

PRIVILEGE CHANGES (4):
  - ada.admin@example.com (Ada Admin): Admin → Cardholder
  - dan.dev@example.com (Dan Dev): Cardholder → Bookkeeper
  - ivy.it@example.com (Ivy It): IT Admin, deactivated (marked active: false)
  - kim.new@example.com (Kim New): invited as Admin

Invitations (2):
  - kim.new@example.com (Kim New): Admin, department Sales, location NYC HQ
  - lee.rep@example.com (Lee Rep): Cardholder, department Sales, manager kim.new@example.com

Changes (5):
  - ada.admin@example.com (Ada Admin): role Admin → Cardholder; manager (none) → bea.boss@example.com
  - bea.boss@example.com (Bea Bossman): last name Boss → Bossman; employee id (none) → E-100
  - carl.cfo@example.com (Carl Cfo): manager (none) → alan.admin@example.com
  - dan.dev@example.com (Dan Dev): role Cardholder → Bookkeeper
  - eve.eng@example.com (Eve Eng): department Engineering → Sales; location (none) → NYC HQ

Deactivations (2):
  - gus.gone@example.com (Gus Gone), Cardholder: removed from the roster
  - ivy.it@example.com (Ivy It), IT Admin: marked active: false

Reactivations (1):
  - hal.hold@example.com (Hal Hold), Cardholder

Email replacements (1):
  - fay.fin@example.com → fay.finance@example.com (Fay Fin, Cardholder)
  Ramp cannot change a user's email: the new email is adopted if Ramp already has it (the same person), else invited, and then the old account is deactivated, unless it is that same Ramp user or its record has retainOnDelete.

No call to Ramp (1):
  - otto.out@example.com (Otto Out): removed from the roster with retainOnDelete: left as it is in Ramp

Departments and locations (2):
  - department Sales: added
  - location New York HQ → NYC HQ: renamed
`;

export const EXPECTED_PLAN_MARKDOWN = `<!-- ramp-roster-plan -->
### Ramp roster plan

**2 invitations, 5 changes, 2 deactivations, 1 reactivation, 1 email replacement**

Guards: **passed** (roster plan: 2 new, 1 replaced (new email), 3 to deactivate, 1 to reactivate, 1 released (retainOnDelete), 0 active admins)

#### Privilege changes (4)

- **ada.admin@example.com** (Ada Admin): Admin → Cardholder
- **dan.dev@example.com** (Dan Dev): Cardholder → Bookkeeper
- **ivy.it@example.com** (Ivy It): IT Admin, deactivated (marked active: false)
- **kim.new@example.com** (Kim New): invited as Admin

#### Invitations (2)

| Email | Name | Role | Department | Location | Manager |
| --- | --- | --- | --- | --- | --- |
| kim.new@example.com | Kim New | Admin | Sales | NYC HQ | — |
| lee.rep@example.com | Lee Rep | Cardholder | Sales | — | kim.new@example.com |

#### Changes (5)

| Email | Field | Before | After |
| --- | --- | --- | --- |
| ada.admin@example.com | role | Admin | Cardholder |
|  | manager | — | bea.boss@example.com |
| bea.boss@example.com | last name | Boss | Bossman |
|  | employee id | — | E-100 |
| carl.cfo@example.com | manager | — | alan.admin@example.com |
| dan.dev@example.com | role | Cardholder | Bookkeeper |
| eve.eng@example.com | department | Engineering | Sales |
|  | location | — | NYC HQ |

#### Deactivations (2)

| Email | Name | Role | Why |
| --- | --- | --- | --- |
| gus.gone@example.com | Gus Gone | Cardholder | removed from the roster |
| ivy.it@example.com | Ivy It | IT Admin | marked active: false |

#### Reactivations (1)

| Email | Name | Role | Note |
| --- | --- | --- | --- |
| hal.hold@example.com | Hal Hold | Cardholder | — |

#### Email replacements (1)

| Old email | New email | Name | Role | Also changes |
| --- | --- | --- | --- | --- |
| fay.fin@example.com | fay.finance@example.com | Fay Fin | Cardholder | — |

Ramp cannot change a user's email: the new email is adopted if Ramp already has it (the same person), else invited, and then the old account is deactivated, unless it is that same Ramp user or its record has retainOnDelete.

#### No call to Ramp (1)

- otto.out@example.com: removed from the roster with retainOnDelete: left as it is in Ramp

#### Departments and locations (2)

- department **Sales**: added
- location New York HQ → **NYC HQ** (renamed)
`;
