package vigil.ingest.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import vigil.ingest.sim.EncodedLoop;
import vigil.ingest.sim.TestMedia;

class SpsInfoTest {

    @Test
    void readsThePictureSizeOfAnEncodedStream() {
        EncodedLoop loop = TestMedia.small(50, 1);
        SpsInfo info = SpsInfo.parse(loop.sps());
        assertThat(info.width()).isEqualTo(320);
        assertThat(info.height()).isEqualTo(240);
    }

    @Test
    void readsACroppedHighProfile1080pSps() {
        // x264 1920x1080 High profile: 1088 coded rows cropped to 1080
        byte[] sps = Base64.getDecoder().decode("Z2QAKKzZQHgCJ+XARAAAAwAEAAADAMg8YMZY");
        SpsInfo info = SpsInfo.parse(sps);
        assertThat(info.profileIdc()).isEqualTo(100);
        assertThat(info.width()).isEqualTo(1920);
        assertThat(info.height()).isEqualTo(1080);
    }

    @Test
    void truncatedSpsIsAnErrorNotAGuess() {
        byte[] sps = {0x67, 0x42, 0x00, 0x1e};
        assertThatThrownBy(() -> SpsInfo.parse(sps)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpsInfo.parse(new byte[] {0x68, 1, 2, 3})).hasMessageContaining("not an SPS");
    }
}
