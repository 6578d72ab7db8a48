package vigil.ingest.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.SourceUrl;
import vigil.catalog.media.FootageLeases;
import vigil.catalog.search.SearchArea;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.Clip;
import vigil.catalog.store.JdbcCatalogStore;
import vigil.catalog.store.MotionEventRecord;
import vigil.catalog.store.SearchQuery;

/** Retention by age and by disk on a real SQLite catalog and real files, at a fixed "now". */
class FootageRetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH-mm-ss.SSS").withZone(ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    private CatalogStore store;
    private final FootageLeases leases = new FootageLeases();
    private final List<String> problems = new ArrayList<>();

    @BeforeEach
    void open() {
        store = JdbcCatalogStore.sqlite(dataDir.resolve("catalog"));
        store.addCamera(new Camera("short", "short", SourceUrl.parse("rtsp://h/1"), null, null, null, List.of(), NOW, 3));
        store.addCamera(new Camera("default", "default", SourceUrl.parse("rtsp://h/2"), null, null, null, List.of(), NOW));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A 10 s segment file of {@code bytes} bytes, {@code daysAgo} days before now, catalogued with a motion event. */
    private Clip segment(String camera, double daysAgo, int bytes) throws Exception {
        Instant start = NOW.minusSeconds((long) (daysAgo * 86_400));
        Path file = dataDir.resolve("segments").resolve(camera).resolve(DAY.format(start)).resolve(TIME.format(start) + ".mp4");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        Clip clip = new Clip(camera + "-" + daysAgo, camera, start, start.plusSeconds(10), file.toAbsolutePath().toString(), bytes, "h264", 320, 240);
        store.addClip(clip);
        store.putMotionEvent(new MotionEventRecord("m-" + clip.id(), camera, start.plusSeconds(2), start.plusSeconds(4), 0.1, 0, 0, 1, 1, false));
        return clip;
    }

    private FootageRetention retention(long maxBytes) {
        FootageRetention r = new FootageRetention(store, dataDir, new RetentionSettings(30, maxBytes, 0, 3_600_000), leases,
                new SimpleMeterRegistry(), problems::add, Clock.fixed(NOW, ZoneOffset.UTC));
        r.countFootage(); // what start() does first, here on the test's thread; passes are run by the test
        return r;
    }

    private List<String> clipIds() {
        return store.clips(null, Instant.EPOCH, NOW.plusSeconds(86_400), 100).stream().map(Clip::id).toList();
    }

    @Test
    void footageOlderThanEachCamerasRetentionGoesWithItsCatalogRows() throws Exception {
        Clip old = segment("default", 31, 100);
        segment("default", 29, 100);
        Clip shortOld = segment("short", 4, 100);
        segment("short", 2, 100);
        Path orphan = Path.of(old.path()).resolveSibling("00-00-00.000.mp4"); // left by a crash, never catalogued
        Files.write(orphan, new byte[50]);
        try (FootageRetention r = retention(Long.MAX_VALUE / 4)) {
            r.pass();
        }
        assertThat(clipIds()).containsExactlyInAnyOrder("default-29.0", "short-2.0");
        assertThat(Path.of(old.path())).doesNotExist();
        assertThat(orphan).doesNotExist();
        assertThat(Path.of(shortOld.path()).getParent()).doesNotExist();
        assertThat(store.search(new SearchQuery(Instant.EPOCH, NOW, SearchArea.EVERYWHERE, 10, null)).hits())
                .extracting(h -> h.id()).containsExactlyInAnyOrder("m-default-29.0", "m-short-2.0");
        assertThat(problems).isEmpty();
    }

    @Test
    void overTheDiskLimitTheOldestGoFirstButNotWhatIsBeingRead() throws Exception {
        Clip a1 = segment("default", 5, 1000);
        Clip b1 = segment("short", 2.5, 1000);
        Clip a2 = segment("default", 2, 1000);
        Clip b2 = segment("short", 1, 1000);
        try (FootageLeases.Lease exporting = leases.acquire(List.of(a1.path()));
             FootageRetention r = retention(3_000)) {
            r.pass();
            // a1 is being exported: it stays, and so does a2 (deleting a newer clip of a camera takes the older with
            // it); short's clips, the oldest that can go, go until footage is under the limit
            assertThat(clipIds()).containsExactlyInAnyOrder(a1.id(), a2.id(), b2.id());
            assertThat(Path.of(b1.path())).doesNotExist();
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void whenNothingCanBeDeletedItSaysSoAndRecoversOnceItCan() throws Exception {
        Clip a1 = segment("default", 5, 1000);
        Clip a2 = segment("default", 2, 1000);
        FootageLeases.Lease exporting = leases.acquire(List.of(a1.path()));
        try (FootageRetention r = retention(500)) {
            r.pass();
            assertThat(clipIds()).containsExactlyInAnyOrder(a1.id(), a2.id());
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0)).contains("over the limit", "nothing more can be deleted");
            exporting.close();
            r.pass();
            assertThat(clipIds()).isEmpty();
            assertThat(Path.of(a2.path())).doesNotExist();
            assertThat(r.footageBytes()).isZero();
            assertThat(problems).hasSize(2).last().isNull();
        }
    }
}
