/**
 * The architecture as a test: every layer rule of test/architecture/importGraph.ts holds on the
 * repository, each one fails on a tree built to break it (so no rule passes for want of
 * checking), and the worker threads' bundle holds no effect/Schema (esbuild's metafile).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { build } from "esbuild"
import { afterAll, describe, expect, it } from "vitest"
import { ROOT } from "../support/cli.ts"
import { importGraph, lengthReason, MAX_LINES, RULES } from "./importGraph.ts"

describe("architecture", () => {
  const repo = importGraph(ROOT, ["src", "models", "examples"])

  it("reads the repository's imports", () => {
    expect(repo.files.length).toBeGreaterThan(150)
    expect(repo.edges.some((e) => e.from === "models/gpu-network/world.ts" && e.to === "models/gpu-network/systems/attacks/state.ts")).toBe(true)
  })

  it.each(RULES.map((r) => [r.name, r] as const))("holds: %s", (_name, rule) => {
    expect(rule.check(repo)).toEqual([])
  })

  // A tree that breaks every rule once.
  const breach = mkdtempSync(join(tmpdir(), "architecture-breach-"))
  afterAll(() => rmSync(breach, { recursive: true, force: true }))
  const files: Record<string, string> = {
    "src/engine/Model.ts": 'import { x } from "../experiment/Runner.ts"\n',
    "src/experiment/Runner.ts": 'import { y } from "./Store.ts"\n',
    "src/experiment/Store.ts": 'import { z } from "./Runner.ts"\nimport { m } from "../../models/toy/index.ts"\n',
    "src/experiment/Fields.ts": "",
    "src/kit/index.ts": 'export * from "../cli/format.ts"\n',
    "src/cli/format.ts": "",
    "src/report/Report.ts": 'import { formatNumber } from "../cli/format.ts"\n',
    "src/cli/commands/sweep.ts": 'import { distributedOutcomes } from "../../experiment/backends/Coordinator.ts"\n',
    "src/library/index.ts": 'import { makeProgressBar } from "../cli/ProgressBar.ts"\n',
    "models/toy/index.ts": 'import { field } from "../../src/experiment/Fields.ts"\n',
    "models/toy/world.ts": 'import { tick } from "./systems/market.ts"\n',
    "models/toy/systems/market.ts": 'import { grief } from "./attacks/griefing.ts"\n',
    "models/toy/systems/attacks/griefing.ts": "",
    "models/toy/runtime.ts": 'import { other } from "../other/world.ts"\n',
    // A composed model may build on the models it names, and on no other.
    "models/network/world.ts": 'import { g } from "../gpu-network/world.ts"\nimport { o } from "../other/world.ts"\n',
    "models/other/world.ts": "",
    "models/mechanisms/tally.ts": 'import { w } from "../toy/world.ts"\n',
    "examples/pool/runtime.ts": 'import { Population } from "../../src/engine/Population.ts"\nimport { x } from "incentive-sandbox/src/engine/Rng.ts"\n',
    // One line over the limit, with a header that gives no reason.
    "src/experiment/Long.ts": `/** A long file. */\n${"export const x = 1\n".repeat(MAX_LINES)}`
  }
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(breach, dirname(f)), { recursive: true })
    writeFileSync(join(breach, f), text)
  }
  const broken = importGraph(breach, ["src", "models", "examples"])

  it.each(RULES.map((r) => [r.name, r] as const))("fails on a breach: %s", (_name, rule) => {
    expect(rule.check(broken).length).toBeGreaterThan(0)
  })

  it("lets a composed model build on the models it names only", () => {
    const rule = RULES.find((r) => r.name === "a model imports no other model's code")!
    expect(rule.check(broken).filter((v) => v.startsWith("models/network/"))).toEqual(["models/network/world.ts -> models/other/world.ts"])
  })

  it(`refuses a file over ${MAX_LINES} lines unless its header says why`, () => {
    const rule = RULES.find((r) => r.name.includes(`over ${MAX_LINES} lines`))!
    const body = "export const x = 1\n".repeat(MAX_LINES)
    const graphOf = (text: string) => ({ files: ["src/a.ts"], edges: [], text: () => text })
    expect(rule.check(graphOf(`/** A long file. */\n${body}`))).toEqual([`src/a.ts: ${MAX_LINES + 1} lines and no \`Length:\` reason in its header`])
    expect(rule.check(graphOf(`${body}export const z = 3\n`))).toHaveLength(1)
    // Exactly the limit passes; a reason in the leading comment passes, in either comment style.
    expect(rule.check(graphOf(body.slice("export const x = 1\n".length) + "// end\n"))).toEqual([])
    expect(rule.check(graphOf(`/**\n * A long file.\n * Length: one algorithm that reads best whole.\n */\n${body}`))).toEqual([])
    expect(rule.check(graphOf(`// Length: one algorithm that reads best whole.\n${body}`))).toEqual([])
    // A reason after the first line of code, or of one word, is no reason.
    expect(rule.check(graphOf(`export const y = 2\n// Length: one algorithm that reads best whole.\n${body}`))).toHaveLength(1)
    expect(lengthReason("// Length: long\nexport {}\n")).toBeUndefined()
  })

  it("keeps effect/Schema out of the worker threads' bundle", async () => {
    const r = await build({
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      write: false,
      metafile: true,
      logLevel: "silent",
      absWorkingDir: ROOT,
      external: ["bullmq", "ioredis", "mathjs", "tsx", "@duckdb/*"],
      entryPoints: ["src/experiment/backends/worker.ts"],
      outfile: join(breach, "worker.mjs")
    })
    const inputs = Object.keys(r.metafile.inputs)
    expect(inputs.some((i) => i.includes("models/gpu-network/systems"))).toBe(true)
    expect(inputs.filter((i) => /effect\/dist\/esm\/(Schema|SchemaAST|ParseResult)\.js$/.test(i))).toEqual([])
  })
})
