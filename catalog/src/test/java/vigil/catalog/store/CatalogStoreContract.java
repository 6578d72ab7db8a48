package vigil.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vigil.catalog.access.Role;
import vigil.catalog.access.TokenRecord;
import vigil.catalog.access.Tokens;
import vigil.catalog.audit.AuditEntry;
import vigil.catalog.audit.AuditEvent;
import vigil.catalog.audit.AuditQuery;
import vigil.catalog.audit.AuditVerifier;
import vigil.catalog.camera.Camera;
import vigil.catalog.camera.SourceUrl;
import vigil.catalog.search.MapArea;
import vigil.catalog.search.SearchArea;
import vigil.catalog.search.TrackFilter;

/**
 * What every {@link CatalogStore} promises, run against each real database: SQLite ({@link SqliteCatalogStoreTest})
 * and PostgreSQL ({@link PostgresCatalogStoreTest}).
 */
abstract class CatalogStoreContract {

    static final Instant T0 = Instant.parse("2026-11-21T02:00:00Z");
    /** A street in Hefei (region 3401) and a square in Fuzhou (3501). */
    static final double HEFEI_LAT = 31.8206, HEFEI_LON = 117.2272, FUZHOU_LAT = 26.0745, FUZHOU_LON = 119.2965;

    CatalogStore store;

    abstract CatalogStore open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static Camera camera(String id, String civilCode, Double lat, Double lon) {
        return new Camera(id, "Camera " + id, SourceUrl.parse("rtsp://admin:hunter2@10.1.1.1/" + id), civilCode, lat, lon,
                List.of("gate", "north"), T0);
    }

    static MotionEventRecord event(String id, String camera, long startS, long endS) {
        return new MotionEventRecord(id, camera, T0.plusSeconds(startS), T0.plusSeconds(endS), 0.1, 0.1, 0.2, 0.3, 0.4, false);
    }

    static Clip clip(String id, String camera, long startS, long endS) {
        return new Clip(id, camera, T0.plusSeconds(startS), T0.plusSeconds(endS), "/x/" + id + ".mp4", 100, "h264", 640, 360);
    }

    /** A track walking left to right across the lower half of the image, optionally along a ground path. */
    static TrackRecord track(String id, String camera, long startS, String kind, List<double[]> ground, List<String> cells) {
        Instant start = T0.plusSeconds(startS);
        List<TrackRecord.Box> boxes = new ArrayList<>();
        List<TrackRecord.Point> path = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            long t = start.toEpochMilli() + i * 200L;
            boxes.add(new TrackRecord.Box(t, 0.05 + i * 0.08, 0.5, 0.05, 0.2));
            path.add(new TrackRecord.Point(t, 0.075 + i * 0.08, 0.7));
        }
        long[] footprint = new long[16];
        for (int cx = 2; cx < 28; cx++) footprint[(22 * 32 + cx) / 64] |= 1L << ((22 * 32 + cx) % 64);
        List<TrackRecord.GroundFix> groundPath = new ArrayList<>();
        for (int i = 0; i < ground.size(); i++) {
            groundPath.add(new TrackRecord.GroundFix(start.toEpochMilli() + i * 1000L, ground.get(i)[0], ground.get(i)[1]));
        }
        return new TrackRecord(id, camera, start, start.plusSeconds(2), boxes, path, footprint, 0.05, 0.5, 0.9, 0.7, 0,
                0.4, groundPath, cells, null, kind);
    }

    /**
     * Runs track checks on every plan of the store's track search (lanes of cells and cameras, a sorted list of
     * few candidates, the walk along time), and on the plan it chooses itself: all must give the same answers.
     */
    void onEveryPlan(Runnable checks) {
        checks.run();
        try {
            for (TrackSearch.Plan plan : TrackSearch.Plan.values()) {
                ((JdbcCatalogStore) store).forceTrackPlan(plan);
                checks.run();
            }
        } finally {
            ((JdbcCatalogStore) store).forceTrackPlan(null);
        }
    }

    static TrackQuery tracks(SearchArea area) {
        return new TrackQuery(T0.minusSeconds(3600), T0.plusSeconds(3 * 86_400), area, null, TrackFilter.NONE, 100, null);
    }

    @Test
    void camerasRoundTripWithCredentialsAndBatchesStoreWhatIsNew() {
        store.addCamera(camera("a", "34010000", 31.8, 117.2));
        Camera back = store.camera("a").orElseThrow();
        assertThat(back.source().withCredentials().toString()).isEqualTo("rtsp://admin:hunter2@10.1.1.1/a");
        assertThat(back.tags()).containsExactly("gate", "north");
        assertThat(back.lat()).isEqualTo(31.8);
        assertThat(back.retentionDays()).isNull();
        assertThatThrownBy(() -> store.addCamera(camera("a", null, null, null))).isInstanceOf(DuplicateCameraException.class);

        boolean[] added = store.addCameras(List.of(camera("b", null, null, null), camera("a", null, null, null),
                camera("c", null, null, null)));
        assertThat(added).containsExactly(true, false, true);
        assertThat(store.cameras()).extracting(Camera::id).containsExactly("a", "b", "c");

        Camera changed = new Camera("b", "Renamed", SourceUrl.parse("rtsp://other:pw@10.2.2.2/x"), "35010000", 26.0, 119.3,
                List.of(), T0, 7);
        assertThat(store.updateCamera(changed)).isTrue();
        Camera b = store.camera("b").orElseThrow();
        assertThat(b.name()).isEqualTo("Renamed");
        assertThat(b.source().withCredentials().toString()).isEqualTo("rtsp://other:pw@10.2.2.2/x");
        assertThat(b.retentionDays()).isEqualTo(7);
        assertThat(store.updateCamera(new Camera("zz", "x", changed.source(), null, null, null, List.of(), T0))).isFalse();

        assertThat(store.removeCamera("a")).isTrue();
        assertThat(store.removeCamera("a")).isFalse();
    }

    @Test
    void searchReturnsOverlappingEventsNewestFirstWithTheirClipsAndPages() {
        store.addClip(clip("c1", "a", 0, 10));
        store.addClip(clip("c2", "a", 10, 20));
        store.putMotionEvent(event("e1", "a", 2, 4));
        store.putMotionEvent(event("e2", "a", 8, 12));
        store.putMotionEvent(event("e3", "b", 9, 11));
        store.putMotionEvent(event("e4", "a", 100, 110));

        SearchPage all = store.search(new SearchQuery(T0, T0.plusSeconds(60), SearchArea.EVERYWHERE, 10, null));
        assertThat(all.hits()).extracting(SearchHit::id).containsExactly("e3", "e2", "e1");
        assertThat(all.next()).isNull();
        assertThat(all.hits().get(1).clipIds()).containsExactly("c1", "c2");
        assertThat(all.hits().get(2).clipIds()).containsExactly("c1");

        SearchPage onlyA = store.search(new SearchQuery(T0, T0.plusSeconds(60), SearchArea.cameras(List.of("a")), 10, null));
        assertThat(onlyA.hits()).extracting(SearchHit::id).containsExactly("e2", "e1");

        List<String> paged = new ArrayList<>();
        SearchQuery.Position after = null;
        do {
            SearchPage p = store.search(new SearchQuery(T0, T0.plusSeconds(600), SearchArea.EVERYWHERE, 1, after));
            p.hits().forEach(h -> paged.add(h.id()));
            after = p.next();
        } while (after != null);
        assertThat(paged).containsExactly("e4", "e3", "e2", "e1");
    }

    @Test
    void openEventGrowsInPlace() {
        store.putMotionEvent(new MotionEventRecord("e", "a", T0, T0.plusSeconds(1), 0.1, 0, 0, 0.1, 0.1, true));
        store.putMotionEvent(new MotionEventRecord("e", "a", T0, T0.plusSeconds(5), 0.2, 0, 0, 0.3, 0.3, false));
        SearchPage page = store.search(new SearchQuery(T0, T0.plusSeconds(60), SearchArea.EVERYWHERE, 10, null));
        assertThat(page.hits()).hasSize(1);
        assertThat(page.hits().get(0).end()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void clipsAreListedByCameraAndWindowOldestFirst() {
        store.addClips(List.of(clip("c1", "a", 0, 10), clip("c2", "b", 0, 10), clip("c3", "a", 3600, 3610),
                clip("c4", "b", 2 * 86_400, 2 * 86_400 + 10)));
        assertThat(store.clips("a", T0, T0.plusSeconds(60), 10)).extracting(Clip::id).containsExactly("c1");
        assertThat(store.clips(null, T0, T0.plusSeconds(60), 10)).extracting(Clip::id).containsExactlyInAnyOrder("c1", "c2");
        assertThat(store.clip("c3")).isPresent();
        assertThat(store.oldestClips("/x/", 10)).extracting(Clip::id).containsExactly("c1", "c2", "c3", "c4");
        assertThat(store.oldestClips("/x/c3", 10)).extracting(Clip::id).containsExactly("c3");
        assertThat(store.oldestClips("/x_", 10)).isEmpty(); // "_" is a character here, not LIKE's wildcard
        // a page of hits' footage in one call, in the hits' order
        assertThat(store.clipIds(List.of(new CameraSpan("b", T0.plusSeconds(2 * 86_400 + 5), T0.plusSeconds(2 * 86_400 + 6)),
                new CameraSpan("a", T0.plusSeconds(5), T0.plusSeconds(3605)), new CameraSpan("a", T0.plusSeconds(20), T0.plusSeconds(30)),
                new CameraSpan("nobody", T0, T0.plusSeconds(10)))))
                .containsExactly(List.of("c4"), List.of("c1", "c3"), List.of(), List.of());
    }

    @Test
    void regionsSelectExactlyTheCamerasUnderThePrefix() {
        store.addCameras(List.of(camera("34020000001320000001", "34020000", null, null),
                camera("34021100001320000002", "34021100", null, null),
                camera("34030000001320000003", "34030000", null, null),
                camera("35010000001320000004", "35010000", null, null),
                camera("plain", null, null, null)));
        assertThat(store.cameras(new CameraQuery(new SearchArea(List.of(), List.of("3402"), null), 100, null)))
                .extracting(Camera::id).containsExactly("34020000001320000001", "34021100001320000002");
        assertThat(store.cameras(new CameraQuery(new SearchArea(List.of(), List.of("340211", "35"), null), 100, null)))
                .extracting(Camera::id).containsExactly("34021100001320000002", "35010000001320000004");
        assertThat(store.cameras(new CameraQuery(new SearchArea(List.of(), List.of("34"), null), 2, null)))
                .extracting(Camera::id).containsExactly("34020000001320000001", "34021100001320000002");
        assertThat(store.cameras(new CameraQuery(new SearchArea(List.of(), List.of("34"), null), 2, "34021100001320000002")))
                .extracting(Camera::id).containsExactly("34030000001320000003");

        store.putMotionEvent(event("m1", "34020000001320000001", 1, 2));
        store.putMotionEvent(event("m2", "34030000001320000003", 3, 4));
        store.putMotionEvent(event("m3", "35010000001320000004", 5, 6));
        store.addTracks(List.of(track("t1", "34021100001320000002", 1, "person", List.of(), List.of()),
                track("t2", "35010000001320000004", 2, "object", List.of(), List.of())));
        SearchArea anhui3402 = new SearchArea(List.of(), List.of("3402"), null);
        assertThat(store.search(new SearchQuery(T0, T0.plusSeconds(60), anhui3402, 10, null)).hits())
                .extracting(SearchHit::id).containsExactly("m1");
        onEveryPlan(() -> {
            assertThat(store.tracks(tracks(anhui3402)).tracks()).extracting(TrackRecord::id).containsExactly("t1");
            assertThat(store.tracks(new TrackQuery(T0.minusSeconds(60), T0.plusSeconds(3600), anhui3402, "object",
                    TrackFilter.NONE, 10, null)).tracks()).isEmpty();
            assertThat(store.tracks(tracks(new SearchArea(List.of("35010000001320000004"), List.of("3402"), null))).tracks()).isEmpty();
        });
    }

    @Test
    void mapShapesSelectCamerasInsideAndTracksWhoseGroundPathEnters() {
        // a calibrated camera on a Hefei street, an uncalibrated one beside it, one in Fuzhou
        store.addCameras(List.of(camera("street", "34010000", HEFEI_LAT, HEFEI_LON),
                camera("beside", "34010000", HEFEI_LAT + 0.0005, HEFEI_LON + 0.0005),
                camera("fuzhou", "35010000", FUZHOU_LAT, FUZHOU_LON)));
        // crosses the junction box below from west to east; the other stays 300 m north of it
        List<double[]> crossing = List.of(new double[] {HEFEI_LAT, HEFEI_LON - 0.002}, new double[] {HEFEI_LAT, HEFEI_LON + 0.002});
        List<double[]> north = List.of(new double[] {HEFEI_LAT + 0.003, HEFEI_LON - 0.002}, new double[] {HEFEI_LAT + 0.003, HEFEI_LON + 0.002});
        store.addTracks(List.of(
                track("crosses", "street", 10, "person", crossing, GroundCellsForTest.along(crossing)),
                track("north", "street", 20, "person", north, GroundCellsForTest.along(north)),
                track("uncalibrated", "beside", 30, "object", List.of(), List.of()),
                track("far", "fuzhou", 40, "object", List.of(), List.of())));
        store.putMotionEvent(event("m-beside", "beside", 1, 2));
        store.putMotionEvent(event("m-fuzhou", "fuzhou", 1, 2));

        onEveryPlan(() -> {
            // a box around the junction (about 110 m by 95 m): the crossing, and the camera standing inside it
            MapArea junction = new MapArea.Box(HEFEI_LAT - 0.0004, HEFEI_LON - 0.0005, HEFEI_LAT + 0.0006, HEFEI_LON + 0.0007);
            assertThat(store.tracks(tracks(new SearchArea(List.of(), List.of(), junction))).tracks())
                    .extracting(TrackRecord::id).containsExactlyInAnyOrder("crosses", "uncalibrated");
            assertThat(store.cameras(new CameraQuery(new SearchArea(List.of(), List.of(), junction), 100, null)))
                    .extracting(Camera::id).containsExactly("beside", "street");
            assertThat(store.search(new SearchQuery(T0, T0.plusSeconds(60), new SearchArea(List.of(), List.of(), junction), 10, null))
                    .hits()).extracting(SearchHit::id).containsExactly("m-beside");

            // a circle of 50 m on the northern path, with no camera in it
            MapArea northCircle = new MapArea.Circle(HEFEI_LAT + 0.003, HEFEI_LON + 0.001, 50);
            assertThat(store.tracks(tracks(new SearchArea(List.of(), List.of(), northCircle))).tracks())
                    .extracting(TrackRecord::id).containsExactly("north");
            // a polygon (triangle) between the two paths touches neither
            MapArea between = MapArea.Polygon.of(List.of(new double[] {HEFEI_LAT + 0.001, HEFEI_LON - 0.001},
                    new double[] {HEFEI_LAT + 0.002, HEFEI_LON}, new double[] {HEFEI_LAT + 0.001, HEFEI_LON + 0.001}));
            assertThat(store.tracks(tracks(new SearchArea(List.of(), List.of(), between))).tracks()).isEmpty();
            // shapes combine with region and kind
            SearchArea hefeiJunction = new SearchArea(List.of(), List.of("3401"), junction);
            assertThat(store.tracks(new TrackQuery(T0.minusSeconds(60), T0.plusSeconds(3600), hefeiJunction, "person",
                    TrackFilter.NONE, 10, null)).tracks()).extracting(TrackRecord::id).containsExactly("crosses");
            // a county-sized box needs coarse cells, and finds the same
            MapArea county = new MapArea.Box(HEFEI_LAT - 0.3, HEFEI_LON - 0.3, HEFEI_LAT + 0.3, HEFEI_LON + 0.3);
            assertThat(store.tracks(tracks(new SearchArea(List.of(), List.of(), county))).tracks())
                    .extracting(TrackRecord::id).containsExactlyInAnyOrder("crosses", "north", "uncalibrated");
        });
    }

    @Test
    void trackListsLeaveOutBoxesWhichOneTrackHasAndLongTracksAreReplaced() {
        store.addTrack(track("t", "a", 0, "person", List.of(), List.of()));
        TrackRecord growing = track("t", "a", 0, "person", List.of(), List.of());
        TrackRecord longer = new TrackRecord("t", "a", growing.start(), growing.end().plusSeconds(30), growing.boxes().subList(0, 3),
                growing.path(), growing.footprint(), 0, 0, 1, 1, 0, 0, List.of(), List.of(), "/thumbs/t.jpg", "person");
        store.addTrack(longer);
        TrackRecord one = store.track("t").orElseThrow();
        assertThat(one.boxes()).hasSize(3);
        assertThat(one.end()).isEqualTo(growing.end().plusSeconds(30));
        assertThat(one.thumbnailPath()).isEqualTo("/thumbs/t.jpg");
        TrackPage page = store.tracks(tracks(SearchArea.EVERYWHERE));
        assertThat(page.tracks()).hasSize(1);
        assertThat(page.tracks().get(0).boxes()).isEmpty();
        assertThat(page.tracks().get(0).path()).hasSize(11);
        assertThat(store.track("nope")).isEmpty();
    }

    @Test
    void trackPagesFollowTheCursorThroughExactFiltersAcrossDays() {
        List<TrackRecord> all = new ArrayList<>();
        for (int i = 0; i < 250; i++) all.add(track(String.format("t%03d", i), i % 2 == 0 ? "a" : "b", i * 600L, "object", List.of(), List.of()));
        store.addTracks(all);
        TrackFilter line = new TrackFilter(null, new double[] {0.5, 0, 0.5, 1}, TrackFilter.Direction.LTR);
        onEveryPlan(() -> {
            List<String> seen = new ArrayList<>();
            SearchQuery.Position after = null;
            do {
                TrackPage p = store.tracks(new TrackQuery(T0, T0.plusSeconds(3 * 86_400), SearchArea.cameras(List.of("a")), null,
                        line, 40, after));
                p.tracks().forEach(t -> seen.add(t.id()));
                after = p.next();
            } while (after != null);
            assertThat(seen).hasSize(125).doesNotHaveDuplicates().allMatch(id -> Integer.parseInt(id.substring(1)) % 2 == 0);
            assertThat(seen.get(0)).isEqualTo("t248");
        });
        TrackFilter wrongWay = new TrackFilter(null, new double[] {0.5, 0, 0.5, 1}, TrackFilter.Direction.RTL);
        assertThat(store.tracks(new TrackQuery(T0, T0.plusSeconds(3 * 86_400), SearchArea.EVERYWHERE, null, wrongWay, 40, null))
                .tracks()).isEmpty();
    }

    @Test
    void timelineShowsRecordingGapsMotionAndTracksByKind() {
        store.addCamera(camera("a", "34010000", null, null));
        // recorded 0..50 s and 70..120 s: a 20 s gap in the first minute-bucket's second half
        store.addClips(List.of(clip("c1", "a", 0, 50), clip("c2", "a", 70, 120)));
        store.putMotionEvents(List.of(event("e1", "a", 10, 25), event("e2", "a", 75, 80)));
        store.addTracks(List.of(track("p1", "a", 12, "person", List.of(), List.of()),
                track("p2", "a", 14, "person", List.of(), List.of()),
                track("o1", "a", 76, "object", List.of(), List.of())));
        List<TimelineBucket> rows = store.timeline(new TimelineQuery(T0, T0.plusSeconds(180),
                new SearchArea(List.of(), List.of("34"), null), 60_000));
        assertThat(rows).containsExactly(
                new TimelineBucket("a", T0, 50_000, 15_000, 2, 0),
                new TimelineBucket("a", T0.plusSeconds(60), 50_000, 5_000, 0, 1));
    }

    @Test
    void removingFootageTakesClipsEventsAndTracksOfOneCameraOrAllBeforeATime() {
        long day = 86_400;
        store.addClips(List.of(clip("a0", "a", 0, 10), clip("a1", "a", day, day + 10), clip("b0", "b", 0, 10),
                clip("b2", "b", 2 * day, 2 * day + 10)));
        store.putMotionEvents(List.of(event("ea0", "a", 1, 2), event("eb0", "b", 1, 2), event("eb2", "b", 2 * day + 1, 2 * day + 2)));
        store.addTracks(List.of(track("ta0", "a", 1, "object", List.of(), List.of()),
                track("tb2", "b", 2 * day + 1, "object", List.of(), List.of())));

        assertThat(store.removeFootage("a", T0.plusSeconds(day))).isGreaterThanOrEqualTo(3);
        assertThat(store.oldestClips("/x/", 10)).extracting(Clip::id).containsExactly("b0", "a1", "b2");
        assertThat(store.track("ta0")).isEmpty();

        store.removeFootage(null, T0.plusSeconds(2 * day));
        assertThat(store.oldestClips("/x/", 10)).extracting(Clip::id).containsExactly("b2");
        assertThat(store.search(new SearchQuery(T0.minusSeconds(day), T0.plusSeconds(3 * day), SearchArea.EVERYWHERE, 10, null))
                .hits()).extracting(SearchHit::id).containsExactly("eb2");
        assertThat(store.track("tb2")).isPresent();
    }

    @Test
    void tokensAreFoundByTheirHashOnlyAndRevokedAtOnce() {
        Tokens tokens = new Tokens(store, Clock.systemUTC());
        Tokens.Issued issued = tokens.issue("duty desk", Role.OPERATOR, List.of("3402"), List.of("cam-9"), null);
        assertThat(issued.record().secretHash()).doesNotContain(issued.token());
        assertThat(tokens.check(issued.token())).map(TokenRecord::name).hasValue("duty desk");
        assertThat(tokens.check(issued.token()).orElseThrow().regions()).containsExactly("3402");
        assertThat(tokens.check(issued.token() + "x")).isEmpty();
        assertThat(store.tokens()).extracting(TokenRecord::id).contains(issued.record().id());
        assertThat(store.revokeToken(issued.record().id(), T0)).isTrue();
        assertThat(tokens.check(issued.token())).isEmpty();
        assertThat(store.revokeToken(issued.record().id(), T0)).isFalse();
    }

    @Test
    void anAuditEntryWithCharactersTheDatabaseRefusesIsWrittenAndVerifies() {
        // a NUL (PostgreSQL's text refuses it) or half a surrogate pair in what a request sent: the entry must be
        // written all the same (an asker must not keep a request off the trail by what it sends), and verify
        AuditEntry written = store.appendAudit(new AuditEvent(T0, null, null, null, "10.0.0.1", "search",
                "GET /api/search?q=a\u0000b", null, 400, "bad \ud800 value \u0000"));
        assertThat(written.event().target()).isEqualTo("GET /api/search?q=a\ufffdb");
        assertThat(written.event().detail()).isEqualTo("bad \ufffd value \ufffd");
        assertThat(store.audit(new AuditQuery(T0, T0.plusSeconds(60), null, null, null, 10, null)))
                .singleElement().satisfies(e -> assertThat(e.event().target()).isEqualTo("GET /api/search?q=a\ufffdb"));
        AuditVerifier.Result check = AuditVerifier.verify(store);
        assertThat(check.intact()).as("%s", check.problems()).isTrue();
    }

    @Test
    void anAuditEntryWithTextsLongerThanTheTrailKeepsIsWrittenCutAndVerifies() {
        // what a request sent, longer than the trail's columns hold (PostgreSQL refuses such a value outright): a camera
        // id in the path of any length, a long query; the entry is written cut, not refused, and the trail goes on
        String camera = "c".repeat(300), target = "GET /api/cameras/" + camera + "?q=" + "x".repeat(2000);
        AuditEntry written = store.appendAudit(new AuditEvent(T0, "t".repeat(40), "n".repeat(200), "r".repeat(20), "a".repeat(80),
                "camera.read" + "x".repeat(40), target, camera, 404, null));
        assertThat(written.event().cameraId()).hasSize(64).startsWith("ccc").endsWith("\u2026");
        assertThat(written.event().target()).hasSize(1024).startsWith("GET /api/cameras/ccc").endsWith("\u2026");
        assertThat(written.event().tokenId()).hasSize(32);
        assertThat(written.event().tokenName()).hasSize(128);
        assertThat(written.event().role()).hasSize(16);
        assertThat(written.event().client()).hasSize(64);
        assertThat(written.event().action()).hasSize(32);
        // a pair of UTF-16 halves (one character) is not cut in two
        String emoji = "x".repeat(62) + "\ud83d\ude00" + "y";
        AuditEntry pair = store.appendAudit(new AuditEvent(T0.plusSeconds(1), null, null, null, "10.0.0.1", "camera.read",
                "GET /api/cameras/x", emoji, 404, null));
        assertThat(pair.event().cameraId()).isEqualTo("x".repeat(62) + "\u2026");
        store.appendAudit(new AuditEvent(T0.plusSeconds(2), null, null, null, "10.0.0.1", "camera.read", "GET /api/cameras/a", "a", 404, null));
        assertThat(store.audit(new AuditQuery(T0, T0.plusSeconds(60), null, null, null, 10, null))).hasSize(3) // newest first
                .last().satisfies(e -> assertThat(e.event().cameraId()).isEqualTo(written.event().cameraId()));
        AuditVerifier.Result check = AuditVerifier.verify(store);
        assertThat(check.intact()).as("%s", check.problems()).isTrue();
    }

    @Test
    void theAuditTrailIsOneChainThatRetentionShortensFromTheStart() {
        for (int i = 0; i < 6; i++) {
            store.appendAudit(new AuditEvent(T0.plusSeconds(i * 3600L), "t1", "duty desk", "operator", "10.0.0.1",
                    i % 2 == 0 ? "search" : "media.read", "GET /api/search", i % 2 == 0 ? null : "cam-1", 200, null));
        }
        assertThat(AuditVerifier.verify(store).intact()).isTrue();
        assertThat(store.audit(new AuditQuery(T0, T0.plusSeconds(86_400), "duty desk", "search", null, 10, null)))
                .extracting(AuditEntry::seq).containsExactly(5L, 3L, 1L);
        assertThat(store.audit(new AuditQuery(T0, T0.plusSeconds(86_400), null, null, "cam-1", 2, null)))
                .extracting(AuditEntry::seq).containsExactly(6L, 4L);
        assertThat(store.audit(new AuditQuery(T0, T0.plusSeconds(86_400), null, null, null, 10, 3L)))
                .extracting(AuditEntry::seq).containsExactly(2L, 1L);
        assertThat(store.pruneAudit(T0.plusSeconds(2 * 3600L + 1))).isEqualTo(3);
        AuditVerifier.Result after = AuditVerifier.verify(store);
        assertThat(after.intact()).as("%s", after.problems()).isTrue();
        assertThat(after.checked()).isEqualTo(3);
        store.appendAudit(new AuditEvent(T0.plusSeconds(7 * 3600L), "t1", "duty desk", "operator", "10.0.0.1", "search",
                "GET /api/search", null, 200, null));
        assertThat(AuditVerifier.verify(store).intact()).isTrue();
        assertThat(store.auditHead().seq()).isEqualTo(7);
    }

    @Test
    void entriesAppendedWhileTheTrailIsVerifiedAreNotABreak() {
        for (int i = 0; i < 3; i++) store.appendAudit(searchAt(i));
        // requests audited between the verifier's read of the head and its read of the entries
        CatalogStore appendingMeanwhile = (CatalogStore) Proxy.newProxyInstance(CatalogStore.class.getClassLoader(),
                new Class<?>[] {CatalogStore.class}, new InvocationHandler() {
                    boolean first = true;

                    @Override
                    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                        Object result = method.invoke(store, args);
                        if (method.getName().equals("auditHead") && first) {
                            first = false;
                            store.appendAudit(searchAt(3));
                            store.appendAudit(searchAt(4));
                        }
                        return result;
                    }
                });
        AuditVerifier.Result result = AuditVerifier.verify(appendingMeanwhile);
        assertThat(result.intact()).as("%s", result.problems()).isTrue();
        assertThat(result.checked()).isEqualTo(3);
        assertThat(AuditVerifier.verify(store).checked()).isEqualTo(5);
    }

    @Test
    void noAuditEntryIsLostWhileTheCatalogIsWrittenAtTheSameTime() throws Exception {
        store.addCamera(camera("cam-w", "3401", null, null));
        int entries = 150;
        java.util.concurrent.atomic.AtomicBoolean auditing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        // a camera's analysis writing motion and tracks while requests are audited, as on a node
        Thread catalogWrites = new Thread(() -> {
            for (int i = 0; auditing.get(); i++) {
                store.putMotionEvent(event("ev" + i, "cam-w", i, i + 1));
                store.addTracks(List.of(track("tw" + i, "cam-w", i, "person", List.of(), List.of())));
                written.incrementAndGet();
            }
        });
        catalogWrites.start();
        List<Throwable> failures = new ArrayList<>();
        try {
            for (int i = 0; i < entries; i++) {
                try {
                    store.appendAudit(searchAt(i));
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        } finally {
            auditing.set(false);
            catalogWrites.join();
        }
        assertThat(failures).as("appends that failed while tracks were written").isEmpty();
        assertThat(written.get()).as("catalog writes meanwhile").isPositive();
        assertThat(store.auditHead().seq()).isEqualTo(entries);
        assertThat(AuditVerifier.verify(store).intact()).isTrue();
    }

    private static AuditEvent searchAt(int hour) {
        return new AuditEvent(T0.plusSeconds(hour * 3600L), "t1", "duty desk", "operator", "10.0.0.1", "search",
                "GET /api/search", null, 200, null);
    }
}
