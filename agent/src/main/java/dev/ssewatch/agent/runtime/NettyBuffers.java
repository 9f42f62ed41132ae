package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * What the agent reads of Netty's objects itself, since it does not link against the application's
 * Netty: through method handles on Netty's public types, found once per class. Only for what comes
 * once per response (its line and headers) or rarely (a body buffer of several parts); the body
 * bytes of every write are read by the advice inlined into Netty.
 */
final class NettyBuffers {

  /** A response's readers, typed on {@code Object}. */
  private record ResponseAccess(
      MethodHandle status, MethodHandle code, MethodHandle headers, MethodHandle get) {}

  /** Per buffer class: {@code ByteBuf.nioBuffers()}; null for a class that is not a buffer. */
  private static final ClassValue<MethodHandle> NIO_BUFFERS =
      new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          try {
            // Looked up on ByteBuf itself: an override in a class that is not public (Netty's
            // FixedCompositeByteBuf) could not be called from here.
            Class<?> byteBuf =
                Class.forName("io.netty.buffer.ByteBuf", false, type.getClassLoader());
            if (!byteBuf.isAssignableFrom(type)) {
              return null;
            }
            return MethodHandles.publicLookup()
                .findVirtual(byteBuf, "nioBuffers", MethodType.methodType(ByteBuffer[].class))
                .asType(MethodType.methodType(ByteBuffer[].class, Object.class));
          } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
          }
        }
      };

  /** Per response class; null for a class that is not an {@code HttpResponse}. */
  private static final ClassValue<ResponseAccess> RESPONSE =
      new ClassValue<>() {
        @Override
        protected ResponseAccess computeValue(Class<?> type) {
          try {
            ClassLoader loader = type.getClassLoader();
            Class<?> response =
                Class.forName("io.netty.handler.codec.http.HttpResponse", false, loader);
            if (!response.isAssignableFrom(type)) {
              return null;
            }
            Class<?> status =
                Class.forName("io.netty.handler.codec.http.HttpResponseStatus", false, loader);
            Class<?> headers =
                Class.forName("io.netty.handler.codec.http.HttpHeaders", false, loader);
            Class<?> message =
                Class.forName("io.netty.handler.codec.http.HttpMessage", false, loader);
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            return new ResponseAccess(
                l.findVirtual(response, "status", MethodType.methodType(status))
                    .asType(MethodType.methodType(Object.class, Object.class)),
                l.findVirtual(status, "code", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, Object.class)),
                l.findVirtual(message, "headers", MethodType.methodType(headers))
                    .asType(MethodType.methodType(Object.class, Object.class)),
                l.findVirtual(headers, "get", MethodType.methodType(String.class, String.class))
                    .asType(MethodType.methodType(String.class, Object.class, String.class)));
          } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
          }
        }
      };

  private NettyBuffers() {}

  /**
   * Hands {@code buf}'s readable bytes to {@code sink} as fresh NIO views; nothing when it is not a
   * Netty buffer or cannot be read.
   */
  static void readParts(Object buf, BodyContext sink) {
    MethodHandle views = buf == null ? null : NIO_BUFFERS.get(buf.getClass());
    if (views == null) {
      return;
    }
    try {
      for (ByteBuffer part : (ByteBuffer[]) views.invokeExact(buf)) {
        sink.onBytes(part);
      }
    } catch (Throwable e) {
      // A buffer that cannot be read is not counted; the application's write goes on.
    }
  }

  /**
   * Reads a Netty {@code HttpResponse}'s status and headers into {@link
   * BodyContext#onHttpResponse}; nothing when it is not one or cannot be read.
   */
  @SuppressWarnings("unchecked")
  static void readResponse(Object response, BodyContext sink) {
    ResponseAccess a = response == null ? null : RESPONSE.get(response.getClass());
    if (a == null) {
      return;
    }
    int code;
    Object headers;
    String contentType;
    String contentEncoding;
    try {
      code = (int) a.code.invokeExact((Object) a.status.invokeExact(response));
      headers = (Object) a.headers.invokeExact(response);
      contentType = (String) a.get.invokeExact(headers, "content-type");
      contentEncoding = (String) a.get.invokeExact(headers, "content-encoding");
    } catch (Throwable e) {
      return;
    }
    // Netty's HttpHeaders is an Iterable of String entries.
    sink.onHttpResponse(
        code,
        (Iterable<? extends Map.Entry<String, String>>) headers,
        contentType,
        contentEncoding);
  }
}
