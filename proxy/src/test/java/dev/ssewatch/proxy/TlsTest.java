package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.proxy.sse.StreamTaps;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TlsTest extends ProxyTestCase {

  @TempDir static Path dir;
  private static TestCertificate cert;

  @BeforeAll
  static void makeCertificate() throws Exception {
    cert = TestCertificate.create(dir);
  }

  private static TestBackend.Handler sse() {
    return (req, c) -> {
      c.sseHead();
      c.chunk("data: " + req.header("X-Forwarded-Proto") + "\n\n");
      c.endChunks();
      return true;
    };
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void servesHttpsWithThePemCertificateAndKey(Transport transport) throws Exception {
    ProxyFixture.assumeAvailable(transport);
    backend = new TestBackend(sse());
    proxy =
        ProxyFixture.start(
            backend.uri(),
            StreamTaps.NONE,
            UnaryOperator.identity(),
            b -> b.transport(transport).serverTls(new ServerTls(cert.certPem, cert.keyPem)));
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(cert.clientContext())
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    HttpResponse<String> resp =
        client.send(
            HttpRequest.newBuilder(
                    java.net.URI.create("https://127.0.0.1:" + proxy.port() + "/events"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.body()).isEqualTo("data: https\n\n");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void verifiesAnHttpsBackendAgainstTheGivenCaFile(Transport transport) throws Exception {
    ProxyFixture.assumeAvailable(transport);
    backend = new TestBackend(sse(), cert.serverSocket());
    proxy =
        ProxyFixture.start(
            backend.uri(),
            StreamTaps.NONE,
            o -> o.withBackendTls(cert.certPem, false),
            b -> b.transport(transport));

    HttpResponse<String> resp = get();

    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.body()).isEqualTo("data: http\n\n");
  }

  @Test
  void refusesAnHttpsBackendItCannotVerify() throws Exception {
    backend = new TestBackend(sse(), cert.serverSocket());
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);

    assertThat(get().statusCode()).isEqualTo(502);
  }

  @Test
  void skipsVerificationOnlyWhenExplicitlyTold() throws Exception {
    backend = new TestBackend(sse(), cert.serverSocket());
    proxy =
        ProxyFixture.start(
            backend.uri(),
            StreamTaps.NONE,
            o -> o.withBackendTls(null, true),
            UnaryOperator.identity());

    assertThat(get().statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get() throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(ProxyFixture.url(proxy, "/events")).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
