package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpConfigTest {

  @Test
  void standardOtelVariablesApplyWhenNoSsewatchKeyIsSet() {
    OtlpConfig c =
        OtlpConfig.from(
            Settings.load(
                Map.of(),
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
                    "OTEL_EXPORTER_OTLP_HEADERS", "api-key=abc%3D%3D,x-tenant=t1",
                    "OTEL_SERVICE_NAME", "orders",
                    "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=prod")));
    assertThat(c.protocol()).isEqualTo("grpc");
    assertThat(c.endpoint()).isEqualTo("http://collector:4317");
    assertThat(c.signalEndpoint("/v1/traces")).isEqualTo("http://collector:4317");
    assertThat(c.headers()).containsEntry("api-key", "abc==").containsEntry("x-tenant", "t1");
    assertThat(c.serviceName()).isEqualTo("orders");
    assertThat(c.resourceAttributes()).containsEntry("deployment.environment.name", "prod");
  }

  @Test
  void ssewatchKeysWinOverOtelVariables() {
    OtlpConfig c =
        OtlpConfig.from(
            Settings.load(
                Map.of("ssewatch.otlp.endpoint", "http://mine:4318/"),
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://theirs:4318")));
    assertThat(c.protocol()).isEqualTo("http/protobuf");
    assertThat(c.signalEndpoint("/v1/logs")).isEqualTo("http://mine:4318/v1/logs");
    assertThat(c.serviceName()).isEqualTo("ssewatch");
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void badValuesNameTheirKeyAndNeverEchoHeaderValues() {
    SettingsException protocol =
        catchThrowableOfType(
            SettingsException.class,
            () -> OtlpConfig.from(Settings.of(Map.of("ssewatch.otlp.protocol", "http/json"))));
    assertThat(protocol.key()).isEqualTo("ssewatch.otlp.protocol");

    SettingsException headers =
        catchThrowableOfType(
            SettingsException.class,
            () ->
                OtlpConfig.from(Settings.of(Map.of("ssewatch.otlp.headers", "secret-token-xyz"))));
    assertThat(headers.key()).isEqualTo("ssewatch.otlp.headers");
    assertThat(headers.getMessage()).doesNotContain("secret-token-xyz");

    SettingsException endpoint =
        catchThrowableOfType(
            SettingsException.class,
            () -> OtlpConfig.from(Settings.of(Map.of("ssewatch.otlp.endpoint", "ftp://x"))));
    assertThat(endpoint.key()).isEqualTo("ssewatch.otlp.endpoint");
  }
}
