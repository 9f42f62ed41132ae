package dev.ssewatch.cli;

import dev.ssewatch.core.config.Durations;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.probe.ProbeOptions;
import dev.ssewatch.probe.ProbeReport;
import dev.ssewatch.probe.Prober;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ssewatch probe URL}: one client connection, measured. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Connects to an SSE URL as a client and reports headers, timings, heartbeats, bursts and"
          + " the idle-timeout risk. Event data is never printed.",
      "Exit code: 0 clean, 1 warnings, 2 critical findings or no usable response."
    })
final class ProbeCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The event stream's http(s) URL.")
  String url;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "How long to listen if the stream does not end first (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--idle-budget",
      paramLabel = "DURATION",
      defaultValue = "240s",
      description =
          "Idle timeout of the tightest intermediary; silences from 50% warn, from 90% are"
              + " critical (default: ${DEFAULT-VALUE}, Azure Load Balancer).")
  String idleBudget;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'NAME: VALUE'",
      description =
          "An extra request header; repeatable. Secret values are redacted in the output.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProbeOptions options;
    try {
      options =
          new ProbeOptions(
              new URI(url),
              Durations.parse(duration),
              Durations.parse(idleBudget),
              Headers.parse(headers));
    } catch (URISyntaxException e) {
      err.println("ssewatch probe: not a URL: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("ssewatch probe: " + e.getMessage());
      return 2;
    }
    ProbeReport report;
    try {
      report = Prober.probe(options);
    } catch (IllegalArgumentException e) {
      // The HTTP client refuses some headers (Host, Connection, Content-Length…); its messages
      // may quote a value, so values are masked before printing.
      String message = String.valueOf(e.getMessage());
      for (Header h : options.headers()) {
        if (!h.value().isEmpty()) {
          message = message.replace(h.value(), Redactor.MARKER);
        }
      }
      err.println("ssewatch probe: " + message);
      return 2;
    }
    out.print(json ? report.toJson() : report.toText());
    out.flush();
    return report.exitCode();
  }
}
