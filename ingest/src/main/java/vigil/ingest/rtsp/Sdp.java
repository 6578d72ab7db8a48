package vigil.ingest.rtsp;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an SDP description (RFC 8866) that RTSP playback needs: each media section's type, payload
 * type, encoding, clock rate, format parameters and control URL.
 *
 * <p>Limits: at most {@link #MAX_BYTES} of text and {@link #MAX_MEDIA} media sections; longer input is refused.
 */
public record Sdp(String sessionControl, List<Media> media) {

    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_MEDIA = 16;

    /** One {@code m=} section. */
    public record Media(String type, int payloadType, String encoding, int clockRate, Map<String, String> fmtp,
                        String control) {

        /** Resolves this section's control attribute against the presentation's base URL (RFC 7826 C.1.1). */
        public URI controlUri(URI base, String sessionControl) {
            URI root = base;
            if (sessionControl != null && !sessionControl.equals("*")) root = resolve(base, sessionControl);
            if (control == null || control.equals("*")) return root;
            return resolve(root, control);
        }

        private static URI resolve(URI base, String control) {
            if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
                return URI.create(control);
            }
            String b = base.toString();
            return URI.create(b.endsWith("/") ? b + control : b + "/" + control);
        }
    }

    /** @throws IllegalArgumentException on text that is not SDP or exceeds the limits */
    public static Sdp parse(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("SDP is empty");
        if (text.length() > MAX_BYTES) throw new IllegalArgumentException("SDP is larger than " + MAX_BYTES + " bytes");
        if (!text.startsWith("v=")) throw new IllegalArgumentException("SDP does not start with v=");
        String sessionControl = null;
        List<Media> media = new ArrayList<>();
        MediaBuilder current = null;
        for (String rawLine : text.split("\r?\n")) {
            String line = rawLine.strip();
            if (line.length() < 2 || line.charAt(1) != '=') continue;
            char kind = line.charAt(0);
            String value = line.substring(2);
            if (kind == 'm') {
                if (current != null) media.add(current.build());
                if (media.size() >= MAX_MEDIA) throw new IllegalArgumentException("SDP has more than " + MAX_MEDIA + " media sections");
                current = new MediaBuilder(value);
            } else if (kind == 'a') {
                if (current == null) {
                    if (value.startsWith("control:")) sessionControl = value.substring(8).strip();
                } else {
                    current.attribute(value);
                }
            }
        }
        if (current != null) media.add(current.build());
        return new Sdp(sessionControl, List.copyOf(media));
    }

    /** The first video section with an encoding Vigil can ingest, if any. */
    public Media firstVideo(String encoding) {
        for (Media m : media) {
            if (m.type().equals("video") && encoding.equalsIgnoreCase(m.encoding())) return m;
        }
        return null;
    }

    private static final class MediaBuilder {
        private final String type;
        private final int payloadType;
        private String encoding;
        private int clockRate;
        private final Map<String, String> fmtp = new HashMap<>();
        private String control;

        MediaBuilder(String mLine) {
            String[] parts = mLine.split("\\s+");
            if (parts.length < 4) throw new IllegalArgumentException("SDP m= line has too few fields: " + mLine);
            type = parts[0].toLowerCase(Locale.ROOT);
            int pt;
            try {
                pt = Integer.parseInt(parts[3]);
            } catch (NumberFormatException e) {
                pt = -1;
            }
            payloadType = pt;
        }

        void attribute(String value) {
            if (value.startsWith("control:")) {
                control = value.substring(8).strip();
            } else if (value.startsWith("rtpmap:")) {
                String[] parts = value.substring(7).split("\\s+", 2);
                if (parts.length == 2 && parts[0].equals(String.valueOf(payloadType))) {
                    String[] enc = parts[1].split("/");
                    encoding = enc[0];
                    if (enc.length > 1) {
                        try {
                            clockRate = Integer.parseInt(enc[1].strip());
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("SDP rtpmap clock rate is not a number: " + value);
                        }
                    }
                }
            } else if (value.startsWith("fmtp:")) {
                String[] parts = value.substring(5).split("\\s+", 2);
                if (parts.length == 2 && parts[0].equals(String.valueOf(payloadType))) {
                    for (String param : parts[1].split(";")) {
                        int eq = param.indexOf('=');
                        if (eq > 0) fmtp.put(param.substring(0, eq).strip().toLowerCase(Locale.ROOT), param.substring(eq + 1).strip());
                    }
                }
            }
        }

        Media build() {
            return new Media(type, payloadType, encoding, clockRate, Map.copyOf(fmtp), control);
        }
    }
}
