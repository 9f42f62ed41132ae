package dev.ssewatch.it;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A forked JVM running one of this module's classes with Netty, its output collected for searching.
 * Closing its standard input asks it to stop.
 */
final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final StringBuffer stdout = new StringBuffer();
  private final StringBuffer stderr = new StringBuffer();

  private final Thread outPump;
  private final Thread errPump;

  private ChildJvm(Process process) {
    this.process = process;
    this.outPump = pump(process.getInputStream(), stdout, "child-stdout");
    this.errPump = pump(process.getErrorStream(), stderr, "child-stderr");
  }

  /**
   * Starts {@code mainClass} with {@code jvmArgs} (another {@code -javaagent}, say), then {@code
   * -javaagent:agent} and {@code properties} as {@code -D}.
   */
  static ChildJvm start(
      List<String> jvmArgs,
      Path agent,
      Map<String, String> properties,
      Class<?> mainClass,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-javaagent:" + agent);
    command.add("-Xmx256m");
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(applicationClasspath(mainClass));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    try {
      return new ChildJvm(new ProcessBuilder(command).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@link NettySseApp} under the agent, serving the canary and the Set-Cookie secret. */
  static ChildJvm startNettySseApp(
      List<String> jvmArgs, Path agent, Map<String, String> properties, Secrets secrets) {
    return start(
        jvmArgs, agent, properties, NettySseApp.class, secrets.canary(), secrets.setCookie());
  }

  /**
   * What an application of its own would have: the directory holding {@code mainClass}, and Netty.
   * Not the test classpath, which holds ssewatch itself: the agent module's unshaded classes there
   * would shadow the agent jar's own, and the agent would not start.
   */
  private static String applicationClasspath(Class<?> mainClass) {
    try {
      String own =
          Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      List<String> entries = new ArrayList<>(List.of(own));
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (Path.of(entry).getFileName().toString().startsWith("netty-")) {
          entries.add(entry);
        }
      }
      return String.join(File.pathSeparator, entries);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Thread pump(InputStream in, StringBuffer into, String name) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                // The process went away: what was read is kept.
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits for the line {@code prefix...} on standard output and returns what follows it. */
  String awaitLine(String prefix, Duration atMost) {
    await()
        .atMost(atMost)
        .until(
            () ->
                stdout.indexOf(prefix) >= 0 && stdout.indexOf("\n", stdout.indexOf(prefix)) > 0
                    || !process.isAlive());
    int at = stdout.indexOf(prefix);
    if (at < 0) {
      throw new IllegalStateException(
          "child exited with "
              + process.exitValue()
              + " before printing "
              + prefix
              + ":\n"
              + output());
    }
    return stdout.substring(at + prefix.length(), stdout.indexOf("\n", at)).trim();
  }

  /**
   * Waits for {@link NettySseApp}'s port, then for the agent's ready line, so that no stream can
   * start before the agent records it; returns the port.
   */
  int awaitAppAndAgent(Duration atMost) {
    int port = Integer.parseInt(awaitLine(NettySseApp.LISTENING, atMost));
    await().atMost(atMost).until(() -> output().contains("[ssewatch] agent "));
    return port;
  }

  /** Closes its standard input and waits for it to exit on its own; returns the exit code. */
  int stop(Duration atMost) throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already gone.
    }
    if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("child did not exit within " + atMost + ":\n" + output());
    }
    // What the process wrote last is read once the pipes reach their end.
    outPump.join(5_000);
    errPump.join(5_000);
    return process.exitValue();
  }

  /** Standard output and standard error so far. */
  String output() {
    return stdout + "\n" + stderr;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
