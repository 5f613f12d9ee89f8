package dev.hoist.engine.internal.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Stand-ins for the schedulers' tools, as shell scripts in a bin directory, so tests run the real
 * process plumbing without touching the user's crontab or systemd: {@code crontab} keeps the table
 * in {@code crontab.txt} beside itself; {@code systemctl} and {@code launchctl} append their
 * arguments to {@code calls.txt} and succeed, except that {@code systemctl --user show-environment}
 * exits with {@code userManagerExit}.
 */
public final class FakeTools {
  private FakeTools() {}

  public static Path crontab(Path bin) throws IOException {
    return script(
        bin,
        "crontab",
        "store=\"$(dirname \"$0\")/crontab.txt\"\n"
            + "case \"$1\" in\n"
            + "  -l) if [ -f \"$store\" ]; then cat \"$store\"; else echo \"no crontab for $(id -un)\" >&2;"
            + " exit 1; fi ;;\n"
            + "  -) cat > \"$store.tmp\" && mv \"$store.tmp\" \"$store\" ;;\n"
            + "  *) echo \"usage: crontab [-l | -]\" >&2; exit 1 ;;\n"
            + "esac\n");
  }

  public static Path systemctl(Path bin, int userManagerExit) throws IOException {
    return script(
        bin,
        "systemctl",
        "echo \"$*\" >> \"$(dirname \"$0\")/calls.txt\"\n"
            + "case \"$*\" in\n"
            + "  *show-environment*) exit "
            + userManagerExit
            + " ;;\n"
            + "  *NextElapseUSecRealtime*) echo 'Mon 2026-11-30 06:12:00 UTC' ;;\n"
            + "esac\n"
            + "exit 0\n");
  }

  public static Path launchctl(Path bin) throws IOException {
    return script(bin, "launchctl", "echo \"$*\" >> \"$(dirname \"$0\")/calls.txt\"\nexit 0\n");
  }

  private static Path script(Path bin, String name, String body) throws IOException {
    Files.createDirectories(bin);
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }
}
