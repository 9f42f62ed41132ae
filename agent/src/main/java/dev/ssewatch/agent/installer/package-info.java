/**
 * What installs the agent, once, in premain or at attach: the settings and start-up line, the
 * transformer and its matching (class-file headers, super-type masks, the instrumentation index),
 * the retransformation of classes already loaded, and the server families named. What runs per
 * request is in {@code dev.ssewatch.agent.runtime}.
 */
package dev.ssewatch.agent.installer;
