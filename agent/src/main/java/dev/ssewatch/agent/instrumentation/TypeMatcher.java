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
 * @param declaredMethod a method the class itself must declare, not abstract, as its name followed
 *     by its descriptor ({@code service(Ljakarta/servlet/ServletRequest;...)V}), or null
 */
public record TypeMatcher(
    String name,
    String superType,
    String excludedSuperType,
    String excludedPrefix,
    boolean excludesInterfaces,
    String declaredMethod) {

  /** Exactly the type {@code name}. */
  public static TypeMatcher named(String name) {
    return new TypeMatcher(name, null, null, null, false, null);
  }

  /** Every class or interface that is, extends or implements {@code superType}. */
  public static TypeMatcher hasSuperType(String superType) {
    return new TypeMatcher(null, superType, null, null, false, null);
  }

  public TypeMatcher classesOnly() {
    return new TypeMatcher(
        name, superType, excludedSuperType, excludedPrefix, true, declaredMethod);
  }

  public TypeMatcher exceptSubtypesOf(String type) {
    return new TypeMatcher(
        name, superType, type, excludedPrefix, excludesInterfaces, declaredMethod);
  }

  public TypeMatcher exceptNamesStartingWith(String prefix) {
    return new TypeMatcher(
        name, superType, excludedSuperType, prefix, excludesInterfaces, declaredMethod);
  }

  /**
   * Only classes that declare this method themselves, with a body: for an instrumentation that
   * advises one method, so that the many subclasses that inherit it are not rewritten for nothing.
   */
  public TypeMatcher declaring(String methodName, String descriptor) {
    return new TypeMatcher(
        name,
        superType,
        excludedSuperType,
        excludedPrefix,
        excludesInterfaces,
        methodName + descriptor);
  }
}
