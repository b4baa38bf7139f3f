// The Pulumi program: the roster checked into this repository becomes Ramp's departments, locations and users.
// Configuration (see README): ramp:roster and the guards ramp:maxDeactivations and ramp:minAdmins. The Ramp app's
// credentials come from each run's environment (RAMP_CLIENT_ID, RAMP_CLIENT_SECRET, RAMP_API_URL), never config.
import { deployRoster } from "pulumi-ramp-roster";

export = deployRoster();
