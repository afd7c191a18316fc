/**
 * The library's parameter reference, imported from the package entry as a script does:
 * `parameterReference()` is what `sandbox params` prints; `describeModel` gives a model's
 * parameters and metrics as data, for a built-in model by name and for an experiment's model
 * outside the repository, and refuses an unknown name.
 */
import { describe, expect, it } from "vitest"
import { describeModel, experimentFields, InvalidArgument, loadExperiment, models, parameterReference } from "incentive-sandbox"
import { sandbox } from "../support/cli.ts"

describe("library parameter reference (from the package entry)", () => {
  it("is what sandbox params prints, every model's parameters and metrics in it", async () => {
    const cli = await sandbox(["params"])
    expect(cli.code, cli.stderr).toBe(0)
    const doc = parameterReference()
    expect(cli.stdout).toBe(`${doc.trimEnd()}\n`)
    expect(experimentFields().map((f) => f.path)).toEqual(expect.arrayContaining(["seed", "runs", "epochs"]))
    for (const name of Object.keys(models)) {
      const r = describeModel(name)
      expect(r.name).toBe(name)
      expect(r.parameters.length, name).toBeGreaterThan(0)
      for (const p of r.parameters) expect(doc, `${name} ${p.path}`).toContain(`\`${p.path}\``)
      // The key metrics are the report's defaults, each recorded by the model.
      expect(r.metrics.filter((m) => m.key).map((m) => m.name).sort(), name).toEqual([...models[name]!.reportMetrics].sort())
    }
  })

  it("describes an experiment's model outside the repository, and refuses an unknown name", async () => {
    const exp = await loadExperiment("examples/staking-pool.yaml", { runs: 1, epochs: 2 })
    const r = describeModel(exp)
    expect(r.parameters.find((p) => p.path === "params.token.emissionPerEpoch")?.default).toBe("2000")
    expect(r.metrics.map((m) => m.name)).toContain("stakedRatio")
    expect(() => describeModel("no-such-model")).toThrow(InvalidArgument)
    expect(() => describeModel("toString")).toThrow(/unknown model "toString"; known: /)
  })
})
