package dev.ssewatch.agent.it;

import dev.ssewatch.agent.apps.spring.SpringEvents;
import java.nio.file.Path;

/**
 * Spring Boot 3.5 MVC on its Tomcat: {@code SseEmitter} streams (flushed per event, completed and
 * aborted), a {@code StreamingResponseBody} that never flushes, a body of known length, Spring's
 * default and explicit {@code Cache-Control}.
 */
class SpringMvcAgentIT extends ServerFamilyContract implements SpringCacheControlContract {

  /** The Java to run the application on. */
  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        new ChildJvm.Options().java(java()),
        SpringClasspath.mvc(),
        "dev.ssewatch.agent.apps.spring.mvc.MvcSseApp",
        SpringArgs.common());
  }

  @Override
  String expectedEvent(String canary, int i) {
    return SpringEvents.event(canary, i);
  }
}
