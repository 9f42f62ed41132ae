package dev.ssewatch.demo;

import dev.ssewatch.demo.backend.BackendMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The demo backend again, in a child JVM started with {@code -javaagent:ssewatch-agent.jar}: the
 * agent's JSON lines arrive on the child's standard output and are handed to {@code lines}.
 */
final class AgentBackend implements AutoCloseable {

  private final Process process;
  private final int port;

  private AgentBackend(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static AgentBackend start(
      Path agentJar,
      Duration pace,
      Duration silence,
      Duration idleBudget,
      Consumer<String> lines,
      Consumer<String> diagnostics)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("-javaagent:" + agentJar.toAbsolutePath());
    cmd.add("-Dssewatch.exporters=jsonl");
    cmd.add("-Dssewatch.jsonl.path=-");
    cmd.add("-Dssewatch.idle.budget=" + idleBudget.toMillis() + "ms");
    cmd.add("-Dssewatch.progress.interval=" + Math.max(1, idleBudget.toSeconds()) + "s");
    cmd.add("-Dssewatch.buffering.write-delay=250ms");
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BackendMain.class.getName());
    cmd.add(Long.toString(pace.toMillis()));
    cmd.add(Long.toString(silence.toMillis()));
    Process p = new ProcessBuilder(cmd).start();
    pump(p, lines);
    CompletableFuture<Integer> port = new CompletableFuture<>();
    // The demo starts its consumers only after both lines: the application's and the agent's
    // ready line, so the first stream is recorded like every other.
    CompletableFuture<Void> agentReady = new CompletableFuture<>();
    Thread err =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  if (line.startsWith("listening ") && !port.isDone()) {
                    port.complete(Integer.parseInt(line.substring("listening ".length()).trim()));
                    continue;
                  }
                  if (line.startsWith("[ssewatch] agent ") && line.contains(" ready in ")) {
                    agentReady.complete(null);
                  } else if (line.startsWith("[ssewatch] agent not started")) {
                    agentReady.completeExceptionally(new IOException(line));
                  }
                  diagnostics.accept(line);
                }
              } catch (IOException e) {
                // The child is gone; the port future below reports that.
              }
              port.completeExceptionally(new IOException("agent backend exited"));
              agentReady.completeExceptionally(new IOException("agent backend exited"));
            },
            "agent-backend-stderr");
    err.setDaemon(true);
    err.start();
    try {
      int listening = port.get(60, TimeUnit.SECONDS);
      agentReady.get(60, TimeUnit.SECONDS);
      return new AgentBackend(p, listening);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IOException("the agent-instrumented backend did not start: " + e.getMessage(), e);
    }
  }

  private static void pump(Process p, Consumer<String> lines) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.accept(line);
                }
              } catch (IOException e) {
                // The child is gone: nothing more to read.
              }
            },
            "agent-backend-stdout");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return port;
  }

  /** Where the agent jar is: the given path, or next to this build's demo jar. */
  static Path locateAgent(Path given) {
    if (given != null) {
      return Files.isRegularFile(given) ? given : null;
    }
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of("agent", "target", "ssewatch-agent.jar"));
    try {
      Path self =
          Path.of(AgentBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // demo/target/ssewatch-demo.jar -> agent/target/ssewatch-agent.jar
      Path root = self.getParent() == null ? null : self.getParent().getParent();
      if (root != null && root.getParent() != null) {
        candidates.add(root.getParent().resolve("agent/target/ssewatch-agent.jar"));
      }
    } catch (Exception e) {
      // No code source: only the working directory is searched.
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return c;
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close(); // the child stops when its stdin closes
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
