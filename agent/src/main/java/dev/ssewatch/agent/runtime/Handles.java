package dev.ssewatch.agent.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Method handles to a public instance method of a server's object, for calls on a write path. The
 * agent cannot link against the server's types, and {@code Method.invoke} costs an argument array,
 * a boxed value per primitive and an access check per call; a handle adapted to an erased exact
 * type ({@code (Object)int}, {@code (Object,int)int}, ...) and called with {@code invokeExact}
 * costs none of these. Callers find a handle once per class and keep it in a {@link ClassValue},
 * which lives with that class and so never keeps the application's class loader alive.
 */
final class Handles {

  private Handles() {}

  /**
   * The instance method {@code name} of {@code type}, adapted to {@code exact} (the receiver as
   * {@code Object}, then the method's own parameter and return types), or {@code null} when there
   * is none. A public method of a non-public class (an implementation of a public interface) is
   * taken from the public type that declares it, so that no access check has to be bypassed.
   */
  static MethodHandle virtual(Class<?> type, String name, MethodType exact) {
    MethodType declared = exact.dropParameterTypes(0, 1);
    try {
      Class<?> owner = publicOwner(type, name, declared);
      if (owner != null) {
        return MethodHandles.publicLookup().findVirtual(owner, name, declared).asType(exact);
      }
      // Declared by non-public types only: their method opened for the agent, when it may be.
      Method m = type.getMethod(name, declared.parameterArray());
      if (m.getReturnType() != declared.returnType() || Modifier.isStatic(m.getModifiers())) {
        return null;
      }
      m.setAccessible(true);
      return MethodHandles.lookup().unreflect(m).asType(exact);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The first public class or interface above {@code type} that declares the method, or null. */
  private static Class<?> publicOwner(Class<?> type, String name, MethodType declared) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (declares(c, name, declared)) {
        return c;
      }
      for (Class<?> i : c.getInterfaces()) {
        Class<?> owner = publicOwner(i, name, declared);
        if (owner != null) {
          return owner;
        }
      }
    }
    return null;
  }

  private static boolean declares(Class<?> c, String name, MethodType declared) {
    if (!Modifier.isPublic(c.getModifiers())) {
      return false;
    }
    try {
      Method m = c.getDeclaredMethod(name, declared.parameterArray());
      return Modifier.isPublic(m.getModifiers())
          && !Modifier.isStatic(m.getModifiers())
          && m.getReturnType() == declared.returnType();
    } catch (NoSuchMethodException | SecurityException e) {
      return false;
    }
  }
}
