package dev.ssewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.proxy.ProxyServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The canary test, proxy side: streams whose every data line carries a fresh canary go through an
 * in-process proxy exporting to all four exporters at once; neither the canary nor any secret of
 * the requests and responses reaches any receiver, or the proxy's own output.
 */
class ProxyCanaryTest {

  private static final int STREAMS = 3;

  @ParameterizedTest(name = "OTLP over {0}")
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void noEventDataNorSecretReachesAnyExporterThroughTheProxy(String otlpProtocol, @TempDir Path dir)
      throws Exception {
    Secrets secrets = Secrets.random();
    try (AllReceivers receivers = new AllReceivers(dir, AllReceivers.ALL, otlpProtocol);
        CanaryBackend backend = CanaryBackend.start(secrets)) {
      String output;
      List<String> paths;
      try (OutputCapture capture = new OutputCapture()) {
        ProxyServer proxy = InProcessProxy.start(backend.uri(), Settings.of(receivers.settings()));
        try {
          // The streams really carry the canary, and the secret cookie, through the proxy.
          paths = CanaryStreams.fetch(proxy.port(), secrets, STREAMS);
        } finally {
          // Flushes every exporter.
          proxy.close();
        }
        output = capture.text();
      }

      // The backend got every secret, so the proxy saw every one of them.
      assertThat(backend.requestsSeen()).hasSize(STREAMS);
      for (String seen : backend.requestsSeen()) {
        assertThat(seen)
            .contains(secrets.bearer(), secrets.cookie(), secrets.apimKey(), secrets.apiKey())
            .contains(secrets.sig(), secrets.code());
      }

      CanaryStreams.assertRecordedWithoutSecrets(receivers, paths, secrets);
      secrets.assertAbsentFrom("the proxy's output and logs", output);
    }
  }
}
