package dev.ssewatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code probe} command end to end, as a user runs it. */
class ProbeCommandTest {

  @AutoClose private static final MisbehavingBackend backend = MisbehavingBackend.start();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void cleanStreamExitsZeroWithTheMeasurements() {
    int code = run("probe", backend.uri("/heartbeats").toString(), "--duration", "30s");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("status                 200")
        .contains("content-type           text/event-stream")
        .contains("events                 5")
        .contains("comments (heartbeats)  4")
        .contains("ended                  server closed the stream")
        .contains("No findings.")
        .doesNotContain(MisbehavingBackend.DATA_MARKER);
  }

  @Test
  void criticalFindingExitsTwoAndJsonCarriesIt() {
    int code =
        run(
            "probe",
            backend.uri("/content-length").toString(),
            "--json",
            "-H",
            "x-api-key: k3y-value");

    assertThat(code).isEqualTo(2);
    assertThat(out.toString())
        .startsWith("{\"url\":")
        .contains("\"rule\":\"content_length\",\"severity\":\"critical\"")
        .contains("{\"name\":\"x-api-key\",\"value\":\"[REDACTED]\"}")
        .contains("\"exit_code\":2}")
        .doesNotContain("k3y-value");
  }

  @Test
  void malformedHeaderIsAUsageErrorThatDoesNotEchoIt() {
    int code = run("probe", backend.uri("/clean").toString(), "-H", "Bearer-only-s3cret");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("-H expects 'Name: value'").doesNotContain("s3cret");
  }

  @Test
  void headersTheClientRefusesAreUsageErrorsWithoutTheirValues() {
    assertThat(run("probe", backend.uri("/clean").toString(), "-H", "Connection: s3cret-1"))
        .isEqualTo(2);
    assertThat(
            run("probe", backend.uri("/clean").toString(), "-H", "Authorization: Bearer s3\u0007x"))
        .isEqualTo(2);
    assertThat(run("probe", backend.uri("/clean").toString(), "-H", "Bad Name: s3cret-3"))
        .isEqualTo(2);

    assertThat(err.toString())
        .contains("restricted header name")
        .contains("-H Authorization: the value holds line breaks or control characters")
        .contains("'Bad Name' is not a header name")
        .doesNotContain("s3cret")
        .doesNotContain("s3");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(run("probe", "ftp://example.com/x")).isEqualTo(2);
    assertThat(err.toString()).contains("expected an http or https URL");
    assertThat(run("probe", backend.uri("/clean").toString(), "--idle-budget", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--idle-budget must be longer than 0");
  }
}
