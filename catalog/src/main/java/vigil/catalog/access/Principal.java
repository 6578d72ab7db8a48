package vigil.catalog.access;

import java.util.List;

/**
 * Who is asking: the token that authenticated the request, its role and scope. A scoped principal (regions or
 * cameras) sees only the cameras in its scope: a camera is in when it is listed or its civil code starts with
 * one of the regions.
 *
 * @param grantOnly true when the request came with a playback grant instead of the token itself
 */
public record Principal(String tokenId, String tokenName, Role role, List<String> regions, List<String> cameras,
                        boolean grantOnly) {

    public Principal {
        regions = List.copyOf(regions);
        cameras = List.copyOf(cameras);
    }

    public boolean scoped() {
        return !regions.isEmpty() || !cameras.isEmpty();
    }

    /** Whether this principal may see camera {@code id} with civil code {@code civilCode} (possibly null). */
    public boolean sees(String id, String civilCode) {
        if (!scoped()) return true;
        if (cameras.contains(id)) return true;
        if (civilCode == null) return false;
        for (String prefix : regions) if (civilCode.startsWith(prefix)) return true;
        return false;
    }
}
