package dev.ssewatch.agent.installer;

import dev.ssewatch.agent.bootstrap.ServerStreams;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.agent.instrumentation.InstrumentationModule;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.grizzly.GrizzlyInstrumentationModule;
import dev.ssewatch.agent.instrumentation.helidon.HelidonInstrumentationModule;
import dev.ssewatch.agent.instrumentation.jdkhttp.JdkHttpInstrumentationModule;
import dev.ssewatch.agent.instrumentation.netty.NettyInstrumentationModule;
import dev.ssewatch.agent.instrumentation.servlet.ServletInstrumentationModule;
import dev.ssewatch.agent.instrumentation.undertow.UndertowInstrumentationModule;
import dev.ssewatch.agent.runtime.AgentHooks;
import dev.ssewatch.agent.runtime.RecordingWarmUp;
import dev.ssewatch.agent.runtime.ServerStreamHooks;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.time.TimeSource;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs in the agent's own class loader, after {@link AgentStartup}: starts core's dispatcher and
 * recorders, installs the bridge, builds the agent's transformer (plain matching; Byte Buddy only
 * loads with the first class that matches), registers it and redoes the matching classes already
 * loaded.
 */
public final class AgentInstaller {

  /** Kill switch: {@code -Dssewatch.enabled=false} or {@code SSEWATCH_ENABLED=false}. */
  static final String ENABLED = "ssewatch.enabled";

  /** Logs each instrumented class and each failure to instrument one. */
  static final String DEBUG = "ssewatch.agent.debug";

  private static final String VERSION = "0.1.0";

  /**
   * What the exporters get, all together, to send what is left when the JVM exits: the budget the
   * exporters' {@code shutdown-timeout}s are documented to share. Past it the JVM halts and the
   * exporters still waiting lose what they held.
   */
  static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(5);

  private AgentInstaller() {}

  /** The shutdown hook's work: end the open streams, then drain and shut down every exporter. */
  static Runnable onExit(StreamRecorders recorders, TelemetryDispatcher dispatcher) {
    return () -> {
      recorders.close();
      dispatcher.shutdown(SHUTDOWN_BUDGET);
    };
  }

  static void install(Settings settings, Instrumentation inst, long startNanos, String mode) {
    ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    TelemetryDispatcher dispatcher;
    StreamRecorders recorders;
    // Core finds its sinks with ServiceLoader; they live here, not in the application's loader,
    // and threads started now inherit this loader rather than the application's.
    current.setContextClassLoader(agentLoader);
    try {
      dispatcher = TelemetryDispatcher.create(settings);
      recorders =
          StreamRecorders.create(settings, StreamSource.AGENT, dispatcher, TimeSource.system());
    } finally {
      current.setContextClassLoader(previous);
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(onExit(recorders, dispatcher), "ssewatch-shutdown"));
    RecordingWarmUp warmUp = new RecordingWarmUp(settings);
    SseHooks.install(new AgentHooks(recorders, warmUp));
    ServerStreams.install(new ServerStreamHooks(recorders, warmUp));

    boolean debug = settings.bool(DEBUG, false);
    List<InstrumentationModule> modules = new ArrayList<>();
    for (InstrumentationModule m : modules()) {
      if (settings.bool("ssewatch.agent.instrumentation." + m.name() + ".enabled", true)) {
        modules.add(m);
      }
    }
    List<String> names = new ArrayList<>();
    ServerFamilies families =
        new ServerFamilies(
            ServerFamilies.ALL,
            new java.util.HashSet<>(modules.stream().map(InstrumentationModule::name).toList()),
            debug);
    List<TypeInstrumentation> instrumentations = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      names.add(module.name());
      instrumentations.addAll(module.typeInstrumentations());
    }
    AtomicLong failures = new AtomicLong();
    AgentTransformer transformer =
        new AgentTransformer(
            agentLoader,
            new InstrumentationIndex(instrumentations),
            debug,
            failures,
            families,
            true);
    inst.addTransformer(transformer, true);
    int retransformed = new LoadedClasses(inst, transformer, debug, failures).retransform();
    List<String> found =
        families.onClassPath(
            ClassLoader.getSystemClassLoader(), List.of(inst.getAllLoadedClasses()));
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    AgentLog.info(
        "agent "
            + VERSION
            + " ready in "
            + millis
            + " ms ("
            + mode
            + (retransformed > 0 ? ", " + retransformed + " loaded classes retransformed" : "")
            + "); instrumenting "
            + String.join(", ", describe(names))
            + (found.isEmpty() ? "" : "; found " + String.join(", ", found))
            + "; exporters: "
            + String.join(",", settings.list("ssewatch.exporters", List.of("jsonl"))));
  }

  /** Every instrumentation module, in the order their type instrumentations are indexed. */
  static List<InstrumentationModule> modules() {
    return List.of(
        new ServletInstrumentationModule(),
        new NettyInstrumentationModule(),
        new UndertowInstrumentationModule(),
        new GrizzlyInstrumentationModule(),
        new HelidonInstrumentationModule(),
        new JdkHttpInstrumentationModule());
  }

  private static List<String> describe(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      switch (n) {
        case "servlet":
          out.add("servlet (jakarta.servlet, javax.servlet)");
          break;
        case "netty":
          out.add("netty http (4.1, 4.2)");
          break;
        case "undertow":
          out.add("undertow core (2.x)");
          break;
        case "grizzly":
          out.add("grizzly http (4.x)");
          break;
        case "helidon":
          out.add("helidon se (4.x, http/1)");
          break;
        case "jdkhttp":
          out.add("jdk http server (com.sun.net.httpserver)");
          break;
        default:
          out.add(n);
      }
    }
    return out.isEmpty() ? List.of("nothing") : out;
  }
}
