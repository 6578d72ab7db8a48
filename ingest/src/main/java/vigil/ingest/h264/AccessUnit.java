package vigil.ingest.h264;

/**
 * One coded picture of H.264 in Annex B form (start code before every NAL unit).
 *
 * @param annexB        the NAL units, each preceded by 00 00 00 01; the array belongs to the access unit and is
 *                      never changed after construction
 * @param rtpTimestamp  unwrapped 90 kHz media time
 * @param captureTimeMs wall-clock capture time, UTC epoch ms
 * @param keyframe      true if it holds an IDR slice
 * @param damaged       true if packets of it were lost; decoders may still conceal, recorders keep it
 */
public record AccessUnit(byte[] annexB, long rtpTimestamp, long captureTimeMs, boolean keyframe, boolean damaged) {
}
