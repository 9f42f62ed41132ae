package dev.ssewatch.agent.installer;

/**
 * The few facts the installer needs from a class file to match it — its access flags, name, super
 * class and interfaces — read from the constant pool and header without parsing fields, methods or
 * code. Names are in internal form ({@code jakarta/servlet/ServletResponse}). Whether a class
 * declares a given method is a second, separate read ({@link #declaresConcreteMethod}), for the few
 * classes whose header matched an instrumentation that asks it.
 *
 * @param superName null for {@code java.lang.Object} (and for modules)
 */
record ClassHeader(int access, String name, String superName, String[] interfaces) {

  static final int ACC_INTERFACE = 0x0200;
  static final int ACC_SYNTHETIC = 0x1000;

  private static final String[] NONE = {};

  boolean isInterface() {
    return (access & ACC_INTERFACE) != 0;
  }

  boolean isSynthetic() {
    return (access & ACC_SYNTHETIC) != 0;
  }

  /** Throws {@link IllegalArgumentException} for what is not a readable class file. */
  static ClassHeader parse(byte[] b) {
    int[] offsets = constantPool(b);
    int p = offsets[0];
    int access = u2(b, p);
    String name = className(b, offsets, u2(b, p + 2));
    int superIndex = u2(b, p + 4);
    String superName = superIndex == 0 ? null : className(b, offsets, superIndex);
    int n = u2(b, p + 6);
    String[] interfaces = n == 0 ? NONE : new String[n];
    for (int i = 0; i < n; i++) {
      interfaces[i] = className(b, offsets, u2(b, p + 8 + 2 * i));
    }
    return new ClassHeader(access, name, superName, interfaces);
  }

  /**
   * Offsets of the constant pool entries, by index (only Class and Utf8 entries are read later);
   * index 0, which the pool does not use, holds the offset just past the pool.
   */
  private static int[] constantPool(byte[] b) {
    if (b.length < 10 || u4(b, 0) != 0xCAFEBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    int count = u2(b, 8);
    int[] offsets = new int[count];
    int p = 10;
    for (int i = 1; i < count; i++) {
      offsets[i] = p;
      int tag = b[p] & 0xFF;
      switch (tag) {
        case 1: // Utf8
          p += 3 + u2(b, p + 1);
          break;
        case 7: // Class
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          p += 3;
          break;
        case 15: // MethodHandle
          p += 4;
          break;
        case 3: // Integer
        case 4: // Float
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
        case 18: // InvokeDynamic
          p += 5;
          break;
        case 5: // Long
        case 6: // Double
          p += 9;
          i++; // takes two slots
          break;
        default:
          throw new IllegalArgumentException("constant pool tag " + tag + " at " + p);
      }
    }
    offsets[0] = p;
    return offsets;
  }

  private static final int ACC_ABSTRACT = 0x0400;

  /**
   * Whether the class declares a method with this name and descriptor and a body. Reads past the
   * header to the method table, skipping fields and attributes by their lengths; only asked for
   * classes whose header matched already.
   */
  static boolean declaresConcreteMethod(byte[] b, String name, String descriptor) {
    int[] offsets = constantPool(b);
    int p = offsets[0] + 6;
    p += 2 + 2 * u2(b, p); // interfaces
    p = skipMembers(b, p); // fields
    int methods = u2(b, p);
    p += 2;
    for (int i = 0; i < methods; i++) {
      if ((u2(b, p) & ACC_ABSTRACT) == 0
          && utf8Equals(b, offsets[u2(b, p + 2)], name)
          && utf8Equals(b, offsets[u2(b, p + 4)], descriptor)) {
        return true;
      }
      p = skipAttributes(b, p + 6);
    }
    return false;
  }

  private static int skipMembers(byte[] b, int p) {
    int n = u2(b, p);
    p += 2;
    for (int i = 0; i < n; i++) {
      p = skipAttributes(b, p + 6);
    }
    return p;
  }

  private static int skipAttributes(byte[] b, int p) {
    int n = u2(b, p);
    p += 2;
    for (int i = 0; i < n; i++) {
      p += 6 + u4(b, p + 2);
    }
    return p;
  }

  /** Compares a Utf8 entry with an ASCII string without decoding it. */
  private static boolean utf8Equals(byte[] b, int entry, String s) {
    int length = u2(b, entry + 1);
    if (length != s.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (b[entry + 3 + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String className(byte[] b, int[] offsets, int classIndex) {
    int utf8 = offsets[u2(b, offsets[classIndex] + 1)];
    return modifiedUtf8(b, utf8 + 3, u2(b, utf8 + 1));
  }

  /** The class file's own string encoding; class names are nearly always plain ASCII. */
  private static String modifiedUtf8(byte[] b, int from, int length) {
    char[] out = new char[length];
    int n = 0;
    int p = from;
    int end = from + length;
    while (p < end) {
      int c = b[p++] & 0xFF;
      if (c < 0x80) {
        out[n++] = (char) c;
      } else if ((c & 0xE0) == 0xC0) {
        out[n++] = (char) (((c & 0x1F) << 6) | (b[p++] & 0x3F));
      } else {
        out[n++] = (char) (((c & 0x0F) << 12) | ((b[p++] & 0x3F) << 6) | (b[p++] & 0x3F));
      }
    }
    return new String(out, 0, n);
  }

  private static int u2(byte[] b, int p) {
    return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
  }

  private static int u4(byte[] b, int p) {
    return (u2(b, p) << 16) | u2(b, p + 2);
  }
}
