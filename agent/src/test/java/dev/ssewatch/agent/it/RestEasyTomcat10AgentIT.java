package dev.ssewatch.agent.it;

import dev.ssewatch.agent.apps.JaxRsSseResource;

/** JAX-RS SSE through RESTEasy 6.2's {@code HttpServletDispatcher} on Tomcat 10.1. */
class RestEasyTomcat10AgentIT extends AgentContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.testClasspath(
            "tomcat-embed-core-",
            "tomcat-annotations-api-",
            "resteasy-",
            "jboss-logging-",
            "jandex-",
            "angus-activation-",
            "asyncutil-",
            "reactive-streams-",
            "jakarta.ws",
            "jakarta.xml",
            "jakarta.activation",
            "jakarta.validation",
            "jakarta.inject",
            "jakarta.annotation"),
        "dev.ssewatch.agent.apps.TomcatApp",
        "jakarta",
        "resteasy");
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
