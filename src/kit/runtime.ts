/**
 * The model kit, runtime half: everything a model's runtime (its world, systems, metrics and
 * invariants) may import. It carries no schema, so worker threads that load a model's runtime
 * never load effect/Schema. A model's parameter schema imports the full kit (src/kit/index.ts).
 *
 * Models import from the kit and from their own folder (and models/mechanisms, models/common);
 * never from the experiment pipeline, the analysis, the CLI, reports or the TUI (the
 * architecture test, test/architecture.test.ts, holds them to it). From outside the repository,
 * import "incentive-sandbox/kit/runtime".
 */
export { Ledger } from "../engine/Ledger.ts"
export type { EventKind, EventLog, SimEvent } from "../engine/Events.ts"
export {
  ATTACK_OUTCOMES,
  attackMetric,
  defineRuntime,
  metricDefs,
  stateBytes,
  type AnyModelRuntime,
  type AttackDecl,
  type ModelRuntime,
  type Panel,
  type PanelRow,
  type StateSize,
  type ValueFormat,
  type WorldBase
} from "../engine/Model.ts"
export { getPath, hasPath, setPath } from "../engine/ParamPath.ts"
export { system, type NamedSystem, type System } from "../engine/Pipeline.ts"
export { Population, slotBytes, type ColumnSpec, type Columns, type ColumnType } from "../engine/Population.ts"
export { Recorder, type MetricDef } from "../engine/Recorder.ts"
export { deriveSeed, Rng } from "../engine/Rng.ts"
export { compileExpression, type Bindings, type Compiled, type Vocabulary } from "../analysis/SafeExpression.ts"
