package dev.ssewatch.agent.instrumentation.helidon;

import dev.ssewatch.agent.instrumentation.InstrumentationModule;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Helidon 4 SE's own web server (virtual threads, Java 21+): an {@code SseSink} writes its head and
 * each event straight to the connection's socket writer, so the stream starts when the sink has
 * written the head, its bytes are those the socket writer is given (a write there is a write to the
 * socket) and it ends when the sink is closed. A response written through {@code
 * res.outputStream()} instead is recorded from the application's writes to that stream, when it is
 * an event stream by the time the stream is handed out. Helidon's classes are never linked against:
 * the advice sees them as {@code Object}s and the agent reads them reflectively, once per stream.
 */
public final class HelidonInstrumentationModule implements InstrumentationModule {

  @Override
  public String name() {
    return "helidon";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new SseSinkInstrumentation(),
        new SocketWriterInstrumentation(),
        new ResponseOutputStreamInstrumentation(),
        new BodyStreamInstrumentation());
  }
}
