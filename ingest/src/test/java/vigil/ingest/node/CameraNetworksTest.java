package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An admin's allow-list of camera networks: the node never connects outside it, so it cannot scan ports. */
class CameraNetworksTest {

    @TempDir
    Path dataDir;

    @Test
    void addressesAreInsideOrOutsideThePrefixes() {
        CameraNetworks n = CameraNetworks.parse("10.0.0.0/8, 192.168.1.0/24,fd00::/8");
        assertThat(n.refusal("10.200.3.4")).isNull();
        assertThat(n.refusal("192.168.1.77")).isNull();
        assertThat(n.refusal("fd12::1")).isNull();
        assertThat(n.refusal("192.168.2.1")).contains("outside");
        assertThat(n.refusal("127.0.0.1")).contains("outside");
        assertThat(n.refusal("no-such-host.invalid")).contains("does not resolve");
        assertThat(CameraNetworks.parse("").refusal("127.0.0.1")).isNull();
        assertThatThrownBy(() -> CameraNetworks.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CameraNetworks.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCameraOutsideTheNetworksIsRefusedBeforeAnyConnection() throws Exception {
        NodeSettings settings = NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1")
                .withAccess(AccessSettings.DEFAULTS.withCameraNetworks(CameraNetworks.parse("10.0.0.0/8")));
        try (Node node = Node.start(settings)) {
            String token = Files.readString(dataDir.resolve(Node.ADMIN_TOKEN_FILE)).strip();
            HttpClient http = HttpClient.newHttpClient();
            // a port scan through the camera URL: loopback's SSH port
            HttpResponse<String> scan = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/cameras"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"scan\",\"url\":\"rtsp://127.0.0.1:22/\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scan.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(scan.body()).getString("field")).isEqualTo("url");
            assertThat(scan.body()).contains("outside the camera networks").doesNotContain("refused").doesNotContain("SSH");
            HttpResponse<String> inside = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/cameras"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"cam\",\"url\":\"rtsp://10.9.8.7/x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(inside.statusCode()).isEqualTo(201);
        }
    }
}
