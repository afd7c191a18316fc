/**
 * `npm run bench`: speed and memory.
 *
 * engine: one gpu-network run of 10,000 operators and 1,000 validators over 365 epochs, on one
 * core, reported as agent-epochs per second (agents alive at the start of each epoch, summed)
 * with the process's peak resident memory. Target (issue 2): >= 5 million agent-epochs/s.
 *
 * sweep: a batch of the same runs through the Runner with 1 worker (in-process) and 2 worker
 * threads, as state measurements per second (runs x epochs / wall seconds, worker start-up
 * included). Target (issue 7): 2 workers >= 1.7x of 1.
 *
 * consensus: Yuma in the ai-verification model, weight cells per second (issue 5).
 *
 * seed loop: the engine's network with 20,000 users as agents, the protocol coordination model,
 * operators and validators on expected margin, relocation; users counted as agents
 * (bench/seedLoop.ts; alone: `npm run bench -- --seed-loop`). Target (issue 15): >= 10 million
 * agent-epochs/s.
 *
 * Every figure is printed with its min and median over several samples and next to a control
 * timed in the same process (a fixed loop): on a shared machine both slow down together, so the
 * ratio to the control is what to compare between runs. A target is "met" on the raw figure,
 * "met per control" when only the figure at the machine's idle speed meets it (bench/verdict.ts),
 * and NOT MET (exit code 1) otherwise.
 *
 * `npm run bench -- --operators 1000,10000,100000,1000000`: the scaling bench instead. Each size
 * runs in its own child process (bench/scale.ts, bundled first so the peak resident memory is the
 * run's, not a TypeScript loader's) and prints one JSON line: operators, nsPerAgentEpoch, setupMs,
 * peakRssMiB, plus controlNs (the control) and perControl (nsPerAgentEpoch / controlNs).
 * Targets (issue 18): ns per agent-epoch at 1M <= 1.3x that at 100k (compared per control);
 * setup at 1M < 2 s; peak RSS at 1M < 250 MiB.
 *
 * `npm run bench -- --network`: the unified network (models/network) at 10,000 operators with
 * users as agents and the work layer, agent-epochs/s (bench/network.ts).
 *
 * radCAD: radCAD's benchmark model (examples/radcad-benchmark), engine alone and through the CLI
 * with results written, against radCAD's single-process time (bench/radcad.ts); last in the
 * default bench, alone with `npm run bench -- --radcad`.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { aiVerification } from "../models/ai-verification/index.ts"
import { gpuNetwork } from "../models/gpu-network/index.ts"
import type { GpuWorld } from "../models/gpu-network/world.ts"
import { Worker } from "node:worker_threads"
import { simulate } from "../src/engine/Simulation.ts"
import { runSeed, type RunSpec } from "../src/experiment/Plan.ts"
import { streamOutcomes } from "../src/experiment/Runner.ts"
import { controlNs } from "./scale.ts"
import { seedLoopBench, seedLoopParams } from "./seedLoop.ts"
import { scalingBench } from "./scaling.ts"
import { atQuietSpeed, rateVerdict, REFERENCE_CONTROL_NS, speedupVerdict, verdictLine } from "./verdict.ts"

if (process.argv.includes("--radcad")) {
  const { radcadBench } = await import("./radcad.ts")
  process.exitCode = await radcadBench()
  process.exit()
}

if (process.argv.includes("--network")) {
  const { networkBench } = await import("./network.ts")
  process.exitCode = networkBench()
  process.exit()
}

const TARGET = 5_000_000
const EPOCHS = 365
const REPEATS = 9

/** The 10x network: ten times the default's operators, validators, fees, emission, supply and depth. */
const params = Schema.decodeUnknownSync(gpuNetwork.params)({
  token: { initialSupply: 10_000_000_000, initialTreasury: 1_000_000_000, emission: { kind: "fixed", perEpoch: 5_000_000 } },
  market: { liquidityUsd: 500_000_000 },
  demand: { feesUsdPerEpoch: 2_500_000 },
  operators: { count: 10_000, arrivalsPerEpoch: 40 },
  validators: { count: 1_000, arrivalsPerEpoch: 3 }
})

if (process.argv.includes("--seed-loop")) {
  process.exitCode = seedLoopBench(seedLoopParams(params), EPOCHS, REPEATS) ? 0 : 1
  process.exit()
}

const operatorsArg = process.argv.indexOf("--operators")
if (operatorsArg >= 0) {
  const sizes = (process.argv[operatorsArg + 1] ?? "").split(",").map(Number)
  const epochsArg = process.argv.indexOf("--epochs")
  process.exitCode = await scalingBench(sizes, epochsArg >= 0 ? Number(process.argv[epochsArg + 1]) : 20)
  process.exit()
}


const once = (seed: number) => {
  let agentEpochs = 0
  const start = performance.now()
  simulate(gpuNetwork, params, {
    epochs: EPOCHS,
    seed,
    onEpoch: (w: GpuWorld) => {
      agentEpochs += w.flows.operatorsAtStart + w.flows.validatorsAtStart
    }
  })
  return { seconds: (performance.now() - start) / 1000, agentEpochs }
}

once(0) // warm-up: let the JIT compile the systems
const controls: Array<number> = []
const results = Array.from({ length: REPEATS }, (_, i) => {
  controls.push(controlNs())
  return once(i + 1)
})
const rates = results.map((r) => r.agentEpochs / r.seconds).sort((a, b) => a - b)
const median = rates[Math.floor(rates.length / 2)]!
const peakMiB = process.resourceUsage().maxRSS / 1024
const sortedControls = [...controls].sort((a, b) => a - b)
const controlMedian = sortedControls[Math.floor(controls.length / 2)]!

console.log(`engine: gpu-network 10,000 operators + 1,000 validators x ${EPOCHS} epochs, ${REPEATS} runs after warm-up`)
console.log(`  agent-epochs per run   ${Math.round(results[0]!.agentEpochs).toLocaleString("en-US")}`)
console.log(`  time per run (median)  ${(results.map((r) => r.seconds).sort((a, b) => a - b)[2]! * 1000).toFixed(0)} ms`)
console.log(`  agent-epochs/s         ${Math.round(median).toLocaleString("en-US")} median (min ${Math.round(rates[0]!).toLocaleString("en-US")}, max ${Math.round(rates[rates.length - 1]!).toLocaleString("en-US")})`)
console.log(`  control loop           ${controlMedian.toFixed(2)} ns/element median (min ${sortedControls[0]!.toFixed(2)}); agent-epoch = ${(1e9 / median / controlMedian).toFixed(1)} control elements`)
console.log(`  peak memory (RSS)      ${peakMiB.toFixed(0)} MiB`)
const engineVerdict = rateVerdict(median, controlMedian, TARGET)
console.log(`  target                 >= ${TARGET.toLocaleString("en-US")} agent-epochs/s: ${verdictLine(engineVerdict, `${Math.round(atQuietSpeed(median, controlMedian)).toLocaleString("en-US")} at the idle control's ${REFERENCE_CONTROL_NS} ns`)}`)
if (engineVerdict === "NOT MET") process.exitCode = 1

// --- the same network with the seed loop on (bench/seedLoop.ts) ----------------------------
console.log("")
if (!seedLoopBench(seedLoopParams(params), EPOCHS, REPEATS)) process.exitCode = 1

// --- sweep throughput ---------------------------------------------------------------------
const SWEEP_RUNS = Number(process.env["BENCH_SWEEP_RUNS"] ?? 64)
const SWEEP_TARGET = 1.7
const specs: Array<RunSpec> = Array.from({ length: SWEEP_RUNS }, (_, run) => ({ scenario: 0, label: "bench", run, seed: runSeed(1, run), params }))
/**
 * Wall-clock rate (start-up included) and steady-state rate: runs finished in the second half
 * of the batch over the time they took, when every thread is started and its JIT warm (what a
 * long sweep sees; the in-process side is already warm from the engine benchmark).
 */
const sweep = async (workers: number) => {
  const start = performance.now()
  const times: Array<number> = []
  await Effect.runPromise(
    Stream.runForEach(streamOutcomes({ model: gpuNetwork, epochs: EPOCHS, specs, workers }), (o) =>
      Effect.sync(() => {
        if (o._tag === "Failed") throw new Error(`a benchmark run failed: ${o.error}`)
        times.push(performance.now())
      })
    )
  )
  const end = times[times.length - 1]!
  const half = Math.floor(SWEEP_RUNS / 2)
  return {
    wall: (SWEEP_RUNS * EPOCHS) / ((end - start) / 1000),
    steady: ((SWEEP_RUNS - half) * EPOCHS) / ((end - times[half - 1]!) / 1000),
    startup: (times[Math.max(1, workers) - 1]! - start) / 1000
  }
}
/**
 * Control: the same busy loop on 1 and then 2 threads. Its speed-up is the most any parallel
 * code gets on this machine, so the sweep's figure can be read against it.
 */
const busyLoop = (threads: number) =>
  new Promise<number>((resolve) => {
    const start = performance.now()
    let done = 0
    const code = `let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; require("node:worker_threads").parentPort.postMessage(x)`
    for (let i = 0; i < threads; i++) {
      const w = new Worker(code, { eval: true })
      w.on("message", () => {
        void w.terminate()
        if (++done === threads) resolve(performance.now() - start)
      })
    }
  })
/**
 * Second control: each thread walks 24 columns of 10,000 float64s (a 10,000-operator population's
 * worth of memory) over and over. Work that touches memory like the engine does scales less
 * than the busy loop on a VM whose cores share caches and memory bandwidth.
 */
const memoryWalk = (threads: number) =>
  new Promise<number>((resolve) => {
    const start = performance.now()
    let done = 0
    const code = `const cols = Array.from({ length: 24 }, () => new Float64Array(10000).fill(0.5)); let s = 0
      for (let rep = 0; rep < 3000; rep++) for (const c of cols) for (let i = 0; i < c.length; i++) { s += c[i] * 1.0001; c[i] = s * 1e-9 }
      require("node:worker_threads").parentPort.postMessage(s)`
    for (let i = 0; i < threads; i++) {
      const w = new Worker(code, { eval: true })
      w.on("message", () => {
        void w.terminate()
        if (++done === threads) resolve(performance.now() - start)
      })
    }
  })
const control = (2 * (await busyLoop(1))) / (await busyLoop(2))
const memoryControl = (2 * (await memoryWalk(1))) / (await memoryWalk(2))
const one = await sweep(1)
const two = await sweep(2)
console.log("")
console.log(`sweep: ${SWEEP_RUNS} runs of the network above x ${EPOCHS} epochs through the Runner`)
const fmt = (x: number) => Math.round(x).toLocaleString("en-US").padStart(7)
console.log(`  state measurements/s (runs x epochs / s)   steady state   wall clock   first result after`)
console.log(`  1 worker (in-process)                        ${fmt(one.steady)}      ${fmt(one.wall)}      ${one.startup.toFixed(2)} s`)
console.log(`  2 worker threads                             ${fmt(two.steady)}      ${fmt(two.wall)}      ${two.startup.toFixed(2)} s`)
const speedup = two.steady / one.steady
const sweepVerdict = speedupVerdict(speedup, memoryControl, SWEEP_TARGET, 2)
console.log(`  speed-up, steady state  ${speedup.toFixed(2)}x (target >= ${SWEEP_TARGET}x: ${verdictLine(sweepVerdict, `${((100 * speedup) / Math.min(2, memoryControl)).toFixed(0)}% of the memory walk's ${memoryControl.toFixed(2)}x, target ${((100 * SWEEP_TARGET) / 2).toFixed(0)}%`)}); wall clock ${(two.wall / one.wall).toFixed(2)}x`)
console.log(`  control: busy loop     ${control.toFixed(2)}x on 2 threads (the machine's own ceiling for any parallel work)`)
console.log(`  control: memory walk   ${memoryControl.toFixed(2)}x on 2 threads (the ceiling for work touching memory as a run does)`)
console.log(`  peak memory (RSS)      ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`)
if (sweepVerdict === "NOT MET") process.exitCode = 1

// --- Yuma consensus (ai-verification) -----------------------------------------------------
// 64 validators scoring 1,024 contributors under Yuma, 100 epochs: weight cells (validators x
// contributors x epochs) per second, on one core. Target: >= 8 million.
const YUMA_TARGET = 8_000_000
const yumaParams = Schema.decodeUnknownSync(aiVerification.params)({
  verification: { strategy: "yuma", rate: 0.1 },
  contributors: { count: 1024 },
  validators: { count: 64, lazyShare: 0.25 }
})
const yumaOnce = (seed: number) => {
  const start = performance.now()
  simulate(aiVerification, yumaParams, { epochs: 100, seed })
  return (64 * 1024 * 100) / ((performance.now() - start) / 1000)
}
yumaOnce(0)
const yumaControls: Array<number> = []
const yumaRates = [1, 2, 3, 4, 5]
  .map((seed) => {
    yumaControls.push(controlNs())
    return yumaOnce(seed)
  })
  .sort((a, b) => a - b)
const yumaMedian = yumaRates[2]!
const yumaControl = yumaControls.sort((a, b) => a - b)[2]!
console.log("")
console.log("consensus: ai-verification, Yuma, 64 validators x 1,024 contributors x 100 epochs, 5 runs after warm-up")
console.log(`  weight cells/s         ${Math.round(yumaMedian).toLocaleString("en-US")} median (min ${Math.round(yumaRates[0]!).toLocaleString("en-US")}, max ${Math.round(yumaRates[4]!).toLocaleString("en-US")})`)
console.log(`  control loop           ${yumaControl.toFixed(2)} ns/element median; weight cell = ${(1e9 / yumaMedian / yumaControl).toFixed(1)} control elements`)
const yumaVerdict = rateVerdict(yumaMedian, yumaControl, YUMA_TARGET)
console.log(`  target                 >= ${YUMA_TARGET.toLocaleString("en-US")}: ${verdictLine(yumaVerdict, `${Math.round(atQuietSpeed(yumaMedian, yumaControl)).toLocaleString("en-US")} at the idle control's ${REFERENCE_CONTROL_NS} ns`)}`)
if (yumaVerdict === "NOT MET") process.exitCode = 1

// --- radCAD's benchmark model (bench/radcad.ts) ----------------------------------------------
console.log("")
{
  const { radcadBench } = await import("./radcad.ts")
  if ((await radcadBench()) !== 0) process.exitCode = 1
}
