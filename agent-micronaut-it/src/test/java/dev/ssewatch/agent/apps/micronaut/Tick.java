package dev.ssewatch.agent.apps.micronaut;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One event's data, written as JSON by Micronaut's serialisation; {@code text} holds the canary.
 */
@Serdeable
public record Tick(int n, String text) {}
