package vigil.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SdpTest {

    // As sent by a common IP camera: session-level control, audio and video, relative track controls.
    private static final String CAMERA = String.join("\r\n",
            "v=0",
            "o=- 1700000000 1 IN IP4 192.168.1.64",
            "s=Media Presentation",
            "c=IN IP4 0.0.0.0",
            "t=0 0",
            "a=control:*",
            "m=audio 0 RTP/AVP 0",
            "a=rtpmap:0 PCMU/8000",
            "a=control:trackID=2",
            "m=video 0 RTP/AVP 96",
            "a=rtpmap:96 H264/90000",
            "a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z00AKZpkA8ARPyzUBAQFAAADA+gAAOpgBA==,aO48gA==",
            "a=control:trackID=1", "");

    @Test
    void findsTheH264TrackAndItsParameters() {
        Sdp sdp = Sdp.parse(CAMERA);
        assertThat(sdp.media()).hasSize(2);
        Sdp.Media video = sdp.firstVideo("H264");
        assertThat(video.payloadType()).isEqualTo(96);
        assertThat(video.clockRate()).isEqualTo(90000);
        assertThat(video.fmtp()).containsEntry("packetization-mode", "1")
                .containsEntry("sprop-parameter-sets", "Z00AKZpkA8ARPyzUBAQFAAADA+gAAOpgBA==,aO48gA==");
        assertThat(video.controlUri(URI.create("rtsp://cam/Streaming/101/"), sdp.sessionControl()))
                .isEqualTo(URI.create("rtsp://cam/Streaming/101/trackID=1"));
    }

    @Test
    void absoluteControlUrlsAreKept() {
        Sdp sdp = Sdp.parse("v=0\nm=video 0 RTP/AVP 97\na=rtpmap:97 H264/90000\na=control:rtsp://10.0.0.2/live/track0\n");
        assertThat(sdp.firstVideo("H264").controlUri(URI.create("rtsp://cam/x"), null))
                .isEqualTo(URI.create("rtsp://10.0.0.2/live/track0"));
    }

    @Test
    void refusesWhatIsNotSdp() {
        assertThatThrownBy(() -> Sdp.parse("<html>")).hasMessageContaining("v=");
        assertThatThrownBy(() -> Sdp.parse("v=0\n" + "m=video 0 RTP/AVP 96\n".repeat(20))).hasMessageContaining("media sections");
        assertThatThrownBy(() -> Sdp.parse("v=0\nm=video\n")).hasMessageContaining("m= line");
    }
}
