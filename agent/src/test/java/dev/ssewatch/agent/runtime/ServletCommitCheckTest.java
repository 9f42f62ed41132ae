package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A servlet event stream asks its response whether it has committed after every write and flush
 * until it has: cheaply, without allocating.
 */
class ServletCommitCheckTest {

  private static final int ROUNDS = 20_000;

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, records::add, TimeSource.system());
  private final Object request =
      Proxy.newProxyInstance(
          getClass().getClassLoader(),
          new Class<?>[] {HttpServletRequest.class},
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "getMethod":
                return "GET";
              case "getRequestURI":
                return "/events";
              case "getHeaderNames":
                return Collections.emptyEnumeration();
              default:
                return null;
            }
          });
  private volatile boolean committed;
  private final Object response =
      Proxy.newProxyInstance(
          getClass().getClassLoader(),
          new Class<?>[] {HttpServletResponse.class},
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "isCommitted":
                return committed;
              case "getStatus":
                return 200;
              case "getContentType":
                return "text/event-stream";
              case "getHeaderNames":
                return List.of();
              default:
                return null;
            }
          });

  @AfterEach
  void close() {
    recorders.close();
  }

  private ServletStream holding() {
    ServletStream s =
        new ServletStream(
            recorders,
            new RecordingWarmUp(Settings.of(Map.of())),
            request,
            response,
            "jakarta.servlet",
            System.nanoTime());
    s.attachBody(new Object(), "text/event-stream");
    return s;
  }

  @Test
  void theStreamIsRecordedOnceTheResponseSaysItCommitted() {
    ServletStream s = holding();
    s.onWritten();
    assertThat(records).isEmpty();

    committed = true;
    s.onFlush();
    s.end(CloseReason.COMPLETED);

    assertThat(records).filteredOn(r -> r instanceof StreamEnd).hasSize(1);
  }

  @Test
  void askingWhetherTheResponseCommittedAllocatesNothing() {
    ServletStream s = holding();

    long perRound = allocatedPerRound(s::onWritten);

    // Method.invoke costs an empty argument array per call.
    assertThat(perRound).isLessThan(8);
    assertThat(records).isEmpty();
  }

  private static long allocatedPerRound(Runnable round) {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs per-thread allocation counters");
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported(), "needs per-thread allocation counters");
    mx.setThreadAllocatedMemoryEnabled(true);
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < ROUNDS; i++) {
      round.run();
    }
    long before = mx.getThreadAllocatedBytes(thread);
    for (int i = 0; i < ROUNDS; i++) {
      round.run();
    }
    long after = mx.getThreadAllocatedBytes(thread);
    return (after - before) / ROUNDS;
  }
}
