/**
 * `sandbox robustness <file>`: re-run the experiment's A/B at points of its `assumptions` space
 * (Latin hypercube, the same run seeds at every point and in every variant) and say whether each
 * conclusion (sign of each headline difference, each guardrail verdict) holds across the space,
 * and where it flips. Argument parsing and printing around the library's robustness check
 * (src/library/RobustnessCheck.ts).
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { RobustnessResult } from "../../analysis/Robustness.ts"
import { InvalidOption } from "../../experiment/Errors.ts"
import { PositiveInt } from "../../experiment/Fields.ts"
import { robustnessCheck } from "../../library/RobustnessCheck.ts"
import { makeProgressBar } from "../ProgressBar.ts"
import { formatNumber, table } from "../../format.ts"
import { allowLargeOption, envelopeOverrides, epochsOption, experimentFile, loadWithOptions, runsOption, seedOption, workersOption } from "./options.ts"

const points = Options.integer("points").pipe(Options.withDefault(16), Options.withDescription("Points drawn in the assumption space (Latin hypercube)."))
const json = Options.boolean("json").pipe(Options.withDescription("Print the result as JSON on stdout."))

export interface RobustnessArgs {
  readonly file: string
  readonly seed: Option.Option<number>
  readonly runs: Option.Option<number>
  readonly epochs: Option.Option<number>
  readonly workers: Option.Option<number>
  readonly points: number
  /** Print a progress bar on stderr. */
  readonly progress: boolean
  /** Lift the limits on the plan (docs/limits.md). */
  readonly allowLarge?: boolean
}

/** Run the A/B over the assumption space of an experiment file and analyse it (the library's robustness check). */
export const runRobustness = (args: RobustnessArgs) =>
  Effect.gen(function* () {
    if (!Schema.is(PositiveInt)(args.points)) return yield* new InvalidOption({ option: "--points", message: `Expected a whole number >= 1, got ${args.points}` })
    const { exp, workers } = yield* loadWithOptions(args)
    const bar = makeProgressBar(process.stderr, args.progress)
    return yield* robustnessCheck(exp, { points: args.points, workers, allowLarge: args.allowLarge ?? false, overrides: yield* envelopeOverrides(args), onProgress: bar.update }).pipe(Effect.ensuring(Effect.sync(bar.done)))
  })

/** The result as text: the verdict, one line per conclusion, and the points with their outcomes. */
export const robustnessText = (name: string, r: RobustnessResult, runs: number): string => {
  const held = r.conclusions.filter((c) => c.holds).length
  const lines = [
    `${name} · robustness over ${r.assumptions.join(", ")} · ${r.points.length} points x ${runs} runs per variant (Latin hypercube, common random numbers)`,
    "",
    r.robust
      ? `Every conclusion holds at every point (${r.conclusions.length}).`
      : `${r.conclusions.length - held} of ${r.conclusions.length} conclusions change across the assumptions:`,
    ...r.conclusions.filter((c) => !c.holds).map((c) => `  ${c.sentence}`),
    ...(held > 0 ? ["", "Holds at every point:", ...r.conclusions.filter((c) => c.holds).map((c) => `  ${c.sentence}`)] : [])
  ]
  const diffs = r.conclusions.filter((c) => c.kind === "difference")
  if (diffs.length > 0) {
    const rows = [[...r.assumptions, ...diffs.map((c) => c.subject.replace(/^.*: /, `${c.subject.split(" vs ")[0]} - ${r.baseline}: `))]]
    r.points.forEach((p, i) => rows.push([...r.assumptions.map((a) => formatNumber(p[a]!)), ...diffs.map((c) => formatNumber(c.values[i]!))]))
    lines.push("", "median paired difference at each point:", "", table(rows))
  }
  return lines.join("\n")
}

export const robustnessCommand = Command.make(
  "robustness",
  { file: experimentFile, seed: seedOption, runs: runsOption, epochs: epochsOption, workers: workersOption, points, json, allowLarge: allowLargeOption },
  (args) =>
    Effect.gen(function* () {
      const r = yield* runRobustness({ ...args, progress: !args.json })
      yield* Console.log(args.json ? JSON.stringify(r.result, null, 2) : robustnessText(r.name, r.result, r.runs))
    })
).pipe(Command.withDescription("Re-run an A/B across its assumptions' plausible ranges and say whether each conclusion holds, and where it flips."))
