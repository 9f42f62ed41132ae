package dev.ssewatch.agent.it;

import java.nio.file.Path;
import java.util.List;

/** The jars of Jersey 3.1 with SSE and HK2 injection, plus those of the container named. */
final class JerseyClasspath {

  private JerseyClasspath() {}

  static List<Path> with(String... containerJarPrefixes) {
    String[] jersey = {
      "jersey-",
      "jakarta.ws.rs-api-",
      "jakarta.inject-api-",
      "jakarta.annotation-api-",
      "jakarta.validation-api-",
      "hk2-",
      "aopalliance-repackaged-",
      "javassist-",
      "osgi-resource-locator-"
    };
    String[] all = new String[jersey.length + containerJarPrefixes.length];
    System.arraycopy(jersey, 0, all, 0, jersey.length);
    System.arraycopy(containerJarPrefixes, 0, all, jersey.length, containerJarPrefixes.length);
    return ChildJvm.testClasspath(all);
  }
}
