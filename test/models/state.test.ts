/**
 * Each model's account of its world's size (Model.state), held to the world it builds: the
 * limits refuse `operators.count: 1e9` on this account before anything is allocated (issue 22,
 * 2), so an account that drifted from the code (a new column, a new matrix) would let a plan
 * through that runs out of memory. Each model is built large enough for its populations to
 * dominate, run for two epochs (scratch grows on first use), and every typed array reachable
 * from its world is counted.
 */
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { stateBytes } from "../../src/engine/Model.ts"
import { Stepper } from "../../src/engine/Simulation.ts"
import { models } from "../../src/experiment/ModelRegistry.ts"

/** Bytes of every typed array reachable from `root` (each buffer once), leaving out the metric recorder. */
const reachableBytes = (root: object, skip: ReadonlySet<unknown>): number => {
  const seen = new Set<unknown>()
  const buffers = new Set<ArrayBufferLike>()
  const stack: Array<unknown> = [root]
  while (stack.length > 0) {
    const x = stack.pop()
    if (x === null || typeof x !== "object" || seen.has(x) || skip.has(x)) continue
    seen.add(x)
    if (ArrayBuffer.isView(x)) {
      buffers.add(x.buffer)
      continue
    }
    if (x instanceof Map) for (const [k, v] of x) stack.push(k, v)
    else if (x instanceof Set) for (const v of x) stack.push(v)
    else for (const v of Object.values(x)) stack.push(v)
  }
  let bytes = 0
  for (const b of buffers) bytes += b.byteLength
  return bytes
}

const big: Record<string, unknown> = {
  "gpu-network": {
    token: { initialSupply: 1e15 },
    operators: { count: 20_000 },
    validators: { count: 5_000 },
    demand: { kind: "agents", agents: { users: 50_000 } },
    slashing: { downtime: true, signedWindow: 50, inactivityLeak: true }
  },
  network: { token: { initialSupply: 1e15 }, operators: { count: 20_000 }, work: { contributors: { count: 1_000 }, validators: { count: 200 } } },
  "ai-verification": { contributors: { count: 2_000 }, validators: { count: 200 }, verification: { strategy: "yuma" }, token: { initialSupply: 1e15 } },
  "governance-capture": { holders: { count: 200_000 } },
  subnets: { subnets: { count: 64 }, validators: { count: 64 }, miners: { slots: 64 }, stakers: { count: 2_000 } },
  attribution: { datanets: { count: 64, contributors: 1_000 } }
}

describe("Model.state: the memory estimate of each model against the world it builds", () => {
  for (const [name, input] of Object.entries(big)) {
    it(`${name}: the declared bytes are within a factor 1.25 of the world's typed arrays`, () => {
      const model = models[name]!
      const params = Schema.decodeUnknownSync(model.params)(input)
      const declared = stateBytes(model, params)
      const stepper = new Stepper(model, params, { epochs: 2, seed: 7 })
      stepper.step()
      stepper.step()
      const measured = reachableBytes(stepper.world, new Set([stepper.recorder]))
      expect(measured).toBeGreaterThan(2 * 1024 * 1024) // large enough that the populations dominate
      expect(declared / measured, `${name}: declared ${declared}, measured ${measured}`).toBeGreaterThan(1 / 1.25)
      expect(declared / measured, `${name}: declared ${declared}, measured ${measured}`).toBeLessThan(1.25)
    })
  }

  it("every bundled model gives an account", () => {
    for (const [name, model] of Object.entries(models)) expect(model.state, name).toBeTypeOf("function")
  })
})
