package dev.ssewatch.demo.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertSummary;
import dev.ssewatch.core.telemetry.JsonLines;
import dev.ssewatch.core.telemetry.StreamSource;
import org.junit.jupiter.api.Test;

class ConsoleFormatterTest {

  @Test
  void anAlertSummaryIsOneLineWithTheCountRouteAndStreams() {
    String line =
        JsonLines.toJson(
            new AlertSummary(
                1_795_000_000_123L,
                StreamSource.AGENT,
                "/server-events/5",
                new Alert(AlertKind.BUFFERING, "content_length", Severity.CRITICAL, "e", "advice"),
                4,
                "abcdef123",
                1L,
                "fedcba987",
                2L,
                300_000_000_000L));

    assertThat(new ConsoleFormatter(false).format("agent", line))
        .isEqualTo(
            "agent -      ALERT  critical buffering/content_length: 4 more on /server-events/5"
                + " (streams abcdef to fedcba)");
  }
}
