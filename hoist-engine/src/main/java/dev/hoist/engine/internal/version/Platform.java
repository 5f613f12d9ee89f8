package dev.hoist.engine.internal.version;

import java.util.Locale;

/**
 * The platform a release asset is built for: {@code any}, or {@code <os>-<arch>} with os in
 * linux|macos|windows and arch in x64|arm64 (DESIGN §4).
 */
public record Platform(String os, String arch) {
  public static final String ANY = "any";

  /** Maps JVM {@code os.name} / {@code os.arch} values to the manifest's names. */
  public static Platform of(String osName, String osArch) {
    String n = osName.toLowerCase(Locale.ROOT);
    String os =
        n.startsWith("linux")
            ? "linux"
            : n.startsWith("mac") || n.startsWith("darwin")
                ? "macos"
                : n.startsWith("windows") ? "windows" : n.replace(' ', '_');
    String a = osArch.toLowerCase(Locale.ROOT);
    String arch =
        switch (a) {
          case "amd64", "x86_64", "x64" -> "x64";
          case "aarch64", "arm64" -> "arm64";
          default -> a;
        };
    return new Platform(os, arch);
  }

  /** The manifest name, e.g. {@code linux-x64}. */
  public String id() {
    return os + "-" + arch;
  }

  @Override
  public String toString() {
    return id();
  }
}
