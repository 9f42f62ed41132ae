package dev.ssewatch.agent.installer;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The classes the application loaded before the agent's transformer was registered, matched with
 * the same matchers as at load and retransformed, so that servers that started (or served) while
 * the agent got ready are instrumented as well. Each class is retransformed on its own: one that
 * fails does not stop the others.
 */
final class LoadedClasses {

  private final Instrumentation inst;
  private final AgentTransformer transformer;
  private final boolean debug;
  private final AtomicLong failures;

  LoadedClasses(
      Instrumentation inst, AgentTransformer transformer, boolean debug, AtomicLong failures) {
    this.inst = inst;
    this.transformer = transformer;
    this.debug = debug;
    this.failures = failures;
  }

  /** Returns how many classes were retransformed. */
  int retransform() {
    Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int done = retransform(seen);
    // A class whose definition began before the transformer was registered may only be listed as
    // loaded a moment later; a second look catches it. Retransforming one that the registered
    // transformer already saw at load is harmless: retransformation starts from the original bytes.
    return done + retransform(seen);
  }

  private int retransform(Set<Class<?>> seen) {
    List<Class<?>> matched = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (seen.add(c) && matches(c)) {
        matched.add(c);
      }
    }
    int done = 0;
    for (Class<?> c : matched) {
      try {
        inst.retransformClasses(c);
        done++;
      } catch (Throwable t) {
        failed(c, t);
      }
    }
    return done;
  }

  private boolean matches(Class<?> c) {
    try {
      return transformer.matches(c) && inst.isModifiableClass(c);
    } catch (Throwable t) {
      // A class whose hierarchy cannot be resolved is one the agent cannot instrument anyway.
      failed(c, t);
      return false;
    }
  }

  private void failed(Class<?> c, Throwable t) {
    failures.incrementAndGet();
    if (debug) {
      AgentLog.info("could not retransform " + c.getName() + ": " + t);
    }
  }
}
