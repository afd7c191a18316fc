/**
 * What gpu-network declares for the TUI and other live views: the attacks a user can launch,
 * the parameters fixed at epoch 0, its panels (participation, token, regions, size classes) and
 * the header's states (market regime, demand). Data and small functions only: src/ renders them
 * without knowing the model.
 */
import type { AttackDecl, Panel } from "../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "./params/params.ts"

/** Every attack of `params.attacks`, launched by moving its startEpoch. */
export const gpuAttacks = (p: GpuNetworkParams): ReadonlyArray<AttackDecl> =>
  p.attacks.map((a, i) => ({ name: a.name, kind: a.kind, startEpoch: a.startEpoch, startEpochPath: `attacks.${i}.startEpoch`, endEpoch: a.startEpoch + a.durationEpochs }))

/** Read only by `initWorld`: the starting supply, treasury, vesting, populations and price. */
export const gpuFixedAtStart: ReadonlyArray<string> = ["token.initialSupply", "token.initialTreasury", "token.vesting", "operators.count", "validators.count", "market.initialPrice", "regions.operatorShare"]

export const gpuPanels = (p: GpuNetworkParams): ReadonlyArray<Panel> => [
  {
    title: "Participation (count, joins, exits)",
    rows: [
      { label: "operators", metric: "activeOperators", format: "count", extra: [{ metric: "operatorJoins", format: "signed" }, { metric: "operatorExits", format: "signed", label: "-" }] },
      { label: "validators", metric: "activeValidators", format: "count", extra: [{ metric: "validatorJoins", format: "signed" }, { metric: "validatorExits", format: "signed", label: "-" }] },
      { label: "churn/epoch", metric: "operatorChurnRate", format: "share", chart: "zero" },
      { label: "left total", metric: "operatorExitsTotal", format: "count", extra: [{ metric: "operatorJoinsTotal", format: "count", label: "joined" }] }
    ]
  },
  {
    title: "Decentralization · token",
    rows: [
      { label: "Nakamoto ops", metric: "operatorNakamoto", format: "count", extra: [{ metric: "validatorNakamoto", format: "count", label: "val" }] },
      { label: "Gini ops", metric: "operatorGini", format: "number", extra: [{ metric: "validatorGini", format: "number", label: "val" }] },
      { label: "price", metric: "price", format: "usd", chart: "log" },
      { label: "supply", metric: "supply", format: "count", extra: [{ metric: "inflationAnnualized", format: "share", label: "/y" }] }
    ]
  },
  {
    title: "Regions (operators, left, busy)",
    rows: p.regions.names.map((r) => ({
      label: r,
      metric: `activeOperators_${r}`,
      format: "count" as const,
      extra: [
        { metric: `operatorExitsTotal_${r}`, format: "count" as const, label: "left" },
        { metric: `utilization_${r}`, format: "share" as const, label: "busy" }
      ]
    }))
  },
  {
    title: "Size classes (operators, share left)",
    rows: (["Small", "Medium", "Large"] as const).map((c) => ({ label: c.toLowerCase(), metric: `active${c}`, format: "count" as const, extra: [{ metric: `exitRate${c}`, format: "share" as const, label: "left" }] }))
  }
]

/** The regime in force (market.regimes) and demand: work demanded and the share not served. */
export const gpuStatus = (p: GpuNetworkParams, values: Readonly<Record<string, number>>, epoch: number): ReadonlyArray<string> => {
  let regime: string | undefined
  let from = -1
  for (const r of p.market.regimes) if (r.from <= epoch && r.from >= from) [regime, from] = [r.regime, r.from]
  const demand = values["demandWork"]
  const dropped = values["droppedWork"]
  const unserved = demand !== undefined && dropped !== undefined && demand > 0 ? ` (${Math.round((dropped / demand) * 100)}% unserved)` : ""
  return [regime !== undefined ? `market ${regime}` : "market: no regime schedule", ...(demand !== undefined && Number.isFinite(demand) ? [`demand ${Math.round(demand).toLocaleString("en-US")}${unserved}`] : [])]
}
