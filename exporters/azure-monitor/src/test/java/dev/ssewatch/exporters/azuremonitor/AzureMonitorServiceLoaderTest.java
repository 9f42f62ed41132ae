package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.TelemetrySinkProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class AzureMonitorServiceLoaderTest {

  @Test
  void providerIsFoundByItsNameAsTheDispatcherLooksItUp() {
    assertThat(ServiceLoader.load(TelemetrySinkProvider.class).stream())
        .map(ServiceLoader.Provider::get)
        .filteredOn(p -> p.name().equals("azure-monitor"))
        .singleElement()
        .isInstanceOf(AzureMonitorSinkProvider.class);
  }
}
