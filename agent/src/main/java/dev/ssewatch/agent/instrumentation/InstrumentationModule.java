package dev.ssewatch.agent.instrumentation;

import java.util.List;

/** Everything the agent instruments in one library. */
public interface InstrumentationModule {

  /** Short name for the startup line and {@code ssewatch.agent.instrumentation.<name>.enabled}. */
  String name();

  List<TypeInstrumentation> typeInstrumentations();
}
