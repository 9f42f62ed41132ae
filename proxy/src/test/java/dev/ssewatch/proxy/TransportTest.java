package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which transport the proxy runs on, and how it is chosen. */
class TransportTest extends ProxyTestCase {

  @TempDir Path dir;

  @Test
  void theBundledNativeEpollLoadsOnLinuxX86AndArm() {
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    assumeTrue(
        os.startsWith("Linux") && Set.of("amd64", "x86_64", "aarch64").contains(arch),
        "the native library is shipped for Linux x86_64 and aarch64 only");
    assertThat(Epoll.isAvailable()).as("epoll: %s", Epoll.unavailabilityCause()).isTrue();
    assertThat(Transport.EPOLL.isAvailable()).isTrue();
    assertThat(Transport.EPOLL.unavailabilityCause()).isNull();
  }

  @Test
  void autoPicksEpollWhereItLoadsAndNioOtherwise() {
    Transport expected = Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO;
    assertThat(Transport.auto()).isEqualTo(expected);
    assertThat(Transport.parse("auto")).isEqualTo(expected);
    assertThat(Transport.parse(" AUTO ")).isEqualTo(expected);
    assertThat(Transport.parse(null)).isEqualTo(expected);
    assertThat(Transport.parse("nio")).isEqualTo(Transport.NIO);
    assertThat(Transport.parse("Epoll")).isEqualTo(Transport.EPOLL);
    assertThatThrownBy(() -> Transport.parse("kqueue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto, epoll or nio");
    assertThat(ProxyConfig.builder().route(anyRoute()).build().transport()).isEqualTo(expected);
  }

  @Test
  void theSettingAndTheYamlFileChooseTheTransport() throws Exception {
    Map<String, String> base = Map.of(ProxySettings.BACKEND, "http://127.0.0.1:9000");
    assertThat(ProxySettings.load(Settings.of(base)).transport()).isEqualTo(Transport.auto());
    assertThat(
            ProxySettings.load(Settings.of(base).with(ProxySettings.TRANSPORT, "nio")).transport())
        .isEqualTo(Transport.NIO);
    assertThatThrownBy(
            () -> ProxySettings.load(Settings.of(base).with(ProxySettings.TRANSPORT, "fast")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("ssewatch.proxy.transport");

    Path yaml = dir.resolve("proxy.yaml");
    Files.writeString(
        yaml, "transport: nio\nroutes:\n  - prefix: /\n    backend: http://127.0.0.1:9000\n");
    Settings fromFile = Settings.of(Map.of(ProxySettings.CONFIG, yaml.toString()));
    assertThat(ProxySettings.load(fromFile).transport()).isEqualTo(Transport.NIO);
    // A setting ranks above the file's top level.
    if (Transport.EPOLL.isAvailable()) {
      assertThat(ProxySettings.load(fromFile.with(ProxySettings.TRANSPORT, "epoll")).transport())
          .isEqualTo(Transport.EPOLL);
    }
  }

  @Test
  void byDefaultTheProxyRunsOnEpollHereAndOnNioWhenTold() throws Exception {
    ProxyFixture.assumeAvailable(Transport.EPOLL);
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: one\n\n");
              c.awaitPeerClose();
              return false;
            });
    proxy = ProxyFixture.startWithAdmin(backend.uri(), b -> b);
    assertThat(proxy.config().transport()).isEqualTo(Transport.EPOLL);
    assertThat(clientChannelType()).isEqualTo(EpollSocketChannel.class);
    assertThat(metrics()).contains("ssewatch_proxy_transport_info{transport=\"epoll\"} 1");
    proxy.shutdown(Duration.ZERO);

    proxy = ProxyFixture.startWithAdmin(backend.uri(), b -> b.transport(Transport.NIO));
    assertThat(clientChannelType()).isAssignableTo(NioSocketChannel.class);
    assertThat(metrics()).contains("ssewatch_proxy_transport_info{transport=\"nio\"} 1");
  }

  private Class<?> clientChannelType() throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(30_000);
      s.getOutputStream()
          .write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      assertThat(ForwardingTest.readUntil(in, "data: one")).startsWith("HTTP/1.1 200");
      await().atMost(Duration.ofSeconds(30)).until(() -> !proxy.clientChannels().isEmpty());
      List<Channel> open = proxy.clientChannels();
      return open.get(0).getClass();
    }
  }

  private String metrics() throws Exception {
    InetSocketAddress a = proxy.adminAddress();
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static Route anyRoute() {
    return Route.all(URI.create("http://127.0.0.1:9000"), RouteOptions.defaults());
  }
}
