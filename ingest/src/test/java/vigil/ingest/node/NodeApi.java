package vigil.ingest.node;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/** A node's HTTP API as an operator's tool calls it: on loopback, with the admin token the node wrote to its data dir. */
final class NodeApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path dataDir;
    private final IntSupplier port;

    /** {@code port} is asked at each call: a test may start its node again. */
    NodeApi(Path dataDir, IntSupplier port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port.getAsInt() + path);
    }

    HttpResponse<String> get(String path) {
        return send(AdminToken.request(dataDir, uri(path)).build(), "GET " + path);
    }

    HttpResponse<String> post(String path, JsonObject body) {
        return send(json(path, body).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), "POST " + path);
    }

    HttpResponse<String> put(String path, JsonObject body) {
        return send(json(path, body).PUT(HttpRequest.BodyPublishers.ofString(body.encode())).build(), "PUT " + path);
    }

    /** The value of a camera's meter ({@code camera="id"}) in the node's /metrics now; 0 if it has none yet. */
    double metric(String name, String camera) {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + "{") && line.contains("camera=\"" + camera + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private HttpRequest.Builder json(String path, JsonObject body) {
        return AdminToken.request(dataDir, uri(path)).header("Content-Type", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what, e);
        }
    }
}
