package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JfrShareTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // the agent's own classes, the bridge on the boot class path, the core it carries
    "dev.ssewatch.agent.runtime.NettyConnection, true",
    "dev.ssewatch.agent.bootstrap.WeakIdentityMap$Segment, true",
    "dev.ssewatch.agent.shaded.core.sse.ByteScans, true",
    // the measured applications share the prefix but are not the agent
    "dev.ssewatch.benchmarks.agent.webflux.Tick, false",
    "dev.ssewatch.benchmarks.agent.mvc.MvcSseApp, false",
    // the server's and the JDK's frames
    "io.netty.handler.codec.http.HttpObjectEncoder, false",
    "java.lang.System, false",
  })
  void tellsTheAgentsFramesFromTheApplications(String className, boolean agent) {
    assertThat(JfrShare.isAgentFrame(className)).isEqualTo(agent);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "reactor-http-epoll-3, reactor-http-epoll-N",
    "pool-2-thread-14, pool-N-thread-N",
    "ssewatch-telemetry, ssewatch-telemetry",
  })
  void groupsThreadsByNameWithoutDigits(String thread, String group) {
    assertThat(JfrShare.group(thread)).isEqualTo(group);
  }
}
