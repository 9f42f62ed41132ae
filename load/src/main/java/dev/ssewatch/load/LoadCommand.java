package dev.ssewatch.load;

import dev.ssewatch.core.config.Durations;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ssewatch load URL}: many concurrent event streams, measured and checked. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    subcommands = MergeCommand.class,
    sortOptions = false,
    description = {
      "Opens many concurrent SSE streams (a fixed population with --streams, or new streams at"
          + " --rate per second), measures connect time, time to headers and to the first event,"
          + " gaps, throughput, lifetimes and how streams end, and runs ssewatch's detectors on"
          + " every stream to find buffering and idle-timeout risk under load.",
      "Event data is never decoded, printed or stored, with one opt-in exception: --latency-from"
          + " reads the one send-time value the server puts in each event (in the id, a JSON field"
          + " of the data or a comment), uses it to compute the delivery latency and drops it; the"
          + " value itself is never printed or stored.",
      "Exit code: 0 pass, 1 a threshold failed (--max-ttfe-p99, --max-error-rate, --fail-on), 2"
          + " the run could not run (bad options, unresolvable host, no response at all)."
    })
public final class LoadCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "URL",
      description = "The event stream's http(s) URL (or give --config).")
  String url;

  @Option(
      names = "--streams",
      paramLabel = "N",
      description =
          "Fixed population: open N streams over --ramp and keep them open (default 10 without"
              + " --rate).")
  Integer streams;

  @Option(
      names = "--ramp",
      paramLabel = "DURATION",
      defaultValue = "0s",
      description = "Spread the opening of the --streams evenly over this time (default: at once).")
  String ramp;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      description =
          "Open model instead of --streams: start this many new streams per second, each kept"
              + " until it ends by itself or reaches --events.")
  Double rate;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description =
          "How long the run lasts at most (default: ${DEFAULT-VALUE}); a fixed population ends"
              + " earlier when all its streams have ended.")
  String duration;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Close each stream after it received N events (over its reconnections).")
  Long events;

  @Option(
      names = "--max-open",
      paramLabel = "N",
      defaultValue = "100000",
      description =
          "Most streams open at once; a start beyond it is skipped and counted (default:"
              + " ${DEFAULT-VALUE}).")
  int maxOpen;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'NAME: VALUE'",
      description = "An extra request header; repeatable. Values are never printed.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = {"-X", "--method"},
      paramLabel = "METHOD",
      defaultValue = "GET",
      description =
          "The request method (default: ${DEFAULT-VALUE}); POST for APIs that stream a"
              + " response to a request, such as chat completions or MCP.")
  String method;

  @Option(
      names = "--body",
      paramLabel = "FILE",
      description =
          "Send this file as the request body (with Content-Length; set Content-Type"
              + " with -H).")
  Path body;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A scenario file (YAML or JSON) with several targets and weights; see docs/load.md.")
  Path config;

  @Option(
      names = "--idle-budget",
      paramLabel = "DURATION",
      defaultValue = "240s",
      description =
          "Idle timeout of the tightest intermediary, for the idle-timeout detectors (default:"
              + " ${DEFAULT-VALUE}, Azure Load Balancer).")
  String idleBudget;

  @Option(
      names = "--no-reconnect",
      description =
          "Do not reconnect a stream that ended (by default GET streams reconnect as EventSource"
              + " does, after the server's retry, with Last-Event-ID; other methods never do).")
  boolean noReconnect;

  @Option(
      names = "--retry",
      paramLabel = "DURATION",
      defaultValue = "3s",
      description =
          "Reconnection delay until the server sends a retry field (default: ${DEFAULT-VALUE}).")
  String retry;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "How long a TCP connect may take (default: ${DEFAULT-VALUE}).")
  String connectTimeout;

  @Option(
      names = {"-k", "--insecure"},
      description = "Trust any TLS certificate and host name.")
  boolean insecure;

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description = "Trust the certificates in this PEM file instead of the JDK's.")
  Path ca;

  @Option(
      names = "--latency-from",
      paramLabel = "id|field:NAME|comment:PREFIX",
      description =
          "Opt-in: measure per-event delivery latency from the send time the server states in"
              + " each event (epoch milliseconds or microseconds): in the event id, in the JSON"
              + " field NAME of the data, or in a comment line starting with PREFIX. Only that"
              + " number is read, only to subtract it from the arrival time; it is never printed"
              + " or stored. Needs the two clocks in step.")
  String latencyFrom;

  @Option(
      names = "--max-ttfe-p99",
      paramLabel = "DURATION",
      description = "Fail (exit 1) when the 99th percentile time to first event is above this.")
  String maxTtfeP99;

  @Option(
      names = "--max-error-rate",
      paramLabel = "PERCENT",
      description = "Fail (exit 1) when more than this share of connections fail, e.g. 0.1%%.")
  String maxErrorRate;

  @Option(
      names = "--fail-on",
      paramLabel = "KIND_OR_RULE",
      split = ",",
      description =
          "Fail (exit 1) when a detector finds one of these alert kinds or rules on any stream,"
              + " e.g. buffering,idle_timeout_risk.")
  List<String> failOn = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Write every figure to FILE.")
  Path json;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Write a self-contained HTML report with plots to FILE.")
  Path html;

  @Option(
      names = "--transport",
      paramLabel = "auto|epoll|nio",
      defaultValue = "auto",
      description = "The I/O transport (default: ${DEFAULT-VALUE}: epoll on Linux, else NIO).")
  String transport;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Event loop threads (default: the number of processors).")
  Integer threads;

  @Option(names = "--quiet", description = "No progress line; the summary only.")
  boolean quiet;

  /** Overrides whether output is a terminal (tests); by default, System.console() decides. */
  Boolean terminal;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadPlan plan;
    Thresholds thresholds;
    try {
      plan = plan();
      thresholds = Thresholds.parse(maxTtfeP99, maxErrorRate, failOn);
    } catch (IllegalArgumentException e) {
      err.println("ssewatch load: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("ssewatch load: cannot read a file: " + e.getMessage());
      return 2;
    }
    boolean tty = terminal != null ? terminal : System.console() != null;
    ProgressLine line = new ProgressLine(out, tty, tty ? 1 : 10);
    LoadResult result;
    try {
      result = new LoadRunner(plan).run(quiet ? p -> {} : line);
    } catch (IOException e) {
      err.println("ssewatch load: " + e.getMessage());
      return 2;
    } finally {
      line.finish();
    }
    List<String> failures = thresholds.failures(result);
    boolean anyThreshold =
        thresholds.maxTtfeP99() != null
            || thresholds.maxErrorRate() >= 0
            || !thresholds.failOn().isEmpty();
    String summary = SummaryTable.render(result, failures, anyThreshold);
    out.print(summary);
    out.flush();
    if (!writeOutputs(result, summary, json, html, err)) {
      return 2;
    }
    if (!result.anyResponse()) {
      err.println("ssewatch load: no connection got a response");
      return 2;
    }
    return failures.isEmpty() ? 0 : 1;
  }

  static boolean writeOutputs(
      LoadResult result, String summary, Path json, Path html, PrintWriter err) {
    try {
      if (json != null) {
        Files.writeString(json, result.toJson(), StandardCharsets.UTF_8);
      }
      if (html != null) {
        Files.writeString(html, HtmlReport.render(result, summary), StandardCharsets.UTF_8);
      }
      return true;
    } catch (IOException e) {
      err.println("ssewatch load: cannot write the report: " + e.getMessage());
      return false;
    }
  }

  private LoadPlan plan() throws IOException {
    List<Header> extra = Headers.parse(headers);
    List<Target> targets;
    if (config != null) {
      if (url != null || body != null) {
        throw new IllegalArgumentException("give a URL (with --body) or --config, not both");
      }
      targets = ScenarioFile.read(config, extra);
    } else {
      if (url == null) {
        throw new IllegalArgumentException("give a URL or --config");
      }
      try {
        targets =
            List.of(
                new Target(new URI(url), method, body == null ? null : readBody(body), extra, 1));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a URL");
      }
    }
    Scenario scenario = new Scenario(targets);
    int population = rate != null ? 0 : streams != null ? streams : 10;
    if (rate != null && streams != null) {
      throw new IllegalArgumentException("give either --streams or --rate, not both");
    }
    return new LoadPlan(
        scenario,
        population,
        rate == null ? 0 : rate,
        Durations.parse(ramp),
        Durations.parse(duration),
        events == null ? 0 : requirePositive(events),
        maxOpen,
        Durations.parse(idleBudget),
        !noReconnect,
        Durations.parse(retry),
        Durations.parse(connectTimeout),
        latencyFrom == null ? null : LatencySource.parse(latencyFrom),
        insecure,
        ca,
        ClientTransport.parse(transport),
        threads == null ? Runtime.getRuntime().availableProcessors() : threads);
  }

  private static long requirePositive(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("--events must be 1 or more");
    }
    return n;
  }

  static byte[] readBody(Path file) throws IOException {
    if (Files.size(file) > Target.MAX_BODY_BYTES) {
      throw new IllegalArgumentException(
          "the body file is larger than " + Target.MAX_BODY_BYTES + " bytes");
    }
    return Files.readAllBytes(file);
  }
}
