/**
 * `npm run bench -- --network`: the unified network (models/network, docs/network.md) at the
 * engine bench's size: 10,000 operators and 1,000 validators, 20,000 users as agents, the work
 * layer's 200 contributors and 32 verifiers under spot checks (10% poisoners) and under Yuma,
 * 365 epochs on one core. Agent-epochs count every agent alive at the start of each epoch:
 * operators, validators, users, contributors and verifiers. Reported with its median over
 * several runs and next to the control loop (bench/scale.ts), whose ratio is what to compare
 * between machines. No target: issue 16 asks for the figure (docs/performance.md).
 */
import * as Schema from "effect/Schema"
import { network } from "../models/network/index.ts"
import type { NetworkWorld } from "../models/network/world.ts"
import { simulate } from "../src/engine/Simulation.ts"
import { controlNs } from "./scale.ts"

const EPOCHS = 365
const REPEATS = 5

const base = {
  token: { initialSupply: 10_000_000_000, initialTreasury: 1_000_000_000, emission: { kind: "fixed", perEpoch: 5_000_000 } },
  market: { liquidityUsd: 500_000_000 },
  demand: { feesUsdPerEpoch: 2_500_000, kind: "agents", agents: { users: 20_000 } },
  operators: { count: 10_000, arrivalsPerEpoch: 40 },
  validators: { count: 1_000, arrivalsPerEpoch: 3 }
}

const bench = (label: string, raw: Record<string, unknown>) => {
  const params = Schema.decodeUnknownSync(network.params)(raw)
  const once = (seed: number) => {
    let agentEpochs = 0
    const start = performance.now()
    simulate(network, params, {
      epochs: EPOCHS,
      seed,
      onEpoch: (w: NetworkWorld) => {
        agentEpochs += w.flows.operatorsAtStart + w.flows.validatorsAtStart + (w.users?.pop.count ?? 0) + w.work.contributors.count + w.work.validators.count
      }
    })
    return { seconds: (performance.now() - start) / 1000, agentEpochs }
  }
  once(0)
  const controls: Array<number> = []
  const runs = Array.from({ length: REPEATS }, (_, i) => {
    controls.push(controlNs())
    return once(i + 1)
  })
  const rates = runs.map((r) => r.agentEpochs / r.seconds).sort((a, b) => a - b)
  const median = rates[Math.floor(REPEATS / 2)]!
  const control = [...controls].sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!
  console.log(`network, ${label}: ${REPEATS} runs x ${EPOCHS} epochs after warm-up`)
  console.log(`  agent-epochs per run   ${Math.round(runs[0]!.agentEpochs).toLocaleString("en-US")} (operators + validators + users + contributors + verifiers)`)
  console.log(`  agent-epochs/s         ${Math.round(median).toLocaleString("en-US")} median (min ${Math.round(rates[0]!).toLocaleString("en-US")}, max ${Math.round(rates[REPEATS - 1]!).toLocaleString("en-US")})`)
  console.log(`  control loop           ${control.toFixed(2)} ns/element median; agent-epoch = ${(1e9 / median / control).toFixed(1)} control elements`)
}

export const networkBench = (): number => {
  bench("spot checks (2%), 10% poisoners", { ...base, work: { contributors: { poisonedShare: 0.1 }, verification: { strategy: "spot-check", rate: 0.02 } } })
  console.log("")
  bench("Yuma (10% re-scored), 10% poisoners", { ...base, work: { contributors: { poisonedShare: 0.1 }, verification: { strategy: "yuma", rate: 0.1 } } })
  console.log(`  peak memory (RSS)      ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`)
  return 0
}
