package dev.hoist.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Turns the project's jar and its runtime dependencies into a self-updating distribution: {@code
 * target/<name>-<version>.tar.gz} (one top directory {@code <name>-<version>/} with {@code
 * bin/<name>}, {@code lib/}, {@code VERSION} and {@code conf/}), its {@code .sha256}, and {@code
 * target/<name>-install.sh}, the installer for the app's users. The app adds {@code
 * dev.hoist.picocli.UpdateCommand} as a subcommand; its users then have {@code <name> update},
 * configured by what this goal bakes in.
 */
@Mojo(
    name = "package",
    defaultPhase = LifecyclePhase.PACKAGE,
    requiresDependencyResolution = ResolutionScope.RUNTIME,
    threadSafe = true)
public final class PackageMojo extends AbstractMojo {
  private final MavenProjectHelper helper;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The class the launcher runs. */
  @Parameter(property = "hoist.package.mainClass", required = true)
  private String mainClass;

  /** The command's name: {@code bin/<name>}, {@code <name>-<version>.tar.gz}. */
  @Parameter(property = "hoist.package.name", defaultValue = "${project.artifactId}")
  private String name;

  /**
   * The release's version (SemVer 2.0.0). The goal's properties are {@code hoist.package.*}, so
   * that a project's own {@code hoist.version} (the version of Hoist it depends on) never becomes
   * its release's version.
   */
  @Parameter(property = "hoist.package.version", defaultValue = "${project.version}")
  private String version;

  /**
   * The release registry baked in: a manifest URL ({@code https://.../manifest.json}), or {@code
   * maven:GROUP:ARTIFACT[:CLASSIFIER[:EXT]]}, {@code npm:PACKAGE}, {@code github:OWNER/REPO}.
   */
  @Parameter(property = "hoist.package.registry")
  private String registry;

  /** The channel the app follows; {@code stable} when not set. */
  @Parameter(property = "hoist.package.channel")
  private String channel;

  /** Publisher keys (PEM {@code PUBLIC KEY} files) that must sign every manifest. */
  @Parameter private List<File> publicKeys = new ArrayList<>();

  /** What makes the launcher print its version; the update's smoke test runs it. */
  @Parameter private List<String> versionArgs = new ArrayList<>(List.of("--version"));

  /**
   * Finds the version in that output (one group around it); by default the first thing that looks
   * like a version.
   */
  @Parameter(property = "hoist.package.versionPattern")
  private String versionPattern;

  /**
   * Bundle a Java runtime: {@code runtime/}, linked by the jlink of the JDK that runs Maven, and
   * {@code conf/startup.classlist}, learnt by installing the distribution and running through its
   * launcher the version command, {@code update --help}, the {@link #runtimeTraining} runs and
   * up-to-date update checks against a loopback registry over HTTP and HTTPS; the archive is then
   * {@code <name>-<version>-<os>-<arch>.tar.gz}.
   */
  @Parameter(property = "hoist.package.runtime", defaultValue = "false")
  private boolean runtime;

  /** Modules the runtime needs beyond the engine's (e.g. {@code java.desktop}). */
  @Parameter private List<String> runtimeModules = new ArrayList<>();

  /**
   * Further training runs for the start-up class list: each the arguments of one run, separated by
   * spaces (e.g. {@code status --json}), for the commands the app's users run most.
   */
  @Parameter private List<String> runtimeTraining = new ArrayList<>();

  /**
   * A directory shipped as the distribution's {@code share/}, when it exists: completion scripts
   * ({@code completion/<name>.bash|zsh|fish}) and a man page ({@code man/man1/<name>.1}), which
   * {@code self install} links where the shells and {@code man} look (docs/embedding.md).
   */
  @Parameter(defaultValue = "${project.basedir}/src/main/share")
  private File share;

  /** Where the archive and its checksum are written. */
  @Parameter(defaultValue = "${project.build.directory}", required = true)
  private File outputDirectory;

  /**
   * Attach the archive to the project with this classifier (type {@code tar.gz}), so that {@code
   * mvn deploy} publishes it beside the jar and a {@code maven:GROUP:ARTIFACT:CLASSIFIER} registry
   * finds it; empty to attach nothing.
   */
  @Parameter(property = "hoist.package.classifier", defaultValue = "bin")
  private String classifier;

  @Inject
  public PackageMojo(MavenProjectHelper helper) {
    this.helper = helper;
  }

  /** Skip this goal. */
  @Parameter(property = "hoist.package.skip", defaultValue = "false")
  private boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("hoist:package skipped");
      return;
    }
    File jar = project.getArtifact().getFile();
    if (jar == null || !jar.isFile()) {
      throw new MojoFailureException(
          "the project's jar is not built yet: run the package phase (mvn package), not the goal"
              + " alone");
    }
    List<Path> jars = new ArrayList<>(List.of(jar.toPath()));
    for (Artifact a : project.getArtifacts()) {
      if (a.getFile() != null && a.getFile().getName().endsWith(".jar")) {
        jars.add(a.getFile().toPath());
      }
    }
    Distribution d;
    try {
      d =
          new Distribution(
              name,
              version,
              mainClass,
              jars,
              Optional.ofNullable(registry).filter(s -> !s.isBlank()),
              Optional.ofNullable(channel).filter(s -> !s.isBlank()),
              publicKeys.stream().map(File::toPath).toList(),
              versionArgs,
              Optional.ofNullable(versionPattern).filter(s -> !s.isBlank()));
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("hoist:package: " + e.getMessage(), e);
    }
    if (!d.borrowedVariables().isEmpty()) {
      getLog()
          .warn(
              "hoist:package: the app '"
                  + d.name()
                  + "' reads variables named like another tool's ("
                  + String.join(", ", d.borrowedVariables())
                  + "); a user who set them for that tool points this app at it. Consider"
                  + " another name.");
    }
    Path out = outputDirectory.toPath();
    Path work = out.resolve("hoist-package");
    try {
      Packager.deleteTree(work);
      Path dist = Packager.layout(d, work);
      Packager.addShare(dist, share.toPath());
      String suffix = "";
      if (runtime) {
        suffix = "-" + RuntimeImage.platform();
        getLog().info("Linking a runtime for " + RuntimeImage.platform() + " and training it");
        RuntimeImage.link(dist, runtimeModules);
        List<String> warnings =
            Training.run(
                dist,
                d.name(),
                d.version(),
                d.versionArgs(),
                runtimeTraining.stream().map(Training::words).toList(),
                work.resolve("training"));
        warnings.forEach(w -> getLog().warn("hoist:package: " + w));
      }
      Path archive = Packager.archive(dist, out, suffix, mtime());
      Path installer = Packager.installer(d.name(), out);
      getLog().info("Built " + archive + " and its installer " + installer);
      if (classifier != null && !classifier.isBlank()) {
        helper.attachArtifact(project, "tar.gz", classifier, archive.toFile());
      }
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("hoist:package: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("hoist:package: " + e.getMessage(), e);
    }
  }

  /**
   * The entries' time: {@code project.build.outputTimestamp} (Maven's reproducible-builds setting),
   * else {@code SOURCE_DATE_EPOCH}, else 2026-01-01.
   */
  private long mtime() throws MojoFailureException {
    String ts = project.getProperties().getProperty("project.build.outputTimestamp");
    if (ts != null && !ts.isBlank()) {
      if (ts.matches("\\d+")) return Long.parseLong(ts);
      try {
        return Instant.parse(ts).getEpochSecond();
      } catch (DateTimeParseException e) {
        throw new MojoFailureException(
            "project.build.outputTimestamp '" + ts + "' is neither seconds nor an ISO instant");
      }
    }
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    if (epoch != null && epoch.matches("\\d+")) return Long.parseLong(epoch);
    return 1767225600L; // 2026-01-01T00:00:00Z
  }
}
