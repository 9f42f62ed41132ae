package dev.ssewatch.agent.installer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Inlines the advice into a class that matched, with Byte Buddy's {@link Advice} on ASM directly:
 * the class file is read and written once, and only the matched methods' bodies change (as a
 * retransformation allows). Each advice class is read from the agent's jar and described in a type
 * pool that also sees the application's types it links against. Going through Byte Buddy's dynamic
 * type builder instead (decorate) would load about 170 more of its classes for the same bytes. The
 * only class of the installer that touches Byte Buddy, created when the first class matches, so
 * that an application that loads no instrumented library never loads Byte Buddy.
 */
final class TypeAdvisor {

  /** One method matcher and the advice its methods receive. */
  private record MethodAdvice(ElementMatcher<? super MethodDescription> methods, String advice) {}

  private static final String WARM_UP_TARGET = "dev.ssewatch.agent.installer.WarmUpTarget";
  private static final String WARM_UP_ADVICE = "dev.ssewatch.agent.installer.WarmUpAdvice$";

  private final ClassLoader agentLoader;
  private final ClassFileLocator agentClasses;
  private final InstrumentationIndex index;

  /**
   * Each instrumentation's method matchers and advice, made the first time a class matches it (or
   * by the warm-up, for the instrumentations whose library the first loader sees): an application
   * pays nothing for the server families it does not have, whose matchers would otherwise load Byte
   * Buddy classes and describe JDK types by reflection for nothing.
   */
  private final AtomicReferenceArray<List<MethodAdvice>> advice;

  TypeAdvisor(ClassLoader agentLoader, InstrumentationIndex index) {
    this.agentLoader = agentLoader;
    this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
    this.index = index;
    this.advice = new AtomicReferenceArray<>(index.size());
  }

  /** The method matchers and advice of instrumentation {@code i}, made on first use. */
  private List<MethodAdvice> adviceOf(int i) {
    List<MethodAdvice> entries = advice.get(i);
    if (entries == null) {
      List<MethodAdvice> made = new ArrayList<>();
      index.instrumentation(i).transform((m, a) -> made.add(new MethodAdvice(m, a)));
      // Two threads may make the same list: they are equal, the first one kept.
      advice.compareAndSet(i, null, List.copyOf(made));
      entries = advice.get(i);
    }
    return entries;
  }

  /** The instrumentations (bits) whose advice has been made so far. */
  long prepared() {
    long out = 0;
    for (int i = 0; i < advice.length(); i++) {
      if (advice.get(i) != null) {
        out |= 1L << i;
      }
    }
    return out;
  }

  /**
   * The class {@code internalName}, defined by {@code loader} from {@code bytes}, with the advice
   * of the instrumentations {@code matched} (bits, as in {@link InstrumentationIndex}).
   */
  byte[] advise(ClassLoader loader, String internalName, byte[] bytes, long matched) {
    List<MethodAdvice> chosen = new ArrayList<>();
    for (int i = 0; i < advice.length(); i++) {
      if ((matched & (1L << i)) != 0) {
        chosen.addAll(adviceOf(i));
      }
    }
    return advise(loader, internalName, bytes, chosen);
  }

  /**
   * Advises a class of the agent's own ({@link WarmUpTarget}) and throws the result away, makes the
   * advice of the instrumentations {@code instrumentations} (bits) and asks their method matchers
   * about its methods: what the first server class to be advised would otherwise load and
   * initialise of Byte Buddy on the application's thread. Returns the advised bytes, for tests.
   */
  byte[] warmUp(long instrumentations) throws java.io.IOException {
    byte[] bytes = agentClasses.locate(WARM_UP_TARGET).resolve();
    // A type a locator cannot find, as advising meets when the agent's loader is asked first.
    agentClasses.locate(WARM_UP_TARGET + "$Missing").isResolved();
    List<MethodAdvice> warmUp =
        List.of(
            new MethodAdvice(
                ElementMatchers.named("write")
                    .and(ElementMatchers.takesArguments(byte[].class, int.class, int.class)),
                WARM_UP_ADVICE + "Bytes"),
            new MethodAdvice(ElementMatchers.named("written"), WARM_UP_ADVICE + "Returned"));
    byte[] advised = advise(agentLoader, WARM_UP_TARGET.replace('.', '/'), bytes, warmUp);
    TypePool pool =
        new TypePool.Default.WithLazyResolution(
            new TypePool.CacheProvider.Simple(),
            new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(WARM_UP_TARGET, bytes), agentClasses),
            TypePool.Default.ReaderMode.FAST);
    List<MethodAdvice> asked = new ArrayList<>();
    for (int i = 0; i < advice.length(); i++) {
      if ((instrumentations & (1L << i)) != 0) {
        asked.addAll(adviceOf(i));
      }
    }
    for (MethodDescription m : pool.describe(WARM_UP_TARGET).resolve().getDeclaredMethods()) {
      for (MethodAdvice entry : asked) {
        entry.methods().matches(m);
      }
    }
    return advised;
  }

  private byte[] advise(
      ClassLoader loader, String internalName, byte[] bytes, List<MethodAdvice> chosen) {
    String name = internalName.replace('/', '.');
    ClassFileLocator type =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(name, bytes), ClassFileLocator.ForClassLoader.of(loader));
    ClassFileLocator locator = new ClassFileLocator.Compound(agentClasses, type);
    TypePool pool =
        new TypePool.Default.WithLazyResolution(
            new TypePool.CacheProvider.Simple(), locator, TypePool.Default.ReaderMode.FAST);
    List<ElementMatcher<? super MethodDescription>> matchers = new ArrayList<>();
    List<Advice> advices = new ArrayList<>();
    for (MethodAdvice m : chosen) {
      matchers.add(m.methods());
      advices.add(
          Advice.withCustomMapping()
              .to(pool.describe(m.advice()).resolve(), locator)
              .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING));
    }
    TypeDescription instrumented = pool.describe(name).resolve();
    Map<String, MethodDescription> methods = new HashMap<>();
    for (MethodDescription m : instrumented.getDeclaredMethods()) {
      methods.put(m.getInternalName() + m.getDescriptor(), m);
    }
    Implementation.Context context = new Context(instrumented, ClassFileVersion.ofClassFile(bytes));
    ClassReader reader = OpenedClassReader.of(bytes);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(
        new ClassVisitor(OpenedClassReader.ASM_API, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String mname, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, mname, descriptor, signature, exceptions);
            MethodDescription m = methods.get(mname + descriptor);
            if (m == null || mv == null) {
              return mv;
            }
            for (int i = 0; i < matchers.size(); i++) {
              if (matchers.get(i).matches(m)) {
                mv = advices.get(i).wrap(instrumented, m, mv, context, pool, 0, 0);
              }
            }
            return mv;
          }
        },
        0);
    return writer.toByteArray();
  }

  /** Advice that is inlined adds no members: the context never has anything to add. */
  private static final class Context extends Implementation.Context.Disabled {
    Context(TypeDescription type, ClassFileVersion version) {
      super(type, version, Implementation.Context.FrameGeneration.GENERATE);
    }
  }
}
