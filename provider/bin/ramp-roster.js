#!/usr/bin/env node
// Launcher for the ramp-roster command. It exists as a committed file so npm can link the bin at install time,
// before the TypeScript build has written dist/.
require("../dist/cli/main.js");
