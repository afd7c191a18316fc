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
import { importGraph, RULES } from "./importGraph.ts"

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
    "models/toy/index.ts": 'import { field } from "../../src/experiment/Fields.ts"\n',
    "models/toy/world.ts": 'import { tick } from "./systems/market.ts"\n',
    "models/toy/systems/market.ts": 'import { grief } from "./attacks/griefing.ts"\n',
    "models/toy/systems/attacks/griefing.ts": ""
  }
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(breach, dirname(f)), { recursive: true })
    writeFileSync(join(breach, f), text)
  }
  const broken = importGraph(breach, ["src", "models"])

  it.each(RULES.map((r) => [r.name, r] as const))("fails on a breach: %s", (_name, rule) => {
    expect(rule.check(broken).length).toBeGreaterThan(0)
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
  }, 120_000)
})
