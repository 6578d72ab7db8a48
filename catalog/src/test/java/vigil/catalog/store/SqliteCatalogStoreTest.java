package vigil.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.SourceUrl;

class SqliteCatalogStoreTest {

    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-11-21T02:00:00Z");

    private static Camera camera(String id) {
        return new Camera(id, "Camera " + id, SourceUrl.parse("rtsp://admin:hunter2@10.1.1.1/" + id), "420102", 30.5, 114.3,
                List.of("gate", "north"), T0);
    }

    private static MotionEventRecord event(String id, String camera, long startS, long endS) {
        return new MotionEventRecord(id, camera, T0.plusSeconds(startS), T0.plusSeconds(endS), 0.1, 0.1, 0.2, 0.3, 0.4, false);
    }

    @Test
    void camerasRoundTripWithCredentialsSealedAtRest() throws Exception {
        try (SqliteCatalogStore store = SqliteCatalogStore.open(dir)) {
            store.addCamera(camera("a"));
            Camera back = store.camera("a").orElseThrow();
            assertThat(back.source().withCredentials().toString()).isEqualTo("rtsp://admin:hunter2@10.1.1.1/a");
            assertThat(back.tags()).containsExactly("gate", "north");
            assertThat(back.lat()).isEqualTo(30.5);
            assertThatThrownBy(() -> store.addCamera(camera("a"))).isInstanceOf(DuplicateCameraException.class);
        }
        // the password is not in the database file in the clear
        byte[] db = Files.readAllBytes(dir.resolve("catalog.db"));
        byte[] wal = Files.exists(dir.resolve("catalog.db-wal")) ? Files.readAllBytes(dir.resolve("catalog.db-wal")) : new byte[0];
        assertThat(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        assertThat(new String(wal, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        // and survives a reopen with the same key file
        try (SqliteCatalogStore store = SqliteCatalogStore.open(dir)) {
            assertThat(store.camera("a").orElseThrow().source().rawUserInfo()).isEqualTo("admin:hunter2");
            assertThat(store.removeCamera("a")).isTrue();
            assertThat(store.removeCamera("a")).isFalse();
        }
    }

    @Test
    void searchReturnsOverlappingEventsNewestFirstWithTheirClipsAndPages() {
        try (SqliteCatalogStore store = SqliteCatalogStore.open(dir)) {
            store.addClip(new Clip("c1", "a", T0, T0.plusSeconds(10), "/x/1.mp4", 100, "h264", 640, 360));
            store.addClip(new Clip("c2", "a", T0.plusSeconds(10), T0.plusSeconds(20), "/x/2.mp4", 100, "h264", 640, 360));
            store.putMotionEvent(event("e1", "a", 2, 4));
            store.putMotionEvent(event("e2", "a", 8, 12));
            store.putMotionEvent(event("e3", "b", 9, 11));
            store.putMotionEvent(event("e4", "a", 100, 110));

            SearchPage all = store.search(new SearchQuery(T0, T0.plusSeconds(60), List.of(), 10, null));
            assertThat(all.hits()).extracting(SearchHit::id).containsExactly("e3", "e2", "e1");
            assertThat(all.next()).isNull();
            assertThat(all.hits().get(1).clipIds()).containsExactly("c1", "c2");
            assertThat(all.hits().get(2).clipIds()).containsExactly("c1");

            SearchPage onlyA = store.search(new SearchQuery(T0, T0.plusSeconds(60), List.of("a"), 10, null));
            assertThat(onlyA.hits()).extracting(SearchHit::id).containsExactly("e2", "e1");

            List<String> paged = new ArrayList<>();
            SearchQuery.Position after = null;
            do {
                SearchPage p = store.search(new SearchQuery(T0, T0.plusSeconds(600), List.of(), 1, after));
                p.hits().forEach(h -> paged.add(h.id()));
                after = p.next();
            } while (after != null);
            assertThat(paged).containsExactly("e4", "e3", "e2", "e1");
        }
    }

    @Test
    void openEventGrowsInPlace() {
        try (SqliteCatalogStore store = SqliteCatalogStore.open(dir)) {
            store.putMotionEvent(new MotionEventRecord("e", "a", T0, T0.plusSeconds(1), 0.1, 0, 0, 0.1, 0.1, true));
            store.putMotionEvent(new MotionEventRecord("e", "a", T0, T0.plusSeconds(5), 0.2, 0, 0, 0.3, 0.3, false));
            SearchPage page = store.search(new SearchQuery(T0, T0.plusSeconds(60), List.of(), 10, null));
            assertThat(page.hits()).hasSize(1);
            assertThat(page.hits().get(0).end()).isEqualTo(T0.plusSeconds(5));
        }
    }

    @Test
    void clipsAreListedByCameraAndWindow() {
        try (SqliteCatalogStore store = SqliteCatalogStore.open(dir)) {
            store.addClip(new Clip("c1", "a", T0, T0.plusSeconds(10), "/x/1.mp4", 100, "h264", 640, 360));
            store.addClip(new Clip("c2", "b", T0, T0.plusSeconds(10), "/x/2.mp4", 100, "h264", 640, 360));
            store.addClip(new Clip("c3", "a", T0.plusSeconds(3600), T0.plusSeconds(3610), "/x/3.mp4", 100, "h264", 640, 360));
            assertThat(store.clips("a", T0, T0.plusSeconds(60), 10)).extracting(Clip::id).containsExactly("c1");
            assertThat(store.clips(null, T0, T0.plusSeconds(60), 10)).extracting(Clip::id).containsExactlyInAnyOrder("c1", "c2");
            assertThat(store.clip("c3")).isPresent();
        }
    }
}
