/**
 * PriceFit: a market fitted to a price series file (CSV, or Parquet read through DuckDB): drift,
 * volatility and regimes with 95% confidence intervals (src/analysis/MarketFit.ts). The one
 * implementation behind `sandbox fit` (which adds printing as text or JSON) and the library's
 * `fit`; an experiment's `fit:` block fits the same way when it is read (FitInputs.ts).
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import { fitMarket, type MarketFit } from "../analysis/MarketFit.ts"
import { readColumns } from "../experiment/DataFile.ts"
import { ExperimentInvalid, unreadable } from "../experiment/Errors.ts"
import { defaultLimits } from "../experiment/Limits.ts"
import { readParquet } from "../experiment/Loader.ts"

/** Fit the market to column `column` of `file` (positive prices, one row per epoch, oldest first; at least 3). */
export const fitPriceFile = (file: string, column: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const text = file.toLowerCase().endsWith(".parquet")
      ? yield* readParquet(file, defaultLimits().inputBytes)
      : yield* fs.readFileString(file).pipe(Effect.mapError((e) => unreadable(file, e, "price file")))
    const columns = yield* readColumns(file, text, [{ name: column, values: "positive" }])
    const prices = columns.values[column]!
    if (prices.length < 3) return yield* new ExperimentInvalid({ file, issues: [{ path: column, message: `Expected at least 3 prices to fit, got ${prices.length}` }] })
    return fitMarket(prices) satisfies MarketFit
  })
