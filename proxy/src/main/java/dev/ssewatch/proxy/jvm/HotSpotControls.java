package dev.ssewatch.proxy.jvm;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/** {@link JvmControls} through HotSpot's management beans, in the running JVM. */
final class HotSpotControls implements JvmControls {

  private static final String DIAGNOSTIC_COMMANDS = "com.sun.management:type=DiagnosticCommand";

  private final HotSpotDiagnosticMXBean diagnostics;

  private HotSpotControls(HotSpotDiagnosticMXBean diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The running JVM's controls, or {@code null} when it is not HotSpot (no diagnostic bean). */
  static HotSpotControls current() {
    try {
      HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return bean == null ? null : new HotSpotControls(bean);
    } catch (RuntimeException | LinkageError e) {
      // jdk.management left out of a jlink'd runtime, or another JVM: nothing to control.
      return null;
    }
  }

  @Override
  public boolean g1() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc.getName().startsWith("G1 ")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Flag flag(String name) {
    VMOption option;
    try {
      option = diagnostics.getVMOption(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
    long value;
    try {
      value = Long.parseLong(option.getValue());
    } catch (NumberFormatException e) {
      return null;
    }
    return new Flag(value, option.getOrigin() == VMOption.Origin.DEFAULT);
  }

  @Override
  public void set(String name, long value) {
    diagnostics.setVMOption(name, Long.toString(value));
  }

  @Override
  public boolean trimNativeHeap() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Object out =
          server.invoke(
              new ObjectName(DIAGNOSTIC_COMMANDS),
              "systemTrimNativeHeap",
              new Object[] {new String[0]},
              new String[] {String[].class.getName()});
      // glibc answers with the RSS before and after; other C libraries with "not available".
      return out instanceof String s && s.startsWith("Trim native heap:");
    } catch (JMException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public AutoCloseable onHeapShrinkingGc(Consumer<String> listener) {
    NotificationListener forward =
        (notification, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              notification.getType())) {
            return;
          }
          GarbageCollectionNotificationInfo info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          // Young collections never give heap back; full collections and concurrent cycles may.
          if (!info.getGcName().contains("Young")) {
            listener.accept(info.getGcName());
          }
        };
    List<NotificationEmitter> emitters = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(forward, null, null);
        emitters.add(emitter);
      }
    }
    return () -> {
      for (NotificationEmitter emitter : emitters) {
        emitter.removeNotificationListener(forward);
      }
    };
  }
}
