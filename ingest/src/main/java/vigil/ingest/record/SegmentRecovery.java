package vigil.ingest.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.catalog.store.CatalogStore;
import vigil.catalog.store.Clip;
import vigil.catalog.camera.CameraIds;

/**
 * Finds segment files that a node wrote but never catalogued (it stopped mid-segment: crash, power loss) and
 * catalogues them, reading their real duration back from the file. Fragmented MP4 keeps every finished
 * fragment playable, so such footage is kept rather than lost. Runs once at node start, before ingest.
 */
public final class SegmentRecovery {

    private static final Logger log = LoggerFactory.getLogger(SegmentRecovery.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH-mm-ss.SSS");

    private SegmentRecovery() {
    }

    /** @return the clips catalogued */
    public static List<Clip> recover(Path segmentsRoot, CatalogStore store) {
        List<Clip> recovered = new ArrayList<>();
        if (!Files.isDirectory(segmentsRoot)) return recovered;
        try (Stream<Path> cameras = Files.list(segmentsRoot)) {
            for (Path cameraDir : cameras.filter(Files::isDirectory).toList()) {
                String cameraId = cameraDir.getFileName().toString();
                if (!CameraIds.isValidId(cameraId)) {
                    log.warn("segment recovery: {} is not named like a camera; left alone", cameraDir);
                    continue;
                }
                Set<String> known = new HashSet<>();
                for (Clip c : store.clips(cameraId, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), Integer.MAX_VALUE)) {
                    known.add(Path.of(c.path()).toAbsolutePath().normalize().toString());
                }
                try (Stream<Path> files = Files.walk(cameraDir, 2)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".mp4")).toList()) {
                        String abs = f.toAbsolutePath().normalize().toString();
                        if (known.contains(abs)) continue;
                        Clip clip = catalogue(cameraId, f);
                        if (clip != null) {
                            store.addClip(clip);
                            recovered.add(clip);
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.error("segment recovery: cannot list {}", segmentsRoot, e);
        }
        if (!recovered.isEmpty()) log.info("segment recovery: catalogued {} segment(s) left by an earlier run", recovered.size());
        return recovered;
    }

    private static Clip catalogue(String cameraId, Path file) {
        Instant start;
        try {
            LocalDate day = LocalDate.parse(file.getParent().getFileName().toString());
            String name = file.getFileName().toString();
            LocalTime time = LocalTime.parse(name.substring(0, name.length() - 4), TIME);
            start = day.atTime(time).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            log.warn("segment recovery: {} is not named like a segment; left alone", file);
            return null;
        }
        try {
            MediaProbe probe = MediaProbe.of(file.toString());
            if (probe.frames() == 0) {
                log.warn("segment recovery: {} holds no frames; left alone", file);
                return null;
            }
            long spanMs = Math.max(1, Math.round(probe.spanSeconds() * 1000));
            return new Clip(UUID.randomUUID().toString(), cameraId, start, start.plusMillis(spanMs),
                    file.toAbsolutePath().toString(), Files.size(file), probe.codec(), probe.width(), probe.height());
        } catch (IOException | RuntimeException e) {
            log.warn("segment recovery: {} cannot be read back ({}); left alone", file, e.getMessage());
            return null;
        }
    }
}
