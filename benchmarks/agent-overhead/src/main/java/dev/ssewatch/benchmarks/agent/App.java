package dev.ssewatch.benchmarks.agent;

import java.io.File;
import java.util.List;

/**
 * The measured server, {@code -Dbench.app=NAME}: {@code tomcat} ({@link BenchServer}, from the
 * harness's own class path, the default), {@code spring-mvc} (Spring Boot MVC on Tomcat, {@code
 * SseEmitter}, a JSON object per event) or {@code spring-webflux} (Spring Boot WebFlux on Reactor
 * Netty, {@code Flux<ServerSentEvent>}, a JSON object per event), both Spring Boot executable jars
 * started with {@code -jar}. Every one serves {@code GET /sse?n=N&pauseNanos=P} and prints {@code
 * LISTENING port}. {@code -Dbench.appJar=JAR} names the Spring application's jar when it is not
 * where the build leaves it, relative to the directory the harness is started in.
 */
record App(String name, String jar) {

  static App fromProperties() {
    String name = System.getProperty("bench.app", "tomcat");
    String jar = System.getProperty("bench.appJar", "");
    return of(name, jar.isBlank() ? null : jar);
  }

  static App of(String name, String jar) {
    return switch (name) {
      case "tomcat" -> {
        if (jar != null) {
          throw new IllegalArgumentException("bench.appJar: the tomcat server has no jar");
        }
        yield new App(name, null);
      }
      case "spring-mvc", "spring-webflux" -> {
        String path =
            jar != null
                ? jar
                : "benchmarks/agent-overhead/" + name + "/target/agent-overhead-" + name + ".jar";
        if (!new File(path).isFile()) {
          throw new IllegalArgumentException(
              "bench.app="
                  + name
                  + ": no jar at "
                  + path
                  + "; build it first, or set bench.appJar");
        }
        yield new App(name, path);
      }
      default ->
          throw new IllegalArgumentException(
              "bench.app: tomcat, spring-mvc or spring-webflux, not " + name);
    };
  }

  /** What follows the JVM options on the server's command line. */
  List<String> command() {
    if (jar == null) {
      return List.of("-cp", System.getProperty("java.class.path"), BenchServer.class.getName());
    }
    return List.of("-jar", jar);
  }
}
