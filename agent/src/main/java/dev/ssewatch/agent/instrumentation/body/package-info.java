/**
 * Advice for the body objects of the servers that are neither Servlet nor Netty: output streams and
 * channels that carry a response body. Each looks its object up in {@code SseHooks.CONTEXTS}; only
 * the bodies of event streams are bound there, so the advice in any other stream stops at one
 * failed lookup.
 */
package dev.ssewatch.agent.instrumentation.body;
