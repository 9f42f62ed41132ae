package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.exporters.otel.ExportFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each answer of the ingestion service stands for. */
class IngestionResponsesTest {

  @ParameterizedTest(name = "{0} (invalid key: {1}) -> {2}")
  @CsvSource({
    "206, false, ERROR,   'HTTP 206 Partial Content: part of the batch rejected'",
    "400, true,  REFUSED, 'HTTP 400 Bad Request: invalid instrumentation key'",
    "400, false, ERROR,   'HTTP 400 Bad Request: the service rejected the batch'",
    "401, false, REFUSED, 'HTTP 401 Unauthorized: Microsoft Entra ID authentication required'",
    "402, false, ERROR,   'HTTP 402: daily quota exceeded'",
    "403, false, REFUSED, 'HTTP 403 Forbidden'",
    "404, false, REFUSED, 'HTTP 404 Not Found'",
    "408, false, TIMEOUT, 'HTTP 408 Request Timeout'",
    "429, false, ERROR,   'HTTP 429 Too Many Requests: throttled'",
    "439, false, ERROR,   'HTTP 439: daily quota exceeded'",
    "500, false, ERROR,   'HTTP 500 Internal Server Error'",
    "502, false, ERROR,   'HTTP 502 Bad Gateway'",
    "503, false, ERROR,   'HTTP 503 Service Unavailable'",
    "504, false, TIMEOUT, 'HTTP 504 Gateway Timeout'",
  })
  void eachAnswer(int status, boolean invalidKey, Reason reason, String detail) {
    ExportFailure f = IngestionResponses.classify(status, invalidKey);
    assertThat(f.reason()).isEqualTo(reason);
    assertThat(f.detail()).isEqualTo(detail);
  }

  @ParameterizedTest
  @CsvSource({"400, true", "401, false", "403, false"})
  void aRefusalSaysWhatToCheck(int status, boolean invalidKey) {
    assertThat(IngestionResponses.classify(status, invalidKey).advice())
        .contains("connection string")
        .doesNotContain("retrying");
  }

  @ParameterizedTest
  @CsvSource({"200"})
  void anAcceptedBatchIsNoFailure(int status) {
    assertThat(IngestionResponses.classify(status, false)).isNull();
  }
}
