package vigil.catalog.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import vigil.catalog.store.Clip;

/**
 * An HLS media playlist (RFC 8216, version 7) over recorded fMP4 segments, each served by byte range from its
 * clip's media URL: the file's {@code ftyp}+{@code moov} as {@code EXT-X-MAP}, its fragments as the segment.
 * Every segment file starts its timestamps at zero, so each after the first follows an
 * {@code EXT-X-DISCONTINUITY} (which also marks each gap in recording); {@code EXT-X-PROGRAM-DATE-TIME} gives
 * every segment its wall-clock start.
 */
public final class HlsPlaylist {

    /** One recorded segment as the playlist names it. */
    public record Segment(String clipId, Instant start, Instant end, long initLength, long fileLength) {
    }

    private HlsPlaylist() {
    }

    /** The segment of a clip's file, or null when the file is not a fragmented MP4 this can cut. */
    public static Segment segmentOf(Clip clip, Path file) throws IOException {
        long init = Mp4Boxes.initSectionLength(file);
        long size = Files.size(file);
        if (init <= 0 || init >= size) return null;
        return new Segment(clip.id(), clip.start(), clip.end(), init, size);
    }

    /** @param grant the grant every segment URL carries (players fetch them without headers) */
    public static String render(List<Segment> segments, String grant) {
        double target = 1;
        for (Segment s : segments) target = Math.max(target, seconds(s));
        StringBuilder m3u8 = new StringBuilder(256 + segments.size() * 220)
                .append("#EXTM3U\n#EXT-X-VERSION:7\n")
                .append("#EXT-X-TARGETDURATION:").append((long) Math.ceil(target)).append('\n')
                .append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        boolean first = true;
        for (Segment s : segments) {
            String uri = "/api/clips/" + s.clipId() + "/media.mp4?grant=" + grant; // players (FFmpeg) check the extension
            if (!first) m3u8.append("#EXT-X-DISCONTINUITY\n");
            first = false;
            m3u8.append("#EXT-X-MAP:URI=\"").append(uri).append("\",BYTERANGE=\"").append(s.initLength()).append("@0\"\n")
                    .append("#EXT-X-PROGRAM-DATE-TIME:").append(s.start()).append('\n')
                    .append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", seconds(s))).append(",\n")
                    .append("#EXT-X-BYTERANGE:").append(s.fileLength() - s.initLength()).append('@').append(s.initLength()).append('\n')
                    .append(uri).append('\n');
        }
        return m3u8.append("#EXT-X-ENDLIST\n").toString();
    }

    private static double seconds(Segment s) {
        return Math.max(0.001, (s.end().toEpochMilli() - s.start().toEpochMilli()) / 1000.0);
    }
}
