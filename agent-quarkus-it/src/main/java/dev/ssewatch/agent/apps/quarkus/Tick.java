package dev.ssewatch.agent.apps.quarkus;

/** One event's data, written as JSON by Quarkus REST's Jackson; {@code text} holds the canary. */
public record Tick(int n, String text) {}
