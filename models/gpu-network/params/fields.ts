/**
 * Field helpers shared by gpu-network's parameter sections.
 */
import { field, NonNegative, section } from "../../../src/kit/index.ts"

/** A [min, max] range drawn uniformly, with defaults lo and hi. */
export const Range = (lo: number, hi: number, describe: string, schema: typeof NonNegative = NonNegative) =>
  section({ min: field(schema, lo, `Smallest ${describe}.`), max: field(schema, hi, `Largest ${describe}.`) }, `Range of ${describe}: drawn uniformly in [min, max].`)
