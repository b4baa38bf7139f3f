#!/usr/bin/env node
// Launcher for the ramp-roster command. It exists as a committed file so npm can link the bin at install time,
// before the TypeScript build has written dist/. It checks the Node.js version before loading anything else.
"use strict";
var problem = require("../dist/node-support.js").nodeSupportProblem(process.versions.node);
if (problem) {
  process.stderr.write("ramp-roster: " + problem + "\n");
  process.exit(1);
}
require("../dist/cli/main.js");
