package dev.ssewatch.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.ServerStreams;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.agent.runtime.AgentHooks;
import dev.ssewatch.agent.runtime.RecordingWarmUp;
import dev.ssewatch.agent.runtime.ServerStreamHooks;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Premain registers the transformer and returns; the recording is set up afterwards on a thread of
 * its own. An exchange that begins before that is over waits for it and is recorded from its start;
 * the wait is bounded, and a failed set-up leaves the application running unrecorded.
 */
class BackgroundSetUpTest {

  private static final Settings SETTINGS = Settings.of(Map.of());

  /** Ample for any machine: the tests never wait for it to pass unless they mean to. */
  private static final Duration NO_DEADLINE = Duration.ofHours(1);

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final List<ClassFileTransformer> transformers = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch recordingAsked = new CountDownLatch(1);
  private StreamRecorders recorders;

  @AfterEach
  void uninstall() throws InterruptedException {
    release.countDown();
    // The set-up thread puts its hooks in the bridge once released: it must be done before the
    // bridge is cleared for the next test.
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(AgentSetUp.THREAD_NAME)) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
    }
    SseHooks.install(null);
    ServerStreams.install(null);
    if (recorders != null) {
      recorders.close();
    }
  }

  /** The recording of these tests, made only once {@link #release} opens. */
  private Function<Settings, Recording> blockedRecording() {
    return settings -> {
      recordingAsked.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      recorders =
          StreamRecorders.createWithoutTicker(
              settings, StreamSource.AGENT, records::add, TimeSource.system());
      RecordingWarmUp warmUp =
          new RecordingWarmUp(Settings.of(Map.of("ssewatch.agent.warmup", "false")));
      return new Recording(
          new AgentHooks(recorders, warmUp), new ServerStreamHooks(recorders, warmUp), () -> {});
    };
  }

  /** An instrumentation that registers transformers and has no class loaded. */
  private Instrumentation instrumentation() {
    return (Instrumentation)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Instrumentation.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "addTransformer":
                  transformers.add((ClassFileTransformer) args[0]);
                  return null;
                case "removeTransformer":
                  return transformers.remove((ClassFileTransformer) args[0]);
                case "getAllLoadedClasses":
                  return new Class<?>[0];
                case "isModifiableClass":
                  return false;
                default:
                  return null;
              }
            });
  }

  /**
   * Installs as premain does, and fails the test if that does not return: premain must not wait for
   * the recording.
   */
  private void premain(Function<Settings, Recording> recording, Duration maxWait) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            AgentInstaller.install(
                SETTINGS, instrumentation(), System.nanoTime(), false, recording, maxWait));
  }

  /** An event stream as the servers without a servlet layer start one, with three events. */
  private static BodyContext streamThreeEvents() {
    BodyContext c =
        ServerStreams.start(
            new Object(),
            "test",
            null,
            "GET",
            "/events",
            List.of(Map.entry("Accept", "text/event-stream")),
            200,
            List.of(Map.entry("Content-Type", "text/event-stream")));
    if (c == null) {
      return null;
    }
    for (int i = 1; i <= 3; i++) {
      byte[] event = ("id: " + i + "\ndata: tick\n\n").getBytes(StandardCharsets.UTF_8);
      c.onBytes(event, 0, event.length);
      c.onFlush();
    }
    c.onClose();
    return c;
  }

  @Test
  void premainReturnsWithTheTransformerRegisteredBeforeTheRecordingIsSetUp() throws Exception {
    premain(blockedRecording(), NO_DEADLINE);

    assertThat(transformers).hasSize(1);
    assertThat(recordingAsked.await(30, TimeUnit.SECONDS))
        .as("the set-up runs on a thread of its own")
        .isTrue();
    assertThat(records).isEmpty();
  }

  @Test
  void aStreamThatBeginsBeforeTheRecordingIsSetUpWaitsAndIsRecordedFromItsStart() throws Exception {
    premain(blockedRecording(), NO_DEADLINE);
    assertThat(recordingAsked.await(30, TimeUnit.SECONDS)).isTrue();
    AtomicReference<BodyContext> context = new AtomicReference<>();
    Thread exchange = new Thread(() -> context.set(streamThreeEvents()), "exchange");
    exchange.start();

    await("the exchange waiting for the set-up")
        .atMost(Duration.ofSeconds(30))
        .until(() -> exchange.getState() == Thread.State.TIMED_WAITING);
    assertThat(records).isEmpty();
    release.countDown();
    exchange.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(context.get()).as("the stream was started").isNotNull();
    await("the stream's records")
        .atMost(Duration.ofSeconds(30))
        .until(() -> records.stream().anyMatch(r -> r instanceof StreamEnd));
    assertThat(records.get(0)).isInstanceOf(StreamStart.class);
    assertThat(records.stream().filter(r -> r instanceof EventRecord)).hasSize(3);
    StreamEnd end =
        (StreamEnd) records.stream().filter(r -> r instanceof StreamEnd).findFirst().orElseThrow();
    assertThat(end.events()).isEqualTo(3);
    assertThat(end.closeReason()).isEqualTo(CloseReason.COMPLETED);
  }

  @Test
  void onceSetUpTheAgentsHooksAreInTheBridgeAndStreamsAreRecordedWithoutWaiting() {
    premain(blockedRecording(), NO_DEADLINE);
    release.countDown();
    await("the set-up")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !(hooksInBridge() instanceof PendingHooks));

    assertThat(streamThreeEvents()).isNotNull();
    assertThat(records.stream().filter(r -> r instanceof EventRecord)).hasSize(3);
  }

  @Test
  void aStreamThatBeginsAfterTheDeadlineIsNotRecordedAndDoesNotWait() throws Exception {
    // The deadline has passed by the time the stream begins; the set-up never finishes.
    premain(blockedRecording(), Duration.ZERO);
    assertThat(recordingAsked.await(30, TimeUnit.SECONDS)).isTrue();

    AtomicReference<BodyContext> context = new AtomicReference<>(new BodyContext() {});
    Thread exchange = new Thread(() -> context.set(streamThreeEvents()), "exchange");
    exchange.start();
    exchange.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(exchange.isAlive()).as("the exchange waited for the set-up").isFalse();
    assertThat(context.get()).isNull();
    assertThat(records).isEmpty();
  }

  @Test
  void aFailedSetUpRemovesTheTransformerAndReleasesTheWaitingExchanges() throws Exception {
    CountDownLatch fail = new CountDownLatch(1);
    premain(
        settings -> {
          try {
            fail.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          throw new SettingsException("ssewatch.exporters", "no exporter named 'nope'");
        },
        NO_DEADLINE);
    AtomicReference<BodyContext> context = new AtomicReference<>(new BodyContext() {});
    Thread exchange = new Thread(() -> context.set(streamThreeEvents()), "exchange");
    exchange.start();
    await("the exchange waiting for the set-up")
        .atMost(Duration.ofSeconds(30))
        .until(() -> exchange.getState() == Thread.State.TIMED_WAITING);

    fail.countDown();
    exchange.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(exchange.isAlive()).isFalse();
    assertThat(context.get()).isNull();
    assertThat(transformers).isEmpty();
    assertThat(hooksInBridge()).isNull();
  }

  @Test
  void anInterruptedWaitGivesTheThreadBackInterruptedAndUnrecorded() throws Exception {
    PendingHooks pending = new PendingHooks(NO_DEADLINE);
    AtomicReference<Object> token = new AtomicReference<>("not asked");
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    Thread exchange =
        new Thread(
            () -> {
              token.set(pending.servletEnter(new Object(), new Object(), true, "jakarta.servlet"));
              interrupted.set(Thread.currentThread().isInterrupted());
            });
    exchange.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> exchange.getState() == Thread.State.TIMED_WAITING);

    exchange.interrupt();
    exchange.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(token.get()).isNull();
    assertThat(interrupted.get()).isTrue();
  }

  /** The hooks the bridge holds now, read as the advice would reach them. */
  private static Object hooksInBridge() throws ReflectiveOperationException {
    var f = SseHooks.class.getDeclaredField("hooks");
    f.setAccessible(true);
    return f.get(null);
  }
}
