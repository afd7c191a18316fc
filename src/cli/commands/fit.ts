/**
 * `sandbox fit <prices.csv>`: estimate gpu-network's market parameters (drift, volatility, a
 * regime schedule) from a price series, with 95% confidence intervals, and print them as the
 * experiment YAML to paste under `params.market`. The fit itself is the library's
 * (src/library/PriceFit.ts).
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type { Estimate, MarketFit } from "../../analysis/MarketFit.ts"
import { formatNumber, table } from "../../format.ts"
import { fitPriceFile } from "../../library/PriceFit.ts"

const file = Args.text({ name: "prices" }).pipe(Args.withDescription("CSV (or Parquet) file with a header row and a column of prices, one row per epoch (oldest first)."))
const column = Options.text("column").pipe(Options.withDefault("price"), Options.withDescription("Name of the price column."))
const json = Options.boolean("json").pipe(Options.withDescription("Print the fit as JSON on stdout."))

const ci = (e: Estimate) => `${formatNumber(e.estimate)} [${formatNumber(e.low)}, ${formatNumber(e.high)}]`
const num = (v: number) => Number(v.toPrecision(4))

/** The estimates with their intervals: the whole series, then each regime when it changes regime. */
export const fitTable = (f: MarketFit): string =>
  table([
    ["", "epochs", "drift (mean log return per epoch)", "volatility (sd of log return per epoch)"],
    ["whole series", String(f.returns), ci(f.drift), ci(f.volatility)],
    ...(f.regimes.length > 1 ? f.regimes.map((r, i) => [`regime ${i + 1} from epoch ${r.from}`, String(r.epochs), ci(r.drift), ci(r.volatility)]) : [])
  ])

/** The fit as text: the estimates, the regimes, and the YAML for params.market. */
export const fitText = (source: string, f: MarketFit): string => {
  const lines = [
    `${source} · ${f.returns + 1} prices, ${f.returns} log returns · 95% confidence intervals`,
    "",
    fitTable(f),
    "",
    f.regimes.length > 1
      ? `The returns change regime ${f.regimes.length - 1} time${f.regimes.length > 2 ? "s" : ""} (binary segmentation, BIC). As experiment parameters:`
      : "No change of regime found (binary segmentation, BIC). As experiment parameters:",
    "",
    "params:",
    "  market:",
    `    drift: ${num(f.drift.estimate)}`,
    `    volatility: ${num(f.volatility.estimate)}`,
    ...(f.regimes.length > 1
      ? ["    regimes:", ...f.regimes.map((r) => `      - { from: ${r.from}, regime: calm, drift: ${num(r.drift.estimate)}, volatility: ${num(r.volatility.estimate)} }`)]
      : [])
  ]
  return lines.join("\n")
}

export const fitCommand = Command.make("fit", { file, column, json }, (args) =>
  Effect.gen(function* () {
    const f = yield* fitPriceFile(args.file, args.column)
    yield* Console.log(args.json ? JSON.stringify(f, null, 2) : fitText(args.file, f))
  })
).pipe(Command.withDescription("Estimate the market's drift, volatility and regimes from a price series (CSV or Parquet), with 95% confidence intervals."))
