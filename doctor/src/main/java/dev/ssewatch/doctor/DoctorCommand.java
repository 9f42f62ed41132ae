package dev.ssewatch.doctor;

import dev.ssewatch.core.config.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssewatch doctor}: checks configurations of the things between an SSE server and its
 * clients.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = "Checks a gateway configuration against the SSE guidance.",
    subcommands = DoctorCommand.Apim.class)
public final class DoctorCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // Without a target there is nothing to check: a usage error, which fails CI like a critical.
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code ssewatch doctor apim}. */
  @Command(
      name = "apim",
      mixinStandardHelpOptions = true,
      description = {
        "Checks an Azure API Management configuration against the SSE guidance.",
        "Exit code: 0 clean (info only), 1 warnings, 2 critical findings or unreadable input."
      })
  static final class Apim implements Callable<Integer> {

    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--policy",
        paramLabel = "FILE",
        description =
            "A policy document (XML). Repeat in scope order, outermost first: global (All APIs),"
                + " product, API, operation; <base /> is resolved across them. Or, once and"
                + " alone, an export: an ARM template or compiled Bicep (JSON), a REST list,"
                + " or an APIOps extractor directory; its scopes are resolved from it.")
    List<Path> policies = new ArrayList<>();

    @Option(
        names = "--diagnostics",
        paramLabel = "FILE",
        description =
            "Exported diagnostic settings (JSON) from az apim (api) diagnostic show/list, the"
                + " REST API or an ARM template. Repeatable.")
    List<Path> diagnostics = new ArrayList<>();

    @Option(
        names = "--sku",
        paramLabel = "NAME",
        description =
            "The service tier: Developer, Basic, Standard, Premium, Isolated, BasicV2,"
                + " StandardV2, PremiumV2 or Consumption (as the Azure CLI, ARM or the portal"
                + " write it).")
    String sku;

    @Option(
        names = "--expected-stream-duration",
        paramLabel = "DURATION",
        defaultValue = "4m",
        description =
            "How long streams are expected to last, compared with forward-request's timeout"
                + " (default: ${DEFAULT-VALUE}).")
    String expectedStreamDuration;

    @Option(names = "--json", description = "Print the findings as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Duration expected;
      try {
        expected = Durations.parse(expectedStreamDuration);
      } catch (IllegalArgumentException e) {
        err.println("ssewatch doctor apim: --expected-stream-duration: " + e.getMessage());
        return 2;
      }
      DoctorReport report;
      try {
        report = ApimDoctor.check(policies, diagnostics, sku, expected);
      } catch (DoctorInputException e) {
        err.println("ssewatch doctor apim: " + e.getMessage());
        return 2;
      }
      out.print(json ? report.toJson() : report.toText());
      out.flush();
      return report.exitCode();
    }
  }
}
