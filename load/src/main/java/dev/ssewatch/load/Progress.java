package dev.ssewatch.load;

/**
 * The live figures, once a second.
 *
 * @param elapsedNanos time since the run started
 * @param open connections receiving an event stream
 * @param target streams the plan wants open now (started so far for the open model)
 * @param eventsPerSecond events received in the last interval, per second
 * @param ttfeP50Micros median time to first event so far, or -1 before any
 * @param ttfeP99Micros 99th percentile time to first event so far, or -1 before any
 * @param errors connections ended in error so far
 */
record Progress(
    long elapsedNanos,
    long open,
    long target,
    double eventsPerSecond,
    long ttfeP50Micros,
    long ttfeP99Micros,
    long errors) {}
