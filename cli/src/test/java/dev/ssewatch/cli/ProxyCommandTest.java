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
    assertThat(run("proxy")).isEqualTo(2);
    assertThat(err.toString()).contains("backend is required");
  }
}
