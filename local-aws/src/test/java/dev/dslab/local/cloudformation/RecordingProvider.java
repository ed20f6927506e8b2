package dev.dslab.local.cloudformation;

import dev.dslab.local.cloudformation.provider.ProviderException;
import dev.dslab.local.cloudformation.provider.ProvisionedResource;
import dev.dslab.local.cloudformation.provider.ResourceProvider;
import dev.dslab.local.cloudformation.provider.ResourceRequest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A resource type for engine tests ("Test::Thing"): it keeps its "physical resources" in a map and
 * logs every call, so tests see the order of operations, what properties arrived and what is left.
 * Unnamed things get the physical id LogicalId-N (N counts creations of that logical id).
 * Properties: Name (replacement), Value, DelayMillis, FailOnCreate, FailOnUpdate, FailOnDelete, Tags.
 */
public final class RecordingProvider implements ResourceProvider {

    public static final String TYPE = "Test::Thing";

    public final List<String> log = new CopyOnWriteArrayList<>();
    public final Map<String, ResourceRequest> existing = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    public final AtomicInteger maxConcurrent = new AtomicInteger();
    private final Map<String, AtomicInteger> creations = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> supportedProperties() {
        return Set.of("Name", "Value", "DelayMillis", "FailOnCreate", "FailOnUpdate", "FailOnDelete", "Tags");
    }

    @Override
    public Set<String> replacementProperties() {
        return Set.of("Name");
    }

    @Override
    public String nameProperty() {
        return "Name";
    }

    @Override
    public ProvisionedResource create(ResourceRequest request) throws Exception {
        work(request);
        if (request.properties().path("FailOnCreate").asBoolean(false)) {
            log.add("create-failed " + request.logicalId());
            throw new ProviderException("Thing " + request.logicalId() + " refused to be created");
        }
        String physicalId = request.text("Name", request.logicalId() + "-"
                + creations.computeIfAbsent(request.logicalId(), id -> new AtomicInteger()).incrementAndGet());
        existing.put(physicalId, request);
        log.add("create " + request.logicalId() + " " + physicalId);
        return provisioned(physicalId, request);
    }

    @Override
    public ProvisionedResource update(ResourceRequest request, ResourceRequest previous, ProvisionedResource current)
            throws Exception {
        work(request);
        if (request.properties().path("FailOnUpdate").asBoolean(false)) {
            log.add("update-failed " + request.logicalId());
            throw new ProviderException("Thing " + request.logicalId() + " refused to be updated");
        }
        existing.put(current.physicalId(), request);
        log.add("update " + request.logicalId() + " " + current.physicalId() + " " + request.text("Value"));
        return provisioned(current.physicalId(), request);
    }

    @Override
    public void delete(ResourceRequest request, ProvisionedResource current) throws Exception {
        work(request);
        if (request.properties().path("FailOnDelete").asBoolean(false)) {
            throw new ProviderException("Thing " + request.logicalId() + " refused to be deleted");
        }
        existing.remove(current.physicalId());
        log.add("delete " + request.logicalId() + " " + current.physicalId());
    }

    private void work(ResourceRequest request) throws InterruptedException {
        int now = running.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(request.properties().path("DelayMillis").asLong(0));
        } finally {
            running.decrementAndGet();
        }
    }

    private static ProvisionedResource provisioned(String physicalId, ResourceRequest request) {
        return new ProvisionedResource(physicalId, Map.of("Arn", "arn:test:thing/" + physicalId,
                "Value", request.text("Value", "")));
    }

    /** The index of the first log line starting with {@code prefix}. */
    public int indexOf(String prefix) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no log line starts with '" + prefix + "' in " + log);
    }
}
