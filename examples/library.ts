/**
 * Using incentive-sandbox as a library: load an experiment, run it on two worker threads, read
 * the summary and write what `sandbox run --out` writes. Run it with
 *
 *     node --import tsx examples/library.ts [experiment.yaml] [out-dir]
 *
 * Results are identical to `sandbox run` with the same file and options.
 */
import { loadExperiment, run, writeResults } from "incentive-sandbox"

const file = process.argv[2] ?? "examples/staking-pool.yaml"
const exp = await loadExperiment(file, { runs: 4 })
const results = await run(exp, { workers: 2 })
for (const s of results.summary.scenarios) {
  const share = s.metrics.find((m) => m.metric === "stakedRatio")
  console.log(`${s.scenario}: staked share at the last epoch ${share ? share.mean.toFixed(3) : "n/a"} (mean of ${share?.n ?? 0} runs)`)
}
const out = process.argv[3]
if (out !== undefined) {
  await writeResults(results, out, { force: true })
  console.log(`wrote ${out}`)
}
