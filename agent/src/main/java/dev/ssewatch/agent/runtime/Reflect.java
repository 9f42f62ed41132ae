package dev.ssewatch.agent.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Calls a public method of a server's object whose class may not be public (an implementation class
 * of a public type): found by name on the runtime class, made accessible when the declaring class
 * is not; or reads one of its fields. For the few reads made once per event stream, never on a
 * write path.
 */
final class Reflect {

  private Reflect() {}

  static Object call(Object target, String method) throws ReflectiveOperationException {
    return invoke(target.getClass().getMethod(method), target);
  }

  static Object call(Object target, String method, Class<?> parameter, Object argument)
      throws ReflectiveOperationException {
    return invoke(target.getClass().getMethod(method, parameter), target, argument);
  }

  /** The value of a field {@code name} declared by the target's class or one of its parents. */
  static Object field(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException e) {
        // declared further up
      }
    }
    throw new NoSuchFieldException(name);
  }

  private static Object invoke(Method m, Object target, Object... args)
      throws ReflectiveOperationException {
    try {
      return m.invoke(target, args);
    } catch (IllegalAccessException e) {
      m.setAccessible(true);
      return m.invoke(target, args);
    }
  }
}
