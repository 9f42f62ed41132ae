package dev.ssewatch.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.fixtures.FixtureAsyncContext;
import dev.ssewatch.fixtures.FixtureFilter;
import dev.ssewatch.fixtures.FixtureFilterSubclass;
import dev.ssewatch.fixtures.FixtureOutputStream;
import dev.ssewatch.fixtures.FixtureServiceServlet;
import dev.ssewatch.fixtures.FixtureServlet;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ClassHeaderTest {

  static byte[] bytesOf(Class<?> type) throws IOException {
    String resource = type.getName().replace('.', '/') + ".class";
    ClassLoader loader = type.getClassLoader();
    try (InputStream in =
        loader == null
            ? ClassLoader.getSystemResourceAsStream(resource)
            : loader.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsNameSuperClassAndInterfacesPastLongAndDoubleConstants() throws IOException {
    ClassHeader h = ClassHeader.parse(bytesOf(FixtureOutputStream.class));

    assertThat(h.name()).isEqualTo("dev/ssewatch/fixtures/FixtureOutputStream");
    assertThat(h.superName()).isEqualTo("jakarta/servlet/ServletOutputStream");
    assertThat(h.interfaces()).isEmpty();
    assertThat(h.isInterface()).isFalse();
    assertThat(h.isSynthetic()).isFalse();
  }

  @Test
  void readsAnInterfaceAndWhatItExtends() throws IOException {
    ClassHeader h = ClassHeader.parse(bytesOf(FixtureAsyncContext.class));

    assertThat(h.isInterface()).isTrue();
    assertThat(h.superName()).isEqualTo("java/lang/Object");
    assertThat(h.interfaces()).containsExactly("jakarta/servlet/AsyncContext");
  }

  @Test
  void readsAJdkClassWithManyInterfaces() throws IOException {
    ClassHeader h = ClassHeader.parse(bytesOf(java.util.ArrayList.class));

    assertThat(h.name()).isEqualTo("java/util/ArrayList");
    assertThat(h.superName()).isEqualTo("java/util/AbstractList");
    assertThat(h.interfaces())
        .containsExactly(
            "java/util/List",
            "java/util/RandomAccess",
            "java/lang/Cloneable",
            "java/io/Serializable");
  }

  @Test
  void objectHasNoSuperClass() throws IOException {
    assertThat(ClassHeader.parse(bytesOf(Object.class)).superName()).isNull();
  }

  @Test
  void rejectsWhatIsNotAClassFile() {
    assertThatThrownBy(() -> ClassHeader.parse(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final String SERVICE =
      "(Ljakarta/servlet/ServletRequest;Ljakarta/servlet/ServletResponse;)V";
  private static final String DO_FILTER =
      "(Ljakarta/servlet/ServletRequest;Ljakarta/servlet/ServletResponse;"
          + "Ljakarta/servlet/FilterChain;)V";

  @Test
  void findsAMethodTheClassDeclaresByNameAndDescriptor() throws IOException {
    assertThat(
            ClassHeader.declaresConcreteMethod(
                bytesOf(FixtureServiceServlet.class), "service", SERVICE))
        .isTrue();
    assertThat(
            ClassHeader.declaresConcreteMethod(bytesOf(FixtureFilter.class), "doFilter", DO_FILTER))
        .isTrue();
  }

  @Test
  void anInheritedOverloadedOrAbstractMethodIsNotDeclared() throws IOException {
    // Inherited: the servlet overrides doGet only; the subclass has fields and other methods.
    assertThat(
            ClassHeader.declaresConcreteMethod(bytesOf(FixtureServlet.class), "service", SERVICE))
        .isFalse();
    assertThat(
            ClassHeader.declaresConcreteMethod(
                bytesOf(FixtureFilterSubclass.class), "doFilter", DO_FILTER))
        .isFalse();
    // Same name, other descriptor.
    assertThat(
            ClassHeader.declaresConcreteMethod(
                bytesOf(FixtureServiceServlet.class), "service", "()V"))
        .isFalse();
    // Abstract: an interface's method has no body.
    assertThat(
            ClassHeader.declaresConcreteMethod(
                bytesOf(jakarta.servlet.Filter.class), "doFilter", DO_FILTER))
        .isFalse();
  }
}
