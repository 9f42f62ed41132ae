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
}
