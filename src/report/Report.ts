/**
 * Report: the document a designer posts to a governance forum, as Markdown and as one
 * self-contained HTML page (charts inline as SVG, styles inline, no network, no scripts).
 *
 * Every text that comes from the experiment file (name, description, labels, guardrails) is
 * escaped, and the HTML page carries a Content-Security-Policy that forbids scripts, so a
 * hostile experiment cannot run code in a reader's browser.
 */
import { describeBasins } from "../analysis/Basins.ts"
import type { RobustnessResult } from "../analysis/Robustness.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import type { SummaryDocument } from "../experiment/Results.ts"
import { formatNumber } from "../format.ts"
import { getPath } from "../engine/ParamPath.ts"

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
}

export interface ReportInput {
  readonly exp: ResolvedExperiment
  readonly summary: SummaryDocument
  readonly charts: ReadonlyArray<ReportChart>
  /** Metrics of the key-metrics table. */
  readonly keyMetrics: ReadonlyArray<string>
  readonly command: string
  readonly version: string
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
 * numbers (1,008) never break.
 */
const cell = (s: string): string => escapeHtml(s).replace(/=(?=\w)/g, "=<wbr>").replace(/,(?=[A-Za-z])/g, ",<wbr>")

const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): { md: string; html: string } => ({
  md: [`| ${head.map(md).join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(md).join(" | ")} |`)].join("\n"),
  html: `<table><thead><tr>${head.map((h) => `<th>${cell(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`
})

const para = (text: string) => ({ md: md(text), html: `<p>${escapeHtml(text)}</p>` })

const sections = (input: ReportInput): ReadonlyArray<Section> => {
  const { exp, summary } = input
  const out: Array<Section> = []

  // Verdict
  const guardrailRows = summary.scenarios.flatMap((s) =>
    s.guardrails.map((g) => [s.scenario, g.expression, g.verdict === "no data" ? "NO DATA" : g.pass ? "PASS" : "FAIL", Object.entries(g.values).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(", ")])
  )
  const failed = guardrailRows.filter((r) => r[2] === "FAIL").length
  const noData = guardrailRows.filter((r) => r[2] === "NO DATA").length
  const verdictText =
    guardrailRows.length === 0
      ? "The experiment defines no guardrails."
      : failed === 0 && noData === 0
        ? `Every guardrail passes in every scenario (${guardrailRows.length} checks).`
        : [failed > 0 ? `${failed} of ${guardrailRows.length} guardrail checks fail.` : "", noData > 0 ? `${noData} of ${guardrailRows.length} have no data (the metric was not recorded in any run).` : ""].filter(Boolean).join(" ")
  const verdictTable = guardrailRows.length > 0 ? table(["scenario", "guardrail", "verdict", "measured"], guardrailRows) : { md: "", html: "" }
  out.push({ title: "Summary and verdict", md: [para(verdictText).md, verdictTable.md].filter(Boolean).join("\n\n"), html: para(verdictText).html + verdictTable.html })

  // Parameter diff
  const diff = parameterDiff(exp)
  const diffTable = diff.rows.length > 0 ? table(["parameter", ...diff.columns], diff.rows) : undefined
  out.push({
    title: "Parameters compared",
    md: diffTable ? diffTable.md : para("No variants or sweep: a single scenario with the parameters in the experiment file.").md,
    html: diffTable ? diffTable.html : para("No variants or sweep: a single scenario with the parameters in the experiment file.").html
  })

  // Key metrics
  const keyRows = input.keyMetrics.flatMap((metric) =>
    summary.scenarios.map((s, i) => {
      const m = s.metrics.find((x) => x.metric === metric)
      const base = summary.scenarios[0]!.metrics.find((x) => x.metric === metric)
      // Medians lead: a few collapsed runs drag a mean anywhere, and the median is what a typical run sees.
      const change = i === 0 || !m || !base || base.p50 === 0 ? "" : `${m.p50 >= base.p50 ? "+" : ""}${formatNumber((100 * (m.p50 - base.p50)) / Math.abs(base.p50))}%`
      return [m?.basins ? `${metric} *` : metric, s.scenario, formatNumber(m?.p50 ?? Number.NaN), formatNumber(m?.p5 ?? Number.NaN), formatNumber(m?.p95 ?? Number.NaN), formatNumber(m?.mean ?? Number.NaN), change]
    })
  )
  const keyTable = table(["metric (final epoch)", "scenario", "median", "p5", "p95", "mean", `median vs ${summary.scenarios[0]?.scenario ?? ""}`], keyRows)
  const splits = input.keyMetrics.flatMap((metric) =>
    summary.scenarios.flatMap((s) => {
      const m = s.metrics.find((x) => x.metric === metric)
      return m?.basins ? [`${s.scenario}: ${describeBasins(metric, m.basins, formatNumber)}.`] : []
    })
  )
  const splitText = splits.length > 0 ? para(`* Runs split into separate outcomes, so the median and mean fall between them: ${splits.join(" ")}`) : { md: "", html: "" }
  out.push({ title: "Key metrics at the final epoch", md: [keyTable.md, splitText.md].filter(Boolean).join("\n\n"), html: keyTable.html + splitText.html })

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
  const chartMd = [
    ...(keyTableOf ? [`${keyIntro.md}\n\n${keyTableOf.md}`] : []),
    ...input.charts.map((c) => `### ${md(c.title)}\n\n\`${c.metric}\`: ${md(c.description)} Median across runs (line) and 5-95% band (area). Data: [${c.csv}](${c.csv})\n\n![${md(c.title)}](${c.file})`)
  ].join("\n\n")
  const chartHtml = [
    ...(keyTableOf ? [keyIntro.html + keyTableOf.html] : []),
    ...input.charts.map(
      (c) =>
        `<figure class="chart" data-metric="${escapeHtml(c.metric)}"><figcaption><strong>${escapeHtml(c.title)}</strong> (<code>${escapeHtml(c.metric)}</code>): ${escapeHtml(c.description)} Median across runs (line) and 5-95% band (area). <a href="${escapeHtml(c.csv)}">data</a></figcaption>${c.svg}</figure>`
    )
  ].join("\n")
  out.push({ title: "Key metrics over time", md: chartMd, html: chartHtml })

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
    const rows = summary.sensitivity
      .filter((s) => input.keyMetrics.includes(s.metric))
      .flatMap((s) => s.ranking.map((r, i) => [i === 0 ? s.metric : "", r.parameter, formatNumber(r.src), i === 0 ? formatNumber(s.r2) : ""]))
    const t = table(["metric", "parameter", "standardized regression coefficient", "R^2"], rows)
    out.push({ title: "Sensitivity", md: `${para("Which parameters move each metric most, across all runs (SRC: standard deviations of the metric per standard deviation of the parameter).").md}\n\n${t.md}`, html: para("Which parameters move each metric most, across all runs (SRC: standard deviations of the metric per standard deviation of the parameter).").html + t.html })
  }

  // Reproduce
  const repro = table(["", ""], [
    ["command", input.command],
    ["experiment hash", summary.hash],
    ["seed", String(summary.seed)],
    ["runs x epochs", `${summary.runs} x ${summary.epochs}`],
    ["model", summary.model],
    ["incentive-sandbox version", input.version],
    ["generated", input.date]
  ])
  out.push({ title: "Reproduce this report", md: `${para("Anyone can regenerate every number and chart from the experiment file:").md}\n\n${repro.md}`, html: para("Anyone can regenerate every number and chart from the experiment file:").html + repro.html })
  return out
}

/** The report as Markdown (charts referenced as files under charts/). */
export const reportMarkdown = (input: ReportInput): string => {
  const env = input.exp.envelope
  const parts = [`# ${md(env.name)}`, ...(env.description ? [md(env.description)] : []), ...sections(input).map((s) => `## ${s.title}\n\n${s.md}`)]
  return parts.join("\n\n") + "\n"
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f4f4f4}figure.chart{margin:1.5em 0}figcaption{font-size:14px;margin-bottom:.5em}
figure.chart svg{max-width:100%;height:auto}h1{font-size:1.8em}`

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
${sections(input).map((s) => `<section><h2>${escapeHtml(s.title)}</h2>\n${s.html}</section>`).join("\n")}
</body>
</html>
`
}
