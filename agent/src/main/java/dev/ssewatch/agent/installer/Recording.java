package dev.ssewatch.agent.installer;

import dev.ssewatch.agent.bootstrap.Hooks;
import dev.ssewatch.agent.bootstrap.ServerHooks;
import dev.ssewatch.agent.runtime.AgentHooks;
import dev.ssewatch.agent.runtime.RecordingWarmUp;
import dev.ssewatch.agent.runtime.ServerStreamHooks;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.time.TimeSource;
import java.time.Duration;

/**
 * What records: the hooks the advice calls, over core's recorders and dispatcher, and what the JVM
 * runs at exit to end the open streams and drain the exporters.
 */
record Recording(Hooks hooks, ServerHooks serverHooks, Runnable atExit) {

  /**
   * What the exporters get, all together, to send what is left when the JVM exits: the budget the
   * exporters' {@code shutdown-timeout}s are documented to share. Past it the JVM halts and the
   * exporters still waiting lose what they held.
   */
  static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(5);

  /** The shutdown hook's work: end the open streams, then drain and shut down every exporter. */
  static Runnable onExit(StreamRecorders recorders, TelemetryDispatcher dispatcher) {
    return () -> {
      recorders.close();
      dispatcher.shutdown(SHUTDOWN_BUDGET);
    };
  }

  /**
   * Core's dispatcher (with the exporters of {@code ssewatch.exporters}) and recorders, from {@code
   * settings}; throws for a setting that is not valid.
   */
  static Recording start(Settings settings) {
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    TelemetryDispatcher dispatcher;
    StreamRecorders recorders;
    // Core finds its sinks with ServiceLoader; they live in the agent's loader, not in the
    // application's, and threads started now inherit this loader rather than the application's.
    current.setContextClassLoader(Recording.class.getClassLoader());
    try {
      dispatcher = TelemetryDispatcher.create(settings);
      recorders =
          StreamRecorders.create(settings, StreamSource.AGENT, dispatcher, TimeSource.system());
    } finally {
      current.setContextClassLoader(previous);
    }
    RecordingWarmUp warmUp = new RecordingWarmUp(settings);
    return new Recording(
        new AgentHooks(recorders, warmUp),
        new ServerStreamHooks(recorders, warmUp),
        onExit(recorders, dispatcher));
  }
}
