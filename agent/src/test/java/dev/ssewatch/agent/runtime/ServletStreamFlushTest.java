package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.core.config.Settings;
import java.util.Map;

/** A servlet stream's flush under way keeps its events from the periodic check. */
class ServletStreamFlushTest extends FlushUnderWayContract {

  /** Committed at its first flush, then one event written. */
  @Override
  BodyContext recordingWithOneEventWritten() {
    ServletStream s =
        new ServletStream(
            recorders,
            new RecordingWarmUp(Settings.of(Map.of())),
            ServletFakes.request(),
            ServletFakes.eventStreamResponse(() -> true),
            "jakarta.servlet",
            System.nanoTime());
    s.attachBody(new Object(), "text/event-stream");
    s.onFlush();
    return withOneEventWritten(s);
  }
}
