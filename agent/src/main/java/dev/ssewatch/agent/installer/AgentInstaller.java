package dev.ssewatch.agent.installer;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.agent.instrumentation.InstrumentationModule;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.netty.NettyInstrumentationModule;
import dev.ssewatch.agent.instrumentation.servlet.ServletInstrumentationModule;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.time.TimeSource;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Runs in the agent's own class loader, after {@link AgentStartup}: starts core's dispatcher and
 * recorders, installs the bridge, builds the instrumentation, publishes it to the gate and redoes
 * the matching classes already loaded.
 */
public final class AgentInstaller {

  /** Kill switch: {@code -Dssewatch.enabled=false} or {@code SSEWATCH_ENABLED=false}. */
  static final String ENABLED = "ssewatch.enabled";

  /** Logs each instrumented class and each failure to instrument one. */
  static final String DEBUG = "ssewatch.agent.debug";

  private static final String VERSION = "0.1.0";

  private AgentInstaller() {}

  static void install(
      Settings settings,
      Instrumentation inst,
      Consumer<ClassFileTransformer> publish,
      long startNanos,
      String mode) {
    // Byte Buddy's default initialization strategy looks up its Nexus on construction, and that
    // generates a mirror class through Byte Buddy itself: about a fifth of the installation, for a
    // feature advice inlining never uses. The property is relocated with Byte Buddy, so it only
    // concerns the agent's own copy, never one the application brings.
    System.setProperty(Nexus.PROPERTY, "true");
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
        .addShutdownHook(
            new Thread(
                () -> {
                  recorders.close();
                  dispatcher.shutdown(Duration.ofSeconds(2));
                },
                "ssewatch-shutdown"));
    SseHooks.install(new AgentHooks(recorders));

    boolean debug = settings.bool(DEBUG, false);
    List<InstrumentationModule> modules = new ArrayList<>();
    for (InstrumentationModule m :
        List.of(new ServletInstrumentationModule(), new NettyInstrumentationModule())) {
      if (settings.bool("ssewatch.agent.instrumentation." + m.name() + ".enabled", true)) {
        modules.add(m);
      }
    }
    AtomicLong failures = new AtomicLong();
    // Never the agent itself (its relocated libraries included), nor the JDK.
    ElementMatcher.Junction<TypeDescription> ignored =
        nameStartsWith("dev.ssewatch.agent.")
            .or(nameStartsWith("java."))
            .or(nameStartsWith("javax.crypto."))
            .or(nameStartsWith("jdk."))
            .or(nameStartsWith("sun."))
            .or(nameStartsWith("com.sun."))
            .or(isSynthetic());
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            // Only changes method bodies, which a retransformation allows; the classes loaded
            // before the transformer was published are retransformed below, by the agent itself.
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(new Listener(debug, failures))
            .ignore(ignored, loader -> loader == null || loader == agentLoader);
    List<String> names = new ArrayList<>();
    List<TypeInstrumentation> instrumentations = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      names.add(module.name());
      for (TypeInstrumentation ti : module.typeInstrumentations()) {
        AgentBuilder.Transformer.ForAdvice[] advice = {
          new AgentBuilder.Transformer.ForAdvice(Advice.withCustomMapping())
              .include(agentLoader)
              .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING)
        };
        ti.transform((methods, adviceClass) -> advice[0] = advice[0].advice(methods, adviceClass));
        builder = builder.type(ti.typeMatcher(), ti.classLoaderOptimization()).transform(advice[0]);
        instrumentations.add(ti);
      }
    }
    // Built whole before the gate hands it a single class: Byte Buddy never runs next to the
    // application half-made.
    publish.accept(builder.makeRaw());
    int retransformed =
        new LoadedClasses(inst, agentLoader, ignored, instrumentations, debug, failures)
            .retransform();
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
            + "; exporters: "
            + String.join(",", settings.list("ssewatch.exporters", List.of("jsonl"))));
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
        default:
          out.add(n);
      }
    }
    return out.isEmpty() ? List.of("nothing") : out;
  }

  /** Reports failures (counted, and logged with {@code ssewatch.agent.debug}); never throws. */
  private static final class Listener extends AgentBuilder.Listener.Adapter {
    private final boolean debug;
    private final AtomicLong failures;

    Listener(boolean debug, AtomicLong failures) {
      this.debug = debug;
      this.failures = failures;
    }

    @Override
    public void onTransformation(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      if (debug) {
        AgentLog.info("instrumented " + type.getName());
      }
    }

    @Override
    public void onError(
        String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
      failures.incrementAndGet();
      if (debug) {
        AgentLog.info("could not instrument " + typeName + ": " + t);
      }
    }
  }
}
