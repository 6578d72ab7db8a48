package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.ingest.Await;
import vigil.ingest.record.RetentionSettings;
import vigil.ingest.rtsp.RtspClientSettings;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.H264Encoder;
import vigil.ingest.sim.SimulatedCamera;
import vigil.ingest.sim.TestMedia;

/** A node recording two cameras onto a small disk budget: usage stays under it and the oldest footage goes first. */
class DiskLimitTest {

    @TempDir
    Path dataDir;

    private SimulatedCamera camera;
    private Node node;
    private NodeApi api;

    @AfterEach
    void tearDown() {
        if (node != null) node.close();
        if (camera != null) camera.close();
    }

    @Test
    void footageStaysUnderTheLimitOldestFirstAndNoHitPointsAtDeletedFootage() throws Exception {
        EncodedLoop media = TestMedia.small(150, 7);
        long bytes = 0;
        for (H264Encoder.EncodedFrame f : media.frames()) bytes += f.annexB().length;
        long bytesPerSecond = bytes * media.fps() / media.frames().size();
        long limit = 40 * bytesPerSecond; // two cameras: several seconds of footage each, less what is being written
        camera = new SimulatedCamera(media).start(0);
        node = Node.start(NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1").withSegmentMs(1_000)
                .withRtsp(RtspClientSettings.defaults().withBackoff(100, 1_000))
                .withRetention(new RetentionSettings(30, limit, 0, 500)));
        api = new NodeApi(dataDir, node::port);
        for (String id : List.of("cam-a", "cam-b")) {
            assertThat(post("/api/cameras", new JsonObject().put("id", id)
                    .put("url", "rtsp://127.0.0.1:" + camera.port() + "/" + id)).statusCode()).isEqualTo(201);
        }
        Await.until(() -> clips("cam-a").size() >= 2, 20_000);
        String firstClip = clips("cam-a").getJsonObject(0).getString("id");
        Instant firstStart = Instant.parse(clips("cam-a").getJsonObject(0).getString("start"));

        // record for a while, watching the disk
        AtomicLong worst = new AtomicLong();
        long until = System.nanoTime() + 25_000_000_000L;
        while (System.nanoTime() < until) {
            worst.accumulateAndGet(du(dataDir.resolve("segments")) + du(dataDir.resolve("thumbnails")), Math::max);
            Thread.sleep(100);
        }
        assertThat(worst.get()).as("most footage on disk, limit %d", limit).isLessThanOrEqualTo(limit);
        assertThat(metric("vigil_footage_deleted_bytes_total")).isPositive();

        // the oldest went first: the first clip is gone from the catalog and from disk
        assertThat(get("/api/clips/" + firstClip).statusCode()).isEqualTo(404);
        JsonArray kept = clips("cam-a");
        assertThat(kept.size()).isGreaterThanOrEqualTo(2);
        assertThat(Instant.parse(kept.getJsonObject(0).getString("start"))).isAfter(firstStart.plusSeconds(5));
        // every clip the catalog lists plays, and every search hit only names clips that play
        for (Object o : kept) {
            JsonObject clip = (JsonObject) o;
            int status = get(clip.getString("mediaUrl")).statusCode();
            // deleted since it was listed (recording goes on): then no longer listed
            if (status == 404) assertThat(get("/api/clips/" + clip.getString("id")).statusCode()).as("clip %s", clip).isEqualTo(404);
            else assertThat(status).as("clip %s", clip).isEqualTo(200);
        }
        JsonArray hits = search(firstStart.minusSeconds(5));
        assertThat(hits).isNotEmpty();
        // recording goes on while the hits are checked: a clip may be deleted after the search named it, and must
        // then be gone from the catalog's answers too
        Set<String> deletedSinceSearch = new HashSet<>();
        for (Object o : hits) {
            JsonObject hit = (JsonObject) o;
            assertThat(hit.getJsonArray("clipIds")).as("hit %s", hit).isNotEmpty();
            for (Object clipId : hit.getJsonArray("clipIds")) {
                int status = get("/api/clips/" + clipId + "/media").statusCode();
                if (status == 404) deletedSinceSearch.add((String) clipId);
                else assertThat(status).as("clip %s of hit %s", clipId, hit).isEqualTo(200);
            }
        }
        if (!deletedSinceSearch.isEmpty()) {
            for (Object o : search(firstStart.minusSeconds(5))) {
                JsonObject hit = (JsonObject) o;
                assertThat(hit.getJsonArray("clipIds").getList()).as("hit %s names deleted footage", hit)
                        .doesNotContainAnyElementsOf(deletedSinceSearch);
            }
        }
        assertThat(new JsonObject(get("/api/cameras/cam-a").body()).getJsonObject("status").getString("storageProblem")).isNull();
    }

    private JsonArray search(Instant from) throws Exception {
        JsonArray hits = new JsonArray();
        for (String kind : List.of("motion", "track")) {
            hits.addAll(new JsonObject(get("/api/search?kind=" + kind + "&cameras=cam-a,cam-b&from=" + from
                    + "&limit=500").body()).getJsonArray("hits"));
        }
        return hits;
    }

    private static long du(Path root) throws IOException {
        if (!Files.isDirectory(root)) return 0;
        List<Long> sizes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try {
                    sizes.add(Files.size(f));
                } catch (IOException e) {
                    // deleted between listing and reading its size
                }
            });
        } catch (UncheckedIOException e) {
            return du(root); // a folder vanished while walking: look again
        }
        return sizes.stream().mapToLong(Long::longValue).sum();
    }

    private JsonArray clips(String camera) {
        return new JsonObject(get("/api/clips?camera=" + camera + "&from=2020-01-01T00:00:00Z").body()).getJsonArray("clips");
    }

    private double metric(String name) {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return 0;
    }

    private HttpResponse<String> get(String path) {
        return api.get(path);
    }

    private HttpResponse<String> post(String path, JsonObject body) {
        return api.post(path, body);
    }
}
