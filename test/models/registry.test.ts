import { describe, expect, it } from "vitest"
import { models } from "../../models/index.ts"
import { runtimes } from "../../models/runtime.ts"

describe("model registries", () => {
  it("the worker threads' runtime registry holds every model experiments can name, with the same systems", () => {
    expect(Object.keys(runtimes).sort()).toEqual(Object.keys(models).sort())
    for (const [name, model] of Object.entries(models)) {
      expect(runtimes[name]!.systems).toBe(model.systems)
      expect(runtimes[name]!.metrics).toBe(model.metrics)
    }
  })
})
