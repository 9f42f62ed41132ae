package dev.ssewatch.agent.instrumentation.grizzly;

import dev.ssewatch.agent.instrumentation.InstrumentationModule;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Grizzly's HTTP server, 4.x (Jersey's default standalone container, {@code
 * jersey-container-grizzly2-http}): the response body's {@code OutputBuffer}, whose writes are the
 * application's, whose flush is the write toward the socket and whose end is the response's.
 */
public final class GrizzlyInstrumentationModule implements InstrumentationModule {

  @Override
  public String name() {
    return "grizzly";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new OutputBufferInstrumentation());
  }
}
