package dev.ssewatch.agent.it;

import dev.ssewatch.agent.apps.JaxRsSseResource;
import java.nio.file.Path;
import java.util.List;

/**
 * JAX-RS SSE through RESTEasy 6.2's {@code HttpServletDispatcher} on Jetty 12 (ee10): its event
 * output is asynchronous servlet output, where a client that goes away is not an exception from a
 * write.
 */
class RestEasyJetty12AgentIT extends AgentContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(classpath(), "dev.ssewatch.agent.apps.RestEasyJetty12App");
  }

  static List<Path> classpath() {
    return ChildJvm.testClasspath(
        "jetty-",
        "resteasy-",
        "jboss-logging-",
        "jandex-",
        "angus-activation-",
        "asyncutil-",
        "reactive-streams-",
        "jakarta.",
        "slf4j-api-");
  }

  /** RESTEasy commits the response with two line ends (an empty event) before the first event. */
  @Override
  String expectedPreamble() {
    return "\n\n";
  }

  @Override
  String expectedEvent(String canary, int i) {
    return JaxRsSseResource.event(canary, i);
  }
}
