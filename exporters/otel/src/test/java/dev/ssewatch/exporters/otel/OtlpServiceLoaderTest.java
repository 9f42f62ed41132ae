package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.TelemetrySinkProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class OtlpServiceLoaderTest {

  @Test
  void providerIsFoundByItsNameAsTheDispatcherLooksItUp() {
    assertThat(ServiceLoader.load(TelemetrySinkProvider.class).stream())
        .map(ServiceLoader.Provider::get)
        .filteredOn(p -> p.name().equals("otlp"))
        .singleElement()
        .isInstanceOf(OtlpSinkProvider.class);
  }
}
