/**
 * bin: wiring only. Provides the layers, turns known errors into messages and exit codes, and
 * hands the program to NodeRuntime.runMain.
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { describeVersion } from "../experiment/CodeVersion.ts"
import { ExperimentLoader } from "../experiment/Loader.ts"
import { cli } from "./Cli.ts"
import { CLI_ERROR_TAGS, errorMessage, EXIT_INPUT, type CliError } from "./ErrorMessage.ts"
import { preParse } from "./Help.ts"

const isCliError = (e: unknown): e is CliError => typeof e === "object" && e !== null && CLI_ERROR_TAGS.has((e as { _tag?: string })._tag ?? "")

// The Runner is not provided here: each command provides it on the backend its options choose.
const MainLive = ExperimentLoader.Default.pipe(Layer.provideMerge(NodeContext.layer))

// Help and unknown commands are answered before @effect/cli parses (see Help.ts); colour only on a terminal.
const early = preParse(process.argv.slice(2), process.stdout.isTTY === true && !process.env["NO_COLOR"], () => describeVersion())

const program = (early ? Effect.sync(() => {
  if (early.out !== undefined) process.stdout.write(early.out)
  if (early.err !== undefined) process.stderr.write(`${early.err}\n`)
  process.exitCode = early.code
}) : cli(process.argv)).pipe(
  Effect.catchIf(isCliError, (e) => Console.error(errorMessage(e)).pipe(Effect.zipRight(Effect.sync(() => (process.exitCode = EXIT_INPUT))))),
  Effect.provide(MainLive)
)

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  teardown: (exit, onExit) => {
    if (Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause)) {
      // @effect/cli has already printed its own usage errors (exit 2); anything else is a fault
      // worth showing in full (exit 1).
      const failure = Cause.failureOption(exit.cause)
      const usage = failure._tag === "Some" && ValidationError.isValidationError(failure.value)
      if (!usage) console.error(Cause.pretty(exit.cause))
      onExit(usage ? EXIT_INPUT : 1)
      return
    }
    onExit(Exit.isFailure(exit) ? 130 : typeof process.exitCode === "number" ? process.exitCode : 0)
  }
})
