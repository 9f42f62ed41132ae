package dev.ssewatch.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The advice one kind of library type receives. */
public interface TypeInstrumentation {

  /**
   * A cheap check on the class loader, run before {@link #typeMatcher()}: expensive type-hierarchy
   * matching only happens in loaders that can see the library at all.
   */
  default ElementMatcher<ClassLoader> classLoaderOptimization() {
    return any();
  }

  ElementMatcher<TypeDescription> typeMatcher();

  /** Names the advice classes for the methods of a matched type. */
  void transform(AdviceRegistry advice);

  /** Collects method matcher → advice class name pairs. */
  interface AdviceRegistry {
    /** Advice classes are named, never loaded: they link against the library's types. */
    void apply(ElementMatcher<? super MethodDescription> methods, String adviceClassName);
  }
}
