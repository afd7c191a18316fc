/**
 * Using incentive-sandbox as a library: load an experiment, run it on two worker threads, read
 * the summary, write what `sandbox run --out` writes, and ask SQL of the written results (what
 * `sandbox query` asks). Run it with
 *
 *     node --import tsx examples/library.ts [experiment.yaml] [out-dir]
 *
 * Results are identical to `sandbox run` with the same file and options.
 */
import { loadExperiment, query, run, writeResults } from "incentive-sandbox"

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
  // The same numbers, read back from the files by SQL.
  const last = exp.envelope.epochs - 1
  const { rows } = await query(out, `select scenario, avg(value) from metrics where metric = 'stakedRatio' and epoch = ${last} group by 1 order by 1`)
  for (const [scenario, mean] of rows) console.log(`${String(scenario)}: ${Number(mean).toFixed(3)} (sandbox query)`)
}
