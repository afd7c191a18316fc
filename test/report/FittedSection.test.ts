/**
 * A report of an experiment with `fit:` states what was fitted from data: the series, the
 * estimates with their intervals (the fit's own numbers) and which of them the runs use; a report
 * without a fit has no such section.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { experimentHash } from "../../src/experiment/Hash.ts"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { Runner, runnerLayer } from "../../src/experiment/Runner.ts"
import { formatNumber } from "../../src/format.ts"
import { buildReport } from "../../src/report/BuildReport.ts"
import { ROOT } from "../support/cli.ts"
import { dataFilesOf } from "../support/experiments.ts"

const report = async (text: string) => {
  const path = `${ROOT}experiments/fitted-report.yaml`
  const decoded = decodeExperiment("fitted-report.yaml", text, {}, Number.POSITIVE_INFINITY, dataFilesOf(path, text))
  if (Either.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left))
  const exp = decoded.right
  const model = models[exp.envelope.model]!
  const outcomes = await Effect.runPromise(Effect.flatMap(Runner, (r) => r.run({ model, epochs: exp.envelope.epochs, specs: planRuns(exp) })).pipe(Effect.provide(runnerLayer({ workers: 1 }))))
  const built = await Effect.runPromise(buildReport({ exp, model, hash: experimentHash(exp), outcomes, command: "sandbox report fitted-report.yaml", date: "2026-11-25T00:00:00.000Z", source: { name: "fitted-report.yaml", text } }))
  return { exp, md: built.files.find((f) => f.name === "report.md")!.content as string }
}

const BASE = "name: fitted-report\nseed: 2\nepochs: 20\nruns: 2\nparams: { operators: { count: 100 }, validators: { count: 10 } }\n"

describe("report: fitted from data", () => {
  it("tabulates the fit's estimates and intervals and says which the runs use", async () => {
    const { exp, md } = await report(`${BASE}fit:\n  market: { file: data/token-price-synthetic.csv, use: last }\n`)
    const f = exp.fitted!.market!.fit
    expect(md).toContain("## Fitted from data")
    expect(md).toContain("token-price-synthetic.csv (column price, 366 prices)")
    expect(md).toContain("the runs use the last regime&#39;s drift and volatility (fit.market use: last)")
    expect(md).toContain(`| whole series | 365 | ${formatNumber(f.drift.estimate)} \\[${formatNumber(f.drift.low)}, ${formatNumber(f.drift.high)}\\]`)
    const last = f.regimes[f.regimes.length - 1]!
    expect(md).toContain(`| regime ${f.regimes.length} from epoch ${last.from} | ${last.epochs} |`)
  })

  it("is absent without a fit", async () => {
    const { md } = await report(BASE)
    expect(md).not.toContain("Fitted from data")
  })
})
