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
      MethodHandle h = fromPublicType(type, name, declared);
      if (h == null) {
        // Declared by no type the agent may call: the method opened for the agent, when it may be.
        Method m = type.getMethod(name, declared.parameterArray());
        if (m.getReturnType() != declared.returnType() || Modifier.isStatic(m.getModifiers())) {
          return null;
        }
        m.setAccessible(true);
        h = MethodHandles.lookup().unreflect(m);
      }
      return h.asType(exact);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The method as declared by the first public class or interface above {@code type} (itself
   * included) that the agent may call it through, or null. A public type in a package its module
   * does not export to everyone (a proxy's, a module's internals) is passed over.
   */
  private static MethodHandle fromPublicType(Class<?> type, String name, MethodType declared) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (declares(c, name, declared)) {
        try {
          return MethodHandles.publicLookup().findVirtual(c, name, declared);
        } catch (ReflectiveOperationException | RuntimeException e) {
          // not callable from here: a type further up may be
        }
      }
      for (Class<?> i : c.getInterfaces()) {
        MethodHandle h = fromPublicType(i, name, declared);
        if (h != null) {
          return h;
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
