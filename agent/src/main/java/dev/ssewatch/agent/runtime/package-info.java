/**
 * What runs per request, behind the bootstrap bridge: the hooks the inlined advice calls ({@link
 * dev.ssewatch.agent.runtime.AgentHooks}, {@link dev.ssewatch.agent.runtime.ServerStreamHooks}),
 * one object per exchange, stream or connection that feeds core's recorder, and the reflection the
 * servers that nothing links against need. Nothing here installs anything.
 */
package dev.ssewatch.agent.runtime;
