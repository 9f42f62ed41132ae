package dev.ssewatch.agent.installer;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's transformer. Most classes an application loads are turned away cheaply, in this
 * order: the JDK's, the agent's and its own loader's, by name prefix ({@link
 * InstrumentationIndex#ignoredName}), by class loader (one that sees none of the instrumented
 * libraries, asked once per loader), by name again where the loader's instrumentations match exact
 * names only ({@link InstrumentationIndex#couldMatchName}), then by the class file's header and its
 * super types' masks. Only a class that matches reaches Byte Buddy ({@link TypeAdvisor}).
 *
 * <p>Byte Buddy's first use loads and initialises some 500 of its classes. So that the application
 * does not wait for that when its first server class loads, the advisor is prepared on a thread of
 * its own as soon as a class loader passes the gate (it can see an instrumented library), usually
 * seconds before that class loads; an application that loads no instrumented library never loads
 * Byte Buddy.
 */
final class AgentTransformer implements ClassFileTransformer {

  private final ClassLoader agentLoader;
  private final InstrumentationIndex index;
  private final Hierarchies hierarchies;
  private final boolean debug;
  private final AtomicLong failures;

  /**
   * Classes loaded while this thread transforms one (the application's loader reading a class file,
   * Byte Buddy's own) are let through unchanged, as Byte Buddy's agent builder does, so that a
   * transformation never waits on itself.
   */
  private final ThreadLocal<Boolean> busy = new ThreadLocal<>();

  private volatile TypeAdvisor advisor;

  /** Names server families as their classes load; null for none. */
  private final ServerFamilies families;

  /** Whether the advisor is prepared in the background once a loader passes the gate. */
  private final boolean prepareEarly;

  private final AtomicBoolean preparing = new AtomicBoolean();

  /** The instrumentations (bits) whose advice the background preparation makes. */
  private volatile long warmUpFor;

  AgentTransformer(
      ClassLoader agentLoader, InstrumentationIndex index, boolean debug, AtomicLong failures) {
    this(agentLoader, index, debug, failures, null, false);
  }

  AgentTransformer(
      ClassLoader agentLoader,
      InstrumentationIndex index,
      boolean debug,
      AtomicLong failures,
      ServerFamilies families,
      boolean prepareEarly) {
    this.families = families;
    this.prepareEarly = prepareEarly;
    this.agentLoader = agentLoader;
    this.index = index;
    this.hierarchies = new Hierarchies(index);
    this.debug = debug;
    this.failures = failures;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (families != null && className != null) {
      // Before the filters below: the JDK's own server loads in the boot layer.
      families.loading(loader, className);
    }
    if (loader == null
        || loader == agentLoader
        || className == null
        || InstrumentationIndex.ignoredName(className)
        || busy.get() != null) {
      return null;
    }
    busy.set(Boolean.TRUE);
    try {
      long matched = matches(loader, className, classBeingRedefined, classfileBuffer);
      if (matched == 0) {
        return null;
      }
      byte[] advised = advisor().advise(loader, className, classfileBuffer, matched);
      if (debug) {
        AgentLog.info("instrumented " + className.replace('/', '.'));
      }
      return advised;
    } catch (Throwable t) {
      failures.incrementAndGet();
      if (debug) {
        AgentLog.info("could not instrument " + className.replace('/', '.') + ": " + t);
      }
      return null;
    } finally {
      busy.remove();
    }
  }

  /** The instrumentations (bits) that match a class about to be defined or retransformed. */
  private long matches(ClassLoader loader, String className, Class<?> redefined, byte[] bytes) {
    Hierarchies.Loader state = hierarchies.of(loader);
    if (state.gates == 0) {
      return 0;
    }
    if (prepareEarly && !preparing.get() && loader != ClassLoader.getPlatformClassLoader()) {
      // The platform loader passes the JDK server's gate in every JVM: not a sign of a server.
      prepareInBackground(state.gates);
    }
    if (!index.couldMatchName(state.gates, className)) {
      return 0;
    }
    ClassHeader header = ClassHeader.parse(bytes);
    if (header.isSynthetic()) {
      return 0;
    }
    int mask;
    if (redefined != null) {
      mask = hierarchies.maskOf(redefined);
    } else if (index.needsSuperTypes(state.gates, header.name(), header.isInterface())) {
      mask = hierarchies.maskOf(state, loader, header);
    } else {
      // No instrumentation that could match asks about super types: the mask cannot change the
      // answer, and working it out would read the class files of super types not loaded yet.
      hierarchies.defer(state, header);
      mask = 0;
    }
    long matched = index.match(state.gates, header.name(), header.isInterface(), mask);
    return matched == 0 ? 0 : index.declared(matched, bytes);
  }

  /** Whether a class already loaded would be instrumented, for the retransformation at install. */
  boolean matches(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    if (loader == null || loader == agentLoader || type.isSynthetic()) {
      return false;
    }
    String internalName = type.getName().replace('.', '/');
    if (InstrumentationIndex.ignoredName(internalName)) {
      return false;
    }
    Hierarchies.Loader state = hierarchies.of(loader);
    return state.gates != 0
        && index.match(state.gates, internalName, type.isInterface(), hierarchies.maskOf(type))
            != 0;
  }

  /**
   * Starts preparing the advisor on a daemon thread of its own, once, with the advice of the
   * instrumentations {@code instrumentations} (bits: those whose library the first loader sees).
   */
  void prepareInBackground(long instrumentations) {
    if (!preparing.compareAndSet(false, true)) {
      return;
    }
    warmUpFor = instrumentations;
    Thread thread = new Thread(this::prepareAdvisor, "ssewatch-advisor");
    thread.setDaemon(true);
    // Not the application's loader, which the thread would otherwise keep alive.
    thread.setContextClassLoader(agentLoader);
    thread.start();
  }

  /**
   * Creates the advisor and advises a throwaway class with it, unless an application thread needed
   * it first. Under the lock that {@link #advisor()} takes: an application thread that needs the
   * advisor meanwhile waits for it to be ready rather than initialising Byte Buddy's classes at the
   * same time as this thread (two threads initialising classes that refer to each other can
   * deadlock). Nothing here loads a class of the application, so that waiting cannot be circular.
   */
  void prepareAdvisor() {
    long start = System.nanoTime();
    try {
      synchronized (this) {
        if (advisor != null) {
          return;
        }
        TypeAdvisor a = new TypeAdvisor(agentLoader, index);
        try {
          a.warmUp(warmUpFor);
        } catch (Throwable t) {
          // The advisor itself is fine; what is not loaded now loads with the first class.
          if (debug) {
            AgentLog.info("advice warm-up failed: " + t);
          }
        }
        advisor = a;
      }
      if (debug) {
        AgentLog.info(
            "advice ready in "
                + (System.nanoTime() - start) / 1_000_000
                + " ms, on thread ssewatch-advisor");
      }
    } catch (Throwable t) {
      // The first class to advise creates the advisor on its own thread, and fails there visibly.
      if (debug) {
        AgentLog.info("advice not prepared in the background: " + t);
      }
    }
  }

  /** Whether the advisor has been asked to be prepared in the background. */
  boolean preparing() {
    return preparing.get();
  }

  /** The instrumentations (bits) whose advice the advisor has made so far; 0 without one. */
  long preparedAdvice() {
    TypeAdvisor a = advisor;
    return a == null ? 0 : a.prepared();
  }

  /** Whether the advisor exists, prepared in the background or by the first class to advise. */
  boolean advisorReady() {
    return advisor != null;
  }

  private TypeAdvisor advisor() {
    TypeAdvisor a = advisor;
    if (a == null) {
      synchronized (this) {
        a = advisor;
        if (a == null) {
          a = new TypeAdvisor(agentLoader, index);
          advisor = a;
        }
      }
    }
    return a;
  }
}
