package dev.ssewatch.load;

import org.HdrHistogram.Histogram;

/**
 * One second of a run (the last may be shorter), for the timeline: what happened in it and the
 * state at its end.
 *
 * @param second seconds from the run's start to the interval's start
 * @param open connections receiving an event stream at the interval's end
 * @param connections connections opened in the interval (first ones and reconnects)
 * @param events events received in the interval
 * @param bytes body bytes received in the interval
 * @param errors connections that ended in error in the interval
 * @param reconnects reconnections scheduled in the interval
 * @param ttfe times to first event recorded in the interval, µs
 * @param latency delivery latencies recorded in the interval, µs
 */
record Sample(
    int second,
    long open,
    long connections,
    long events,
    long bytes,
    long errors,
    long reconnects,
    Histogram ttfe,
    Histogram latency) {

  /** Two machines' same second: counts add, histograms merge. */
  Sample plus(Sample o) {
    Histogram t = ttfe.copy();
    t.add(o.ttfe);
    Histogram l = latency.copy();
    l.add(o.latency);
    return new Sample(
        second,
        open + o.open,
        connections + o.connections,
        events + o.events,
        bytes + o.bytes,
        errors + o.errors,
        reconnects + o.reconnects,
        t,
        l);
  }
}
