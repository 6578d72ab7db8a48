package vigil.ingest.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;

/** The admin token a node wrote to its data dir, and requests that carry it, as an operator's tool sends them. */
final class AdminToken {

    private AdminToken() {
    }

    static String of(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve(Node.ADMIN_TOKEN_FILE)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpRequest.Builder request(Path dataDir, URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + of(dataDir));
    }
}
