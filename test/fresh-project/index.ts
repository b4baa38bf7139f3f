import { deployRoster } from "pulumi-ramp-roster";
export = deployRoster();   // reads ramp:roster, default roster.yaml or roster/
