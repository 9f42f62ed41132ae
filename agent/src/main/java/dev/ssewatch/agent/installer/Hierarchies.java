package dev.ssewatch.agent.installer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the installer knows per application class loader: which instrumentations its libraries allow
 * (asked once), and the super-type mask of each type seen in it. A type's mask is its own bit or'ed
 * with its parents' masks; a parent not seen yet (the JVM loads super types after the class that
 * names them) is read from its class file through the loader, header only. Loaders are held weakly,
 * so that no application class loader is kept alive.
 */
final class Hierarchies {

  /**
   * Types cached per loader before the cache starts over: enough for a large application's own
   * classes; a cleared cache only means headers read again.
   */
  static final int MAX_TYPES_PER_LOADER = 20_000;

  private static final int MAX_DEPTH = 64;

  private final InstrumentationIndex index;
  private final Map<ClassLoader, Loader> loaders = new WeakHashMap<>();

  Hierarchies(InstrumentationIndex index) {
    this.index = index;
  }

  /** A loader's gates and, when it has any, its types' masks. */
  static final class Loader {
    final long gates;
    final ConcurrentHashMap<String, Integer> masks;

    /** Headers of types defined while no instrumentation asked for their mask, not yet needed. */
    final ConcurrentHashMap<String, ClassHeader> unresolved;

    Loader(long gates) {
      this.gates = gates;
      this.masks = gates == 0 ? null : new ConcurrentHashMap<>();
      this.unresolved = gates == 0 ? null : new ConcurrentHashMap<>();
    }
  }

  Loader of(ClassLoader loader) {
    synchronized (loaders) {
      Loader known = loaders.get(loader);
      if (known != null) {
        return known;
      }
    }
    // Asked outside the lock: the loader's getResource may load classes of its own.
    Loader fresh = new Loader(index.gates(loader));
    synchronized (loaders) {
      Loader raced = loaders.putIfAbsent(loader, fresh);
      return raced == null ? fresh : raced;
    }
  }

  /** The mask of the class being defined, from its header; remembered for its subclasses. */
  int maskOf(Loader state, ClassLoader loader, ClassHeader header) {
    int mask = index.superTypeBit(header.name()) | parentsMask(state, loader, header, 0);
    remember(state, header.name(), mask);
    return mask;
  }

  /**
   * Keeps the header of a class being defined whose mask no instrumentation needs now, so that a
   * subtype that needs it later resolves it without reading the class file again.
   */
  void defer(Loader state, ClassHeader header) {
    if (state.unresolved.size() >= MAX_TYPES_PER_LOADER) {
      state.unresolved.clear();
    }
    state.unresolved.put(header.name(), header);
  }

  /** The mask of a loaded class, from reflection. */
  int maskOf(Class<?> type) {
    int mask = index.superTypeBit(type.getName().replace('.', '/'));
    Class<?> s = type.getSuperclass();
    if (s != null) {
      mask |= maskOf(s);
    }
    for (Class<?> i : type.getInterfaces()) {
      mask |= maskOf(i);
    }
    return mask;
  }

  private int maskOf(Loader state, ClassLoader loader, String internalName, int depth) {
    int own = index.superTypeBit(internalName);
    if (internalName.startsWith("java/")) {
      // The JDK's types extend only the JDK's: a JDK type matters only when it is asked about
      // itself (java.io.PrintWriter), and its own class file need not be read.
      return own;
    }
    if (own == 0 && InstrumentationIndex.outsideAskedHierarchies(internalName)) {
      return 0;
    }
    Integer known = state.masks.get(internalName);
    if (known != null) {
      return known;
    }
    int mask = own;
    ClassHeader header = null;
    if (depth < MAX_DEPTH) {
      header = state.unresolved.remove(internalName);
      if (header == null) {
        header = read(loader, internalName);
      }
    }
    if (header != null) {
      mask |= parentsMask(state, loader, header, depth);
    }
    remember(state, internalName, mask);
    return mask;
  }

  private int parentsMask(Loader state, ClassLoader loader, ClassHeader header, int depth) {
    int mask = 0;
    if (header.superName() != null) {
      mask |= maskOf(state, loader, header.superName(), depth + 1);
    }
    for (String i : header.interfaces()) {
      mask |= maskOf(state, loader, i, depth + 1);
    }
    return mask;
  }

  private static void remember(Loader state, String internalName, int mask) {
    if (state.masks.size() >= MAX_TYPES_PER_LOADER) {
      state.masks.clear();
    }
    state.masks.put(internalName, mask);
  }

  /** Null when the loader cannot find the class file or it cannot be read. */
  private static ClassHeader read(ClassLoader loader, String internalName) {
    try (InputStream in = open(loader, internalName + ".class")) {
      return in == null ? null : ClassHeader.parse(in.readAllBytes());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The class file {@code resource}, as the loader finds it. A {@link URLClassLoader} that has
   * already defined a class of the same package is searched first itself: a class of that package
   * is in its own jars, and asking its parents first would, for each parent the JDK provides, look
   * through every module of the runtime image for a name that none of them has (most of a read's
   * cost on a Spring Boot application). The answer differs from the parents' only for a class that
   * is both in a parent and in the loader's own jars, a split package with two copies of one class.
   * A class file in a plain jar ({@code jar:file:}) is left to the loader: the JDK keeps a jar
   * opened through its URL in a cache of its own, which only the loader's {@code close()} would
   * close.
   */
  private static InputStream open(ClassLoader loader, String resource) throws IOException {
    if (loader instanceof URLClassLoader && definesPackageOf(loader, resource)) {
      URL own = ((URLClassLoader) loader).findResource(resource);
      if (own != null && !inPlainJar(own)) {
        return own.openStream();
      }
    }
    return loader.getResourceAsStream(resource);
  }

  private static boolean inPlainJar(URL url) {
    return "jar".equals(url.getProtocol()) && url.getFile().startsWith("file:");
  }

  private static boolean definesPackageOf(ClassLoader loader, String resource) {
    int slash = resource.lastIndexOf('/');
    return slash > 0
        && loader.getDefinedPackage(resource.substring(0, slash).replace('/', '.')) != null;
  }
}
