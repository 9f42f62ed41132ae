package dev.ssewatch.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * Entry point of {@code -javaagent:ssewatch-agent.jar} (and of a late attach). It does as little as
 * possible in the application's class loader: it puts the jar on the bootstrap search path, so that
 * the hooks inlined into application classes ({@code dev.ssewatch.agent.bootstrap}) resolve from
 * any class loader, then hands over to the installer's startup, which lives with Byte Buddy and
 * core in an {@link AgentClassLoader} of its own and installs before this method returns.
 */
public final class SsewatchAgent {

  private static final String STARTUP = "dev.ssewatch.agent.installer.AgentStartup";

  private static boolean started;

  private SsewatchAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  private static synchronized void start(String args, Instrumentation inst, boolean attached) {
    if (started) {
      return;
    }
    started = true;
    long startNanos = System.nanoTime();
    try {
      // Before the jar joins the bootstrap search path, which would otherwise define the loader
      // there, out of reach of this package-private code (a JVM that verifies lazily, or not at
      // all, loads it only here).
      File jar = agentJar();
      ClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      Class<?> startup = Class.forName(STARTUP, true, loader);
      startup
          .getMethod("start", String.class, Instrumentation.class, boolean.class, long.class)
          .invoke(null, args, inst, attached, startNanos);
    } catch (InvocationTargetException e) {
      notStarted(e.getCause());
    } catch (Throwable t) {
      notStarted(t);
    }
  }

  /** The application must start whatever happens to the agent. */
  private static void notStarted(Throwable t) {
    System.err.println("[ssewatch] agent not started, the application runs without it: " + t);
  }

  private static File agentJar() throws URISyntaxException {
    return new File(
        SsewatchAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
