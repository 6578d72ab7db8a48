package vigil.ingest.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks a node may connect to for cameras ({@code --camera-networks 10.0.0.0/8,192.168.1.0/24}), set by an
 * admin: a camera URL whose host is outside them is refused before any connection is tried, so a node cannot be
 * used to probe other machines. Empty: any address. Thread-safe (immutable).
 */
public final class CameraNetworks {

    public static final CameraNetworks ANY = new CameraNetworks(List.of());

    private record Network(byte[] address, int prefixBits) {
        boolean contains(byte[] a) {
            if (a.length != address.length) return false;
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((a[bit / 8] & mask) != (address[bit / 8] & mask)) return false;
            }
            return true;
        }
    }

    private final List<Network> networks;
    private final String text;

    private CameraNetworks(List<Network> networks) {
        this.networks = List.copyOf(networks);
        this.text = null;
    }

    private CameraNetworks(List<Network> networks, String text) {
        this.networks = List.copyOf(networks);
        this.text = text;
    }

    /** Parses {@code a.b.c.d/n} (or an IPv6 prefix), comma-separated; blank: any. */
    public static CameraNetworks parse(String list) {
        if (list == null || list.isBlank()) return ANY;
        List<Network> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String cidr = part.strip();
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            if (!host.matches("[0-9a-fA-F.:]+")) throw new IllegalArgumentException("--camera-networks: '" + cidr + "' is not an address/prefix");
            byte[] address;
            try {
                address = InetAddress.getByName(host).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--camera-networks: '" + cidr + "' is not an address/prefix");
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--camera-networks: '" + cidr + "' has no prefix length");
                }
                if (bits < 0 || bits > address.length * 8) throw new IllegalArgumentException("--camera-networks: '" + cidr + "' has a bad prefix length");
            }
            out.add(new Network(address, bits));
        }
        return new CameraNetworks(out, list.strip());
    }

    public boolean any() {
        return networks.isEmpty();
    }

    /**
     * Why a camera at {@code host} may not be connected to, or null when it may: every address the host resolves
     * to must lie inside the networks. Blocking (a DNS lookup for a name).
     */
    public String refusal(String host) {
        if (any()) return null;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
        for (InetAddress a : addresses) {
            boolean inside = false;
            for (Network n : networks) inside |= n.contains(a.getAddress());
            if (!inside) return "host " + host + " is outside the camera networks this node may connect to (" + text + ")";
        }
        return null;
    }
}
