package dev.ssewatch.agent.installer;

import dev.ssewatch.agent.bootstrap.ServerStreams;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.config.Settings;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The part of the installation that no class transformation needs, run once the transformer is
 * registered: on a daemon thread of its own, {@value #THREAD_NAME}, after premain (so that the
 * application's {@code main} does not wait for it), or on the attaching thread before a late attach
 * returns. It creates the recording (core's dispatcher, exporters and recorders), puts its hooks in
 * the bridge and releases the calls that waited for them ({@link PendingHooks}), retransforms the
 * matching classes loaded before the transformer, and prints the ready line with the server
 * families found. If the recording cannot be created (a setting that is not valid, an exporter that
 * fails) the transformer is removed, nothing is recorded, and the application runs on.
 */
final class AgentSetUp implements Runnable {

  static final String THREAD_NAME = "ssewatch-startup";

  private final Settings settings;
  private final Instrumentation inst;
  private final AgentTransformer transformer;
  private final PendingHooks pending;
  private final Function<Settings, Recording> recording;
  private final ServerFamilies families;
  private final String instrumenting;
  private final boolean debug;
  private final AtomicLong failures;
  private final long startNanos;
  private final long premainNanos;
  private final String mode;

  AgentSetUp(
      Settings settings,
      Instrumentation inst,
      AgentTransformer transformer,
      PendingHooks pending,
      Function<Settings, Recording> recording,
      ServerFamilies families,
      String instrumenting,
      boolean debug,
      AtomicLong failures,
      long startNanos,
      long premainNanos,
      String mode) {
    this.settings = settings;
    this.inst = inst;
    this.transformer = transformer;
    this.pending = pending;
    this.recording = recording;
    this.families = families;
    this.instrumenting = instrumenting;
    this.debug = debug;
    this.failures = failures;
    this.startNanos = startNanos;
    this.premainNanos = premainNanos;
    this.mode = mode;
  }

  @Override
  public void run() {
    Recording r;
    try {
      r = recording.apply(settings);
    } catch (Throwable t) {
      inst.removeTransformer(transformer);
      SseHooks.install(null);
      ServerStreams.install(null);
      pending.failed();
      AgentLog.info("agent not started, the application runs without it: " + t);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(r.atExit(), "ssewatch-shutdown"));
    // The bridge first, so that new calls go straight to the agent's hooks, then the waiting ones.
    SseHooks.install(r.hooks());
    ServerStreams.install(r.serverHooks());
    pending.ready(r.hooks(), r.serverHooks());
    int retransformed = new LoadedClasses(inst, transformer, debug, failures).retransform();
    List<String> found =
        families.onClassPath(
            ClassLoader.getSystemClassLoader(), List.of(inst.getAllLoadedClasses()));
    AgentLog.info(
        readyLine(
            (System.nanoTime() - startNanos) / 1_000_000,
            premainNanos / 1_000_000,
            retransformed,
            found));
  }

  private String readyLine(long millis, long premainMillis, int retransformed, List<String> found) {
    String where =
        "premain".equals(mode) ? "premain, returned after " + premainMillis + " ms" : mode;
    return "agent "
        + AgentInstaller.VERSION
        + " ready in "
        + millis
        + " ms ("
        + where
        + (retransformed > 0 ? ", " + retransformed + " loaded classes retransformed" : "")
        + "); instrumenting "
        + instrumenting
        + (found.isEmpty() ? "" : "; found " + String.join(", ", found))
        + "; exporters: "
        + String.join(",", settings.list("ssewatch.exporters", List.of("jsonl")));
  }
}
