/**
 * `npm run bench`: speed and memory of the simulation engine.
 *
 * engine: one gpu-network run of 10,000 operators and 1,000 validators over 365 epochs, on one
 * core, reported as agent-epochs per second (agents alive at the start of each epoch, summed)
 * with the process's peak resident memory. Target (issue 2): >= 5 million agent-epochs/s.
 */
import * as Schema from "effect/Schema"
import { gpuNetwork } from "../models/gpu-network/index.ts"
import type { GpuWorld } from "../models/gpu-network/world.ts"
import { simulate } from "../src/engine/Simulation.ts"

const TARGET = 5_000_000
const EPOCHS = 365
const REPEATS = 5

/** The 10x network: ten times the default's operators, validators, fees, emission, supply and depth. */
const params = Schema.decodeUnknownSync(gpuNetwork.params)({
  token: { initialSupply: 10_000_000_000, initialTreasury: 1_000_000_000, emission: { kind: "fixed", perEpoch: 5_000_000 } },
  market: { liquidityUsd: 500_000_000 },
  demand: { feesUsdPerEpoch: 2_500_000 },
  operators: { initial: 10_000, arrivalsPerEpoch: 40 },
  validators: { initial: 1_000, arrivalsPerEpoch: 3 }
})

const once = (seed: number) => {
  let agentEpochs = 0
  const start = performance.now()
  simulate(gpuNetwork, params, {
    epochs: EPOCHS,
    seed,
    onEpoch: (w: GpuWorld) => {
      agentEpochs += w.flows.operatorsAtStart + w.flows.validatorsAtStart
    }
  })
  return { seconds: (performance.now() - start) / 1000, agentEpochs }
}

once(0) // warm-up: let the JIT compile the systems
const results = Array.from({ length: REPEATS }, (_, i) => once(i + 1))
const rates = results.map((r) => r.agentEpochs / r.seconds).sort((a, b) => a - b)
const median = rates[Math.floor(rates.length / 2)]!
const peakMiB = process.resourceUsage().maxRSS / 1024

console.log(`engine: gpu-network 10,000 operators + 1,000 validators x ${EPOCHS} epochs, ${REPEATS} runs after warm-up`)
console.log(`  agent-epochs per run   ${Math.round(results[0]!.agentEpochs).toLocaleString("en-US")}`)
console.log(`  time per run (median)  ${(results.map((r) => r.seconds).sort((a, b) => a - b)[2]! * 1000).toFixed(0)} ms`)
console.log(`  agent-epochs/s         ${Math.round(median).toLocaleString("en-US")} median (min ${Math.round(rates[0]!).toLocaleString("en-US")}, max ${Math.round(rates[rates.length - 1]!).toLocaleString("en-US")})`)
console.log(`  peak memory (RSS)      ${peakMiB.toFixed(0)} MiB`)
console.log(`  target                 >= ${TARGET.toLocaleString("en-US")} agent-epochs/s: ${median >= TARGET ? "met" : "NOT MET"}`)
if (median < TARGET) process.exitCode = 1
