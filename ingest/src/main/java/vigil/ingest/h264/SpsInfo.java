package vigil.ingest.h264;

/**
 * What Vigil needs from a sequence parameter set: the picture size and profile. Parses only as far as the
 * frame cropping fields (ITU-T H.264 7.3.2.1.1).
 */
public record SpsInfo(int profileIdc, int levelIdc, int width, int height) {

    private static final int MAX_DIMENSION = 16384;

    /** @throws IllegalArgumentException if the SPS is truncated or describes an impossible picture */
    public static SpsInfo parse(byte[] spsNal) {
        if (spsNal.length < 4 || NalUnits.type(spsNal[0]) != NalUnits.SPS) {
            throw new IllegalArgumentException("not an SPS NAL unit");
        }
        BitReader r = new BitReader(NalUnits.unescape(spsNal), 1);
        int profile = r.bits(8);
        r.bits(8); // constraint flags
        int level = r.bits(8);
        r.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> {
                chromaFormat = r.ue();
                if (chromaFormat == 3) r.bits(1);
                r.ue(); // bit_depth_luma_minus8
                r.ue(); // bit_depth_chroma_minus8
                r.bits(1); // qpprime_y_zero_transform_bypass_flag
                if (r.bits(1) == 1) {
                    int lists = chromaFormat != 3 ? 8 : 12;
                    for (int i = 0; i < lists; i++) {
                        if (r.bits(1) == 1) skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
            default -> { }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue();
        } else if (pocType == 1) {
            r.bits(1);
            r.se();
            r.se();
            int n = r.ue();
            if (n > 255) throw new IllegalArgumentException("SPS num_ref_frames_in_pic_order_cnt_cycle " + n);
            for (int i = 0; i < n; i++) r.se();
        }
        r.ue(); // max_num_ref_frames
        r.bits(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        int frameMbsOnly = r.bits(1);
        if (frameMbsOnly == 0) r.bits(1);
        r.bits(1); // direct_8x8_inference_flag
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.bits(1) == 1) {
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        int cropUnitX = (chromaFormat == 0 || chromaFormat == 3) ? 1 : 2;
        int cropUnitY = (chromaFormat == 1 ? 2 : 1) * (2 - frameMbsOnly);
        if (chromaFormat == 0) cropUnitY = 2 - frameMbsOnly;
        long width = widthMbs * 16L - (long) (cropLeft + cropRight) * cropUnitX;
        long height = (2L - frameMbsOnly) * heightMapUnits * 16 - (long) (cropTop + cropBottom) * cropUnitY;
        if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new IllegalArgumentException("SPS describes a " + width + "x" + height + " picture");
        }
        return new SpsInfo(profile, level, (int) width, (int) height);
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8, next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) next = (last + r.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /** Reads bits MSB first; running past the end is an error, not zeros. */
    private static final class BitReader {
        private final byte[] data;
        private long pos;

        BitReader(byte[] data, int byteOffset) {
            this.data = data;
            this.pos = byteOffset * 8L;
        }

        int bits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                if (pos >= data.length * 8L) throw new IllegalArgumentException("SPS is truncated");
                int bit = (data[(int) (pos >> 3)] >> (7 - (pos & 7))) & 1;
                v = (v << 1) | bit;
                pos++;
            }
            return v;
        }

        int ue() {
            int zeros = 0;
            while (bits(1) == 0) {
                if (++zeros > 31) throw new IllegalArgumentException("SPS has an invalid Exp-Golomb code");
            }
            return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : bits(zeros) & 0xFFFFFFFFL));
        }

        int se() {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
