package dev.ssewatch.agent.it;

import java.nio.file.Path;
import java.util.List;

/**
 * Spring Boot 3.5 WebFlux with {@code server.compression.enabled}: Reactor Netty's compressor, so
 * the agent sees the compressed body and decodes it for the events.
 */
class SpringWebFluxCompressionAgentIT extends SpringCompressionContract {

  @Override
  List<Path> classpath() {
    return SpringClasspath.webFlux();
  }

  @Override
  String mainClass() {
    return "dev.ssewatch.agent.apps.spring.webflux.WebFluxSseApp";
  }
}
