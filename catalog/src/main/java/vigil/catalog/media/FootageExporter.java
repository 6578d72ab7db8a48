package vigil.catalog.media;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import vigil.catalog.store.Clip;

/** Remuxes recorded footage into one MP4 without re-encoding; the node provides it (FFmpeg lives in ingest). */
@FunctionalInterface
public interface FootageExporter {

    /**
     * Writes [from, to) of one camera's clips (oldest first) to {@code out} as one fragmented MP4, starting at
     * the keyframe at or before {@code from}. Blocking; streams as it reads, holding no more than a GOP.
     *
     * @throws IOException when a clip cannot be read or {@code out} fails (the client went away)
     */
    void export(List<Clip> clips, Instant from, Instant to, OutputStream out) throws IOException;

    FootageExporter UNAVAILABLE = (clips, from, to, out) -> {
        throw new UnsupportedOperationException("this node cannot export footage");
    };
}
