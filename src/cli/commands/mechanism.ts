/**
 * `sandbox mechanism <name> --input <file.json>`: one step of one rule from the mechanism
 * library, printed as JSON, so a designer can check a single formula by hand. Input formats
 * (and examples) are in docs/mechanisms.md; `sandbox mechanism list` names them all. The
 * mechanisms and the step are the library's (src/library/Mechanisms.ts).
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { ExperimentSyntaxError, InvalidOption } from "../../experiment/Errors.ts"
import { defaultLimits, readBounded } from "../../experiment/Limits.ts"
import { mechanismNamed, mechanisms, mechanismStep, unknownMechanism } from "../../library/Mechanisms.ts"

const nameArg = Args.text({ name: "name" }).pipe(Args.withDescription(`Mechanism: ${Object.keys(mechanisms).join(", ")}, or list.`))
const input = Options.text("input").pipe(Options.optional, Options.withDescription("JSON file with the mechanism's input (see docs/mechanisms.md)."))

export const mechanismCommand = Command.make("mechanism", { name: nameArg, input }, ({ name, input }) =>
  Effect.gen(function* () {
    if (name === "list") {
      return yield* Console.log(Object.entries(mechanisms).map(([n, m]) => `${n.padEnd(24)} ${m.description}`).join("\n"))
    }
    const m = mechanismNamed(name)
    if (!m) return yield* unknownMechanism(name)
    const file = Option.getOrUndefined(input)
    if (file === undefined) return yield* new InvalidOption({ option: "--input", message: `mechanism ${name} needs --input <file.json>: ${m.description}` })
    const text = yield* readBounded(file, defaultLimits().inputBytes, "input file")
    const json = yield* Effect.try({ try: () => JSON.parse(text) as unknown, catch: (e) => new ExperimentSyntaxError({ file, line: 1, column: 1, language: "JSON", message: e instanceof Error ? e.message : String(e) }) })
    const out = yield* mechanismStep(name, json, file)
    yield* Console.log(JSON.stringify(out, null, 2))
  })
).pipe(Command.withDescription("Run one step of a mechanism (emission, slashing, conviction, Yuma consensus) on a JSON input and print the result."))
