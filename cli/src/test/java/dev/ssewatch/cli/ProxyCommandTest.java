package dev.ssewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProxyCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void helpExplainsEveryOption() {
    assertThat(run("proxy", "--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--listen",
            "--backend",
            "--heartbeat",
            "--idle-budget",
            "--admin",
            "--config",
            "--tls-cert",
            "--backend-ca",
            "--insecure-skip-backend-tls-verify",
            "--transport",
            "--memory-return",
            "--threads",
            "--max-connections",
            "--request-head-timeout",
            "--keep-alive-timeout",
            "--request-body-timeout",
            "--admin-hosts",
            "--admin-token-file",
            "--tls-ciphers",
            "250ms");
  }

  @Test
  void aBadOptionIsReportedWithoutStartingAnything() {
    assertThat(run("proxy", "--backend", "http://127.0.0.1:9", "--heartbeat", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("ssewatch.proxy.heartbeat");
    assertThat(run("proxy", "--backend", "http://127.0.0.1:9", "--transport", "io_uring"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("ssewatch.proxy.transport", "auto, epoll or nio");
    assertThat(run("proxy", "--backend", "http://127.0.0.1:9", "--memory-return", "sometimes"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("ssewatch.proxy.memory.return");
    assertThat(run("proxy", "--backend", "http://127.0.0.1:9", "--max-connections", "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("ssewatch.proxy.max.connections");
    assertThat(
            run("proxy", "--backend", "http://127.0.0.1:9", "--admin-token-file", "/nonexistent"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("ssewatch.proxy.admin.token.file");
    assertThat(run("proxy")).isEqualTo(2);
    assertThat(err.toString()).contains("backend is required");
  }

  @Test
  void startupWarnsAboutAnExposedAdminListenerAndTooFewDescriptors() {
    dev.ssewatch.proxy.ProxyConfig.Builder b =
        dev.ssewatch.proxy.ProxyConfig.builder()
            .route(
                dev.ssewatch.proxy.Route.all(
                    java.net.URI.create("http://127.0.0.1:9"),
                    dev.ssewatch.proxy.RouteOptions.defaults()));
    dev.ssewatch.proxy.ProxyConfig cfg = b.build();
    java.net.InetSocketAddress loopback = new java.net.InetSocketAddress("127.0.0.1", 9090);
    java.net.InetSocketAddress exposed = new java.net.InetSocketAddress("0.0.0.0", 9090);
    assertThat(ProxyCommand.startupWarnings(cfg, loopback, 1_048_576)).isEmpty();
    assertThat(ProxyCommand.startupWarnings(cfg, null, 1_048_576)).isEmpty();
    assertThat(ProxyCommand.startupWarnings(cfg, exposed, 1_048_576))
        .singleElement()
        .asString()
        .contains("reachable beyond this machine", "--admin-token-file");
    assertThat(ProxyCommand.startupWarnings(cfg, loopback, 1024))
        .singleElement()
        .asString()
        .contains("file descriptor limit (1024)");
    dev.ssewatch.proxy.ProxyConfig withToken =
        b.adminAccess(new dev.ssewatch.proxy.admin.AdminAccess(java.util.List.of(), "t")).build();
    assertThat(ProxyCommand.startupWarnings(withToken, exposed, 1_048_576))
        .singleElement()
        .asString()
        .doesNotContain("--admin-token-file");
  }
}
