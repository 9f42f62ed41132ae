package dev.ssewatch.agent.apps.quarkus;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;

/**
 * The Quarkus application's entry point: once Quarkus has started, and so listens, prints {@code
 * LISTENING port} for the test harness, which reads the child's standard output (the port Quarkus
 * took when asked for a free one, {@code quarkus.http.port=0}).
 */
@QuarkusMain
public class QuarkusSseApp implements QuarkusApplication {

  /** System property giving the application its canary (the test scenario's). */
  static final String CANARY_PROPERTY = "sse.canary";

  @Inject HttpServer server;

  public static void main(String... args) {
    Quarkus.run(QuarkusSseApp.class, args);
  }

  @Override
  public int run(String... args) {
    System.out.println("LISTENING " + server.getPort());
    System.out.flush();
    Quarkus.waitForExit();
    return 0;
  }

  static String canary() {
    return System.getProperty(CANARY_PROPERTY, "CANARY-unset");
  }

  /** The text of event {@code i}, as the agent's test scenarios write it. */
  static String data(String canary, int i) {
    return canary + " payload é " + i;
  }
}
