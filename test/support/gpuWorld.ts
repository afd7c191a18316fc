/**
 * A gpu-network world with chosen participants (worldFixture.ts runs one system on it):
 *
 *     const fx = gpuWorld({
 *       params: { token: { feeBurn: 0 } },
 *       operators: [{ capacity: 10, costUsd: 5 }, { capacity: 30, costUsd: 5, uptime: 0 }],
 *       validators: [{ stake: 1_000 }],
 *       price: 2,
 *       world: (w) => { w.operatorPool = 100 }
 *     })
 *     fx.run(operators)
 *
 * The world is the model's own `initWorld` with no drawn participants; each row then becomes an
 * operator or validator with exactly the given column values (the rest at the defaults below;
 * an operator's size class and capacity bin follow its capacity as when drawn). Their stake and
 * balance come out of `outside`, so holdings still sum to the supply.
 *
 * `users` rows make demand agents (demand.kind agents, demand/demandAgents.ts): the population
 * holds exactly those users (none drawn), with the network's work and user count tallied from
 * them as the draw would leave them.
 */
import { capacityBin } from "../../models/gpu-network/draw.ts"
import { gpuNetwork } from "../../models/gpu-network/index.ts"
import { initWorld } from "../../models/gpu-network/initWorld.ts"
import type { GpuNetworkParams } from "../../models/gpu-network/params/params.ts"
import { OperatorColumns, ValidatorColumns, type GpuWorld } from "../../models/gpu-network/world.ts"
import type { UserColumns } from "../../models/gpu-network/demand/demandAgents.ts"
import { deepMerge, strictParams, worldFixture, type WorldFixture } from "./worldFixture.ts"

export type OperatorRow = Partial<Record<keyof typeof OperatorColumns, number>>
export type ValidatorRow = Partial<Record<keyof typeof ValidatorColumns, number>>
export type UserRow = Partial<Record<keyof typeof UserColumns, number>>

/** An operator's columns when a row does not give them (every column: a reused slot keeps nothing). */
export const OPERATOR_DEFAULTS = {
  capacity: 10,
  region: 0,
  costUsd: 0,
  uptime: 1,
  patience: 10,
  lossStreak: 0,
  stake: 0,
  balance: 0,
  served: 0,
  work: 0,
  profitUsd: 0,
  attacker: 0,
  expectedMargin: 0,
  pendingCostUsd: 0
} as const
/** A validator's columns when a row does not give them (every column). */
export const VALIDATOR_DEFAULTS = { stake: 1_000, balance: 0, costUsd: 0, patience: 10, lossStreak: 0, cartel: 0, owner: 0, expectedMargin: 0 } as const
/** A user's columns when a row does not give them (every column): on the network, in region 0. */
export const USER_DEFAULTS = { region: 0, work: 1, latencyValue: 0, onNetwork: 1 } as const

export interface GpuWorldSpec {
  /** Parameters in the experiment file's form; the rows set operators.count and validators.count. */
  readonly params?: Readonly<Record<string, unknown>>
  readonly operators?: ReadonlyArray<OperatorRow>
  readonly validators?: ReadonlyArray<ValidatorRow>
  /** Demand agents (sets demand.kind agents; the rows are the users). */
  readonly users?: ReadonlyArray<UserRow>
  /** The token price (and reference price); else the parameters' initial price. */
  readonly price?: number
  /** The epoch the systems run at (0 by default). */
  readonly epoch?: number
  /** Epochs the recorder holds, for a test that moves the world on with `at` (to `epoch` by default). */
  readonly epochs?: number
  /** Anything else about the world (pools, flows, routing results), set after the rows. */
  readonly world?: (w: GpuWorld) => void
}

export type GpuFixture = WorldFixture<GpuNetworkParams, GpuWorld>

const setColumns = (cols: Record<string, { [i: number]: number }>, slot: number, row: Readonly<Record<string, number | undefined>>) => {
  for (const [k, v] of Object.entries(row)) {
    if (v === undefined) continue
    const col = cols[k]
    if (col === undefined) throw new Error(`no column "${k}"`)
    col[slot] = v
  }
}

/** No drawn participants in `group` (the rows are the participants); refuses a count given by hand. */
const noneDrawn = (raw: Readonly<Record<string, unknown>>, group: string) => {
  const section = raw[group]
  if (section !== null && typeof section === "object" && ("count" in section || "initialStakes" in section)) {
    throw new Error(`gpuWorld: ${group}.count comes from the rows; give ${group} as rows instead`)
  }
  return { count: 0 }
}

/** Add an operator with these columns; its stake and balance come from `outside`. */
export const addOperator = (w: GpuWorld, p: GpuNetworkParams, row: OperatorRow = {}): number => {
  const slot = w.operators.add()
  const o = w.operators.cols
  const r = { ...OPERATOR_DEFAULTS, joinedEpoch: w.epoch, ...row }
  const cap = r.capacity
  setColumns(o as never, slot, {
    sizeClass: cap < p.operators.smallBelow ? 0 : cap >= p.operators.largeFrom ? 2 : 1,
    capBin: capacityBin(cap, p.operators.capacityMin, p.operators.capacityMax),
    ...r
  })
  w.totals.classEntered[o.sizeClass[slot]!]! += 1
  w.operatorStakes.insert(o.stake[slot]!)
  w.outside -= o.stake[slot]! + o.balance[slot]!
  return slot
}

/** Add a validator with these columns; its stake and balance come from `outside`. */
export const addValidator = (w: GpuWorld, row: ValidatorRow = {}): number => {
  const slot = w.validators.add()
  const v = w.validators.cols
  setColumns(v as never, slot, { ...VALIDATOR_DEFAULTS, joinedEpoch: w.epoch, ...row })
  w.outside -= v.stake[slot]! + v.balance[slot]!
  return slot
}

/** Demand agents from rows: demand.kind agents with no user drawn; refuses a user count or another kind given by hand. */
const userRows = (raw: Readonly<Record<string, unknown>>, rows: ReadonlyArray<UserRow> | undefined) => {
  if (rows === undefined) return {}
  const d = raw["demand"] as { kind?: unknown; agents?: Record<string, unknown> } | undefined
  if (d?.kind !== undefined && d.kind !== "agents") throw new Error(`gpuWorld: users rows are demand agents; demand.kind ${String(d.kind)} has none`)
  if (d?.agents !== undefined && "users" in d.agents) throw new Error("gpuWorld: demand.agents.users comes from the rows; give users as rows instead")
  return { demand: { kind: "agents", agents: { users: 0 } } }
}

/** Put the user rows in the (empty) population and tally the network's users and work from them. */
const addUsers = (w: GpuWorld, rows: ReadonlyArray<UserRow>) => {
  const s = w.users!
  for (const row of rows) {
    const slot = s.pop.add() // first: adding may grow the columns
    setColumns(s.pop.cols as never, slot, { ...USER_DEFAULTS, ...row })
  }
  const { region, work, onNetwork } = s.pop.cols
  s.regionWork.fill(0)
  s.onNetwork = 0
  for (let i = 0; i < s.pop.size; i++) {
    if (onNetwork[i] !== 1) continue
    s.regionWork[region[i]!]! += work[i]!
    s.onNetwork++
  }
}

/** A gpu-network world holding exactly the given operators, validators and users. */
export const gpuWorld = (spec: GpuWorldSpec = {}): GpuFixture => {
  const raw = spec.params ?? {}
  const params = strictParams(gpuNetwork, deepMerge(raw, { operators: noneDrawn(raw, "operators"), validators: noneDrawn(raw, "validators"), ...userRows(raw, spec.users) }))
  const epoch = spec.epoch ?? 0
  const fx = worldFixture(gpuNetwork, params, epoch, (p, rng, recorder) => {
    const w = initWorld(p, rng, recorder)
    w.epoch = epoch
    if (spec.price !== undefined) w.price = w.referencePrice = spec.price
    for (const row of spec.operators ?? []) addOperator(w, p, row)
    for (const row of spec.validators ?? []) addValidator(w, row)
    if (spec.users !== undefined) addUsers(w, spec.users)
    if (!(w.outside >= 0)) throw new Error(`gpuWorld: the rows hold more than the supply outside the treasury (outside ${w.outside}); raise token.initialSupply`)
    spec.world?.(w)
    return w
  }, spec.epochs)
  return fx
}
