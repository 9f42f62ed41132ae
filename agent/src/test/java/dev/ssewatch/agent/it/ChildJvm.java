package dev.ssewatch.agent.it;

import static org.awaitility.Awaitility.await;

import dev.ssewatch.agent.apps.SseScenario;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test application in its own JVM with the packaged agent attached, writing telemetry to a
 * temporary JSON-lines file; its output goes to files the tests search for leaks.
 */
final class ChildJvm implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("LISTENING (\\d+)");

  private final Process process;
  private final Path dir;
  private final Path stdout;
  private final Path stderr;
  private final String canary;
  private final Telemetry telemetry;
  private final int port;

  private ChildJvm(Process process, Path dir, String canary, boolean awaitAgent) {
    this.process = process;
    this.dir = dir;
    this.stdout = dir.resolve("stdout.txt");
    this.stderr = dir.resolve("stderr.txt");
    this.canary = canary;
    this.telemetry = new Telemetry(dir.resolve("telemetry.jsonl"));
    int[] found = new int[1];
    await("the application to listen")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "application exited with " + process.exitValue() + ":\n" + stderr());
              }
              Matcher m = LISTENING.matcher(stdout());
              if (m.find()) {
                found[0] = Integer.parseInt(m.group(1));
                return true;
              }
              return false;
            });
    this.port = found[0];
    if (awaitAgent) {
      awaitAgent();
    }
  }

  /**
   * Waits for the agent's one line (ready, disabled or not started): streams that begin before it
   * is ready, as with a late attach, are not recorded.
   */
  void awaitAgent() {
    await("the agent to be ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "application exited with " + process.exitValue() + ":\n" + stderr());
              }
              return stderr().lines().anyMatch(l -> l.startsWith("[ssewatch] agent "));
            });
  }

  /** Builder-style options for {@link #start}. */
  static final class Options {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    boolean agent = true;
    boolean awaitAgent = true;
    final List<String> jvmArgs = new ArrayList<>();

    Options java(Path javaBinary) {
      this.java = javaBinary;
      return this;
    }

    Options withoutAgent() {
      this.agent = false;
      return this;
    }

    /** Returns once the application listens, whether or not the agent is ready. */
    Options withoutAwaitingAgent() {
      this.awaitAgent = false;
      return this;
    }

    Options jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }
  }

  static ChildJvm start(List<Path> classpath, String mainClass, String... args) throws IOException {
    return start(new Options(), classpath, mainClass, args);
  }

  static ChildJvm start(Options options, List<Path> classpath, String mainClass, String... args)
      throws IOException {
    Path dir = Files.createTempDirectory("ssewatch-it");
    String canary = "CANARY-" + UUID.randomUUID();
    List<String> cmd = new ArrayList<>();
    cmd.add(options.java.toString());
    if (options.agent) {
      cmd.add("-javaagent:" + agentJar());
    }
    cmd.add("-Dssewatch.jsonl.path=" + dir.resolve("telemetry.jsonl"));
    cmd.add("-Dssewatch.event-id=raw");
    cmd.add("-Dssewatch.batch.delay=20ms");
    cmd.add("-D" + SseScenario.CANARY_PROPERTY + "=" + canary);
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(options.jvmArgs);
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    try {
      return new ChildJvm(p, dir, canary, options.agent && options.awaitAgent);
    } catch (RuntimeException | Error e) {
      // No one holds the application to close it: a JVM that never listened must not outlive
      // the test run.
      p.destroyForcibly();
      throw e;
    }
  }

  static Path agentJar() {
    return Path.of(System.getProperty("ssewatch.it.agentJar", "target/ssewatch-agent.jar"))
        .toAbsolutePath();
  }

  /**
   * A JDK 25's {@code java}: the one {@code JAVA25_HOME} names, else one installed next to the JDK
   * running the tests (as distributions install them, side by side), recognised by its {@code
   * release} file.
   */
  static Optional<Path> java25() {
    String named = System.getenv("JAVA25_HOME");
    if (named != null && !named.isBlank()) {
      Path java = Path.of(named, "bin", "java");
      return Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
    }
    Path jdks = Path.of(System.getProperty("java.home")).toAbsolutePath().getParent();
    if (jdks == null) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> homes = Files.newDirectoryStream(jdks)) {
      for (Path home : homes) {
        Path release = home.resolve("release");
        Path java = home.resolve("bin").resolve("java");
        if (Files.isRegularFile(release)
            && Files.isExecutable(java)
            && Files.readString(release).contains("JAVA_VERSION=\"25")) {
          return Optional.of(java);
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Test classes plus the jars of this test run whose file names start with a prefix. */
  static List<Path> testClasspath(String... jarPrefixes) {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<Path> out = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      if (name.equals("test-classes")) {
        out.add(0, p);
        continue;
      }
      for (String prefix : jarPrefixes) {
        if (name.startsWith(prefix) && name.endsWith(".jar")) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** Test classes plus the jars copied for servers that clash with the reactor's versions. */
  static List<Path> copiedClasspath(String name) {
    List<Path> out = testClasspath();
    Path dir = Path.of(System.getProperty("ssewatch.it.classpaths", "target/it-classpaths"), name);
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
      jars.forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  int port() {
    return port;
  }

  String canary() {
    return canary;
  }

  Telemetry telemetry() {
    return telemetry;
  }

  String stdout() {
    return read(stdout);
  }

  String stderr() {
    return read(stderr);
  }

  long pid() {
    return process.pid();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  Path dir() {
    return dir;
  }
}
