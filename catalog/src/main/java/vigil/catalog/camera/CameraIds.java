package vigil.catalog.camera;

import java.util.regex.Pattern;

/** Rules for camera ids and civil codes. */
public final class CameraIds {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final Pattern GB28181 = Pattern.compile("\\d{20}");
    private static final Pattern CIVIL_CODE = Pattern.compile("\\d{2,12}");

    private CameraIds() {
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static boolean isGb28181(String id) {
        return id != null && GB28181.matcher(id).matches();
    }

    public static boolean isValidCivilCode(String code) {
        return code != null && CIVIL_CODE.matcher(code).matches();
    }

    /** The civil code in a GB/T 28181 id: its first eight digits (province, city, county, basic unit). */
    public static String civilCodeOf(String gbId) {
        return gbId.substring(0, 8);
    }
}
