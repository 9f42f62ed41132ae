package dev.ssewatch.demo;

import dev.ssewatch.core.config.Durations;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.demo.backend.DemoBackend;
import dev.ssewatch.demo.console.ConsoleFormatter;
import dev.ssewatch.demo.console.ConsoleSink;
import dev.ssewatch.proxy.ProxyConfig;
import dev.ssewatch.proxy.ProxyServer;
import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar demo/target/ssewatch-demo.jar}: the SSE backend, the proxy in front of it, the
 * same backend in a child JVM with the agent attached, and a consumer reading every endpoint
 * through both, round after round. The console shows what ssewatch records and the alerts as they
 * fire.
 */
@Command(
    name = "ssewatch-demo",
    mixinStandardHelpOptions = true,
    description = {
      "Shows ssewatch at work on this machine: a demo SSE backend with well-behaved and",
      "misbehaving endpoints, the logging proxy in front of it, the same backend with the agent",
      "attached, and a client reading every endpoint through both. Ctrl-C stops everything."
    })
public final class DemoMain implements Callable<Integer> {

  /** The endpoints every round reads: the walkthrough's echo API, then each misbehaviour. */
  static final List<String> PATHS =
      List.of(
          "/server-events/5",
          "/server-events?eventscount=5",
          "/misbehave/buffered?eventscount=5",
          "/misbehave/content-length?eventscount=3",
          "/misbehave/gzip?eventscount=4",
          "/misbehave/no-flush?eventscount=4",
          "/misbehave/quiet");

  @Option(
      names = "--duration",
      description = "How long to run, e.g. 30s or 2m (default: until Ctrl-C).")
  String duration;

  @Option(
      names = "--rounds",
      description =
          "Stop after this many rounds, each reading every endpoint to its end (default: no"
              + " limit); --duration still applies.")
  int rounds;

  @Option(
      names = "--pace",
      defaultValue = "300ms",
      description = "Time between two events of a stream (default: ${DEFAULT-VALUE}).")
  String pace;

  @Option(
      names = "--idle-budget",
      defaultValue = "8s",
      description =
          "The idle budget the demo checks against, a short stand-in for Azure Load Balancer's"
              + " 240s (default: ${DEFAULT-VALUE}). The quiet endpoint stays silent for 95% of it.")
  String idleBudget;

  @Option(
      names = "--heartbeat",
      defaultValue = "2s",
      description = "The proxy's heartbeat interval (default: ${DEFAULT-VALUE}; 0 turns it off).")
  String heartbeat;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:8080",
      description = "Where the proxy listens (default: ${DEFAULT-VALUE}; port 0 picks one).")
  String listen;

  @Option(
      names = "--admin",
      defaultValue = "127.0.0.1:9090",
      description = "The proxy's admin listener (default: ${DEFAULT-VALUE}; port 0 picks one).")
  String admin;

  @Option(
      names = "--agent",
      description = "The agent jar (default: agent/target/ssewatch-agent.jar).")
  Path agentJar;

  @Option(names = "--no-agent", description = "Run without the agent-instrumented backend.")
  boolean noAgent;

  @Option(names = "--no-colour", description = "Plain console output.")
  boolean noColour;

  private final PrintStream out;

  public DemoMain() {
    this(System.out);
  }

  DemoMain(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Duration pace = Durations.parse(this.pace);
    Duration budget = Durations.parse(idleBudget);
    Duration silence = budget.multipliedBy(95).dividedBy(100);
    Duration runFor = duration == null ? null : Durations.parse(duration);
    ConsoleFormatter formatter = new ConsoleFormatter(!noColour && System.console() != null);
    Tally tally = new Tally();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);

    List<AutoCloseable> resources = new ArrayList<>();
    // Ctrl-C: tell the rounds to stop, then hold the JVM until everything is closed and flushed.
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ssewatch-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      DemoBackend backend = DemoBackend.start(0, pace, silence);
      resources.add(backend);

      Settings settings =
          Settings.load()
              .with("ssewatch.idle.budget", budget.toMillis() + "ms")
              .with("ssewatch.progress.interval", Math.max(1, budget.toSeconds()) + "s");
      // The console is the demo's exporter; a short batch delay keeps it live.
      TelemetryDispatcher dispatcher =
          TelemetryDispatcher.builder()
              .sink("console", new ConsoleSink(formatter, out, "proxy"))
              .batchDelay(Duration.ofMillis(100))
              .build();
      resources.add(0, dispatcher);
      RouteOptions options =
          RouteOptions.defaults().toBuilder()
              .heartbeat(Durations.parse(heartbeat))
              .idleBudget(budget)
              .build();
      ProxyConfig config =
          ProxyConfig.builder()
              .listen(address(listen))
              .admin(address(admin))
              .route(Route.all(URI.create("http://127.0.0.1:" + backend.port()), options))
              .drain(Duration.ofSeconds(1))
              .build();
      ProxyServer proxy =
          ProxyServer.builder(config)
              .settings(settings)
              .telemetry(r -> countAndForward(r, tally, dispatcher))
              .build()
              .start();
      resources.add(0, proxy);

      AgentBackend agent = null;
      if (!noAgent) {
        Path jar = AgentBackend.locateAgent(agentJar);
        if (jar == null) {
          out.println("agent jar not found (build it, or pass --agent PATH): running proxy only");
        } else {
          agent =
              AgentBackend.start(
                  jar,
                  pace,
                  silence,
                  budget,
                  line -> {
                    String shown = formatter.format("agent", line);
                    if (shown != null) {
                      out.println(shown);
                    }
                    countAgentAlert(line, tally);
                  },
                  line -> out.println("agent " + line));
          resources.add(0, agent);
        }
      }

      out.println("ssewatch demo");
      out.println("  backend            http://127.0.0.1:" + backend.port() + "/server-events/5");
      out.println("  proxy              http://" + hostPort(proxy.address()) + "/server-events/5");
      if (proxy.adminAddress() != null) {
        out.println("  live page          http://" + hostPort(proxy.adminAddress()) + "/");
      }
      if (agent != null) {
        out.println("  backend with agent http://127.0.0.1:" + agent.port() + "/server-events/5");
      }
      out.println(
          "  idle budget "
              + Durations.format(budget)
              + ", heartbeat "
              + heartbeat
              + ", "
              + (runFor == null ? "until Ctrl-C" : "for " + Durations.format(runFor)));
      out.println();

      List<URI> targets = new ArrayList<>();
      for (String p : PATHS) {
        targets.add(URI.create("http://" + hostPort(proxy.address()) + p));
        if (agent != null) {
          targets.add(URI.create("http://127.0.0.1:" + agent.port() + p));
        }
      }
      runRounds(targets, runFor, stop);
      // Ending the proxy, the agent's JVM and the dispatcher first ends the streams still open,
      // so their records and alerts are printed and counted before the summary.
      closeAll(resources);
      printSummary(tally);
      return 0;
    } finally {
      closeAll(resources);
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running.
      }
    }
  }

  private void printSummary(Tally tally) {
    out.println();
    out.println("summary: alerts by side and rule");
    Map<String, Long> counts = tally.snapshot();
    if (counts.isEmpty()) {
      out.println("  none");
    }
    counts.forEach((k, v) -> out.println("  " + k + ": " + v));
  }

  private void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        out.println("while stopping: " + e);
      }
    }
    resources.clear();
  }

  private void runRounds(List<URI> targets, Duration runFor, CountDownLatch stop)
      throws InterruptedException {
    long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
    Consumer consumer = new Consumer();
    ExecutorService pool = Executors.newFixedThreadPool(targets.size());
    try {
      for (int round = 1; ; round++) {
        CountDownLatch roundDone = new CountDownLatch(targets.size());
        for (URI t : targets) {
          pool.execute(
              () -> {
                try {
                  consumer.read(t);
                } finally {
                  roundDone.countDown();
                }
              });
        }
        // Short waits, so that Ctrl-C or the deadline cuts a round off at once; streams still
        // open then are ended by closing the proxy and the backends.
        while (!roundDone.await(100, TimeUnit.MILLISECONDS)) {
          if (stop.getCount() == 0 || System.nanoTime() >= deadline) {
            return;
          }
        }
        out.println("-- round " + round + " done");
        if (stop.getCount() == 0 || System.nanoTime() >= deadline || round == rounds) {
          return;
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void countAndForward(
      TelemetryRecord r, Tally tally, java.util.function.Consumer<TelemetryRecord> next) {
    if (r instanceof AlertRecord a) {
      tally.add("proxy", a.alert().kind().wireName() + "/" + a.alert().rule());
    }
    next.accept(r);
  }

  private static void countAgentAlert(String jsonLine, Tally tally) {
    if (jsonLine.startsWith("{\"record\":\"alert\"")) {
      Map<String, String> f = dev.ssewatch.demo.console.ConsoleFormatter.fields(jsonLine);
      tally.add("agent", f.get("kind") + "/" + f.get("rule"));
    } else if (jsonLine.startsWith("{\"record\":\"alert_summary\"")) {
      // The agent exports one alert per cause; its repeats come counted in a summary.
      Map<String, String> f = dev.ssewatch.demo.console.ConsoleFormatter.fields(jsonLine);
      tally.add("agent", f.get("kind") + "/" + f.get("rule"), Long.parseLong(f.get("count")));
    }
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(new DemoMain()), "expected HOST:PORT, got '" + hostPort + "'");
    }
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
