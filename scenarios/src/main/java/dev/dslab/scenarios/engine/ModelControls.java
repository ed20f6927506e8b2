package dev.dslab.scenarios.engine;

import java.util.Map;

/**
 * The local target's model controls (replication lag, faults, S3 consistency mode), by control path such
 * as "dynamodb/replication", "dynamodb/fault" or "s3/consistency". Only the local target has them; on a
 * real account the experiment observes the service itself.
 */
public interface ModelControls {

    Map<String, Object> read(String control);

    /** Changes some settings of a control and returns all of them as they are now. */
    Map<String, Object> change(String control, Map<String, Object> settings);
}
