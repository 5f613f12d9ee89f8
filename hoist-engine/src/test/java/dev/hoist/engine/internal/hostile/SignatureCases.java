package dev.hoist.engine.internal.hostile;

import static dev.hoist.engine.internal.hostile.HostileCases.add;
import static dev.hoist.engine.internal.hostile.HostileCases.manifestJson;
import static dev.hoist.engine.internal.hostile.World.distribution;

import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The signature cases of the hostile-input suite (see {@link HostileCases}): detached and inline,
 * missing, by a stranger, over other bytes, malformed, spliced.
 */
final class SignatureCases {
  private SignatureCases() {}

  static void addTo() {
    add(
        "signature",
        "missing signature",
        Reason.SIGNATURE_MISSING,
        "not signed",
        w -> {
          w.trustPublisher();
          return w.publish(distribution(), "a.tar.gz");
        });
    add(
        "signature",
        "signed by an untrusted key",
        Reason.SIGNATURE_INVALID,
        "does not verify",
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          w.sign(World.STRANGER);
          return u;
        });
    add(
        "signature",
        "manifest changed after signing",
        Reason.SIGNATURE_INVALID,
        "does not verify",
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          w.sign(World.PUBLISHER);
          Files.writeString(
              w.registry.resolve("manifest.json"), " ", java.nio.file.StandardOpenOption.APPEND);
          return u;
        });
    add(
        "signature",
        "malformed signature file",
        Reason.SIGNATURE_INVALID,
        "malformed",
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          Files.writeString(w.registry.resolve("manifest.json.sig"), "not-a-signature");
          return u;
        });
    add(
        "signature",
        "inline signature by an untrusted key",
        Reason.SIGNATURE_INVALID,
        "does not verify",
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          w.signInline(World.STRANGER);
          return u;
        });
    add(
        "signature",
        "manifest changed after inline signing",
        Reason.SIGNATURE_INVALID,
        "inline signature",
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          w.signInline(World.PUBLISHER);
          Path m = w.registry.resolve("manifest.json");
          Files.writeString(m, Files.readString(m).replace("\"stable\"", "\"beta\""));
          return u;
        });
    add(
        "signature",
        "malformed inline signature",
        Reason.SIGNATURE_INVALID,
        "malformed",
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          Path m = w.registry.resolve("manifest.json");
          Files.writeString(m, "{\"signature\":\"!!\"," + Files.readString(m).substring(1));
          return u;
        });
    add(
        "signature",
        "inline signature spliced onto another manifest, with its detached .sig",
        Reason.SIGNATURE_INVALID,
        "inline signature",
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          w.signInline(World.PUBLISHER);
          Path m = w.registry.resolve("manifest.json");
          String signed = Files.readString(m);
          String member = signed.substring(0, signed.indexOf("\",") + 2);
          String other = manifestJson("b.tar.gz", 1, "c".repeat(64));
          Files.writeString(m, member + other.substring(1));
          w.sign(World.PUBLISHER); // the detached one fits, but the inline one decides
          return u;
        });
  }
}
