package io.taskline.processors.internal;

/** A handler's attempt that ended on a pool thread, waiting for the stream thread to route it. */
record Completion(RunningTask task, Outcome outcome) {
}
