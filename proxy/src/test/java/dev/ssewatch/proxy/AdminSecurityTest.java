package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.proxy.admin.AdminAccess;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin listener answers only its own names, and only with its token when it has one. */
class AdminSecurityTest extends ProxyTestCase {

  private static final String TOKEN = "t0ken-for-tests_only";

  private void start(AdminAccess access) throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.write("HTTP/1.1 204 No Content\r\n\r\n");
              return true;
            });
    proxy = ProxyFixture.startWithAdmin(backend.uri(), b -> b.adminAccess(access));
  }

  /** One request on a fresh connection; the response's head, and its body if it has a length. */
  private String request(String path, String... headers) throws IOException {
    try (Socket s = new Socket("127.0.0.1", proxy.adminAddress().getPort())) {
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
      for (String h : headers) {
        req.append(h).append("\r\n");
      }
      s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        head.append((char) c);
      }
      int length = 0;
      for (String line : head.toString().split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/metrics", "/streams", "/live/events", "/", "/healthz"})
  void aForeignHostGets421OnEveryPath(String path) throws Exception {
    start(AdminAccess.defaults());
    assertThat(request(path, "Host: evil.example")).startsWith("HTTP/1.1 421");
    assertThat(request(path, "Host: evil.example:" + proxy.adminAddress().getPort()))
        .startsWith("HTTP/1.1 421");
    assertThat(request(path)).as("no Host at all").startsWith("HTTP/1.1 421");
    assertThat(proxy.metrics().prometheus())
        .contains("ssewatch_proxy_admin_refused_total{reason=\"host\"} 3");
  }

  @Test
  void theListenersOwnNamesAndConfiguredOnesAreServed() throws Exception {
    start(new AdminAccess(List.of("Admin.Internal"), null));
    int port = proxy.adminAddress().getPort();
    assertThat(request("/metrics", "Host: 127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
    assertThat(request("/metrics", "Host: 127.0.0.1")).startsWith("HTTP/1.1 200");
    // A port forward in front changes the port, not the name.
    assertThat(request("/metrics", "Host: localhost:18080")).startsWith("HTTP/1.1 200");
    assertThat(request("/metrics", "Host: LOCALHOST.")).startsWith("HTTP/1.1 200");
    assertThat(request("/metrics", "Host: admin.internal:" + port)).startsWith("HTTP/1.1 200");
    assertThat(request("/metrics", "Host: 127.0.0.2")).startsWith("HTTP/1.1 421");
    assertThat(request("/metrics", "Host: localhost.evil.example")).startsWith("HTTP/1.1 421");
    assertThat(request("/metrics", "Host: 127.0.0.1", "Host: evil.example"))
        .startsWith("HTTP/1.1 421");
  }

  @Test
  void withATokenEveryPathButHealthzNeedsIt() throws Exception {
    start(new AdminAccess(List.of(), TOKEN));
    String host = "Host: 127.0.0.1";
    String missing = request("/metrics", host);
    assertThat(missing).startsWith("HTTP/1.1 401").contains("Bearer realm=").doesNotContain(TOKEN);
    assertThat(request("/streams", host, "Authorization: Bearer wrong")).startsWith("HTTP/1.1 401");
    assertThat(request("/streams", host, "Authorization: Bearer " + TOKEN + "x"))
        .startsWith("HTTP/1.1 401");
    assertThat(request("/live/events?token=" + TOKEN, host)).startsWith("HTTP/1.1 401");
    assertThat(request("/metrics", host, "Authorization: Bearer " + TOKEN))
        .startsWith("HTTP/1.1 200")
        .contains("ssewatch_proxy_admin_refused_total{reason=\"token\"} 4");
    assertThat(request("/metrics", host, "authorization: bearer " + TOKEN))
        .startsWith("HTTP/1.1 200");
    assertThat(request("/healthz", host)).startsWith("HTTP/1.1 200");
    // The host check comes first: a rebinding page never learns whether a token is set.
    assertThat(request("/metrics", "Host: evil.example", "Authorization: Bearer " + TOKEN))
        .startsWith("HTTP/1.1 421");
  }

  @Test
  void theLivePageWorksWithATokenThroughItsCookie() throws Exception {
    start(new AdminAccess(List.of(), TOKEN));
    String host = "Host: localhost";
    String login = request("/?token=" + TOKEN, host);
    assertThat(login)
        .startsWith("HTTP/1.1 303")
        .containsIgnoringCase("location: /\r\n")
        .contains("set-cookie: ssewatch_admin=" + TOKEN + "; Path=/; HttpOnly; SameSite=Strict");
    String cookie = "Cookie: theme=dark; ssewatch_admin=" + TOKEN;
    assertThat(request("/", host, cookie)).startsWith("HTTP/1.1 200").contains("EventSource(");
    // The page's feed is an EventSource, which sends the same-origin cookie and nothing else.
    try (Socket s = new Socket("127.0.0.1", proxy.adminAddress().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET /live/events HTTP/1.1\r\n" + host + "\r\n" + cookie + "\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
      String status = TestBackend.readLine(s.getInputStream());
      assertThat(status).startsWith("HTTP/1.1 200");
    }
    assertThat(request("/", host, "Cookie: ssewatch_admin=nope")).startsWith("HTTP/1.1 401");
  }

  @Test
  void theTokenIsNeverShownByTheConfiguration() {
    assertThat(new AdminAccess(List.of(), TOKEN).toString()).doesNotContain(TOKEN);
  }
}
