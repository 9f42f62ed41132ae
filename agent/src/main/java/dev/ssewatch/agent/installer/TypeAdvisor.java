package dev.ssewatch.agent.installer;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines the advice into a class that matched, with Byte Buddy: the type is decorated (method
 * bodies only, as a retransformation allows), each advice class is read from the agent's jar and
 * described in a type pool that sees the application's types it links against. The only class of
 * the installer that touches Byte Buddy, created when the first class matches, so that an
 * application that loads no instrumented library never loads Byte Buddy's class-writing machinery.
 */
final class TypeAdvisor {

  /** One method matcher and the advice its methods receive. */
  private record MethodAdvice(ElementMatcher<? super MethodDescription> methods, String advice) {}

  private final ClassFileLocator agentClasses;
  private final ByteBuddy byteBuddy;
  private final List<List<MethodAdvice>> advice = new ArrayList<>();

  TypeAdvisor(ClassLoader agentLoader, InstrumentationIndex index) {
    this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
    // Neither fields nor methods are added, so no implementation context is needed; no validation
    // either, as the classes were valid before and only gain inlined advice.
    this.byteBuddy =
        new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE);
    for (int i = 0; i < index.size(); i++) {
      List<MethodAdvice> entries = new ArrayList<>();
      index.instrumentation(i).transform((m, a) -> entries.add(new MethodAdvice(m, a)));
      advice.add(entries);
    }
  }

  /**
   * The class {@code internalName}, defined by {@code loader} from {@code bytes}, with the advice
   * of the instrumentations {@code matched} (bits, as in {@link InstrumentationIndex}).
   */
  byte[] advise(ClassLoader loader, String internalName, byte[] bytes, int matched) {
    String name = internalName.replace('/', '.');
    ClassFileLocator type =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(name, bytes), ClassFileLocator.ForClassLoader.of(loader));
    ClassFileLocator locator = new ClassFileLocator.Compound(agentClasses, type);
    TypePool pool =
        new TypePool.Default.WithLazyResolution(
            new TypePool.CacheProvider.Simple(), locator, TypePool.Default.ReaderMode.FAST);
    AsmVisitorWrapper.ForDeclaredMethods visitor = new AsmVisitorWrapper.ForDeclaredMethods();
    for (int i = 0; i < advice.size(); i++) {
      if ((matched & (1 << i)) == 0) {
        continue;
      }
      for (MethodAdvice m : advice.get(i)) {
        TypeDescription adviceType = pool.describe(m.advice()).resolve();
        visitor =
            visitor.invokable(
                m.methods(),
                Advice.withCustomMapping()
                    .to(adviceType, locator)
                    .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING));
      }
    }
    return byteBuddy
        .decorate(pool.describe(name).resolve(), type)
        .visit(visitor)
        .make(TypeResolutionStrategy.Disabled.INSTANCE, pool)
        .getBytes();
  }
}
