package dev.hoist.engine.internal.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process's identity (pid, start, boot, host), and the fallback's judgement of staleness. */
class ProcessIdentityTest {
  private static final ProcessIdentity ME = ProcessIdentity.self();

  @TempDir Path tmp;

  private ProcessBuilder process(String... command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HOME", tmp.toString());
    return pb;
  }

  private long deadPid() throws Exception {
    Process p = process("true").start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    return p.pid();
  }

  private static String startTicksInProcStat(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
  }

  private static LockRecord record(long pid, String startTicks, String bootId, String host) {
    return new LockRecord(pid, startTicks, bootId, host, "n", "1.0.0", "1.1.0", Instant.EPOCH);
  }

  @Test
  void self_isThisProcess_withItsStartTicks() throws Exception {
    long pid = ProcessHandle.current().pid();

    assertEquals(pid, ME.pid());
    assertEquals(startTicksInProcStat(pid), ME.startTicks());
    assertEquals(Optional.of(ME.startTicks()), ProcessIdentity.startOf(pid));
  }

  private static String kernelBootId() throws IOException {
    String boot =
        Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
            .trim();
    return boot.isEmpty() ? null : boot;
  }

  private static String kernelHostName() throws IOException {
    String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    return host.isEmpty() ? InetAddress.getLocalHost().getHostName() : host;
  }

  @Test
  void self_namesTheKernelsBootIdAndHostName() throws Exception {
    assertEquals(kernelBootId(), ME.bootId());
    assertEquals(kernelHostName(), ME.host());
  }

  /**
   * {@link ProcessIdentity#self()} reads boot and host once per JVM, in a class initialiser; run
   * the readers again so that a change to them shows up in this JVM too.
   */
  @Test
  void theBootAndHostReaders_readWhatTheKernelSays() throws Exception {
    assertEquals(kernelBootId(), callPrivateReader("readBootId"));
    assertEquals(kernelHostName(), callPrivateReader("readHostName"));
  }

  private static Object callPrivateReader(String name) throws Exception {
    Method reader = ProcessIdentity.class.getDeclaredMethod(name);
    reader.setAccessible(true);
    return reader.invoke(null);
  }

  @Test
  void startOf_aLiveChild_isItsStartTicks_andAfterItsDeathEmpty() throws Exception {
    Process p = process("sleep", "60").start();
    try {
      assertEquals(Optional.of(startTicksInProcStat(p.pid())), ProcessIdentity.startOf(p.pid()));
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }
    assertEquals(Optional.empty(), ProcessIdentity.startOf(p.pid()));
  }

  @Test
  void startOf_noProcessNumber_isEmpty() {
    assertEquals(Optional.empty(), ProcessIdentity.startOf(0));
    assertEquals(Optional.empty(), ProcessIdentity.startOf(-1));
    assertEquals(Optional.empty(), ProcessIdentity.startOf(Long.MIN_VALUE));
  }

  /** A zombie holds no locks and runs no code: it is gone, whatever its pid. */
  @Test
  void startOf_aZombie_isEmpty() throws Exception {
    // The shell starts a reader of its stdin in the background, prints its pid and becomes sleep,
    // which never reaps it: once the reader has read its byte and exited, it is a zombie.
    Process parent =
        process("sh", "-c", "exec 3<&0; head -c 1 <&3 >/dev/null & echo $!; exec sleep 60").start();
    try (BufferedReader out = parent.inputReader()) {
      long zombie = Long.parseLong(out.readLine().trim());
      assertEquals(Optional.of(startTicksInProcStat(zombie)), ProcessIdentity.startOf(zombie));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a hang guard only
      Path comm = Path.of("/proc/" + parent.pid() + "/comm");
      while (!Files.readString(comm).trim().equals("sleep")) {
        assertTrue(System.nanoTime() < deadline, "the shell never became sleep");
        Thread.sleep(10);
      }
      parent.getOutputStream().write('x');
      parent.getOutputStream().flush();
      while (!isZombie(zombie)) {
        assertTrue(System.nanoTime() < deadline, "pid " + zombie + " never became a zombie");
        Thread.sleep(10);
      }

      assertEquals(Optional.empty(), ProcessIdentity.startOf(zombie));
    } finally {
      parent.destroyForcibly();
      parent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean isZombie(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
  }

  @Test
  void judgesStale_aLiveHolderWithItsOwnStart_isNotStale() {
    assertFalse(ME.judgesStale(record(ME.pid(), ME.startTicks(), ME.bootId(), ME.host())));
  }

  @Test
  void judgesStale_aReusedPidOrADeadPidOnThisHostAndBoot_isStale() throws Exception {
    assertTrue(ME.judgesStale(record(ME.pid(), ME.startTicks() + "1", ME.bootId(), ME.host())));
    assertTrue(ME.judgesStale(record(deadPid(), ME.startTicks(), ME.bootId(), ME.host())));
  }

  @Test
  void judgesStale_anotherHostOrBoot_isNeverStale() throws Exception {
    long dead = deadPid();

    assertFalse(ME.judgesStale(record(dead, "1", ME.bootId(), ME.host() + "x")));
    assertFalse(ME.judgesStale(record(dead, "1", ME.bootId() + "x", ME.host())));
    assertFalse(ME.judgesStale(record(dead, "1", null, ME.host())), "boot unknown in the record");
  }

  @Test
  void judgesStale_withoutAHostName_judgesNothingStale() throws Exception {
    ProcessIdentity nameless = new ProcessIdentity(ME.pid(), ME.startTicks(), ME.bootId(), "");

    assertFalse(nameless.judgesStale(record(deadPid(), "1", ME.bootId(), "")));
  }

  @Test
  void judgesStale_whereNoBootIdIsKnown_comparesHostAndStart() throws Exception {
    ProcessIdentity bootless = new ProcessIdentity(ME.pid(), ME.startTicks(), null, ME.host());

    assertTrue(bootless.judgesStale(record(deadPid(), "1", null, ME.host())));
    assertFalse(bootless.judgesStale(record(ME.pid(), ME.startTicks(), null, ME.host())));
    assertFalse(bootless.judgesStale(record(ME.pid(), ME.startTicks(), "some-boot", ME.host())));
  }
}
