package dev.ssewatch.agent.installer;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The type instrumentations' matchers compiled to bit sets: each instrumentation is a bit of the
 * answers, and each super type some matcher asks about is a bit of a type's "super-type mask", so
 * that matching a class is a few integer operations once its mask is known. Up to 63
 * instrumentations and 31 super types.
 */
final class InstrumentationIndex {

  /** Binary-name prefixes of classes that are never instrumented: the JDK and the agent itself. */
  private static final String[] IGNORED = {
    "java/",
    "javax/crypto/",
    "jdk/",
    "sun/",
    "com/sun/",
    // The agent's own packages, one by one: an application's classes may share the agent's
    // namespace (its own test applications do) and are instrumented like any other. The agent's
    // loader and the bootstrap loader are turned away as well, by loader.
    "dev/ssewatch/agent/SsewatchAgent",
    "dev/ssewatch/agent/AgentClassLoader",
    "dev/ssewatch/agent/bootstrap/",
    "dev/ssewatch/agent/installer/",
    "dev/ssewatch/agent/instrumentation/",
    "dev/ssewatch/agent/runtime/",
    "dev/ssewatch/agent/shaded/",
    // Common libraries that implement none of the instrumented types: their classes are turned
    // away on the name alone, without reading their headers.
    unrelocated("org/", "slf4j/"),
    "ch/qos/logback/",
    unrelocated("com/", "fasterxml/jackson/"),
    unrelocated("kot", "lin/"),
    "scala/",
    unrelocated("net/", "bytebuddy/"),
    "org/objectweb/asm/"
  };

  /**
   * Binary-name prefixes of libraries none of whose types is, extends or implements a type that an
   * instrumentation asks about (their class files name no servlet, Helidon or {@code PrintWriter}
   * type at all): an application class that extends one of theirs does not have their class files
   * read to find out. Spring's JSON support alone reaches some 90 of Jackson's types that way.
   */
  private static final String[] OUTSIDE_ASKED_HIERARCHIES = {
    unrelocated("com/", "fasterxml/jackson/")
  };

  /**
   * A name prefix of a library that the agent's jar relocates for its own use (Jackson, SLF4J,
   * Kotlin, Byte Buddy), in two parts joined at run time: the jar's packaging rewrites every string
   * constant that starts with such a library's package to the relocated name, which no application
   * class has, so that written whole the prefix would match nothing in the shipped agent.
   */
  private static String unrelocated(String start, String rest) {
    return start.concat(rest);
  }

  private final TypeInstrumentation[] instrumentations;
  private final ClassLoaderHasClass[] gates;
  private final String[] names;
  private final int[] superBits;
  private final int[] excludedBits;
  private final String[] excludedPrefixes;
  private final boolean[] classesOnly;
  private final String[] declaredNames;
  private final String[] declaredDescriptors;
  private final long declaring;

  /** The instrumentations (bits) that ask about a type's super types, to include or exclude. */
  private final long askingSuperTypes;

  /** Internal name of each super type asked about → its bit. */
  private final Map<String, Integer> superTypeBits = new HashMap<>();

  InstrumentationIndex(List<TypeInstrumentation> list) {
    int n = list.size();
    if (n > 63) {
      throw new IllegalArgumentException("more than 63 type instrumentations");
    }
    instrumentations = list.toArray(new TypeInstrumentation[0]);
    gates = new ClassLoaderHasClass[n];
    names = new String[n];
    superBits = new int[n];
    excludedBits = new int[n];
    excludedPrefixes = new String[n];
    classesOnly = new boolean[n];
    declaredNames = new String[n];
    declaredDescriptors = new String[n];
    long declaringBits = 0;
    long asking = 0;
    for (int i = 0; i < n; i++) {
      gates[i] = instrumentations[i].classLoaderOptimization();
      TypeMatcher m = instrumentations[i].typeMatcher();
      // Kept as internal names, the form of the class file at hand, so matching converts nothing.
      names[i] = m.name() == null ? null : m.name().replace('.', '/');
      superBits[i] = m.superType() == null ? 0 : bitFor(m.superType());
      excludedBits[i] = m.excludedSuperType() == null ? 0 : bitFor(m.excludedSuperType());
      excludedPrefixes[i] =
          m.excludedPrefix() == null ? null : m.excludedPrefix().replace('.', '/');
      classesOnly[i] = m.excludesInterfaces();
      if (superBits[i] != 0 || excludedBits[i] != 0) {
        asking |= 1L << i;
      }
      if (m.declaredMethod() != null) {
        int paren = m.declaredMethod().indexOf('(');
        declaredNames[i] = m.declaredMethod().substring(0, paren);
        declaredDescriptors[i] = m.declaredMethod().substring(paren);
        declaringBits |= 1L << i;
      }
    }
    declaring = declaringBits;
    askingSuperTypes = asking;
  }

  private int bitFor(String binaryName) {
    String internal = binaryName.replace('.', '/');
    Integer bit = superTypeBits.get(internal);
    if (bit == null) {
      if (superTypeBits.size() == 31) {
        throw new IllegalArgumentException("more than 31 super types asked about");
      }
      bit = 1 << superTypeBits.size();
      superTypeBits.put(internal, bit);
    }
    return bit;
  }

  /**
   * JDK packages that are instrumented all the same, checked before {@link #IGNORED}: the JDK's own
   * HTTP server.
   */
  private static final String[] JDK_INSTRUMENTED = {"sun/net/httpserver/"};

  /** Whether a class is turned away on its internal name alone. */
  static boolean ignoredName(String internalName) {
    for (String prefix : JDK_INSTRUMENTED) {
      if (internalName.startsWith(prefix)) {
        return false;
      }
    }
    for (String prefix : IGNORED) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a type is known, by its name, to have none of the super types asked about, so that its
   * class file need not be read to work out its mask.
   */
  static boolean outsideAskedHierarchies(String internalName) {
    for (String prefix : OUTSIDE_ASKED_HIERARCHIES) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return instrumentations.length;
  }

  TypeInstrumentation instrumentation(int i) {
    return instrumentations[i];
  }

  /** The instrumentations (as bits) whose libraries {@code loader} can see. */
  long gates(ClassLoader loader) {
    long out = 0;
    // Each class looked for once, however many instrumentations ask.
    Map<String, Boolean> answers = new HashMap<>();
    for (int i = 0; i < gates.length; i++) {
      if (gates[i].matches(loader, answers)) {
        out |= 1L << i;
      }
    }
    return out;
  }

  /**
   * Of the instrumentations that matched a class file's header, those whose declared-method
   * condition it meets as well (read from the method table only when one asks).
   */
  long declared(long matched, byte[] classFile) {
    long asking = matched & declaring;
    long out = matched;
    for (int i = 0; asking != 0; i++) {
      long bit = 1L << i;
      if ((asking & bit) != 0) {
        asking &= ~bit;
        if (!ClassHeader.declaresConcreteMethod(
            classFile, declaredNames[i], declaredDescriptors[i])) {
          out &= ~bit;
        }
      }
    }
    return out;
  }

  /** The super-type bit of the type {@code internalName} itself, 0 if no matcher asks about it. */
  int superTypeBit(String internalName) {
    Integer bit = superTypeBits.get(internalName);
    return bit == null ? 0 : bit;
  }

  /**
   * Whether the super types of a type could change which of {@code candidates} match it: some
   * candidate that asks about super types would match it on its name and kind. When none does, the
   * type's super types need not be looked up (nor their class files read); a loader whose open
   * gates are those of exactly named classes (Netty's alone) never reads one.
   */
  boolean needsSuperTypes(long candidates, String internalName, boolean isInterface) {
    long asking = candidates & askingSuperTypes;
    for (int i = 0; asking != 0; i++) {
      long bit = 1L << i;
      if ((asking & bit) != 0) {
        asking &= ~bit;
        if (!(classesOnly[i] && isInterface)
            && (names[i] == null || names[i].equals(internalName))
            && (excludedPrefixes[i] == null || !internalName.startsWith(excludedPrefixes[i]))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether any of {@code candidates} could match a type named {@code internalName}, whatever its
   * class file says. False only when each candidate matches one exact name, not this one, and none
   * asks about super types (then no type's super types are ever needed in that loader either): a
   * class of such a loader is turned away before its header is parsed or kept. A WebFlux
   * application's loader, whose open gates are Netty's, is one.
   */
  boolean couldMatchName(long candidates, String internalName) {
    if ((candidates & askingSuperTypes) != 0) {
      return true;
    }
    for (int i = 0; i < names.length; i++) {
      if ((candidates & (1L << i)) != 0 && (names[i] == null || names[i].equals(internalName))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The instrumentations (as bits, among {@code candidates}) that match a type.
   *
   * @param internalName the type's internal name ({@code jakarta/servlet/ServletResponse})
   * @param superTypes the bits of the super types (the type itself included) it has
   */
  long match(long candidates, String internalName, boolean isInterface, int superTypes) {
    long out = 0;
    for (int i = 0; i < instrumentations.length; i++) {
      long bit = 1L << i;
      if ((candidates & bit) != 0
          && !(classesOnly[i] && isInterface)
          && (names[i] == null || names[i].equals(internalName))
          && (excludedPrefixes[i] == null || !internalName.startsWith(excludedPrefixes[i]))
          && (superTypes & superBits[i]) == superBits[i]
          && (superTypes & excludedBits[i]) == 0) {
        out |= bit;
      }
    }
    return out;
  }
}
