// A child of `pnpm bench --cpu-prof`: the CLI run from the workspace packages' own dist/ (tsc output) instead of the
// bundle, so that each function in the CPU profile sits in a file under packages/<name>/ and can be counted to it.
import { main } from "../../packages/cli/dist/main.js";

process.exitCode = await main(process.argv);
