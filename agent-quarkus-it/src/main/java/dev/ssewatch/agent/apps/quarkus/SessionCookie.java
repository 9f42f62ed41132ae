package dev.ssewatch.agent.apps.quarkus;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A secret response header on every response, which the record must redact. A Vert.x route filter,
 * since Quarkus REST's response filters do not reach a streamed response's headers.
 */
@ApplicationScoped
public class SessionCookie {

  void register(@Observes Filters filters) {
    filters.register(
        rc -> {
          rc.response().putHeader("Set-Cookie", "session=SERVER-SECRET-" + QuarkusSseApp.canary());
          rc.next();
        },
        100);
  }
}
