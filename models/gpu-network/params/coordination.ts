/**
 * gpu-network's `coordination.model` switch and `coordination.protocol` (the formulas are in
 * coordination/protocol.ts, which worker threads load without a schema).
 */
import * as Schema from "effect/Schema"
import { field, NonNegative, Positive, PositiveInt, Probability, section } from "../../../src/kit/index.ts"

const fields = {
  epochSeconds: field(Positive, 86_400, "Seconds in an epoch (a day)."),
  taskGpuSeconds: field(Positive, 2, "GPU-seconds of one task (an inference request); a capacity unit for one epoch is epochSeconds GPU-seconds."),
  messageMs: field(NonNegative, 0.05, "Time a node spends handling one protocol message (decode, verify its signature), ms."),
  messageBytes: field(NonNegative, 512, "Size of one protocol message, bytes (for bandwidth)."),
  bandwidthUsdPerGB: field(NonNegative, 0.05, "What an operator pays per GB of protocol traffic, USD (a participation cost that grows with its message count)."),
  batchTasks: field(PositiveInt, 100, "Tasks whose results a domain commits in one consensus round."),
  quorum: field(Probability, 2 / 3, "Share of a domain (and of the validator committee) whose answers a round waits for (BFT: 2/3)."),
  replication: field(PositiveInt, 1, "Times each task is executed (redundant execution for verification); useful work is one of the copies."),
  committeeSize: field(PositiveInt, 64, "Validators in the committee that finalizes the domains' batches (at most the validators there are)."),
  chainBatchesPerRound: field(PositiveInt, 1_000, "Domain batches one committee round finalizes."),
  spotCheckShare: field(Probability, 0.01, "Share of tasks a validator re-executes to check them."),
  validatorCapacity: field(NonNegative, 8, "GPU capacity of each validator for spot checks, units."),
  validatorShare: field(Schema.Array(NonNegative), [], "Share of validators in each region (one per regions.names); empty: where operators are (regions.operatorShare).")
}

/** Parameters of the protocol model; docs/coordination.md gives each one's source. */
export const ProtocolParams = section(fields, "Protocol parameters (coordination.model protocol).")
export type ProtocolParams = Schema.Struct.Type<typeof fields>

/** Schema of the `coordination.model` switch. */
export const CoordinationModel = field(
  Schema.Literal("law", "protocol"),
  "law",
  "Where coordination overhead comes from: law (an ASSUMED growth law of the domain size, coordination.law and .cost) or protocol (derived from messages, quorum latency and validators; coordination.protocol)."
)
