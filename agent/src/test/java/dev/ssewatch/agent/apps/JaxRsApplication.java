package dev.ssewatch.agent.apps;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The JAX-RS application of the SSE resource, for implementations that start from one. */
public class JaxRsApplication extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(JaxRsSseResource.class);
  }
}
