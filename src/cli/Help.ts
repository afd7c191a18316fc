/**
 * Help: `sandbox --help` and `sandbox <command> --help`, and "did you mean" for an unknown
 * command. Option and argument descriptions come from the commands themselves (@effect/cli's
 * help document); this adds what that help lacks: a usage line that starts with `sandbox`, a
 * list of commands, examples per command, no generic type sentences ("A user-defined piece of
 * text."), and no colour codes when the output is not a terminal.
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Usage from "@effect/cli/Usage"
import { closest } from "../experiment/Suggest.ts"
import { checkCommand } from "./commands/check.ts"
import { mechanismCommand } from "./commands/mechanism.ts"
import { paramsCommand } from "./commands/params.ts"
import { reportCommand } from "./commands/report.ts"
import { fitCommand } from "./commands/fit.ts"
import { optimizeCommand } from "./commands/optimize.ts"
import { queryCommand } from "./commands/query.ts"
import { robustnessCommand } from "./commands/robustness.ts"
import { runCommand } from "./commands/run.ts"
import { sweepCommand } from "./commands/sweep.ts"
import { tuiCommand } from "./commands/tui.ts"
import { workerCommand } from "./commands/worker.ts"

interface Entry {
  readonly command: Command.Command<any, any, any, any>
  readonly summary: string
  readonly examples: ReadonlyArray<readonly [string, string]>
}

/** Every command, in the order `sandbox --help` lists them, with a one-line summary and examples. */
export const COMMANDS: Readonly<Record<string, Entry>> = {
  run: {
    command: runCommand,
    summary: "Run an experiment and print the summary of its metrics across runs.",
    examples: [
      ["sandbox run experiments/default.yaml", "summary table of the final values"],
      ["sandbox run experiments/ab-emission-cut.yaml", "an A/B: one table, side by side, with the change"],
      ["sandbox run experiments/ab-emission-cut.yaml --metrics price,exitsSmall", "only the metrics of your question (--metrics all: every one)"],
      ["sandbox run experiments/default.yaml --runs 50 --seed 7 --out out/base", "more runs, another seed, and the CSV files"],
      ["sandbox run experiments/default.yaml --json", "the summary as JSON on stdout"]
    ]
  },
  sweep: {
    command: sweepCommand,
    summary: "Run every scenario of a sweep and its variants, in parallel, resumably.",
    examples: [
      ["sandbox sweep experiments/emission-sweep.yaml", "every point on all cores, stored as it finishes"],
      ["sandbox sweep experiments/emission-sweep.yaml --metrics price,exitsSmall", "the table's columns: the metrics of your question"],
      ["sandbox sweep experiments/emission-sweep.yaml --resume", "continue after Ctrl-C"],
      ["sandbox sweep big.yaml --queue redis://localhost:6379", "distributed: workers run `sandbox worker`"]
    ]
  },
  report: {
    command: reportCommand,
    summary: "Run an experiment and write a governance report (Markdown with PNG charts, self-contained HTML).",
    examples: [
      ["sandbox report experiments/ab-emission-cut.yaml", "writes reports/ab-emission-cut/"],
      ["sandbox report experiments/ab-emission-cut.yaml --metrics price,activeOperators --out reports/price", "lead with the metrics of your question"]
    ]
  },
  robustness: {
    command: robustnessCommand,
    summary: "Re-run an A/B across its assumptions' plausible ranges: does each conclusion hold, and where does it flip?",
    examples: [["sandbox robustness experiments/ab-emission-cut.yaml", "the A/B at 16 points of its assumptions"]]
  },
  query: {
    command: queryCommand,
    summary: "Ask a result directory a question in SQL (DuckDB): tables metrics, series, attacks, runs, scenarios.",
    examples: [["sandbox query out/base \"select metric, median(value) from metrics where epoch = 364 group by 1\"", "final medians per metric"]]
  },
  optimize: {
    command: optimizeCommand,
    summary: "Search declared parameter bounds for settings that pass every guardrail and optimize the objectives (CMA-ES, NSGA-II).",
    examples: [["sandbox optimize experiments/optimize-emission.yaml", "emission settings that pass the guardrails"]]
  },
  fit: {
    command: fitCommand,
    summary: "Estimate the market's drift, volatility and regimes from a price series, with confidence intervals.",
    examples: [["sandbox fit experiments/data/token-price-synthetic.csv", "market parameters to paste into an experiment"]]
  },
  tui: {
    command: tuiCommand,
    summary: "Watch one run live in the terminal; pause, step, change parameters, export.",
    examples: [["sandbox tui experiments/ab-emission-cut.yaml --scenario proposed", "one scenario of an A/B"]]
  },
  worker: {
    command: workerCommand,
    summary: "Process runs of distributed sweeps from a Redis queue.",
    examples: [["sandbox worker --queue redis://localhost:6379 --concurrency 2", "two runs at a time"]]
  },
  mechanism: {
    command: mechanismCommand,
    summary: "Run one step of one mechanism (emission, slashing, conviction, Yuma...) on a JSON input.",
    examples: [
      ["sandbox mechanism list", "name every mechanism"],
      ["sandbox mechanism yuma --input experiments/inputs/yuma.json", "one Yuma consensus step"]
    ]
  },
  check: {
    command: checkCommand,
    summary: "Validate an experiment file without running it.",
    examples: [["sandbox check experiments/default.yaml", "exit 0, or every problem with its field path and line"]]
  },
  params: {
    command: paramsCommand,
    summary: "Print every experiment field, model parameter and metric with its default and definition (Markdown).",
    examples: [["sandbox params > parameters.md", "the reference (docs/parameters.md)"]]
  }
}

/** @effect/cli's sentences naming an argument's type, which say nothing the usage line does not. */
const GENERIC = new Set(["A user-defined piece of text.", "An integer.", "A true or false value.", "A floating point number.", "This setting is optional."])

const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, "")

const bold = (s: string, color: boolean) => (color ? `\x1b[1m${s}\x1b[0m` : s)

/** The help of one command, or of `sandbox` itself when `name` is undefined. */
export const helpText = (name: string | undefined, color: boolean): string => {
  const entry = name === undefined ? undefined : COMMANDS[name]
  if (entry === undefined) {
    const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length))
    return [
      `${bold("sandbox", color)}: governance and tokenomics stress-test sandbox`,
      "",
      bold("USAGE", color),
      "  sandbox <command> [options]",
      "  sandbox <command> --help     options and examples of one command",
      "",
      bold("COMMANDS", color),
      ...Object.entries(COMMANDS).map(([n, e]) => `  ${n.padEnd(width)}  ${e.summary}`),
      "",
      bold("EXAMPLES", color),
      ...Object.values(COMMANDS).flatMap((e) => e.examples.slice(0, 1)).map(([cmd, what]) => `  ${cmd}\n      ${what}`),
      "",
      "Docs: README.md and docs/ in the repository.",
      ""
    ].join("\n")
  }
  const usage = stripAnsi(HelpDoc.toAnsiText(Usage.getHelp(Command.getUsage(entry.command)))).trim()
  const full = stripAnsi(HelpDoc.toAnsiText(Command.getHelp(entry.command, CliConfig.defaultConfig)))
  // The options every command has (--completions, --log-level, --help, --wizard, --version) follow the command's own.
  const body = full
    .slice(0, full.indexOf("--completions") < 0 ? undefined : full.indexOf("--completions"))
    .split("\n")
    .filter((line) => !GENERIC.has(line.trim()))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^(DESCRIPTION|ARGUMENTS|OPTIONS|COMMANDS)$/gm, (h) => bold(h, color))
  return [
    `${bold(`sandbox ${name}`, color)}: ${entry.summary}`,
    "",
    bold("USAGE", color),
    `  sandbox ${usage}`,
    "",
    body.trim(),
    "",
    bold("EXAMPLES", color),
    ...entry.examples.map(([cmd, what]) => `  ${cmd}\n      ${what}`),
    ""
  ].join("\n")
}

/**
 * What to do before @effect/cli parses: print help (for `--help`/`-h` anywhere before `--`), the
 * version (`sandbox --version`), or refuse an unknown command with the closest one suggested. Undefined: hand over to @effect/cli.
 */
export const preParse = (
  args: ReadonlyArray<string>,
  color: boolean,
  /** The version `sandbox --version` prints (computed only when asked: it hashes the sources). */
  version: () => string = () => "unknown"
): { readonly out?: string; readonly err?: string; readonly code: number } | undefined => {
  const end = args.indexOf("--")
  const own = end < 0 ? args : args.slice(0, end)
  if (own.length === 1 && (own[0] === "--version" || own[0] === "-v")) return { out: `sandbox ${version()}\n`, code: 0 }
  const first = own.find((a) => !a.startsWith("-"))
  const wantsHelp = own.includes("--help") || own.includes("-h")
  if (first !== undefined && first === own[0] && !(first in COMMANDS)) {
    const guess = closest(first, Object.keys(COMMANDS))
    return { err: `error: unknown command "${first}"${guess ? ` (did you mean "${guess}"?)` : ""}; commands: ${Object.keys(COMMANDS).join(", ")}. See sandbox --help`, code: 2 }
  }
  if (wantsHelp) return { out: helpText(first, color), code: 0 }
  if (own.length === 0) return { out: helpText(undefined, color), code: 0 }
  return undefined
}
