/**
 * The import graph of a source tree and the architecture's rules over it. A rule is a function
 * from the graph to its violations ("file -> import: why"); test/architecture/architecture.test.ts
 * runs every rule on the repository (none may be broken) and on a fixture tree that breaks each
 * one (each must say so), so a rule that cannot fail is caught too.
 *
 * Imports are read with a regular expression over `import ... from "x"`, `export ... from "x"`
 * and `import("x")` with a plain string: enough for this code base, where every import is
 * written that way (template imports, the registries' way of finding models, are not edges).
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"

/** One import of one file. */
export interface Edge {
  /** Importing file, relative to the tree's root, with forward slashes. */
  readonly from: string
  /** The imported file (relative to the root) for a relative import; the specifier for a package. */
  readonly to: string
  /** `import type` / `export type`: gone at run time. */
  readonly typeOnly: boolean
}

export interface Graph {
  readonly files: ReadonlyArray<string>
  readonly edges: ReadonlyArray<Edge>
  readonly text: (file: string) => string
}

const SOURCE = /\.(ts|tsx|mts)$/
const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm

const walk = (root: string, dir: string, skip: ReadonlySet<string>): Array<string> =>
  readdirSync(join(root, dir)).flatMap((name) => {
    const rel = dir === "" ? name : `${dir}/${name}`
    if (skip.has(rel) || name === "node_modules") return []
    return statSync(join(root, rel)).isDirectory() ? walk(root, rel, skip) : SOURCE.test(name) ? [rel] : []
  })

/** The graph of every source file under `dirs` of `root` (paths relative to root). */
export const importGraph = (root: string, dirs: ReadonlyArray<string>, skip: ReadonlyArray<string> = []): Graph => {
  const files = dirs.flatMap((d) => walk(root, d, new Set(skip)))
  const texts = new Map(files.map((f) => [f, readFileSync(join(root, f), "utf8")]))
  const edges: Array<Edge> = []
  for (const [file, text] of texts) {
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[4]!
      const typeOnly = m[2] !== undefined
      const to = spec.startsWith(".") ? relative(root, resolve(root, dirname(file), spec)).split(sep).join("/") : spec
      edges.push({ from: file, to, typeOnly })
    }
  }
  return { files, edges, text: (f) => texts.get(f) ?? "" }
}

/** A named rule and its violations on a graph. */
export interface Rule {
  readonly name: string
  readonly why: string
  readonly check: (g: Graph) => ReadonlyArray<string>
}

const under = (path: string, dir: string) => path.startsWith(`${dir}/`)
const show = (e: Edge) => `${e.from} -> ${e.to}`

/** Import circles among `files` (value imports only), each as its list of files. */
export const cycles = (g: Graph, within: (f: string) => boolean): Array<Array<string>> => {
  const out = new Map<string, Array<string>>()
  for (const e of g.edges) if (!e.typeOnly && within(e.from) && within(e.to)) out.set(e.from, [...(out.get(e.from) ?? []), e.to])
  const found: Array<Array<string>> = []
  const seen = new Set<string>()
  const state = new Map<string, "open" | "done">()
  const stack: Array<string> = []
  const visit = (f: string) => {
    state.set(f, "open")
    stack.push(f)
    for (const t of out.get(f) ?? []) {
      if (state.get(t) === "open") {
        const loop = stack.slice(stack.indexOf(t))
        const key = [...loop].sort().join(",")
        if (!seen.has(key)) seen.add(key), found.push(loop)
      } else if (!state.has(t)) visit(t)
    }
    stack.pop()
    state.set(f, "done")
  }
  for (const f of [...out.keys()].sort()) if (!state.has(f)) visit(f)
  return found
}

/** The model folders of models/ (not the shared libraries). */
const modelDir = (f: string): string | undefined => {
  const m = /^models\/([^/]+)\//.exec(f)
  return m && m[1] !== "mechanisms" && m[1] !== "common" ? m[1] : undefined
}

/** A source file may run to this many lines; beyond, its header says why (`Length: ...`). */
export const MAX_LINES = 300

/**
 * The reason a long file gives in its header: a `Length:` line of a few words inside the
 * leading comment (before the first line of code), e.g. `// Length: one algorithm, read whole`.
 */
export const lengthReason = (text: string): string | undefined => {
  for (const line of text.split("\n")) {
    const t = line.trim()
    if (t !== "" && !t.startsWith("//") && !t.startsWith("/*") && !t.startsWith("*")) return undefined
    const m = /^(?:\/\/|\/?\*+)\s*Length:\s*(.+)$/.exec(t)
    if (m && m[1]!.trim().split(/\s+/).length >= 3) return m[1]!.trim()
  }
  return undefined
}

const lineCount = (text: string): number => text.split("\n").length - (text.endsWith("\n") ? 1 : 0)

/**
 * Models built out of other models, and the models each one builds on: `network` is gpu-network
 * and ai-verification in one world (issue 16), so it reuses their worlds, parameters and
 * systems. Every other model stands alone.
 */
export const COMPOSED: Readonly<Record<string, ReadonlyArray<string>>> = { network: ["gpu-network", "ai-verification"] }

/** The backends' implementations and the layer that chooses among them (src/experiment/backends/). */
const BACKEND_IMPLEMENTATIONS = /^src\/experiment\/backends\/(Backend|Backends|InProcess|WorkerThreads|QueueBackend|Coordinator|ThreadPool)\.ts$/

/** The package's entry points, the only way an example (a model outside models/) reaches the sandbox. */
const PACKAGE_ENTRIES = new Set(["incentive-sandbox", "incentive-sandbox/kit", "incentive-sandbox/kit/runtime"])

export const RULES: ReadonlyArray<Rule> = [
  {
    name: "models import src/ only through the kit",
    why: "a model builds on the engine and field helpers the kit re-exports, never on the experiment pipeline, analysis, CLI, reports or TUI",
    check: (g) => g.edges.filter((e) => under(e.from, "models") && under(e.to, "src") && !under(e.to, "src/kit")).map(show)
  },
  {
    name: "a model imports no other model's code",
    why: "models are plugins: each builds on the kit, its own folder and the shared libraries (models/mechanisms, models/common), which import no model; a model composed of others (COMPOSED) builds on those",
    check: (g) =>
      g.edges
        .filter((e) => under(e.from, "models") && modelDir(e.to) !== undefined && modelDir(e.to) !== modelDir(e.from))
        .filter((e) => !(COMPOSED[modelDir(e.from) ?? ""] ?? []).includes(modelDir(e.to)!))
        .map(show)
  },
  {
    name: "examples reach the sandbox through the package's entry points only",
    why: "an example is a model or script outside the repository's models/: it imports incentive-sandbox, incentive-sandbox/kit or incentive-sandbox/kit/runtime, never src/ by path",
    check: (g) =>
      g.edges
        .filter((e) => under(e.from, "examples") && (under(e.to, "src") || under(e.to, "models") || (e.to.startsWith("incentive-sandbox") && !PACKAGE_ENTRIES.has(e.to))))
        .map(show)
  },
  {
    name: `a source file over ${MAX_LINES} lines says why in its header`,
    why: "one rule, one file: a long file is split by rule, or its header states the reason it reads best whole (`Length: ...`)",
    check: (g) =>
      g.files
        .filter((f) => lineCount(g.text(f)) > MAX_LINES && lengthReason(g.text(f)) === undefined)
        .map((f) => `${f}: ${lineCount(g.text(f))} lines and no \`Length:\` reason in its header`)
  },
  {
    name: "the engine imports only the engine",
    why: "src/engine is the bottom layer: the loop, columns, ledger, recorder, random numbers",
    check: (g) => g.edges.filter((e) => under(e.from, "src/engine") && (under(e.to, "src") || under(e.to, "models")) && !under(e.to, "src/engine")).map(show)
  },
  {
    name: "the kit re-exports the engine, field helpers and safe expressions only",
    why: "models must not reach the pipeline through the kit",
    check: (g) =>
      g.edges
        .filter((e) => under(e.from, "src/kit") && (under(e.to, "src") || under(e.to, "models")))
        .filter((e) => !under(e.to, "src/engine") && !under(e.to, "src/kit") && e.to !== "src/experiment/Fields.ts" && e.to !== "src/analysis/SafeExpression.ts")
        .map(show)
  },
  {
    name: "reports import neither the CLI nor the TUI",
    why: "the CLI is the top layer; reports are built from results and used by it",
    check: (g) => g.edges.filter((e) => under(e.from, "src/report") && (under(e.to, "src/cli") || under(e.to, "src/tui"))).map(show)
  },
  {
    name: "src/ imports no model's code",
    why: "src/ names no model: models are found by the registry and declare what generic code needs; only the formula library (models/mechanisms) is shared",
    check: (g) => g.edges.filter((e) => under(e.from, "src") && modelDir(e.to) !== undefined).map(show)
  },
  {
    name: "no system imports an attack",
    why: "attacks act by writing world data the systems read (gpu-network's world.attackEffects); only their state module is shared",
    check: (g) =>
      g.edges
        .filter((e) => modelDir(e.from) !== undefined && /\/attacks\//.test(e.to) && !/\/attacks\//.test(e.from) && !e.to.endsWith("/attacks/state.ts") && !/\/runtime\.ts$/.test(e.from))
        .map(show)
  },
  {
    name: "a world imports systems' state modules only",
    why: "each system's state is a leaf module, so world.ts and the systems never import each other in a circle",
    check: (g) => g.edges.filter((e) => /^models\/[^/]+\/world\.ts$/.test(e.from) && /\/systems\//.test(e.to) && !e.to.endsWith("/state.ts")).map(show)
  },
  {
    name: "the library imports neither the CLI nor the TUI",
    why: "the CLI is argument parsing and printing over the library (src/library), which scripts use without either",
    check: (g) => g.edges.filter((e) => under(e.from, "src/library") && (under(e.to, "src/cli") || under(e.to, "src/tui"))).map(show)
  },
  {
    name: "backends are reached through the Runner",
    why: "where runs happen is a layer the Runner takes (runnerLayer, chosen once from a command's options): no command, library call or pipeline step picks or drives a backend itself",
    check: (g) =>
      g.edges
        .filter((e) => BACKEND_IMPLEMENTATIONS.test(e.to) && !under(e.from, "src/experiment/backends") && e.from !== "src/experiment/Runner.ts")
        .map(show)
  },
  {
    name: "no import circles in src/ or models/",
    why: "a circle makes load order matter and layers meaningless",
    check: (g) => cycles(g, (f) => under(f, "src") || under(f, "models")).map((c) => [...c, c[0]].join(" -> "))
  }
]
