/**
 * The model kit: the one module a model imports from. The runtime half (src/kit/runtime.ts:
 * engine, columns, metrics, random numbers, parameter paths, safe expressions) plus what a
 * model's parameter schema needs: effect's Schema, the field helpers (a default and a
 * description on every field) and defineModel. A model's runtime files import
 * src/kit/runtime.ts instead, so worker threads never load a schema.
 *
 * From outside the repository: import { defineModel, field, Schema } from "incentive-sandbox/kit".
 */
export * from "./runtime.ts"
export * as Schema from "effect/Schema"
export { defineModel, type AnyModel, type Model } from "../engine/Model.ts"
export { Count, field, NonNegative, Num, Positive, PositiveInt, Probability, section } from "../experiment/Fields.ts"
