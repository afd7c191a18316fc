/**
 * The gpu-network world at epoch 0 (`initWorld`): initial populations staked out of the initial
 * supply, the rest of the supply `outside`.
 */
import { Ledger, Population, type Recorder, type Rng } from "../../src/kit/runtime.ts"
import { SortedValues } from "../common/SortedValues.ts"
import { initEmission } from "./systems/emission/state.ts"
import { initAttackEffects } from "./systems/attacks/state.ts"
import { initGovernance } from "./systems/governance/state.ts"
import { initSlashing } from "./systems/slashing/state.ts"
import type { GpuNetworkParams } from "./params/params.ts"
import { demandAgentMetrics, initUsers } from "./demand/demandAgents.ts"
import { initProtocol, protocolMetrics } from "./coordination/protocolRouting.ts"
import { initRelocation } from "./participation/relocation.ts"
import { CAPACITY_BINS, drawOperator, drawValidator } from "./draw.ts"
import { OperatorColumns, ValidatorColumns, type GpuWorld } from "./world.ts"

/** Build the world at epoch 0: initial populations staked out of the initial supply. */
export const initWorld = (p: GpuNetworkParams, rng: Rng, recorder: Recorder): GpuWorld => {
  const R = p.regions.names.length
  const cumulative = new Float64Array(R)
  let acc = 0
  p.regions.operatorShare.forEach((w, i) => (cumulative[i] = acc += w))
  const demandTotal = p.regions.demandShare.reduce((a, b) => a + b, 0)
  const zeros = () => new Float64Array(R)
  const world: GpuWorld = {
    epoch: 0,
    ledger: new Ledger(p.token.initialSupply),
    recorder,
    operators: new Population(OperatorColumns, Math.max(64, p.operators.count * 2)),
    validators: new Population(ValidatorColumns, Math.max(64, p.validators.count * 2)),
    price: p.market.pricePath[0] ?? p.market.initialPrice,
    referencePrice: p.market.pricePath[0] ?? p.market.initialPrice,
    feesUsd: p.demand.series[0] ?? p.demand.feesUsdPerEpoch,
    outside: 0,
    locked: p.token.vesting.reduce((a, v) => a + v.tokens, 0),
    treasury: p.token.initialTreasury,
    lastValidatorEmission: 0,
    marginP10: Number.NaN,
    marginP50: Number.NaN,
    operatorPool: 0,
    validatorPool: 0,
    flows: {
      operatorJoins: 0,
      operatorExits: 0,
      validatorJoins: 0,
      validatorExits: 0,
      operatorsAtStart: 0,
      validatorsAtStart: 0,
      soldTokens: 0,
      boughtTokens: 0,
      emission: 0,
      operatorProfitUsd: 0,
      feesUsd: 0,
      unlocked: 0
    },
    totals: { operatorJoins: 0, operatorExits: 0, validatorJoins: 0, validatorExits: 0, classEntered: new Float64Array(3), classExits: new Float64Array(3), regionExits: zeros() },
    regions: {
      count: R,
      cumulativeOperatorShare: cumulative,
      demandShare: Float64Array.from(p.regions.demandShare, (x) => x / demandTotal),
      latencyMs: Float64Array.from(p.regions.latencyMs.flat()),
      shock: zeros(),
      demand: zeros(),
      onlineCapacity: zeros(),
      onlineCount: zeros(),
      active: zeros(),
      activeEnd: zeros(),
      useful: zeros(),
      overhead: zeros(),
      work: zeros(),
      dropped: zeros(),
      latency: zeros(),
      served: zeros(),
      revenuePerUnit: zeros()
    },
    routing: { totalDemand: 0, totalOverhead: 0, usefulWork: 0, dropped: 0, latencyP50: 0, latencyP99: 0 },
    binUtil: new Float64Array(CAPACITY_BINS),
    binCapacity: new Float64Array(CAPACITY_BINS),
    emissionState: initEmission(p.token.emission),
    slashing: initSlashing(p, Math.max(64, p.operators.count * 2)),
    operatorStakes: new SortedValues(Math.max(64, p.operators.count * 2)),
    attackStates: [],
    attackEffects: initAttackEffects(R),
    governance: initGovernance(),
    scratch: new Float64Array(64)
  }
  let staked = 0
  for (let i = 0; i < p.operators.count; i++) {
    const stake = drawOperator(world, p, rng, world.operators.add())
    world.operatorStakes.insert(stake)
    staked += stake
  }
  // A stake distribution from data replaces the drawn stakes (the draws are still made, so the
  // rest of the run's randomness is where it would be) and sets how many validators start.
  const given = p.validators.initialStakes
  for (let i = 0; i < (given.length > 0 ? given.length : p.validators.count); i++) {
    const slot = world.validators.add()
    const drawn = drawValidator(world, p, rng, slot)
    if (given.length > 0) world.validators.cols.stake[slot] = given[i]!
    staked += given.length > 0 ? given[i]! : drawn
  }
  const outside = p.token.initialSupply - p.token.initialTreasury - world.locked - staked
  if (outside < 0) {
    throw new Error(
      `initial stakes (${Math.round(staked)} tokens) plus treasury (${p.token.initialTreasury}) and vesting allocations (${world.locked}) exceed token.initialSupply (${p.token.initialSupply}); raise the supply or lower operators.stakePerUnit / validators.stakeMedian`
    )
  }
  world.outside = outside
  if (p.demand.kind === "agents") {
    const ids = Int32Array.from(demandAgentMetrics, (m) => recorder.id(m.name))
    world.users = initUsers(p.demand.agents, world.regions.demandShare, world.regions.latencyMs, p.routing.serviceMs, (p.demand.series[0] ?? p.demand.feesUsdPerEpoch) / p.demand.feeUsdPerUnit, world.price, rng, ids)
  }
  if (p.operators.relocation.enabled) world.relocation = initRelocation(p.regions.names.length, recorder)
  if (p.coordination.model === "protocol") world.protocol = initProtocol(p, Int32Array.from(protocolMetrics, (m) => recorder.id(m.name)))
  return world
}
