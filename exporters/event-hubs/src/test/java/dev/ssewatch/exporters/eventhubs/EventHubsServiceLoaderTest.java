package dev.ssewatch.exporters.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.TelemetrySinkProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class EventHubsServiceLoaderTest {

  @Test
  void providerIsFoundByItsNameAsTheDispatcherLooksItUp() {
    assertThat(ServiceLoader.load(TelemetrySinkProvider.class).stream())
        .map(ServiceLoader.Provider::get)
        .filteredOn(p -> p.name().equals("event-hubs"))
        .singleElement()
        .isInstanceOf(EventHubsSinkProvider.class);
  }
}
