package vigil.ingest.h264;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** H.264 NAL unit types and Annex B helpers (ITU-T H.264 table 7-1). */
public final class NalUnits {

    public static final int SLICE = 1;
    public static final int IDR = 5;
    public static final int SEI = 6;
    public static final int SPS = 7;
    public static final int PPS = 8;
    public static final int AUD = 9;

    static final byte[] START_CODE = {0, 0, 0, 1};

    private NalUnits() {
    }

    public static int type(byte header) {
        return header & 0x1F;
    }

    /** Appends one NAL unit with a four-byte start code. */
    public static void appendAnnexB(ByteArrayOutputStream out, byte[] nal, int offset, int length) {
        out.write(START_CODE, 0, 4);
        out.write(nal, offset, length);
    }

    /** Splits an Annex B stream into NAL units (without start codes). */
    public static List<byte[]> split(byte[] annexB) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        int n = annexB.length;
        int start = -1;
        while (i + 2 < n) {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
                if (start >= 0) out.add(trimmed(annexB, start, i));
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < n) out.add(trimmed(annexB, start, n));
        return out;
    }

    private static byte[] trimmed(byte[] data, int from, int to) {
        int end = to;
        while (end > from && data[end - 1] == 0) end--; // zero byte of the next four-byte start code
        byte[] nal = new byte[end - from];
        System.arraycopy(data, from, nal, 0, nal.length);
        return nal;
    }

    /** Concatenates NAL units into Annex B. */
    public static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) appendAnnexB(out, nal, 0, nal.length);
        return out.toByteArray();
    }

    /** Removes emulation-prevention bytes (00 00 03 → 00 00). */
    static byte[] unescape(byte[] nal) {
        byte[] out = new byte[nal.length];
        int o = 0;
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[o++] = b;
        }
        return java.util.Arrays.copyOf(out, o);
    }
}
