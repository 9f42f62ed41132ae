package dev.ssewatch.agent.installer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server families the agent knows, instrumented or not, each recognised by one class it always
 * loads, so that what the agent does not record is said rather than silent: the startup line names
 * the families on the application's class path, and a family first loaded later is named once then
 * ("found io.helidon.webserver 4.x: not instrumented"; an instrumented one only with {@code
 * ssewatch.agent.debug}). Recognising a class costs one hash lookup of its name as it loads.
 */
final class ServerFamilies {

  /**
   * One family: its name in messages, the classes that show it is there (binary names, any one of
   * them), the instrumentation module that records it or {@code null} when none does, a class that
   * must be visible too for that module to record it ({@code null}: none), and whether it is named
   * only when one of its classes loads: a class that ships in a jar every user of a recorded family
   * has (Netty's HTTP/2 codec, Vert.x's core) says nothing by being there, only by being used.
   */
  record Family(
      String name,
      List<String> detectedBy,
      String module,
      String instrumentedWhen,
      boolean whenLoaded) {

    Family(String name, List<String> detectedBy, String module, String instrumentedWhen) {
      this(name, detectedBy, module, instrumentedWhen, false);
    }

    Family(String name, String detectedBy, String module) {
      this(name, List.of(detectedBy), module, null);
    }

    /** A family no module records, named when one of {@code detectedBy} loads. */
    static Family notRecordedWhenLoaded(String name, String... detectedBy) {
      return new Family(name, List.of(detectedBy), null, null, true);
    }
  }

  /** Every family the agent names; a new instrumentation module adds or completes its entry. */
  static final List<Family> ALL =
      List.of(
          new Family("jakarta.servlet", "jakarta.servlet.Servlet", "servlet"),
          new Family("javax.servlet", "javax.servlet.Servlet", "servlet"),
          new Family("netty http", "io.netty.handler.codec.http.HttpObjectEncoder", "netty"),
          new Family("undertow core", "io.undertow.server.HttpServerExchange", "undertow"),
          new Family("grizzly http", "org.glassfish.grizzly.http.io.OutputBuffer", "grizzly"),
          // HTTP/1 is recorded (the SSE sink and the response's output stream): a Helidon serving
          // other protocols only streams nothing the agent sees.
          new Family(
              "io.helidon.webserver 4.x",
              List.of("io.helidon.webserver.WebServer"),
              "helidon",
              "io.helidon.webserver.http1.Http1ServerResponse"),
          // The implementation loads with the first server; the API class when one is asked for.
          new Family(
              "jdk http server",
              List.of("sun.net.httpserver.ServerImpl", "com.sun.net.httpserver.HttpServer"),
              "jdkhttp",
              null),
          // HTTP/2 servers whose streams the agent does not see. Netty's servers that write
          // HTTP/2 frames themselves (Vert.x) or hand HTTP objects to the connection's handler
          // rather than to a stream's child channel; Reactor Netty's child channels are recorded.
          Family.notRecordedWhenLoaded(
              "vert.x http/2 (frames written directly)",
              "io.vertx.core.http.impl.VertxHttp2ConnectionHandler"),
          Family.notRecordedWhenLoaded(
              "netty http/2 (HttpToHttp2ConnectionHandler)",
              "io.netty.handler.codec.http2.HttpToHttp2ConnectionHandler"),
          // A module of its own: being on the class path is being set up.
          new Family(
              "io.helidon.webserver http/2",
              List.of("io.helidon.webserver.http2.Http2ServerResponse"),
              null,
              null));

  private final Map<String, Entry> byInternalName = new HashMap<>();
  private final List<Entry> entries = new ArrayList<>();
  private final boolean debug;

  private static final class Entry {
    final Family family;
    final boolean enabled;
    final AtomicBoolean named = new AtomicBoolean();

    Entry(Family family, boolean enabled) {
      this.family = family;
      this.enabled = enabled;
    }

    /** Whether its module records it, seen from {@code loader} (null: the bootstrap loader). */
    boolean instrumented(ClassLoader loader) {
      if (!enabled) {
        return false;
      }
      String needed = family.instrumentedWhen();
      if (needed == null) {
        return true;
      }
      try {
        return loader != null && loader.getResource(needed.replace('.', '/') + ".class") != null;
      } catch (RuntimeException e) {
        return false;
      }
    }

    String describe(ClassLoader loader) {
      return family.name() + (instrumented(loader) ? ": instrumented" : ": not instrumented");
    }
  }

  /**
   * @param enabledModules the instrumentation modules switched on
   */
  ServerFamilies(List<Family> families, Set<String> enabledModules, boolean debug) {
    this.debug = debug;
    for (Family f : families) {
      Entry e = new Entry(f, f.module() != null && enabledModules.contains(f.module()));
      entries.add(e);
      for (String c : f.detectedBy()) {
        byInternalName.put(c.replace('.', '/'), e);
      }
    }
  }

  /**
   * The families whose class {@code loader} can see (looked up as class files) or that are loaded
   * already, each marked as named; for the startup line.
   */
  List<String> onClassPath(ClassLoader loader, Iterable<Class<?>> loaded) {
    Map<Entry, ClassLoader> seenIn = new HashMap<>();
    for (Class<?> c : loaded) {
      Entry e = byInternalName.get(c.getName().replace('.', '/'));
      if (e != null) {
        e.named.set(true);
        ClassLoader l = c.getClassLoader();
        seenIn.put(e, l == null || l == ClassLoader.getPlatformClassLoader() ? loader : l);
      }
    }
    List<String> out = new ArrayList<>();
    for (Entry e : entries) {
      if (!e.named.get() && loader != null && !e.family.whenLoaded()) {
        for (String c : e.family.detectedBy()) {
          if (!inEveryJdk(c) && visible(loader, c)) {
            e.named.set(true);
            break;
          }
        }
      }
      if (e.named.get()) {
        out.add(e.describe(seenIn.getOrDefault(e, loader)));
      }
    }
    return out;
  }

  private static boolean visible(ClassLoader loader, String binaryName) {
    try {
      return loader.getResource(binaryName.replace('.', '/') + ".class") != null;
    } catch (RuntimeException e) {
      // a loader that cannot answer shows nothing
      return false;
    }
  }

  /** The JDK's own server is in every JDK: it is named when it loads, not for being there. */
  private static boolean inEveryJdk(String binaryName) {
    return binaryName.startsWith("sun.")
        || binaryName.startsWith("com.sun.")
        || binaryName.startsWith("jdk.");
  }

  /**
   * A class is being loaded by {@code loader} (null: the bootstrap loader): names its family the
   * first time (see the class comment).
   */
  void loading(ClassLoader loader, String internalName) {
    Entry e = byInternalName.get(internalName);
    if (e != null && !e.named.get() && e.named.compareAndSet(false, true)) {
      String said = e.describe(loader);
      if (debug || said.endsWith(": not instrumented")) {
        AgentLog.info("found " + said);
      }
    }
  }
}
