/**
 * The subnets-vs-attribution comparison as a user runs it: both experiments through the CLI,
 * their summaries carrying the same cmp.* metrics, and the farmer's scenarios telling apart.
 */
import { describe, expect, it } from "vitest"
import { sandbox } from "../support/cli.ts"

interface Summary {
  readonly model: string
  readonly scenarios: ReadonlyArray<{ readonly scenario: string; readonly metrics: ReadonlyArray<{ readonly metric: string; readonly p50: number | null }> }>
}

const run = async (file: string): Promise<Summary> => {
  const r = await sandbox(["run", file, "--runs", "1", "--epochs", "60", "--json"])
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as Summary
}
const p50 = (s: Summary, scenario: string, metric: string) => s.scenarios.find((x) => x.scenario === scenario)!.metrics.find((m) => m.metric === metric)!.p50

describe.concurrent("sandbox run: subnets vs attribution", () => {
  it("both sides report the comparison metrics under the same names", async () => {
    const [subnets, attribution] = await Promise.all([run("experiments/subnets-vs-attribution.yaml"), run("experiments/attribution-vs-subnets.yaml")])
    expect(subnets.model).toBe("subnets")
    expect(attribution.model).toBe("attribution")
    const cmp = (s: Summary) => s.scenarios[0]!.metrics.map((m) => m.metric).filter((m) => m.startsWith("cmp."))
    expect(cmp(subnets).length).toBeGreaterThanOrEqual(8)
    expect(cmp(subnets)).toEqual(cmp(attribution))
    expect(subnets.scenarios.length).toBe(15)
    expect(attribution.scenarios.length).toBe(12)
    // The farmer pays off without defences and loses with curation and stake, at every size.
    for (const n of [4, 16, 64]) {
      expect(p50(attribution, `farmer · datanets.count=${n}`, "farmerExtractionPerDollar")!).toBeGreaterThan(1)
      expect(p50(attribution, `farmer-curated · datanets.count=${n}`, "farmerExtractionPerDollar")!).toBeLessThan(1)
    }
  })
})
