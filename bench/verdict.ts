/**
 * Verdicts that hold on a shared machine. A rate measured while other jobs run is slower for a
 * reason that is not the code's, and a target judged on the raw figure flips from run to run
 * (the seed loop read 28 M agent-epochs/s on an idle machine and 6.6 M beside the test suite).
 * Each bench therefore times a control (a fixed loop, bench/scale.ts `controlNs`) between its
 * samples and states the rate at the machine's quiet speed too: the rate scaled by how much
 * slower the control ran than on the idle machine (REFERENCE_CONTROL_NS). The raw figure is
 * always printed; the verdict is "met" when the raw figure meets the target, "met per control"
 * when only the scaled one does, and NOT MET (exit code 1) when neither does. A parallel
 * speed-up is "not judged" when the control itself got none (no free core to measure it on).
 */

/**
 * The control's median on this project's machine when idle (load 0.00, 2026-12-05: 0.81 and
 * 0.95 ns/element in two parts of one bench run, 0.80 on 2026-12-05 earlier). The higher value
 * is taken, so scaling never credits a rate with more than the idle machine showed.
 */
export const REFERENCE_CONTROL_NS = 0.95

/** The rate at the machine's idle speed: `rate` scaled up by the control's slowdown (a control faster than the reference scales nothing). */
export const atQuietSpeed = (rate: number, controlNs: number): number => rate * Math.max(1, controlNs / REFERENCE_CONTROL_NS)

export type Verdict = "met" | "met per control" | "NOT MET" | "not judged"

/**
 * Below this speed-up of the control on 2 threads the machine has no free core for a second
 * thread, and no parallel speed-up can be read from the run: the verdict is "not judged".
 */
export const MIN_CONTROL_SPEEDUP = 1.3

/** Verdict for a rate that must be at least `target`. */
export const rateVerdict = (rate: number, controlNs: number, target: number): Verdict =>
  rate >= target ? "met" : atQuietSpeed(rate, controlNs) >= target ? "met per control" : "NOT MET"

/**
 * Verdict for a parallel speed-up that must be at least `target` out of an ideal `threads`x: met
 * when the raw speed-up meets it; met per control when the speed-up is at least the same share
 * of what a control gets on the same threads at the same moment (`controlSpeedup`: the machine's
 * own ceiling for parallel work while others share its cores).
 */
export const speedupVerdict = (speedup: number, controlSpeedup: number, target: number, threads: number): Verdict =>
  speedup >= target
    ? "met"
    : controlSpeedup < MIN_CONTROL_SPEEDUP
      ? "not judged"
      : speedup / Math.min(threads, controlSpeedup) >= target / threads
        ? "met per control"
        : "NOT MET"

/** One line: the verdict and, when the control decided it, the figure it used. */
export const verdictLine = (verdict: Verdict, scaled: string): string =>
  verdict === "met per control"
    ? `met per control (${scaled}; the control ran slower than on the idle machine)`
    : verdict === "not judged"
      ? "not judged (the control got no parallel speed-up either: no free core; re-run on a quieter machine)"
      : verdict
