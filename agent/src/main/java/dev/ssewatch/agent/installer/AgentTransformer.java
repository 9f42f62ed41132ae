package dev.ssewatch.agent.installer;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's transformer. Most classes an application loads are turned away cheaply, in this
 * order: the JDK's, the agent's and its own loader's, by name prefix ({@link
 * InstrumentationIndex#ignoredName}), by class loader (one that sees none of the instrumented
 * libraries, asked once per loader), then by the class file's header and its super types' masks.
 * Only a class that matches reaches Byte Buddy ({@link TypeAdvisor}).
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

  AgentTransformer(
      ClassLoader agentLoader, InstrumentationIndex index, boolean debug, AtomicLong failures) {
    this(agentLoader, index, debug, failures, null);
  }

  AgentTransformer(
      ClassLoader agentLoader,
      InstrumentationIndex index,
      boolean debug,
      AtomicLong failures,
      ServerFamilies families) {
    this.families = families;
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
      long matched = matches(loader, classBeingRedefined, classfileBuffer);
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
  private long matches(ClassLoader loader, Class<?> redefined, byte[] bytes) {
    Hierarchies.Loader state = hierarchies.of(loader);
    if (state.gates == 0) {
      return 0;
    }
    ClassHeader header = ClassHeader.parse(bytes);
    if (header.isSynthetic()) {
      return 0;
    }
    int mask =
        redefined != null
            ? hierarchies.maskOf(redefined)
            : hierarchies.maskOf(state, loader, header);
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
