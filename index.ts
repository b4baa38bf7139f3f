// The Pulumi program: the roster checked into this repository becomes Ramp's departments, locations and users.
// Configuration (see README): ramp:roster, ramp:clientId, ramp:clientSecret (secret), ramp:baseUrl, and the guards
// ramp:maxDeactivations and ramp:minAdmins.
import { deployRoster } from "pulumi-ramp-roster";

export = deployRoster();
