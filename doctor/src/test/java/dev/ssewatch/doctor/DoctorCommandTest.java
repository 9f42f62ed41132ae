package dev.ssewatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DoctorCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    // The command as the ssewatch command line mounts it: "doctor apim …".
    CommandLine cli =
        new CommandLine(
            CommandLine.Model.CommandSpec.create()
                .addSubcommand("doctor", new CommandLine(new DoctorCommand())));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static String resource(String name) {
    try {
      return Path.of(DoctorCommandTest.class.getResource("/doctor/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void cleanPolicyExitsZeroAndSaysSo() {
    int code = run("doctor", "apim", "--policy", resource("clean.xml"));

    assertThat(code).isZero();
    assertThat(out.toString()).contains("No findings");
  }

  @Test
  void criticalFindingsExitTwoWithSeverityRuleLocationAndFix() {
    int code =
        run(
            "doctor",
            "apim",
            "--policy",
            resource("forward-request-default.xml"),
            "--sku",
            "Premium");

    assertThat(code).isEqualTo(2);
    assertThat(out.toString())
        .contains("2 findings: 1 critical, 0 warning, 1 info")
        .contains("CRITICAL  forward_request_buffered  ")
        .contains("forward-request-default.xml:6 policies/backend/forward-request")
        .contains("fix: set buffer-response=\"false\" on this forward-request");
  }

  @Test
  void theGuidanceAndWalkthroughPoliciesPassWhateverTheExpectedStreamDuration() {
    assertThat(run("doctor", "apim", "--policy", resource("walkthrough.xml"))).isZero();
    assertThat(out.toString()).contains("INFO").contains("forward_request_timeout");
    assertThat(run("doctor", "apim", "--policy", resource("guidance.xml"))).isZero();
    assertThat(
            run(
                "doctor",
                "apim",
                "--policy",
                resource("walkthrough.xml"),
                "--expected-stream-duration",
                "45s"))
        .isZero();
  }

  @Test
  void jsonOutputForMachines() {
    int code =
        run(
            "doctor",
            "apim",
            "--json",
            "--diagnostics",
            resource("diagnostics/all-apis-appinsights.json"));

    assertThat(code).isEqualTo(2);
    assertThat(out.toString())
        .startsWith(
            "{\"findings\":[{\"rule\":\"diagnostic_body_logging\",\"severity\":\"critical\"")
        .contains("\"path\":\"frontend.response.body.bytes\",\"line\":26")
        .contains("\"exit_code\":2}");
  }

  @Test
  void unreadableInputFailsClosedWithAMessage() {
    int code = run("doctor", "apim", "--policy", "does-not-exist.xml");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read policy 'does-not-exist.xml'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void badDurationIsAUsageError() {
    int code =
        run(
            "doctor",
            "apim",
            "--policy",
            resource("clean.xml"),
            "--expected-stream-duration",
            "soon");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--expected-stream-duration");
  }

  @Test
  void doctorWithoutTargetPrintsUsageAndFails() {
    assertThat(run("doctor")).isEqualTo(2);
    assertThat(err.toString()).contains("apim");
  }
}
