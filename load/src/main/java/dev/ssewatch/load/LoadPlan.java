package dev.ssewatch.load;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a run needs, validated.
 *
 * @param scenario the targets
 * @param streams the fixed population: streams opened over the ramp and kept open; 0 with a rate
 * @param rate new streams per second (open model); 0 for a fixed population
 * @param ramp how long the fixed population takes to open, evenly spread
 * @param duration how long the run lasts at most
 * @param eventsPerStream the client closes a stream after this many events; 0 for no limit
 * @param maxOpen most streams open at once; a start beyond it is skipped and counted
 * @param idleBudget the idle timeout of the tightest intermediary, for core's idle detectors
 * @param reconnect whether a GET stream reconnects after it ends, as EventSource does
 * @param retryDefault the reconnection delay until the server sends {@code retry}
 * @param connectTimeout how long a TCP connect may take
 * @param latency where the server states each event's send time, or {@code null}
 * @param insecure whether to trust any TLS certificate
 * @param ca a PEM file of trusted certificates, or {@code null} for the JDK's
 * @param transport epoll or NIO
 * @param threads event loop threads
 */
record LoadPlan(
    Scenario scenario,
    int streams,
    double rate,
    Duration ramp,
    Duration duration,
    long eventsPerStream,
    int maxOpen,
    Duration idleBudget,
    boolean reconnect,
    Duration retryDefault,
    Duration connectTimeout,
    LatencySource latency,
    boolean insecure,
    Path ca,
    ClientTransport transport,
    int threads) {

  /** Most streams of a fixed population, and the largest {@code --max-open}. */
  static final int MAX_STREAMS = 1_000_000;

  /** Fastest open model: new streams per second. */
  static final double MAX_RATE = 100_000;

  LoadPlan {
    if (streams > 0 && rate > 0) {
      throw new IllegalArgumentException("give either --streams or --rate, not both");
    }
    if (streams == 0 && rate == 0) {
      throw new IllegalArgumentException("--streams must be 1 or more");
    }
    if (streams < 0 || streams > MAX_STREAMS) {
      throw new IllegalArgumentException("--streams must be between 1 and " + MAX_STREAMS);
    }
    if (rate < 0 || rate > MAX_RATE || Double.isNaN(rate)) {
      throw new IllegalArgumentException("--rate must be above 0 and at most " + (long) MAX_RATE);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be above 0");
    }
    if (ramp.isNegative()) {
      throw new IllegalArgumentException("--ramp must not be negative");
    }
    if (eventsPerStream < 0) {
      throw new IllegalArgumentException("--events must be 1 or more");
    }
    if (maxOpen < 1 || maxOpen > MAX_STREAMS) {
      throw new IllegalArgumentException("--max-open must be between 1 and " + MAX_STREAMS);
    }
    if (idleBudget.isNegative() || idleBudget.isZero()) {
      throw new IllegalArgumentException("--idle-budget must be above 0");
    }
    if (retryDefault.isNegative()) {
      throw new IllegalArgumentException("--retry must not be negative");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("--connect-timeout must be above 0");
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("--threads must be between 1 and 256");
    }
  }

  /** Streams that should have started {@code elapsedNanos} into the run. */
  long startsDue(long elapsedNanos) {
    if (rate > 0) {
      return (long) (rate * elapsedNanos / 1e9);
    }
    long ramp = this.ramp.toNanos();
    if (ramp <= 0 || elapsedNanos >= ramp) {
      return streams;
    }
    // Stream i opens at i/streams of the ramp: the first at once, the last just before its end.
    return Math.min(streams, (long) ((double) streams * elapsedNanos / ramp) + 1);
  }
}
