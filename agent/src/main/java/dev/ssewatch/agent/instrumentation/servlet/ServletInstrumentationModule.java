package dev.ssewatch.agent.instrumentation.servlet;

import dev.ssewatch.agent.instrumentation.InstrumentationModule;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Servlet containers, {@code jakarta.servlet} and {@code javax.servlet}: the exchange's life from
 * the outermost servlet {@code service} or filter {@code doFilter} and {@code
 * AsyncContext.complete}, its bytes from the body the response hands out (output stream or writer),
 * its response headers as the container committed them.
 *
 * <p>The advice that only looks a body up and feeds it ({@code body}, {@code common}) is written
 * against {@code Object} and the JDK's types and serves both namespaces. The pairs in {@code
 * jakarta} and {@code javax} stay two copies on purpose: their code is inlined into the
 * application's classes, where it unwraps response wrappers, asks for the dispatcher type or {@code
 * isAsyncStarted()} on every request; naming the namespace's types is what lets it make those calls
 * directly, and written against {@code Object} each would be a reflective call on every request.
 */
public final class ServletInstrumentationModule implements InstrumentationModule {

  private static final String PKG = "dev.ssewatch.agent.instrumentation.servlet.";

  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        ServletServiceInstrumentation.servlets(
            "jakarta.servlet", PKG + "jakarta.JakartaServiceAdvice"),
        ServletServiceInstrumentation.servlets("javax.servlet", PKG + "javax.JavaxServiceAdvice"),
        ServletServiceInstrumentation.filters(
            "jakarta.servlet", PKG + "jakarta.JakartaServiceAdvice"),
        ServletServiceInstrumentation.filters("javax.servlet", PKG + "javax.JavaxServiceAdvice"),
        new ServletResponseInstrumentation(
            "jakarta.servlet", PKG + "jakarta.JakartaResponseBodyAdvice"),
        new ServletResponseInstrumentation("javax.servlet", PKG + "javax.JavaxResponseBodyAdvice"),
        new AsyncContextInstrumentation(
            "jakarta.servlet", PKG + "jakarta.JakartaAsyncCompleteAdvice"),
        new AsyncContextInstrumentation("javax.servlet", PKG + "javax.JavaxAsyncCompleteAdvice"),
        new ServletOutputStreamInstrumentation("jakarta.servlet"),
        new ServletOutputStreamInstrumentation("javax.servlet"),
        new ResponseWriterInstrumentation(),
        new UndertowWriterInstrumentation(),
        new AsyncErrorInstrumentation(
            "jakarta.servlet.AsyncListener", PKG + "jakarta.JakartaAsyncErrorAdvice"),
        new AsyncErrorInstrumentation(
            "javax.servlet.AsyncListener", PKG + "javax.JavaxAsyncErrorAdvice"),
        new AsyncErrorInstrumentation(
            "jakarta.servlet.WriteListener", PKG + "common.WriteListenerErrorAdvice"),
        new AsyncErrorInstrumentation(
            "javax.servlet.WriteListener", PKG + "common.WriteListenerErrorAdvice"),
        ContainerFinishInstrumentation.tomcat(),
        ContainerFinishInstrumentation.jetty12(),
        ContainerFinishInstrumentation.jetty12Completion(),
        new JettyGzipOutputInstrumentation(),
        ContainerFinishInstrumentation.undertow(),
        TomcatCompressionInstrumentation.filter(),
        TomcatCompressionInstrumentation.output(),
        TomcatCompressionInstrumentation.http2());
  }
}
