/**
 * radcad-benchmark: radCAD's own benchmark model (CADLabs/radCAD, tests/test_cases/
 * benchmark_model.py), ported to the sandbox as an example of a user's model.
 *
 * The radCAD model has two state variables, a = 1.0 and b = 2.0, and two blocks per timestep:
 *   block 1: a <- a * |cos(a)|
 *   block 2: five policies each return step_size 1; radCAD sums policy outputs, so
 *            b <- b + 5 * params.a
 * radCAD records the state after every block (substep). Here an epoch is one block: epoch 2t
 * runs block 1 of timestep t + 1 and epoch 2t + 1 runs block 2, and both state variables are
 * recorded every epoch, so 100,000 timesteps are 200,000 epochs with the same records as radCAD's
 * (radCAD also keeps the initial state as a record of its own; here it is `init`'s values).
 * `params.b` exists in radCAD's parameters but no rule reads it; it is kept for the parity of
 * the sweep.
 */
import { defineModel, field, Ledger, Num, PositiveInt, Schema, system, type WorldBase } from "incentive-sandbox/kit"

export const RadcadBenchmarkParams = Schema.Struct({
  a: field(Num, 1, "Step added to b by each policy per timestep (radCAD sweeps 1 and 2)."),
  b: field(Num, 1, "A parameter radCAD's benchmark declares but no update reads."),
  policies: field(PositiveInt, 5, "Policies in block 2, each returning step_size 1 (radCAD sums them)."),
  initialA: field(Num, 1, "State a at timestep 0."),
  initialB: field(Num, 2, "State b at timestep 0.")
})
export type RadcadBenchmarkParams = Schema.Schema.Type<typeof RadcadBenchmarkParams>

export interface RadcadWorld extends WorldBase {
  a: number
  b: number
}

const metrics = [
  { name: "a", description: "State a after this epoch's block." },
  { name: "b", description: "State b after this epoch's block." }
] as const

/** Block 1 on even epochs (a <- a |cos a|), block 2 on odd ones (b <- b + sum of policy steps x a). */
const blocks = system<RadcadWorld, RadcadBenchmarkParams>("blocks", (w, p) => {
  if (w.epoch % 2 === 0) w.a = w.a * Math.abs(Math.cos(w.a))
  else {
    let stepSize = 0
    for (let k = 0; k < p.policies; k++) stepSize += 1
    w.b = w.b + stepSize * p.a
  }
  w.recorder.set(0, w.a)
  w.recorder.set(1, w.b)
})

export const radcadBenchmark = defineModel<RadcadBenchmarkParams, RadcadWorld>({
  name: "radcad-benchmark",
  description: "radCAD's benchmark model: two state variables, two blocks per timestep, five summed policies.",
  params: RadcadBenchmarkParams,
  metrics,
  headline: ["a", "b"],
  reportMetrics: ["a", "b"],
  init: (p, _rng, recorder) => ({ epoch: 0, ledger: new Ledger(0), recorder, a: p.initialA, b: p.initialB }),
  systems: [blocks],
  invariants: () => []
})

export default radcadBenchmark
