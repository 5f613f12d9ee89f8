package dev.hoist.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * Serves the files under a directory as a static web server would, with an {@code ETag} and a 304
 * for a conditional request that names it; anything else (a directory, a missing file, a path that
 * leaves the directory) is a 404.
 */
final class DirectoryDispatcher extends Dispatcher {
  private final Path root;

  DirectoryDispatcher(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Path file = root.resolve(request.getUrl().encodedPath().substring(1)).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      return new MockResponse.Builder().code(404).build();
    }
    try {
      String etag = "\"" + Files.getLastModifiedTime(file).toMillis() + "\"";
      if (etag.equals(request.getHeaders().get("If-None-Match"))) {
        return new MockResponse.Builder().code(304).build();
      }
      return new MockResponse.Builder()
          .addHeader("ETag", etag)
          .body(new Buffer().write(Files.readAllBytes(file)))
          .build();
    } catch (IOException e) {
      return new MockResponse.Builder().code(500).build();
    }
  }
}
