package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.core.config.Settings;
import java.util.Map;

/** A servlet stream's flush under way keeps its events from the periodic check. */
class ServletStreamFlushTest extends FlushUnderWayContract {

  /**
   * The stream holds its request and response weakly, as it holds a container's; the test keeps
   * them, as the container does (else a collection in between turns the stream away).
   */
  private final Object request = ServletFakes.request();

  private final Object response = ServletFakes.eventStreamResponse(() -> true);

  /** Committed at its first flush, then one event written. */
  @Override
  BodyContext recordingWithOneEventWritten() {
    ServletStream s = ServletFakes.eventStream(recorders, Settings.of(Map.of()), request, response);
    s.onFlush();
    return withOneEventWritten(s);
  }
}
