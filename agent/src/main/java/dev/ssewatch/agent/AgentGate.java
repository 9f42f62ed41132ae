package dev.ssewatch.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.function.Consumer;

/**
 * The one transformer premain registers: it changes nothing until the installer, built in the
 * background, publishes the real one, and delegates to it from then on. Registering it before the
 * application starts keeps the agent's place in the JVM's transformer chain, and being able to
 * retransform lets the installer redo the classes loaded while it was getting ready. Plain JDK code
 * so that premain loads next to nothing.
 */
final class AgentGate implements ClassFileTransformer, Consumer<ClassFileTransformer> {

  private volatile ClassFileTransformer delegate;

  /** Publishes the installer's transformer; classes defined from now on go through it. */
  @Override
  public void accept(ClassFileTransformer transformer) {
    delegate = transformer;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer)
      throws IllegalClassFormatException {
    ClassFileTransformer d = delegate;
    return d == null
        ? null
        : d.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer)
      throws IllegalClassFormatException {
    ClassFileTransformer d = delegate;
    return d == null
        ? null
        : d.transform(
            module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }
}
