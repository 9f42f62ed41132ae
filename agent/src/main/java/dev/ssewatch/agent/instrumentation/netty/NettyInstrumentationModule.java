package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.instrumentation.InstrumentationModule;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Netty HTTP/1.x servers, 4.1 and 4.2, whatever sits on top (Reactor Netty, Vert.x, Micronaut):
 * requests from the HTTP decoder, responses and body bytes from the HTTP encoder, flushes and
 * closes from the channel's outbound buffer, who closed from the pipeline's head and whether an
 * idle timer was running then. HTTP/2 streams served as HTTP objects in a child channel each
 * ({@code Http2MultiplexHandler} with {@code Http2StreamFrameToHttpObjectCodec}, as Reactor Netty
 * does): the same from that codec and from the child channel's flush and close.
 */
public final class NettyInstrumentationModule implements InstrumentationModule {

  @Override
  public String name() {
    return "netty";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new HttpObjectDecoderInstrumentation(),
        new HttpObjectEncoderInstrumentation(),
        new ChannelOutboundBufferInstrumentation(),
        new PipelineHeadInstrumentation(),
        new IdleTimerInstrumentation(),
        new Http2StreamCodecInstrumentation(),
        new Http2StreamChannelInstrumentation());
  }
}
