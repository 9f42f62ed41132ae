package dev.ssewatch.agent.installer;

import dev.ssewatch.core.config.Settings;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What premain does in the agent's class loader: reads the settings, registers the gate, then
 * installs, in premain by default or, with {@code ssewatch.agent.startup=background}, on a daemon
 * thread. Kept apart from {@link AgentInstaller} so that a disabled agent loads nothing more.
 */
public final class AgentStartup {

  /** {@code premain} (default) or {@code background}: where the installation runs. */
  static final String STARTUP = "ssewatch.agent.startup";

  /**
   * Internal, for the agent's own tests only: the background installation waits until this file
   * exists, so that a test can have the application serve streams before the agent is ready.
   */
  static final String TEST_INIT_AFTER_FILE = "ssewatch.agent.internal.test-init-after-file";

  private AgentStartup() {}

  public static void start(
      String args,
      Instrumentation inst,
      boolean attached,
      ClassFileTransformer gate,
      Consumer<ClassFileTransformer> publish,
      long startNanos) {
    Settings settings = Settings.load();
    if (!settings.bool(AgentInstaller.ENABLED, true)) {
      AgentLog.info("agent disabled by " + AgentInstaller.ENABLED + "=false; nothing instrumented");
      return;
    }
    // premain by default: with the background installation, a class loaded and retransformed
    // before the agent is ready can miss its write advice, and a stream then shows no events.
    boolean background =
        settings.choice(STARTUP, "premain", List.of("background", "premain")).equals("background");
    inst.addTransformer(gate, true);
    // A late attach is already off the application's startup, and whoever attaches expects the
    // instrumentation in place when the attach returns.
    String mode = attached ? "attached" : background ? "installed in the background" : "premain";
    Install install = new Install(settings, inst, publish, startNanos, mode);
    if (attached || !background) {
      install.run();
      return;
    }
    Thread init = new Thread(install, "ssewatch-agent-init");
    init.setDaemon(true);
    init.start();
  }

  /** A named class rather than a lambda: premain must not bootstrap the lambda machinery. */
  private static final class Install implements Runnable {
    private final Settings settings;
    private final Instrumentation inst;
    private final Consumer<ClassFileTransformer> publish;
    private final long startNanos;
    private final String mode;

    Install(
        Settings settings,
        Instrumentation inst,
        Consumer<ClassFileTransformer> publish,
        long startNanos,
        String mode) {
      this.settings = settings;
      this.inst = inst;
      this.publish = publish;
      this.startNanos = startNanos;
      this.mode = mode;
    }

    @Override
    public void run() {
      try {
        awaitTestRelease(settings.get(TEST_INIT_AFTER_FILE));
        AgentInstaller.install(settings, inst, publish, startNanos, mode);
      } catch (Throwable t) {
        AgentLog.info("agent not started, the application runs without it: " + t);
      }
    }
  }

  private static void awaitTestRelease(String file) throws InterruptedException {
    if (file == null || file.isBlank()) {
      return;
    }
    Path path = Path.of(file);
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(path) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
