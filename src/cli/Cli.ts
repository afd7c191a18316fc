/**
 * Cli: the `sandbox` command tree.
 */
import * as Command from "@effect/cli/Command"
import { checkCommand } from "./commands/check.ts"
import { fitCommand } from "./commands/fit.ts"
import { mechanismCommand } from "./commands/mechanism.ts"
import { optimizeCommand } from "./commands/optimize.ts"
import { paramsCommand } from "./commands/params.ts"
import { queryCommand } from "./commands/query.ts"
import { reportCommand } from "./commands/report.ts"
import { robustnessCommand } from "./commands/robustness.ts"
import { runCommand } from "./commands/run.ts"
import { sweepCommand } from "./commands/sweep.ts"
import { tuiCommand } from "./commands/tui.ts"
import { workerCommand } from "./commands/worker.ts"

import { VERSION } from "../version.ts"

export const sandbox = Command.make("sandbox").pipe(
  Command.withDescription("Governance and tokenomics stress-test sandbox."),
  Command.withSubcommands([runCommand, sweepCommand, reportCommand, queryCommand, robustnessCommand, optimizeCommand, fitCommand, tuiCommand, workerCommand, mechanismCommand, checkCommand, paramsCommand])
)

/** Parse argv (as given by Node, including the node binary and script) and run. */
export const cli = Command.run(sandbox, { name: "sandbox", version: VERSION })
