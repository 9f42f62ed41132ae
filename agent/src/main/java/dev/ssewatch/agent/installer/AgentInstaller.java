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
import dev.ssewatch.core.config.Settings;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs in the agent's own class loader, after {@link AgentStartup}: builds the agent's transformer
 * (plain matching; Byte Buddy only loads with the first class that matches), puts hooks in the
 * bridge that wait for the recording ({@link PendingHooks}) and registers the transformer. The rest
 * (core's dispatcher and recorders, the exporters, the retransformation of matching classes already
 * loaded, the ready line) is {@link AgentSetUp}'s, after premain returns.
 */
public final class AgentInstaller {

  /** Kill switch: {@code -Dssewatch.enabled=false} or {@code SSEWATCH_ENABLED=false}. */
  static final String ENABLED = "ssewatch.enabled";

  /** Logs each instrumented class and each failure to instrument one. */
  static final String DEBUG = "ssewatch.agent.debug";

  static final String VERSION = "0.1.0";

  private AgentInstaller() {}

  /** Installs with core's recording, set up after premain returns or before an attach returns. */
  static void install(Settings settings, Instrumentation inst, long startNanos, boolean attached) {
    install(settings, inst, startNanos, attached, new CoreRecording(), PendingHooks.MAX_WAIT);
  }

  /**
   * Registers the transformer and returns the set-up to come: started on {@value
   * AgentSetUp#THREAD_NAME} after premain, run here for an attach.
   *
   * @param recording makes the recording from the settings (core's, outside tests)
   * @param maxWait how long after this call an exchange waits at most for the recording
   */
  static AgentSetUp install(
      Settings settings,
      Instrumentation inst,
      long startNanos,
      boolean attached,
      Function<Settings, Recording> recording,
      Duration maxWait) {
    ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
    boolean debug = settings.bool(DEBUG, false);
    List<InstrumentationModule> modules = new ArrayList<>();
    Set<String> enabled = new HashSet<>();
    List<TypeInstrumentation> instrumentations = new ArrayList<>();
    for (InstrumentationModule m : modules()) {
      if (settings.bool("ssewatch.agent.instrumentation." + m.name() + ".enabled", true)) {
        modules.add(m);
        enabled.add(m.name());
        instrumentations.addAll(m.typeInstrumentations());
      }
    }
    ServerFamilies families = new ServerFamilies(ServerFamilies.ALL, enabled, debug);
    AtomicLong failures = new AtomicLong();
    AgentTransformer transformer =
        new AgentTransformer(
            agentLoader,
            new InstrumentationIndex(instrumentations),
            debug,
            failures,
            families,
            true);
    // In the bridge before any class is advised: an exchange that begins before the recording is
    // set up waits for it rather than going unrecorded.
    PendingHooks pending = new PendingHooks(maxWait);
    SseHooks.install(pending);
    ServerStreams.install(pending);
    inst.addTransformer(transformer, true);
    AgentSetUp setUp =
        new AgentSetUp(
            settings,
            inst,
            transformer,
            pending,
            recording,
            families,
            describe(modules),
            debug,
            failures,
            startNanos,
            System.nanoTime() - startNanos,
            attached ? "attached" : "premain");
    if (attached) {
      setUp.run();
    } else {
      Thread thread = new Thread(setUp, AgentSetUp.THREAD_NAME);
      thread.setDaemon(true);
      // Core's exporters are found with ServiceLoader in the agent's loader, and the threads the
      // set-up starts inherit this loader, never the application's.
      thread.setContextClassLoader(agentLoader);
      thread.start();
    }
    return setUp;
  }

  /** Core's recording: what {@link #install} sets up outside tests. */
  private static final class CoreRecording implements Function<Settings, Recording> {
    @Override
    public Recording apply(Settings settings) {
      return Recording.start(settings);
    }
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

  /** The enabled modules, as the ready line names them. */
  private static String describe(List<InstrumentationModule> modules) {
    List<String> out = new ArrayList<>();
    for (InstrumentationModule m : modules) {
      String n = m.name();
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
    return out.isEmpty() ? "nothing" : String.join(", ", out);
  }
}
