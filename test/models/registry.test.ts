/**
 * The model registries agree, and every model keeps the contract's declarations (attacks,
 * report and headline metrics, panels) true to the metrics it records.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { getPath } from "../../src/engine/ParamPath.ts"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { runtimeFor } from "../../src/experiment/RuntimeRegistry.ts"
import { attackMetric, metricDefs } from "../../src/engine/Model.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { ROOT } from "../support/cli.ts"

describe("model registry", () => {
  it("is found: every folder of models/ with an index.ts is a model, named after its folder", () => {
    const folders = readdirSync(`${ROOT}models`, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(`${ROOT}models/${d.name}/index.ts`))
    expect(Object.keys(models).sort()).toEqual(folders.map((d) => d.name).sort())
    for (const [name, model] of Object.entries(models)) expect(model.name).toBe(name)
  })

  it.each(Object.keys(models))("%s: the runtime worker threads load has the definition's systems and metrics", async (name) => {
    const runtime = await runtimeFor(name)
    expect(runtime.systems).toBe(models[name]!.systems)
    expect(runtime.metrics).toBe(models[name]!.metrics)
  })

  it("an unknown name is refused", async () => {
    await expect(runtimeFor("no-such-model")).rejects.toThrow(/unknown model "no-such-model"/)
    await expect(runtimeFor("../etc")).rejects.toThrow(/unknown model/)
  })
})

describe("the model contract's declarations", () => {
  // Decode each model's defaults plus the experiments that use it, so attacks that exist only
  // under some parameters (gpu-network's params.attacks, governance's attackers) are declared.
  const samples = sampleParams()

  it.each(Object.keys(models))("%s: every declared attack reports the outcome metrics, and every attack.<name>.* group is declared", (name) => {
    const model = models[name]!
    for (const params of samples.get(name) ?? []) {
      const metrics = metricDefs(model, params).map((d) => d.name)
      const declared = (model.attacks?.(params) ?? []).map((a) => a.name)
      for (const a of declared) for (const f of ["cost", "profit", "success"] as const) expect(metrics).toContain(attackMetric(a, f))
      const reported = [...new Set(metrics.flatMap((m) => /^attack\.(.+)\.success$/.exec(m)?.[1] ?? []))]
      // governance-capture records its attack's metrics even without an attacker (kind none).
      expect(declared.every((a) => reported.includes(a))).toBe(true)
      if (declared.length > 0) expect(reported.sort()).toEqual([...declared].sort())
    }
  })

  it.each(Object.keys(models))("%s: launchable attacks name a numeric parameter path holding their start epoch", (name) => {
    const model = models[name]!
    for (const params of samples.get(name) ?? []) {
      for (const a of model.attacks?.(params) ?? []) {
        if (a.startEpochPath === undefined) continue
        expect(getPath(params, a.startEpochPath)).toBe(a.startEpoch)
      }
    }
  })

  it.each(Object.keys(models))("%s: report and headline metrics exist", (name) => {
    const model = models[name]!
    for (const params of samples.get(name) ?? []) {
      const metrics = metricDefs(model, params).map((d) => d.name)
      for (const m of [...model.reportMetrics, ...model.headline]) expect(metrics).toContain(m)
    }
  })
})

function sampleParams(): Map<string, Array<unknown>> {
  const out = new Map<string, Array<unknown>>()
  for (const [name, model] of Object.entries(models)) out.set(name, [Schema.decodeUnknownSync(model.params)({})])
  const dir = `${ROOT}experiments`
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    const decoded = decodeExperiment(file, readFileSync(`${dir}/${file}`, "utf8"), { runs: 1 })
    // Experiments with data files need the loader (test/experiments/smoke.test.ts runs them all).
    if (Either.isLeft(decoded)) continue
    for (const spec of planRuns(decoded.right)) out.get(decoded.right.envelope.model)!.push(spec.params)
  }
  return out
}
