/**
 * Scaling bench child: one gpu-network run at a given operator count, in its own process so the
 * peak resident memory it reports belongs to that size alone.
 *
 * `node --import tsx bench/scale.ts <operators> <epochs>` prints one JSON line:
 * { operators, epochs, nsPerAgentEpoch, setupMs, peakRssMiB }. The network is the default one
 * scaled: validators, fees, emission, supply, treasury, market depth and arrivals grow in
 * proportion to the operators, so per-agent economics (and so churn rates) stay the same.
 */
import { pathToFileURL } from "node:url"
import * as Schema from "effect/Schema"
import { gpuNetwork } from "../models/gpu-network/index.ts"
import type { GpuWorld } from "../models/gpu-network/world.ts"
import { Stepper } from "../src/engine/Simulation.ts"

/** Parameters of the default network scaled to `operators` (the default has 1,000). */
export const scaledParams = (operators: number) => {
  const k = operators / 1000
  return Schema.decodeUnknownSync(gpuNetwork.params)({
    token: { initialSupply: 1_000_000_000 * k, initialTreasury: 100_000_000 * k, emission: { kind: "fixed", perEpoch: 500_000 * k } },
    market: { liquidityUsd: 50_000_000 * k },
    demand: { feesUsdPerEpoch: 250_000 * k },
    operators: { count: operators, arrivalsPerEpoch: 4 * k },
    validators: { count: Math.max(1, Math.round(operators / 10)), arrivalsPerEpoch: 0.3 * k }
  })
}

/** Setup time (ms) and the epoch loop's ns per agent-epoch (agents alive at each epoch's start). */
export const measureScale = (operators: number, epochs: number, seed = 1) => {
  const params = scaledParams(operators)
  const t0 = performance.now()
  const stepper = new Stepper(gpuNetwork, params, { epochs, seed })
  const setupMs = performance.now() - t0
  let agentEpochs = 0
  const t1 = performance.now()
  while (stepper.epoch < epochs) {
    stepper.step()
    const w = stepper.world as GpuWorld
    agentEpochs += w.flows.operatorsAtStart + w.flows.validatorsAtStart
  }
  const loopNs = (performance.now() - t1) * 1e6
  return { setupMs, nsPerAgentEpoch: loopNs / agentEpochs, agentEpochs }
}

/**
 * Control: ns per element of a fixed walk over 4 float64 columns of 64k entries (2 MiB, in cache),
 * timed in this process right before and after the measured run (the faster of the two). The
 * parent divides by it, so a busy machine slows figure and control alike and the ratio holds.
 */
export const controlNs = (): number => {
  const cols = Array.from({ length: 4 }, (_, c) => Float64Array.from({ length: 65_536 }, (_, i) => (i * (c + 1)) % 97))
  let sink = 0
  const reps = 60
  const start = performance.now()
  for (let r = 0; r < reps; r++) {
    for (const col of cols) for (let i = 0; i < col.length; i++) sink += col[i]! > 48 ? col[i]! * 0.5 : col[i]!
  }
  const ns = ((performance.now() - start) * 1e6) / (reps * 4 * 65_536)
  return sink === -1 ? 0 : ns
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const operators = Number(process.argv[2] ?? 100_000)
  const epochs = Number(process.argv[3] ?? 30)
  // Warm-up: a small network compiles every system before the measured run.
  measureScale(2_000, 60, 99)
  const controlBefore = controlNs()
  const r = measureScale(operators, epochs)
  const controlNsPerOp = Math.min(controlBefore, controlNs())
  const peakRssMiB = process.resourceUsage().maxRSS / 1024
  const round = (x: number) => Math.round(x * 10) / 10
  console.log(JSON.stringify({ operators, epochs, nsPerAgentEpoch: round(r.nsPerAgentEpoch), setupMs: Math.round(r.setupMs), peakRssMiB: Math.round(peakRssMiB), controlNs: round(controlNsPerOp) }))
}
