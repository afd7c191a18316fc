/**
 * Reports: every section present, numbers equal to the summary's, hostile text escaped, and the
 * same seed giving the same report apart from the date.
 */
import { readdirSync, readFileSync } from "node:fs"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { formatNumber } from "../../src/format.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { experimentHash } from "../../src/experiment/Hash.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { Runner, runnerLayer } from "../../src/experiment/Runner.ts"
import { buildReport } from "../../src/report/BuildReport.ts"
import { parameterDiff } from "../../src/report/Report.ts"
import { bandChartSpec, renderSvg } from "../../src/report/Charts.ts"
import { codeVersion } from "../../src/experiment/CodeVersion.ts"
import { ROOT } from "../support/cli.ts"
import { dataFilesOf } from "../support/experiments.ts"

const SMALL = `name: small-proposal
description: A small A/B for tests.
seed: 4
epochs: 40
runs: 4
params: { operators: { count: 150 }, validators: { count: 20 } }
variants:
  current: {}
  proposed: { token.emission.perEpoch: 300000 }
guardrails:
  - p95(operatorChurnRate) < 0.5
  - mean(activeOperators) > 100000
`

export const makeReport = async (text: string, date = "2026-11-25T00:00:00.000Z") => {
  const decoded = decodeExperiment("small.yaml", text)
  if (Either.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left))
  const exp = decoded.right
  const model = models[exp.envelope.model]!
  const outcomes = await Effect.runPromise(Effect.flatMap(Runner, (r) => r.run({ model, epochs: exp.envelope.epochs, specs: planRuns(exp) })).pipe(Effect.provide(runnerLayer({ workers: 1 }))))
  const built = await Effect.runPromise(buildReport({ exp, model, hash: experimentHash(exp), outcomes, command: "sandbox report small.yaml", date, source: { name: "small.yaml", text } }))
  const file = (name: string): string => {
    const content = built.files.find((f) => f.name === name)!.content
    return typeof content === "string" ? content : Buffer.from(content).toString("base64")
  }
  return { ...built, file }
}

/** Markdown without its fenced code blocks (the experiment file, shown as written). */
const outsideFence = (md: string): string => md.replace(/^(`{3,})yaml\n[\s\S]*?\n\1$/gm, "")

describe("report", () => {
  it("has every section, a chart and its data per key metric, and the reproduce details", async () => {
    const { file, files, summary } = await makeReport(SMALL)
    const md = file("report.md")
    for (const title of ["Summary and verdict", "Parameters compared", "Key metrics at the final epoch", "Key metrics over time", "Attack outcomes", "Sensitivity", "Reproduce this report"]) {
      expect(md).toContain(`## ${title}`)
      expect(file("report.html")).toContain(`<h2>${title}</h2>`)
    }
    const metrics = models["gpu-network"]!.reportMetrics
    for (const m of metrics) {
      expect(files.map((f) => f.name)).toEqual(expect.arrayContaining([`charts/${m}.svg`, `data/${m}.csv`]))
      expect(file(`data/${m}.csv`).split("\n")[0]).toBe("scenario,epoch,p5,p50,p95")
      expect(file(`data/${m}.csv`).trim().split("\n")).toHaveLength(1 + 2 * 40)
    }
    expect(md).toContain("| token.emission.perEpoch | 500,000 | 300,000 |")
    expect(md).toContain(`| experiment hash | ${summary.hash} |`)
    expect(md).toContain("| command | sandbox report small.yaml |")
    expect(md).toContain(`| seed | ${summary.seed} |`)
    expect(md).toContain(`| incentive-sandbox version | ${codeVersion()} |`)
    expect(md).toMatch(/1 of 4 guardrail checks fail|2 of 4 guardrail checks fail/)
    expect(md).toContain("| proposed | mean(activeOperators) &gt; 100000 | ❌ FAIL |")
    expect(file("report.html")).toContain('<td class="fail">FAIL</td>')
    // gpu-network has attacks; this experiment runs none.
    expect(md).toContain("No scenario of this experiment has an attack, so this report has no attack outcomes.")
    expect(md).not.toMatch(/has no attackers/)
    // Sensitivity to the variant (a 0/1 input), with the summary's numbers.
    const churn = summary.sensitivity.find((x) => x.metric === "activeOperators")!
    expect(md).toContain("| metric | parameter | standardized regression coefficient | R^2 |")
    expect(md).toContain(`| activeOperators | variant=proposed | ${formatNumber(churn.ranking[0]!.src)} | ${formatNumber(churn.r2)} |`)
  })

  it("ranks the swept parameters in the sensitivity section of a sweep's report", async () => {
    const { file, summary } = await makeReport(`name: small-sweep
seed: 4
epochs: 30
runs: 3
params: { operators: { count: 150 }, validators: { count: 20 } }
sweep:
  grid:
    token.emission.perEpoch: [250000, 500000, 1000000]
    demand.feesUsdPerEpoch: [150000, 350000]
`)
    const md = file("report.md")
    expect(md).toContain("| token.emission.perEpoch | 250,000, 500,000, 1,000,000 |")
    // Sweep points' labels are too long for a chart's legend: the legends use keys, listed once.
    expect(md).toContain("| S1 | token.emission.perEpoch=250000,demand.feesUsdPerEpoch=150000 |")
    expect(md).toContain("| S6 | token.emission.perEpoch=1000000,demand.feesUsdPerEpoch=350000 |")
    expect(md).toContain("## Sensitivity")
    expect(file("report.html")).toContain("<h2>Sensitivity</h2>")
    const section = md.slice(md.indexOf("## Sensitivity"), md.indexOf("## Reproduce"))
    const keyMetrics = models["gpu-network"]!.reportMetrics
    const ranked = summary.sensitivity.filter((x) => keyMetrics.includes(x.metric))
    expect(ranked.length).toBeGreaterThan(0)
    for (const m of ranked) {
      const [first, second] = m.ranking
      expect(section).toContain(`| ${m.metric} | ${first!.parameter} | ${formatNumber(first!.src)} | ${formatNumber(m.r2)} |`)
      if (second) expect(section).toContain(`|  | ${second.parameter} | ${formatNumber(second.src)} |  |`)
    }
    // Only the key metrics are ranked.
    expect(section).not.toContain("| operatorJoins |")
  })

  it("prints the summary's numbers", async () => {
    const { file, summary } = await makeReport(SMALL)
    const md = file("report.md")
    for (const s of summary.scenarios) {
      const m = s.metrics.find((x) => x.metric === "activeOperators")!
      expect(md).toContain(`| activeOperators${m.basins ? " *" : ""} | ${s.scenario} | ${formatNumber(m.p50)} | ${formatNumber(m.p5)} | ${formatNumber(m.p95)} | ${formatNumber(m.mean)} |`)
    }
  })

  it("escapes text from the experiment file so a hostile name runs nothing", async () => {
    const hostile = SMALL.replace("name: small-proposal", 'name: "<script>alert(1)</script>"').replace("description: A small A/B for tests.", 'description: "<img src=x onerror=alert(1)> | pipe"')
    const { file } = await makeReport(hostile)
    const html = file("report.html")
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<img/i)
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
    // The experiment file is shown in a fenced code block, which Markdown renders as text.
    expect(outsideFence(file("report.md"))).not.toMatch(/<script|<img/i)
    expect(file("report.md")).toMatch(/^```yaml\nname: "<script>alert\(1\)<\/script>"$/m)
    const svg = await renderSvg(bandChartSpec("m", [{ scenario: "<script>x</script>", epoch: 0, p5: 0, p50: 1, p95: 2 }]))
    expect(svg).not.toMatch(/<script/i)
  })

  it("escapes Markdown link and image syntax from the experiment file: no live link, no remote image", async () => {
    const hostile = SMALL.replace("name: small-proposal", 'name: "[x](javascript:alert(1))"').replace("description: A small A/B for tests.", 'description: "![](https://evil.example/p.png) and [ref] [y][ref]\\n\\n[ref]: javascript:alert(2)"')
    const { file } = await makeReport(hostile)
    const md = outsideFence(file("report.md"))
    // An unescaped [ or ] (not preceded by a backslash) from the experiment's text would make a link.
    expect(md).toContain("# \\[x\\](javascript:alert(1))")
    expect(md).not.toMatch(/(^|[^\\])\[x\]\(javascript:/m)
    expect(md).not.toMatch(/(^|[^\\])!\[\]\(https:\/\/evil/m)
    expect(md).toContain("!\\[\\](https:&#47;&#47;evil.example/p.png)")
    expect(md).not.toMatch(/^\[ref\]:/m)
    expect(md).not.toMatch(/(^|[^\\])\[y\]\[ref\]/m)
    // The HTML shows the same text, as text.
    const html = file("report.html")
    expect(html).toContain("<h1>[x](javascript:alert(1))</h1>")
    expect(html).not.toMatch(/<a [^>]*javascript:|<img/i)
  })

  it("is the same for the same seed apart from the date", async () => {
    const a = await makeReport(SMALL, "2026-01-01T00:00:00.000Z")
    const b = await makeReport(SMALL, "2026-06-01T00:00:00.000Z")
    expect(b.files.map((f) => f.name)).toEqual(a.files.map((f) => f.name))
    for (const f of a.files) expect(b.file(f.name).replaceAll("2026-06-01", "2026-01-01")).toBe(a.file(f.name))
    const c = await makeReport(SMALL.replace("seed: 4", "seed: 5"))
    expect(c.file("data/price.csv")).not.toBe(a.file("data/price.csv"))
  })
})

describe("report attack outcomes", () => {
  it("tabulates success rate, mean cost and mean profit per scenario for a model with attackers", async () => {
    const { file, files, summary } = await makeReport(`name: capture
model: governance-capture
seed: 3
epochs: 40
runs: 3
params:
  treasury: 1000000
  governance: { power: live, emergencyEnabled: true, emergencyAfter: 24, votingDelay: 0, votingPeriod: 100, timelock: 0 }
  attack: { kind: flash-loan, proposeAt: 1 }
variants:
  live: {}
  snapshot: { governance.power: snapshot }
`)
    const md = file("report.md")
    const profit = (s: string) => summary.scenarios.find((x) => x.scenario === s)!.metrics.find((m) => m.metric === "attack.capture.profit")!.mean
    expect(md).toContain("| scenario | attack success rate | mean cost (USD) | mean profit (USD) | detected (share of runs) | mean epoch detected |")
    expect(md).toMatch(new RegExp(`\\| live · capture \\| 1 \\| [\\d,.]+ \\| ${formatNumber(profit("live")).replace(/[.]/g, "\\.")} \\|`))
    expect(md).toMatch(/\| snapshot · capture \| 0 \| [\d,.]+ \| -[\d,.]+ \|/)
    expect(md).not.toContain("No scenario of this experiment has an attack")
    // governance-capture's attack.capture.profit is one of its key metrics: charted once.
    expect(files.filter((f) => f.name === "charts/attack.capture.profit.svg")).toHaveLength(1)
  })
})

describe("report attack outcomes from attack.<name>.* metrics", () => {
  it("has one row per attack and scenario that ran it, none for scenarios without it", async () => {
    const { file, summary } = await makeReport(`name: griefing
seed: 2
epochs: 30
runs: 2
params:
  operators: { count: 150 }
  validators: { count: 20 }
  slashing: { downtime: true, signedWindow: 10 }
  attacks:
    - { kind: griefing, name: dos-asia, region: asia, startEpoch: 5, durationEpochs: 10, costPerEpochUsd: 1000 }
variants:
  none: { attacks: [] }
  attacked: {}
`)
    const md = file("report.md")
    const cost = summary.scenarios.find((x) => x.scenario === "attacked")!.metrics.find((m) => m.metric === "attack.dos-asia.cost")!.mean
    expect(cost).toBe(10_000)
    // Griefing is visible when it starts: detected in every run, at epoch 5.
    expect(md).toMatch(/\| attacked · dos-asia \| [\d.]+ \| 10,000 \| -10,000 \| 1 \| 5 \|/)
    expect(md).not.toContain("| none · dos-asia")
  })

  it("charts each attack's profit with its data, beside the key metrics", async () => {
    const { file, files } = await makeReport(`name: griefing
seed: 2
epochs: 30
runs: 3
params:
  operators: { count: 150 }
  validators: { count: 20 }
  attacks:
    - { kind: griefing, name: dos-asia, region: asia, startEpoch: 5, durationEpochs: 10, costPerEpochUsd: 1000 }
    - { kind: sybil, name: fakes, startEpoch: 2, durationEpochs: 20, identities: 20 }
variants:
  none: { attacks: [] }
  attacked: {}
`)
    const names = files.map((f) => f.name)
    expect(new Set(names).size).toBe(names.length)
    for (const attack of ["dos-asia", "fakes"]) {
      const metric = `attack.${attack}.profit`
      expect(names).toEqual(expect.arrayContaining([`charts/${metric}.svg`, `data/${metric}.csv`]))
      // Only the scenario that runs the attack has a band: 30 epochs of it.
      const csv = file(`data/${metric}.csv`).trim().split("\n")
      expect(csv).toHaveLength(1 + 30)
      expect(csv.slice(1).every((l) => l.startsWith("attacked,"))).toBe(true)
      expect(file("report.md")).toContain(`### Attack profit: ${attack}\n\n\`${metric}\`: `)
      expect(file("report.md")).toContain(`](charts/${metric}.png)`)
      expect(file("report.html")).toContain(`<figure class="chart" data-metric="${metric}">`)
      expect(file(`charts/${metric}.svg`)).toContain("mark-line role-mark")
    }
    // The dos-asia chart: griefing costs 1,000 a day for 10 days, so its median ends at -10,000.
    const last = file("data/attack.dos-asia.profit.csv").trim().split("\n").at(-1)!.split(",")
    expect(Number(last[3])).toBe(-10_000)
  })

  it("gives the share of runs that detected each attack and their mean epoch, '-' when none did", async () => {
    const sybil = (detection: number) => `{ kind: sybil, name: s, startEpoch: 2, durationEpochs: 20, identities: 40, detectionPerEpoch: ${detection} }`
    const { file, summary } = await makeReport(`name: sybils
seed: 2
epochs: 25
runs: 4
params:
  operators: { count: 150 }
  validators: { count: 20 }
  routing: { policy: light-split }
variants:
  unseen: { attacks: [${sybil(0)}] }
  checked: { attacks: [${sybil(0.2)}] }
`)
    const md = file("report.md")
    const detected = summary.scenarios.find((x) => x.scenario === "checked")!.metrics.find((m) => m.metric === "attack.s.detectedEpoch")!
    expect(detected.n).toBe(4)
    expect(md).toMatch(/\| unseen · s \| [\d.]+ \| [\d,.]+ \| -?[\d,.]+ \| 0 \| - \|/)
    expect(md).toContain(`| 1 | ${formatNumber(detected.mean)} |`)
  })
})

describe("parameter diff", () => {
  it("shows a replaced list of attacks as the fields that differ, not as JSON", () => {
    const text = [
      "name: diff",
      "params:",
      "  attacks:",
      "    - { kind: cartel, name: cartel, startEpoch: 10, stakeShare: 0.4 }",
      "variants:",
      "  no-attack: { attacks: [] }",
      "  share-40: {}",
      "  share-70:",
      "    attacks: [{ kind: cartel, name: cartel, startEpoch: 10, stakeShare: 0.7 }]",
      "    operators: { minStake: 5000 }"
    ].join("\n")
    const decoded = decodeExperiment("diff.yaml", text)
    if (Either.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left))
    const diff = parameterDiff(decoded.right)
    expect(diff.columns).toEqual(["no-attack", "share-40", "share-70"])
    expect(diff.rows).toContainEqual(["attacks", "none", "-", "-"])
    expect(diff.rows).toContainEqual(["attacks.0.stakeShare", "-", "0.4", "0.7"])
    expect(diff.rows).toContainEqual(["attacks.0.kind", "-", "cartel", "cartel"])
    expect(diff.rows).toContainEqual(["operators.minStake", "0", "0", "5,000"])
    expect(diff.rows.flat().some((c) => c.startsWith("{") || c.startsWith("[{"))).toBe(false)
    // Fields every variant has alike are left out.
    const both = decodeExperiment("diff.yaml", text.replace("  no-attack: { attacks: [] }\n", ""))
    if (Either.isLeft(both)) throw new Error(JSON.stringify(both.left))
    const rows = parameterDiff(both.right).rows
    expect(rows.map((r) => r[0])).toEqual(["attacks.0.stakeShare", "operators.minStake"])
  })

  it("shows a field set by index (attacks.0.x) as absent in a variant that empties the list", () => {
    const text = [
      "name: diff",
      "params:",
      "  attacks:",
      "    - { kind: cartel, name: cartel, startEpoch: 10, stakeShare: 0.4 }",
      "variants:",
      "  no-attack: { attacks: [] }",
      "  share-40: {}",
      "  share-70: { attacks.0.stakeShare: 0.7 }"
    ].join("\n")
    const decoded = decodeExperiment("diff.yaml", text)
    if (Either.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left))
    const diff = parameterDiff(decoded.right)
    expect(diff.rows).toContainEqual(["attacks.0.stakeShare", "-", "0.4", "0.7"])
    expect(diff.rows.flat().every((c) => typeof c === "string")).toBe(true)
  })

  it("has one row per path when a variant sets attacks.0.x and another empties the list (regional-griefing)", () => {
    const text = [
      "name: diff",
      "params:",
      "  attacks:",
      "    - { kind: griefing, name: dos-europe, region: europe, startEpoch: 30, durationEpochs: 30, offlineShare: 0.9, costPerEpochUsd: 50000 }",
      "variants:",
      "  no-attack: { attacks: [] }",
      "  griefing: {}",
      "  own-operators: { attacks.0.offlineShare: 0, attacks.0.ownOperators: 20, attacks.0.ownRegion: americas }"
    ].join("\n")
    const decoded = decodeExperiment("diff.yaml", text)
    if (Either.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left))
    const paths = parameterDiff(decoded.right).rows.map((r) => r[0])
    expect(paths.filter((p) => p === "attacks.0.offlineShare")).toHaveLength(1)
    expect(paths).toEqual([...new Set(paths)])
    expect(parameterDiff(decoded.right).rows).toContainEqual(["attacks.0.ownOperators", "-", "0", "20"])
  })

  it("has one row per path for every committed experiment", () => {
    for (const file of readdirSync(`${ROOT}experiments`).filter((f) => f.endsWith(".yaml"))) {
      const text = readFileSync(`${ROOT}experiments/${file}`, "utf8")
      const decoded = decodeExperiment(file, text, {}, Infinity, dataFilesOf(`${ROOT}experiments/${file}`, text))
      if (Either.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left))
      const paths = parameterDiff(decoded.right).rows.map((r) => r[0])
      expect(paths, file).toEqual([...new Set(paths)])
    }
  })
})
