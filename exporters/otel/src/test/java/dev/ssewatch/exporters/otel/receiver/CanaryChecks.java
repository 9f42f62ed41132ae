package dev.ssewatch.exporters.otel.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.redact.Redactor;
import java.util.List;

/**
 * The canary contract every exporter's test checks on what its endpoint received from {@link
 * CanaryRecords}: the stream arrived, redacted, and no secret or would-be event data did.
 */
public final class CanaryChecks {

  private CanaryChecks() {}

  /**
   * Not vacuous (the canary stream and a redaction marker arrived) and safe (no value of {@link
   * CanaryRecords#forbidden()} in any payload).
   */
  public static void assertArrivedWithoutSecrets(List<ReceivedPayload> payloads) {
    assertThat(payloads).anyMatch(p -> p.contains("canary-stream"));
    assertThat(payloads).anyMatch(p -> p.contains(Redactor.MARKER));
    for (String secret : CanaryRecords.forbidden()) {
      assertThat(payloads)
          .as("payloads containing %s", secret)
          .noneMatch((ReceivedPayload p) -> p.contains(secret));
    }
  }
}
