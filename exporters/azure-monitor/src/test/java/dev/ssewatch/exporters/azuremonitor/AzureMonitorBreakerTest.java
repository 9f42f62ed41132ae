package dev.ssewatch.exporters.azuremonitor;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.exporters.azuremonitor.receiver.IngestionEndpoint;
import dev.ssewatch.exporters.otel.OtelSink;
import dev.ssewatch.exporters.otel.receiver.BreakerContract;
import dev.ssewatch.exporters.otel.receiver.RejectingEndpoint;
import java.util.Map;

/**
 * The breaker contract for Application Insights. The Azure exporter fails at once against a closed
 * port, so without the breaker its batch processors would serialise and send every batch as fast as
 * records arrive.
 */
class AzureMonitorBreakerTest extends BreakerContract {

  @Override
  protected OtelSink sink(String baseUrl) {
    return sinkWith(
        "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint="
            + baseUrl
            + "/;LiveEndpoint="
            + baseUrl
            + "/");
  }

  @Override
  protected RejectingEndpoint endpoint() {
    IngestionEndpoint ingestion = IngestionEndpoint.start();
    return new RejectingEndpoint() {
      @Override
      public String baseUrl() {
        return "http://127.0.0.1:" + ingestion.port();
      }

      @Override
      public void respondWith(int status) {
        ingestion.respondWith(status);
      }

      @Override
      public int requests() {
        return ingestion.payloads().size();
      }

      @Override
      public int streamsDelivered() {
        return ingestion.items("RequestData").size();
      }

      @Override
      public void close() {
        ingestion.close();
      }
    };
  }

  /** The sink for {@code connectionString}, small queues, metrics every 100 ms. */
  static OtelSink sinkWith(String connectionString) {
    return (OtelSink)
        new AzureMonitorSinkProvider()
            .create(
                Settings.of(
                    Map.of(
                        "ssewatch.azure-monitor.connection-string", connectionString,
                        "ssewatch.azure-monitor.events", "true",
                        "ssewatch.azure-monitor.queue-size", "256",
                        "ssewatch.azure-monitor.metric-interval", "100ms")));
  }
}
