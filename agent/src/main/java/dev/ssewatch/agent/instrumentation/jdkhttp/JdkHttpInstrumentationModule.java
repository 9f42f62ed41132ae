package dev.ssewatch.agent.instrumentation.jdkhttp;

import dev.ssewatch.agent.instrumentation.InstrumentationModule;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * The JDK's own HTTP server ({@code com.sun.net.httpserver}, module {@code jdk.httpserver}), and
 * what runs on it (Jersey's {@code jersey-container-jdk-http}): the response starts when its
 * headers are sent, its bytes are those written to the exchange's body stream, a flush of that
 * stream is the write toward the socket and its close the end. The classes are the {@code
 * jdk.httpserver} module's, defined by the platform class loader, whose modules read the bootstrap
 * class loader's unnamed module (where the agent's bridge is) without being opened.
 */
public final class JdkHttpInstrumentationModule implements InstrumentationModule {

  @Override
  public String name() {
    return "jdkhttp";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ExchangeImplInstrumentation(), new PlaceholderOutputStreamInstrumentation());
  }
}
