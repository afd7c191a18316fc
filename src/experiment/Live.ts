/**
 * Live: one run of an experiment, watched and steered while it goes (the TUI's engine). This file
 * is the entry point; each part is a file of its own:
 * - LiveSession.ts: `LiveSession`, plain synchronous code around the engine's `Stepper` (step,
 *   restart, change a parameter through the model's schema, launch a declared attack, snapshot,
 *   export an experiment that replays the session exactly);
 * - LiveStream.ts: `liveStream`, the Effect fiber that steps a session (and a compared one in lock
 *   step) at the chosen speed, applies commands from a queue and publishes snapshots as a Stream;
 * - LiveSnapshot.ts: what a snapshot holds (what the TUI reads), the speeds;
 * - LiveParams.ts: parameters as dotted paths with readable names and descriptions.
 * Nothing here knows a model: attacks, panels, header states and the parameters fixed at start
 * come from the model's declarations (src/engine/Model.ts).
 */
export { numericLeaves, readablePath } from "./LiveParams.ts"
export { LiveSession } from "./LiveSession.ts"
export { formatSpeed, HISTORY, SPEEDS, type AttackState, type Snapshot, type Tunable } from "./LiveSnapshot.ts"
export { liveStream, type LiveCommand, type LiveOptions } from "./LiveStream.ts"
