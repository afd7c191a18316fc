/**
 * The report's markup (src/report/Report.ts): text escaped for HTML and Markdown, tables,
 * paragraphs and sections that carry both forms at once.
 */
import { createHash } from "node:crypto"
import { formatNumber } from "../format.ts"

/** Escape text for HTML (and for Markdown, whose renderers pass raw HTML through). */
export const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")

/**
 * Escape text for Markdown (a paragraph, a heading or a table cell): HTML escaped, then
 * backslash-escaped brackets, so `[x](javascript:...)`, `![](https://...)` and reference links
 * from an experiment stay text (no link, no remote image); pipes escaped for tables, one line.
 */
export const md = (s: string): string =>
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

export interface Section {
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

export const VERDICT_MD: Readonly<Record<string, string>> = { PASS: "✅ PASS", FAIL: "❌ FAIL", "NO DATA": "⚠️ NO DATA" }

export const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): { md: string; html: string } => ({
  md: [`| ${head.map(md).join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map((c) => VERDICT_MD[c] ?? md(c)).join(" | ")} |`)].join("\n"),
  html: `<table><thead><tr>${head.map((h) => `<th>${cell(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => (c === "PASS" || c === "FAIL" || c === "NO DATA" ? `<td class="${c === "NO DATA" ? "nodata" : c.toLowerCase()}">${c}</td>` : `<td>${cell(c)}</td>`)).join("")}</tr>`).join("")}</tbody></table>`
})

export const para = (text: string) => ({ md: md(text), html: `<p>${escapeHtml(text)}</p>` })

export const join = (...parts: ReadonlyArray<{ md: string; html: string }>) => ({ md: parts.map((p) => p.md).filter(Boolean).join("\n\n"), html: parts.map((p) => p.html).join("") })

export const pct = (x: number) => (Number.isFinite(x) ? `${formatNumber(100 * x)}%` : "n/a")

/** sha256 (hex) of a text as UTF-8, the bytes the report writes beside itself. */
export const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex")

/** A fenced code block that its content cannot close: the fence is longer than any run of backticks inside. */
export const fence = (text: string): string => {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const f = "`".repeat(longest + 1)
  return `${f}yaml\n${text.replace(/\s+$/, "")}\n${f}`
}
