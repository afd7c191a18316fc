/**
 * Report: the document a designer posts to a governance forum, as Markdown and as one
 * self-contained HTML page (charts inline as SVG, styles inline, no network, no scripts).
 *
 * Every text that comes from the experiment file (name, description, labels, guardrails) is
 * escaped, and the HTML page carries a Content-Security-Policy that forbids scripts, so a
 * hostile experiment cannot run code in a reader's browser.
 */
import { createHash } from "node:crypto"
import { describeBasins } from "../analysis/Basins.ts"
import type { RobustnessResult } from "../analysis/Robustness.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import type { SummaryDocument } from "../experiment/Results.ts"
import { formatNumber } from "../format.ts"
import { getPath } from "../engine/ParamPath.ts"
import type { PairedDelta } from "./Delta.ts"

export interface ReportChart {
  readonly metric: string
  /** A readable title ("Active operators"); the metric's name is shown beside it. */
  readonly title: string
  readonly description: string
  readonly svg: string
  /** File name of the chart's data (CSV), relative to the report. */
  readonly csv: string
  /** File name of the chart (SVG), relative to the report. */
  readonly file: string
  /** File name of the same chart as PNG, relative to the report: what report.md shows (forums refuse SVG). */
  readonly png: string
  /** Whether the y axis is logarithmic. */
  readonly log: boolean
  /** Scenarios the chart over time does not draw (too many to tell apart); in the tables and the data file. */
  readonly left: ReadonlyArray<string>
  /** Histogram of the final values across runs, per scenario. */
  readonly histogram?: { readonly svg: string; readonly png: string }
  /** Heat map of the median final value over a two-parameter sweep. */
  readonly heatmap?: { readonly svg: string; readonly png: string; readonly x: string; readonly y: string; readonly facets?: ReadonlyArray<string> }
}

/** One metric's paired difference between a scenario and the baseline. */
export interface DeltaRow {
  readonly metric: string
  readonly scenario: string
  readonly baseline: string
  /** Which way is better, when the guardrails say. */
  readonly better: "higher" | "lower" | undefined
  readonly delta: PairedDelta
}

export interface ReportInput {
  readonly exp: ResolvedExperiment
  readonly summary: SummaryDocument
  readonly charts: ReadonlyArray<ReportChart>
  /** Metrics of the key-metrics table. */
  readonly keyMetrics: ReadonlyArray<string>
  /** Each metric's definition. */
  readonly descriptions: ReadonlyMap<string, string>
  /** Paired differences against the baseline (empty with one scenario). */
  readonly deltas: ReadonlyArray<DeltaRow>
  /** The experiment file as written, and its name beside the report. */
  readonly source?: { readonly file: string; readonly text: string }
  readonly command: string
  /** The code version (`codeVersion`: the sweep manifest's and a distributed worker's). */
  readonly version: string
  /** The git commit the code was checked out at, when known, e.g. `1a2b3c4d5e6f (modified)`. */
  readonly git?: string | undefined
  /** The data files the experiment reads, with their checksums (empty or absent: none). */
  readonly inputs?: ReadonlyArray<{ readonly name: string; readonly bytes: number; readonly sha256: string }> | undefined
  /** ISO date of generation (the only thing that differs between two runs of the same seed). */
  readonly date: string
  /** The charts' legend keys for scenario labels too long for a legend: [key, scenario label]. */
  readonly legendKeys?: ReadonlyArray<readonly [string, string]> | undefined
  /** Attack outcomes per scenario and attack; undefined when no scenario runs an attack (the section says so). */
  readonly attacks:
    | ReadonlyArray<{ readonly attack: string; readonly successRate: number; readonly meanCost: number; readonly meanProfit: number; readonly detectionRate: number; readonly meanDetectedEpoch: number }>
    | undefined
  /** The A/B re-run over the experiment's assumptions (present when it declares some). */
  readonly robustness?: { readonly result: RobustnessResult; readonly runs: number } | undefined
}

/** Escape text for HTML (and for Markdown, whose renderers pass raw HTML through). */
export const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")

/**
 * Escape text for Markdown (a paragraph, a heading or a table cell): HTML escaped, then
 * backslash-escaped brackets, so `[x](javascript:...)`, `![](https://...)` and reference links
 * from an experiment stay text (no link, no remote image); pipes escaped for tables, one line.
 */
const md = (s: string): string =>
  escapeHtml(s)
    .replace(/\\/g, "\\\\")
    .replace(/[[\]]/g, (c) => `\\${c}`)
    .replace(/\|/g, "\\|")
    .replace(/\r?\n|\r/g, " ")
    // GitHub-flavoured Markdown turns bare URLs, www. names and e-mail addresses into live links;
    // an entity in each keeps the text as written and no link (experiment text never links).
    .replace(/:\/\//g, ":&#47;&#47;")
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}&#46;`)
    .replace(/@/g, "&#64;")

const flatten = (patch: Record<string, unknown>, prefix = ""): Array<string> =>
  Object.entries(patch).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k
    return v !== null && typeof v === "object" && !Array.isArray(v) && !k.includes(".") ? flatten(v as Record<string, unknown>, path) : [path]
  })

/** A parameter's value as a table cell; "-" where a scenario has no such field (a list another variant emptied). */
const show = (v: unknown): string =>
  v === undefined ? "-" : typeof v === "number" ? formatNumber(v) : v === "" ? '""' : typeof v === "string" ? v : Array.isArray(v) && v.length === 0 ? "none" : JSON.stringify(v)

/**
 * Leaves of a value by path: objects by key and lists of objects by index (`attacks.0.stakeShare`),
 * so a variant that replaces a list of attacks shows as the fields that change, not as JSON.
 * Lists of plain values stay one leaf (`[0.3, 0.3, 0.4]` reads better whole).
 */
const leaves = (v: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> => {
  if (Array.isArray(v) && v.some((x) => x !== null && typeof x === "object")) v.forEach((x, i) => leaves(x, `${path}.${i}`, out))
  else if (v !== null && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) leaves(x, `${path}.${k}`, out)
  else out.set(path, v)
  return out
}

/** Parameters that differ between variants (or that the sweep varies): rows of [path, value per column]. */
export const parameterDiff = (exp: ResolvedExperiment): { readonly columns: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<string>> } => {
  const variants = Object.entries(exp.envelope.variants)
  if (variants.length > 0) {
    const paths = [...new Set(variants.flatMap(([, patch]) => flatten(patch)))]
    const first = variants.map(([name]) => exp.scenarios.find((s) => s.variant === name)!)
    const candidates = paths.flatMap((p) => {
      const values = first.map((s) => getPath(s.params, p))
      // A plain value a variant sets: one row, as it is (even where every variant agrees).
      if (values.every((v) => v === null || typeof v !== "object")) return [[p, ...values.map(show)]]
      const perScenario = values.map((v) => leaves(v, p, new Map()))
      const leafPaths = [...new Set(perScenario.flatMap((m) => [...m.keys()]))]
      return leafPaths.flatMap((leaf) => {
        const cells = perScenario.map((m) => (m.has(leaf) ? show(m.get(leaf)) : "-"))
        return cells.every((c) => c === cells[0]) ? [] : [[leaf, ...cells]]
      })
    })
    // One row per path: a variant's dotted path (attacks.0.ownOperators) and the leaves of the
    // list another variant replaces (attacks) name the same field, with the same cells.
    const seen = new Set<string>()
    const rows = candidates.filter((r) => {
      if (seen.has(r[0]!)) return false
      seen.add(r[0]!)
      return true
    })
    return { columns: variants.map(([name]) => name), rows }
  }
  const swept = [...new Set(exp.scenarios.flatMap((s) => Object.keys(s.overrides)))]
  return { columns: ["values swept"], rows: swept.map((p) => [p, [...new Set(exp.scenarios.map((s) => show(s.overrides[p])))].join(", ")]) }
}

interface Section {
  readonly title: string
  readonly md: string
  readonly html: string
}

/**
 * A table cell's text, escaped, that may break after a comma or an equals sign: a sweep point's
 * label (`a.b=1,c.d=2`) wraps between its parameters instead of pushing the table off the page;
 * numbers (1,008) never break. PASS and FAIL cells are coloured.
 */
const cell = (s: string): string => escapeHtml(s).replace(/=(?=\w)/g, "=<wbr>").replace(/,(?=[A-Za-z])/g, ",<wbr>")

const VERDICT_MD: Readonly<Record<string, string>> = { PASS: "✅ PASS", FAIL: "❌ FAIL", "NO DATA": "⚠️ NO DATA" }

const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): { md: string; html: string } => ({
  md: [`| ${head.map(md).join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map((c) => VERDICT_MD[c] ?? md(c)).join(" | ")} |`)].join("\n"),
  html: `<table><thead><tr>${head.map((h) => `<th>${cell(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => (c === "PASS" || c === "FAIL" || c === "NO DATA" ? `<td class="${c === "NO DATA" ? "nodata" : c.toLowerCase()}">${c}</td>` : `<td>${cell(c)}</td>`)).join("")}</tr>`).join("")}</tbody></table>`
})

const para = (text: string) => ({ md: md(text), html: `<p>${escapeHtml(text)}</p>` })

const join = (...parts: ReadonlyArray<{ md: string; html: string }>) => ({ md: parts.map((p) => p.md).filter(Boolean).join("\n\n"), html: parts.map((p) => p.html).join("") })

/** Guardrail rows: scenario, expression, PASS/FAIL, the measured values. */
const guardrailRows = (summary: SummaryDocument) =>
  summary.scenarios.flatMap((s) => s.guardrails.map((g) => [s.scenario, g.expression, g.verdict === "no data" ? "NO DATA" : g.pass ? "PASS" : "FAIL", Object.entries(g.values).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(", ")]))

/**
 * The one-line answer at the top: PASS when every guardrail holds in every scenario, FAIL naming
 * the scenarios and guardrails that do not, or no verdict without guardrails.
 */
export const verdictLine = (summary: SummaryDocument): { readonly verdict: "PASS" | "FAIL" | undefined; readonly text: string } => {
  const rows = guardrailRows(summary)
  if (rows.length === 0) return { verdict: undefined, text: "No verdict: the experiment defines no guardrails." }
  const failed = rows.filter((r) => r[2] !== "PASS")
  if (failed.length === 0) return { verdict: "PASS", text: `Verdict: PASS. Every guardrail holds in every scenario (${rows.length} checks, ${summary.scenarios.length} scenarios).` }
  const byScenario = new Map<string, Array<string>>()
  for (const r of failed) byScenario.set(r[0]!, [...(byScenario.get(r[0]!) ?? []), r[2] === "NO DATA" ? `${r[1]} (no data)` : r[1]!])
  const named = [...byScenario].slice(0, 3).map(([s, gs]) => `${s} fails ${gs.join(" and ")}`).join("; ")
  const more = byScenario.size > 3 ? `; and ${byScenario.size - 3} more scenarios` : ""
  return { verdict: "FAIL", text: `Verdict: FAIL. ${failed.length} of ${rows.length} guardrail checks ${failed.some((r) => r[2] === "NO DATA") ? "fail or have no data" : "fail"}: ${named}${more}.` }
}

const pct = (x: number) => (Number.isFinite(x) ? `${formatNumber(100 * x)}%` : "n/a")

/** Every parameter's path and value in a scenario (lists of objects by index). */
const paramLeaves = (params: unknown): Map<string, unknown> => {
  const out = new Map<string, unknown>()
  if (params !== null && typeof params === "object") for (const [k, v] of Object.entries(params)) leaves(v, k, out)
  return out
}

/**
 * Parameters every scenario shares, with their values (the assumptions the answer rests on):
 * the run settings first, then every model parameter that no variant or sweep changes.
 */
export const sharedParameters = (exp: ResolvedExperiment): ReadonlyArray<readonly [string, string]> => {
  const env = exp.envelope
  const per = exp.scenarios.map((s) => paramLeaves(s.params))
  const first = per[0] ?? new Map<string, unknown>()
  const shared = [...first.keys()].filter((p) => per.every((m) => m.has(p) && show(m.get(p)) === show(first.get(p))))
  return [
    ["model", env.model],
    ["seed", String(env.seed)],
    ["runs per scenario", String(env.runs)],
    ["epochs per run", String(env.epochs)],
    ...shared.map((p) => [`params.${p}`, show(first.get(p))] as const)
  ]
}

const sections = (input: ReportInput): ReadonlyArray<Section> => {
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

/** sha256 (hex) of a text as UTF-8, the bytes the report writes beside itself. */
const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex")

/** A fenced code block that its content cannot close: the fence is longer than any run of backticks inside. */
const fence = (text: string): string => {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const f = "`".repeat(longest + 1)
  return `${f}yaml\n${text.replace(/\s+$/, "")}\n${f}`
}

/** A sweep's scenarios, one row each, with the value of every swept parameter. */
const scenarioTable = (exp: ResolvedExperiment) => {
  const paths = [...new Set(exp.scenarios.flatMap((s) => Object.keys(s.overrides)))]
  return table(["scenario", ...paths], exp.scenarios.map((s) => [s.label, ...paths.map((p) => show(s.overrides[p]))]))
}

/** The report as Markdown (charts referenced as PNG files under charts/, which forums accept as uploads). */
export const reportMarkdown = (input: ReportInput): string => {
  const env = input.exp.envelope
  const verdict = verdictLine(input.summary)
  const parts = [`# ${md(env.name)}`, ...(env.description ? [md(env.description)] : []), `**${md(verdict.verdict ? verdict.text.replace(verdict.verdict, VERDICT_MD[verdict.verdict]!) : verdict.text)}**`, ...sections(input).map((s) => `## ${md(s.title)}\n\n${s.md}`)]
  return parts.join("\n\n") + "\n"
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f4f4f4}figure.chart{margin:1.5em 0}figcaption{font-size:14px;margin-bottom:.5em}
figure svg{max-width:100%;height:auto}h1{font-size:1.8em}
td.pass{background:#dff3e0;color:#1b5e20;font-weight:600}td.fail{background:#fde0dc;color:#b71c1c;font-weight:600}td.nodata{background:#fff4d6;color:#7a5b00;font-weight:600}
p.verdict{font-size:1.15em;font-weight:600;padding:.6em .8em;border-radius:4px;background:#f4f4f4}
p.verdict.pass{background:#dff3e0;color:#1b5e20}p.verdict.fail{background:#fde0dc;color:#b71c1c}
pre.experiment{background:#f7f7f7;padding:.8em;overflow:auto;font-size:13px}`

const verdictHtml = (summary: SummaryDocument): string => {
  const v = verdictLine(summary)
  return `<p class="verdict ${v.verdict?.toLowerCase() ?? "none"}" id="verdict">${escapeHtml(v.text)}</p>`
}

/** The report as one self-contained HTML page. */
export const reportHtml = (input: ReportInput): string => {
  const env = input.exp.envelope
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(env.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(env.name)}</h1>
${env.description ? `<p class="description">${escapeHtml(env.description)}</p>` : ""}
${verdictHtml(input.summary)}
${sections(input).map((s) => `<section><h2>${escapeHtml(s.title)}</h2>\n${s.html}</section>`).join("\n")}
</body>
</html>
`
}
