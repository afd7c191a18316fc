/**
 * The report's sections in order (src/report/Report.ts): verdict, key metrics, paired changes,
 * robustness, charts, attacks, sensitivity, what was fitted from data, assumptions, parameters and
 * how to reproduce it.
 */
import { describeBasins } from "../analysis/Basins.ts"
import type { SummaryDocument } from "../experiment/Results.ts"
import { formatNumber } from "../format.ts"
import { escapeHtml, fence, join, md, para, pct, sha256, table, type Section } from "./Markup.ts"
import { parameterDiff, scenarioTable, sharedParameters } from "./Parameters.ts"
import type { ReportChart, ReportInput } from "./Report.ts"

/** Guardrail rows: scenario, expression, PASS/FAIL, the measured values. */
const guardrailRows = (summary: SummaryDocument) =>
  summary.scenarios.flatMap((s) => s.guardrails.map((g) => [s.scenario, g.expression, g.verdict === "no data" ? "NO DATA" : g.pass ? "PASS" : "FAIL", Object.entries(g.values).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(", ")]))

/**
 * The one-line answer at the top: PASS when every guardrail holds in every scenario, FAIL naming
 * the scenarios and guardrails that do not, NO DATA when none fails but some measured nothing
 * (a guardrail on a metric no run recorded is never a pass or a failure), or no verdict without
 * guardrails.
 */
export const verdictLine = (summary: SummaryDocument): { readonly verdict: "PASS" | "FAIL" | "NO DATA" | undefined; readonly text: string } => {
  const rows = guardrailRows(summary)
  if (rows.length === 0) return { verdict: undefined, text: "No verdict: the experiment defines no guardrails." }
  const failed = rows.filter((r) => r[2] === "FAIL")
  const noData = rows.filter((r) => r[2] === "NO DATA")
  if (failed.length === 0 && noData.length === 0) return { verdict: "PASS", text: `Verdict: PASS. Every guardrail holds in every scenario (${rows.length} checks, ${summary.scenarios.length} scenarios).` }
  const named = (list: ReadonlyArray<ReadonlyArray<string>>, verb: string): string => {
    const byScenario = new Map<string, Array<string>>()
    for (const r of list) byScenario.set(r[0]!, [...(byScenario.get(r[0]!) ?? []), r[1]!])
    const first = [...byScenario].slice(0, 3).map(([s, gs]) => `${s} ${verb} ${gs.join(" and ")}`).join("; ")
    return byScenario.size > 3 ? `${first}; and ${byScenario.size - 3} more scenarios` : first
  }
  if (failed.length === 0) {
    return { verdict: "NO DATA", text: `Verdict: NO DATA. No guardrail fails, but ${noData.length} of ${rows.length} guardrail checks have no data (the metric was not recorded in any run): ${named(noData, "has no data for")}.` }
  }
  const also = noData.length > 0 ? ` (${noData.length} more have no data)` : ""
  return { verdict: "FAIL", text: `Verdict: FAIL. ${failed.length} of ${rows.length} guardrail checks fail${also}: ${named(failed, "fails")}.` }
}

export const sections = (input: ReportInput): ReadonlyArray<Section> => {
  const { exp, summary } = input
  const out: Array<Section> = []
  const baseline = summary.scenarios[0]?.scenario ?? ""

  // Verdict
  const rows = guardrailRows(summary)
  const failed = rows.filter((r) => r[2] === "FAIL").length
  const noData = rows.filter((r) => r[2] === "NO DATA").length
  const verdictText =
    rows.length === 0
      ? "The experiment defines no guardrails."
      : failed === 0 && noData === 0
        ? `Every guardrail passes in every scenario (${rows.length} checks).`
        : [failed > 0 ? `${failed} of ${rows.length} guardrail checks fail.` : "", noData > 0 ? `${noData} of ${rows.length} have no data (the metric was not recorded in any run).` : ""].filter(Boolean).join(" ")
  out.push({ title: "Summary and verdict", ...join(para(verdictText), rows.length > 0 ? table(["scenario", "guardrail", "verdict", "measured"], rows) : { md: "", html: "" }) })

  // Key metrics: medians first
  const keyRows = input.keyMetrics.flatMap((metric) =>
    summary.scenarios.map((s, i) => {
      const m = s.metrics.find((x) => x.metric === metric)
      const base = summary.scenarios[0]!.metrics.find((x) => x.metric === metric)
      // Medians lead: a few collapsed runs drag a mean anywhere, and the median is what a typical run sees.
      const change = i === 0 || !m || !base || base.p50 === 0 || !Number.isFinite(base.p50) ? "" : `${m.p50 >= base.p50 ? "+" : ""}${formatNumber((100 * (m.p50 - base.p50)) / Math.abs(base.p50))}%`
      return [m?.basins ? `${metric} *` : metric, s.scenario, formatNumber(m?.p50 ?? Number.NaN), formatNumber(m?.p5 ?? Number.NaN), formatNumber(m?.p95 ?? Number.NaN), formatNumber(m?.mean ?? Number.NaN), change]
    })
  )
  const keyTable = table(["metric (final epoch)", "scenario", "median", "p5", "p95", "mean", `median vs ${baseline}`], keyRows)
  const definitions = table(["metric", "definition"], input.keyMetrics.map((m) => [m, input.descriptions.get(m) ?? ""]))
  const splits = input.keyMetrics.flatMap((metric) =>
    summary.scenarios.flatMap((s) => {
      const m = s.metrics.find((x) => x.metric === metric)
      return m?.basins ? [`${s.scenario}: ${describeBasins(metric, m.basins, formatNumber)}.`] : []
    })
  )
  const splitText = splits.length > 0 ? para(`* Runs split into separate outcomes, so the median and mean fall between them: ${splits.join(" ")}`) : { md: "", html: "" }
  out.push({
    title: "Key metrics at the final epoch",
    ...join(para(`Across runs, per scenario: the median, the 5th and 95th percentiles and the mean of each metric at the final epoch; the last column compares medians with ${baseline}.`), keyTable, splitText, definitions)
  })

  // Paired deltas
  if (input.deltas.length > 0) {
    const deltaTable = table(
      ["metric", "scenario", `median change vs ${baseline}`, "90% interval", "share of paired runs higher", "better in"],
      input.deltas.map((d) => [
        d.metric,
        d.scenario,
        `${d.delta.median > 0 ? "+" : ""}${formatNumber(d.delta.median)}`,
        Number.isFinite(d.delta.lo) ? `${formatNumber(d.delta.lo)} to ${formatNumber(d.delta.hi)}` : "n/a",
        pct(d.delta.higher),
        d.better === undefined ? "(no guardrail says which way is better)" : `${pct(d.better === "higher" ? d.delta.higher : d.delta.lower)} of runs (${d.better} is better)`
      ])
    )
    out.push({
      title: `Change against ${baseline}`,
      ...join(
        para(`Run i of every scenario uses the same seed (common random numbers), so scenario and ${baseline} face the same market path and the difference of their run-i outcomes is the effect of the change alone. The table gives the median of those paired differences at the final epoch, a bootstrap 90% interval of that median, and the share of pairs in which the scenario is higher. Which way is better is read from the guardrails.`),
        deltaTable
      )
    })
  }

  // Robustness over assumptions
  if (input.robustness) {
    const r = input.robustness.result
    const intro = para(
      `Is the conclusion an artefact of what we assumed? The A/B re-run at ${r.points.length} points of the assumptions' plausible ranges (${r.assumptions.join(", ")}; Latin hypercube, ${input.robustness.runs} runs per variant and point, the same seeds everywhere). ` +
        (r.robust ? "Every conclusion holds at every point." : `${r.conclusions.filter((c) => !c.holds).length} of ${r.conclusions.length} conclusions change across them; each line says where.`)
    )
    const lines = [...r.conclusions.filter((c) => !c.holds), ...r.conclusions.filter((c) => c.holds)].map((c) => c.sentence)
    const list = { md: lines.map((l) => `- ${md(l)}`).join("\n"), html: `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>` }
    const diffs = r.conclusions.filter((c) => c.kind === "difference")
    const points = table(
      [...r.assumptions, ...diffs.map((c) => c.subject.split(": ").slice(1).join(": "))],
      r.points.map((p, i) => [...r.assumptions.map((a) => formatNumber(p[a]!)), ...diffs.map((c) => formatNumber(c.values[i]!))])
    )
    const caption = para(`Median paired difference (${diffs[0]?.subject.split(":")[0] ?? "variant vs baseline"}) at each point:`)
    out.push({
      title: "Robustness over assumptions",
      md: [intro.md, list.md, ...(diffs.length > 0 ? [caption.md, points.md] : [])].join("\n\n"),
      html: intro.html + list.html + (diffs.length > 0 ? caption.html + points.html : "")
    })
  }

  // Charts
  const keyTableOf = input.legendKeys && input.legendKeys.length > 0 ? table(["key", "scenario"], input.legendKeys) : undefined
  const keyIntro = para("The charts' legends name the scenarios by these keys:")
  // Scenarios by their legend key where the legends use keys (S1, S2, ...), else by label.
  const keyOf = new Map((input.legendKeys ?? []).map(([key, label]) => [label, key]))
  const named = (label: string) => keyOf.get(label) ?? label
  const note = (c: ReportChart) =>
    [c.log ? "Log scale: the values span orders of magnitude." : "", c.left.length > 0 ? `Not drawn, to keep the chart readable (${c.left.length} of ${summary.scenarios.length} scenarios; their numbers are in the tables and ${c.csv}): ${c.left.map(named).join(", ")}. Drawn: ${named(baseline)} and the scenarios with the lowest and highest median final value.` : ""].filter(Boolean).join(" ")
  const caption = (c: ReportChart) => `${c.description} Median across runs (line) and 5-95% band (area). ${note(c)}`.trim()
  const chartMd = [
    ...(keyTableOf ? [`${keyIntro.md}\n\n${keyTableOf.md}`] : []),
    ...input.charts.map((c) => `### ${md(c.title)}\n\n\`${c.metric}\`: ${md(caption(c))} Data: [${c.csv}](${c.csv})\n\n![${md(c.title)}](${c.png})`)
  ].join("\n\n")
  const chartHtml = [
    ...(keyTableOf ? [keyIntro.html + keyTableOf.html] : []),
    ...input.charts.map(
      (c) =>
        `<figure class="chart" data-metric="${escapeHtml(c.metric)}"><figcaption><strong>${escapeHtml(c.title)}</strong> (<code>${escapeHtml(c.metric)}</code>): ${escapeHtml(caption(c))} <a href="${escapeHtml(c.csv)}">data</a></figcaption>${c.svg}</figure>`
    )
  ].join("\n")
  out.push({ title: "Key metrics over time", md: chartMd, html: chartHtml })

  // Histograms of final outcomes
  const hists = input.charts.filter((c) => c.histogram !== undefined)
  if (hists.length > 0) {
    const intro = para("How the runs' final values spread, per scenario: runs that split into different outcomes show as separate humps, which a median and band hide.")
    out.push({
      title: "Final outcomes across runs",
      md: [intro.md, ...hists.map((c) => `![${md(c.title)}: final values](${c.histogram!.png})`)].join("\n\n"),
      html: intro.html + hists.map((c) => `<figure class="histogram" data-metric="${escapeHtml(c.metric)}">${c.histogram!.svg}</figure>`).join("\n")
    })
  }

  // Heat maps of a sweep whose scenarios form a grid
  const heats = input.charts.filter((c) => c.heatmap !== undefined)
  if (heats.length > 0) {
    const h = heats[0]!.heatmap!
    const intro = para(
      `Every point of the sweep over ${h.x} (across) and ${h.y === "variant" ? "each variant" : h.y} (down)${h.facets ? `, one panel per variant (${h.facets.join(", ")}) on one colour scale` : ""}: the median of each metric at the final epoch.`
    )
    out.push({
      title: "Sweep heat maps",
      md: [intro.md, ...heats.map((c) => `![${md(c.title)}: heat map](${c.heatmap!.png})`)].join("\n\n"),
      html: intro.html + heats.map((c) => `<figure class="heatmap" data-metric="${escapeHtml(c.metric)}">${c.heatmap!.svg}</figure>`).join("\n")
    })
  }

  // Attacks
  const attackSection = input.attacks === undefined || input.attacks.length === 0
    ? para("No scenario of this experiment has an attack, so this report has no attack outcomes.")
    : table(
        ["scenario", "attack success rate", "mean cost (USD)", "mean profit (USD)", "detected (share of runs)", "mean epoch detected"],
        input.attacks.map((a) => [a.attack, formatNumber(a.successRate), formatNumber(a.meanCost), formatNumber(a.meanProfit), formatNumber(a.detectionRate), formatNumber(a.meanDetectedEpoch)])
      )
  out.push({ title: "Attack outcomes", md: attackSection.md, html: attackSection.html })

  // Sensitivity
  if (summary.sensitivity.length > 0) {
    const srows = summary.sensitivity
      .filter((s) => input.keyMetrics.includes(s.metric))
      .flatMap((s) => s.ranking.map((r, i) => [i === 0 ? s.metric : "", r.parameter, formatNumber(r.src), i === 0 ? formatNumber(s.r2) : ""]))
    const t = table(["metric", "parameter", "standardized regression coefficient", "R^2"], srows)
    const intro = para("Which parameters move each metric most, across all runs (SRC: standard deviations of the metric per standard deviation of the parameter).")
    out.push({ title: "Sensitivity", ...join(intro, t) })
  }

  // Fitted from data (fit: in the experiment)
  const fit = exp.fitted?.market
  if (fit) {
    const ci = (e: { readonly estimate: number; readonly low: number; readonly high: number }) => `${formatNumber(e.estimate)} [${formatNumber(e.low)}, ${formatNumber(e.high)}]`
    const f = fit.fit
    const rows = [["whole series", String(f.returns), ci(f.drift), ci(f.volatility)], ...(f.regimes.length > 1 ? f.regimes.map((r, i) => [`regime ${i + 1} from epoch ${r.from}`, String(r.epochs), ci(r.drift), ci(r.volatility)]) : [])]
    const used = { schedule: "the whole series' drift and volatility and each regime from the epoch it began", last: "the last regime's drift and volatility", whole: "the whole series' drift and volatility" }[fit.use]
    const intro = para(
      `The market was fitted to the price series ${fit.file.split(/[\\/]/).pop()} (column ${fit.column}, ${f.returns + 1} prices) before the runs; the runs use ${used} (fit.market use: ${fit.use}), the estimates, not the intervals. 95% confidence intervals in brackets: a conclusion that matters should hold across them (list them under assumptions).`
    )
    out.push({ title: "Fitted from data", ...join(intro, table(["", "epochs", "drift (mean log return per epoch)", "volatility (sd of log return per epoch)"], rows)) })
  }

  // Assumptions: everything every scenario shares
  const shared = sharedParameters(exp)
  out.push({
    title: "Assumptions shared by every scenario",
    ...join(para(`Every parameter that no variant or sweep point changes (${shared.length} values, defaults included): the conditions the answer above rests on.`), table(["parameter", "value"], shared))
  })

  // Parameter diff
  const diff = parameterDiff(exp)
  const diffTable = diff.rows.length > 0 ? table(["parameter", ...diff.columns], diff.rows) : undefined
  const perPoint = Object.keys(exp.envelope.variants).length === 0 && exp.scenarios.length > 1 ? scenarioTable(exp) : undefined
  out.push({
    title: "Parameters compared",
    ...(diffTable
      ? join(diffTable, perPoint ?? { md: "", html: "" })
      : para("No variants or sweep: a single scenario with the parameters above."))
  })

  // Reproduce
  const repro = table(["", ""], [
    ["command", input.command],
    ...(input.source ? [["experiment file", `${input.source.file} (beside this report; also below)`]] : []),
    ["experiment hash", summary.hash],
    ["seed", String(summary.seed)],
    ["runs x epochs", `${summary.runs} x ${summary.epochs}`],
    ["model", summary.model],
    ...(input.source ? [["experiment file sha256", sha256(input.source.text)]] : []),
    ["incentive-sandbox version", input.version],
    ...(input.git !== undefined ? [["git commit", input.git]] : []),
    ["generated", input.date]
  ])
  const intro = para("Anyone can regenerate every number and chart from the experiment file with this version of the code:")
  const inputs = input.inputs ?? []
  const inputsIntro = para(
    inputs.length === 0
      ? "Data inputs: none (the experiment reads no data files)."
      : "Data inputs: the files the experiment reads (paths relative to the experiment file), with their sha256; a file that no longer matches is not the data this report used."
  )
  const inputsTable = inputs.length === 0 ? undefined : table(["file", "bytes", "sha256"], inputs.map((f) => [f.name, String(f.bytes), f.sha256]))
  const sourceMd = input.source ? `The experiment file, as written:\n\n${fence(input.source.text)}` : ""
  const sourceHtml = input.source ? `<details open><summary>The experiment file, as written (${escapeHtml(input.source.file)})</summary><pre class="experiment">${escapeHtml(input.source.text)}</pre></details>` : ""
  out.push({
    title: "Reproduce this report",
    md: [intro.md, repro.md, inputsIntro.md, inputsTable?.md ?? "", sourceMd].filter(Boolean).join("\n\n"),
    html: intro.html + repro.html + inputsIntro.html + (inputsTable?.html ?? "") + sourceHtml
  })
  return out
}
