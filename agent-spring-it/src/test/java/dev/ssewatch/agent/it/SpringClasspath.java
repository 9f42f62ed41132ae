package dev.ssewatch.agent.it;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path of a Spring Boot test application: this module's test class path, less the other
 * server's jars. Both starters are on it, and Spring Boot would pick Tomcat for a WebFlux
 * application if Tomcat were there, so each application gets its own server only.
 */
final class SpringClasspath {

  private SpringClasspath() {}

  /** Spring MVC on Tomcat: no Netty, no WebFlux. */
  static List<Path> mvc() {
    return without(
        "netty-", "reactor-netty-", "spring-webflux-", "spring-boot-starter-reactor-netty-");
  }

  /** Spring WebFlux on Reactor Netty: no Tomcat, no Spring MVC. */
  static List<Path> webFlux() {
    return without("tomcat-", "spring-webmvc-", "spring-boot-starter-tomcat-");
  }

  private static List<Path> without(String... jarPrefixes) {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<Path> out = new ArrayList<>();
    next:
    for (String entry : cp.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      for (String prefix : jarPrefixes) {
        if (name.startsWith(prefix)) {
          continue next;
        }
      }
      out.add(p);
    }
    return out;
  }
}
