package dev.ssewatch.agent.instrumentation;

import java.util.HashMap;
import java.util.Map;

/**
 * Matches class loaders that can see at least one of a few classes, by looking for their class
 * files rather than loading them. Plain JDK code: the installer asks it once per class loader
 * before anything of Byte Buddy is loaded, and caches the answer itself.
 */
public final class ClassLoaderHasClass {

  private final String[] resources;

  /** Matches the platform class loader only (its JDK modules), whatever the resources. */
  private final boolean platformOnly;

  private ClassLoaderHasClass(String[] classNames) {
    this(classNames, false);
  }

  private ClassLoaderHasClass(String[] classNames, boolean platformOnly) {
    this.platformOnly = platformOnly;
    this.resources = new String[classNames.length];
    for (int i = 0; i < classNames.length; i++) {
      resources[i] = classNames[i].replace('.', '/') + ".class";
    }
  }

  /** Loaders that can see any one of {@code classNames}. */
  public static ClassLoaderHasClass hasClassNamed(String... classNames) {
    if (classNames.length == 0) {
      throw new IllegalArgumentException("no class names");
    }
    return new ClassLoaderHasClass(classNames.clone());
  }

  /**
   * The platform class loader, which defines JDK modules such as {@code jdk.httpserver}. Not by
   * resource: every application loader sees the JDK's class files through delegation, and would
   * then have each of its classes' headers read for an instrumentation of JDK classes.
   */
  public static ClassLoaderHasClass platformLoader() {
    return new ClassLoaderHasClass(new String[0], true);
  }

  public boolean matches(ClassLoader loader) {
    return matches(loader, new HashMap<>());
  }

  /**
   * As {@link #matches(ClassLoader)}, with the answers for {@code loader} found so far by other
   * checks: instrumentations of one library look for the same classes, and each look-up that misses
   * goes through every jar the loader has (every nested jar of a Spring Boot application).
   */
  public boolean matches(ClassLoader loader, Map<String, Boolean> answers) {
    if (platformOnly) {
      return loader != null && loader == ClassLoader.getPlatformClassLoader();
    }
    if (loader == null) {
      // The bootstrap loader holds the JDK only; the agent never instruments it.
      return false;
    }
    for (String resource : resources) {
      Boolean found = answers.get(resource);
      if (found == null) {
        found = has(loader, resource);
        answers.put(resource, found);
      }
      if (found) {
        return true;
      }
    }
    return false;
  }

  private static boolean has(ClassLoader loader, String resource) {
    try {
      return loader.getResource(resource) != null;
    } catch (RuntimeException e) {
      // a loader that cannot answer cannot be instrumented either
      return false;
    }
  }
}
