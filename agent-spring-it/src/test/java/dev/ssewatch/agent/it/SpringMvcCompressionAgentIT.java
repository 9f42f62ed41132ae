package dev.ssewatch.agent.it;

import java.nio.file.Path;
import java.util.List;

/**
 * Spring Boot 3.5 MVC with {@code server.compression.enabled}: Tomcat gzips below the Servlet API,
 * so the agent parses what the application wrote for the events and counts Tomcat's compressed
 * output as the stream's bytes.
 */
class SpringMvcCompressionAgentIT extends SpringCompressionContract {

  @Override
  List<Path> classpath() {
    return SpringClasspath.mvc();
  }

  @Override
  String mainClass() {
    return "dev.ssewatch.agent.apps.spring.mvc.MvcSseApp";
  }
}
