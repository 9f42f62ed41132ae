package dev.ssewatch.proxy;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an event loop alive through an error thrown while it handles I/O. Netty's I/O handlers
 * rethrow {@link Error}s (an exception is logged and the loop goes on), and an error that leaves
 * the loop ends its thread for good: every connection on it hangs and the listener on it never
 * accepts again, while the process lives on. Such errors are those of a process short of resources:
 * a class that cannot be loaded while no file descriptor is free, an out-of-memory. The loop is
 * worth more than the error's propagation, so the error is counted, logged at most once a minute
 * (and nothing is thrown if even that fails) and the loop goes on with its next round.
 */
final class LoopGuard implements IoHandler {

  private static final System.Logger LOG = System.getLogger(LoopGuard.class.getName());
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static volatile long lastLogNanos;
  private static volatile boolean logged;

  private final IoHandler delegate;
  private final Runnable onError;

  private LoopGuard(IoHandler delegate, Runnable onError) {
    this.delegate = delegate;
    this.onError = onError;
  }

  /** {@code factory}'s handlers, guarded; {@code onError} is told of every error caught. */
  static IoHandlerFactory guard(IoHandlerFactory factory, Runnable onError) {
    return new IoHandlerFactory() {
      @Override
      public IoHandler newHandler(ThreadAwareExecutor executor) {
        return new LoopGuard(factory.newHandler(executor), onError);
      }

      @Override
      public boolean isChangingThreadSupported() {
        return factory.isChangingThreadSupported();
      }
    };
  }

  @Override
  public int run(IoHandlerContext context) {
    try {
      return delegate.run(context);
    } catch (Throwable t) {
      caught(t);
      return 0;
    }
  }

  private void caught(Throwable t) {
    try {
      onError.run();
      long now = System.nanoTime();
      if (!logged || now - lastLogNanos >= LOG_INTERVAL_NANOS) {
        logged = true;
        lastLogNanos = now;
        LOG.log(System.Logger.Level.ERROR, "an event loop caught an error and goes on", t);
      }
    } catch (Throwable ignored) {
      // Logging needs what is short; the loop goes on regardless.
    }
  }

  @Override
  public void initialize() {
    delegate.initialize();
  }

  @Override
  public void prepareToDestroy() {
    delegate.prepareToDestroy();
  }

  @Override
  public void destroy() {
    delegate.destroy();
  }

  @Override
  public IoRegistration register(IoHandle handle) throws Exception {
    return delegate.register(handle);
  }

  @Override
  public void wakeup() {
    delegate.wakeup();
  }

  @Override
  public boolean isCompatible(Class<? extends IoHandle> handleType) {
    return delegate.isCompatible(handleType);
  }
}
