/**
 * Advice for the objects that carry a response body, of every server family: servlet output streams
 * and writers, and the output streams and channels of the servers that are neither Servlet nor
 * Netty. Each looks its object up in {@code SseHooks.CONTEXTS}; only the bodies of event streams
 * are bound there, so the advice in any other stream stops at one failed lookup. It names no
 * library type, so one copy serves them all.
 */
package dev.ssewatch.agent.instrumentation.body;
