package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.instrumentation.InstrumentationModule;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Undertow core handlers, 2.x ({@code HttpServerExchange}, {@code ServerSentEventHandler}): a
 * blocking exchange's stream is recorded from its first write to {@code
 * exchange.getOutputStream()}, any other from the moment the response channel is taken (headers
 * final), its bytes as they enter that channel. The servlet layer on Undertow is left to the
 * servlet instrumentation; the compressor of Undertow's {@code EncodingHandler} is read here for
 * both, so that a compressed stream's bytes are the coded bytes it sends.
 */
public final class UndertowInstrumentationModule implements InstrumentationModule {

  @Override
  public String name() {
    return "undertow";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new HttpServerExchangeInstrumentation(),
        new UndertowOutputStreamInstrumentation(),
        new ResponseChannelInstrumentation(),
        new EncodingInstrumentation(),
        new DeflatingConduitInstrumentation());
  }
}
