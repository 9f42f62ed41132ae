package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.proxy.RouteOptions.ForwardedStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxySettingsTest {

  @TempDir Path dir;

  @Test
  void theCommandLineAloneGivesOneRouteWithTheDefaults() {
    ProxyConfig c =
        ProxySettings.load(Settings.of(Map.of(ProxySettings.BACKEND, "http://127.0.0.1:9000")));
    assertThat(c.listen().getPort()).isEqualTo(8080);
    assertThat(c.admin().getPort()).isEqualTo(9090);
    assertThat(c.admin().getAddress().isLoopbackAddress()).isTrue();
    assertThat(c.routes())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.pathPrefix()).isEqualTo("/");
              assertThat(r.options().heartbeat()).isEqualTo(Duration.ofSeconds(15));
              assertThat(r.options().idleBudget()).isEqualTo(Duration.ofSeconds(240));
            });
  }

  @Test
  void durationsAndFlagsAreParsed() {
    ProxyConfig c =
        ProxySettings.load(
            Settings.of(
                Map.of(
                    ProxySettings.BACKEND, "http://127.0.0.1:9000",
                    ProxySettings.HEARTBEAT, "250ms",
                    ProxySettings.IDLE_BUDGET, "4m",
                    ProxySettings.ADMIN, "off",
                    ProxySettings.ANTI_BUFFERING, "true",
                    ProxySettings.FORWARDED, "forwarded")));
    RouteOptions o = c.routes().get(0).options();
    assertThat(o.heartbeat()).isEqualTo(Duration.ofMillis(250));
    assertThat(o.idleBudget()).isEqualTo(Duration.ofMinutes(4));
    assertThat(o.antiBufferingHeaders()).isTrue();
    assertThat(o.forwarded()).isEqualTo(ForwardedStyle.FORWARDED);
    assertThat(c.admin()).isNull();
  }

  @Test
  void yamlRoutesOverrideTheGlobalOptionsPerRoute() throws Exception {
    Path yaml = dir.resolve("proxy.yaml");
    Files.writeString(
        yaml,
        """
        listen: 127.0.0.1:8181
        heartbeat: 20s
        routes:
          - prefix: /chat
            backend: http://127.0.0.1:9001
            heartbeat: 5s
            anti-buffering-headers: true
          - prefix: /
            name: rest
            backend: http://127.0.0.1:9002
        """);
    ProxyConfig c = ProxySettings.load(Settings.of(Map.of(ProxySettings.CONFIG, yaml.toString())));
    assertThat(c.listen().getPort()).isEqualTo(8181);
    Route chat = c.route("/chat/stream");
    assertThat(chat.backend().getPort()).isEqualTo(9001);
    assertThat(chat.options().heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(chat.options().antiBufferingHeaders()).isTrue();
    Route rest = c.route("/other");
    assertThat(rest.name()).isEqualTo("rest");
    assertThat(rest.options().heartbeat()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void flagsWinOverTheFilesTopLevel() throws Exception {
    Path yaml = dir.resolve("p.yaml");
    Files.writeString(yaml, "heartbeat: 20s\nbackend: http://127.0.0.1:9000\n");
    ProxyConfig c =
        ProxySettings.load(
            Settings.of(
                Map.of(ProxySettings.CONFIG, yaml.toString(), ProxySettings.HEARTBEAT, "0")));
    assertThat(c.routes().get(0).options().heartbeat()).isZero();
  }

  @Test
  void mistakesAreReportedWithTheirKey() throws Exception {
    assertThatThrownBy(() -> ProxySettings.load(Settings.of(Map.of())))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("backend");
    assertThatThrownBy(
            () ->
                ProxySettings.load(
                    Settings.of(
                        Map.of(
                            ProxySettings.BACKEND, "http://h:1", ProxySettings.HEARTBEAT, "5x"))))
        .hasMessageContaining(ProxySettings.HEARTBEAT);
    assertThatThrownBy(
            () ->
                ProxySettings.load(
                    Settings.of(
                        Map.of(
                            ProxySettings.BACKEND, "http://h:1",
                            ProxySettings.HEARTBEAT, "5m",
                            ProxySettings.IDLE_BUDGET, "4m"))))
        .hasMessageContaining("shorter than the idle budget");
    assertThatThrownBy(
            () -> ProxySettings.load(Settings.of(Map.of(ProxySettings.BACKEND, "ftp://h/x"))))
        .hasMessageContaining("http://");
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "routes:\n  - prefix: /a\n    backend: http://h:1\n    hartbeat: 5s\n");
    assertThatThrownBy(
            () -> ProxySettings.load(Settings.of(Map.of(ProxySettings.CONFIG, yaml.toString()))))
        .hasMessageContaining("unknown key 'hartbeat'");
  }

  @Test
  void memoryIsReturnedUnlessTurnedOffByFlagOrFile() throws Exception {
    assertThat(ProxySettings.memoryReturn(Settings.of(Map.of()))).isTrue();
    assertThat(ProxySettings.memoryReturn(Settings.of(Map.of(ProxySettings.MEMORY_RETURN, "off"))))
        .isFalse();
    Path yaml = dir.resolve("m.yaml");
    Files.writeString(yaml, "backend: http://127.0.0.1:9000\nmemory-return: false\n");
    assertThat(
            ProxySettings.memoryReturn(Settings.of(Map.of(ProxySettings.CONFIG, yaml.toString()))))
        .isFalse();
    assertThatThrownBy(
            () ->
                ProxySettings.memoryReturn(
                    Settings.of(Map.of(ProxySettings.MEMORY_RETURN, "sometimes"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(ProxySettings.MEMORY_RETURN);
  }

  @Test
  void limitsThreadsAndAdminAccessAreParsed() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "s3cret-admin-token\n");
    ProxyConfig c =
        ProxySettings.load(
            Settings.of(
                Map.of(
                    ProxySettings.BACKEND, "http://127.0.0.1:9000",
                    ProxySettings.THREADS, "3",
                    ProxySettings.MAX_CONNECTIONS, "500",
                    ProxySettings.REQUEST_HEAD_TIMEOUT, "10s",
                    ProxySettings.KEEP_ALIVE_TIMEOUT, "2m",
                    ProxySettings.REQUEST_BODY_TIMEOUT, "45s",
                    ProxySettings.ADMIN_HOSTS, "Admin.Example, other.example",
                    ProxySettings.ADMIN_TOKEN_FILE, token.toString())));
    assertThat(c.threads()).isEqualTo(3);
    assertThat(c.eventLoopThreads()).isEqualTo(3);
    assertThat(c.limits().maxConnections()).isEqualTo(500);
    assertThat(c.limits().requestHeadTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.limits().keepAliveTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.limits().requestBodyTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.adminAccess().extraHosts()).containsExactly("admin.example", "other.example");
    assertThat(c.adminAccess().token()).isEqualTo("s3cret-admin-token");
    assertThat(c.toString()).doesNotContain("s3cret-admin-token");
  }

  @Test
  void theDefaultLimitsAreTheDocumentedOnes() {
    ProxyConfig c =
        ProxySettings.load(Settings.of(Map.of(ProxySettings.BACKEND, "http://127.0.0.1:9000")));
    assertThat(c.threads()).isZero();
    assertThat(c.eventLoopThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.limits()).isEqualTo(ClientLimits.defaults());
    assertThat(c.limits().requestHeadTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.limits().keepAliveTimeout()).isEqualTo(Duration.ofSeconds(75));
    assertThat(c.limits().requestBodyTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.limits().maxConnections()).isEqualTo(10_000);
    assertThat(c.adminAccess().token()).isNull();
  }

  @Test
  void theAdminTokenComesFromAFileOrTheEnvironmentNotBothAndIsNeverEchoed() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "from-file");
    assertThatThrownBy(
            () ->
                ProxySettings.load(
                    Settings.of(
                        Map.of(
                            ProxySettings.BACKEND, "http://127.0.0.1:9000",
                            ProxySettings.ADMIN_TOKEN_FILE, token.toString(),
                            ProxySettings.ADMIN_TOKEN, "from-env"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () ->
                ProxySettings.load(
                    Settings.of(
                        Map.of(
                            ProxySettings.BACKEND, "http://127.0.0.1:9000",
                            ProxySettings.ADMIN_TOKEN, "has space"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageNotContaining("has space");
    ProxyConfig c =
        ProxySettings.load(
            Settings.of(
                Map.of(
                    ProxySettings.BACKEND, "http://127.0.0.1:9000",
                    ProxySettings.ADMIN_TOKEN, "from-env")));
    assertThat(c.adminAccess().token()).isEqualTo("from-env");
  }

  @Test
  void aLowDescriptorLimitIsWarnedAbout() {
    assertThat(DescriptorLimit.warning(1024, 10_000))
        .contains("1024", "--max-connections 10000", "20512", "lower --max-connections to 256");
    assertThat(DescriptorLimit.warning(1_048_576, 10_000)).isNull();
    assertThat(DescriptorLimit.warning(-1, 10_000)).isNull();
    assertThat(DescriptorLimit.needed(10_000)).isEqualTo(20_512);
  }
}
