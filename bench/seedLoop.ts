/**
 * `npm run bench -- --seed-loop`: the seed-loop part of the benchmark alone (issue 15). The
 * engine bench's 10,000-operator network with 20,000 users as agents (demand.kind agents),
 * coordination.model protocol, operators and validators deciding on their expected margin and
 * operators relocating: the whole loop on. Users count as agents (each one's choice is revisited
 * every epoch). Target: >= 10 million agent-epochs/s, median of the runs after a warm-up.
 */
import * as Schema from "effect/Schema"
import { gpuNetwork } from "../models/gpu-network/index.ts"
import type { GpuWorld } from "../models/gpu-network/world.ts"
import { simulate } from "../src/engine/Simulation.ts"
import { controlNs } from "./scale.ts"
import { atQuietSpeed, rateVerdict, REFERENCE_CONTROL_NS, verdictLine } from "./verdict.ts"

export const LOOP_TARGET = 10_000_000

/** The engine bench's parameters with the seed loop switched on. */
export const seedLoopParams = (base: Schema.Schema.Type<typeof gpuNetwork.params>) => {
  const encoded = Schema.encodeSync(gpuNetwork.params)(base)
  return Schema.decodeUnknownSync(gpuNetwork.params)({
    ...encoded,
    demand: { ...encoded.demand, kind: "agents", agents: { users: 20_000 } },
    coordination: { model: "protocol" },
    operators: { ...encoded.operators, decision: "expected", relocation: { enabled: true } },
    validators: { ...encoded.validators, decision: "expected" }
  })
}

/** Runs `repeats` seeds after a warm-up, prints the figures; returns whether the target is met. */
export const seedLoopBench = (params: Schema.Schema.Type<typeof gpuNetwork.params>, epochs: number, repeats: number): boolean => {
  const once = (seed: number) => {
    let agentEpochs = 0
    const start = performance.now()
    simulate(gpuNetwork, params, {
      epochs,
      seed,
      onEpoch: (w: GpuWorld) => {
        agentEpochs += w.flows.operatorsAtStart + w.flows.validatorsAtStart + (w.users?.pop.count ?? 0)
      }
    })
    return { seconds: (performance.now() - start) / 1000, agentEpochs }
  }
  once(0)
  const controls: Array<number> = []
  const runs = Array.from({ length: repeats }, (_, i) => {
    controls.push(controlNs())
    return once(i + 1)
  })
  const rates = runs.map((r) => r.agentEpochs / r.seconds).sort((a, b) => a - b)
  const median = rates[Math.floor(rates.length / 2)]!
  const control = [...controls].sort((a, b) => a - b)[Math.floor(controls.length / 2)]!
  const f = (x: number) => Math.round(x).toLocaleString("en-US")
  console.log(`engine, seed loop: the 10,000-operator network with 20,000 users as agents, protocol coordination, expected-margin operators and validators, relocation; ${repeats} runs after warm-up`)
  console.log(`  agent-epochs per run   ${runs.map((r) => f(r.agentEpochs)).join(", ")} (operators + validators + users)`)
  console.log(`  agent-epochs/s         ${f(median)} median (min ${f(rates[0]!)}, max ${f(rates[rates.length - 1]!)})`)
  console.log(`  control loop           ${control.toFixed(2)} ns/element median; agent-epoch = ${(1e9 / median / control).toFixed(1)} control elements`)
  const verdict = rateVerdict(median, control, LOOP_TARGET)
  console.log(`  target                 >= ${f(LOOP_TARGET)} agent-epochs/s: ${verdictLine(verdict, `${f(atQuietSpeed(median, control))} at the idle control's ${REFERENCE_CONTROL_NS} ns`)}`)
  return verdict !== "NOT MET"
}
