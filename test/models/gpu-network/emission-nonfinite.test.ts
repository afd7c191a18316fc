/** An emission formula that gives NaN or Infinity fails the run with its epoch, never mints 0 silently (issue 22, 10). */
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { models } from "../../../src/experiment/ModelRegistry.ts"
import { decodeExperiment } from "../../../src/experiment/Decode.ts"
import { planRuns } from "../../../src/experiment/Plan.ts"
import { runOne } from "../../../src/experiment/RunOne.ts"

const runWith = (expression: string) => {
  const yaml = `name: t\nruns: 1\nepochs: 5\nparams:\n  token:\n    emission:\n      kind: expression\n      expression: "${expression}"\n`
  const exp = decodeExperiment("t.yaml", yaml)
  if (Either.isLeft(exp)) throw new Error(JSON.stringify(exp.left))
  return runOne(models["gpu-network"]!, 5, planRuns(exp.right)[0]!)
}

describe("emission expression", () => {
  it.each(["(epoch - 2) / (epoch - 2)", "1000 / (epoch - 2)"])("%s fails the run at epoch 2, naming the formula", (expression) => {
    const o = runWith(expression)
    expect(o._tag).toBe("Failed")
    if (o._tag === "Failed") expect(o.error).toMatch(new RegExp(`token\\.emission\\.expression ".*" gives (NaN|-?Infinity) at epoch 2 \\(supply `))
  })
  it("a negative value still mints nothing, as documented", () => {
    expect(runWith("-5")._tag).toBe("Completed")
  })
})
