package vigil.ingest.node;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import vigil.ingest.sim.SimulatedCamera;

/**
 * The node and simulated cameras a test starts, stopped after it (the node first, so that it does not see its
 * cameras vanish): {@code @RegisterExtension final LiveSite site = new LiveSite();}.
 */
final class LiveSite implements AfterEachCallback {

    private final List<SimulatedCamera> cameras = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();

    /** {@code camera}, started on a free loopback port. */
    SimulatedCamera camera(SimulatedCamera camera) {
        cameras.add(camera);
        return camera.start(0);
    }

    Node node(NodeSettings settings) {
        Node node = Node.start(settings);
        nodes.add(node);
        return node;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        nodes.forEach(Node::close);
        cameras.forEach(SimulatedCamera::close);
    }
}
