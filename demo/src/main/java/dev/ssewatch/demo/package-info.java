/** The one-command demo of ssewatch. */
package dev.ssewatch.demo;
