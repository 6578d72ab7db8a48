package vigil.catalog.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceUrlTest {

    @Test
    void credentialsAreKeptForIngestButRedactedEverywhereElse() {
        SourceUrl url = SourceUrl.parse("rtsp://admin:s%40cret@10.0.0.5:554/Streaming/Channels/101?transport=tcp");
        assertThat(url.redacted()).isEqualTo("rtsp://***@10.0.0.5:554/Streaming/Channels/101?transport=tcp");
        assertThat(url.toString()).doesNotContain("cret");
        assertThat(url.withoutCredentials()).isEqualTo("rtsp://10.0.0.5:554/Streaming/Channels/101?transport=tcp");
        assertThat(url.withCredentials().toString()).isEqualTo("rtsp://admin:s%40cret@10.0.0.5:554/Streaming/Channels/101?transport=tcp");
        assertThat(SourceUrl.of(url.rawUserInfo(), url.withoutCredentials())).isEqualTo(url);
    }

    @Test
    void urlWithoutCredentialsIsShownAsIs() {
        assertThat(SourceUrl.parse("rtsp://cam.local/live").redacted()).isEqualTo("rtsp://cam.local/live");
    }

    @Test
    void rejectsWhatIsNotAnRtspUrlWithoutEchoingIt() {
        assertThatThrownBy(() -> SourceUrl.parse("http://user:pw@host/x")).hasMessage("must be an rtsp:// URL");
        assertThatThrownBy(() -> SourceUrl.parse("rtsp:///nohost")).hasMessage("has no host");
        assertThatThrownBy(() -> SourceUrl.parse("rtsp://u:p w@host/x")).hasMessageNotContaining("p w");
        assertThatThrownBy(() -> SourceUrl.parse("")).hasMessage("is required");
    }

    @Test
    void gbIdsCarryTheirCivilCode() {
        assertThat(CameraIds.isGb28181("34020000001320000001")).isTrue();
        assertThat(CameraIds.civilCodeOf("34020000001320000001")).isEqualTo("34020000");
        assertThat(CameraIds.isValidId("cam 1")).isFalse();
        assertThat(CameraIds.isValidId("cam-1.north_2~")).isTrue();
    }

    @Test
    void passwordsInTheQueryStringAreSealedLikeUserInfo() {
        SourceUrl url = SourceUrl.parse("rtsp://10.0.0.7/cam/realmonitor?channel=1&user=admin&password=Hunter2!&subtype=0");
        assertThat(url.redacted()).isEqualTo("rtsp://10.0.0.7/cam/realmonitor?channel=1&user=admin&password=***&subtype=0");
        assertThat(url.withoutCredentials()).doesNotContain("Hunter2");
        assertThat(url.sealed()).contains("Hunter2");
        assertThat(url.withCredentials().toString())
                .isEqualTo("rtsp://10.0.0.7/cam/realmonitor?channel=1&user=admin&password=Hunter2!&subtype=0");
        SourceUrl back = SourceUrl.fromSealed(url.sealed(), url.withoutCredentials());
        assertThat(back).isEqualTo(url);
        assertThat(back.withCredentials()).isEqualTo(url.withCredentials());
        // both at once, and the old stored form (user-info alone) still reads
        SourceUrl both = SourceUrl.parse("rtsp://u:p@cam/x?PWD=s3");
        assertThat(both.redacted()).isEqualTo("rtsp://***@cam/x?PWD=***");
        assertThat(SourceUrl.fromSealed(both.sealed(), both.withoutCredentials()).withCredentials().toString())
                .isEqualTo("rtsp://u:p@cam/x?PWD=s3");
        assertThat(SourceUrl.fromSealed("u:p", "rtsp://cam/x").withCredentials().toString()).isEqualTo("rtsp://u:p@cam/x");
        assertThat(SourceUrl.parse("rtsp://cam/x?channel=1").sealed()).isNull();
    }
}
