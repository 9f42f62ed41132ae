package dev.ssewatch.agent.installer;

import static dev.ssewatch.agent.installer.ClassHeaderTest.bytesOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyCalls;
import dev.ssewatch.agent.instrumentation.netty.NettyInstrumentationModule;
import dev.ssewatch.agent.instrumentation.servlet.ServletInstrumentationModule;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.HttpObjectEncoder;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.apache.catalina.connector.CoyoteOutputStream;
import org.apache.catalina.connector.CoyoteWriter;
import org.junit.jupiter.api.Test;

/**
 * The hottest advised methods stay small enough for HotSpot to inline them into their callers: a
 * method that runs for every message of every connection, event stream or not, must not become a
 * call of its own because of the advice in it.
 */
class AdvisedMethodSizeTest {

  /** HotSpot's default {@code -XX:FreqInlineSize}: the largest hot method it inlines, in bytes. */
  private static final int FREQ_INLINE_SIZE = 325;

  private final ClassLoader app = AdvisedMethodSizeTest.class.getClassLoader();
  private final AgentTransformer transformer =
      new AgentTransformer(
          new URLClassLoader(new URL[0], app),
          new InstrumentationIndex(
              Stream.concat(
                      new NettyInstrumentationModule().typeInstrumentations().stream(),
                      new ServletInstrumentationModule().typeInstrumentations().stream())
                  .toList()),
          false,
          new AtomicLong());

  @Test
  void nettysEncoderWriteStaysInlinable() throws IOException {
    byte[] original = bytesOf(HttpObjectEncoder.class);
    byte[] advised = transform(HttpObjectEncoder.class);

    int before = codeLength(original, "write");
    int after = codeLength(advised, "write");

    assertThat(after).as("advised, from %d bytes", before).isGreaterThan(before);
    assertThat(after).isLessThanOrEqualTo(FREQ_INLINE_SIZE);
  }

  @Test
  void theOutboundBuffersFlushStaysInlinable() throws IOException {
    byte[] original = bytesOf(ChannelOutboundBuffer.class);
    byte[] advised = transform(ChannelOutboundBuffer.class);

    int before = codeLength(original, "addFlush");
    int after = codeLength(advised, "addFlush");

    assertThat(after).as("advised, from %d bytes", before).isGreaterThan(before);
    assertThat(after).isLessThanOrEqualTo(FREQ_INLINE_SIZE);
  }

  /**
   * Tomcat's body stream, which every write and flush of every servlet response passes: the advice
   * leaves only calls into {@link BodyCalls} there, which the JIT keeps out of line, so that the
   * agent's lookup, parser and recorder are not compiled into Tomcat's method (that made its
   * compiled {@code write} 8 KB instead of 2 KB, past the size above which HotSpot no longer
   * inlines compiled code into its callers).
   */
  @Test
  void tomcatsOutputStreamCallsTheAgentOnlyOutOfLine() throws IOException {
    byte[] advised = transform(CoyoteOutputStream.class);

    for (String method : List.of("write", "flush", "close")) {
      assertThat(agentCalls(advised, method))
          .as("the agent's methods that %s calls", method)
          .isNotEmpty()
          .allMatch(call -> call.startsWith(BODY_CALLS + "."));
    }
  }

  @Test
  void tomcatsWriterCallsTheAgentOnlyOutOfLine() throws IOException {
    byte[] advised = transform(CoyoteWriter.class);

    for (String method : List.of("write", "flush")) {
      assertThat(agentCalls(advised, method))
          .as("the agent's methods that %s calls", method)
          .isNotEmpty()
          .allMatch(call -> call.startsWith(BODY_CALLS + "."));
    }
  }

  @Test
  void bodyCallsAreNeverInlined() throws IOException {
    List<String> notMarked = new ArrayList<>();
    List<String> all = new ArrayList<>();
    new ClassReader(bytesOf(BodyCalls.class))
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String desc, String signature, String[] exceptions) {
                if ((access & Opcodes.ACC_PUBLIC) == 0) {
                  return null;
                }
                all.add(name + desc);
                notMarked.add(name + desc);
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public AnnotationVisitor visitAnnotation(String type, boolean visible) {
                    if (type.equals("Ljdk/internal/vm/annotation/DontInline;")) {
                      notMarked.remove(name + desc);
                    }
                    return null;
                  }
                };
              }
            },
            ClassReader.SKIP_CODE);

    assertThat(all).isNotEmpty();
    assertThat(notMarked).as("public methods without DontInline").isEmpty();
  }

  private static final String BODY_CALLS = BodyCalls.class.getName().replace('.', '/');

  /** The agent's methods called from the methods {@code name} of a class file, as owner.name. */
  private static TreeSet<String> agentCalls(byte[] classFile, String name) {
    TreeSet<String> calls = new TreeSet<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String method, String desc, String signature, String[] exceptions) {
                if (!method.equals(name)) {
                  return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitMethodInsn(
                      int opcode, String owner, String callee, String d, boolean itf) {
                    if (owner.startsWith("dev/ssewatch/")) {
                      calls.add(owner + "." + callee);
                    }
                  }
                };
              }
            },
            0);
    return calls;
  }

  private byte[] transform(Class<?> type) throws IOException {
    byte[] out =
        transformer.transform(app, type.getName().replace('.', '/'), null, null, bytesOf(type));
    assertThat(out).as("transformed").isNotNull();
    return out;
  }

  /** The bytecode length of the largest method {@code name} of a class file (JVMS 4). */
  private static int codeLength(byte[] classFile, String name) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    in.skipBytes(8); // magic, minor and major version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7, 8, 16, 19, 20 -> in.skipBytes(2);
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++; // takes two entries
        }
        default -> throw new IOException("constant tag " + tag);
      }
    }
    in.skipBytes(6); // access flags, this class, super class
    in.skipBytes(2 * in.readUnsignedShort()); // interfaces
    skipMembers(in); // fields
    int longest = -1;
    int methods = in.readUnsignedShort();
    for (int m = 0; m < methods; m++) {
      in.skipBytes(2);
      String method = utf8[in.readUnsignedShort()];
      in.skipBytes(2);
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        if (attribute.equals("Code") && method.equals(name)) {
          in.skipBytes(4); // max stack, max locals
          int code = in.readInt();
          longest = Math.max(longest, code);
          in.skipBytes(length - 8);
        } else {
          in.skipBytes(length);
        }
      }
    }
    return longest;
  }

  private static void skipMembers(DataInputStream in) throws IOException {
    int members = in.readUnsignedShort();
    for (int m = 0; m < members; m++) {
      in.skipBytes(6);
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        in.skipBytes(2);
        in.skipBytes(in.readInt());
      }
    }
  }
}
