// Imported first by the program entry (index.ts) and the provider runtime (runtime.ts), so that it runs before any
// dependency loads: on a Node.js that this package or the installed @pulumi/pulumi does not support, loading stops
// here with an UnsupportedNodeError saying what is needed.
import { installedPulumiPackage, nodeSupportProblem, UnsupportedNodeError } from "./node-support.js";

const problem = nodeSupportProblem(process.versions.node, installedPulumiPackage());
if (problem) throw new UnsupportedNodeError(problem);
