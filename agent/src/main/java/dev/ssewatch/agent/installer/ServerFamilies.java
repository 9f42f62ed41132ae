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
   * One family: its name in messages, the class that shows it is there (binary name), and the
   * instrumentation module that records it, or {@code null} when none does.
   */
  record Family(String name, String detectedBy, String module) {}

  /** Every family the agent names; a new instrumentation module adds or completes its entry. */
  static final List<Family> ALL =
      List.of(
          new Family("jakarta.servlet", "jakarta.servlet.Servlet", "servlet"),
          new Family("javax.servlet", "javax.servlet.Servlet", "servlet"),
          new Family("netty http", "io.netty.handler.codec.http.HttpObjectEncoder", "netty"),
          new Family("undertow core", "io.undertow.server.HttpServerExchange", null),
          new Family("io.helidon.webserver 4.x", "io.helidon.webserver.http.HttpRouting", null),
          new Family("jdk httpserver", "sun.net.httpserver.ServerImpl", null),
          new Family("grizzly http", "org.glassfish.grizzly.http.server.HttpServer", null));

  private final Map<String, Entry> byInternalName = new HashMap<>();
  private final List<Entry> entries = new ArrayList<>();
  private final boolean debug;

  private static final class Entry {
    final Family family;
    final boolean instrumented;
    final AtomicBoolean named = new AtomicBoolean();

    Entry(Family family, boolean instrumented) {
      this.family = family;
      this.instrumented = instrumented;
    }

    String describe() {
      return family.name() + (instrumented ? ": instrumented" : ": not instrumented");
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
      byInternalName.put(f.detectedBy().replace('.', '/'), e);
    }
  }

  /**
   * The families whose class {@code loader} can see (looked up as class files) or that are loaded
   * already, each marked as named; for the startup line.
   */
  List<String> onClassPath(ClassLoader loader, Iterable<Class<?>> loaded) {
    for (Class<?> c : loaded) {
      Entry e = byInternalName.get(c.getName().replace('.', '/'));
      if (e != null) {
        e.named.set(true);
      }
    }
    List<String> out = new ArrayList<>();
    for (Entry e : entries) {
      if (!e.named.get() && loader != null && !inEveryJdk(e.family)) {
        try {
          if (loader.getResource(e.family.detectedBy().replace('.', '/') + ".class") != null) {
            e.named.set(true);
          }
        } catch (RuntimeException ignored) {
          // a loader that cannot answer shows nothing
        }
      }
      if (e.named.get()) {
        out.add(e.describe());
      }
    }
    return out;
  }

  /** The JDK's own server is in every JDK: it is named when it loads, not for being there. */
  private static boolean inEveryJdk(Family f) {
    String c = f.detectedBy();
    return c.startsWith("sun.") || c.startsWith("com.sun.") || c.startsWith("jdk.");
  }

  /** A class is being loaded: names its family the first time (see the class comment). */
  void loading(String internalName) {
    Entry e = byInternalName.get(internalName);
    if (e != null && !e.named.get() && e.named.compareAndSet(false, true)) {
      if (!e.instrumented || debug) {
        AgentLog.info("found " + e.describe());
      }
    }
  }
}
