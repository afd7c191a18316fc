/**
 * The figures docs/scenarios.md quotes for theses 1-4, over paired runs (run i of every
 * scenario has the same seed), measured with the helpers the test uses (seedLoop.ts):
 *
 *     node --import tsx test/support/seedLoopFigures.ts 1     # thesis 1: seed-loop-scaling.yaml
 *     node --import tsx test/support/seedLoopFigures.ts 2     # thesis 2: seed-loop.yaml (the DoS)
 *     node --import tsx test/support/seedLoopFigures.ts 3     # thesis 3: seed-loop.yaml (quiet market)
 *     node --import tsx test/support/seedLoopFigures.ts 4     # thesis 4: seed-loop-cycles.yaml
 *
 * Each figure is the median and, in brackets, the 5-95% band over runs; `*` marks values that
 * split into two groups of runs (Basins.ts), with the groups' sizes.
 */
import type { RunResult } from "../../src/engine/Simulation.ts"
import { at, band, collapsed, exitsOutsideEurope, firstExcess, growth, HARDWARE, meanSeries, pairedDiffs, pairedShare, peakIndex, POLICIES, risesEveryStep, RUNS, runExperiment, scenario, series, SIZES, usefulBySize, window, type Band, type RunPlan } from "./seedLoop.ts"

const num = (x: number) => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString("en-US") : x.toPrecision(3))
const fmt = (b: Band) => `${num(b.p50)} [${num(b.p5)}, ${num(b.p95)}]${b.basins ? ` * (${b.basins.low.count} low / ${b.basins.high.count} high)` : ""}`
const of = (runs: ReadonlyArray<RunResult>, f: (r: RunResult) => number) => fmt(band(runs.map(f)))
const count = (xs: ReadonlyArray<boolean>) => xs.filter(Boolean).length

const thesis1 = () => {
  const cases: Array<[string, RunPlan["set"]]> = [
    ["protocol model, defaults (experiments/seed-loop-scaling.yaml)", {}],
    ["control: the assumed law model with its default linear law", { "coordination.model": "law" }],
    ["breaks it? 10x cheaper messages (coordination.protocol.messageMs 0.005)", { "coordination.protocol.messageMs": 0.005 }],
    ["breaks it? batches of 1,000 tasks a round (coordination.protocol.batchTasks 1000)", { "coordination.protocol.batchTasks": 1000 }]
  ]
  for (const [title, set] of cases) {
    const results = runExperiment("seed-loop-scaling", { runs: RUNS, ...(set === undefined ? {} : { set }) })
    console.log(`\n## ${title}: ${RUNS} runs, epoch 10`)
    console.log(`| policy | ${SIZES.map((n) => `${n.toLocaleString("en-US")} operators`).join(" | ")} | peak at (runs) | useful at 4,000 / peak | rises every step |`)
    console.log(`| --- | ${SIZES.map(() => "---").join(" | ")} | --- | --- | --- |`)
    for (const policy of POLICIES) {
      const u = usefulBySize(results, policy)
      const peaks = SIZES.map((n, k) => [n, count(u.map((x) => peakIndex(x) === k))] as const).filter(([, c]) => c > 0)
      const cells = SIZES.map((_, k) => fmt(band(u.map((x) => x[k]!))))
      console.log(`| ${policy} | ${cells.join(" | ")} | ${peaks.map(([n, c]) => `${n}: ${c}`).join(", ")} | ${fmt(band(u.map((x) => x[SIZES.length - 1]! / Math.max(...x))))} | ${count(u.map(risesEveryStep))}/${u.length} |`)
    }
    if (title.startsWith("protocol")) {
      for (const metric of ["coordinationEfficiency", "messagesPerTask", "consensusRoundMs"]) {
        for (const policy of POLICIES) console.log(`${metric} ${policy}: ${SIZES.map((n) => `${n}: ${of(scenario(results, `routing.policy=${policy},operators.count=${n}`), (r) => at(r, metric))}`).join(" | ")}`)
      }
    }
  }
}

const thesis2 = () => {
  const results = runExperiment("seed-loop", { runs: RUNS, only: ["control", "dos", "control-exogenous", "dos-exogenous", "control-word-of-mouth", "dos-word-of-mouth"] })
  const measures: Array<[string, (r: RunResult) => number, boolean]> = [
    ["demandUsers@45-60", (r) => window(series(r, "demandUsers"), 45, 60), true],
    ["demandUsers@150-180", (r) => window(series(r, "demandUsers"), 150, 180), true],
    ["feesUsd@30-60", (r) => window(series(r, "feesUsd"), 30, 60), false],
    ["small operators' exits, days 30-90", (r) => growth(r, "exitsSmall", 30, 90), false],
    ["exits outside europe, days 30-90", exitsOutsideEurope, false],
    ["operatorExitsTotal@179", (r) => at(r, "operatorExitsTotal"), false]
  ]
  for (const [variant, control] of [["dos", "control"], ["dos-exogenous", "control-exogenous"], ["dos-word-of-mouth", "control-word-of-mouth"]] as const) {
    const v = scenario(results, variant)
    const c = scenario(results, control)
    console.log(`\n## ${variant} against ${control}, ${RUNS} pairs`)
    for (const [name, f, users] of measures) {
      if (users && variant === "dos-exogenous") continue
      console.log(`${name}: ${of(v, f)} against ${of(c, f)}; higher in ${Math.round(RUNS * pairedShare(v, c, f))}/${RUNS}, paired difference ${fmt(band(pairedDiffs(v, c, f)))}`)
    }
  }
  // The users' deficit against the control, mean over runs, epoch by epoch.
  const users = meanSeries(scenario(results, "dos"), "demandUsers")
  const deficit = meanSeries(scenario(results, "control"), "demandUsers").map((u, e) => u - users[e]!)
  const worst = Math.max(...deficit.slice(30, 75))
  const worstAt = deficit.indexOf(worst)
  const leave = deficit.findIndex((d, e) => e >= 30 && d >= worst / 2) - 30
  const back = deficit.findIndex((d, e) => e > Math.max(60, worstAt) && d <= worst / 2)
  console.log(`\nusers' deficit (mean over runs): worst ${num(worst)} on day ${worstAt}; half of it ${leave} days into the attack; back to half ${back < 0 ? "never" : `${back - 60} days after it ends`}; mean over days 120-180 ${num(window(deficit, 120, 180))}`)
  const agents = pairedDiffs(scenario(results, "dos"), scenario(results, "control"), exitsOutsideEurope)
  const exogenous = pairedDiffs(scenario(results, "dos-exogenous"), scenario(results, "control-exogenous"), exitsOutsideEurope)
  console.log(`\nextra exits outside europe (days 30-90) with users as agents above those with demand as an input, same seed: ${count(agents.map((a, i) => a > exogenous[i]!))}/${RUNS}; means ${num(agents.reduce((a, b) => a + b, 0) / RUNS)} against ${num(exogenous.reduce((a, b) => a + b, 0) / RUNS)}`)
  const relocated = (r: RunResult) => growth(r, "relocationsTotal", 30, 90)
  console.log(`operators who moved region, days 30-90: ${of(scenario(results, "dos"), relocated)} against ${of(scenario(results, "control"), relocated)}`)
  const breakers: Array<[string, Readonly<Record<string, unknown>>]> = [
    ["inert users (demand.agents.reviewRate 0.01, switchingCostUsd 60)", { "demand.agents.reviewRate": 0.01, "demand.agents.switchingCostUsd": 60 }],
    ["users who do not mind failures (demand.agents.failureCostUsd 0)", { "demand.agents.failureCostUsd": 0 }],
    ["operators who cannot move (operators.relocation.enabled false)", { "operators.relocation.enabled": false }]
  ]
  for (const [title, set] of breakers) {
    const r = runExperiment("seed-loop", { runs: RUNS, only: ["control", "dos"], set })
    const v = scenario(r, "dos")
    const c = scenario(r, "control")
    console.log(`\n## breaks it? ${title}: dos against control, ${RUNS} pairs`)
    for (const [name, f] of measures) console.log(`${name}: ${of(v, f)} against ${of(c, f)}; higher in ${Math.round(RUNS * pairedShare(v, c, f))}/${RUNS}, paired difference ${fmt(band(pairedDiffs(v, c, f)))}`)
  }
}

const thesis3 = () => {
  const results = runExperiment("seed-loop", { runs: RUNS, only: ["control", "quiet-costs", "quiet-only", "quiet-costs-no-premium"] })
  const control = scenario(results, "control")
  const variants: Array<[string, Array<RunResult>]> = [
    ["quiet-costs", scenario(results, "quiet-costs")],
    ["quiet-only", scenario(results, "quiet-only")],
    ["costs-only (control + operators.hardware)", scenario(runExperiment("seed-loop", { runs: RUNS, only: ["control"], set: { "operators.hardware": HARDWARE } }), "control")],
    ["quiet-costs-no-premium", scenario(results, "quiet-costs-no-premium")],
    ["quiet-costs, 6.7x deeper market (market.liquidityUsd 333,000,000)", scenario(runExperiment("seed-loop", { runs: RUNS, only: ["quiet-costs"], set: { "market.liquidityUsd": 333_000_000 } }), "quiet-costs")]
  ]
  console.log(`\n## control: ${RUNS} runs`)
  for (const day of [60, 120, 179]) console.log(`day ${day}: exitRateSmall ${of(control, (r) => at(r, "exitRateSmall", day))}, exitRateLarge ${of(control, (r) => at(r, "exitRateLarge", day))}`)
  console.log(`collapsed (large exit rate > 0.5 on day 179): ${count(control.map(collapsed))}/${RUNS}; demandUsers@45-60 ${of(control, (r) => window(series(r, "demandUsers"), 45, 60))}; volatilityPremium@60-120 ${of(control, (r) => window(series(r, "volatilityPremium"), 60, 120))}; demandUsers@179 ${of(control, (r) => at(r, "demandUsers"))}; price@179 ${of(control, (r) => at(r, "price"))}`)
  for (const [name, runs] of variants) {
    console.log(`\n## ${name} against the control, ${RUNS} pairs`)
    for (const day of [60, 90, 120, 179]) {
      const small = (r: RunResult) => at(r, "exitRateSmall", day)
      const large = (r: RunResult) => at(r, "exitRateLarge", day)
      const smallAhead = runs.map((r, i) => small(r) - small(control[i]!) > large(r) - large(control[i]!))
      console.log(
        `day ${day}: exitRateSmall ${of(runs, small)}, higher than the control in ${Math.round(RUNS * pairedShare(runs, control, small))}/${RUNS} (paired difference ${fmt(band(pairedDiffs(runs, control, small)))});` +
          ` exitRateLarge ${of(runs, large)}, higher in ${Math.round(RUNS * pairedShare(runs, control, large))}/${RUNS} (${fmt(band(pairedDiffs(runs, control, large)))}); small's excess above large's in ${count(smallAhead)}/${RUNS}`
      )
    }
    const s = runs.map((r, i) => firstExcess(r, control[i]!, "exitRateSmall", 0.1))
    const l = runs.map((r, i) => firstExcess(r, control[i]!, "exitRateLarge", 0.1))
    console.log(`excess exit rate reaches 0.10: small first in ${count(s.map((d, i) => d < l[i]!))}, large first in ${count(s.map((d, i) => d > l[i]!))}, same day in ${count(s.map((d, i) => d === l[i]! && Number.isFinite(d)))}, neither in ${count(s.map((d, i) => !Number.isFinite(d) && !Number.isFinite(l[i]!)))}`)
    console.log(
      `collapsed: ${count(runs.map(collapsed))}/${RUNS}; demandUsers@45-60 ${of(runs, (r) => window(series(r, "demandUsers"), 45, 60))}; demandUsers@179 ${of(runs, (r) => at(r, "demandUsers"))}; price@179 ${of(runs, (r) => at(r, "price"))}; operatorExitsTotal@179 ${of(runs, (r) => at(r, "operatorExitsTotal"))};` +
        ` volatilityPremium@60-120 ${of(runs, (r) => window(series(r, "volatilityPremium"), 60, 120))}`
    )
  }
}

/** Mean absolute day-to-day change of fees over days 90-180. */
const feeSwing = (r: RunResult) => {
  const f = series(r, "feesUsd")
  let t = 0
  for (let e = 91; e < 180; e++) t += Math.abs(f[e]! - f[e - 1]!)
  return t / 89
}

const thesis4 = () => {
  const cases: Array<[string, RunPlan["set"]]> = [
    ["defaults (experiments/seed-loop-cycles.yaml)", {}],
    ["does a slower cycle matter? demand.cyclePeriod 60", { "demand.cyclePeriod": 60 }],
    ["does it matter with operators who forget faster? operators.marginHalfLife 3", { "operators.marginHalfLife": 3 }],
    ["does it matter with less emission (fees a larger share of revenue)? token.emission 250,000 a day", { "token.emission": { kind: "fixed", perEpoch: 250_000 } }]
  ]
  for (const [title, set] of cases) {
    const results = runExperiment("seed-loop-cycles", { runs: RUNS, ...(set === undefined ? {} : { set }) })
    console.log(`\n## ${title}: +-75% against +-15% cycles, ${RUNS} pairs`)
    for (const kind of ["exogenous", "agents"]) {
      for (const decision of ["streak", "expected"]) {
        const big = scenario(results, `demand.kind=${kind},operators.decision=${decision},demand.cycleAmplitude=0.75`)
        const small = scenario(results, `demand.kind=${kind},operators.decision=${decision},demand.cycleAmplitude=0.15`)
        const exits = (r: RunResult) => at(r, "operatorExitsTotal")
        console.log(
          `demand ${kind}, exits ${decision}: operatorExitsTotal@179 ${of(big, exits)} against ${of(small, exits)}, higher in ${Math.round(RUNS * pairedShare(big, small, exits))}/${RUNS};` +
            ` price@179 ${of(big, (r) => at(r, "price"))} against ${of(small, (r) => at(r, "price"))}; fees swing more in ${Math.round(RUNS * pairedShare(big, small, feeSwing))}/${RUNS}`
        )
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = process.argv[2] ?? "all"
  if (which === "1" || which === "all") thesis1()
  if (which === "2" || which === "all") thesis2()
  if (which === "3" || which === "all") thesis3()
  if (which === "4" || which === "all") thesis4()
}
