package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend whose certificate fails verification: the client's 502, the exchange's record and the
 * log say what failed, the log once per backend a minute.
 */
class BackendTlsFailureTest extends ProxyTestCase {

  @TempDir Path dir;
  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Logger log = Logger.getLogger("dev.ssewatch.proxy.backend.TlsFailures");
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @AfterEach
  void stop() throws Exception {
    log.removeHandler(capture);
  }

  /** A 204 backend on {@code served}, behind a recording proxy with {@code options}. */
  private void start(ServerSocket served, UnaryOperator<RouteOptions> options) throws Exception {
    log.addHandler(capture);
    backend =
        new TestBackend(
            (req, c) -> {
              c.write("HTTP/1.1 204 No Content\r\n\r\n");
              return true;
            },
            served);
    proxy = ProxyFixture.startRecording(backend.uri(), records::add, options);
  }

  private HttpResponse<String> get() throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(ProxyFixture.url(proxy, "/x")).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private String closeDetail() {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> records.stream().anyMatch(r -> r instanceof StreamEnd));
    return records.stream()
        .filter(r -> r instanceof StreamEnd)
        .map(r -> ((StreamEnd) r).closeDetail())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anUntrustedCertificateIsNamed() throws Exception {
    start(TestCertificate.create(dir).serverSocket(), o -> o);
    HttpResponse<String> resp = get();
    assertThat(resp.statusCode()).isEqualTo(502);
    assertThat(resp.body()).contains("backend TLS: certificate not trusted");
    assertThat(closeDetail()).isEqualTo("backend TLS: certificate not trusted");
    assertThat(proxy.metrics().prometheus())
        .contains("ssewatch_proxy_backend_tls_failures_total{failure=\"not_trusted\"} 1");
  }

  @Test
  void aNameMismatchIsNamed() throws Exception {
    TestCertificate other = TestCertificate.create(dir, "EC", "SAN=dns:other.example", null);
    start(other.serverSocket(), o -> o.withBackendTls(other.certPem, false));
    HttpResponse<String> resp = get();
    assertThat(resp.statusCode()).isEqualTo(502);
    assertThat(resp.body()).contains("backend TLS: certificate name mismatch");
    assertThat(closeDetail()).isEqualTo("backend TLS: certificate name mismatch");
  }

  @Test
  void anExpiredCertificateIsNamed() throws Exception {
    // Signed by a CA the proxy trusts, expired eight days ago.
    TestCa ca = TestCa.create(dir.resolve("ca"), "-10d");
    start(ca.serverSocket(), o -> o.withBackendTls(ca.caPem, false));
    HttpResponse<String> resp = get();
    assertThat(resp.statusCode()).isEqualTo(502);
    assertThat(resp.body()).contains("backend TLS: certificate expired");
    assertThat(closeDetail()).isEqualTo("backend TLS: certificate expired");
  }

  @Test
  void aValidCertificateFromTheSameKindOfCaIsAccepted() throws Exception {
    TestCa ca = TestCa.create(dir.resolve("ca"), "-1d");
    start(ca.serverSocket(), o -> o.withBackendTls(ca.caPem, false));
    assertThat(get().statusCode()).isEqualTo(204);
  }

  @Test
  void theLogSaysItOncePerBackendAMinute() throws Exception {
    start(TestCertificate.create(dir).serverSocket(), o -> o);
    for (int i = 0; i < 3; i++) {
      assertThat(get().statusCode()).isEqualTo(502);
    }
    assertThat(proxy.metrics().prometheus())
        .contains("ssewatch_proxy_backend_tls_failures_total{failure=\"not_trusted\"} 3");
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(logged.get(0).getParameters()).contains("certificate not trusted");
  }
}
