package dev.ssewatch.agent.instrumentation;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matches class loaders that can see a class, by looking for its class file rather than loading it.
 * Answers are cached with weak keys so that no application class loader is kept alive.
 */
public final class ClassLoaderHasClass extends ElementMatcher.Junction.AbstractBase<ClassLoader> {

  private final String resource;
  private final Map<ClassLoader, Boolean> cache = new WeakHashMap<>();

  private ClassLoaderHasClass(String className) {
    this.resource = className.replace('.', '/') + ".class";
  }

  public static ClassLoaderHasClass hasClassNamed(String className) {
    return new ClassLoaderHasClass(className);
  }

  @Override
  public boolean matches(ClassLoader loader) {
    if (loader == null) {
      // The bootstrap loader holds the JDK only; the agent never instruments it.
      return false;
    }
    synchronized (cache) {
      Boolean known = cache.get(loader);
      if (known != null) {
        return known;
      }
    }
    boolean found;
    try {
      found = loader.getResource(resource) != null;
    } catch (RuntimeException e) {
      found = false;
    }
    synchronized (cache) {
      cache.put(loader, found);
    }
    return found;
  }
}
