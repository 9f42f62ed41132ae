package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * Reads a Netty {@code ByteBuf} that has no backing array, for the agent, which does not link
 * against the application's Netty: through method handles on {@code ByteBuf}'s public methods,
 * found once per buffer class. A buffer of one part is read through the NIO buffer it keeps for its
 * own I/O (re-positioned by every call), so that a write costs no view object; a buffer of several
 * parts, or one that keeps no NIO buffer of its own, through fresh views. The buffer's indices and
 * contents are left untouched.
 */
final class NettyBuffers {

  /** {@code ByteBuf}'s methods, typed on {@code Object}; null for a class that is not one. */
  private record Access(
      MethodHandle readerIndex,
      MethodHandle readableBytes,
      MethodHandle nioBufferCount,
      MethodHandle internalNioBuffer,
      MethodHandle nioBuffers) {}

  private static final ClassValue<Access> ACCESS =
      new ClassValue<>() {
        @Override
        protected Access computeValue(Class<?> type) {
          // Looked up on ByteBuf itself: an override in a class that is not public (Netty's
          // FixedCompositeByteBuf) could not be called from here.
          for (Class<?> k = type; k != null; k = k.getSuperclass()) {
            if (k.getName().equals("io.netty.buffer.ByteBuf")) {
              try {
                return access(k);
              } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
              }
            }
          }
          return null;
        }
      };

  private NettyBuffers() {}

  private static Access access(Class<?> byteBuf) throws ReflectiveOperationException {
    MethodHandles.Lookup l = MethodHandles.publicLookup();
    MethodType count = MethodType.methodType(int.class);
    return new Access(
        l.findVirtual(byteBuf, "readerIndex", count)
            .asType(MethodType.methodType(int.class, Object.class)),
        l.findVirtual(byteBuf, "readableBytes", count)
            .asType(MethodType.methodType(int.class, Object.class)),
        l.findVirtual(byteBuf, "nioBufferCount", count)
            .asType(MethodType.methodType(int.class, Object.class)),
        l.findVirtual(
                byteBuf,
                "internalNioBuffer",
                MethodType.methodType(ByteBuffer.class, int.class, int.class))
            .asType(MethodType.methodType(ByteBuffer.class, Object.class, int.class, int.class)),
        l.findVirtual(byteBuf, "nioBuffers", MethodType.methodType(ByteBuffer[].class))
            .asType(MethodType.methodType(ByteBuffer[].class, Object.class)));
  }

  /**
   * Hands {@code buf}'s readable bytes to {@code sink} as NIO buffers; nothing when it is not a
   * Netty buffer or cannot be read.
   */
  static void read(Object buf, BodyContext sink) {
    Access a = buf == null ? null : ACCESS.get(buf.getClass());
    if (a == null) {
      return;
    }
    try {
      int n = (int) a.readableBytes.invokeExact(buf);
      if (n <= 0) {
        return;
      }
      if ((int) a.nioBufferCount.invokeExact(buf) == 1) {
        ByteBuffer view;
        try {
          view =
              (ByteBuffer)
                  a.internalNioBuffer.invokeExact(buf, (int) a.readerIndex.invokeExact(buf), n);
        } catch (UnsupportedOperationException e) {
          view = null;
        }
        if (view != null) {
          sink.onBytes(view);
          return;
        }
      }
      for (ByteBuffer part : (ByteBuffer[]) a.nioBuffers.invokeExact(buf)) {
        sink.onBytes(part);
      }
    } catch (Throwable e) {
      // A buffer that cannot be read is not counted; the application's write goes on.
    }
  }
}
