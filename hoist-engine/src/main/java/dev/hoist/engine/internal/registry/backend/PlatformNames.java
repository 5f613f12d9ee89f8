package dev.hoist.engine.internal.registry.backend;

import dev.hoist.engine.internal.version.Platform;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the platform from an archive's file name, by the conventions release tools use ({@code
 * tool-1.2.0-linux-amd64.tar.gz}, {@code tool_Darwin_arm64.zip}, {@code
 * tool-x86_64-unknown-linux-gnu.tar.xz}, {@code tool-windows-x64.zip}).
 *
 * <p>A name with an OS and an architecture is for that platform; one with only an OS is taken as a
 * universal build for both architectures of that OS; one with neither is for {@code any}; one with
 * only an architecture is ambiguous and ignored. Names that are not archives Hoist extracts are
 * ignored too.
 */
final class PlatformNames {
  private static final Pattern ARCHIVE = Pattern.compile("(?i).*\\.(tar\\.gz|tgz|zip|tar\\.xz)$");
  private static final Pattern LINUX = Pattern.compile("(?i)(^|[^a-z])linux($|[^a-z])");
  private static final Pattern MACOS =
      Pattern.compile("(?i)(^|[^a-z])(macos|darwin|osx|apple)($|[^a-z])");
  private static final Pattern WINDOWS =
      Pattern.compile("(?i)(^|[^a-z])(windows|win64|win)($|[^a-z0-9])");
  private static final Pattern X64 = Pattern.compile("(?i)(x86_64|x86-64|amd64|x64)");
  private static final Pattern ARM64 = Pattern.compile("(?i)(aarch64|arm64)");

  private PlatformNames() {}

  /** The platform ids an archive named {@code fileName} serves; empty when it is not for Hoist. */
  static List<String> of(String fileName) {
    if (!ARCHIVE.matcher(fileName).matches()) return List.of();
    String os =
        LINUX.matcher(fileName).find()
            ? "linux"
            : MACOS.matcher(fileName).find()
                ? "macos"
                : WINDOWS.matcher(fileName).find() ? "windows" : null;
    String arch =
        ARM64.matcher(fileName).find() ? "arm64" : X64.matcher(fileName).find() ? "x64" : null;
    if (os == null) return arch == null ? List.of(Platform.ANY) : List.of();
    if (arch == null) return List.of(os + "-x64", os + "-arm64");
    return List.of((os + "-" + arch).toLowerCase(Locale.ROOT));
  }
}
