package dev.ssewatch.agent.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The advice one kind of library type receives. The class loader check and the type matcher are
 * plain data, checked for every class the application loads; the advice (and with it Byte Buddy) is
 * only asked for once a class matches.
 */
public interface TypeInstrumentation {

  /**
   * A cheap check on the class loader, run before {@link #typeMatcher()}: type-hierarchy matching
   * only happens in loaders that can see the library at all.
   */
  ClassLoaderHasClass classLoaderOptimization();

  TypeMatcher typeMatcher();

  /** Names the advice classes for the methods of a matched type. */
  void transform(AdviceRegistry advice);

  /** Collects method matcher → advice class name pairs. */
  interface AdviceRegistry {
    /** Advice classes are named, never loaded: they link against the library's types. */
    void apply(ElementMatcher<? super MethodDescription> methods, String adviceClassName);
  }
}
