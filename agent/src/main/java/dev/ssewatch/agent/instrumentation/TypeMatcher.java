package dev.ssewatch.agent.instrumentation;

/**
 * Which types an instrumentation advises, in terms the installer can check from a class file's
 * header (name, interface flag, super types) without describing the type through Byte Buddy: most
 * classes of an application are rejected before any of Byte Buddy is loaded. Names are binary names
 * ({@code jakarta.servlet.ServletResponse}).
 *
 * @param name the type's exact name, or null for any name
 * @param superType a type it must be or extend or implement, or null
 * @param excludedSuperType a type it must neither be nor extend nor implement, or null
 * @param excludedPrefix a name prefix it must not have, or null
 * @param excludesInterfaces whether interfaces are left out
 */
public record TypeMatcher(
    String name,
    String superType,
    String excludedSuperType,
    String excludedPrefix,
    boolean excludesInterfaces) {

  /** Exactly the type {@code name}. */
  public static TypeMatcher named(String name) {
    return new TypeMatcher(name, null, null, null, false);
  }

  /** Every class or interface that is, extends or implements {@code superType}. */
  public static TypeMatcher hasSuperType(String superType) {
    return new TypeMatcher(null, superType, null, null, false);
  }

  public TypeMatcher classesOnly() {
    return new TypeMatcher(name, superType, excludedSuperType, excludedPrefix, true);
  }

  public TypeMatcher exceptSubtypesOf(String type) {
    return new TypeMatcher(name, superType, type, excludedPrefix, excludesInterfaces);
  }

  public TypeMatcher exceptNamesStartingWith(String prefix) {
    return new TypeMatcher(name, superType, excludedSuperType, prefix, excludesInterfaces);
  }
}
